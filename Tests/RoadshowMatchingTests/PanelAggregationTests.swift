import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowMatching

@Suite struct PanelAggregationTests {
  /// Two criteria weighted 3:1, both 0–10.
  let round = ReviewRound(
    key: "r", name: "r",
    rubric: ReviewRubric(criteria: [
      ReviewCriterion(id: "a", name: LocalizedText(zh: "甲", en: "A"), weight: 3),
      ReviewCriterion(id: "b", name: LocalizedText(zh: "乙", en: "B"), weight: 1),
    ]), blind: true, reviewersPerAchievement: 2)

  func review(_ expert: String, _ id: String, _ a: Double, _ b: Double) -> Review {
    Review(round: "r", achievement: AchievementID("t:\(id)"), expert: expert, scores: ["a": a, "b": b])
  }

  @Test func normalisedScoresMatchHandComputedValues() throws {
    // Raw weighted scores: lenient E1 gives X 8, Y 6; strict E2 gives X 5, Y 3, Z 6.
    // Round: mean 5.6, sd √2.64 = 1.624808. E1: mean 7, sd 1. E2: mean 14/3, sd √(14/9) = 1.247219.
    // Normalised: E1 X 5.6 + 1.624808 = 7.224808, Y 3.975192;
    //             E2 X 5.6 + 0.267261 × 1.624808 = 6.034248, Y 3.428756, Z 7.336993.
    let results = PanelAggregation.aggregate(
      [
        review("E1", "X", 9, 5), review("E1", "Y", 7, 3), review("E2", "X", 6, 2), review("E2", "Y", 4, 0),
        review("E2", "Z", 8, 0),
        Review(round: "r", achievement: AchievementID("t:Z"), expert: "E1", scores: [:], recusal: "同一课题组"),
      ], round: round)
    #expect(abs(results.grandMean - 5.6) < 1e-9)
    #expect(abs(results.grandDeviation - 1.624808) < 1e-6)
    let x = try #require(results[AchievementID("t:X")])
    let y = try #require(results[AchievementID("t:Y")])
    let z = try #require(results[AchievementID("t:Z")])
    #expect(abs((x.normalised ?? 0) - 6.629528) < 1e-5 && x.raw == 6.5)
    #expect(abs((y.normalised ?? 0) - 3.701974) < 1e-5 && y.raw == 4.5)
    #expect(abs((z.normalised ?? 0) - 7.336993) < 1e-5 && z.raw == 6)
    // The strict expert's 6 puts Z first although its raw mean is below X's.
    #expect(results.scores.map(\.achievement.rawValue) == ["t:Z", "t:X", "t:Y"])
    #expect(z.rank == 1 && z.tooFewReviews && z.recusals == ["E1": "同一课题组"])
    #expect(!x.tooFewReviews)
    // ICC(1) over X [8, 5] and Y [6, 3]: MSB 4, MSW 4.5, k₀ 2 → −0.5 / 8.5.
    #expect(abs((results.agreement ?? 0) - (-0.5 / 8.5)) < 1e-9)
  }

  @Test func aReviewFarFromTheOthersIsFlagged() throws {
    // Experts with one review keep their raw score: 8, 7.5, 1; round sd √(30.5/3) = 3.1885;
    // the median 7.5 lies 6.5 from 1, more than 1.5 sd.
    let results = PanelAggregation.aggregate(
      [review("E3", "W", 8, 8), review("E4", "W", 7.5, 7.5), review("E5", "W", 1, 1)], round: round)
    let w = try #require(results[AchievementID("t:W")])
    #expect(w.outlying.map(\.expert) == ["E5"])
    #expect(abs((w.normalised ?? 0) - 5.5) < 1e-9)
  }

  @Test func aLaterReviewOfTheSamePairReplacesTheEarlierOne() throws {
    var corrected = review("E1", "X", 2, 2)
    corrected.recordedAt = "later"
    let results = PanelAggregation.aggregate([review("E1", "X", 9, 9), corrected], round: round)
    #expect(results[AchievementID("t:X")]?.raw == 2)
  }
}
