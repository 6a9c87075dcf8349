import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowStore
import Testing

/// Files that leave the host's office, by name: every sample's outputs of these kinds must carry
/// no record that has not passed confidentiality review. The list is the test's own, so a plugin
/// that declares such a file internal is caught too.
let externalOutputPrefixes = [
  "push-list", "agenda", "itineraries", "one-to-one-schedule", "online-catalogue", "online-channel",
  "online-exhibition", "national-list", "local-list", "paired-roadshow-", "challenge-results",
]

func isExternalOutput(_ name: String) -> Bool {
  externalOutputPrefixes.contains { name.hasPrefix($0) }
}

/// Runs `roadshow run` in-process; returns the exit status and what it printed on standard error.
func launch(_ arguments: [String], modules: [PluginModule] = sampleModules) async throws -> (status: Int32, err: String)
{
  let registry = try PluginRegistry(modules: modules)
  let out = Captured()
  let err = Captured()
  let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
  let status = await Launcher.run(arguments: arguments, context: context)
  return (status, err.text)
}

/// The records `text` names, by id or title (titles of four characters or more).
func named(_ records: [Achievement], in text: String) -> [Achievement] {
  records.filter { text.contains($0.id.rawValue) || ($0.title.count >= 4 && text.contains($0.title)) }
}

@Suite struct ConfidentialityTests {
  /// Every sample, run once; then the records it pitched or showed outside are marked
  /// `restricted` by recorded reviews and the sample is run again: no file for participants or
  /// the public names any of them, and the run lists them in its confidentiality to-do.
  @Test(arguments: sampleConfigs)
  func noSampleShowsAnUnclearedRecordOutsideTheHost(path: String) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-conf-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = repository.appendingPathComponent(path).path
    let db = folder.appendingPathComponent("library.sqlite").path
    let first = folder.appendingPathComponent("first")
    let run1 = try await launch(["run", config, "--out", first.path, "--db", db, "--quiet"])
    #expect(run1.status == 0, "\(run1.err)")

    let library = try SQLiteLibrary(path: db)
    let records = try await library.achievements()
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: first.appendingPathComponent("run.json")))
    var shownOutside: [Achievement] = []
    for name in record.outputs where isExternalOutput(name) {
      let text = try String(contentsOf: first.appendingPathComponent(name), encoding: .utf8)
      shownOutside += named(records, in: text)
    }
    let selected = Set(record.selected.map(\.id))
    let marked = Array(records.filter { selected.contains($0.id) }.prefix(6) + shownOutside.prefix(12)).uniqued()
    guard !marked.isEmpty else { return }
    try await library.recordClearance(
      marked.map { ($0.id, ClearanceReview(decision: .restricted, reviewer: "测试", date: "2024-08-01")) },
      source: "test", recordedAt: "2024-08-01T00:00:00Z")

    let second = folder.appendingPathComponent("second")
    let run2 = try await launch(["run", config, "--out", second.path, "--db", db, "--quiet"])
    #expect(run2.status == 0, "\(run2.err)")
    let record2 = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: second.appendingPathComponent("run.json")))
    for name in record2.outputs where isExternalOutput(name) {
      let text = try String(contentsOf: second.appendingPathComponent(name), encoding: .utf8)
      let leaked = named(marked, in: text)
      #expect(leaked.isEmpty, "\(path): \(name) names \(leaked.map(\.id))")
    }
    let awaiting = Set(record2.awaitingClearance ?? [])
    for id in marked.map(\.id) where selected.contains(id) {
      #expect(awaiting.contains(id), "\(path): \(id) is pitched but not in the to-do list")
    }
  }

  /// The case a tester reported: 24 records of the main sample marked pending / 待审查 /
  /// restricted / 涉密 by a source, 8 of them among the 15 pitched. Before the gate, the push list
  /// carried all 24 and the agenda, itineraries and schedule 8 each.
  @Test func theMainSampleWithTwentyFourUnclearedRecords() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-conf24-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let samples = repository.appendingPathComponent("Samples")
    let db = folder.appendingPathComponent("library.sqlite").path
    let first = folder.appendingPathComponent("first")
    let config = samples.appendingPathComponent("torch-express-2024.yaml")
    #expect(try await launch(["run", config.path, "--out", first.path, "--db", db, "--quiet"]).status == 0)

    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: first.appendingPathComponent("run.json")))
    let pitched = record.selected.map(\.id)
    let shortlist = try CSVTable.read(first.appendingPathComponent("shortlist.csv"))
    let others = shortlist.rows.map { AchievementID($0.cell(1)) }.filter { !pitched.contains($0) }
    let marked = Array(pitched.prefix(8)) + Array(others.prefix(16))
    #expect(marked.count == 24)
    let statuses = ["pending", "待审查", "restricted", "涉密"]
    var csv = "project_no,conf\n"
    for (index, id) in marked.enumerated() { csv += "\(id.externalID),\(statuses[index % 4])\n" }
    try csv.write(to: folder.appendingPathComponent("review.csv"), atomically: true, encoding: .utf8)
    var yaml = try String(contentsOf: config, encoding: .utf8)
      .replacingOccurrences(of: ": data/", with: ": \(samples.path)/data/")
    yaml = yaml.replacingOccurrences(
      of: "\nscreening:\n",
      with: """

          - plugin: torch.csv_intake
            name: 保密审查状态
            with: {file: review.csv, source: nkrdp-2018, mode: update_only, columns: {id: project_no, confidentiality: conf}}

        screening:

        """)
    let marking = folder.appendingPathComponent("marked.yaml")
    try yaml.write(to: marking, atomically: true, encoding: .utf8)

    let second = folder.appendingPathComponent("second")
    let run = try await launch(["run", marking.path, "--out", second.path, "--db", db, "--quiet"])
    #expect(run.status == 0, "\(run.err)")
    let records = try await SQLiteLibrary(path: db).achievements().filter { marked.contains($0.id) }
    #expect(records.count == 24)
    #expect(records.allSatisfy { $0.confidentiality != .cleared })
    var externalFiles = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: second.path) where isExternalOutput(name) {
      externalFiles += 1
      let text = try String(contentsOf: second.appendingPathComponent(name), encoding: .utf8)
      let leaked = named(records, in: text)
      #expect(leaked.isEmpty, "\(name) names \(leaked.map(\.id))")
    }
    #expect(externalFiles >= 6)
    let todo = try String(contentsOf: second.appendingPathComponent("clearance-todo.md"), encoding: .utf8)
    #expect(records.allSatisfy { todo.contains($0.id.rawValue) })
    // The pitched records stay pitched (a host may clear them before the event)...
    let record2 = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: second.appendingPathComponent("run.json")))
    #expect(Set(record2.selected.map(\.id)).isSuperset(of: pitched.prefix(8)))
    // ...and a recorded review publishes one of them on the next run.
    let reviewed = pitched[0]
    try await SQLiteLibrary(path: db).recordClearance(
      [(reviewed, ClearanceReview(decision: .cleared, reviewer: "王审查", date: "2024-08-01"))], source: "test",
      recordedAt: "2024-08-01T00:00:00Z")
    let third = folder.appendingPathComponent("third")
    #expect(try await launch(["run", marking.path, "--out", third.path, "--db", db, "--quiet"]).status == 0)
    let agenda = try String(contentsOf: third.appendingPathComponent("agenda.md"), encoding: .utf8)
    let title = try #require(records.first { $0.id == reviewed }?.title)
    #expect(agenda.contains(title))
  }
}
