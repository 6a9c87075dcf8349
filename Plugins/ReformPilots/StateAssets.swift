import Foundation
import RoadshowKernel

/// State-asset separate management (职务科技成果国有资产单列管理, 002 五.3): converted results are
/// kept as their own ledger entries — the ownership cases' records in the library — in a
/// separate register (单列台账), apart from the unit's state-asset list (国有资产管理清单); equity
/// formed by investing a result (作价投资) is marked as outside the assessment of state-asset
/// value preservation. Every row of the state-asset list that is a converted result, or a
/// research result at all, is reported with file, row and column: it no longer belongs there.
public struct StateAssets: FollowUpService {
  public static let description = PluginDescription(
    id: "reform.state_assets", kind: .followUp, track: "reform",
    title: LocalizedText(zh: "国有资产单列管理", en: "Separate management of state assets"),
    summary: LocalizedText(
      zh: "将已转化的职务科技成果单列台账管理，核对国有资产管理清单中不再含有职务科技成果",
      en:
        "Keeps converted results in a separate register and checks that the state-asset list no longer holds research results"
    ),
    parameters: [
      ParameterSpec(
        "state_assets", .file,
        doc: LocalizedText(
          zh: "国有资产管理清单（CSV：asset_id 资产编号, unit 单位, name 资产名称；可选 category 类别）",
          en: "the state-asset list (CSV: asset_id, unit, name; optional category)")),
      ParameterSpec(
        "output", .outputName, default: "separate-register.csv",
        doc: LocalizedText(zh: "单列管理台账文件名", en: "file name of the separate register")),
      .encoding,
    ],
    example: """
      - plugin: reform.state_assets
        with:
          state_assets: reform-pilots/data/state-asset-list.csv
      """)

  /// Categories of the state-asset list that name research results (职务科技成果).
  static let resultCategories = ["职务科技成果", "科技成果", "research result", "research_result"]

  let parameters: ParameterValues
  let output: String

  public init(parameters p: ParameterValues) throws {
    parameters = p
    output = p.string("output") ?? "separate-register.csv"
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let converted = reformCases(input.library).filter { record in
      record.attributes[ReformAttribute.step].flatMap(CaseStep.init(rawValue:)).map { $0 >= .converted } == true
    }.sorted { $0.id < $1.id }
    var findings: [Diagnostic] = []
    var listed: Set<AchievementID> = []
    var assetRows = 0
    if parameters.string("state_assets") != nil {
      let table = try parameters.readCSV("state_assets")
      let asset = column(table, ["asset_id", "资产编号"])
      let unit = column(table, ["unit", "单位"])
      let name = column(table, ["name", "资产名称"])
      let category = column(table, ["category", "类别"])
      var problems: [Diagnostic] = []
      for (found, headers) in [(asset, ["asset_id", "资产编号"]), (unit, ["unit", "单位"]), (name, ["name", "资产名称"])]
      where found == nil {
        problems.append(missingColumn(table, headers))
      }
      guard problems.isEmpty else { throw DataError(problems) }
      assetRows = table.rows.count
      var byAsset: [String: Achievement] = [:]
      var byKey: [String: Achievement] = [:]
      for record in converted {
        if let id = record.attributes[ReformAttribute.stateAsset] { byAsset[id] = record }
        if let key = AchievementIdentity.key(title: record.title, institution: record.institution) {
          byKey[key] = record
        }
      }
      for row in table.rows {
        let match =
          byAsset[row.cell(asset)]
          ?? AchievementIdentity.key(title: row.cell(name), institution: row.cell(unit)).flatMap { byKey[$0] }
        if let match {
          listed.insert(match.id)
          findings.append(
            table.badRow(
              row, column: match.attributes[ReformAttribute.stateAsset] == row.cell(asset) ? asset : name,
              LocalizedText(
                zh: "已转化的职务科技成果（案例 \(match.id.externalID)）仍列在国有资产管理清单中，应单列管理",
                en:
                  "a converted research result (case \(match.id.externalID)) is still on the state-asset list; it is managed separately"
              )))
        } else if Self.resultCategories.contains(row.cell(category).lowercased()) {
          findings.append(
            table.badRow(
              row, column: category,
              LocalizedText(
                zh: "职务科技成果不再纳入国有资产管理清单", en: "research results no longer belong on the state-asset list")))
        }
      }
      context.warn(.followUp, table.warnings + findings)
    }
    let header =
      zh
      ? ["案例", "试点单位", "成果名称", "赋权方式", "转化日期", "转化方式", "转化金额（万元）", "原国有资产编号", "管理方式", "仍在国有资产清单中"]
      : [
        "case", "pilot unit", "title", "right", "converted", "mode", "amount (10,000 yuan)",
        "former state-asset number",
        "management", "still on the state-asset list",
      ]
    let rows = converted.map { record -> [String] in
      let a = record.attributes
      let equity = record.transferModes.contains(.equity)
      let management =
        equity
        ? (zh
          ? "单列管理；作价投资形成的国有股权不纳入国有资产保值增值考核"
          : "separate; equity from investing it is outside the value-preservation assessment")
        : (zh ? "单列管理" : "separate")
      return [
        record.id.externalID, record.institution ?? "", record.title,
        a[ReformAttribute.right].flatMap(AssignedRight.init(rawValue:))?.name(locale) ?? "",
        a[ReformAttribute.date(.converted)] ?? "",
        record.transferModes.first.map { CaseReview.mode($0.rawValue, locale) } ?? "",
        a[ReformAttribute.amount] ?? "", a[ReformAttribute.stateAsset] ?? "", management,
        listed.contains(record.id) ? (zh ? "是" : "yes") : "",
      ]
    }
    var md = zh ? "# 职务科技成果国有资产单列管理\n\n" : "# Separate management of converted results\n\n"
    md +=
      zh
      ? "已转化的职务科技成果 \(converted.count) 项单列台账管理（见 \(output)），其中作价投资 \(converted.filter { $0.transferModes.contains(.equity) }.count) 项；核对国有资产管理清单 \(assetRows) 行，发现问题 \(findings.count) 项。\n\n"
      : "\(converted.count) converted results kept in the separate register (\(output)), \(converted.filter { $0.transferModes.contains(.equity) }.count) of them invested as equity; \(assetRows) rows of the state-asset list checked, \(findings.count) findings.\n\n"
    for finding in findings { md += "- " + finding.rendered(locale, warning: true) + "\n" }
    let source = seedSection(zh, 3)
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "单列管理的已转化职务科技成果", en: "Converted results managed separately"),
        value: Double(converted.count - listed.count), target: Double(converted.count),
        unit: LocalizedText(zh: "项", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "国有资产清单中的职务科技成果（应为 0）", en: "Research results on the state-asset list (should be 0)"),
        value: Double(findings.count), target: nil, unit: LocalizedText(zh: "项", en: ""), source: source),
    ]
    return FollowUpResult(
      cases: [], indicators: indicators,
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows)),
        OutputFile(name: "separate-management.md", text: md),
      ])
  }
}
