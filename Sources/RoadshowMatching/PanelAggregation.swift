import Foundation
import RoadshowKernel

/// One review as the panel result counts it.
public struct ScoredReview: Sendable, Hashable, Codable {
  /// The expert.
  public var expert: String
  /// The weighted score on the rubric's scale.
  public var raw: Double
  /// The score after per-expert normalisation, on the rubric's scale.
  public var normalised: Double
  /// Whether it lies far from the other reviews of the achievement.
  public var outlying: Bool
}

/// The panel result of one achievement (评审结果).
public struct PanelScore: Sendable, Hashable, Codable {
  /// The achievement.
  public var achievement: AchievementID
  /// Mean of the normalised scores, on the rubric's scale; `nil` without a review.
  public var normalised: Double?
  /// Mean of the raw weighted scores, kept beside the normalised one.
  public var raw: Double?
  /// The reviews counted (recusals excluded).
  public var reviews: [ScoredReview]
  /// Experts who recused themselves, with their reasons.
  public var recusals: [String: String]
  /// Fewer reviews than the round's minimum.
  public var tooFewReviews: Bool
  /// Rank by normalised score (1 = best); `nil` without a review.
  public var rank: Int?

  /// Reviews that lie far from the others.
  public var outlying: [ScoredReview] { reviews.filter(\.outlying) }
}

/// The results of a round: a score per achievement, and how far reviewers agree.
public struct PanelResults: Sendable, Hashable, Codable {
  /// Per achievement, best first (unreviewed ones last, by id).
  public var scores: [PanelScore]
  /// Agreement between reviewers: the one-way intraclass correlation ICC(1) of the raw weighted
  /// scores over achievements with at least two reviews; `nil` when it cannot be computed.
  public var agreement: Double?
  /// Mean of every raw weighted score of the round (the centre normalised scores are put on).
  public var grandMean: Double
  /// Standard deviation of every raw weighted score of the round (their spread).
  public var grandDeviation: Double

  /// The score of `achievement`.
  public subscript(_ achievement: AchievementID) -> PanelScore? { scores.first { $0.achievement == achievement } }
}

/// Aggregation of a round's reviews (评审汇总).
///
/// - A review's raw score is the rubric's weighted score.
/// - Per-expert normalisation: an expert's raw scores become z-scores over their own reviews in
///   the round (population standard deviation), then go back to the rubric's scale with the
///   round's grand mean and standard deviation, clamped to the scale. An expert with one review
///   keeps the raw score; one who gave every achievement the same score gets the grand mean. So
///   a lenient and a strict reviewer weigh the same.
/// - A review is outlying when its normalised score lies more than `outlierDeviations` grand
///   standard deviations from the median of the achievement's normalised scores (three reviews
///   or more).
/// - Agreement is ICC(1) from a one-way analysis of variance with unequal group sizes.
public enum PanelAggregation {
  /// Aggregates the standing reviews of `round` among `reviews`; `achievements` (if given) lists
  /// those that must appear even without a review.
  public static func aggregate(
    _ reviews: [Review], round: ReviewRound, achievements: [AchievementID] = [], outlierDeviations: Double = 1.5
  ) -> PanelResults {
    let standing = Review.standing(reviews.filter { $0.round == round.key })
    let rubric = round.rubric
    var raw: [(review: Review, score: Double)] = []
    var recusals: [AchievementID: [String: String]] = [:]
    for review in standing {
      if let reason = review.recusal {
        recusals[review.achievement, default: [:]][review.expert] = reason
      } else if let score = rubric.weightedScore(review.scores) {
        raw.append((review, score))
      }
    }
    let all = raw.map(\.score)
    let grandMean = mean(all) ?? 0
    let grandDeviation = deviation(all) ?? 0
    var byExpert: [String: [Double]] = [:]
    for entry in raw { byExpert[entry.review.expert, default: []].append(entry.score) }
    var normaliser: [String: (mean: Double, deviation: Double, count: Int)] = [:]
    for (expert, scores) in byExpert {
      normaliser[expert] = (mean(scores) ?? 0, deviation(scores) ?? 0, scores.count)
    }
    var byAchievement: [AchievementID: [ScoredReview]] = [:]
    for entry in raw {
      let own = normaliser[entry.review.expert] ?? (entry.score, 0, 1)
      let normalised: Double
      if own.count < 2 {
        normalised = entry.score
      } else if own.deviation == 0 {
        normalised = grandMean
      } else {
        let z = (entry.score - own.mean) / own.deviation
        normalised = min(rubric.maximum, max(rubric.minimum, grandMean + z * grandDeviation))
      }
      byAchievement[entry.review.achievement, default: []].append(
        ScoredReview(expert: entry.review.expert, raw: entry.score, normalised: normalised, outlying: false))
    }
    var ids = Set(achievements)
    ids.formUnion(byAchievement.keys)
    ids.formUnion(recusals.keys)
    var scores: [PanelScore] = []
    for id in ids {
      var reviews = (byAchievement[id] ?? []).sorted { $0.expert < $1.expert }
      if reviews.count >= 3, let centre = median(reviews.map(\.normalised)), grandDeviation > 0 {
        for index in reviews.indices {
          reviews[index].outlying = abs(reviews[index].normalised - centre) > outlierDeviations * grandDeviation
        }
      }
      scores.append(
        PanelScore(
          achievement: id, normalised: mean(reviews.map(\.normalised)), raw: mean(reviews.map(\.raw)), reviews: reviews,
          recusals: recusals[id] ?? [:], tooFewReviews: reviews.count < round.minimumReviews, rank: nil))
    }
    scores.sort { a, b in
      switch (a.normalised, b.normalised) {
      case (let x?, let y?) where x != y: return x > y
      case (.some, nil): return true
      case (nil, .some): return false
      default:
        if let x = a.raw, let y = b.raw, x != y { return x > y }
        return a.achievement < b.achievement
      }
    }
    var rank = 0
    for index in scores.indices where scores[index].normalised != nil {
      rank += 1
      scores[index].rank = rank
    }
    return PanelResults(
      scores: scores, agreement: intraclassCorrelation(scores.map { $0.reviews.map(\.raw) }), grandMean: grandMean,
      grandDeviation: grandDeviation)
  }

  /// ICC(1) of groups of ratings (one group per achievement, groups of fewer than two ignored):
  /// (MSB − MSW) / (MSB + (k₀ − 1) MSW), with k₀ = (N − Σnᵢ²/N) / (a − 1).
  public static func intraclassCorrelation(_ groups: [[Double]]) -> Double? {
    let groups = groups.filter { $0.count >= 2 }
    let a = groups.count
    let n = groups.reduce(0) { $0 + $1.count }
    guard a >= 2, n > a else { return nil }
    let grand = groups.reduce(0) { $0 + $1.reduce(0, +) } / Double(n)
    var between = 0.0
    var within = 0.0
    for group in groups {
      let groupMean = group.reduce(0, +) / Double(group.count)
      between += Double(group.count) * (groupMean - grand) * (groupMean - grand)
      within += group.reduce(0) { $0 + ($1 - groupMean) * ($1 - groupMean) }
    }
    let msb = between / Double(a - 1)
    let msw = within / Double(n - a)
    let k0 = (Double(n) - Double(groups.reduce(0) { $0 + $1.count * $1.count }) / Double(n)) / Double(a - 1)
    let denominator = msb + (k0 - 1) * msw
    guard denominator > 0 else { return nil }
    return (msb - msw) / denominator
  }

  static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  static func deviation(_ values: [Double]) -> Double? {
    guard let centre = mean(values) else { return nil }
    return (values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(values.count)).squareRoot()
  }

  static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
