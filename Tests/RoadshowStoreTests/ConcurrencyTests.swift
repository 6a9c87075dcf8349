import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowStore

/// Optimistic concurrency: two runs against one library file cannot lose each other's updates.
@Suite struct ConcurrencyTests {
  static let base = [
    Achievement(id: AchievementID("t:1"), title: "工业机器人", readiness: .level(5)),
    Achievement(id: AchievementID("t:2"), title: "数控机床", readiness: .level(3)),
  ]

  static func decision(on id: String) throws -> StageDecision {
    try StageDecision.make(
      position: 1, stage: "s", plugin: "test.min_trl",
      decision: ScreeningDecision(
        achievement: AchievementID(id), passed: true, rule: "min_trl", reason: LocalizedText(verbatim: "ok")))
  }

  @Test func theSecondOfTwoOverlappingRunsIsRefusedAndWritesNothing() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try await SQLiteLibrary(path: path).commit(
      run: try Fixtures.record(id: "r0"), configText: "0", changed: Self.base, decisions: [])

    // Two runs, each with its own handle, read the same version of the library.
    let first = try SQLiteLibrary(path: path)
    let second = try SQLiteLibrary(path: path)
    #expect(try await first.achievements() == Self.base)
    #expect(try await second.achievements() == Self.base)

    var byFirst = Self.base[0]
    byFirst.title = "协作机器人"
    try await first.commit(
      run: try Fixtures.record(id: "r1", startedAt: "2024-06-02T09:00:00Z"), configText: "1", changed: [byFirst],
      decisions: [try Self.decision(on: "t:1")])

    // The second run's snapshot is stale: its commit is refused, all or nothing.
    var bySecond = Self.base
    bySecond[0].title = "焊接机器人"
    bySecond[1].readiness = .level(9)
    bySecond.append(Achievement(id: AchievementID("t:3"), title: "新成果"))
    await #expect(throws: LibraryError.changedSinceRead(path: path, read: 1, stored: 2)) {
      try await second.commit(
        run: try Fixtures.record(id: "r2", startedAt: "2024-06-03T09:00:00Z"), configText: "2", changed: bySecond,
        decisions: [try Self.decision(on: "t:2")])
    }

    let reader = try SQLiteLibrary(readingAt: path)
    #expect(try await reader.achievements() == [byFirst, Self.base[1]])
    #expect(try await reader.runs().map(\.id) == ["r1", "r0"])
    #expect(try await reader.decisions(for: AchievementID("t:2"), run: "r2").isEmpty)
    #expect(try await reader.version() == 2)

    // A third handle that reads afresh commits; so does the refused run once it has read again.
    let third = try SQLiteLibrary(path: path)
    var byThird = try await third.achievements()
    byThird[1].readiness = .level(6)
    try await third.commit(
      run: try Fixtures.record(id: "r3", startedAt: "2024-06-04T09:00:00Z"), configText: "3", changed: [byThird[1]],
      decisions: [])
    #expect(try await third.version() == 3)
    _ = try await second.achievements()
    try await second.commit(
      run: try Fixtures.record(id: "r4", startedAt: "2024-06-05T09:00:00Z"), configText: "4", changed: [],
      decisions: [])
    #expect(try await reader.achievements() == byThird)
    #expect(try await reader.runs().map(\.id) == ["r4", "r3", "r1", "r0"])
    #expect(try await reader.version() == 4)
  }

  @Test func copiesOfOneHandleShareWhatItRead() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let copy = library
    _ = try await library.achievements()
    try await SQLiteLibrary(path: path).commit(
      run: try Fixtures.record(id: "other"), configText: "x", changed: Self.base, decisions: [])
    await #expect(throws: LibraryError.changedSinceRead(path: path, read: 0, stored: 1)) {
      try await copy.commit(run: try Fixtures.record(id: "mine"), configText: "y", changed: [], decisions: [])
    }
  }

  @Test func aPipelineRunOvertakenByAnotherIsRecordedAsFailedAndChangesNoRecord() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let runner = PipelineRunner(now: Fixtures.clock())
    let earlier = try await runner.run(
      try Fixtures.configuration(records: [("1", "工业机器人", 5), ("2", "数控机床", 3)]), library: library)
    let recordsBefore = try await library.achievements()

    // Another run commits between this run's read and its commit.
    let overtaken = Overtaken(library: try SQLiteLibrary(path: path), other: try SQLiteLibrary(path: path))
    let changing = try Fixtures.configuration(records: [("1", "协作机器人", 6), ("2", "数控机床", 3), ("3", "激光焊接", 7)])
    await #expect(throws: LibraryError.changedSinceRead(path: path, read: 1, stored: 2)) {
      _ = try await runner.run(changing, library: overtaken)
    }

    // The records are exactly the other run's: nothing of the overtaken run was written.
    var expected = recordsBefore
    expected[0].title = "另一次运行改过的标题"
    #expect(try await library.achievements() == expected)
    let runs = try await library.runs()
    #expect(runs.map(\.status) == ["failed", "succeeded", "succeeded"])
    #expect(runs.first?.error?.contains("changed by another run") == true)
    #expect(runs.first?.decisionCount == 0)
    #expect(runs.map(\.id).contains(earlier.record.id))
    #expect(try await library.version() == 2)
  }

  @Test func aFailureNeverReplacesASucceededRunOfTheSameId() async throws {
    // Two runs of one config started in the same second share a run id; the overtaken one fails.
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let first = try SQLiteLibrary(path: path)
    let second = try SQLiteLibrary(path: path)
    try await first.commit(
      run: try Fixtures.record(id: "same"), configText: "a", changed: Self.base,
      decisions: [try Self.decision(on: "t:1")])
    try await second.recordFailure(run: try Fixtures.record(id: "same", status: "failed"), configText: "a")
    try await second.recordFailure(run: try Fixtures.record(id: "same", status: "failed"), configText: "a")

    let runs = try await first.runs()
    #expect(Set(runs.map { "\($0.id) \($0.status)" }) == ["same succeeded", "same-2 failed"])
    #expect(try await first.run("same-2")?.record?.id == "same-2")
    #expect(try await first.decisions(for: AchievementID("t:1"), run: "same").count == 1)
    // A failure of an id that only failed before replaces it, as a commit replaces a run.
    try await first.recordFailure(run: try Fixtures.record(id: "lone", status: "failed"), configText: "a")
    try await first.recordFailure(run: try Fixtures.record(id: "lone", status: "failed"), configText: "b")
    #expect(try await first.runs().filter { $0.id.hasPrefix("lone") }.count == 1)
    #expect(try await first.configText(ofRun: "lone") == "b")
  }

  @Test func theVersionSurvivesReopening() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    #expect(try await library.version() == 0)
    for (index, id) in ["r1", "r2"].enumerated() {
      _ = try await library.achievements()
      try await library.commit(
        run: try Fixtures.record(id: id), configText: "\(index)", changed: Self.base, decisions: [])
    }
    #expect(try await SQLiteLibrary(path: path).version() == 2)
    #expect(try await SQLiteLibrary(readingAt: path).version() == 2)

    // A handle opened after the commits reads version 2 and may commit on it.
    let reopened = try SQLiteLibrary(path: path)
    _ = try await reopened.achievements()
    try await reopened.commit(run: try Fixtures.record(id: "r3"), configText: "3", changed: [], decisions: [])
    #expect(try await reopened.version() == 3)
  }

  @Test func aLibraryWrittenBeforeTheVersionExistedIsReadAsIsAndMigratedOnOpen() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let old = try SQLiteLibrary(path: path, migratingUpTo: "v1")
    let json = try SQLiteLibrary.encode(Self.base[0])
    let runJSON = try SQLiteLibrary.encode(try Fixtures.record(id: "old"))
    try await old.execute(
      sql: """
        INSERT INTO achievement (id, title, trl, json, updated_at) VALUES ('t:1', '工业机器人', 5, '\(json)', '2024');
        INSERT INTO run (id, status, started_at, finished_at, config_file, config_text, record_json)
          VALUES ('old', 'succeeded', '2024-06-01T09:00:00Z', '2024-06-01T09:00:00Z', 'config.yaml', 'a', '\(runJSON)');
        """)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

    // Reading does not migrate: the file stays as the older version wrote it.
    let reader = try SQLiteLibrary(readingAt: path)
    #expect(try await reader.achievements() == [Self.base[0]])
    #expect(try await reader.version() == 0)
    #expect(try await reader.runs().map(\.id) == ["old"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)

    // Opening for writing adds the version and keeps everything.
    let library = try SQLiteLibrary(path: path)
    #expect(try await library.version() == 0)
    #expect(try await library.achievements() == [Self.base[0]])
    try await library.commit(run: try Fixtures.record(id: "new"), configText: "b", changed: Self.base, decisions: [])
    #expect(try await library.version() == 1)
    #expect(try await library.count() == 2)
    #expect(try await library.runs().count == 2)
  }
}

@Suite struct ReadOnlyOpenTests {
  @Test func refusesAnEmptyFileAndLeavesItEmpty() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))

    #expect(throws: LibraryError.notALibrary(path: path)) {
      _ = try SQLiteLibrary(readingAt: path)
    }
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
    #expect(size?.intValue == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["library.sqlite"])
    #expect(LibraryError.notALibrary(path: path).message(.zhCN).contains("不是项目库"))
  }

  @Test func refusesAMissingFileAndCreatesNothing() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    #expect(throws: LibraryError.missing(path: path)) {
      _ = try SQLiteLibrary(readingAt: path)
    }
    #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent))
  }

  @Test func refusesAFileThatIsNotADatabase() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let text = Data("this is not sqlite, just text that is long enough to have a header".utf8)
    try text.write(to: URL(fileURLWithPath: path))
    #expect {
      _ = try SQLiteLibrary(readingAt: path)
    } throws: { error in
      if case .cannotOpen = error as? LibraryError { return true }
      return false
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
  }

  @Test func readsALibraryWithoutWritingToIt() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try await SQLiteLibrary(path: path).commit(
      run: try Fixtures.record(id: "r1"), configText: "a", changed: ConcurrencyTests.base, decisions: [])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

    let reader = try SQLiteLibrary(readingAt: path)
    #expect(try await reader.achievements() == ConcurrencyTests.base)
    #expect(try await reader.count() == 2)
    #expect(try await reader.runs().map(\.id) == ["r1"])
    await #expect(throws: (any Error).self) {
      try await reader.commit(run: try Fixtures.record(id: "r2"), configText: "b", changed: [], decisions: [])
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }
}

/// A library whose commit is overtaken: `other` reads and commits just before it.
private struct Overtaken: ProjectLibrary {
  let library: SQLiteLibrary
  let other: SQLiteLibrary

  func achievements() async throws -> [Achievement] { try await library.achievements() }

  func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) async throws {
    var records = try await other.achievements()
    records[0].title = "另一次运行改过的标题"
    try await other.commit(
      run: try Fixtures.record(id: "other", startedAt: "2000-01-01T00:00:00Z"), configText: "other",
      changed: [records[0]], decisions: [])
    try await library.commit(run: run, configText: configText, changed: changed, decisions: decisions)
  }

  func recordFailure(run: RunRecord, configText: String) async throws {
    try await library.recordFailure(run: run, configText: configText)
  }
}
