import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowServices

/// A review ledger in memory, for the use cases' tests (the SQLite one passes the conformance
/// checks in RoadshowStoreTests).
actor MemoryReviewLedger: ReviewLedger {
  var rounds: [String: (ReviewRound, [Expert])] = [:]
  var assigned: [String: [ReviewAssignment]] = [:]
  var recorded: [Review] = []

  func saveRound(_ round: ReviewRound, experts: [Expert]) async throws { rounds[round.key] = (round, experts) }
  func reviewRounds() async throws -> [ReviewRound] { rounds.values.map(\.0).sorted { $0.key < $1.key } }
  func experts(round key: String) async throws -> [Expert] { rounds[key]?.1 ?? [] }
  func assign(_ assignments: [ReviewAssignment], round key: String) async throws { assigned[key] = assignments }
  func assignments(round key: String) async throws -> [ReviewAssignment] { assigned[key] ?? [] }
  func record(_ reviews: [Review]) async throws { recorded += reviews }
  func reviews(round key: String) async throws -> [Review] { recorded.filter { $0.round == key } }
}

@Suite struct ExpertPanelTests {
  let experts = [
    Expert(id: "E1", name: "王评审", institution: "浙江大学", fields: ["新能源"], capacity: 3),
    Expert(id: "E2", name: "李评审", institution: "南京大学", fields: ["新能源"], conflicts: ["示例储能研究院"], capacity: 3),
    Expert(id: "E3", name: "赵评审", institution: "东南大学", fields: ["装备"], capacity: 3),
  ]

  var records: [Achievement] {
    [
      Achievement(
        id: AchievementID("t:1"), title: "示例储能研究院钠离子电池正极材料", summary: "由示例储能研究院张三团队研制，能量密度高。",
        institution: "示例储能研究院", team: ["张三", "李四"], field: "新能源", readiness: .level(6),
        confidentiality: .cleared, attributes: ["联系人": "张三 13800000000", "co_applicants": "南京大学"]),
      Achievement(
        id: AchievementID("t:2"), title: "高效光伏组件", summary: "浙江大学研制的组件。", institution: "浙江大学", team: ["王五"],
        field: "新能源", readiness: .level(5), confidentiality: .cleared),
      Achievement(
        id: AchievementID("t:3"), title: "数控机床误差补偿", institution: "东南大学", team: ["孙六"], field: "装备",
        readiness: .level(7), confidentiality: .pending),
    ]
  }

  let round = ReviewRound(key: "2024-panel", name: "2024 专家评议", blind: true, reviewersPerAchievement: 2)
  let provenance = FollowUp.Provenance(by: "tester", source: "scores.csv", at: "2024-10-01T00:00:00Z")

  @Test func theAssignmentAvoidsEveryConflictOfInterest() {
    let plan = ExpertPanel.plan(round: round, experts: experts, records: records)
    let pairs = Set(plan.assignments.map { "\($0.achievement)/\($0.expert)" })
    // t:1: E2 declared its holder; t:1 also lists 南京大学 (E2's own) as co-applicant. t:2: E1's own.
    // t:3: E3's own.
    #expect(!pairs.contains("t:1/E2") && !pairs.contains("t:2/E1") && !pairs.contains("t:3/E3"))
    #expect(pairs == ["t:1/E1", "t:1/E3", "t:2/E2", "t:2/E3", "t:3/E1", "t:3/E2"])
    #expect(plan.result.short.isEmpty && plan.result.isOptimal)
  }

  @Test func blindPacketsNameNoHolderInstitutionOrTeam() throws {
    let plan = ExpertPanel.plan(round: round, experts: experts, records: records)
    let packets = ExpertPanel.packets(
      round: round, experts: experts, assignments: plan.assignments, records: records, locale: .zhCN)
    #expect(packets.count == 3)
    let names = ["示例储能研究院", "浙江大学", "东南大学", "南京大学", "张三", "李四", "王五", "孙六", "13800000000"]
    for packet in packets {
      #expect(packet.publication.audience == .expert)
      for name in names {
        #expect(!packet.markdown.contains(name), "\(packet.expert.id)'s packet names \(name)")
        #expect(!packet.html.contains(name), "\(packet.expert.id)'s HTML packet names \(name)")
        #expect(!packet.sheet.contains(name), "\(packet.expert.id)'s sheet names \(name)")
      }
    }
    let first = try #require(packets.first { $0.expert.id == "E1" })
    #expect(first.markdown.contains("钠离子电池正极材料") && first.markdown.contains("［已隐去］"))
    #expect(first.html.hasPrefix("<!DOCTYPE html>") && first.html.contains("钠离子电池正极材料"))
    #expect(first.html.contains("技术先进性") && first.html.contains("［已隐去］"))
    // t:3 is not cleared: held back, and said so.
    #expect(!first.markdown.contains("数控机床") && first.publication.withheld == [AchievementID("t:3")])
    #expect(!first.html.contains("数控机床") && !first.sheet.contains("数控机床"))
    // Not blind: the holder is shown.
    var open = round
    open.blind = false
    let named = ExpertPanel.packets(round: open, experts: experts, assignments: plan.assignments, records: records)
    #expect(named.contains { $0.markdown.contains("示例储能研究院") })
    #expect(named.contains { $0.html.contains("示例储能研究院") })
  }

  func sheet(_ body: String) throws -> CSVTable {
    try CSVTable.parse(
      "expert,achievement,advancement,maturity,prospect,team,ip,comment,recusal\n" + body, file: "scores.csv")
  }

  @Test func aBadScoreFileIsReportedByRowAndColumnAndNothingIsRecorded() async throws {
    let ledger = MemoryReviewLedger()
    try await ledger.saveRound(round, experts: experts)
    let plan = ExpertPanel.plan(round: round, experts: experts, records: records)
    try await ledger.assign(plan.assignments, round: round.key)
    let table = try sheet(
      """
      E1,t:1,8,7,8,6,5,好,
      E9,t:1,8,7,8,6,5,,
      E1,t:2,8,7,8,6,5,,
      E3,t:1,8,7,11,6,5,,
      E3,t:3,8,,8,6,5,,
      E2,t:2,8,7,8,6,5,,同一实验室
      """)
    await #expect(throws: DataError.self) {
      _ = try await ExpertPanel.importScores(
        table, file: "scores.csv", round: round.key, into: ledger, provenance: provenance)
    }
    do {
      _ = try await ExpertPanel.importScores(
        table, file: "scores.csv", round: round.key, into: ledger, provenance: provenance)
    } catch let error as DataError {
      let found = error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.keyPath)" }
      #expect(found.contains("3:1 expert") && found.contains("4:2 achievement") && found.contains("5:5 prospect"))
      #expect(found.contains("6:4 maturity") && found.contains("7:3 advancement"))
      #expect(error.diagnostics.allSatisfy { $0.location?.file == "scores.csv" })
      #expect(error.diagnostics.first?.message.en.hasPrefix("row 2, column `expert`") == true)
    }
    #expect(try await ledger.reviews(round: round.key).isEmpty)
  }

  @Test func aGoodPanelSheetIsRecordedAndScored() async throws {
    let ledger = MemoryReviewLedger()
    try await ledger.saveRound(round, experts: experts)
    let plan = ExpertPanel.plan(round: round, experts: experts, records: records)
    try await ledger.assign(plan.assignments, round: round.key)
    let table = try sheet(
      """
      E1,t:1,8,7,8,6,5,好,
      E3,t:1,6,6,6,6,6,,
      E2,t:2,9,9,9,9,9,,
      E3,t:2,,,,,,,曾与持有单位合作
      E1,t:3,5,5,5,5,5,,
      E2,t:3,4,4,4,4,4,,
      """)
    let reviews = try await ExpertPanel.importScores(
      table, file: "scores.csv", round: round.key, into: ledger, provenance: provenance)
    #expect(reviews.count == 6)
    let results = try await ExpertPanel.results(round: round.key, in: ledger)
    let second = try #require(results[AchievementID("t:2")])
    #expect(second.reviews.count == 1 && second.recusals == ["E3": "曾与持有单位合作"] && second.tooFewReviews)
    #expect(results.scores.count == 3)
    // Assigned again without E1: E1's reviews stay in the ledger but no longer count.
    try await ledger.assign(plan.assignments.filter { $0.expert != "E1" }, round: round.key)
    let again = try await ExpertPanel.results(round: round.key, in: ledger)
    #expect(again.scores.allSatisfy { $0.reviews.allSatisfy { $0.expert != "E1" } })
    #expect(try await ledger.reviews(round: round.key).count == 6)
  }
}
