import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowStore

@Suite struct SQLiteLibraryTests {
  @Test func opensAndMigratesAFileInAFolderThatDoesNotExistYet() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(try await library.count() == 0)
    #expect(try await library.runs().isEmpty)
    // Opening again runs no migration twice.
    let again = try SQLiteLibrary(path: path)
    #expect(try await again.count() == 0)
  }

  @Test func refusesAFileThatIsNotADatabase() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data("this is not sqlite, just text that is long enough to have a header".utf8).write(
      to: URL(fileURLWithPath: path))
    #expect {
      _ = try SQLiteLibrary(path: path)
    } throws: { error in
      if case .cannotOpen = error as? LibraryError { return true }
      return false
    }
  }

  @Test func recommittingTheSameRecordsNeverDuplicatesThem() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let records = [
      Achievement(id: AchievementID("t:1"), title: "工业机器人", readiness: .level(5)),
      Achievement(id: AchievementID("t:2"), title: "数控机床", readiness: .unknown),
    ]
    try await library.commit(run: try Fixtures.record(id: "r1"), configText: "a", changed: records, decisions: [])
    try await library.commit(run: try Fixtures.record(id: "r2"), configText: "a", changed: records, decisions: [])
    #expect(try await library.count() == 2)

    var renamed = records[0]
    renamed.title = "协作机器人"
    renamed.readiness = .level(7)
    renamed.province = "江苏"
    try await library.commit(run: try Fixtures.record(id: "r3"), configText: "a", changed: [renamed], decisions: [])
    #expect(try await library.count() == 2)

    let reopened = try SQLiteLibrary(path: path)
    let stored = try await reopened.achievements()
    #expect(stored.map(\.id.rawValue) == ["t:1", "t:2"])
    #expect(stored[0] == renamed)
    #expect(stored[1] == records[1])
    #expect(try await reopened.runs().count == 3)
  }

  @Test func rerunningAPipelineUpdatesRecordsInPlace() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let runner = PipelineRunner(now: Fixtures.clock())
    let first = try Fixtures.configuration(records: [("1", "工业机器人", 5), ("2", "数控机床", 3)])
    _ = try await runner.run(first, library: library)
    _ = try await runner.run(first, library: library)
    #expect(try await library.count() == 2)

    let corrected = try Fixtures.configuration(records: [("1", "协作机器人", 6), ("2", "数控机床", 3), ("3", "激光焊接", 7)])
    let outcome = try await runner.run(corrected, library: library)
    #expect(outcome.record.intake.first?.added == 1)
    #expect(outcome.record.intake.first?.updated == 1)
    let stored = try await library.achievements()
    #expect(stored.map(\.id.rawValue) == ["t:1", "t:2", "t:3"])
    #expect(stored[0].title == "协作机器人")
    #expect(stored[0].readiness == .level(6))
    #expect(try await library.runs().map(\.status) == ["succeeded", "succeeded", "succeeded"])
  }

  @Test func anInterruptedCommitLeavesTheLibraryExactlyAsItWas() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    var library = try SQLiteLibrary(path: path)
    let before = [
      Achievement(id: AchievementID("t:1"), title: "工业机器人", readiness: .level(5)),
      Achievement(id: AchievementID("t:2"), title: "数控机床"),
    ]
    try await library.commit(run: try Fixtures.record(id: "r1"), configText: "a", changed: before, decisions: [])
    let runsBefore = try await library.runs().map(\.id)

    var changed = before
    changed[0].title = "改过的标题"
    changed[1].readiness = .level(8)
    changed.append(Achievement(id: AchievementID("t:3"), title: "新成果"))
    let decision = try StageDecision.make(
      position: 1, stage: "s", plugin: "test.min_trl",
      decision: ScreeningDecision(
        achievement: AchievementID("t:1"), passed: true, rule: "min_trl", reason: LocalizedText(verbatim: "ok")))
    library.failAfterWriting = 2
    await #expect(throws: LibraryError.injectedFailure(written: 2)) {
      try await library.commit(
        run: try Fixtures.record(id: "r2", startedAt: "2024-06-02T09:00:00Z"), configText: "b", changed: changed,
        decisions: [decision])
    }

    #expect(try await library.achievements() == before)
    #expect(try await library.runs().map(\.id) == runsBefore)
    #expect(try await library.decisions(for: AchievementID("t:1"), run: "r2").isEmpty)
  }

  @Test func aRunThatFailsAtTheEventStageLeavesRecordsUnchangedButIsRecorded() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let runner = PipelineRunner(now: Fixtures.clock())
    let good = try Fixtures.configuration(records: [("1", "工业机器人", 5), ("2", "数控机床", 3)])
    let first = try await runner.run(good, library: library)
    let recordsBefore = try await library.achievements()

    // Intake succeeds (one record changes, one is new), then the event plugin throws.
    let failing = try Fixtures.configuration(
      records: [("1", "协作机器人", 6), ("2", "数控机床", 3), ("3", "激光焊接", 7)], failEvent: true)
    await #expect(throws: PipelineError.self) {
      _ = try await runner.run(failing, library: library)
    }

    #expect(try await library.achievements() == recordsBefore)
    #expect(try await library.count() == 2)
    let runs = try await library.runs()
    #expect(runs.map(\.status) == ["failed", "succeeded"])
    let failed = try #require(runs.first)
    #expect(failed.error?.contains("场地不可用") == true)
    #expect(failed.decisionCount == 0)
    #expect(try await library.configText(ofRun: failed.id) == failing.text)
    // "Why" still answers from the last succeeded run.
    #expect(try await library.latestSucceededRun()?.id == first.record.id)
    #expect(try await library.decisions(for: AchievementID("t:1")).map(\.decision.passed) == [true])
  }

  @Test func decisionsAnswerWhyAProjectWasNotSelected() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let runner = PipelineRunner(now: Fixtures.clock())
    let lenient = try await runner.run(
      try Fixtures.configuration(records: [("1", "工业机器人", 5), ("2", "数控机床", 3)], minTRL: 3), library: library)
    let strict = try await runner.run(
      try Fixtures.configuration(records: [("1", "工业机器人", 5), ("2", "数控机床", 3)], minTRL: 4), library: library)

    let why = try await library.decisions(for: AchievementID("t:2"))
    #expect(why.count == 1)
    let decision = try #require(why.first)
    #expect(decision.position == 1)
    #expect(decision.stage == "成熟度")
    #expect(decision.plugin == "test.min_trl")
    #expect(decision.decision.passed == false)
    #expect(decision.decision.rule == "min_trl")
    #expect(decision.decision.score == 3)
    #expect(decision.decision.reason.zh == "技术成熟度 3 < 4")
    #expect(decision.decision.reason.en == "TRL 3 < 4")

    // An earlier run can be asked by id; an unknown record has no decisions.
    #expect(
      try await library.decisions(for: AchievementID("t:2"), run: lenient.record.id).map(\.decision.passed) == [true])
    #expect(try await library.decisions(for: AchievementID("t:9")).isEmpty)
    #expect(try await library.runs().first?.id == strict.record.id)
    #expect(try await library.runs().first?.decisionCount == 2)
    #expect(try await library.runs().first?.selectedCount == 1)
  }

  @Test func theSameRunIdRecordedTwiceReplacesTheEarlierRun() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let record = [Achievement(id: AchievementID("t:1"), title: "工业机器人")]
    let decision = try StageDecision.make(
      position: 1, stage: "s", plugin: "p",
      decision: ScreeningDecision(
        achievement: AchievementID("t:1"), passed: true, rule: "r", reason: LocalizedText(verbatim: "ok")))
    try await library.commit(
      run: try Fixtures.record(id: "same"), configText: "a", changed: record, decisions: [decision])
    try await library.commit(
      run: try Fixtures.record(id: "same"), configText: "a", changed: record, decisions: [decision])
    #expect(try await library.runs().count == 1)
    #expect(try await library.decisions(for: AchievementID("t:1"), run: "same").count == 1)
  }
}

extension StageDecision {
  /// Builds a decision through its Codable form (the kernel gives it no public initialiser).
  static func make(position: Int, stage: String, plugin: String, decision: ScreeningDecision) throws -> StageDecision {
    struct Mirror: Encodable {
      var position: Int
      var stage: String
      var plugin: String
      var decision: ScreeningDecision
    }
    let data = try JSONEncoder().encode(Mirror(position: position, stage: stage, plugin: plugin, decision: decision))
    return try JSONDecoder().decode(StageDecision.self, from: data)
  }
}
