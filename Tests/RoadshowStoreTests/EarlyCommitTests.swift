import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowStore

/// The SQLite library writes a run's records while the run goes on (`writesWhileRunning`): what
/// intake changed first, what the stages change at the end, in one transaction.
@Suite struct EarlyCommitTests {
  /// Learns each record's province (an update); when told to, fails, is cancelled, or writes to
  /// the library file through a connection of its own (as the work platform would) first.
  struct ProvinceStage: ScreeningPolicy {
    static let description = PluginDescription(
      id: "test.province", kind: .screening, track: "test", summary: LocalizedText(verbatim: "finds provinces"),
      parameters: [
        ParameterSpec("fail", .boolean, default: "false", doc: LocalizedText(verbatim: "throw")),
        ParameterSpec("cancel", .boolean, default: "false", doc: LocalizedText(verbatim: "cancel the run")),
        ParameterSpec("probe", .text, doc: LocalizedText(verbatim: "a library file to write to")),
      ],
      example: "- plugin: test.province")
    let fail: Bool
    let cancel: Bool
    let probe: String?
    init(parameters: ParameterValues) throws {
      fail = parameters.bool("fail") ?? false
      cancel = parameters.bool("cancel") ?? false
      probe = parameters.string("probe")
    }
    func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
      if fail {
        throw PipelineError(stage: context.stage, plugin: "test.province", message: LocalizedText(verbatim: "boom"))
      }
      if cancel {
        withUnsafeCurrentTask { $0?.cancel() }
        try Task.checkCancellation()
      }
      if let probe {
        try await SQLiteLibrary(path: probe).execute(sql: "CREATE TABLE probe (written INTEGER)")
      }
      let updates = candidates.map { candidate -> Achievement in
        var record = candidate.achievement
        record.province = "吉林"
        return record
      }
      return ScreeningResult(
        passed: candidates,
        decisions: candidates.map {
          ScreeningDecision(achievement: $0.id, passed: true, rule: "p", reason: LocalizedText(verbatim: "ok"))
        },
        updates: updates)
    }
  }

  func configuration(
    titles: [String], fail: Bool = false, cancel: Bool = false, probe: String? = nil
  ) throws -> RoadshowConfiguration {
    let registry = try PluginRegistry(modules: [
      PluginModule(
        track: TrackDescription(id: "test", name: LocalizedText(verbatim: "test"), source: "-"),
        plugins: [.intake(InlineIntake.self), .screening(ProvinceStage.self)])
    ])
    let items: [Tree] = titles.enumerated().map { index, title in
      ["id": .scalar("\(index + 1)"), "title": .scalar(title), "trl": 5]
    }
    let tree: Tree = [
      "programme": ["name": "测试专场"],
      "tracks": ["test"],
      "host": ["name": "测试承办单位"],
      "intake": [["plugin": "test.inline_intake", "with": ["records": .list(items)]]],
      "screening": [
        [
          "plugin": "test.province", "name": "省份",
          "with": .map(
            [("fail", .scalar(String(fail))), ("cancel", .scalar(String(cancel)))]
              + (probe.map { [("probe", Tree.scalar($0))] } ?? [])),
        ]
      ],
    ]
    let file = "/tmp/roadshow-store-tests/early.yaml"
    return try RoadshowConfiguration.build(
      root: tree.node(file: file), file: file, text: "\(titles) \(fail)", registry: registry)
  }

  @Test func recordsWrittenEarlyAndChangedByAStageAreCommittedOnceWithTheStagesChanges() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    #expect(library.writesWhileRunning)
    let outcome = try await PipelineRunner().run(try configuration(titles: ["甲", "乙", "丙"]), library: library)
    #expect(outcome.record.status == "succeeded")
    let stored = try await SQLiteLibrary(readingAt: path).achievements()
    #expect(stored.map(\.title) == ["甲", "乙", "丙"])
    #expect(stored.allSatisfy { $0.province == "吉林" })
    #expect(try await library.version() == 1)
    #expect(try await library.decisions(for: AchievementID("t:2")).map(\.stage) == ["省份"])
  }

  @Test func aRunFailingAfterTheEarlyWriteLeavesTheLibraryAsItWasAndRecordsTheFailure() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    _ = try await PipelineRunner().run(try configuration(titles: ["甲"]), library: library)
    await #expect(throws: PipelineError.self) {
      _ = try await PipelineRunner().run(try configuration(titles: ["甲改", "乙"], fail: true), library: library)
    }
    let stored = try await SQLiteLibrary(readingAt: path).achievements()
    #expect(stored.map(\.title) == ["甲"])
    #expect(try await library.version() == 1)
    #expect(try await library.runs().map(\.status).sorted() == ["failed", "succeeded"])
    // The library is free again: the next run commits.
    _ = try await PipelineRunner().run(try configuration(titles: ["甲", "乙"]), library: library)
    #expect(try await SQLiteLibrary(readingAt: path).achievements().count == 2)
  }

  /// Cancelled in its funnel, after the library began writing: nothing is written, and the
  /// library takes the next run's commit at once.
  @Test func aRunCancelledAfterTheEarlyWriteWritesNothing() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let config = try configuration(titles: ["甲", "乙"], cancel: true)
    await #expect(throws: CancellationError.self) { _ = try await PipelineRunner().run(config, library: library) }
    #expect(try await SQLiteLibrary(readingAt: path).achievements().isEmpty)
    _ = try await PipelineRunner().run(try configuration(titles: ["丙"]), library: library)
    #expect(try await SQLiteLibrary(readingAt: path).achievements().map(\.title) == ["丙"])
  }

  /// Beside the work platform (`writesWhileRunning = false`) a run holds no lock while it
  /// screens: another connection writes to the file meanwhile, and the run still commits.
  @Test func aRunBesideThePlatformLetsOthersWriteWhileItScreens() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    var library = try SQLiteLibrary(path: path)
    library.writesWhileRunning = false
    let outcome = try await PipelineRunner().run(try configuration(titles: ["甲"], probe: path), library: library)
    #expect(outcome.record.status == "succeeded")
    let probed = try await SQLiteLibrary(readingAt: path).read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'probe'") == 1
    }
    #expect(probed)
    #expect(try await SQLiteLibrary(readingAt: path).achievements().map(\.province) == ["吉林"])
  }
}
