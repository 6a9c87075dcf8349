import Foundation
import RoadshowKernel

/// Technology demand lists and new-technology application-scenario lists (技术需求清单、新技术
/// 应用场景清单) collected from leading enterprises, central (央企) and private (002 三.1). The
/// file's columns are those `torch.demand_match` reads (`id, enterprise, province, field, need,
/// min_trl`), so one file serves both the published lists and the matching.
public struct DemandLists: IntakeSource {
  public static let description = PluginDescription(
    id: "enterprise.demand_lists", kind: .intake, track: "enterprise",
    title: LocalizedText(zh: "企业需求与场景清单", en: "Demand and scenario lists"),
    summary: LocalizedText(
      zh: "征集科技领军企业（央企、民营）的技术需求清单和新技术应用场景清单",
      en: "Collects leading enterprises' technology demand lists and application-scenario lists"),
    parameters: [
      ParameterSpec(
        "file", .file, required: true,
        doc: LocalizedText(
          zh:
            "清单（CSV：id, enterprise, need；可选 list 清单类型 demand/scenario、enterprise_kind 企业类型 central/private/sme、province、field、min_trl、public 是否公开）",
          en:
            "the lists (CSV: id, enterprise, need; optional list demand/scenario, enterprise_kind central/private/sme, province, field, min_trl, public yes/no)"
        )),
      .onBadRow, .encoding,
    ],
    example: """
      - plugin: enterprise.demand_lists
        with:
          file: enterprise-demand/data/sme-demands.csv
      """)

  let parameters: ParameterValues

  public init(parameters p: ParameterValues) throws {
    parameters = p
  }

  static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("id", ["id", "编号"], true), ("enterprise", ["enterprise", "企业"], true), ("need", ["need", "需求", "名称"], true),
    ("list", ["list", "清单"], false), ("kind", ["enterprise_kind", "企业类型"], false),
    ("province", ["province", "省份"], false), ("field", ["field", "领域"], false),
    ("min_trl", ["min_trl", "最低成熟度"], false), ("public", ["public", "公开"], false),
  ]

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try parameters.readCSV()
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in Self.columns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else if column.required {
        problems.append(
          table.fileProblem(
            LocalizedText(zh: "缺少列 `\(column.headers[0])`", en: "missing column `\(column.headers[0])`")))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var demands: [EnterpriseDemand] = []
    var skipped = table.skippedRows
    var seen: Set<String> = []
    for row in table.rows {
      var bad: [Diagnostic] = []
      let id = row.cell(index["id"])
      if id.isEmpty || !seen.insert(id).inserted {
        bad.append(
          table.badRow(
            row, column: index["id"], LocalizedText(zh: "编号为空或重复：`\(id)`", en: "the id is empty or repeats: `\(id)`")))
      }
      let listText = row.cell(index["list"]).lowercased()
      let category = listText.isEmpty ? DemandCategory.technology : DemandCategory(text: listText)
      if category == nil {
        bad.append(
          table.badRow(
            row, column: index["list"],
            LocalizedText(
              zh: "清单类型应为 demand（技术需求）或 scenario（应用场景），实际为 `\(listText)`",
              en: "the list must be demand or scenario, got `\(listText)`"),
            suggestion: Suggestions.nearest(to: listText, in: ["demand", "scenario"])))
      }
      let trlText = row.cell(index["min_trl"])
      let minimum = trlText.isEmpty ? nil : Int(trlText).flatMap { (1...9).contains($0) ? $0 : nil }
      if !trlText.isEmpty, minimum == nil {
        bad.append(
          table.badRow(
            row, column: index["min_trl"],
            LocalizedText(zh: "最低成熟度应为 1–9，实际为 `\(trlText)`", en: "min_trl must be 1–9, got `\(trlText)`")))
      }
      let publicText = row.cell(index["public"]).lowercased()
      let publishable: Bool?
      switch publicText {
      case "", "yes", "y", "true", "是", "公开": publishable = true
      case "no", "n", "false", "否", "不公开": publishable = false
      default:
        publishable = nil
        bad.append(
          table.badRow(
            row, column: index["public"],
            LocalizedText(zh: "是否公开应为 是/否，实际为 `\(publicText)`", en: "public must be yes or no, got `\(publicText)`")))
      }
      guard bad.isEmpty, let category, let publishable else {
        if parameters.badRowPolicy == .stop { problems += bad } else { skipped += bad }
        continue
      }
      let need = row.cell(index["need"])
      var demand = EnterpriseDemand(
        id: id, enterprise: row.cell(index["enterprise"]), title: need,
        field: row.cell(index["field"]).isEmpty ? nil : row.cell(index["field"]),
        province: row.cell(index["province"]).isEmpty ? nil : row.cell(index["province"]), minimumReadiness: minimum)
      demand.category = category
      demand.publishable = publishable
      demand.enterpriseKind = row.cell(index["kind"]).isEmpty ? nil : row.cell(index["kind"])
      demands.append(demand)
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return IntakeBatch(
      records: [], skipped: skipped, demands: demands, rowsRead: table.rows.count + table.skippedRows.count,
      warnings: table.warnings)
  }
}
