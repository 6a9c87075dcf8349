import Foundation
import RoadshowKernel

/// The programme ledger's conformance suite: the behaviour every store (SQLite today,
/// PostgreSQL for many hosts) must show, run against a fresh, empty ledger per check.
///
/// ```swift
/// let failures = await LedgerConformance.run { try SQLiteLibrary(path: temporaryFile()) }
/// #expect(failures.isEmpty, "\(failures)")
/// ```
public enum LedgerConformance {
  /// One check a ledger did not pass.
  public struct Failure: Sendable, CustomStringConvertible {
    /// The check.
    public var check: String
    /// What went wrong.
    public var message: String

    public var description: String { "[\(check)] \(message)" }
  }

  /// The names of the checks, in the order they run.
  public static let checks = [
    "records_event_with_pitches", "rerun_replaces_event", "snapshot_has_pitches", "milestones_append_only",
    "milestones_all_or_nothing", "merged_records_leave_the_list", "declared_links_checked", "attendance_recorded",
  ]

  /// Runs every check, each on a new ledger from `make`, and returns the failures.
  public static func run<Ledger: ProgrammeLedger>(
    make: @Sendable () async throws -> Ledger
  ) async -> [Failure] {
    var failures: [Failure] = []
    for check in checks {
      do {
        let ledger = try await make()
        failures += try await run(check, on: ledger)
      } catch {
        failures.append(Failure(check: check, message: "threw \(error)"))
      }
    }
    return failures
  }

  /// Two records, a run that pitched the first at an event, for seeding.
  public static func seedRun(
    id: String, event: String, series: String = "series", pitched: [AchievementID], date: String = "2024-09-20",
    records: [Achievement]
  ) throws -> RunCommit {
    let json = """
      {"id": "\(id)", "status": "succeeded", "config": "test.yaml", "programme": {"name": "programme \(event)"},
       "host": "host", "locale": "zh-CN", "tracks": ["torch"], "startedAt": "\(date)T09:00:00Z",
       "finishedAt": "\(date)T09:00:01Z", "libraryBefore": 0, "libraryAfter": \(records.count), "intake": [],
       "funnel": [], "selected": [], "coachingPlans": 0, "coachingGaps": 0, "events": [], "followUpCases": 0,
       "indicators": [], "outputs": []}
      """
    let run = try JSONDecoder().decode(RunRecord.self, from: Data(json.utf8))
    var programmeEvent = ProgrammeEvent(
      key: event, programme: "programme \(event)", series: series, year: 2024,
      host: LedgerHost(name: "host", level: .city, parent: "province", province: "江苏"), date: date, run: id,
      formats: ["torch.onsite_roadshow"], meetingsScheduled: 3, pitched: pitched,
      participants: [EventParticipant(name: "enterprise A", role: .enterprise)],
      responses: pitched.map { EnterpriseInterest(achievement: $0, enterprise: "enterprise A", level: .high) },
      demands: [EnterpriseDemand(id: "d1", enterprise: "enterprise A", title: "a demand")])
    programmeEvent.collected = records.count
    programmeEvent.screened = records.count
    return RunCommit(run: run, configText: "", changed: records, decisions: [], event: programmeEvent)
  }

  /// Records `a:1`, `a:2` and `b:1` for seeding.
  public static var seedRecords: [Achievement] {
    [
      Achievement(id: AchievementID("a:1"), title: "one", institution: "I", confidentiality: .cleared),
      Achievement(id: AchievementID("a:2"), title: "two", institution: "I", confidentiality: .cleared),
      Achievement(id: AchievementID("b:1"), title: "one", institution: "I", confidentiality: .pending),
    ]
  }

  static func entry(_ id: String, _ kind: MilestoneKind, _ date: String, supersedes: Int? = nil) -> MilestoneEntry {
    MilestoneEntry(
      achievement: AchievementID(id), kind: kind, date: date, amountWanYuan: kind == .contract ? 100 : nil,
      party: "enterprise A", supersedes: supersedes, recordedAt: "2025-01-01T00:00:00Z", recordedBy: "tester",
      source: "test")
  }

  // swift-format-ignore: FunctionBodyLength
  static func run(_ check: String, on ledger: some ProgrammeLedger) async throws -> [Failure] {
    var failures: [Failure] = []
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { failures.append(Failure(check: check, message: message())) }
    }
    let records = seedRecords
    switch check {
    case "records_event_with_pitches":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      let events = try await ledger.events()
      expect(events.count == 1, "expected 1 event, got \(events.count)")
      if let event = events.first {
        expect(event.key == "e1" && event.run == "r1", "event key/run: \(event.key) \(event.run)")
        expect(event.pitched == [records[0].id], "pitched: \(event.pitched)")
        expect(event.participants.map(\.name) == ["enterprise A"], "participants: \(event.participants)")
        expect(event.responses.count == 1 && event.responses.first?.level == .high, "responses: \(event.responses)")
        expect(event.demands.map(\.id) == ["d1"], "demands: \(event.demands)")
        expect(
          event.meetingsScheduled == 3 && event.collected == 3, "counts: \(event.meetingsScheduled) \(event.collected)")
        expect(event.host.level == .city && event.host.parent == "province", "host: \(event.host)")
      }
      let hosts = try await ledger.hosts()
      expect(hosts.map(\.name) == ["host"], "hosts: \(hosts)")
    case "rerun_replaces_event":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      _ = try await ledger.achievements()
      try await ledger.commit(try seedRun(id: "r2", event: "e1", pitched: [records[1].id], records: []))
      let events = try await ledger.events()
      expect(events.count == 1, "a re-run must not add an event: \(events.map(\.key))")
      expect(events.first?.pitched == [records[1].id], "the re-run's pitches: \(events.first?.pitched ?? [])")
      expect(events.first?.run == "r2", "the event's run: \(events.first?.run ?? "")")
    case "snapshot_has_pitches":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      _ = try await ledger.achievements()
      try await ledger.commit(
        try seedRun(id: "r2", event: "e2", pitched: [records[0].id, records[1].id], date: "2024-10-20", records: []))
      let snapshot = try await ledger.snapshot()
      let first = snapshot.pitches[records[0].id] ?? []
      expect(Set(first.map(\.event)) == ["e1", "e2"], "pitches of a:1: \(first.map(\.event))")
      expect(first.allSatisfy { $0.series == "series" }, "series: \(first.map(\.series))")
      expect(snapshot.pitches[records[1].id]?.map(\.event) == ["e2"], "pitches of a:2")
    case "milestones_append_only":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      let first = try await ledger.record([entry("a:1", .intent, "2024-10-01"), entry("a:1", .contract, "2024-11-01")])
      let numbers = first.compactMap(\.sequence)
      expect(numbers.count == 2 && numbers[0] < numbers[1], "sequence numbers: \(numbers)")
      let correction = try await ledger.record([entry("a:1", .contract, "2024-11-02", supersedes: numbers.last)])
      let all = try await ledger.milestones(for: records[0].id)
      expect(all.count == 3, "history keeps every entry: \(all.count)")
      let standing = MilestoneEntry.standing(all)
      expect(
        standing.map(\.date) == ["2024-10-01", "2024-11-02"], "standing entries: \(standing.map(\.date))")
      expect(correction.first?.supersedes == numbers.last, "the correction names the entry it corrects")
      let other = try await ledger.milestones(for: records[1].id)
      expect(other.isEmpty, "another record's history is empty: \(other.count)")
    case "milestones_all_or_nothing":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      do {
        _ = try await ledger.record([entry("a:1", .intent, "2024-10-01"), entry("zz:9", .intent, "2024-10-01")])
        expect(false, "an unknown achievement must be refused")
      } catch let error as LedgerError {
        expect(error == .unknownAchievements(["zz:9"]), "error: \(error)")
      }
      do {
        _ = try await ledger.record([
          entry("a:1", .intent, "2024-10-01"), entry("a:1", .contract, "2024-10-02", supersedes: 999),
        ])
        expect(false, "a correction of an unknown entry must be refused")
      } catch let error as LedgerError {
        expect(error == .unknownEntry(999), "error: \(error)")
      }
      let all = try await ledger.milestones(for: nil)
      expect(all.isEmpty, "a refused batch writes nothing: \(all.count) entries")
    case "merged_records_leave_the_list":
      var commit = try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: Array(records.prefix(2)))
      commit.merged = [
        (
          records[2],
          IdentityLink(
            record: records[2].id, into: records[0].id, reason: .sameTitleAndInstitution, linkedAt: "t",
            linkedBy: "run r1")
        )
      ]
      try await ledger.commit(commit)
      let listed = try await ledger.achievements().map(\.id)
      expect(listed == [records[0].id, records[1].id], "merged record left the list: \(listed)")
      let all = try await ledger.allRecords()
      expect(
        all.first { $0.record.id == records[2].id }?.mergedInto == records[0].id, "allRecords marks the merged record")
      let links = try await ledger.links()
      expect(links.count == 1 && links.first?.isActive == true, "one active link: \(links)")
      try await ledger.unlink(records[2].id, by: "tester", at: "t2")
      let after = try await ledger.achievements().map(\.id)
      expect(after.contains(records[2].id), "unmerged record is back: \(after)")
      let undone = try await ledger.links()
      expect(undone.count == 1 && undone.first?.undoneBy == "tester", "the link is kept, marked undone: \(undone)")
      let snapshot = try await ledger.snapshot()
      expect(snapshot.links.count == 1 && snapshot.links.first?.isActive == false, "snapshot carries undone links")
    case "declared_links_checked":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [], records: records))
      func refused(_ record: String, _ into: String) async -> Bool {
        do {
          try await ledger.link(AchievementID(record), into: AchievementID(into), by: "tester", at: "t")
          return false
        } catch { return error is LedgerError }
      }
      expect(await refused("a:1", "a:1"), "a record cannot be linked to itself")
      expect(await refused("a:1", "zz:9"), "an unknown record cannot be linked")
      try await ledger.link(records[2].id, into: records[0].id, by: "tester", at: "t")
      expect(await refused(records[2].id.rawValue, records[1].id.rawValue), "an already merged record is refused")
      expect(await refused(records[1].id.rawValue, records[2].id.rawValue), "linking into a merged record is refused")
      expect(await refused(records[0].id.rawValue, records[1].id.rawValue), "a record others merge into is refused")
      let listed = try await ledger.achievements().map(\.id)
      expect(listed == [records[0].id, records[1].id], "declared link takes the record off the list: \(listed)")
      do {
        try await ledger.unlink(records[1].id, by: "tester", at: "t")
        expect(false, "undoing a link that does not exist must be refused")
      } catch {}
    case "attendance_recorded":
      try await ledger.commit(try seedRun(id: "r1", event: "e1", pitched: [records[0].id], records: records))
      try await ledger.recordAttendance(
        [
          EventParticipant(name: "enterprise A", role: .enterprise, attended: true),
          EventParticipant(name: "walk-in B", role: .investor, attended: true),
        ], event: "e1", by: "tester", at: "t")
      let people = try await ledger.events().first?.participants ?? []
      expect(
        people.contains { $0.name == "enterprise A" && $0.attended == true }, "registered and attended: \(people)")
      expect(people.contains { $0.name == "walk-in B" && $0.role == .investor }, "a walk-in is added: \(people)")
      do {
        try await ledger.recordAttendance([], event: "nope", by: "tester", at: "t")
        expect(false, "an unknown event must be refused")
      } catch let error as LedgerError {
        expect(error == .unknownEvent("nope"), "error: \(error)")
      }
    default:
      expect(false, "unknown check")
    }
    return failures
  }
}
