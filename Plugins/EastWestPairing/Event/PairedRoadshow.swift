import Foundation
import RoadshowKernel

/// The paired roadshow (结对路演): a source-side host (where the achievements come from) and a
/// destination-side host (where the capital and industry are, for flow A, or where the
/// achievements land, for flow B) hold one roadshow in two venues — one on site, the other linked
/// online. Pitches are grouped by flow and pair; questions come from the enterprises of both sides;
/// one-to-one docking runs across the link.
public struct PairedRoadshow: EventFormat {
  static let sideSpecs: [ParameterSpec] = [
    ParameterSpec("host", .text, required: true, doc: LocalizedText(zh: "该侧承办单位", en: "the side's host")),
    ParameterSpec("venue", .text, required: true, doc: LocalizedText(zh: "该侧会场", en: "the side's venue")),
  ]

  public static let description = PluginDescription(
    id: "east_west.paired_roadshow", kind: .event, track: "east_west",
    title: LocalizedText(zh: "两地结对路演", en: "Paired roadshow"),
    summary: LocalizedText(
      zh: "两地结对路演：成果来源地与承接地各设承办单位和会场，一地现场、一地线上连线，两地企业问答和一对一对接",
      en: "A paired roadshow with a source-side and a destination-side host: one venue on site, the other linked online"
    ),
    parameters: [
      ParameterSpec(
        "source", .object(sideSpecs), required: true,
        doc: LocalizedText(zh: "成果来源地一侧", en: "the side the achievements come from")),
      ParameterSpec(
        "destination", .object(sideSpecs), required: true,
        doc: LocalizedText(
          zh: "承接地一侧（流向A为资本和产业方，流向B为落地地）",
          en: "the receiving side (capital and industry for flow A, landing place for flow B)")),
      ParameterSpec(
        "onsite", .choice(["source", "destination"]), default: "destination",
        doc: LocalizedText(zh: "哪一侧为现场会场（另一侧线上连线）", en: "which side holds the on-site venue (the other links online)")),
      ParameterSpec(
        "link", .text,
        doc: LocalizedText(
          zh: "两地连线方式或平台（默认：视频连线）", en: "how the venues are linked (default: video link, 视频连线 in Chinese)")),
      ParameterSpec(
        "pairs", .list(.text),
        doc: LocalizedText(
          zh: "只路演这些结对的成果（默认为全部入选成果）", en: "pitch only these pairs' projects (default: every selected one)")),
      ParameterSpec(
        "flows", .list(.choice(CrossRegionFlow.allCases.map(\.rawValue))),
        doc: LocalizedText(zh: "只路演这些流向的成果（默认为全部）", en: "pitch only these flows' projects (default: all)")),
      ParameterSpec("title", .text, doc: LocalizedText(zh: "活动名称", en: "title")),
      ParameterSpec(
        "date", .date,
        doc: LocalizedText(
          zh: "日期（默认为配置的 event_date；同日同地的两场结对路演会被报告为冲突）",
          en:
            "date (default: the config's event_date; two paired roadshows at one venue on one day are reported as a conflict)"
        )),
      ParameterSpec("start", .time, default: "09:00", doc: LocalizedText(zh: "开始时间", en: "start time")),
      ParameterSpec(
        "keynotes", .list(.object(Keynote.parameterSpecs(defaultMinutes: 20))),
        doc: LocalizedText(zh: "主旨演讲与经验分享", en: "keynotes and experience sharing")),
      ParameterSpec(
        "pitch_minutes", .integer(3...60), default: "8", doc: LocalizedText(zh: "每个项目路演时长", en: "minutes per pitch")),
      ParameterSpec(
        "review_minutes", .integer(0...30), default: "3",
        doc: LocalizedText(zh: "每个项目专家评议时长", en: "expert review minutes per project")),
      ParameterSpec(
        "qa_minutes", .integer(0...30), default: "5",
        doc: LocalizedText(zh: "每个项目两地问答时长", en: "Q&A minutes per project, both venues")),
      ParameterSpec(
        "docking_minutes", .integer(0...480), default: "90",
        doc: LocalizedText(zh: "两地一对一对接时长", en: "cross-venue one-to-one docking minutes")),
    ],
    example: """
      - plugin: east_west.paired_roadshow
        name: 深圳—哈尔滨结对路演
        with:
          source: {host: 深圳市科技创新局（示例）, venue: 深圳湾科技生态园（示例）}
          destination: {host: 哈尔滨市科学技术局（示例）, venue: 哈尔滨新区科技创新城（示例）}
          onsite: destination
          link: 科技成果直通车工作平台视频连线
      """)

  let source: (host: String, venue: String)
  let destination: (host: String, venue: String)
  let onsiteIsSource: Bool
  let configuredLink: String?
  let pairs: [String]
  let flows: [String]
  let title: String?
  let start: Int
  let keynotes: [Keynote]
  let pitch: Int
  let review: Int
  let date: String?
  let qa: Int
  let docking: Int

  public init(parameters p: ParameterValues) throws {
    let s = p.object("source")
    let d = p.object("destination")
    source = (s?.string("host") ?? "", s?.string("venue") ?? "")
    destination = (d?.string("host") ?? "", d?.string("venue") ?? "")
    onsiteIsSource = p.string("onsite") == "source"
    configuredLink = p.string("link")
    pairs = p.strings("pairs")
    flows = p.strings("flows")
    title = p.string("title")
    date = p.string("date")
    start = p.minutes("start") ?? 540
    keynotes = Keynote.list("keynotes", in: p, defaultMinutes: 20)
    pitch = p.int("pitch_minutes") ?? 8
    review = p.int("review_minutes") ?? 3
    qa = p.int("qa_minutes") ?? 5
    docking = p.int("docking_minutes") ?? 90
    if source.host == destination.host && source.venue == destination.venue {
      throw PluginSetupError([
        p.problem(
          "destination",
          LocalizedText(
            zh: "结对路演的两侧须为不同的承办单位或会场", en: "the two sides of a paired roadshow must differ in host or venue"))
      ])
    }
  }

  public var plannedSlot: EventSlot? {
    EventSlot(
      date: date, venue: onsiteIsSource ? source.venue : destination.venue, start: start,
      minutes: 15 + keynotes.reduce(0) { $0 + $1.minutes } + docking)
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let link = configuredLink ?? (context.locale == .zhCN ? "视频连线" : "video link")
    let zh = context.locale == .zhCN
    var pitched = input.selected
    if !pairs.isEmpty {
      pitched = pitched.filter { pairs.contains($0.achievement.attributes[EastWestAttribute.pair] ?? "") }
    }
    if !flows.isEmpty {
      pitched = pitched.filter { flows.contains($0.achievement.attributes[EastWestAttribute.flow] ?? "") }
    }
    // Flow A first, then B; within a flow, by pair, keeping the funnel's order.
    let order = pitched.enumerated().sorted { lhs, rhs in
      let l = (
        lhs.element.achievement.attributes[EastWestAttribute.flow] ?? "Z",
        lhs.element.achievement.attributes[EastWestAttribute.pair] ?? "", lhs.offset
      )
      let r = (
        rhs.element.achievement.attributes[EastWestAttribute.flow] ?? "Z",
        rhs.element.achievement.attributes[EastWestAttribute.pair] ?? "", rhs.offset
      )
      return l < r
    }.map(\.element)
    let onsite = onsiteIsSource ? source : destination
    let remote = onsiteIsSource ? destination : source
    let bothSides =
      zh ? ["\(source.host)企业", "\(destination.host)企业"] : ["firms of \(source.host)", "firms of \(destination.host)"]

    var agenda = AgendaBuilder(start: start, locale: context.locale)
    agenda.add(
      15, .opening, zh ? "两地承办单位致辞（\(link)）" : "Welcome by both hosts (\(link))",
      people: [source.host, destination.host])
    agenda.add(keynotes: keynotes)
    for candidate in order {
      let a = candidate.achievement
      let label =
        a.attributes[EastWestAttribute.flow].flatMap(CrossRegionFlow.init(rawValue:)).map {
          zh ? "［\($0.label(.zhCN))］" : "[\($0.label(.en))] "
        } ?? ""
      agenda.lunchIfDue(before: pitch + review + qa)
      agenda.add(
        pitch, .pitch, label + a.title, people: [a.institution ?? ""].filter { !$0.isEmpty }, achievement: a.id)
      agenda.add(review, .expertReview, a.title, achievement: a.id)
      agenda.add(qa, .questions, a.title, people: bothSides, achievement: a.id)
    }
    agenda.add(
      docking, .oneToOne, zh ? "两地一对一对接（现场与线上分会场连线）" : "One-to-one docking across both venues",
      people: [source.host, destination.host])
    let end = agenda.clock
    let name =
      title
      ?? (zh
        ? "\(context.programme.name)（\(source.host)—\(destination.host)结对路演）"
        : "\(context.programme.name) (paired roadshow \(source.host)–\(destination.host))")
    let onsiteEvent = RoadshowEvent(
      format: Self.description.id, title: name + (zh ? "·现场会场" : " · on site"), date: date ?? context.eventDate,
      venue: onsite.venue,
      online: false, agenda: agenda.items, achievements: order.map(\.id))
    let linkedEvent = RoadshowEvent(
      format: Self.description.id, title: name + (zh ? "·线上分会场" : " · linked venue"), date: date ?? context.eventDate,
      venue: zh ? "\(remote.venue)（\(link)）" : "\(remote.venue) (\(link))", online: true,
      agenda: [
        AgendaItem(
          start: start, end: end, segment: .online,
          title: zh ? "与现场会场同步连线：观看路演、参与问答和一对一对接" : "Linked to the on-site venue: pitches, Q&A and one-to-one docking",
          people: [remote.host, link])
      ], achievements: order.map(\.id))

    var md = zh ? "# \(name)\n\n" : "# \(name)\n\n"
    md +=
      zh
      ? "- 成果来源地：\(source.host)，会场 \(source.venue)\n- 承接地：\(destination.host)，会场 \(destination.venue)\n- 现场会场：\(onsite.venue)；线上分会场：\(remote.venue)（\(link)）\n\n"
      : "- Source side: \(source.host), venue \(source.venue)\n- Destination side: \(destination.host), venue \(destination.venue)\n- On site: \(onsite.venue); linked: \(remote.venue) (\(link))\n\n"
    let flowsPitched = Set(order.compactMap { $0.achievement.attributes[EastWestAttribute.flow] })
    if flowsPitched.count > 1 {
      md +=
        zh
        ? "本场同时路演流向A、流向B两类成果，两地共同承办：流向A成果由东部、南部一侧引入资本和产业，流向B成果到东北、西部一侧落地。\n\n"
        : "Both flows pitch here, hosted jointly: flow A projects look for the east/south side's capital and industry, flow B projects land on the northeast/west side.\n\n"
    }
    md +=
      zh
      ? "| 流向 | 结对 | 成果名称 | 持有单位 | 对方 |\n|---|---|---|---|---|\n"
      : "| Flow | Pair | Title | Institution | Counterpart |\n|---|---|---|---|---|\n"
    // The plan goes to both sides and their firms: only records cleared for publication are named.
    let publication = context.gate.release(order, to: .participants)
    for a in publication.records {
      md +=
        "| \(a.attributes[EastWestAttribute.flow] ?? "—") | \(ReportFormat.tableCell(a.attributes[EastWestAttribute.pair] ?? "—")) | \(ReportFormat.tableCell(a.title)) | \(ReportFormat.tableCell(a.institution ?? "")) | \(ReportFormat.tableCell(a.attributes[EastWestAttribute.partner] ?? "")) |\n"
    }
    if order.isEmpty {
      md +=
        zh
        ? "\n（没有入选项目属于本结对，仅安排两地交流。）\n"
        : "\n(No selected project belongs to this pair; the venues meet for exchange only.)\n"
    }
    if !publication.withheld.isEmpty {
      md +=
        zh
        ? "\n（另有 \(publication.withheld.count) 个项目待保密审查，通过后公布。）\n"
        : "\n(\(publication.withheld.count) more projects will be announced after confidentiality review.)\n"
    }
    let file = "paired-roadshow-" + Self.slug(context.stage) + ".md"
    return EventResult(
      events: [onsiteEvent, linkedEvent], artifacts: [OutputFile(name: file, text: md, publication: publication)])
  }

  /// A file-name-safe form of a stage name: letters, digits and dashes (`—` included) kept, the
  /// rest turned into `-`.
  static func slug(_ text: String) -> String {
    String(text.map { $0.isLetter || $0.isNumber || "-–—_".contains($0) ? $0 : "-" })
  }
}
