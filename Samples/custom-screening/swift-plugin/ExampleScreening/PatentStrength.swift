import Foundation
import RoadshowKernel

/// Screening by the strength of the patent portfolio (知识产权): counts invention patents (发明专利),
/// utility models (实用新型) and software copyrights (软件著作权) in a record's IP list, scores
/// them with configurable weights, and keeps records that reach `min_score`.
public struct PatentStrength: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "example.patent_strength", kind: .screening, track: "example",
    title: LocalizedText(zh: "知识产权强度", en: "Patent strength"),
    summary: LocalizedText(
      zh: "按知识产权强度筛选（发明专利、实用新型、软件著作权加权计分）",
      en: "Screens by patent strength (weighted invention patents, utility models, software copyrights)"),
    parameters: [
      ParameterSpec(
        "min_score", .number(0...1000), default: "3", doc: LocalizedText(zh: "通过所需最低分", en: "lowest score that passes")),
      ParameterSpec(
        "invention_weight", .number(0...100), default: "3",
        doc: LocalizedText(zh: "每项发明专利的分值", en: "points per invention patent")),
      ParameterSpec(
        "utility_weight", .number(0...100), default: "1",
        doc: LocalizedText(zh: "每项实用新型的分值", en: "points per utility model")),
      ParameterSpec(
        "software_weight", .number(0...100), default: "1",
        doc: LocalizedText(zh: "每项软件著作权的分值", en: "points per software copyright")),
      ParameterSpec(
        "without_ip", .choice(["reject", "keep"]), default: "keep",
        doc: LocalizedText(
          zh: "未填写知识产权的记录：reject 拒绝；keep 保留并标注", en: "records without IP: reject, or keep them flagged")),
    ],
    example: """
      - plugin: example.patent_strength
        with:
          min_score: 6
          invention_weight: 3
      """)

  let minimum: Double
  let weights: (invention: Double, utility: Double, software: Double)
  let rejectWithoutIP: Bool

  public init(parameters p: ParameterValues) throws {
    minimum = p.double("min_score") ?? 3
    weights = (p.double("invention_weight") ?? 3, p.double("utility_weight") ?? 1, p.double("software_weight") ?? 1)
    rejectWithoutIP = p.string("without_ip") == "reject"
  }

  /// Counts items like `发明专利3项` or `软件著作权2件` in an IP list; an item without a number counts once.
  public static func count(_ kind: String, in items: [String]) -> Int {
    items.filter { $0.contains(kind) }.reduce(0) { total, item in
      guard let range = item.range(of: kind) else { return total }
      let digits = item[range.upperBound...].prefix { $0.isNumber }
      return total + (Int(digits) ?? 1)
    }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for var candidate in candidates {
      let ip = candidate.achievement.intellectualProperty
      if ip.isEmpty {
        if rejectWithoutIP {
          decisions.append(
            ScreeningDecision(
              achievement: candidate.id, passed: false, rule: "no_ip",
              reason: LocalizedText(zh: "未填写知识产权信息", en: "no intellectual property listed")))
        } else {
          candidate.flags.append(LocalizedText(zh: "知识产权未填写", en: "IP not listed"))
          passed.append(candidate)
          decisions.append(
            ScreeningDecision(
              achievement: candidate.id, passed: true, rule: "no_ip",
              reason: LocalizedText(zh: "未填写知识产权信息，保留待核实", en: "no IP listed; kept for checking")))
        }
        continue
      }
      let invention = Self.count("发明专利", in: ip)
      let utility = Self.count("实用新型", in: ip)
      let software = Self.count("软件著作权", in: ip)
      let score =
        Double(invention) * weights.invention + Double(utility) * weights.utility + Double(software) * weights.software
      let detail = LocalizedText(
        zh: "发明专利\(invention)项、实用新型\(utility)项、软件著作权\(software)项，得分\(score)",
        en: "\(invention) invention patents, \(utility) utility models, \(software) software copyrights: score \(score)"
      )
      if score >= minimum {
        candidate.setScore("patents", score)
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: true, rule: "min_score", score: score,
            reason: LocalizedText(zh: "\(detail.zh) ≥ \(minimum)", en: "\(detail.en) ≥ \(minimum)")))
      } else {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "min_score", score: score,
            reason: LocalizedText(zh: "\(detail.zh)，低于 \(minimum)", en: "\(detail.en), below \(minimum)")))
      }
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}
