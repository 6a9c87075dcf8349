import Foundation
import RoadshowKernel
import RoadshowLedgerTesting
import RoadshowPostgres
import RoadshowServices
import Testing

/// The server the tests use: `ROADSHOW_POSTGRES_URL` (`.ci/postgres.sh` starts one and sets it).
/// Without it the suites are skipped, unless `ROADSHOW_REQUIRE_POSTGRES=1`: then they run and fail.
enum TestServer {
  static let environment = ProcessInfo.processInfo.environment
  static let url = environment["ROADSHOW_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  static let required = environment["ROADSHOW_REQUIRE_POSTGRES"] == "1"
  /// Whether the suites run.
  static let enabled = url != nil || required
  static let reason: Comment =
    "ROADSHOW_POSTGRES_URL is not set: the PostgreSQL store is not tested (source .ci/postgres.sh to start a server)"

  struct Missing: Error, CustomStringConvertible {
    var description: String { "ROADSHOW_REQUIRE_POSTGRES=1 but ROADSHOW_POSTGRES_URL is not set" }
  }

  /// One pool for every test of the process (each test works in hosts of its own).
  static let shared = Task { () throws -> PostgresPool in
    guard let url else { throw Missing() }
    return try await PostgresPool.open(url: url)
  }

  static func database() async throws -> PostgresPool { try await shared.value }

  /// A host name no other test (or earlier run) uses.
  static func host(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

  static func library(_ name: String) async throws -> PostgresLibrary {
    try PostgresLibrary(database: try await database(), host: host(name))
  }
}

@Suite(.enabled(if: TestServer.enabled, TestServer.reason))
struct PostgresLedgerTests {
  @Test func postgresPassesTheLedgerConformanceSuite() async {
    let failures = await LedgerConformance.run { try await TestServer.library("conformance") }
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test func postgresPassesTheReviewConformanceChecks() async {
    let failures = await LedgerConformance.runReviews { try await TestServer.library("review") }
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test func openingAgainMigratesNothingAndRecordsTheSchemaVersion() async throws {
    let url = try #require(TestServer.url)
    // Three servers opening one database at once: one migrates, the others find it done.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<3 { group.addTask { _ = try await PostgresPool.open(url: url) } }
      try await group.waitForAll()
    }
    let library = try await TestServer.library("schema")
    #expect(try await library.achievements().isEmpty)
    #expect(try await library.version() == 0)
  }

  @Test func aRunThatReadBeforeAnotherWriteIsRefused() async throws {
    let database = try await TestServer.database()
    let host = TestServer.host("concurrency")
    let first = try PostgresLibrary(database: database, host: host)
    let second = try PostgresLibrary(database: database, host: host)
    let records = LedgerConformance.seedRecords
    _ = try await first.achievements()
    _ = try await second.achievements()
    try await second.commit(try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [], records: records))
    await #expect(throws: PostgresStoreError.self) {
      try await first.commit(
        try LedgerConformance.seedRun(id: "r2", event: "e2", pitched: [], records: [records[0]]))
    }
    #expect(try await first.runs().map(\.id) == ["r1"], "the refused run wrote nothing")
    #expect(try await first.version() == 1)
  }

  @Test func runHistoryKeepsAFailureBesideTheSucceededRunAndItsDecisions() async throws {
    let library = try await TestServer.library("runs")
    let records = LedgerConformance.seedRecords
    var commit = try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records)
    commit.decisions = [
      StageDecision(
        position: 1, stage: "screen", plugin: "torch.screen",
        decision: ScreeningDecision(
          achievement: records[1].id, passed: false, rule: "trl", score: 0.25,
          reason: LocalizedText(zh: "成熟度不足", en: "readiness too low"))),
      StageDecision(
        position: 2, stage: "rank", plugin: "torch.rank",
        decision: ScreeningDecision(
          achievement: records[1].id, passed: true, rule: "rank", reason: LocalizedText(zh: "入选", en: "chosen"))),
    ]
    try await library.commit(commit)
    var failed = commit.run
    failed.status = "failed"
    try await library.recordFailure(run: failed, configText: "broken: [")
    let runs = try await library.runs()
    #expect(Set(runs.map(\.id)) == ["r1", "r1-2"], "a failure never replaces a succeeded run: \(runs.map(\.id))")
    #expect(runs.first { $0.id == "r1" }?.decisionCount == 2)
    #expect(runs.first { $0.id == "r1-2" }?.status == "failed")
    #expect(try await library.configText(ofRun: "r1-2") == "broken: [")
    let decisions = try await library.decisions(for: records[1].id)
    #expect(decisions.map(\.position) == [1, 2])
    #expect(decisions.first?.decision.reason.en == "readiness too low" && decisions.first?.decision.score == 0.25)
    #expect(try await library.decisions(for: records[0].id).isEmpty)
  }

  @Test func recordsReadBackAsWrittenWithUnicodeAndLists() async throws {
    let library = try await TestServer.library("records")
    var record = Achievement(
      id: AchievementID("nkrdp:2024YFB0001"), title: "高效钙钛矿太阳能电池 <script>alert(1)</script>",
      summary: "O'Brien; DROP TABLE record; --", institution: "某大学", team: ["张三", "李四"], field: "新能源",
      readiness: TechnologyReadiness(level: 6) ?? .unknown, province: "江苏", transferModes: [.licence],
      intellectualProperty: ["ZL2024…"], confidentiality: .cleared, year: 2024, fundingWanYuan: 120.5,
      attributes: ["联系人": "王"])
    record.prospect = 0.75
    try await library.commit(try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [], records: [record]))
    #expect(try await library.achievements() == [record])
    #expect(try await library.achievement(record.id) == record)
    #expect(try await library.count() == 1)
  }

  @Test func clearanceUpdatesTheRecordAndKeepsEveryReview() async throws {
    let library = try await TestServer.library("clearance")
    let records = LedgerConformance.seedRecords
    try await library.commit(try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [], records: records))
    let before = try await library.version()
    let review = ClearanceReview(decision: .restricted, reviewer: "审查员", date: "2025-01-02", note: "涉密")
    try await library.recordClearance([(records[2].id, review)], source: "web platform", recordedAt: "t1")
    #expect(try await library.achievement(records[2].id)?.confidentiality == .restricted)
    #expect(try await library.version() == before + 1)
    await #expect(throws: LedgerError.unknownAchievements(["zz:9"])) {
      try await library.recordClearance(
        [(records[0].id, review), (AchievementID("zz:9"), review)], source: "web", recordedAt: "t2")
    }
    #expect(try await library.achievement(records[0].id)?.confidentiality == .cleared, "a refused batch writes nothing")
    let history = try await library.clearanceHistory()
    #expect(history.map(\.id) == [records[2].id] && history.first?.review == review)
  }

  @Test func importCopiesRecordsWithTheirMergesAndCanBeRepeated() async throws {
    let library = try await TestServer.library("import")
    let records = LedgerConformance.seedRecords
    let copied: [(record: Achievement, mergedInto: AchievementID?)] = [
      (records[0], nil), (records[1], nil), (records[2], records[0].id),
    ]
    #expect(try await library.importRecords(copied, at: "t1") == 3)
    #expect(
      try await library.achievements().map(\.id) == [records[0].id, records[1].id], "the merged record is off the list")
    #expect(try await library.allRecords().first { $0.record.id == records[2].id }?.mergedInto == records[0].id)
    var renamed = records[1]
    renamed.title = "renamed"
    try await library.importRecords([(records[2], nil), (renamed, nil)], at: "t2")
    #expect(try await library.achievements().map(\.title) == [records[0].title, "renamed", records[2].title])
    #expect(try await library.version() == 2)
  }
}
