import Foundation
import RoadshowKernel

/// The records an exhibition or a list shows: the passed list of a named funnel stage, by default
/// the classification stage (every agricultural record in focus), else the first stage.
enum Pool {
  static func candidates(_ input: EventInput, stage: String?, context: PipelineContext, plugin: String) throws
    -> [Candidate]
  {
    if let stage {
      guard let found = input.funnel.first(where: { $0.name == stage || $0.plugin == stage }) else {
        throw PipelineError(
          stage: context.stage, plugin: plugin,
          message: LocalizedText(
            zh: "找不到名为 `\(stage)` 的筛选阶段；可用：\(input.funnel.map(\.name).joined(separator: ", "))",
            en: "no screening stage named `\(stage)`; stages: \(input.funnel.map(\.name).joined(separator: ", "))"))
      }
      return found.passed
    }
    if let found = input.funnel.first(where: { $0.plugin == Classification.description.id }) { return found.passed }
    return input.funnel.first?.passed ?? input.selected
  }

  /// Columns shared by every list this track writes.
  static func header(_ locale: ReportLocale) -> [String] {
    (locale == .zhCN ? ["编号", "成果名称", "持有单位", "重点专项", "年份"] : ["id", "title", "institution", "programme", "year"])
      + AgriAxis.allCases.map { $0.name(locale) }
  }

  /// A row of a list for participants or the public: only records the gate released.
  static func row(_ a: PublishedAchievement, _ locale: ReportLocale) -> [String] {
    [a.id.rawValue, a.title, a.institution ?? "", a.field ?? "", a.year.map(String.init) ?? ""]
      + AgriAxis.allCases.map { AgriTaxonomy.storedValue(a.attributes[$0.attributeKey] ?? "", locale) }
  }
}
