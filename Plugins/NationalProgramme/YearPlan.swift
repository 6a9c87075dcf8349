import Foundation
import RoadshowKernel

/// The 1+1 mechanism (领域+区域, 002 一.2): every month one roadshow by industry field, hosted in
/// turn by professional agencies, and one by region, with a province, high-tech or agricultural
/// zone in turn; finance institutions invited to both. Writes the year plan as a table the host
/// can edit; each row's key is the `programme.event` of the config that then runs that event.
public struct YearPlan: EventFormat {
  public static let description = PluginDescription(
    id: "national.year_plan", kind: .event, track: "national",
    title: LocalizedText(zh: "1+1 常态化路演年度计划", en: "1+1 year plan"),
    summary: LocalizedText(
      zh: "按“每月一场领域路演（专业机构轮流承办）+ 一场区域路演（地方轮流承办）”生成年度路演计划，邀请金融机构参与",
      en:
        "Generates the year plan of one field roadshow (agencies in turn) and one regional roadshow (regions in turn) per month, with finance invited"
    ),
    parameters: [
      ParameterSpec(
        "year", .integer(2000...2100),
        doc: LocalizedText(zh: "计划年度（默认为活动年度）", en: "the plan's year (default: the programme year)")),
      ParameterSpec(
        "months", .list(.integer(1...12)), default: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]",
        doc: LocalizedText(zh: "举办路演的月份", en: "months with roadshows")),
      ParameterSpec(
        "fields", .list(.text), required: true,
        doc: LocalizedText(zh: "领域路演的产业领域，按顺序轮换", en: "industry fields of the field roadshows, in turn")),
      ParameterSpec(
        "field_hosts", .list(.text), required: true,
        doc: LocalizedText(zh: "领域路演的承办专业机构，轮流承办", en: "professional agencies hosting the field roadshows in turn")),
      ParameterSpec(
        "regions", .list(.text), required: true,
        doc: LocalizedText(
          zh: "区域路演的合作省市、高新区、农高区，轮流承办", en: "provinces and zones hosting the regional roadshows in turn")),
      ParameterSpec(
        "finance", .list(.text), default: "[国家科技成果转化引导基金子基金, 市场化基金, 商业银行]",
        doc: LocalizedText(zh: "邀请参与路演对接的金融机构", en: "finance institutions invited to every roadshow")),
      ParameterSpec(
        "output", .outputName, default: "year-plan.csv", doc: LocalizedText(zh: "年度计划表文件名", en: "file name of the plan")
      ),
    ],
    example: """
      - plugin: national.year_plan
        with:
          year: 2025
          fields: [智能制造, 新材料, 生物医药]
          field_hosts: [中国技术交易所, 上海技术交易所]
          regions: [黑龙江, 苏州国家高新区, 杨凌农高区]
      """)

  let year: Int?
  let months: [Int]
  let fields: [String]
  let fieldHosts: [String]
  let regions: [String]
  let finance: [String]
  let output: String

  public init(parameters p: ParameterValues) throws {
    year = p.int("year")
    months = Array(Set(p.strings("months").compactMap { Int($0) })).sorted()
    fields = p.strings("fields")
    fieldHosts = p.strings("field_hosts")
    regions = p.strings("regions")
    finance = p.strings("finance")
    output = p.string("output") ?? "year-plan.csv"
    var problems: [Diagnostic] = []
    for (key, list) in [
      ("fields", fields), ("field_hosts", fieldHosts), ("regions", regions), ("months", months.map(String.init)),
    ]
    where list.isEmpty {
      problems.append(p.problem(key, LocalizedText(zh: "至少需要一项", en: "give at least one"), code: .outOfRange))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// One planned roadshow.
  struct Row {
    var month: Int
    var field: Bool
    var theme: String
    var host: String
    var key: String
  }

  func rows(year: Int) -> [Row] {
    months.enumerated().flatMap { index, month -> [Row] in
      let stamp = String(format: "%04d-%02d", year, month)
      let region = regions[index % regions.count]
      return [
        Row(
          month: month, field: true, theme: fields[index % fields.count], host: fieldHosts[index % fieldHosts.count],
          key: "\(stamp)-field"),
        Row(month: month, field: false, theme: region, host: region, key: "\(stamp)-region"),
      ]
    }
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let zh = context.locale == .zhCN
    guard let year = year ?? context.programme.year else {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "未给出计划年度：设置 year 或 programme.year", en: "no year for the plan: set `year` or `programme.year`"))
    }
    let planned = rows(year: year)
    let financeText = finance.joined(separator: zh ? "、" : ", ")
    let header =
      zh
      ? ["月份", "类型", "主题", "承办单位", "活动编号（programme.event）", "形式", "邀请金融机构"]
      : ["month", "kind", "theme", "host", "event key (programme.event)", "format", "finance invited"]
    let table = planned.map { row -> [String] in
      [
        String(row.month), row.field ? (zh ? "领域路演" : "field") : (zh ? "区域路演" : "regional"), row.theme,
        row.field ? row.host : (zh ? "火炬中心会同\(row.host)" : "Torch Centre with \(row.host)"), row.key,
        zh ? "线上线下结合" : "on site and online", financeText,
      ]
    }
    let held = Set(context.ledger.events.map(\.key))
    let done = planned.filter { held.contains($0.key) }.count
    var md = zh ? "# \(year)年国家科技计划成果“1+1”常态化路演计划\n\n" : "# \(year) national programme roadshows: the 1+1 plan\n\n"
    md +=
      zh
      ? "每月一场领域路演（专业机构轮流承办）和一场区域路演（地方轮流承办），共 \(planned.count) 场；已在项目库中记录 \(done) 场。邀请 \(financeText) 参与路演对接。\n\n"
      : "One field roadshow (agencies in turn) and one regional roadshow (regions in turn) each month: \(planned.count) in all; \(done) already recorded in the ledger. Finance invited: \(financeText).\n\n"
    md += "| " + header.prefix(5).joined(separator: " | ") + " |\n|---|---|---|---|---|\n"
    for row in table { md += "| " + row.prefix(5).map(ReportFormat.tableCell).joined(separator: " | ") + " |\n" }
    md +=
      zh
      ? "\n每场活动按本表的活动编号运行：复制本配置，设 programme.event 为该编号、event_date 为活动日期，再运行 roadshow run。\n"
      : "\nRun each event under its key: copy this config, set `programme.event` to the key and `event_date` to the day, then `roadshow run` it.\n"
    return EventResult(
      events: [],
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: table)),
        OutputFile(name: "year-plan.md", text: md),
      ])
  }
}
