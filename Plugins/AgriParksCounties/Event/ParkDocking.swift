import Foundation
import RoadshowKernel

/// On-site docking in a park or county (园区、县域现场对接, 002 §二(六)2): holders present their
/// technologies at an agricultural S&T park, innovative county or key assistance county; parks,
/// leading enterprises and the S&T commissioner groups (科技特派团) ask questions; a visit to the
/// demonstration base follows; the day ends with one-to-one docking.
///
/// Invitations go to the parks of the served provinces and to their leading enterprises whose
/// industry matches a selected technology's, written to `docking-invitations.csv` with the reason.
public struct ParkDocking: EventFormat {
  public static let description = PluginDescription(
    id: "agriculture.park_docking", kind: .event, track: "agriculture",
    title: LocalizedText(zh: "园区现场对接", en: "Park docking"),
    summary: LocalizedText(
      zh: "在农业科技园区或县域举办现场对接：成果推介、园区企业问答、示范基地观摩、一对一对接，并生成邀请名单",
      en:
        "On-site docking in a park or county: pitches, Q&A with parks and firms, a demonstration-base visit, one-to-one docking, and an invitation list"
    ),
    parameters: [
      ParameterSpec(
        "venue", .text, required: true,
        doc: LocalizedText(zh: "举办地：园区或县（市）名称", en: "where it is held: the park's or county's name")),
      ParameterSpec(
        "venue_kind", .choice(["park", "county"]), default: "park",
        doc: LocalizedText(
          zh: "park：农业科技园区；county：创新型县（市）或重点帮扶县",
          en: "park: an agricultural S&T park; county: an innovative or key assistance county")),
      ParameterSpec(
        "provinces", .list(.text),
        doc: LocalizedText(
          zh: "邀请园区和企业的省份（默认为承办单位所在省份）", en: "provinces whose parks and firms are invited (default: the host's)")),
      ParameterSpec(
        "title", .text, doc: LocalizedText(zh: "活动名称（默认为活动信息中的名称）", en: "title (default: the programme name)")),
      ParameterSpec("start", .time, default: "09:00", doc: LocalizedText(zh: "开始时间", en: "start time")),
      ParameterSpec(
        "keynotes", .list(.object(Keynote.parameterSpecs(defaultMinutes: 20))),
        doc: LocalizedText(zh: "政策解读与经验分享", en: "policy briefings and experience sharing")),
      ParameterSpec(
        "pitch_minutes", .integer(3...60), default: "8", doc: LocalizedText(zh: "每项成果推介时长", en: "minutes per pitch")),
      ParameterSpec(
        "qa_minutes", .integer(0...30), default: "5", doc: LocalizedText(zh: "每项成果问答时长", en: "Q&A minutes per pitch")),
      ParameterSpec(
        "site_visit_minutes", .integer(0...480), default: "60",
        doc: LocalizedText(zh: "示范基地现场观摩时长（0 表示不安排）", en: "demonstration-base visit, minutes (0: none)")),
      ParameterSpec(
        "docking_minutes", .integer(0...480), default: "90",
        doc: LocalizedText(zh: "一对一对接时长", en: "one-to-one docking minutes")),
      ParameterSpec(
        "commissioners", .list(.text),
        doc: LocalizedText(zh: "参加的科技特派团（重点帮扶县）", en: "S&T commissioner groups taking part (key assistance counties)")),
      ParameterSpec(
        "invite_firms", .integer(0...1000), default: "30",
        doc: LocalizedText(zh: "最多邀请的龙头企业数（同产业优先）", en: "at most this many leading firms invited (same industry first)")
      ),
      ParameterSpec(
        "invitations", .outputName, default: "docking-invitations.csv",
        doc: LocalizedText(zh: "邀请名单文件名", en: "invitation list file name")),
    ],
    example: """
      - plugin: agriculture.park_docking
        name: 园区现场对接
        with:
          venue: 黑龙江绥化国家农业科技园区
          venue_kind: park
          provinces: [黑龙江]
          commissioners: [绥化市科技特派团（示例）]
          site_visit_minutes: 60
      """)

  let venue: String
  let isCounty: Bool
  let provinces: [String]
  let title: String?
  let start: Int
  let keynotes: [Keynote]
  let pitch: Int
  let qa: Int
  let siteVisit: Int
  let docking: Int
  let commissioners: [String]
  let inviteFirms: Int
  let invitations: String

  public init(parameters p: ParameterValues) throws {
    venue = p.string("venue") ?? ""
    isCounty = p.string("venue_kind") == "county"
    let listed = p.provinces("provinces")
    var problems = listed.problems
    provinces = listed.values
    title = p.string("title")
    start = p.minutes("start") ?? 540
    keynotes = Keynote.list("keynotes", in: p, defaultMinutes: 20)
    pitch = p.int("pitch_minutes") ?? 8
    qa = p.int("qa_minutes") ?? 5
    siteVisit = p.int("site_visit_minutes") ?? 60
    docking = p.int("docking_minutes") ?? 90
    commissioners = p.strings("commissioners")
    inviteFirms = p.int("invite_firms") ?? 30
    invitations = p.string("invitations") ?? "docking-invitations.csv"
    if venue.trimmingCharacters(in: .whitespaces).isEmpty {
      problems.append(p.problem("venue", LocalizedText(zh: "举办地不能为空", en: "the venue must not be empty")))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let locale = context.locale
    let zh = locale == .zhCN
    var served = provinces
    if served.isEmpty, let host = context.host.province.flatMap(Province.normalize) { served = [host] }
    let parks = context.participants.filter { $0.role == .park }
    // A typo in the park's name would send every invitation to the wrong place: refuse it.
    if !isCounty, !parks.isEmpty, !parks.contains(where: { $0.name == venue }) {
      let suggestion = Suggestions.nearest(to: venue, in: parks.map(\.name))
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "园区名单中没有「\(venue)」" + (suggestion.map { "（是否想写「\($0)」？）" } ?? ""),
          en: "no park named “\(venue)” in the park list" + (suggestion.map { " (did you mean “\($0)”?)" } ?? "")))
    }
    let invitedParks = parks.filter { served.isEmpty || served.contains($0.province ?? "") }
    let industries = Set(input.selected.compactMap { $0.achievement.attributes[AgriAxis.industry.attributeKey] })
    let firms = context.participants.filter {
      $0.role == .enterprise && (served.isEmpty || served.contains($0.province ?? ""))
    }
    let sameIndustry = firms.filter { !industries.isDisjoint(with: $0.fields) }
    let invitedFirms = Array(
      (sameIndustry + firms.filter { industries.isDisjoint(with: $0.fields) }).prefix(inviteFirms))

    var agenda = AgendaBuilder(start: start, locale: context.locale)
    agenda.add(
      10, .opening, zh ? "主办单位、\(venue)致辞" : "Welcome by the organiser and \(venue)",
      people: [context.host.name, venue])
    agenda.add(keynotes: keynotes)
    let order = input.selected.enumerated().sorted {
      ($0.element.achievement.attributes[AgriAxis.techField.attributeKey] ?? "", $0.offset)
        < ($1.element.achievement.attributes[AgriAxis.techField.attributeKey] ?? "", $1.offset)
    }.map(\.element)
    for candidate in order {
      let a = candidate.achievement
      agenda.add(pitch, .pitch, a.title, people: [a.institution ?? ""].filter { !$0.isEmpty }, achievement: a.id)
      agenda.add(
        qa, .questions, a.title, people: (zh ? ["园区", "龙头企业"] : ["parks", "leading firms"]) + commissioners,
        achievement: a.id)
    }
    agenda.add(
      siteVisit, .other, zh ? "现场观摩：\(venue)示范基地" : "Visit to the demonstration base of \(venue)",
      people: commissioners)
    agenda.add(
      docking, .oneToOne,
      zh ? "成果持有人与园区、县域、龙头企业一对一对接" : "Holders meet parks, counties and leading firms one to one",
      people: invitedParks.prefix(10).map(\.name) + invitedFirms.prefix(10).map(\.name))
    let kind = isCounty ? (zh ? "县域" : "county") : (zh ? "园区" : "park")
    let event = RoadshowEvent(
      format: Self.description.id,
      title: title ?? (zh ? "\(context.programme.name)（\(kind)现场对接）" : "\(context.programme.name) (\(kind) docking)"),
      date: context.eventDate, venue: venue, online: false, agenda: agenda.items, achievements: order.map(\.id))

    let header =
      zh ? ["名称", "类别", "省份", "产业", "邀请理由"] : ["name", "kind", "province", "industry", "why invited"]
    var rows = invitedParks.map { park -> [String] in
      [
        park.name, zh ? "农业科技园区" : "agricultural S&T park", park.province ?? "", "",
        zh ? "对接省份的国家农业科技园区" : "a national agricultural S&T park of a served province",
      ]
    }
    rows += invitedFirms.map { firm -> [String] in
      let match = !industries.isDisjoint(with: firm.fields)
      return [
        firm.name, zh ? "农业产业化龙头企业" : "leading enterprise", firm.province ?? "", firm.fields.joined(separator: "、"),
        match
          ? (zh ? "产业与推介成果相符（\(firm.fields.joined(separator: "、"))）" : "industry matches a pitched technology")
          : (zh ? "对接省份龙头企业" : "leading firm of a served province"),
      ]
    }
    rows += commissioners.map {
      [
        $0, zh ? "科技特派团" : "S&T commissioner group", "", "",
        zh ? "重点帮扶县科技特派团" : "commissioners of key assistance counties",
      ]
    }
    return EventResult(
      events: [event], artifacts: [OutputFile(name: invitations, text: CSVWriter.text(header: header, rows: rows))])
  }
}
