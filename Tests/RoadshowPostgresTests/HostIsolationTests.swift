import Foundation
import RoadshowKernel
import RoadshowLedgerTesting
import RoadshowPostgres
import RoadshowServices
import Testing

/// Many hosts share one database: host B's store never reads or changes host A's rows, not even
/// when it names them by id.
@Suite(.enabled(if: TestServer.enabled, TestServer.reason))
struct HostIsolationTests {
  @Test func hostBCannotReadOrChangeHostARowsEvenById() async throws {
    let database = try await TestServer.database()
    let a = try PostgresLibrary(database: database, host: TestServer.host("host-A"))
    let b = try PostgresLibrary(database: database, host: TestServer.host("host-B"))
    let records = LedgerConformance.seedRecords
    try await a.commit(try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
    let entries = try await a.record([
      MilestoneEntry(
        achievement: records[0].id, kind: .intent, date: "2024-10-01", recordedAt: "t", recordedBy: "A", source: "t")
    ])
    let (round, experts) = LedgerConformance.seedRound
    try await a.saveRound(round, experts: experts)
    try await a.assign([ReviewAssignment(round: "panel", achievement: records[0].id, expert: "E2")], round: "panel")
    let aBefore = try await a.snapshot()
    let aVersion = try await a.version()

    // Reading: B sees nothing of A's.
    #expect(try await b.achievements().isEmpty)
    #expect(try await b.achievement(records[0].id) == nil, "not even by id")
    #expect(try await b.allRecords().isEmpty)
    #expect(try await b.events().isEmpty)
    #expect(try await b.hosts().isEmpty)
    #expect(try await b.links().isEmpty)
    #expect(try await b.milestones(for: records[0].id).isEmpty)
    #expect(try await b.milestones(for: nil).isEmpty)
    #expect(try await b.reviewRounds().isEmpty)
    #expect(try await b.experts(round: "panel").isEmpty)
    #expect(try await b.assignments(round: "panel").isEmpty)
    #expect(try await b.runs().isEmpty)
    #expect(try await b.configText(ofRun: "r1") == nil)
    #expect(try await b.version() == 0)

    // Writing: every change B names by A's ids is refused, and nothing of A's moves.
    await #expect(throws: LedgerError.unknownAchievements([records[0].id.rawValue])) {
      _ = try await b.record([
        MilestoneEntry(
          achievement: records[0].id, kind: .contract, date: "2024-11-01", recordedAt: "t", recordedBy: "B",
          source: "t")
      ])
    }
    await #expect(throws: LedgerError.self) {
      try await b.link(records[2].id, into: records[0].id, by: "B", at: "t")
    }
    await #expect(throws: LedgerError.self) { try await b.unlink(records[2].id, by: "B", at: "t") }
    await #expect(throws: LedgerError.unknownEvent("e1")) {
      try await b.recordAttendance(
        [EventParticipant(name: "enterprise A", role: .enterprise, attended: false)], event: "e1", by: "B", at: "t")
    }
    await #expect(throws: LedgerError.unknownAchievements([records[0].id.rawValue])) {
      try await b.recordClearance(
        [(records[0].id, ClearanceReview(decision: .restricted, reviewer: "B", date: "2025-01-01"))],
        source: "B", recordedAt: "t")
    }
    await #expect(throws: ReviewLedgerError.unknownRound("panel")) {
      try await b.assign([], round: "panel")
    }
    await #expect(throws: ReviewLedgerError.self) {
      try await b.record([
        Review(round: "panel", achievement: records[0].id, expert: "E2", scores: ["advancement": 1])
      ])
    }

    // B keeps records with the same ids as its own; A's are untouched.
    var own = records[0]
    own.title = "B's own record"
    try await b.commit(try LedgerConformance.seedRun(id: "r1", event: "e1", pitched: [own.id], records: [own]))
    // B's milestone that names A's entry as the one it corrects is refused: A's entries do not exist for B.
    await #expect(throws: LedgerError.unknownEntry(entries[0].sequence ?? -1)) {
      _ = try await b.record([
        MilestoneEntry(
          achievement: own.id, kind: .intent, date: "2024-12-01", supersedes: entries[0].sequence, recordedAt: "t",
          recordedBy: "B", source: "t")
      ])
    }
    #expect(try await b.achievements().map(\.title) == ["B's own record"])
    #expect(try await a.achievements() == records.sorted { $0.id < $1.id })
    #expect(try await a.achievement(records[0].id)?.title == records[0].title)
    let aAfter = try await a.snapshot()
    #expect(aAfter.events == aBefore.events)
    #expect(aAfter.milestones == aBefore.milestones && aAfter.links == aBefore.links)
    #expect(try await a.version() == aVersion, "B's writes did not move A's library version")
    #expect(try await a.reviews(round: "panel").isEmpty)
  }

  @Test func accountsAndSubmissionsAreTheHostsOwn() async throws {
    let database = try await TestServer.database()
    let hostA = TestServer.host("platform-A")
    let a = try PostgresPlatformStore(database: database, host: hostA)
    let b = try PostgresPlatformStore(database: database, host: TestServer.host("platform-B"))
    let account = PlatformAccount(
      username: "wang", displayName: "王", role: .holder, scope: nil, passwordHash: "hash-a", createdAt: "t")
    try await a.addAccount(account)
    await #expect(throws: PlatformError.duplicateUsername("wang")) { try await a.addAccount(account) }
    #expect(try await b.account(named: "wang") == nil, "B cannot read A's account by name")
    await #expect(throws: PlatformError.unknownUser("wang")) { try await b.setDisabled(true, username: "wang") }
    var other = account
    other.passwordHash = "hash-b"
    try await b.addAccount(other)
    try await a.setDisabled(true, username: "wang")
    #expect(try await a.account(named: "wang")?.disabled == true)
    let bs = try await b.account(named: "wang")
    #expect(bs?.disabled == false && bs?.passwordHash == "hash-b")
    #expect(try await a.accounts().map(\.username) == ["wang"])

    let form = SubmissionForm(title: "一种新型催化剂", institution: "某研究所", field: "新材料", trl: "5", host: hostA)
    let record = try form.validated().get()
    let submission = Submission(
      achievement: record, host: hostA, submittedBy: "wang", submittedAt: "2025-01-01T00:00:00Z")
    try await a.submit(submission)
    await #expect(throws: PlatformError.self) { try await a.submit(submission) }
    #expect(try await a.submission(record.id) == submission)
    #expect(try await a.submissions(host: hostA) == [submission])
    #expect(try await a.submissions(host: nil) == [submission])
    #expect(try await a.submissions(host: "elsewhere").isEmpty)
    #expect(try await b.submission(record.id) == nil, "B cannot read A's submission by id")
    #expect(try await b.submissions(host: nil).isEmpty)

    // The submitted record is in A's library, pending review, and only there.
    let libraryA = try PostgresLibrary(database: database, host: hostA)
    let libraryB = try PostgresLibrary(database: database, host: b.host)
    #expect(try await libraryA.achievement(record.id)?.confidentiality == .pending)
    #expect(try await libraryA.version() == 1, "a submission moves the library version on")
    #expect(try await libraryB.achievement(record.id) == nil)
  }

  @Test func sessionsAreTheHostsOwnAndEndWhenTheyExpire() async throws {
    let database = try await TestServer.database()
    let a = try PostgresPlatformStore(database: database, host: TestServer.host("sessions-A"))
    let b = try PostgresPlatformStore(database: database, host: TestServer.host("sessions-B"))
    let live = PlatformSession(key: "k-live", username: "wang", csrf: "c1", expires: 2_000)
    let ended = PlatformSession(key: "k-ended", username: "li", csrf: "c2", expires: 1_100)
    try await a.openSession(ended, now: 1_000)
    try await a.openSession(live, now: 1_000)
    #expect(try await a.session(key: "k-live", now: 1_500) == live)
    #expect(try await a.session(key: "k-ended", now: 1_500) == nil, "ended at 1,100")
    #expect(try await a.session(key: "k-live", now: 2_000) == nil, "a session ends at its time")
    #expect(try await b.session(key: "k-live", now: 1_500) == nil, "B cannot read A's session by its key")
    try await b.closeSession(key: "k-live")
    #expect(try await a.session(key: "k-live", now: 1_500) == live, "nor end it")
    // Opening another session forgets the ended ones; closing ends one.
    try await a.openSession(PlatformSession(key: "k-new", username: "wang", csrf: "c3", expires: 3_000), now: 1_500)
    #expect(try await a.session(key: "k-ended", now: 1_000) == nil, "removed when it had ended")
    try await a.closeSession(key: "k-live")
    #expect(try await a.session(key: "k-live", now: 1_500) == nil)
    #expect(try await a.session(key: "k-new", now: 1_500)?.csrf == "c3")
  }

  @Test func aHandleNeedsAHost() async throws {
    let database = try await TestServer.database()
    #expect(throws: PostgresStoreError.missingHost) { try PostgresLibrary(database: database, host: "  ") }
    #expect(throws: PostgresStoreError.missingHost) { try PostgresPlatformStore(database: database, host: "") }
  }
}

/// Opening needs no server to refuse what cannot work.
struct PostgresOpeningTests {
  @Test func aMalformedURLIsRefusedWithoutItsPassword() async {
    do {
      _ = try await PostgresPool.open(url: "mysql://user:secret@127.0.0.1/db")
      Issue.record("a URL of another scheme must be refused")
    } catch let error as PostgresStoreError {
      guard case .invalidURL(let shown) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(!shown.contains("secret"), "the password is not shown: \(shown)")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func anUnreachableServerIsReportedWithItsLocation() async {
    do {
      _ = try await PostgresPool.open(url: "postgres://roadshow:secret@127.0.0.1:1/roadshow")
      Issue.record("nothing listens on port 1")
    } catch let error as PostgresStoreError {
      guard case .cannotConnect(let location, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(location == "postgres://roadshow@127.0.0.1:1/roadshow")
      #expect(error.message(.zhCN).contains("无法连接"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }
}
