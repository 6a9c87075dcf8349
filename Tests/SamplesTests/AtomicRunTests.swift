import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowStore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The `roadshow` executable next to the test bundle (`swift test` builds it), or in `.build/debug`.
func roadshowExecutable() -> URL? {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  return [
    beside.appendingPathComponent("roadshow"), beside.deletingLastPathComponent().appendingPathComponent("roadshow"),
    repository.appendingPathComponent(".build/debug/roadshow"),
  ].first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// A run of the main sample in a child process, with `ROADSHOW_FAULT` set to `fault`, killed with
/// SIGKILL after `killAfter` seconds when given. Returns how it ended.
func runMainSample(
  _ executable: URL, out: URL, db: String, fault: String? = nil, killAfter: Double? = nil
) throws -> Process.TerminationReason {
  let process = Process()
  process.executableURL = executable
  process.arguments = [
    "run", repository.appendingPathComponent("Samples/torch-express-2024.yaml").path, "--out", out.path, "--db", db,
    "--quiet",
  ]
  var environment = ProcessInfo.processInfo.environment
  if let fault { environment["ROADSHOW_FAULT"] = fault }
  process.environment = environment
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  try process.run()
  if let killAfter {
    Thread.sleep(forTimeInterval: killAfter)
    kill(process.processIdentifier, SIGKILL)
  }
  process.waitUntilExit()
  return process.terminationReason
}

@Suite(.serialized) struct AtomicRunTests {
  /// The run id in the output folder's `run.json`, `nil` when there is no folder.
  func folderRun(_ out: URL) -> String? {
    guard let data = try? Data(contentsOf: out.appendingPathComponent("run.json")) else { return nil }
    return (try? JSONDecoder().decode(RunRecord.self, from: data))?.id
  }

  /// The latest succeeded run the library holds.
  func libraryRun(_ db: String) async throws -> String? {
    guard FileManager.default.fileExists(atPath: db) else { return nil }
    return try await SQLiteLibrary(readingAt: db).latestSucceededRun()?.id
  }

  /// What the next run does first (finish or undo a switch), then: the folder and the library name
  /// the same run, the folder holds exactly the files its run lists, and nothing hidden is left.
  func expectConsistentAfterRecovery(_ out: URL, db: String, _ comment: Comment) async throws {
    let library = try SQLiteLibrary(path: db)
    try await OutputDelivery(target: out).recover { id in try await library.run(id)?.status == "succeeded" }
    let inFolder = folderRun(out)
    let inLibrary = try await libraryRun(db)
    #expect(inFolder == inLibrary, comment)
    if inFolder != nil {
      let data = try Data(contentsOf: out.appendingPathComponent("run.json"))
      let record = try JSONDecoder().decode(RunRecord.self, from: data)
      let present = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
      #expect(present == Set(record.outputs), comment)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
      .filter { $0.hasPrefix(".out.roadshow-") && !$0.hasSuffix("-lock") }
    #expect(leftovers.isEmpty, comment)
  }

  @Test func aRunKilledAtEachStepLeavesTheLibraryAndTheFolderBothOldOrBothNew() async throws {
    let executable = try #require(roadshowExecutable(), "the roadshow executable is not built")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-kill-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let db = folder.appendingPathComponent("library.sqlite").path

    #expect(try runMainSample(executable, out: out, db: db) == .exit)
    let baseline = try #require(folderRun(out))
    #expect(try await libraryRun(db) == baseline)

    // Killed after staging: the library is old, the folder is old; the staged folder is dropped.
    #expect(try runMainSample(executable, out: out, db: db, fault: "after-stage") == .uncaughtSignal)
    #expect(try await libraryRun(db) == baseline)
    try await expectConsistentAfterRecovery(out, db: db, "after-stage")
    #expect(folderRun(out) == baseline)

    // Killed between the commit and the folder switch: the library is new, the folder still old;
    // recovery finishes the switch.
    #expect(try runMainSample(executable, out: out, db: db, fault: "after-commit") == .uncaughtSignal)
    let committed = try await libraryRun(db)
    #expect(committed != baseline)
    #expect(folderRun(out) == baseline)
    try await expectConsistentAfterRecovery(out, db: db, "after-commit")
    #expect(folderRun(out) == committed)

    // Killed between the two renames: no folder at the target at all; recovery puts the new one in.
    #expect(try runMainSample(executable, out: out, db: db, fault: "between-renames") == .uncaughtSignal)
    #expect(folderRun(out) == nil)
    try await expectConsistentAfterRecovery(out, db: db, "between-renames")

    // The next ordinary run recovers by itself and succeeds.
    #expect(try runMainSample(executable, out: out, db: db, fault: "between-renames") == .uncaughtSignal)
    #expect(try runMainSample(executable, out: out, db: db) == .exit)
    #expect(folderRun(out) == (try await libraryRun(db)))
  }

  /// A run committed to one library and killed before its folder was switched in: a run on
  /// another library into the same folder cannot know whether it committed, so it refuses (and
  /// names the library) instead of discarding the committed outputs; that library's next run
  /// finishes the switch.
  @Test func aRunOnAnotherLibraryLeavesAStagedFolderItCannotJudge() async throws {
    let executable = try #require(roadshowExecutable(), "the roadshow executable is not built")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-mark-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let first = folder.appendingPathComponent("first.sqlite").path
    let second = folder.appendingPathComponent("second.sqlite").path
    #expect(try runMainSample(executable, out: out, db: first, fault: "after-commit") == .uncaughtSignal)
    let committed = try #require(try await libraryRun(first))
    let staged = out.deletingLastPathComponent().appendingPathComponent(".out.roadshow-staging-\(committed)")
    #expect(FileManager.default.fileExists(atPath: staged.path))

    let process = Process()
    process.executableURL = executable
    process.arguments = [
      "run", repository.appendingPathComponent("Samples/torch-express-2024.yaml").path, "--out", out.path, "--db",
      second, "--quiet", "--lang", "en",
    ]
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus != 0)
    #expect(message.contains("another library (\(first))"), "\(message)")
    #expect(message.contains(committed))
    #expect(FileManager.default.fileExists(atPath: staged.path))
    #expect(try await libraryRun(second) == nil)

    #expect(try runMainSample(executable, out: out, db: first) == .exit)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasPrefix(".out.roadshow-") && !$0.hasSuffix("-lock") }
    #expect(leftovers.isEmpty)
    #expect(folderRun(out) == (try await libraryRun(first)))
  }

  @Test func aRunKilledAtRandomMomentsNeverLeavesThemApart() async throws {
    let executable = try #require(roadshowExecutable(), "the roadshow executable is not built")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-kill-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let db = folder.appendingPathComponent("library.sqlite").path
    let start = Date()
    #expect(try runMainSample(executable, out: out, db: db) == .exit)
    let duration = Date().timeIntervalSince(start)
    var killed = 0
    for step in 0..<12 {
      // Spread over the whole run, ending past it (a run that finished must be left complete).
      let delay = duration * (Double(step) + 0.5) / 10
      if try runMainSample(executable, out: out, db: db, killAfter: delay) == .uncaughtSignal { killed += 1 }
      try await expectConsistentAfterRecovery(out, db: db, "killed after \(delay) s")
    }
    #expect(killed > 0)
  }
}
