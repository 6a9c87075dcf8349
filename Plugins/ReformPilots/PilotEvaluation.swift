import Foundation
import RoadshowKernel

/// The evaluation reform of the pilot units (科技成果评价改革试点, 002 五.1, with 二.1's
/// "indicators and weights set by discipline"): the pilot units, the indicators of their
/// evaluation with weights per discipline type, and which of those count transfer performance
/// (科技成果转化绩效). Every file is checked row by row (each problem with file, row and column):
/// weights positive and adding up to 100 within a discipline type, every unit's discipline type
/// known, every score on a known unit and indicator and within 0–100. The report gives each
/// discipline type's transfer weight and each unit's weighted score; progress counts the pilot
/// units against the seed's 55.
public struct PilotEvaluation: FollowUpService {
  public static let description = PluginDescription(
    id: "reform.pilot_evaluation", kind: .followUp, track: "reform",
    title: LocalizedText(zh: "试点单位评价改革", en: "Pilot units' evaluation reform"),
    summary: LocalizedText(
      zh: "核对试点单位及其分学科类型的评价指标和权重，计算成果转化绩效权重和各单位加权得分，对照 55 家试点单位",
      en:
        "Checks the pilot units and their evaluation indicators and weights per discipline type, computes the transfer-performance weight and each unit's weighted score, against 55 pilot units"
    ),
    parameters: [
      ParameterSpec(
        "units", .file, required: true,
        doc: LocalizedText(
          zh:
            "试点单位（CSV：unit 单位, kind 类型 university/institute/enterprise, discipline 学科类型；可选 province、tasks 试点任务 evaluation;ownership;state_assets）",
          en:
            "the pilot units (CSV: unit, kind university/institute/enterprise, discipline; optional province, tasks evaluation;ownership;state_assets)"
        )),
      ParameterSpec(
        "indicators", .file, required: true,
        doc: LocalizedText(
          zh:
            "评价指标（CSV：discipline 学科类型, indicator 指标编号, name 指标名称, weight 权重；可选 name_en、transfer 是否成果转化绩效）；每个学科类型权重合计 100",
          en:
            "the indicators (CSV: discipline, indicator, name, weight; optional name_en, transfer yes/no); each discipline type's weights add up to 100"
        )),
      ParameterSpec(
        "scores", .file,
        doc: LocalizedText(
          zh: "评价得分（CSV：unit 单位, indicator 指标编号, value 得分 0–100）", en: "the scores (CSV: unit, indicator, value 0–100)")
      ),
      ParameterSpec(
        "target", .integer(1...10_000), default: "55",
        doc: LocalizedText(zh: "试点单位目标数（002 五.1 为 55 家）", en: "pilot units wanted (55 in 002 §5.1)")),
      ParameterSpec(
        "output", .outputName, default: "pilot-evaluation.md",
        doc: LocalizedText(zh: "评价报告文件名", en: "file name of the evaluation report")),
      .encoding,
    ],
    example: """
      - plugin: reform.pilot_evaluation
        with:
          units: reform-pilots/data/pilot-units.csv
          indicators: reform-pilots/data/evaluation-indicators.csv
      """)

  /// One indicator of a discipline type.
  struct Indicator {
    var discipline: String
    var id: String
    var name: LocalizedText
    var weight: Double
    var transfer: Bool
  }

  /// One pilot unit.
  struct Unit {
    var name: String
    var kind: String
    var discipline: String
    var tasks: [String]
  }

  static let kinds = ["university", "institute", "enterprise"]
  static let tasks = ["evaluation", "ownership", "state_assets"]

  let parameters: ParameterValues
  let target: Int
  let output: String

  public init(parameters p: ParameterValues) throws {
    parameters = p
    target = p.int("target") ?? 55
    output = p.string("output") ?? "pilot-evaluation.md"
  }

  func indicators() throws -> [Indicator] {
    let table = try parameters.readCSV("indicators")
    let discipline = column(table, ["discipline", "学科类型"])
    let id = column(table, ["indicator", "指标编号"])
    let name = column(table, ["name", "指标名称"])
    let english = column(table, ["name_en"])
    let weight = column(table, ["weight", "权重"])
    let transfer = column(table, ["transfer", "成果转化绩效"])
    var problems: [Diagnostic] = []
    for (found, headers) in [
      (discipline, ["discipline", "学科类型"]), (id, ["indicator", "指标编号"]), (name, ["name", "指标名称"]),
      (weight, ["weight", "权重"]),
    ] where found == nil {
      problems.append(missingColumn(table, headers))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var result: [Indicator] = []
    var firstRow: [String: CSVTable.Row] = [:]
    var seen: Set<String> = []
    for row in table.rows {
      let type = row.cell(discipline)
      let key = row.cell(id)
      if type.isEmpty || key.isEmpty || !seen.insert(type + "|" + key).inserted {
        problems.append(
          table.badRow(
            row, column: type.isEmpty ? discipline : id,
            LocalizedText(
              zh: "学科类型和指标编号不能为空，且同一学科类型内不重复：`\(type)` `\(key)`",
              en: "the discipline type and indicator id must be given and not repeat within a type: `\(type)` `\(key)`")
          ))
        continue
      }
      guard let value = Double(row.cell(weight)), value.isFinite, value > 0 else {
        problems.append(
          table.badRow(
            row, column: weight,
            LocalizedText(
              zh: "权重应为大于 0 的数，实际为 `\(row.cell(weight))`",
              en: "the weight must be a number above 0, got `\(row.cell(weight))`")))
        continue
      }
      let flag = row.cell(transfer)
      let isTransfer = flag.isEmpty ? false : yesNo(flag)
      guard let isTransfer else {
        problems.append(
          table.badRow(
            row, column: transfer, LocalizedText(zh: "应为 是/否，实际为 `\(flag)`", en: "must be yes or no, got `\(flag)`")))
        continue
      }
      if firstRow[type] == nil { firstRow[type] = row }
      let zh = row.cell(name)
      result.append(
        Indicator(
          discipline: type, id: key,
          name: LocalizedText(zh: zh, en: row.cell(english).isEmpty ? key : row.cell(english)),
          weight: value, transfer: isTransfer))
    }
    for (type, row) in firstRow.sorted(by: { $0.key < $1.key }) {
      let total = result.filter { $0.discipline == type }.reduce(0) { $0 + $1.weight }
      if abs(total - 100) > 0.01 {
        problems.append(
          table.badRow(
            row, column: weight,
            LocalizedText(
              zh: "学科类型 `\(type)` 的指标权重合计应为 100，实际为 \(format(total))",
              en: "the weights of discipline type `\(type)` must add up to 100, got \(format(total))")))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return result
  }

  func units(disciplines: [String]) throws -> [Unit] {
    let table = try parameters.readCSV("units")
    let name = column(table, ["unit", "单位", "试点单位"])
    let kind = column(table, ["kind", "类型", "单位类型"])
    let discipline = column(table, ["discipline", "学科类型"])
    let tasks = column(table, ["tasks", "试点任务"])
    var problems: [Diagnostic] = []
    for (found, headers) in [(name, ["unit", "单位"]), (kind, ["kind", "类型"]), (discipline, ["discipline", "学科类型"])]
    where found == nil {
      problems.append(missingColumn(table, headers))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var result: [Unit] = []
    var seen: Set<String> = []
    for row in table.rows {
      var bad: [Diagnostic] = []
      let unit = row.cell(name)
      if unit.isEmpty || !seen.insert(unit).inserted {
        bad.append(
          table.badRow(
            row, column: name, LocalizedText(zh: "单位为空或重复：`\(unit)`", en: "the unit is empty or repeats: `\(unit)`")))
      }
      let kindText = row.cell(kind)
      if !Self.kinds.contains(kindText) {
        bad.append(
          table.badRow(
            row, column: kind,
            LocalizedText(
              zh: "类型应为 university（高校）、institute（科研院所）或 enterprise（国有企业），实际为 `\(kindText)`",
              en: "the kind must be university, institute or enterprise, got `\(kindText)`"),
            suggestion: Suggestions.nearest(to: kindText, in: Self.kinds)))
      }
      let type = row.cell(discipline)
      if !disciplines.contains(type) {
        bad.append(
          table.badRow(
            row, column: discipline,
            LocalizedText(
              zh: "评价指标中没有学科类型 `\(type)`；已有：\(disciplines.joined(separator: "、"))",
              en: "the indicators have no discipline type `\(type)`; they have: \(disciplines.joined(separator: ", "))"),
            suggestion: Suggestions.nearest(to: type, in: disciplines)))
      }
      let list = row.cell(tasks).split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
      if let unknown = list.first(where: { !Self.tasks.contains($0) }) {
        bad.append(
          table.badRow(
            row, column: tasks,
            LocalizedText(
              zh: "试点任务应为 evaluation、ownership、state_assets，实际为 `\(unknown)`",
              en: "a task must be evaluation, ownership or state_assets, got `\(unknown)`"),
            suggestion: Suggestions.nearest(to: unknown, in: Self.tasks)))
      }
      guard bad.isEmpty else {
        problems += bad
        continue
      }
      result.append(Unit(name: unit, kind: kindText, discipline: type, tasks: list))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return result
  }

  /// Unit → indicator → value.
  func scores(units: [Unit], indicators: [Indicator]) throws -> [String: [String: Double]] {
    guard parameters.string("scores") != nil else { return [:] }
    let table = try parameters.readCSV("scores")
    let unit = column(table, ["unit", "单位"])
    let indicator = column(table, ["indicator", "指标编号"])
    let value = column(table, ["value", "得分"])
    var problems: [Diagnostic] = []
    for (found, headers) in [(unit, ["unit", "单位"]), (indicator, ["indicator", "指标编号"]), (value, ["value", "得分"])]
    where found == nil {
      problems.append(missingColumn(table, headers))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    let byName = Dictionary(units.map { ($0.name, $0) }) { first, _ in first }
    var result: [String: [String: Double]] = [:]
    for row in table.rows {
      guard let owner = byName[row.cell(unit)] else {
        problems.append(
          table.badRow(
            row, column: unit, LocalizedText(zh: "没有试点单位 `\(row.cell(unit))`", en: "no pilot unit `\(row.cell(unit))`"),
            suggestion: Suggestions.nearest(to: row.cell(unit), in: units.map(\.name))))
        continue
      }
      let own = indicators.filter { $0.discipline == owner.discipline }.map(\.id)
      guard own.contains(row.cell(indicator)) else {
        problems.append(
          table.badRow(
            row, column: indicator,
            LocalizedText(
              zh: "学科类型 `\(owner.discipline)` 没有指标 `\(row.cell(indicator))`",
              en: "discipline type `\(owner.discipline)` has no indicator `\(row.cell(indicator))`"),
            suggestion: Suggestions.nearest(to: row.cell(indicator), in: own)))
        continue
      }
      guard let number = Double(row.cell(value)), (0...100).contains(number) else {
        problems.append(
          table.badRow(
            row, column: value,
            LocalizedText(
              zh: "得分应为 0–100，实际为 `\(row.cell(value))`", en: "the score must be 0–100, got `\(row.cell(value))`")))
        continue
      }
      result[owner.name, default: [:]][row.cell(indicator)] = number
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return result
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let indicators = try indicators()
    var disciplines: [String] = []
    for indicator in indicators where !disciplines.contains(indicator.discipline) {
      disciplines.append(indicator.discipline)
    }
    let units = try units(disciplines: disciplines)
    let scores = try scores(units: units, indicators: indicators)
    func transferWeight(_ type: String) -> Double {
      indicators.filter { $0.discipline == type && $0.transfer }.reduce(0) { $0 + $1.weight }
    }
    let counting = units.filter { transferWeight($0.discipline) > 0 }
    var md = zh ? "# 试点单位科技成果评价改革\n\n" : "# Evaluation reform of the pilot units\n\n"
    md +=
      zh
      ? "试点单位 \(units.count) 家（目标 \(target) 家），其中评价已纳入成果转化绩效的 \(counting.count) 家；学科类型 \(disciplines.count) 类。\n\n## 分学科类型的评价指标与权重\n"
      : "\(units.count) pilot units (\(target) wanted), \(counting.count) of them with transfer performance in their evaluation; \(disciplines.count) discipline types.\n\n## Indicators and weights by discipline type\n"
    for type in disciplines {
      md +=
        "\n### \(Self.disciplineName(type, locale))"
        + (zh
          ? "（成果转化绩效权重 \(format(transferWeight(type)))%）\n\n"
          : " (transfer performance weight \(format(transferWeight(type)))%)\n\n")
      md +=
        zh
        ? "| 指标 | 编号 | 权重 | 成果转化绩效 |\n|---|---|---|---|\n"
        : "| Indicator | Id | Weight | Transfer performance |\n|---|---|---|---|\n"
      for indicator in indicators where indicator.discipline == type {
        md +=
          "| \(ReportFormat.tableCell(indicator.name(locale))) | `\(indicator.id)` | \(format(indicator.weight)) | "
          + (indicator.transfer ? (zh ? "是" : "yes") : "") + " |\n"
      }
    }
    md +=
      zh
      ? "\n## 试点单位\n\n| 单位 | 类型 | 学科类型 | 试点任务 | 加权得分 | 其中成果转化绩效 |\n|---|---|---|---|---|---|\n"
      : "\n## Pilot units\n\n| Unit | Kind | Discipline type | Tasks | Weighted score | Of which transfer performance |\n|---|---|---|---|---|---|\n"
    var scored = 0
    for unit in units {
      let own = indicators.filter { $0.discipline == unit.discipline }
      let values = scores[unit.name] ?? [:]
      let complete = own.allSatisfy { values[$0.id] != nil }
      if complete { scored += 1 }
      let total = complete ? own.reduce(0) { $0 + $1.weight * (values[$1.id] ?? 0) } / 100 : nil
      let transfer = complete ? own.filter(\.transfer).reduce(0) { $0 + $1.weight * (values[$1.id] ?? 0) } / 100 : nil
      md +=
        "| \(ReportFormat.tableCell(unit.name)) | \(Self.kindName(unit.kind, locale)) | \(Self.disciplineName(unit.discipline, locale)) | "
        + unit.tasks.map { Self.taskName($0, locale) }.joined(separator: zh ? "、" : ", ") + " | "
        + (total.map(format) ?? "—") + " | " + (transfer.map(format) ?? "—") + " |\n"
    }
    let source = seedSection(zh, 1)
    let indicatorsOut = [
      ProgressIndicator(
        name: LocalizedText(zh: "科技成果评价改革试点单位", en: "Evaluation reform pilot units"), value: Double(units.count),
        target: Double(target), unit: LocalizedText(zh: "家", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "评价纳入成果转化绩效的试点单位", en: "Pilot units evaluating transfer performance"),
        value: Double(counting.count), target: Double(target), unit: LocalizedText(zh: "家", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "已完成评价打分的试点单位", en: "Pilot units scored"), value: Double(scored),
        target: Double(units.count), unit: LocalizedText(zh: "家", en: ""), source: source),
    ]
    return FollowUpResult(cases: [], indicators: indicatorsOut, artifacts: [OutputFile(name: output, text: md)])
  }

  /// A discipline type's name: the usual ones named in both languages, any other as written.
  static func disciplineName(_ type: String, _ locale: ReportLocale) -> String {
    switch (type, locale) {
    case ("basic", .zhCN): "基础研究类"
    case ("basic", .en): "basic research"
    case ("engineering", .zhCN): "工程技术类"
    case ("engineering", .en): "engineering and technology"
    case ("medicine", .zhCN): "医学类"
    case ("medicine", .en): "medicine"
    case ("agriculture", .zhCN): "农业类"
    case ("agriculture", .en): "agriculture"
    case ("humanities", .zhCN): "人文社科类"
    case ("humanities", .en): "humanities and social sciences"
    default: type
    }
  }

  static func kindName(_ kind: String, _ locale: ReportLocale) -> String {
    switch (kind, locale) {
    case ("university", .zhCN): "高校"
    case ("institute", .zhCN): "科研院所"
    case ("enterprise", .zhCN): "国有企业"
    default: kind
    }
  }

  static func taskName(_ task: String, _ locale: ReportLocale) -> String {
    switch (task, locale) {
    case ("evaluation", .zhCN): "评价改革"
    case ("evaluation", .en): "evaluation"
    case ("ownership", .zhCN): "赋权"
    case ("ownership", .en): "ownership rights"
    case ("state_assets", .zhCN): "国有资产单列"
    case ("state_assets", .en): "separate asset management"
    default: task
    }
  }
}
