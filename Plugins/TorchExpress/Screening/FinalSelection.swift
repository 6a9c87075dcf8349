import Foundation
import RoadshowKernel

/// The final choice of projects to pitch (拟路演项目, about 10–20): best score first, with optional
/// quotas per field and per institution so that one programme or university does not fill the stage.
public struct FinalSelection: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.final_selection", kind: .screening, track: "torch",
    title: LocalizedText(zh: "确定路演项目", en: "Final selection"),
    summary: LocalizedText(
      zh: "确定拟路演重点项目（约10–20个），可设每领域、每单位名额上限",
      en: "Chooses the 10–20 projects to pitch, with optional quotas per field and institution"),
    parameters: [
      ParameterSpec(
        "count", .integer(1...100), default: "15",
        doc: LocalizedText(zh: "路演项目数（指引为10–20个）", en: "projects to pitch (the guide says 10–20)")),
      ParameterSpec(
        "max_per_field", .integer(1...100), doc: LocalizedText(zh: "每个领域最多入选数", en: "at most this many per field")),
      ParameterSpec(
        "max_per_institution", .integer(1...100),
        doc: LocalizedText(zh: "每个单位最多入选数", en: "at most this many per institution")),
      ParameterSpec(
        "require_interest", .boolean, default: "false",
        doc: LocalizedText(
          zh: "是否要求至少一家企业有意向（有意向及以上）", en: "require at least one enterprise at medium interest or above")),
    ],
    example: """
      - plugin: torch.final_selection
        with:
          count: 15
          max_per_field: 5
          max_per_institution: 2
      """)

  let count: Int
  let perField: Int?
  let perInstitution: Int?
  let requireInterest: Bool

  public init(parameters p: ParameterValues) throws {
    count = p.int("count") ?? 15
    perField = p.int("max_per_field")
    perInstitution = p.int("max_per_institution")
    requireInterest = p.bool("require_interest") ?? false
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let ranked = candidates.sorted { ($0.score, $1.id) > ($1.score, $0.id) }
    var chosen: [Candidate] = []
    var fields: [String: Int] = [:]
    var institutions: [String: Int] = [:]
    var decisions: [ScreeningDecision] = []
    for (index, candidate) in ranked.enumerated() {
      let a = candidate.achievement
      let score = (candidate.score * 100).rounded() / 100
      let field = a.field ?? "—"
      let institution = a.institution ?? "—"
      func reject(_ rule: String, _ zh: String, _ en: String) {
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: rule, score: score, reason: LocalizedText(zh: zh, en: en)))
      }
      if chosen.count >= count, let last = chosen.last, last.score == candidate.score {
        reject(
          "count_tie",
          "综合评分 \(score)，与最后一个入选项目同分，排名第 \(index + 1)；\(RankingTieBreak.rule.zh)，路演名额（\(count)个）已满",
          "score \(score), equal to the last project chosen, rank \(index + 1); \(RankingTieBreak.rule.en), and all \(count) pitch places are taken"
        )
      } else if chosen.count >= count {
        reject(
          "count", "综合评分 \(score)，排名第 \(index + 1)，路演名额（\(count)个）已满",
          "score \(score), rank \(index + 1); all \(count) pitch places are taken")
      } else if requireInterest && !candidate.interest.contains(where: { $0.level >= .medium }) {
        reject("require_interest", "无企业表达“有意向”及以上", "no enterprise at medium interest or above")
      } else if let limit = perField, fields[field, default: 0] >= limit {
        reject(
          "quota_field", "领域「\(field)」已达名额上限 \(limit)（综合评分 \(score)）",
          "field “\(field)” already has its \(limit) places (score \(score))")
      } else if let limit = perInstitution, institutions[institution, default: 0] >= limit {
        reject(
          "quota_institution", "单位「\(institution)」已达名额上限 \(limit)（综合评分 \(score)）",
          "institution “\(institution)” already has its \(limit) places (score \(score))")
      } else {
        chosen.append(candidate)
        fields[field, default: 0] += 1
        institutions[institution, default: 0] += 1
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: true, rule: "selected", score: score,
            reason: LocalizedText(
              zh: "综合评分 \(score)，入选第 \(chosen.count) 个路演项目", en: "score \(score); chosen as pitch \(chosen.count)")))
      }
    }
    return ScreeningResult(passed: chosen, decisions: decisions)
  }
}
