import Foundation
import RoadshowKernel

/// Grading and classification of the programme results library (分级分类, 002 一.1): every record
/// passes, classified by industry field and maturity tier; the library's field × tier table is
/// written for the host.
public struct TierClassification: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "national.tier_classification", kind: .screening, track: "national",
    title: LocalizedText(zh: "成果分级分类", en: "Grading and classification"),
    summary: LocalizedText(
      zh: "按产业领域和技术成熟度分级（早期、开发、可产业化）对成果库分级分类，全部通过",
      en: "Classifies the results library by field and maturity tier (early, development, ready); passes every record"),
    parameters: [
      ParameterSpec(
        "output", .outputName, default: "programme-library.md",
        doc: LocalizedText(zh: "分级分类表文件名", en: "file name of the classification table"))
    ],
    example: """
      - plugin: national.tier_classification
      """, narrows: false)

  let output: String

  public init(parameters p: ParameterValues) throws {
    output = p.string("output") ?? "programme-library.md"
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    let zh = locale == .zhCN
    var table: [String: [ReadinessTier: Int]] = [:]
    var decisions: [ScreeningDecision] = []
    var updates: [Achievement] = []
    decisions.reserveCapacity(candidates.count)
    for candidate in candidates {
      let record = candidate.achievement
      let tier = ReadinessTier(record.readiness)
      let field = record.field ?? (zh ? "未分类" : "unclassified")
      table[field, default: [:]][tier, default: 0] += 1
      decisions.append(
        ScreeningDecision(
          achievement: record.id, passed: true, rule: "tier_\(tier.rawValue)",
          reason: LocalizedText(
            zh: "分类：\(field)，\(tier.name(.zhCN))", en: "classified: \(field), \(tier.name(.en))")))
      if record.attributes["trl_tier"] != tier.rawValue {
        var update = Achievement(id: record.id, title: "")
        update.attributes = ["trl_tier": tier.rawValue]
        updates.append(update)
      }
    }
    let tiers = ReadinessTier.allCases
    var md = zh ? "# 国家科技计划成果库分级分类\n\n" : "# Programme results library: fields and maturity tiers\n\n"
    md += zh ? "成果 \(candidates.count) 项。\n\n" : "\(candidates.count) results.\n\n"
    md +=
      "| \(zh ? "产业领域" : "Field") | " + tiers.map { $0.name(locale) }.joined(separator: " | ")
      + " | \(zh ? "合计" : "Total") |\n"
    md += "|---|" + tiers.map { _ in "---|" }.joined() + "---|\n"
    for (field, counts) in table.sorted(by: {
      ($1.value.values.reduce(0, +), $0.key) < ($0.value.values.reduce(0, +), $1.key)
    }) {
      md +=
        "| \(ReportFormat.tableCell(field)) | " + tiers.map { String(counts[$0] ?? 0) }.joined(separator: " | ")
        + " | \(counts.values.reduce(0, +)) |\n"
    }
    return ScreeningResult(
      passed: candidates, decisions: decisions, artifacts: [OutputFile(name: output, text: md)], updates: updates)
  }
}
