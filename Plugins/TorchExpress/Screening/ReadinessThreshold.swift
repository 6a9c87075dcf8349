import Foundation
import RoadshowKernel

/// Screening by technology maturity (技术成熟度): records at or above `min_trl` pass. Records whose
/// TRL is unknown are never dropped silently: they pass flagged for expert review, or are rejected
/// with that reason, as `unknown` says.
public struct ReadinessThreshold: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.trl_threshold", kind: .screening, track: "torch",
    title: LocalizedText(zh: "技术成熟度门槛", en: "Maturity threshold"),
    summary: LocalizedText(
      zh: "技术成熟度门槛（TRL 未评估的记录显式处理：待评估通过或拒绝）",
      en: "Technology maturity threshold; unknown TRL is handled explicitly (pass for review, or reject)"),
    parameters: [
      ParameterSpec(
        "min_trl", .integer(1...9), default: "4", doc: LocalizedText(zh: "通过的最低技术成熟度", en: "lowest TRL that passes")),
      ParameterSpec(
        "unknown", .choice(["review", "reject"]), default: "review",
        doc: LocalizedText(
          zh: "TRL 未评估时：review 标记“待专家评估”后通过；reject 拒绝",
          en: "unknown TRL: review passes it flagged for expert review; reject rejects it")),
    ],
    example: """
      - plugin: torch.trl_threshold
        with:
          min_trl: 5
          unknown: review
      """)

  let minimum: Int
  let rejectUnknown: Bool

  public init(parameters p: ParameterValues) throws {
    minimum = p.int("min_trl") ?? 4
    rejectUnknown = p.string("unknown") == "reject"
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for var candidate in candidates {
      let id = candidate.id
      switch candidate.achievement.readiness {
      case .level(let level) where level >= minimum:
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: id, passed: true, rule: "min_trl", score: Double(level),
            reason: LocalizedText(zh: "TRL \(level) ≥ \(minimum)", en: "TRL \(level) ≥ \(minimum)")))
      case .level(let level):
        decisions.append(
          ScreeningDecision(
            achievement: id, passed: false, rule: "min_trl", score: Double(level),
            reason: LocalizedText(
              zh: "技术成熟度 TRL \(level) 低于门槛 \(minimum)", en: "TRL \(level) is below the threshold \(minimum)")))
      case .unknown where rejectUnknown:
        decisions.append(
          ScreeningDecision(
            achievement: id, passed: false, rule: "unknown_trl",
            reason: LocalizedText(zh: "技术成熟度未评估（配置为拒绝）", en: "TRL not assessed (configured to reject)")))
      case .unknown:
        candidate.flags.append(LocalizedText(zh: "TRL未评估，待专家评估", en: "TRL unknown, expert review needed"))
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: id, passed: true, rule: "unknown_trl",
            reason: LocalizedText(zh: "技术成熟度未评估，标记待专家评估后保留", en: "TRL not assessed; kept and flagged for expert review")
          ))
      }
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}
