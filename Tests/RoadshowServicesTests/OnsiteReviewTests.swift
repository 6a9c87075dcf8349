import Foundation
import RoadshowKernel
import RoadshowMatching
import Testing

@testable import RoadshowServices

/// The on-site review (现场评议): the event's pitches, the whole panel, and the result recorded in
/// the follow-up without doubling it.
@Suite struct OnsiteReviewTests {
  let experts = [
    Expert(id: "O1", name: "甲", institution: "浙江大学", capacity: 5),
    Expert(id: "O2", name: "乙", institution: "南京大学", conflicts: ["东南大学"], capacity: 5),
    Expert(id: "O3", name: "丙", institution: "某投资机构", capacity: 5),
  ]

  var records: [Achievement] {
    [
      Achievement(id: AchievementID("t:1"), title: "钠离子电池", institution: "浙江大学", readiness: .level(6)),
      Achievement(id: AchievementID("t:2"), title: "数控误差补偿", institution: "东南大学", readiness: .level(7)),
      Achievement(id: AchievementID("t:3"), title: "未路演的成果", institution: "复旦大学", readiness: .level(5)),
    ]
  }

  var event: ProgrammeEvent {
    var event = ProgrammeEvent(
      key: "2024-09-energy", programme: "示例专场", series: "s", host: LedgerHost(name: "示例高新区"), date: "2024-09-20",
      run: "r1")
    event.pitched = [AchievementID("t:1"), AchievementID("t:2")]
    return event
  }

  let provenance = FollowUp.Provenance(by: "路演秘书", source: "review:onsite", at: "2024-09-21T10:00:00Z")

  @Test func theWholePanelReviewsEveryPitchItHasNoConflictWith() throws {
    let round = ExpertPanel.onsiteRound(key: "onsite", event: event, experts: experts)
    #expect(round.event == "2024-09-energy" && round.reviewersPerAchievement == 3 && !round.blind)
    #expect(round.minimumReviews == 3)
    let plan = try ExpertPanel.onsitePlan(round: round, event: event, experts: experts, records: records)
    let pairs = Set(plan.assignments.map { "\($0.achievement)/\($0.expert)" })
    // t:1 is O1's own institution; O2 declared 东南大学 (t:2); t:3 was not pitched.
    #expect(pairs == ["t:1/O2", "t:1/O3", "t:2/O1", "t:2/O3"])
    var quiet = event
    quiet.pitched = []
    #expect(throws: ReviewLedgerError.nothingPitched("2024-09-energy")) {
      try ExpertPanel.onsitePlan(round: round, event: quiet, experts: experts, records: records)
    }
  }

  func review(_ id: String, _ expert: String, _ score: Double, comment: String? = nil) -> Review {
    Review(
      round: "onsite", achievement: AchievementID(id), expert: expert,
      scores: ["advancement": score, "maturity": score, "prospect": score, "team": score, "ip": score],
      comment: comment, recordedAt: "2024-09-20T12:00:00Z", recordedBy: "秘书", source: "scores.csv")
  }

  @Test func theResultIsRecordedOnceAndCorrectedWhenScoresChange() throws {
    let round = ExpertPanel.onsiteRound(key: "onsite", event: event, experts: experts, minimumReviews: 2)
    let reviews = [
      review("t:1", "O2", 8, comment: "建议中试"), review("t:1", "O3", 9, comment: "建议中试"),
      review("t:2", "O1", 6), review("t:2", "O3", 5, comment: "知识产权需加强"),
    ]
    let results = PanelAggregation.aggregate(
      reviews, round: round, achievements: [AchievementID("t:1"), AchievementID("t:2")])
    let first = ExpertPanel.followUpEntries(
      results: results, round: round, eventDate: "2024-09-20", reviews: reviews, existing: [], provenance: provenance)
    #expect(first.entries.count == 2 && first.unchanged == 0 && first.unreviewed.isEmpty)
    let top = try #require(first.entries.first { $0.achievement == AchievementID("t:1") })
    #expect(top.kind == .onsiteReview && top.date == "2024-09-20" && top.reference == "onsite")
    // Rank 1 of 2, two reviews, the shared comment once.
    let note = try #require(top.note)
    #expect(note.hasPrefix("第 1/2 名") && note.contains("2 份评审") && note.contains("专家意见：建议中试"))
    #expect(note.components(separatedBy: "建议中试").count == 2)

    // Recorded: the same result again, even asked in English, writes nothing.
    let stored = first.entries.enumerated().map { index, entry in
      var entry = entry
      entry.sequence = index + 1
      return entry
    }
    let again = ExpertPanel.followUpEntries(
      results: results, round: round, eventDate: "2024-09-20", reviews: reviews, existing: stored,
      provenance: provenance, locale: .en)
    #expect(again.entries.isEmpty && again.unchanged == 2)

    // A changed score corrects the entry it changes, and only that one.
    let changed = reviews.map {
      $0.achievement == AchievementID("t:2") && $0.expert == "O1" ? review("t:2", "O1", 10) : $0
    }
    let rescored = PanelAggregation.aggregate(
      changed, round: round, achievements: [AchievementID("t:1"), AchievementID("t:2")])
    let corrected = ExpertPanel.followUpEntries(
      results: rescored, round: round, eventDate: "2024-09-20", reviews: changed, existing: stored,
      provenance: provenance)
    #expect(corrected.entries.contains { $0.achievement == AchievementID("t:2") })
    for entry in corrected.entries {
      let earlier = try #require(stored.first { $0.achievement == entry.achievement })
      #expect(entry.supersedes == earlier.sequence && entry.note != earlier.note)
    }
    #expect(corrected.entries.count + corrected.unchanged == 2)
  }

  @Test func aProjectWithoutScoresIsListedNotRecorded() {
    let round = ExpertPanel.onsiteRound(key: "onsite", event: event, experts: experts)
    let reviews = [review("t:1", "O2", 8)]
    let results = PanelAggregation.aggregate(
      reviews, round: round, achievements: [AchievementID("t:1"), AchievementID("t:2")])
    let feed = ExpertPanel.followUpEntries(
      results: results, round: round, eventDate: "2024-09-20", reviews: reviews, existing: [], provenance: provenance,
      locale: .en)
    #expect(feed.entries.count == 1 && feed.unreviewed == [AchievementID("t:2")])
    // One review against a minimum of three: said in the note.
    #expect(feed.entries.first?.note?.contains("too few reviews") == true)
  }
}
