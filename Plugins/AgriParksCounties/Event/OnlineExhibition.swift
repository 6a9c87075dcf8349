import Foundation
import RoadshowKernel

/// The online exhibition (网络展会, 002 §二(六)2): every agricultural technology in the pool is on
/// show for a period, in halls by technology field (or industry, or scenario), with online
/// negotiation hours each day. Records not cleared by confidentiality review stay off the show
/// and are counted.
public struct OnlineExhibition: EventFormat {
  public static let description = PluginDescription(
    id: "agriculture.online_exhibition", kind: .event, track: "agriculture",
    title: LocalizedText(zh: "网络展会", en: "Online exhibition"),
    summary: LocalizedText(
      zh: "举办网络展会：按技术领域（或产业、场景）分展区在线展示农业科技成果，开放一段时间",
      en:
        "An online exhibition of agricultural technologies in halls by technology field (or industry, or scenario), open for a period"
    ),
    parameters: [
      ParameterSpec(
        "platform", .text,
        doc: LocalizedText(
          zh: "展会平台名称（默认：科技成果“进园入县”对接平台）",
          en: "platform name (default: the S&T achievements “into parks and counties” platform)")),
      ParameterSpec("title", .text, doc: LocalizedText(zh: "展会名称", en: "exhibition title")),
      ParameterSpec(
        "opens", .date, doc: LocalizedText(zh: "开展日期（默认为路演日期）", en: "opening date (default: the event date)")),
      ParameterSpec("days_open", .integer(1...366), default: "30", doc: LocalizedText(zh: "开放天数", en: "days open")),
      ParameterSpec(
        "halls_by", .choice([AgriAxis.techField, .industry, .scenario].map(\.rawValue)), default: "tech_field",
        doc: LocalizedText(zh: "展区划分依据", en: "what the halls are divided by")),
      ParameterSpec(
        "hours_start", .time, default: "09:00", doc: LocalizedText(zh: "每日在线洽谈开始", en: "daily negotiation hours start")),
      ParameterSpec(
        "hours_end", .time, default: "17:00", doc: LocalizedText(zh: "每日在线洽谈结束", en: "daily negotiation hours end")),
      ParameterSpec(
        "pool_stage", .text,
        doc: LocalizedText(
          zh: "展示哪个筛选阶段的通过名单（默认为分类阶段）", en: "which screening stage's list is shown (default: the classification stage)")
      ),
      ParameterSpec(
        "catalogue", .outputName, default: "online-exhibition.csv",
        doc: LocalizedText(zh: "展品目录文件名", en: "catalogue file name")),
    ],
    example: """
      - plugin: agriculture.online_exhibition
        name: 网络展会
        with:
          platform: 科技成果“进园入县”对接平台
          days_open: 30
          halls_by: tech_field
      """)

  let configuredPlatform: String?
  let title: String?
  let opens: String?
  let daysOpen: Int
  let hallsBy: AgriAxis
  let hours: (start: Int, end: Int)
  let poolStage: String?
  let catalogue: String

  public init(parameters p: ParameterValues) throws {
    configuredPlatform = p.string("platform")
    title = p.string("title")
    opens = p.string("opens")
    daysOpen = p.int("days_open") ?? 30
    hallsBy = p.string("halls_by").flatMap(AgriAxis.init(rawValue:)) ?? .techField
    hours = (p.minutes("hours_start") ?? 540, p.minutes("hours_end") ?? 1020)
    poolStage = p.string("pool_stage")
    catalogue = p.string("catalogue") ?? "online-exhibition.csv"
    if hours.end <= hours.start {
      throw PluginSetupError([
        p.problem(
          "hours_end", LocalizedText(zh: "结束时间须晚于开始时间", en: "the end must be after the start"), code: .outOfRange)
      ])
    }
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let platform =
      configuredPlatform
      ?? (context.locale == .zhCN ? "科技成果“进园入县”对接平台" : "the S&T achievements “into parks and counties” platform")
    let zh = context.locale == .zhCN
    let pool = try Pool.candidates(input, stage: poolStage, context: context, plugin: Self.description.id)
    let publication = context.gate.release(pool, to: .public)
    let shown = publication.records
    let withheld = publication.withheld.count
    let unclassified = zh ? "未分类" : "unclassified"
    var halls: [String: [PublishedAchievement]] = [:]
    for record in shown {
      let hall = record.attributes[hallsBy.attributeKey].map { AgriTaxonomy.storedValue($0, context.locale) }
      halls[hall ?? unclassified, default: []].append(record)
    }
    let ordered = halls.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
    let agenda = ordered.map { hall, items in
      AgendaItem(
        start: hours.start, end: hours.end, segment: .online,
        title: zh ? "展区：\(hall)（\(items.count)项）" : "Hall: \(hall) (\(items.count))", people: [platform])
    }
    let start = opens ?? context.eventDate
    let end = start.flatMap(CalendarDate.parse).map {
      CalendarDate.format($0.addingTimeInterval(Double(daysOpen - 1) * 86_400))
    }
    let event = RoadshowEvent(
      format: Self.description.id,
      title: title
        ?? (zh
          ? "农业科技成果网络展会（\(shown.count)项，开放\(daysOpen)天）"
          : "Online exhibition of agricultural technologies (\(shown.count), \(daysOpen) days)"),
      date: start.map { s in end.map { "\(s) – \($0)" } ?? s }, venue: platform, online: true, agenda: agenda,
      achievements: shown.map(\.id))
    let header = [zh ? "展区" : "hall"] + Pool.header(context.locale)
    let rows = ordered.flatMap { hall, items in items.map { [hall] + Pool.row($0, context.locale) } }
    var md = zh ? "# 农业科技成果网络展会\n\n" : "# Online exhibition of agricultural technologies\n\n"
    md +=
      zh
      ? "平台：\(platform)；开放 \(daysOpen) 天（\(event.date ?? "日期待定")）；每日在线洽谈 \(AgendaItem.clock(hours.start))–\(AgendaItem.clock(hours.end))。\n\n展出 \(shown.count) 项，按\(hallsBy.name(.zhCN))分 \(ordered.count) 个展区；目录见 \(catalogue)。\n"
      : "Platform: \(platform); open \(daysOpen) days (\(event.date ?? "dates to be fixed")); online negotiation \(AgendaItem.clock(hours.start))–\(AgendaItem.clock(hours.end)) daily.\n\n\(shown.count) technologies in \(ordered.count) halls by \(hallsBy.name(.en)); catalogue in \(catalogue).\n"
    if withheld > 0 {
      md +=
        zh
        ? "\n另有 \(withheld) 项未通过保密审查（待审查或不公开），不予展出。\n"
        : "\n\(withheld) more are not cleared for publication and are not shown.\n"
    }
    md += "\n| \(zh ? "展区" : "Hall") | \(zh ? "项数" : "Count") |\n|---|---|\n"
    for (hall, items) in ordered { md += "| \(ReportFormat.tableCell(hall)) | \(items.count) |\n" }
    return EventResult(
      events: [event],
      artifacts: [
        OutputFile(name: catalogue, text: CSVWriter.text(header: header, rows: rows), publication: publication),
        OutputFile(name: "online-exhibition.md", text: md, publication: publication),
      ])
  }
}
