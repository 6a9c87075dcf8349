import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowMatching

@Suite struct ReviewAssignerTests {
  typealias Problem = ReviewAssignmentProblem

  func expert(_ id: String, _ institution: String, fields: [String], conflicts: [String] = [], capacity: Int) -> Expert
  {
    Expert(id: id, name: id, institution: institution, fields: fields, conflicts: conflicts, capacity: capacity)
  }

  func item(_ id: String, _ institution: String, co: [String] = []) -> ReviewParties {
    ReviewParties(achievement: AchievementID("t:\(id)"), institutions: [institution] + co)
  }

  @Test func aConflictedExpertIsNeverAssigned() {
    let experts = [
      expert("E0", "清华大学", fields: ["储能"], capacity: 10),
      expert("E1", "北京大学", fields: ["储能"], conflicts: ["示例能源公司"], capacity: 10),
      expert("E2", "浙江大学", fields: ["储能"], capacity: 10),
      expert("E3", "复旦大学", fields: ["材料"], capacity: 10),
    ]
    let items = [
      (item("a", "清华 大学"), "储能"),  // the same institution, written differently
      (item("b", "示例能源公司"), "储能"),  // declared by E1
      (item("c", "中科院", co: ["浙江大学"]), "储能"),  // E2's institution is a co-applicant
    ]
    let problem = Problem(
      achievements: items.map { ($0.0, Optional($0.1)) }, experts: experts, reviewsPerItem: 2)
    let result = ReviewAssigner.assign(problem)
    #expect(!result.reviewers[0].contains(0))
    #expect(!result.reviewers[1].contains(1))
    #expect(!result.reviewers[2].contains(2))
    #expect(result.assigned == 6 && result.short.isEmpty && result.isOptimal)
    // E3 is outside the field: used only where the field experts are blocked.
    #expect(result.fieldMatches == 6 - result.load[3])
  }

  @Test func everyAchievementGetsKReviewersWhenCapacityAllowsAndTheShortOnesAreNamed() {
    let experts = (0..<4).map { expert("E\($0)", "U\($0)", fields: ["f"], capacity: 3) }
    var problem = Problem(
      achievements: (0..<4).map { (item("\($0)", "X\($0)"), Optional("f")) }, experts: experts, reviewsPerItem: 3)
    var result = ReviewAssigner.assign(problem)
    #expect(result.assigned == 12 && result.short.isEmpty)
    #expect(result.reviewers.allSatisfy { Set($0).count == 3 })
    // One more achievement: 15 wanted, 12 possible; and one whose holder is three experts' own.
    problem = Problem(
      achievements: (0..<4).map { (item("\($0)", "X\($0)"), Optional("f")) }
        + [(item("z", "U0", co: ["U1", "U2"]), Optional("f"))],
      experts: experts, reviewsPerItem: 3)
    result = ReviewAssigner.assign(problem)
    #expect(result.assigned == 12 && result.assignableBound == 12)
    #expect(result.short.contains { $0.id == "t:z" && $0.reason == .conflicts && $0.eligible == 1 })
    #expect(result.short.reduce(0) { $0 + 3 - $1.assigned } == 3)
    #expect(result.isOptimal)
  }

  /// Every assignment of a small problem, for the best: most reviews, then least cost.
  func bruteForce(_ problem: Problem) -> (assigned: Int, cost: Int) {
    let m = problem.reviewers.count
    let choices = problem.items.map { item -> [[Int]] in
      let allowed = (0..<m).filter { !item.blocked.contains($0) }
      return (0..<(1 << allowed.count)).compactMap { mask in
        let chosen = allowed.indices.filter { mask & (1 << $0) != 0 }.map { allowed[$0] }
        return chosen.count <= problem.reviewsPerItem ? chosen : nil
      }
    }
    var best = (assigned: -1, cost: Int.max)
    func visit(_ index: Int, _ load: [Int], _ mismatches: Int) {
      if index == problem.items.count {
        var cost = mismatches * problem.mismatchCost
        for (j, reviewer) in problem.reviewers.enumerated() {
          guard load[j] <= reviewer.capacity else { return }
          var left = load[j]
          for step in Problem.loadSteps(capacity: reviewer.capacity) {
            cost += min(left, step.units) * step.cost
            left -= min(left, step.units)
          }
        }
        let assigned = load.reduce(0, +)
        if assigned > best.assigned || (assigned == best.assigned && cost < best.cost) { best = (assigned, cost) }
        return
      }
      for chosen in choices[index] {
        var next = load
        var missed = mismatches
        for j in chosen {
          next[j] += 1
          if !(problem.items[index].field.map { problem.reviewers[j].fields.contains($0) } ?? false) { missed += 1 }
        }
        visit(index + 1, next, missed)
      }
    }
    visit(0, [Int](repeating: 0, count: m), 0)
    return best
  }

  @Test func smallProblemsAreSolvedToTheOptimumAndTheBoundsSayIt() {
    var generator = SplitMix(seed: 12)
    for _ in 0..<60 {
      let m = Int.random(in: 2...4, using: &generator)
      let fields = ["a", "b", "c"]
      let reviewers = (0..<m).map { j in
        Problem.Reviewer(
          id: "E\(j)", fields: Set(fields.filter { _ in Bool.random(using: &generator) }),
          capacity: Int.random(in: 0...4, using: &generator))
      }
      let items = (0..<Int.random(in: 1...4, using: &generator)).map { i in
        Problem.Item(
          id: "A\(i)", field: fields.randomElement(using: &generator),
          blocked: (0..<m).filter { _ in Int.random(in: 0..<4, using: &generator) == 0 })
      }
      let problem = Problem(
        items: items, reviewers: reviewers, reviewsPerItem: Int.random(in: 1...2, using: &generator))
      let result = ReviewAssigner.assign(problem)
      let best = bruteForce(problem)
      #expect(result.assigned == best.assigned && result.cost == best.cost)
      #expect(result.isOptimal && result.gap == 0)
      for (index, chosen) in result.reviewers.enumerated() {
        #expect(Set(chosen).count == chosen.count && chosen.count <= problem.reviewsPerItem)
        #expect(chosen.allSatisfy { !items[index].blocked.contains($0) })
      }
      for (j, reviewer) in reviewers.enumerated() { #expect(result.load[j] <= reviewer.capacity) }
    }
  }
}

/// A small seeded generator, so the random cases are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
