import Foundation

/// One criterion of a review rubric (评审指标), such as 技术先进性 or 产业化前景.
public struct ReviewCriterion: Sendable, Hashable, Codable {
  /// Stable identifier, used as the column of a scoring sheet (`advancement`, `maturity`…).
  public var id: String
  /// The criterion's name in both languages.
  public var name: LocalizedText
  /// Relative weight (> 0); the rubric divides by the sum of weights.
  public var weight: Double
  /// Lowest score allowed.
  public var minimum: Double
  /// Highest score allowed.
  public var maximum: Double

  /// Creates a criterion scored from `minimum` to `maximum`.
  public init(id: String, name: LocalizedText, weight: Double, minimum: Double = 0, maximum: Double = 10) {
    self.id = id
    self.name = name
    self.weight = weight
    self.minimum = minimum
    self.maximum = maximum
  }

  /// Whether `score` lies on the criterion's scale.
  public func accepts(_ score: Double) -> Bool { score.isFinite && score >= minimum && score <= maximum }
}

/// A review rubric (评审细则): weighted criteria, each on its own scale. A review's weighted score
/// is put on the rubric's scale (``minimum`` … ``maximum``, the weighted mean of the criteria's
/// bounds), so reviews and panel results read on one scale.
public struct ReviewRubric: Sendable, Hashable, Codable {
  /// The criteria, in the order of the scoring sheet.
  public var criteria: [ReviewCriterion]

  /// Creates a rubric.
  public init(criteria: [ReviewCriterion]) { self.criteria = criteria }

  /// The rubric of seeds 001 §4.6: technical advancement, maturity, industrial prospect, team and
  /// IP, on 0–10, weighted 30/20/25/15/10.
  public static let standard = ReviewRubric(criteria: [
    ReviewCriterion(id: "advancement", name: LocalizedText(zh: "技术先进性", en: "technical advancement"), weight: 30),
    ReviewCriterion(id: "maturity", name: LocalizedText(zh: "技术成熟度", en: "technology maturity"), weight: 20),
    ReviewCriterion(id: "prospect", name: LocalizedText(zh: "产业化前景", en: "industrial prospect"), weight: 25),
    ReviewCriterion(id: "team", name: LocalizedText(zh: "团队", en: "team"), weight: 15),
    ReviewCriterion(id: "ip", name: LocalizedText(zh: "知识产权", en: "intellectual property"), weight: 10),
  ])

  /// The sum of the weights.
  public var totalWeight: Double { criteria.reduce(0) { $0 + $1.weight } }

  /// The lower end of the rubric's scale.
  public var minimum: Double { weighted { $0.minimum } }

  /// The upper end of the rubric's scale.
  public var maximum: Double { weighted { $0.maximum } }

  private func weighted(_ value: (ReviewCriterion) -> Double) -> Double {
    let total = totalWeight
    guard total > 0 else { return 0 }
    return criteria.reduce(0) { $0 + $1.weight * value($1) } / total
  }

  /// The criterion `id`, or `nil`.
  public func criterion(_ id: String) -> ReviewCriterion? { criteria.first { $0.id == id } }

  /// The weighted score of `scores` (criterion id → score), or `nil` when a criterion is missing.
  public func weightedScore(_ scores: [String: Double]) -> Double? {
    let total = totalWeight
    guard total > 0 else { return nil }
    var sum = 0.0
    for criterion in criteria {
      guard let score = scores[criterion.id] else { return nil }
      sum += criterion.weight * score
    }
    return sum / total
  }

  /// Every problem with the rubric itself: no criterion, a duplicate id, a weight that is not
  /// positive, a scale whose minimum is not below its maximum.
  public var problems: [LocalizedText] {
    var problems: [LocalizedText] = []
    if criteria.isEmpty {
      problems.append(LocalizedText(zh: "评审细则没有任何指标", en: "the rubric has no criterion"))
    }
    var seen: Set<String> = []
    for criterion in criteria {
      if !seen.insert(criterion.id).inserted {
        problems.append(
          LocalizedText(zh: "指标 `\(criterion.id)` 重复", en: "criterion `\(criterion.id)` appears twice"))
      }
      if !(criterion.weight > 0) || !criterion.weight.isFinite {
        problems.append(
          LocalizedText(
            zh: "指标 `\(criterion.id)` 的权重应大于 0，实际为 \(criterion.weight)",
            en: "criterion `\(criterion.id)` needs a weight above 0, got \(criterion.weight)"))
      }
      if !(criterion.minimum < criterion.maximum) {
        problems.append(
          LocalizedText(
            zh: "指标 `\(criterion.id)` 的分值下限应小于上限", en: "criterion `\(criterion.id)` needs a minimum below its maximum"))
      }
    }
    return problems
  }
}
