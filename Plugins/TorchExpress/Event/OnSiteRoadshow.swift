import Foundation
import RoadshowKernel

/// The standard on-site roadshow (现场路演) of 001 §4.8: keynote and experience sharing → holders'
/// pitches, each followed by on-site expert review and Q&A from enterprises and parks → offline
/// one-to-one docking. Times come from the config.
public struct OnSiteRoadshow: EventFormat {
  public static let description = PluginDescription(
    id: "torch.onsite_roadshow", kind: .event, track: "torch",
    title: LocalizedText(zh: "现场路演", en: "On-site roadshow"),
    summary: LocalizedText(
      zh: "标准现场路演议程：主旨演讲与经验分享→持有人路演→专家评议→企业及园区问答→一对一对接",
      en: "Standard on-site agenda: keynote, pitches, expert review, Q&A, one-to-one docking (001 §4.8)"),
    parameters: [
      ParameterSpec(
        "title", .text, doc: LocalizedText(zh: "活动名称（默认为活动信息中的名称）", en: "event title (default: the programme name)")),
      ParameterSpec("venue", .text, doc: LocalizedText(zh: "地点（默认为申报表中的地点）", en: "venue (default: the host's venue)")),
      ParameterSpec("start", .time, default: "09:00", doc: LocalizedText(zh: "开始时间", en: "start time")),
      ParameterSpec(
        "opening_minutes", .integer(0...120), default: "10",
        doc: LocalizedText(zh: "开场致辞时长（分钟）", en: "opening, minutes")),
      ParameterSpec(
        "keynotes", .list(.object(Keynote.parameterSpecs(defaultMinutes: 20))),
        doc: LocalizedText(zh: "主旨演讲与经验分享", en: "keynotes and experience sharing")),
      ParameterSpec(
        "pitch_minutes", .integer(3...60), default: "8", doc: LocalizedText(zh: "每个项目路演时长", en: "minutes per pitch")),
      ParameterSpec(
        "review_minutes", .integer(0...30), default: "3",
        doc: LocalizedText(zh: "每个项目专家评议时长", en: "expert review minutes per project")),
      ParameterSpec(
        "qa_minutes", .integer(0...30), default: "4", doc: LocalizedText(zh: "每个项目问答时长", en: "Q&A minutes per project")),
      ParameterSpec(
        "break_after", .integer(1...50), default: "8",
        doc: LocalizedText(zh: "每多少个项目后茶歇", en: "a break after this many pitches")),
      ParameterSpec(
        "break_minutes", .integer(0...60), default: "15", doc: LocalizedText(zh: "茶歇时长", en: "break minutes")),
      ParameterSpec(
        "docking_minutes", .integer(0...480), default: "90",
        doc: LocalizedText(zh: "一对一对接时长", en: "one-to-one docking minutes")),
      ParameterSpec(
        "experts", .file,
        doc: LocalizedText(zh: "评议专家（CSV：姓名、单位、领域）", en: "review experts (CSV: name, organisation, fields)")),
      ParameterSpec(
        "experts_per_review", .integer(1...9), default: "3",
        doc: LocalizedText(zh: "每场评议专家人数", en: "experts per review")),
      .encoding,
    ],
    example: """
      - plugin: torch.onsite_roadshow
        with:
          start: "09:00"
          keynotes:
            - {speaker: 火炬中心代表, topic: 科技成果转化政策解读, minutes: 20}
          pitch_minutes: 8
          experts: data/experts.csv
      """)

  let title: String?
  let venue: String?
  let start: Int
  let opening: Int
  let keynotes: [Keynote]
  let pitch: Int
  let review: Int
  let qa: Int
  let breakAfter: Int
  let breakMinutes: Int
  let docking: Int
  let expertsFile: URL?
  let expertsName: String?
  let expertsPerReview: Int

  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    title = p.string("title")
    venue = p.string("venue")
    start = p.minutes("start") ?? 540
    opening = p.int("opening_minutes") ?? 10
    keynotes = Keynote.list("keynotes", in: p, defaultMinutes: 20)
    pitch = p.int("pitch_minutes") ?? 8
    review = p.int("review_minutes") ?? 3
    qa = p.int("qa_minutes") ?? 4
    breakAfter = p.int("break_after") ?? 8
    breakMinutes = p.int("break_minutes") ?? 15
    docking = p.int("docking_minutes") ?? 90
    expertsFile = p.url("experts")
    expertsName = p.string("experts")
    expertsPerReview = p.int("experts_per_review") ?? 3
  }

  public var plannedSlot: EventSlot? {
    EventSlot(
      date: nil, venue: venue, start: start, minutes: opening + keynotes.reduce(0) { $0 + $1.minutes } + docking)
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let locale = context.locale
    let experts = try readExperts(context)
    var agenda = AgendaBuilder(start: start, locale: locale)
    agenda.add(
      opening, .opening, locale == .zhCN ? "主办及承办单位致辞" : "Welcome by organiser and host", people: [context.host.name])
    agenda.add(keynotes: keynotes)
    // Pitches grouped by field keep each panel of experts on its subject.
    let order = input.selected.enumerated().sorted {
      ($0.element.achievement.field ?? "", $0.offset) < ($1.element.achievement.field ?? "", $1.offset)
    }.map(\.element)
    for (index, candidate) in order.enumerated() {
      let a = candidate.achievement
      // A pitch, its review and its Q&A stay together; lunch, when due, replaces the tea break.
      let group = pitch + review + qa
      if index > 0, index % breakAfter == 0, !agenda.lunchIfDue(before: breakMinutes + group) {
        agenda.add(breakMinutes, .break, locale == .zhCN ? "茶歇" : "Break")
      }
      agenda.lunchIfDue(before: group)
      agenda.add(pitch, .pitch, a.title, people: [a.institution ?? ""].filter { !$0.isEmpty }, achievement: a.id)
      agenda.add(review, .expertReview, a.title, people: panel(for: a, from: experts), achievement: a.id)
      agenda.add(qa, .questions, a.title, people: Self.askers(for: candidate, locale: locale), achievement: a.id)
    }
    agenda.add(
      docking, .oneToOne,
      locale == .zhCN ? "项目持有人与企业、园区、投资机构一对一洽谈" : "Holders meet enterprises, parks and investors one to one",
      people: input.selected.flatMap { $0.interest.filter { $0.level >= .medium }.map(\.enterprise) }.uniqued())
    let event = RoadshowEvent(
      format: Self.description.id, title: title ?? context.programme.name, date: context.eventDate,
      venue: venue ?? context.host.venue, online: false, agenda: agenda.items, achievements: order.map(\.id))
    return EventResult(events: [event])
  }

  /// Who asks at a project's Q&A: the enterprises that said they are interested in it, most
  /// interested first, else the enterprises and parks present.
  static func askers(for candidate: Candidate, locale: ReportLocale) -> [String] {
    let interested = candidate.interest.filter { $0.level >= .low }.sorted { $0.level > $1.level }.map(\.enterprise)
      .uniqued()
    if !interested.isEmpty { return interested }
    return [locale == .zhCN ? "到场企业及园区代表" : "enterprises and parks present"]
  }

  /// Experts whose fields match the project's first, then the rest, in file order.
  private func panel(for achievement: Achievement, from experts: [(name: String, fields: [String])]) -> [String] {
    guard !experts.isEmpty else { return [] }
    let field = achievement.field ?? ""
    let text = achievement.title + field
    let matching = experts.filter { expert in
      expert.fields.contains { !$0.isEmpty && (field == $0 || text.contains($0)) }
    }
    let others = experts.filter { expert in !matching.contains(where: { $0.name == expert.name }) }
    return Array((matching + others).prefix(expertsPerReview).map(\.name))
  }

  private func readExperts(_ context: PipelineContext) throws -> [(name: String, fields: [String])] {
    guard let expertsFile else { return [] }
    let table = try CSVTable.read(expertsFile, displayName: expertsName, encoding: encoding)
    context.warn(.event, table.warnings)
    return table.rows.compactMap { row in
      guard let name = row.fields.first?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
      let organisation = row.fields.count > 1 ? row.fields[1].trimmingCharacters(in: .whitespaces) : ""
      let fields =
        row.fields.count > 2 ? row.fields[2].split(whereSeparator: { ";；、".contains($0) }).map(String.init) : []
      let label = context.locale == .zhCN ? "\(name)（\(organisation)）" : "\(name) (\(organisation))"
      return (organisation.isEmpty ? name : label, fields)
    }
  }
}
