import Foundation
import RoadshowKernel
import RoadshowLedgerTesting
import Testing

@testable import RoadshowStore

@Suite struct LedgerTests {
  static func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite").path
  }

  @Test func sqlitePassesTheLedgerConformanceSuite() async {
    let failures = await LedgerConformance.run { try SQLiteLibrary(path: Self.temporaryPath()) }
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test func conformanceSuiteCatchesALedgerThatForgetsPitches() async {
    // A ledger that drops what the runs recorded must fail the suite: the suite can fail.
    let failures = await LedgerConformance.run { ForgetfulLedger(base: try SQLiteLibrary(path: Self.temporaryPath())) }
    #expect(failures.contains { $0.check == "records_event_with_pitches" })
    #expect(failures.contains { $0.check == "snapshot_has_pitches" })
  }

  @Test func migratesATodaysLibraryToTheLedgerKeepingEveryRecord() async throws {
    let path = Self.temporaryPath()
    let old = try SQLiteLibrary(path: path, migratingUpTo: "v4-columns")
    let records = LedgerConformance.seedRecords
    try await old.commit(try LedgerConformance.seedRun(id: "r0", event: "e0", pitched: [], records: records))
    #expect(try await old.events().isEmpty, "before v5 there is no ledger to read")

    // A read-only handle reads the old file as it is.
    let reader = try SQLiteLibrary(readingAt: path)
    #expect(try await reader.achievements().map(\.id) == records.map(\.id).sorted())
    #expect(try await reader.events().isEmpty)

    let migrated = try SQLiteLibrary(path: path)
    #expect(try await migrated.achievements() == records.sorted { $0.id < $1.id })
    #expect(try await migrated.events().isEmpty)
    #expect(try await migrated.milestones(for: nil).isEmpty)
    _ = try await migrated.achievements()
    try await migrated.commit(
      try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: []))
    #expect(try await migrated.events().map(\.pitched) == [[records[0].id]])
    #expect(try await migrated.runs().count == 2, "the run before the migration is kept")
  }

  @Test func failedCommitWritesNoLedgerRows() async throws {
    var library = try SQLiteLibrary(path: Self.temporaryPath())
    library.failAfterWriting = 1
    let records = LedgerConformance.seedRecords
    await #expect(throws: LibraryError.self) {
      try await library.commit(
        try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
    }
    #expect(try await library.events().isEmpty)
    #expect(try await library.snapshot().pitches.isEmpty)
  }
}

/// A ledger that records runs but forgets their events.
struct ForgetfulLedger: ProgrammeLedger {
  let base: SQLiteLibrary
  func achievements() async throws -> [Achievement] { try await base.achievements() }
  func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) async throws {
    try await base.commit(run: run, configText: configText, changed: changed, decisions: decisions)
  }
  func recordFailure(run: RunRecord, configText: String) async throws {
    try await base.recordFailure(run: run, configText: configText)
  }
  func snapshot() async throws -> LedgerSnapshot { .empty }
  func commit(_ commit: RunCommit) async throws {
    var commit = commit
    commit.event = nil
    try await base.commit(commit)
  }
  func events() async throws -> [ProgrammeEvent] { try await base.events() }
  func hosts() async throws -> [LedgerHost] { try await base.hosts() }
  func record(_ entries: [MilestoneEntry]) async throws -> [MilestoneEntry] { try await base.record(entries) }
  func milestones(for achievement: AchievementID?) async throws -> [MilestoneEntry] {
    try await base.milestones(for: achievement)
  }
  func links() async throws -> [IdentityLink] { try await base.links() }
  func link(_ record: AchievementID, into: AchievementID, by: String, at: String) async throws {
    try await base.link(record, into: into, by: by, at: at)
  }
  func unlink(_ record: AchievementID, by: String, at: String) async throws {
    try await base.unlink(record, by: by, at: at)
  }
  func allRecords() async throws -> [(record: Achievement, mergedInto: AchievementID?)] { try await base.allRecords() }
  func recordAttendance(_ entries: [EventParticipant], event: String, by: String, at: String) async throws {
    try await base.recordAttendance(entries, event: event, by: by, at: at)
  }
}
