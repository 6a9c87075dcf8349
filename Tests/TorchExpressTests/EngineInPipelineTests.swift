import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

/// The matching and scheduling engines inside the pipeline (Samples/demand-matching).
@Suite struct EngineInPipelineTests {
  func run() async throws -> RunOutcome {
    let folder = samplesDirectory.appendingPathComponent("demand-matching")
    let yaml = try String(contentsOf: folder.appendingPathComponent("demand-matching.yaml"), encoding: .utf8)
    return try await PipelineRunner().run(
      try configuration(yaml, in: folder, name: "demand-matching.yaml"), library: InMemoryLibrary())
  }

  @Test func demandMatchingKeepsOnlyMatchedAchievementsAndExplainsThem() async throws {
    let outcome = try await run()
    let stage = try #require(outcome.funnel.first)
    #expect(stage.plugin == "torch.demand_match")
    #expect(stage.inCount == 1373)
    #expect(!stage.passed.isEmpty && stage.passed.count <= 18 * 5)
    #expect(stage.passed.allSatisfy { $0.scoreParts.contains { $0.name == "demand" && $0.value > 0 } })
    let table = try CSVTable.parse(try #require(text(outcome, "demand-matches.csv")), file: "demand-matches.csv")
    #expect(Set(table.rows.map { $0.fields[3] }) == Set(stage.passed.map(\.id.rawValue)))
    #expect(table.rows.allSatisfy { !$0.fields[6].isEmpty })  // shared terms
    // Demands with a TRL floor only see achievements at or above it.
    let floors = ["N01": 5, "N03": 6]
    let byID = Dictionary(uniqueKeysWithValues: stage.passed.map { ($0.id.rawValue, $0.achievement) })
    for row in table.rows {
      guard let floor = floors[row.fields[0]], let record = byID[row.fields[3]] else { continue }
      #expect((record.readiness.value ?? 0) >= floor)
    }
  }

  @Test func oneToOneScheduleIsFeasible() async throws {
    let outcome = try await run()
    let table = try CSVTable.parse(try #require(text(outcome, "one-to-one-schedule.csv")), file: "schedule")
    #expect(!table.rows.isEmpty)
    let unavailable: [String: Set<String>] = ["示例企业精密机床": ["1", "2"], "示例企业机器人科技": ["6"], "示例企业智能装备": ["3"]]
    var seen: Set<String> = []
    var perSlot: [String: Int] = [:]
    for row in table.rows {
      let (slot, enterprise, project) = (row.fields[0], row.fields[3], row.fields[4])
      #expect(seen.insert("\(slot)|\(enterprise)").inserted, "\(enterprise) twice in slot \(slot)")
      #expect(seen.insert("\(slot)|\(project)").inserted, "\(project) twice in slot \(slot)")
      #expect(!(unavailable[enterprise]?.contains(slot) ?? false), "\(enterprise) met in its unavailable slot \(slot)")
      perSlot[slot, default: 0] += 1
      #expect((1...6).contains(Int(slot) ?? 0))
    }
    #expect(perSlot.values.allSatisfy { $0 <= 8 })
    // Every request comes from an enterprise that showed interest in the pitched project.
    let selected = try #require(outcome.funnel.last?.passed)
    let interested = Set(
      selected.flatMap { c in c.interest.filter { $0.level >= .low }.map { "\($0.enterprise)|\(c.id.rawValue)" } })
    #expect(table.rows.allSatisfy { interested.contains("\($0.fields[3])|\($0.fields[4])") })
    let itineraries = try #require(text(outcome, "itineraries.md"))
    #expect(itineraries.contains("14:00–14:20"))
  }
}
