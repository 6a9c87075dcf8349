import Foundation
import RoadshowKernel

/// Intake of a national programme achievement list (国家科技计划成果清单) or a local
/// applicable-technology list (地方先进适用技术成果清单), each record classified on the three axes
/// of 002 §二(六)2 — technology field, served industry, application scenario — plus crops and
/// farmland scenarios, by ``AgriClassifier``. The classification is stored in
/// `Achievement.attributes` (`agri.*`); records that are not agricultural are kept and marked
/// `agri.scope = out`, never dropped.
///
/// A row repeating an earlier row's id with the same title is skipped and counted as a duplicate
/// (the ministry's 2019–2020 list repeats hundreds of rows); a repeated id with a different title is
/// a bad row.
public struct TechnologyListIntake: IntakeSource {
  static let columnKeys: [(String, LocalizedText)] = [
    ("id", LocalizedText(zh: "编号列", en: "record id column")),
    ("title", LocalizedText(zh: "成果（项目）名称列，必填", en: "title column, required")),
    ("institution", LocalizedText(zh: "持有（牵头）单位列", en: "holder institution column")),
    ("programme", LocalizedText(zh: "重点专项列（用于按专项确定技术领域）", en: "programme column (decides the technology field)")),
    ("summary", LocalizedText(zh: "简介列", en: "summary column")),
    ("province", LocalizedText(zh: "持有单位所在省份列", en: "holder's province column")),
    ("year", LocalizedText(zh: "年份列", en: "year column")),
    ("funds", LocalizedText(zh: "经费（万元）列", en: "funds (10,000 yuan) column")),
    ("trl", LocalizedText(zh: "技术成熟度列（1–9）", en: "TRL column (1–9)")),
    ("confidentiality", LocalizedText(zh: "保密审查状态列", en: "confidentiality status column")),
    ("tech_field", LocalizedText(zh: "清单填报的技术领域列", en: "declared technology field column")),
    ("industry", LocalizedText(zh: "清单填报的服务产业类型列", en: "declared served industry column")),
    ("scenario", LocalizedText(zh: "清单填报的产业应用场景列", en: "declared application scenario column")),
    ("crop", LocalizedText(zh: "清单填报的适宜作物列", en: "declared crops column")),
    ("farmland", LocalizedText(zh: "清单填报的耕地场景列", en: "declared farmland scenario column")),
  ]

  public static let description = PluginDescription(
    id: "agriculture.technology_list", kind: .intake, track: "agriculture",
    title: LocalizedText(zh: "农业技术成果清单", en: "Agricultural technology list"),
    summary: LocalizedText(
      zh: "征集国家科技计划成果清单或地方先进适用技术成果清单，按技术领域、服务产业类型、产业应用场景（及作物、耕地场景）分类",
      en:
        "Reads a national programme list or a local applicable-technology list and classifies every record by technology field, served industry and application scenario (plus crop and farmland scenario)"
    ),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "清单文件（CSV）", en: "the list (CSV)")),
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(
          zh: "数据源标识，与编号一起构成稳定身份（如 nkrdp-2018）",
          en: "source id; with the record id it forms the stable identity (e.g. nkrdp-2018)")),
      ParameterSpec(
        "list", .choice(["national", "local"]), default: "national",
        doc: LocalizedText(
          zh: "national：国家科技计划成果清单；local：地方先进适用技术成果清单（视为农业成果，填报的分类优先）",
          en:
            "national: national programme list; local: local applicable-technology list (agricultural by definition; declared axes win)"
        )),
      ParameterSpec(
        "columns", .object(columnKeys.map { ParameterSpec($0.0, .text, required: $0.0 == "title", doc: $0.1) }),
        required: true, doc: LocalizedText(zh: "字段 → 文件列名", en: "field → column header")),
      ParameterSpec(
        "channel", .choice(IntakeChannel.allCases.map(\.rawValue)),
        doc: LocalizedText(
          zh: "征集渠道（默认：国家清单为 national_programme，地方清单为 other）",
          en: "intake channel (default: national_programme for national lists, other for local ones)")),
      ParameterSpec(
        "confidentiality", .choice(Confidentiality.allCases.map(\.rawValue)), default: "pending",
        doc: LocalizedText(
          zh: "无保密审查列或单元格为空时的状态；未审查（pending）的成果不公开发布",
          en: "status when there is no confidentiality column or the cell is empty; pending records are not published")),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "null_values", .list(.text), default: "[\"\", \"*\", \"-\", \"无\"]",
        doc: LocalizedText(
          zh: "视为空值的单元格内容（部公布清单以 * 表示未公开经费）",
          en: "cell texts meaning “no value” (the ministry writes * for undisclosed funds)")),
      ParameterSpec(
        "programme_fields", .map(.text),
        doc: LocalizedText(
          zh: "补充或覆盖“重点专项 → 技术领域”对照表", en: "adds to or overrides the programme → technology field table")),
      ParameterSpec(
        "extra_rules",
        .list(
          .object([
            ParameterSpec(
              "axis", .choice(AgriAxis.allCases.map(\.rawValue)), required: true,
              doc: LocalizedText(zh: "分类维度", en: "axis")),
            ParameterSpec("category", .text, required: true, doc: LocalizedText(zh: "类别名称", en: "category")),
            ParameterSpec(
              "keywords", .list(.text), required: true,
              doc: LocalizedText(zh: "关键词（任一命中即归类）", en: "keywords (any one decides)")),
          ])),
        doc: LocalizedText(
          zh: "补充的关键词规则，先于内置规则使用", en: "extra keyword rules, tried before the built-in ones")),
      ParameterSpec(
        "scope_keywords", .list(.text),
        doc: LocalizedText(zh: "补充的农业范围关键词", en: "extra words that make a record agricultural")),
    ],
    example: """
      - plugin: agriculture.technology_list
        name: 国家重点研发计划2018（农业）
        with:
          file: agri-parks-counties/data/nkrdp-projects-2018.csv
          source: nkrdp-2018
          list: national
          columns: {id: project_no, title: title, institution: institution, programme: programme, year: year, funds: funds_wan_yuan}
          confidentiality: cleared
          on_bad_row: skip
      """)

  let file: URL
  let displayName: String
  let source: String
  let isLocal: Bool
  let columns: [(field: String, header: String)]
  let channel: IntakeChannel
  let confidentiality: Confidentiality
  let skipBadRows: Bool
  let encoding: CSVEncoding
  let nullValues: Set<String>
  let classifier: AgriClassifier

  public init(parameters p: ParameterValues) throws {
    guard let file = p.url("file"), let name = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少清单文件", en: "the list file is missing"), code: .missingKey)
      ])
    }
    self.file = file
    self.displayName = name
    source = p.string("source") ?? ""
    isLocal = p.string("list") == "local"
    let columnValues = p.object("columns")
    columns = Self.columnKeys.compactMap { key, _ in columnValues?.string(key).map { (key, $0) } }
    channel =
      p.string("channel").flatMap(IntakeChannel.init(rawValue:)) ?? (isLocal ? .other : .nationalProgramme)
    confidentiality = p.string("confidentiality").flatMap(Confidentiality.init(rawValue:)) ?? .pending
    skipBadRows = p.badRowPolicy == .skip
    encoding = p.csvEncoding
    nullValues = Set(
      p.strings("null_values").map { $0.trimmingCharacters(in: .whitespaces) })
    let rules = p.objects("extra_rules").compactMap { rule -> AgriRule? in
      guard let axis = rule.string("axis").flatMap(AgriAxis.init(rawValue:)), let category = rule.string("category")
      else { return nil }
      return AgriRule(axis, category, rule.strings("keywords").filter { !$0.isEmpty })
    }
    classifier = AgriClassifier(
      extraRules: rules,
      programmes: Dictionary(p.pairs("programme_fields").map { ($0.key, $0.value) }) { _, new in new },
      scopeKeywords: p.strings("scope_keywords").filter { !$0.isEmpty })

    var problems: [Diagnostic] = []
    if source.isEmpty || source.contains(":") {
      problems.append(
        p.problem(
          "source", LocalizedText(zh: "数据源标识不能为空且不能含冒号", en: "source id must be non-empty and contain no colon")))
    }
    problems += p.missingColumns(
      inFile: "file", required: columns.map { ($0.field, $0.header) }, columnsKey: "columns")
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let data = try CSVTable.read(
      file, displayName: displayName, encoding: encoding, onBadRow: skipBadRows ? .skip : .stop)
    var index: [String: Int] = [:]
    for (field, header) in columns { index[field] = data.column(header) }
    var records: [Achievement] = []
    var skipped: [Diagnostic] = []
    var problems: [Diagnostic] = data.skippedRows
    var seen: [String: (row: Int, title: String)] = [:]
    for row in data.rows {
      func value(_ field: String) -> String? {
        let text = row.cell(index[field])
        return index[field] == nil || nullValues.contains(text) ? nil : text
      }
      switch makeRecord(row, data: data, index: index, value: value) {
      case .failure(let diagnostic):
        problems.append(diagnostic)
      case .success(let record):
        if let first = seen[record.id.rawValue] {
          if first.title == record.title {
            skipped.append(
              data.badRow(
                row, column: index["id"],
                LocalizedText(
                  zh: "与第 \(first.row) 行重复（编号 \(record.id.externalID) 与名称均相同），跳过",
                  en: "repeats row \(first.row) (same id \(record.id.externalID) and title); skipped")))
          } else {
            problems.append(
              data.badRow(
                row, column: index["id"],
                LocalizedText(
                  zh: "编号 \(record.id.externalID) 与第 \(first.row) 行相同但名称不同",
                  en: "id \(record.id.externalID) repeats row \(first.row) with a different title")))
          }
          continue
        }
        seen[record.id.rawValue] = (row.number, record.title)
        records.append(record)
      }
    }
    if !problems.isEmpty && !skipBadRows { throw DataError(problems) }
    let inScope = records.filter { $0.attributes[AgriAttribute.scope] == "in" }
    let unclassified = inScope.filter { $0.attributes[AgriAxis.techField.attributeKey] == nil }.count
    context.report(
      .intake,
      LocalizedText(
        zh:
          "农业成果 \(inScope.count) 项，非农业 \(records.count - inScope.count) 项，技术领域未分类 \(unclassified) 项，重复行 \(skipped.count) 行",
        en:
          "\(inScope.count) agricultural, \(records.count - inScope.count) not agricultural, \(unclassified) without technology field, \(skipped.count) duplicate rows"
      ))
    return IntakeBatch(
      records: records, skipped: skipped + problems, rowsRead: data.rows.count + data.malformed.count,
      warnings: data.warnings)
  }

  private func makeRecord(
    _ row: CSVTable.Row, data: CSVTable, index: [String: Int], value: (String) -> String?
  ) -> Result<Achievement, Diagnostic> {
    guard let title = value("title") else {
      return .failure(data.badRow(row, column: index["title"], LocalizedText(zh: "成果名称为空", en: "title is empty")))
    }
    let institution = value("institution")
    let externalID = value("id") ?? AchievementID.fingerprint(title: title, institution: institution)
    var record = Achievement(
      id: AchievementID(source: source, externalID: externalID), title: title, summary: value("summary"),
      institution: institution, field: value("programme"), channel: channel, confidentiality: confidentiality)
    if let text = value("province") {
      guard let province = Province.normalize(text) else {
        return .failure(
          data.badRow(
            row, column: index["province"], LocalizedText(zh: "无法识别的省份 `\(text)`", en: "unknown province `\(text)`")))
      }
      record.province = province
    }
    if let text = value("year") {
      guard let year = Int(text), (1949...2100).contains(year) else {
        return .failure(
          data.badRow(
            row, column: index["year"],
            LocalizedText(zh: "年份应为整数，实际为 `\(text)`", en: "year must be a whole number, got `\(text)`"))
        )
      }
      record.year = year
    }
    if let text = value("funds") {
      guard let funds = Double(text.replacingOccurrences(of: ",", with: "")), funds >= 0 else {
        return .failure(
          data.badRow(
            row, column: index["funds"],
            LocalizedText(
              zh: "经费应为非负数值（万元），实际为 `\(text)`", en: "funds must be a non-negative number (10,000 yuan), got `\(text)`"))
        )
      }
      record.fundingWanYuan = funds
    }
    if let text = value("trl") {
      guard let readiness = TechnologyReadiness(text: text) else {
        return .failure(
          data.badRow(
            row, column: index["trl"],
            LocalizedText(zh: "技术成熟度应为 1–9 或“未评估”，实际为 `\(text)`", en: "TRL must be 1–9 or unknown, got `\(text)`")))
      }
      record.readiness = readiness
    }
    if let text = value("confidentiality") {
      guard let status = Self.confidentiality(text) else {
        return .failure(
          data.badRow(
            row, column: index["confidentiality"],
            LocalizedText(
              zh: "无法识别的保密审查状态 `\(text)`（应为 已审查/待审查/不公开）",
              en: "unknown confidentiality status `\(text)` (cleared/pending/restricted)")))
      }
      record.confidentiality = status
    }
    var declared: [AgriAxis: String] = [:]
    for axis in AgriAxis.allCases { declared[axis] = value(axis.rawValue) }
    let classification = classifier.classify(
      title: title, summary: record.summary, programme: record.field, declared: declared, declaredInScope: isLocal)
    record.attributes = classification.attributes
    record.attributes[AgriAttribute.list] = isLocal ? "local" : "national"
    return .success(record)
  }

  /// The kernel's wordings (``Confidentiality/init(text:)``), and `已通过` (review passed) as well.
  static func confidentiality(_ text: String) -> Confidentiality? {
    text == "已通过" ? .cleared : Confidentiality(text: text)
  }
}
