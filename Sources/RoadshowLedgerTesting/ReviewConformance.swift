import Foundation
import RoadshowKernel

extension LedgerConformance {
  /// The names of the review checks (``ReviewLedger``), in the order they run.
  public static let reviewChecks = [
    "review_round_saved_and_replaced", "review_assignments_checked", "reviews_all_or_nothing_and_appended",
  ]

  /// Runs every review check, each on a new ledger from `make`, and returns the failures.
  public static func runReviews<Ledger: ProgrammeLedger & ReviewLedger>(
    make: @Sendable () async throws -> Ledger
  ) async -> [Failure] {
    var failures: [Failure] = []
    for check in reviewChecks {
      do {
        let ledger = try await make()
        failures += try await runReview(check, on: ledger)
      } catch {
        failures.append(Failure(check: check, message: "threw \(error)"))
      }
    }
    return failures
  }

  /// A round of two criteria, k = 2, and three experts, for seeding.
  public static var seedRound: (round: ReviewRound, experts: [Expert]) {
    let rubric = ReviewRubric(criteria: [
      ReviewCriterion(id: "advancement", name: LocalizedText(zh: "技术先进性", en: "advancement"), weight: 2),
      ReviewCriterion(id: "prospect", name: LocalizedText(zh: "产业化前景", en: "prospect"), weight: 1, maximum: 5),
    ])
    return (
      ReviewRound(key: "panel", name: "panel", rubric: rubric, blind: true, reviewersPerAchievement: 2),
      [
        Expert(id: "E1", name: "one", institution: "U1", fields: ["f"], conflicts: ["I"], capacity: 2),
        Expert(id: "E2", name: "two", institution: "U2", fields: ["f", "g"], capacity: 3),
        Expert(id: "E3", name: "three", institution: "U3", capacity: 1),
      ]
    )
  }

  // swift-format-ignore: FunctionBodyLength
  static func runReview(_ check: String, on ledger: some ProgrammeLedger & ReviewLedger) async throws -> [Failure] {
    var failures: [Failure] = []
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { failures.append(Failure(check: check, message: message())) }
    }
    let records = seedRecords
    let (round, experts) = seedRound
    try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [], records: records))
    _ = try await ledger.achievements()
    try await ledger.saveRound(round, experts: experts)
    func review(_ id: String, _ expert: String, _ a: Double, at: String = "t1") -> Review {
      Review(
        round: "panel", achievement: AchievementID(id), expert: expert, scores: ["advancement": a, "prospect": 3],
        comment: "c", recordedAt: at, recordedBy: "tester", source: "test")
    }
    switch check {
    case "review_round_saved_and_replaced":
      let rounds = try await ledger.reviewRounds()
      expect(rounds == [round], "rounds: \(rounds)")
      expect(try await ledger.experts(round: "panel") == experts, "the pool in the order saved")
      var changed = round
      changed.blind = false
      changed.name = "renamed"
      try await ledger.saveRound(changed, experts: Array(experts.prefix(1)))
      expect(try await ledger.reviewRounds() == [changed], "a round saved again replaces the earlier one")
      expect(try await ledger.experts(round: "panel").map(\.id) == ["E1"], "and its pool")
      expect(try await ledger.experts(round: "other").isEmpty, "another round has no pool")
      var onsite = round
      onsite.key = "onsite"
      onsite.event = "e1"
      try await ledger.saveRound(onsite, experts: experts)
      expect(
        try await ledger.reviewRounds().first { $0.key == "onsite" }?.event == "e1",
        "an on-site round keeps its event")
    case "review_assignments_checked":
      let first = [
        ReviewAssignment(round: "panel", achievement: records[0].id, expert: "E2"),
        ReviewAssignment(round: "panel", achievement: records[0].id, expert: "E3"),
      ]
      try await ledger.assign(first, round: "panel")
      expect(try await ledger.assignments(round: "panel") == first, "assignments read back")
      do {
        try await ledger.assign(
          [ReviewAssignment(round: "panel", achievement: records[1].id, expert: "E9")], round: "panel")
        expect(false, "an expert outside the pool must be refused")
      } catch let error as ReviewLedgerError {
        expect(error == .unknownExperts(["E9"]), "error: \(error)")
      }
      do {
        try await ledger.assign([], round: "nope")
        expect(false, "an unknown round must be refused")
      } catch let error as ReviewLedgerError {
        expect(error == .unknownRound("nope"), "error: \(error)")
      }
      expect(try await ledger.assignments(round: "panel") == first, "a refused assignment writes nothing")
      let second = [ReviewAssignment(round: "panel", achievement: records[1].id, expert: "E2")]
      try await ledger.assign(second, round: "panel")
      expect(try await ledger.assignments(round: "panel") == second, "a new assignment replaces the round's")
    case "reviews_all_or_nothing_and_appended":
      try await ledger.assign(
        [
          ReviewAssignment(round: "panel", achievement: records[0].id, expert: "E2"),
          ReviewAssignment(round: "panel", achievement: records[1].id, expert: "E2"),
        ], round: "panel")
      do {
        try await ledger.record([review("a:1", "E2", 8), review("a:1", "E3", 7)])
        expect(false, "a review of an unassigned pair must be refused")
      } catch let error as ReviewLedgerError {
        expect(error == .notAssigned(["a:1/E3"]), "error: \(error)")
      }
      expect(try await ledger.reviews(round: "panel").isEmpty, "a refused batch writes nothing")
      var recusal = review("a:2", "E2", 0)
      recusal.scores = [:]
      recusal.recusal = "former student of the holder"
      try await ledger.record([review("a:1", "E2", 8), recusal])
      try await ledger.record([review("a:1", "E2", 6, at: "t2")])
      let all = try await ledger.reviews(round: "panel")
      expect(all.count == 3, "history keeps every review: \(all.count)")
      expect(all.first == review("a:1", "E2", 8), "a review reads back as recorded: \(String(describing: all.first))")
      expect(all.dropFirst().first?.recusal == "former student of the holder", "a recusal keeps its reason")
      let standing = Review.standing(all)
      expect(
        standing.first { $0.achievement.rawValue == "a:1" }?.scores["advancement"] == 6,
        "the later review of a pair stands")
    default:
      expect(false, "unknown check")
    }
    return failures
  }
}
