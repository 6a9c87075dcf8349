import Foundation
import RoadshowKernel

/// Classification and scope (分类与范围): keeps agricultural achievements, optionally only those in
/// a focus (technology fields, industries, scenarios, crops, farmland scenarios), and writes the
/// classification of every record with counts per axis — unclassified ones counted, never hidden.
///
/// Records classified at intake (`agri.scope` set) keep their classification; records from other
/// intake sources are classified here with the built-in rules.
public struct Classification: ScreeningPolicy {
  static let focusKeys: [(key: String, axis: AgriAxis)] = [
    ("tech_fields", .techField), ("industries", .industry), ("scenarios", .scenario), ("crops", .crop),
    ("farmland", .farmland),
  ]

  public static let description = PluginDescription(
    id: "agriculture.classification", kind: .screening, track: "agriculture",
    title: LocalizedText(zh: "农业成果分类", en: "Agricultural classification"),
    summary: LocalizedText(
      zh: "按技术领域、服务产业类型、产业应用场景分类并筛出农业科技成果（可限定重点方向），输出分类统计（含未分类数）",
      en:
        "Keeps agricultural achievements (optionally a focus) and reports the classification by technology field, industry and scenario, unclassified counts included"
    ),
    parameters: [
      ParameterSpec(
        "focus",
        .object(
          focusKeys.map { key, axis in
            ParameterSpec(
              key, .list(.text),
              doc: LocalizedText(zh: "重点\(axis.name(.zhCN))（任一命中即可）", en: "focus \(axis.name(.en)) (any one matches)"))
          }),
        doc: LocalizedText(
          zh: "重点方向：写出的各项中任一命中即通过；不写则保留全部农业成果",
          en: "focus: a record passes when it matches any item written; without it every agricultural record passes")),
      ParameterSpec(
        "require", .list(.choice([AgriAxis.techField, .industry, .scenario].map(\.rawValue))),
        default: "[]",
        doc: LocalizedText(
          zh: "必须已分类的维度；未分类的记录被拒绝（默认不要求，未分类的标注后保留）",
          en: "axes that must be classified; records without them are rejected (default none: kept and flagged)")),
      ParameterSpec(
        "output", .outputName, default: "agri-classification.csv",
        doc: LocalizedText(
          zh: "分类明细文件名（另写同名 .md 统计）", en: "classification table file name (counts go to the .md of the same name)")),
    ],
    example: """
      - plugin: agriculture.classification
        name: 农业成果分类
        with:
          focus:
            tech_fields: [种业与育种, 耕地质量与土壤改良, 栽培与丰产增效]
            crops: [大豆, 玉米, 水稻]
            farmland: [黑土地, 盐碱地]
      """)

  let focus: [AgriAxis: Set<String>]
  let required: [AgriAxis]
  let output: String

  public init(parameters p: ParameterValues) throws {
    let f = p.object("focus")
    var focus: [AgriAxis: Set<String>] = [:]
    for (key, axis) in Self.focusKeys {
      let values = f?.strings(key).filter { !$0.isEmpty } ?? []
      if !values.isEmpty { focus[axis] = Set(values) }
    }
    self.focus = focus
    required = p.strings("require").compactMap(AgriAxis.init(rawValue:))
    output = p.string("output") ?? "agri-classification.csv"
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let classifier = AgriClassifier()
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    var rows: [[String]] = []
    var tally = Tally()
    for var candidate in candidates {
      let a = candidate.achievement
      let stored = AgriClassification(attributes: a.attributes)
      let result = stored ?? classifier.classify(a)
      if stored == nil {
        candidate.achievement.attributes.merge(result.attributes) { _, new in new }
      }
      let list = a.attributes[AgriAttribute.list] ?? "other"
      tally.add(result, list: list)
      let outcome: (passed: Bool, rule: String, reason: LocalizedText)
      let described = Self.describe(result)
      if !result.inScope {
        outcome = (false, "out_of_scope", result.scopeReason)
      } else if let missing = required.first(where: { result.value($0) == nil }) {
        outcome = (
          false, "unclassified",
          LocalizedText(
            zh: "\(missing.name(.zhCN))未能分类（标题与专项均无规则命中），按配置不予通过",
            en:
              "\(missing.name(.en)) could not be classified (no rule matches title or programme); rejected as configured"
          )
        )
      } else if !focus.isEmpty,
        !focus.contains(where: { axis, wanted in !wanted.isDisjoint(with: result.values[axis] ?? []) })
      {
        outcome = (
          false, "out_of_focus",
          LocalizedText(zh: "不在重点方向内（\(described.zh)）", en: "outside the focus (\(described.en))")
        )
      } else {
        let missing = result.unclassifiedAxes
        if !missing.isEmpty {
          candidate.flags.append(
            LocalizedText(
              zh: "\(missing.map { $0.name(.zhCN) }.joined(separator: "、"))未分类，待人工补充",
              en: "\(missing.map { $0.name(.en) }.joined(separator: ", ")) unclassified; to be completed by hand"))
        }
        outcome = (true, missing.isEmpty ? "classified" : "partly_classified", described)
        passed.append(candidate)
      }
      if outcome.passed { tally.passed += 1 }
      decisions.append(
        ScreeningDecision(achievement: a.id, passed: outcome.passed, rule: outcome.rule, reason: outcome.reason))
      rows.append(
        [
          a.id.rawValue, a.title, a.institution ?? "", Self.listName(list, locale), a.field ?? "",
          result.inScope ? (zh ? "农业" : "agricultural") : (zh ? "非农业" : "not agricultural"),
        ] + AgriAxis.allCases.map { result.value($0, locale) ?? "" }
          + [
            result.basisText(locale),
            outcome.passed ? (zh ? "通过" : "passed") : (zh ? "未通过" : "rejected"), outcome.rule,
          ])
    }
    let header =
      (zh ? ["编号", "成果名称", "持有单位", "清单", "重点专项", "范围"] : ["id", "title", "institution", "list", "programme", "scope"])
      + AgriAxis.allCases.map { $0.name(locale) }
      + (zh ? ["分类依据", "结果", "规则"] : ["basis", "outcome", "rule"])
    let report = output.hasSuffix(".csv") ? String(output.dropLast(4)) + ".md" : output + ".md"
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows)),
        OutputFile(name: report, text: tally.markdown(locale: locale, focus: focus, programme: context.programme.name)),
      ])
  }

  static func listName(_ list: String, _ locale: ReportLocale) -> String {
    switch (list, locale) {
    case ("national", .zhCN): "国家科技计划成果"
    case ("national", .en): "national programme"
    case ("local", .zhCN): "地方先进适用技术"
    case ("local", .en): "local applicable technology"
    case (_, .zhCN): "其他来源"
    case (_, .en): "other source"
    }
  }

  static func describe(_ result: AgriClassification) -> LocalizedText {
    let parts = AgriAxis.allCases.filter { result.value($0) != nil }
    if parts.isEmpty { return LocalizedText(zh: "各维度均未分类", en: "no axis classified") }
    return LocalizedText(
      zh: parts.map { "\($0.name(.zhCN))：\(result.value($0, .zhCN) ?? "")" }.joined(separator: "；"),
      en: parts.map { "\($0.name(.en)): \(result.value($0, .en) ?? "")" }.joined(separator: "; "))
  }

  /// Counts for the classification report.
  struct Tally {
    var total = 0
    var inScope = 0
    var passed = 0
    var byList: [String: (all: Int, inScope: Int)] = [:]
    var byAxis: [AgriAxis: [String: Int]] = [:]
    var unclassified: [AgriAxis: Int] = [:]

    mutating func add(_ result: AgriClassification, list: String) {
      total += 1
      byList[list, default: (0, 0)].all += 1
      guard result.inScope else { return }
      inScope += 1
      byList[list, default: (0, 0)].inScope += 1
      for axis in AgriAxis.allCases {
        let values = result.values[axis] ?? []
        if values.isEmpty { unclassified[axis, default: 0] += 1 }
        for value in values { byAxis[axis, default: [:]][value, default: 0] += 1 }
      }
    }

    func markdown(locale: ReportLocale, focus: [AgriAxis: Set<String>], programme: String) -> String {
      let zh = locale == .zhCN
      var md =
        zh ? "# \(programme) · 农业科技成果分类统计\n\n" : "# \(programme) · Classification of agricultural achievements\n\n"
      md +=
        zh
        ? "共 \(total) 项：农业科技成果 \(inScope) 项，非农业 \(total - inScope) 项（未通过，见分类明细）；本阶段通过 \(passed) 项。\n\n"
        : "\(total) records: \(inScope) agricultural, \(total - inScope) not agricultural (rejected; see the table); \(passed) passed this stage.\n\n"
      md += zh ? "| 清单 | 记录 | 农业成果 |\n|---|---|---|\n" : "| List | Records | Agricultural |\n|---|---|---|\n"
      for (list, count) in byList.sorted(by: { $0.key < $1.key }) {
        md += "| \(Classification.listName(list, locale)) | \(count.all) | \(count.inScope) |\n"
      }
      for axis in AgriAxis.allCases {
        md += "\n## \(axis.name(locale))\n\n"
        md += zh ? "| 类别 | 数量 |\n|---|---|\n" : "| Category | Count |\n|---|---|\n"
        for (value, count) in (byAxis[axis] ?? [:]).sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
          md += "| \(ReportFormat.tableCell(AgriTaxonomy.name(value, locale))) | \(count) |\n"
        }
        md += "| \(zh ? "未分类" : "unclassified") | \(unclassified[axis] ?? 0) |\n"
        if let wanted = focus[axis] {
          md += "\n" + (zh ? "重点：" : "Focus: ") + AgriTaxonomy.names(wanted.sorted(), locale) + "\n"
        }
      }
      md +=
        zh
        ? "\n说明：作物、耕地场景可同时属于多个类别；未分类的农业成果保留并在名单中标注“待人工补充”。\n"
        : "\nNote: crops and farmland scenarios may take several values; unclassified agricultural records are kept and flagged for completion by hand.\n"
      return md
    }
  }
}
