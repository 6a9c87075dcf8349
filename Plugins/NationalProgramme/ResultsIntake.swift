import Foundation
import RoadshowKernel

/// Intake of programme results as the seed's 汇交 describes them (002 一.1): each result with its
/// technology maturity, market demand, transfer demand and the region it should go to, from a
/// CSV the programme management system exports; optionally the finance institutions invited to
/// the table (guidance-fund sub-funds, market funds, commercial banks).
public struct ResultsIntake: IntakeSource {
  public static let description = PluginDescription(
    id: "national.results_intake", kind: .intake, track: "national",
    title: LocalizedText(zh: "科技计划成果汇交", en: "Programme results (汇交)"),
    summary: LocalizedText(
      zh: "读取国家科技计划项目成果汇交信息（技术成熟度、市场需求、转化需求、拟重点转化区域）及受邀金融机构",
      en:
        "Reads programme results as submitted (maturity, market demand, transfer demand, target region) and the finance institutions invited"
    ),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "成果汇交表（CSV）", en: "the results file (CSV)")),
      ParameterSpec(
        "source", .text, default: "nkrdp",
        doc: LocalizedText(zh: "来源标识，构成成果编号的前缀", en: "source id, the prefix of the record ids")),
      ParameterSpec(
        "finance", .file,
        doc: LocalizedText(
          zh: "受邀金融机构（CSV：名称、类型 investor/bank）", en: "finance institutions invited (CSV: name, kind investor/bank)")),
      .onBadRow, .encoding,
    ],
    example: """
      - plugin: national.results_intake
        with:
          file: data/nkrdp-2019-2020-huijiao.csv
          source: nkrdp-2019
          finance: data/finance-institutions.csv
      """)

  /// The columns, by field, with the headers accepted (Chinese first).
  static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("id", ["项目编号", "project_no", "id"], true),
    ("title", ["成果名称", "title"], true),
    ("institution", ["承担单位", "institution"], true),
    ("field", ["产业领域", "field", "programme"], false),
    ("year", ["年度", "year"], false),
    ("funds", ["经费（万元）", "funds_wan_yuan"], false),
    ("trl", ["技术成熟度", "trl"], false),
    ("market", ["市场需求", "market_demand"], false),
    ("transfer", ["转化需求", "transfer_demand"], false),
    ("region", ["拟重点转化区域", "target_region"], false),
    ("confidentiality", ["保密审查", "confidentiality"], false),
  ]

  let parameters: ParameterValues
  let source: String
  let finance: URL?

  public init(parameters p: ParameterValues) throws {
    parameters = p
    source = p.string("source") ?? "nkrdp"
    finance = p.url("finance")
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try parameters.readCSV()
    let file = parameters.string("file") ?? ""
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in Self.columns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else if column.required {
        problems.append(table.fileProblem(missing(column.headers)))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var records: [Achievement] = []
    var skipped = table.skippedRows
    // The ministry's lists repeat a project under two programme names: the same title and
    // institution (spaces and punctuation aside) are one result (the later row fills what the earlier left empty); a repeated
    // number with another title is a conflict.
    var seen: [String: Int] = [:]
    for row in table.rows {
      let id = row.cell(index["id"])
      let title = row.cell(index["title"])
      var bad: [Diagnostic] = []
      if id.isEmpty {
        bad.append(table.badRow(row, column: index["id"], text("项目编号为空", "the project number is empty")))
      }
      if title.isEmpty { bad.append(table.badRow(row, column: index["title"], text("成果名称为空", "the title is empty"))) }
      var repeatOf: Int?
      if !id.isEmpty, let earlier = seen[id] {
        let first = records[earlier]
        // Spaces and punctuation differ between the two listings of one project.
        let key = AchievementIdentity.key(title: title, institution: row.cell(index["institution"]))
        if key != nil, key == AchievementIdentity.key(title: first.title, institution: first.institution) {
          repeatOf = earlier
        } else {
          bad.append(
            table.badRow(
              row, column: index["id"],
              text(
                "项目编号 \(id) 重复，且成果名称或承担单位与前一行不同",
                "project number \(id) repeats with another title or institution")))
        }
      }
      let trlText = row.cell(index["trl"])
      var readiness = TechnologyReadiness.unknown
      if !trlText.isEmpty {
        if let level = Int(trlText).flatMap(TechnologyReadiness.init(level:)) {
          readiness = level
        } else {
          bad.append(
            table.badRow(
              row, column: index["trl"],
              text("技术成熟度应为 1–9 的整数，实际为 `\(trlText)`", "the TRL must be a whole number 1–9, got `\(trlText)`")))
        }
      }
      let statusText = row.cell(index["confidentiality"])
      let status = statusText.isEmpty ? nil : Confidentiality(text: statusText)
      if !statusText.isEmpty, status == nil {
        bad.append(
          table.badRow(
            row, column: index["confidentiality"],
            text(
              "保密审查应为 cleared、pending 或 restricted，实际为 `\(statusText)`",
              "confidentiality must be cleared, pending or restricted, got `\(statusText)`")))
      }
      let regionText = row.cell(index["region"])
      let region = regionText.isEmpty ? nil : Province.normalize(regionText)
      if !regionText.isEmpty, region == nil {
        bad.append(
          table.badRow(
            row, column: index["region"],
            text("拟重点转化区域应为省级行政区，实际为 `\(regionText)`", "the target region must be a province, got `\(regionText)`"),
            suggestion: Suggestions.nearest(to: regionText, in: Province.all)))
      }
      guard bad.isEmpty else {
        if parameters.badRowPolicy == .stop { problems += bad } else { skipped += bad }
        continue
      }
      var attributes: [String: String] = ["trl_tier": ReadinessTier(readiness).rawValue]
      let market = row.cell(index["market"])
      if !market.isEmpty { attributes["market_demand"] = market }
      if let region { attributes["target_region"] = region }
      let modes = row.cell(index["transfer"]).split(whereSeparator: { ";；、,".contains($0) })
        .compactMap { TransferMode(text: String($0)) }
      let record = Achievement(
        id: AchievementID(source: source, externalID: id), title: title, institution: row.cell(index["institution"]),
        field: row.cell(index["field"]).isEmpty ? nil : row.cell(index["field"]), readiness: readiness,
        channel: .nationalProgramme, transferModes: modes, confidentiality: status,
        year: Int(row.cell(index["year"])), fundingWanYuan: Double(row.cell(index["funds"])), attributes: attributes)
      if let repeatOf {
        records[repeatOf] = records[repeatOf].updated(with: record)
      } else {
        seen[id] = records.count
        records.append(record)
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return IntakeBatch(
      records: records, skipped: skipped, participants: try readFinance(),
      rowsRead: table.rows.count + table.skippedRows.count,
      warnings: table.warnings)
  }

  /// The finance institutions invited: role investor or bank.
  private func readFinance() throws -> [Participant] {
    guard let finance else { return [] }
    let name = parameters.string("finance") ?? finance.path
    let table = try CSVTable.read(finance, displayName: name)
    let nameColumn = ["名称", "name"].lazy.compactMap(table.column).first
    let kindColumn = ["类型", "kind"].lazy.compactMap(table.column).first
    var problems: [Diagnostic] = []
    var participants: [Participant] = []
    if nameColumn == nil { problems.append(table.fileProblem(missing(["名称", "name"]))) }
    for row in table.rows where nameColumn != nil {
      let kind = row.cell(kindColumn)
      guard let role = ParticipantRole(rawValue: kind), [.investor, .bank].contains(role) else {
        problems.append(
          table.badRow(
            row, column: kindColumn,
            text("类型应为 investor 或 bank，实际为 `\(kind)`", "the kind must be investor or bank, got `\(kind)`"),
            suggestion: Suggestions.nearest(to: kind, in: ["investor", "bank"])))
        continue
      }
      participants.append(Participant(id: "finance:\(row.cell(nameColumn))", name: row.cell(nameColumn), role: role))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return participants
  }

  private func text(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

  private func missing(_ headers: [String]) -> LocalizedText {
    text(
      "缺少列 `\(headers[0])`（或 \(headers.dropFirst().joined(separator: "、"))）",
      "missing column `\(headers[0])` (or \(headers.dropFirst().joined(separator: ", ")))")
  }
}
