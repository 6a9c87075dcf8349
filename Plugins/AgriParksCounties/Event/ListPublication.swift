import Foundation
import RoadshowKernel

/// Scheduled publication of the lists (定期发布成果清单, 002 §二(六)2): the national programme
/// achievement list (国家科技计划成果清单) and the local applicable-technology list (地方先进适用技术
/// 成果清单), issue by issue on a fixed rhythm. The first issue publishes every cleared record of
/// the pool; later issues are scheduled for the records the library gains by then. Nothing that
/// has not passed confidentiality review (保密审查) is published.
///
/// A record belongs to the national list when intake marked it so (`agri.list = national`) or it
/// came through the national programme channel; otherwise to the local list.
public struct ListPublication: EventFormat {
  public static let description = PluginDescription(
    id: "agriculture.list_publication", kind: .event, track: "agriculture",
    title: LocalizedText(zh: "成果清单发布", en: "List publication"),
    summary: LocalizedText(
      zh: "按期发布国家科技计划成果清单和地方先进适用技术成果清单（仅发布通过保密审查的成果），生成发布计划",
      en:
        "Publishes the national programme list and the local applicable-technology list on a schedule (cleared records only)"
    ),
    parameters: [
      ParameterSpec(
        "first_issue", .date,
        doc: LocalizedText(zh: "第一期发布日期（默认为路演日期）", en: "date of the first issue (default: the event date)")),
      ParameterSpec(
        "every_months", .integer(1...12), default: "3", doc: LocalizedText(zh: "发布间隔（月）", en: "months between issues")),
      ParameterSpec("issues", .integer(1...24), default: "4", doc: LocalizedText(zh: "计划期数", en: "issues planned")),
      ParameterSpec(
        "channel", .text,
        doc: LocalizedText(
          zh: "发布渠道（默认：科技成果“进园入县”对接平台）",
          en: "where the lists are published (default: the S&T achievements “into parks and counties” platform)")),
      ParameterSpec(
        "pool_stage", .text,
        doc: LocalizedText(
          zh: "发布哪个筛选阶段的通过名单（默认为分类阶段）",
          en: "which screening stage's list is published (default: the classification stage)")),
      ParameterSpec(
        "national_list", .outputName, default: "national-list.csv",
        doc: LocalizedText(zh: "国家清单文件名", en: "national list file name")),
      ParameterSpec(
        "local_list", .outputName, default: "local-list.csv",
        doc: LocalizedText(zh: "地方清单文件名", en: "local list file name")),
      ParameterSpec(
        "schedule", .outputName, default: "publication-schedule.csv",
        doc: LocalizedText(zh: "发布计划文件名", en: "schedule file name")),
    ],
    example: """
      - plugin: agriculture.list_publication
        name: 清单发布
        with:
          first_issue: 2024-07-15
          every_months: 3
          issues: 4
      """)

  let firstIssue: String?
  let everyMonths: Int
  let issues: Int
  let configuredChannel: String?
  let poolStage: String?
  let nationalFile: String
  let localFile: String
  let scheduleFile: String

  public init(parameters p: ParameterValues) throws {
    firstIssue = p.string("first_issue")
    everyMonths = p.int("every_months") ?? 3
    issues = p.int("issues") ?? 4
    configuredChannel = p.string("channel")
    poolStage = p.string("pool_stage")
    nationalFile = p.string("national_list") ?? "national-list.csv"
    localFile = p.string("local_list") ?? "local-list.csv"
    scheduleFile = p.string("schedule") ?? "publication-schedule.csv"
  }

  static func isNational(_ a: Achievement) -> Bool {
    if let list = a.attributes[AgriAttribute.list] { return list == "national" }
    return a.channel == .nationalProgramme
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let channel =
      configuredChannel
      ?? (context.locale == .zhCN ? "科技成果“进园入县”对接平台" : "the S&T achievements “into parks and counties” platform")
    let locale = context.locale
    let zh = locale == .zhCN
    let pool = try Pool.candidates(input, stage: poolStage, context: context, plugin: Self.description.id).map(
      \.achievement)
    let nationalPublication = context.gate.release(pool.filter(Self.isNational), to: .public)
    let localPublication = context.gate.release(pool.filter { !Self.isNational($0) }, to: .public)
    let national = nationalPublication.records
    let local = localPublication.records
    let pending = pool.filter { $0.confidentiality == .pending }.count
    let restricted = pool.filter { $0.confidentiality == .restricted }.count
    let first = firstIssue ?? context.eventDate

    var events: [RoadshowEvent] = []
    var schedule: [[String]] = []
    for issue in 1...issues {
      let date = first.flatMap { CalendarDate.adding(months: (issue - 1) * everyMonths, to: $0) }
      let published = issue == 1 ? national + local : []
      let counts = issue == 1 ? (national.count, local.count) : (0, 0)
      events.append(
        RoadshowEvent(
          format: Self.description.id,
          title: zh
            ? "第\(issue)期 国家科技计划成果清单、地方先进适用技术成果清单发布"
            : "Issue \(issue): national programme list and local applicable-technology list",
          date: date, venue: channel, online: true, agenda: [], achievements: published.map(\.id)))
      let note =
        issue == 1
        ? (zh ? "首期：发布现有通过保密审查的成果" : "first issue: every cleared record now in the library")
        : (zh ? "动态更新：发布届时新增入库并通过保密审查的成果" : "update: records added and cleared by then")
      schedule.append([
        String(issue), date ?? (zh ? "待定" : "to be fixed"), channel, String(counts.0), String(counts.1), note,
      ])
    }
    let scheduleHeader =
      zh
      ? ["期次", "发布日期", "发布渠道", "国家科技计划成果清单（项）", "地方先进适用技术成果清单（项）", "说明"]
      : ["issue", "date", "channel", "national list (records)", "local list (records)", "note"]
    var md = zh ? "# 成果清单发布计划\n\n" : "# Publication schedule of the lists\n\n"
    md +=
      zh
      ? "每 \(everyMonths) 个月一期，共 \(issues) 期，渠道：\(channel)。首期国家科技计划成果清单 \(national.count) 项、地方先进适用技术成果清单 \(local.count) 项。\n\n"
      : "One issue every \(everyMonths) months, \(issues) issues, on \(channel). First issue: \(national.count) national and \(local.count) local records.\n\n"
    md +=
      zh ? "| 期次 | 日期 | 国家清单 | 地方清单 |\n|---|---|---|---|\n" : "| Issue | Date | National | Local |\n|---|---|---|---|\n"
    for row in schedule { md += "| \(row[0]) | \(row[1]) | \(row[3]) | \(row[4]) |\n" }
    if pending + restricted > 0 {
      md +=
        zh
        ? "\n未发布：待保密审查 \(pending) 项，不予公开 \(restricted) 项（审查通过后在下一期发布）。\n"
        : "\nNot published: \(pending) awaiting confidentiality review, \(restricted) restricted (cleared ones join the next issue).\n"
    }
    return EventResult(
      events: events,
      artifacts: [
        OutputFile(name: scheduleFile, text: CSVWriter.text(header: scheduleHeader, rows: schedule)),
        OutputFile(
          name: nationalFile,
          text: CSVWriter.text(header: Pool.header(locale), rows: national.map { Pool.row($0, locale) }),
          publication: nationalPublication),
        OutputFile(
          name: localFile, text: CSVWriter.text(header: Pool.header(locale), rows: local.map { Pool.row($0, locale) }),
          publication: localPublication),
        OutputFile(name: "publication-schedule.md", text: md),
      ])
  }
}
