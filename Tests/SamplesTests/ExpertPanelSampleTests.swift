import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowStore
import Testing

/// The expert panel through the launcher, on the main sample: assign, packets, import, results.
@Suite struct ExpertPanelSampleTests {
  func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
    let registry = try PluginRegistry(modules: LinkedModules.all)
    let out = Captured()
    let err = Captured()
    let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
    let status = await Launcher.run(arguments: arguments, context: context)
    return (status, out.text, err.text)
  }

  @Test func theSamplePanelIsAssignedReviewedBlindAndScored() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-panel-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("library.sqlite").path
    let out = folder.appendingPathComponent("out")
    let data = repository.appendingPathComponent("Samples/data")
    let main = repository.appendingPathComponent("Samples/torch-express-2024.yaml").path
    #expect(try await run(["run", main, "--out", out.path, "--db", db, "--quiet"]).status == 0)

    let assign = try await run([
      "review", "assign", "--round", "2024-09-panel", "--experts",
      data.appendingPathComponent("panel-experts.csv").path,
      "--ids", out.appendingPathComponent("push-list.csv").path, "--db", db, "--lang", "en",
    ])
    #expect(assign.status == 0, "\(assign.err)")
    #expect(assign.out.contains("Assigned 300/300 reviews") && assign.out.contains("proven optimal"), "\(assign.out)")

    // Every packet is blind: no holder institution of any record in the library.
    let packets = folder.appendingPathComponent("packets")
    #expect(
      try await run(["review", "packets", "--round", "2024-09-panel", "--out", packets.path, "--db", db]).status == 0)
    let library = try SQLiteLibrary(readingAt: db)
    let institutions = Set(try await library.achievements().compactMap(\.institution))
    let files = try FileManager.default.contentsOfDirectory(atPath: packets.path)
    #expect(files.count == 30)  // EXPERT.md, EXPERT.html and EXPERT.csv for each of ten experts
    for file in files {
      let text = try String(contentsOf: packets.appendingPathComponent(file), encoding: .utf8)
      for institution in institutions where text.contains(institution) {
        Issue.record("\(file) names \(institution)")
      }
    }

    // A sheet with one bad score is refused whole, with file, row and column.
    let scores = try String(contentsOf: data.appendingPathComponent("panel-scores.csv"), encoding: .utf8)
    var lines = scores.components(separatedBy: "\n")
    var cells = lines[3].components(separatedBy: ",")
    cells[4] = "11"
    lines[3] = cells.joined(separator: ",")
    let bad = folder.appendingPathComponent("bad.csv")
    try Data(lines.joined(separator: "\n").utf8).write(to: bad)
    let refused = try await run(["review", "import", bad.path, "--round", "2024-09-panel", "--db", db, "--lang", "en"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("bad.csv:4:5") && refused.err.contains("nothing was written"), "\(refused.err)")

    let imported = try await run([
      "review", "import", data.appendingPathComponent("panel-scores.csv").path, "--round", "2024-09-panel", "--db",
      db, "--lang", "en",
    ])
    #expect(imported.status == 0, "\(imported.err)")
    #expect(imported.out == "Recorded 300 reviews (2 recusals).")
    let results = try await run(["review", "results", "--round", "2024-09-panel", "--db", db, "--json"])
    let decoded = try JSONSerialization.jsonObject(with: Data(results.out.utf8)) as? [String: Any]
    #expect((decoded?["scores"] as? [Any])?.count == 100)
  }

  @Test func thePanelSampleRanksByTheNormalisedScoreBeforeTheFinalSelection() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-panel-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = repository.appendingPathComponent("Samples/torch-express-2024-panel.yaml").path
    let out = folder.appendingPathComponent("out")
    let status = try await run([
      "run", config, "--out", out.path, "--db", folder.appendingPathComponent("library.sqlite").path, "--quiet",
    ])
    #expect(status.status == 0, "\(status.err)")
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("run.json")))
    #expect(record.funnel.map(\.out) == [169, 144, 100, 100, 76, 15])
    #expect(record.funnel[4].plugin == "torch.panel_review")
    let decisions = try String(contentsOf: out.appendingPathComponent("decisions.csv"), encoding: .utf8)
    #expect(decisions.contains("专家评议标准化得分 9.38（原始均分 8.34，3 份评审），第 1 名"))
    #expect(decisions.contains("2 份评审，回避 1 位"))
  }

  @Test func theOnsiteReviewOfTheSeptemberEventFeedsItsFollowUp() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-onsite-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("library.sqlite").path
    let data = repository.appendingPathComponent("Samples/data")
    let main = repository.appendingPathComponent("Samples/torch-express-2024.yaml").path
    let event = "2024-09-intelligent-manufacturing"
    #expect(
      try await run(["run", main, "--out", folder.appendingPathComponent("out").path, "--db", db, "--quiet"]).status
        == 0)

    // A misspelt event is refused with the nearest key.
    let misspelt = try await run([
      "review", "onsite", "--event", "2024-09-intelligent-manufacturng", "--round", "2024-09-onsite", "--experts",
      data.appendingPathComponent("onsite-experts-2024-09.csv").path, "--db", db, "--lang", "en",
    ])
    #expect(misspelt.status == 1 && misspelt.err.contains("did you mean `\(event)`"), "\(misspelt.err)")

    let onsite = try await run([
      "review", "onsite", "--event", event, "--round", "2024-09-onsite", "--experts",
      data.appendingPathComponent("onsite-experts-2024-09.csv").path, "--db", db, "--json",
    ])
    #expect(onsite.status == 0, "\(onsite.err)")
    let plan = try #require(try JSONSerialization.jsonObject(with: Data(onsite.out.utf8)) as? [String: Any])
    let assignments = try #require(plan["assignments"] as? [[String: String]])
    let pairs = Set(assignments.map { ($0["achievement"] ?? "") + "/" + ($0["expert"] ?? "") })
    // 15 pitches × 5 experts, less the two conflicts: OX02 sits at the holder of 2018YFB2004200,
    // OX04 declared 重庆大学 (2018YFB2001300).
    #expect(plan["achievements"] as? Int == 15 && pairs.count == 73)
    #expect(!pairs.contains("nkrdp-2018:2018YFB2004200/OX02") && !pairs.contains("nkrdp-2018:2018YFB2001300/OX04"))
    #expect(plan["event"] as? String == event)

    let imported = try await run([
      "review", "import", data.appendingPathComponent("onsite-scores-2024-09.csv").path, "--round", "2024-09-onsite",
      "--db", db, "--lang", "en",
    ])
    #expect(imported.out == "Recorded 73 reviews (1 recusals).", "\(imported.err)")

    // A panel round before selection is not an event's on-site review.
    _ = try await run([
      "review", "assign", "--round", "2024-09-panel", "--experts",
      data.appendingPathComponent("panel-experts.csv").path,
      "--db", db,
    ])
    let notOnsite = try await run([
      "review", "results", "--round", "2024-09-panel", "--record-follow-up", "--db", db, "--lang", "en",
    ])
    #expect(notOnsite.status == 1 && notOnsite.err.contains("is not an event's on-site review"), "\(notOnsite.err)")

    let recorded = try await run([
      "review", "results", "--round", "2024-09-onsite", "--record-follow-up", "--by", "路演秘书", "--db", db, "--lang",
      "en",
    ])
    #expect(recorded.out.contains("15 new, 0 corrected, 0 unchanged"), "\(recorded.out)\(recorded.err)")
    let again = try await run([
      "review", "results", "--round", "2024-09-onsite", "--record-follow-up", "--db", db,
    ])
    #expect(again.out.contains("新记 0 项，更正 0 项，未变 15 项"), "\(again.out)")

    // The cases carry the on-site verdict: one entry each, dated the event, ranks 1 to 15.
    let library = try SQLiteLibrary(readingAt: db)
    let entries = try await library.milestones(for: nil).filter { $0.kind == .onsiteReview }
    #expect(entries.count == 15 && entries.allSatisfy { $0.date == "2024-09-20" && $0.reference == "2024-09-onsite" })
    let ranks = Set(
      entries.compactMap { $0.note?.components(separatedBy: " of 15").first?.components(separatedBy: "ranked ").last })
    #expect(ranks == Set((1...15).map(String.init)))
    let due = try await run(["followup", "due", "--as-of", "2024-12-25", "--db", db, "--json"])
    let items = try #require(try JSONSerialization.jsonObject(with: Data(due.out.utf8)) as? [[String: Any]])
    #expect(items.count == 15 && items.allSatisfy { ($0["onsiteReview"] as? String)?.hasPrefix("ranked ") == true })
    // …and an on-site review is not progress: every project still has no step reached.
    #expect(items.allSatisfy { $0["reached"] == nil })
  }
}
