import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowPostgres
import RoadshowServices
import Testing

/// `roadshow run` with one host's rows of a PostgreSQL database as its library (what
/// `roadshow-web run --postgres` and the dashboard's pipeline button do there): the same outputs
/// as over the SQLite file, the event in the host's ledger, a re-run that changes nothing.
@Suite(.enabled(if: TestServer.enabled, TestServer.reason))
struct RunOnPostgresTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let config = root.appendingPathComponent("Samples/torch-express-2024.yaml").path

  /// Runs `arguments` through the launcher at a fixed clock; answers the status and the printed lines.
  static func launch(_ arguments: [String], library: SharedLibrary? = nil, at seconds: TimeInterval = 1_790_000_000)
    async throws -> (Int32, [String])
  {
    let lines = Lines()
    let context = LauncherContext(
      registry: try PluginRegistry(modules: LinkedModules.all),
      console: Console(out: lines.append, err: lines.append), now: { Date(timeIntervalSince1970: seconds) },
      sharedLibrary: library)
    let status = await Launcher.run(arguments: arguments, context: context)
    return (status, lines.all)
  }

  final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
  }

  @Test func theMainSampleRunsOnAHostsRowsWithTheSameOutputsAsOnSQLite() async throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("run-pg-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let sqliteOut = scratch.appendingPathComponent("sqlite").path
    let postgresOut = scratch.appendingPathComponent("postgres").path
    let (sqliteStatus, sqliteLines) = try await Self.launch([
      "run", Self.config, "--db", scratch.appendingPathComponent("library.sqlite").path, "--out", sqliteOut, "--quiet",
    ])
    #expect(sqliteStatus == 0, "\(sqliteLines)")

    let library = try await TestServer.library("run")
    let target = SharedLibrary(library: library, name: "PostgreSQL \(library.host)") { id in
      try await library.run(id)?.status
    }
    let (status, lines) = try await Self.launch(
      ["run", Self.config, "--out", postgresOut, "--quiet"], library: target)
    #expect(status == 0, "\(lines)")
    #expect(lines.contains { $0.contains("PostgreSQL \(library.host)") }, "the summary names the library: \(lines)")

    // Every output file is the same, byte for byte.
    let files = try FileManager.default.contentsOfDirectory(atPath: sqliteOut).sorted()
    #expect(files.count > 10)
    #expect(try FileManager.default.contentsOfDirectory(atPath: postgresOut).sorted() == files)
    for file in files {
      let expected = try Data(contentsOf: URL(fileURLWithPath: sqliteOut).appendingPathComponent(file))
      let actual = try Data(contentsOf: URL(fileURLWithPath: postgresOut).appendingPathComponent(file))
      #expect(actual == expected, "\(file) differs between the stores")
    }

    // The host's ledger holds the run, its records and the event with its pitches.
    let runs = try await library.runs()
    #expect(runs.count == 1 && runs.first?.status == "succeeded")
    #expect(try await library.achievements().count == 1373)
    let events = try await library.events()
    #expect(events.count == 1 && events.first?.pitched.count == 15)

    // A re-run with unchanged data adds nothing and keeps both runs.
    let (again, againLines) = try await Self.launch(
      ["run", Self.config, "--out", postgresOut, "--quiet", "--lang", "en"], library: target, at: 1_790_086_400)
    #expect(again == 0, "\(againLines)")
    #expect(againLines.contains { $0.contains("1373 records before, 1373 after") }, "\(againLines)")
    #expect(againLines.contains { $0.contains("1373 rows, 0 added, 0 updated") }, "\(againLines)")
    #expect(try await library.runs().count == 2)
    #expect(try await library.events().count == 1, "the same event, not a second one")

    // The year's follow-up goes on in the host's rows: a contract by the source's own id, then
    // its history and the due list, as `roadshow-web followup … --postgres` runs them.
    let pitched = try #require(try await library.events().first?.pitched.first)
    let dueBefore = try await Self.dueItems(target)
    #expect(dueBefore.count == 30, "15 pitches, two checkpoints each overdue or due on 2025-03-01")
    let ownID = String(pitched.rawValue.split(separator: ":").last ?? "")
    let (recorded, recordLines) = try await Self.launch(
      [
        "followup", "record", ownID, "--kind", "contract", "--date", "2024-12-01", "--amount", "120", "--party",
        "某企业", "--by", "tester", "--lang", "en",
      ], library: target)
    #expect(recorded == 0 && recordLines.contains { $0.hasPrefix("Recorded #") }, "\(recordLines)")
    let stored = try await library.milestones(for: pitched)
    #expect(stored.map(\.kind) == [.contract] && stored.first?.amountWanYuan == 120)
    let (_, history) = try await Self.launch(["followup", "history", ownID, "--lang", "en"], library: target)
    #expect(history.contains { $0.contains("2024-12-01") }, "\(history)")
    let (_, misspelt) = try await Self.launch(
      ["followup", "history", pitched.rawValue + "9", "--lang", "en"], library: target)
    #expect(misspelt.contains { $0.contains("did you mean") }, "\(misspelt)")
    let dueAfter = try await Self.dueItems(target)
    #expect(dueAfter.count == 29, "the contract meets the pitch's 3-month checkpoint")
    #expect(dueBefore.filter { $0["achievement"] as? String == pitched.rawValue }.count == 2)
    #expect(dueAfter.filter { $0["achievement"] as? String == pitched.rawValue }.count == 1)
  }

  /// `followup due --as-of 2025-03-01 --json` on `target`.
  static func dueItems(_ target: SharedLibrary) async throws -> [[String: Any]] {
    let (status, lines) = try await launch(["followup", "due", "--as-of", "2025-03-01", "--json"], library: target)
    #expect(status == 0, "\(lines)")
    return try JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8)) as? [[String: Any]] ?? []
  }
}
