import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowServices
import RoadshowStore
import Testing

/// The main sample's host runs its monthly series — three events into one library — then imports
/// a year of follow-up and writes the annual summary, as the README shows.
@Suite(.serialized) struct ProgrammeSeriesTests {
  static let configs = [
    "Samples/torch-express-2024.yaml", "Samples/torch-express-2024-10-energy.yaml",
    "Samples/torch-express-2024-11-equipment.yaml",
  ]

  struct Series {
    var folder: URL
    var library: String
    var context: LauncherContext
    var out: Captured
    var err: Captured

    func run(_ arguments: [String]) async -> Int32 {
      await Launcher.run(arguments: arguments, context: context)
    }

    func record(_ index: Int) throws -> RunRecord {
      let data = try Data(contentsOf: folder.appendingPathComponent("out\(index)/run.json"))
      return try JSONDecoder().decode(RunRecord.self, from: data)
    }
  }

  static func runSeries() async throws -> Series {
    let registry = try PluginRegistry(modules: LinkedModules.all)
    let out = Captured()
    let err = Captured()
    let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-series-\(UUID().uuidString)")
    let series = Series(
      folder: folder, library: folder.appendingPathComponent("library.sqlite").path, context: context, out: out,
      err: err)
    for (index, config) in configs.enumerated() {
      let status = await series.run([
        "run", repository.appendingPathComponent(config).path, "--out",
        folder.appendingPathComponent("out\(index)").path, "--db", series.library, "--quiet",
      ])
      #expect(status == 0, "\(config): \(err.text)")
    }
    return series
  }

  @Test func theSeriesIsRecordedAsThreeEventsOfOneHost() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let ledger = try SQLiteLibrary(readingAt: series.library)
    let events = try await ledger.events()
    #expect(
      events.map(\.key) == ["2024-09-intelligent-manufacturing", "2024-10-new-energy", "2024-11-advanced-equipment"])
    #expect(Set(events.map(\.host.name)).count == 1)
    #expect(events.allSatisfy { $0.series == "2024年苏州高新区科技成果直通车月度系列（示例）" })
    for (index, event) in events.enumerated() {
      let record = try series.record(index)
      #expect(event.pitched == record.selected.map(\.id), "event \(event.key) pitched what its run selected")
      #expect(event.run == record.id)
    }
    #expect(events[0].meetingsScheduled > 0, "the September event scheduled one-to-one meetings")
    #expect(events[0].participants.contains { $0.role == .enterprise })
    let hosts = try await ledger.hosts()
    #expect(hosts.first?.level == .zone && hosts.first?.parent == "江苏省科学技术厅")
  }

  @Test func provincialRecommendationsOfKnownProjectsAreMergedNotAdded() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let energy = try series.record(1)
    let recommended = try CSVTable.read(
      repository.appendingPathComponent("Samples/data/provincial-recommendations-2024.csv"))
    let national = try CSVTable.read(repository.appendingPathComponent("Samples/data/nkrdp-projects-2018.csv"))
    // The recommendations that name a national project (same title and institution once spaces
    // and punctuation are folded) are the ones to merge.
    let keys = Set(
      national.rows.compactMap { AchievementIdentity.key(title: $0.cell(2), institution: $0.cell(3)) })
    let duplicates = recommended.rows.filter {
      AchievementIdentity.key(title: $0.cell(1), institution: $0.cell(2)).map(keys.contains) ?? false
    }
    #expect(duplicates.count >= 3, "the sample carries duplicates to merge")
    let intake = energy.intake.first { $0.stage.contains("省级推荐") }
    #expect(intake?.merged == duplicates.count)
    #expect(intake?.added == recommended.rows.count - duplicates.count)
    #expect(energy.libraryAfter == energy.libraryBefore + recommended.rows.count - duplicates.count)

    let ledger = try SQLiteLibrary(readingAt: series.library)
    let links = try await ledger.links()
    #expect(links.count == duplicates.count)
    #expect(links.allSatisfy { $0.into.rawValue.hasPrefix("nkrdp-2018:") && $0.reason == .sameTitleAndInstitution })
    // The merged project kept its national id and title, and gained the recommendation's TRL.
    let merged = try await ledger.achievements().filter { links.map(\.into).contains($0.id) }
    #expect(merged.allSatisfy { $0.readiness != .unknown })

    // Undone merges stay undone: the next run reads the recommendation as a record of its own.
    let undo = links[0].record
    #expect(await series.run(["library", "unmerge", undo.rawValue, "--db", series.library, "--by", "测试"]) == 0)
    #expect(try await SQLiteLibrary(readingAt: series.library).achievement(undo) != nil)
    let status = await series.run([
      "run", repository.appendingPathComponent(Self.configs[1]).path, "--out",
      series.folder.appendingPathComponent("again").path, "--db", series.library, "--quiet",
    ])
    #expect(status == 0, "\(series.err.text)")
    let listed = try await SQLiteLibrary(readingAt: series.library).achievements().map(\.id)
    #expect(listed.contains(undo), "an undone merge is not made again")
  }

  @Test func projectsPitchedEarlierInTheSeriesAreExcludedWithTheirReason() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let earlier = Set(try series.record(0).selected.map(\.id) + series.record(1).selected.map(\.id))
    let equipment = try series.record(2)
    #expect(equipment.funnel.first?.plugin == "ledger.repitch")
    let excluded = (equipment.funnel.first?.in ?? 0) - (equipment.funnel.first?.out ?? 0)
    #expect(excluded > 0 && excluded <= earlier.count)
    #expect(Set(equipment.selected.map(\.id)).isDisjoint(with: earlier))
    let decisions = try String(
      contentsOf: series.folder.appendingPathComponent("out2/decisions.csv"), encoding: .utf8)
    let rejected = decisions.split(whereSeparator: \.isNewline).filter {
      $0.contains("ledger.repitch") && $0.contains("未通过")
    }
    #expect(rejected.count == excluded)
    #expect(rejected.allSatisfy { $0.contains("已于 2024-09-20") || $0.contains("已于 2024-10-25") })
    // `why` answers with the earlier event.
    let id = try #require(rejected.first.flatMap { $0.split(separator: ",").dropFirst(3).first }.map(String.init))
    series.out.clear()
    #expect(await series.run(["why", id, "--db", series.library]) == 0)
    #expect(series.out.text.contains("本系列不重复路演"))
  }

  @Test func followUpImportDueAndAnnualSummaryFromTheLedger() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let file = repository.appendingPathComponent("Samples/data/follow-up-2024.csv").path
    #expect(
      await series.run(["followup", "import", file, "--by", "跟踪专员", "--db", series.library]) == 0, "\(series.err.text)")
    let ledger = try SQLiteLibrary(readingAt: series.library)
    let entries = try await ledger.milestones(for: nil)
    let table = try CSVTable.read(URL(fileURLWithPath: file))
    #expect(entries.count == table.rows.count)
    #expect(entries.allSatisfy { $0.recordedBy == "跟踪专员" && $0.source == "follow-up-2024.csv" })

    // A correction adds an entry; the history keeps both.
    let contract = try #require(entries.first { $0.kind == .contract })
    #expect(
      await series.run([
        "followup", "record", contract.achievement.rawValue, "--kind", "contract", "--date", contract.date,
        "--amount", "999", "--party", contract.party ?? "x", "--supersedes", String(contract.sequence ?? 0), "--db",
        series.library,
      ]) == 0, "\(series.err.text)")
    let history = try await ledger.milestones(for: contract.achievement).filter { $0.kind == .contract }
    #expect(history.count == 2)
    #expect(MilestoneEntry.standing(history).map(\.amountWanYuan) == [999])

    // Annual figures, recomputed here from the sample's own files.
    let outFolder = series.folder.appendingPathComponent("annual")
    #expect(
      await series.run([
        "report", "annual", "--year", "2024", "--as-of", "2025-09-30", "--db", series.library, "--out", outFolder.path,
      ]) == 0, "\(series.err.text)")
    let figures = try JSONDecoder().decode(
      AnnualFigures.self, from: Data(contentsOf: outFolder.appendingPathComponent("annual-summary.json")))
    let pitched = Set(try (0..<3).flatMap { try series.record($0).selected.map(\.id) })
    #expect(figures.events.count == 3)
    #expect(figures.pitched == pitched.count)
    let standing = MilestoneEntry.standing(try await ledger.milestones(for: nil))
    let contracts2024 = standing.filter { $0.kind == .contract && $0.date.hasPrefix("2024-") }
    #expect(
      figures.chain.first { $0.kind == .contract }?.amountWanYuan
        == contracts2024.reduce(0) { $0 + ($1.amountWanYuan ?? 0) })
    #expect(
      figures.landed
        == Set(standing.filter { $0.kind == .landing && $0.date.hasPrefix("2024-") }.map(\.achievement)).count)
    let markdown = try String(contentsOf: outFolder.appendingPathComponent("annual-summary.md"), encoding: .utf8)
    #expect(markdown.contains("2024年度科技成果直通车工作总结"))
    let html = try String(contentsOf: outFolder.appendingPathComponent("annual-summary.html"), encoding: .utf8)
    #expect(html.contains("<svg") && html.contains("conversion-chain") && html.contains("heat-map"))
    #expect(!html.contains("<script"), "the page opens offline and runs nothing")
    #expect(html.contains(">\(figures.pitched)<"), "the pitched count is shown")

    // Due and overdue follow-up as of a day in 2025.
    series.out.clear()
    #expect(await series.run(["followup", "due", "--as-of", "2025-03-31", "--json", "--db", series.library]) == 0)
    let due = try JSONDecoder().decode([FollowUp.DueItem].self, from: Data(series.out.text.utf8))
    #expect(due.contains { $0.status == .overdue })
    #expect(due.allSatisfy { pitched.contains($0.achievement) })
    let landed = Set(standing.filter { $0.kind == .landing && $0.date <= "2025-03-31" }.map(\.achievement))
    #expect(!landed.isEmpty)
    #expect(due.allSatisfy { !landed.contains($0.achievement) }, "a landed project needs no more follow-up")
  }

  @Test func attendanceFromASignInListIsKeptWithTheEvent() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let file = repository.appendingPathComponent("Samples/data/sign-in-2024-09.csv").path
    #expect(
      await series.run([
        "events", "attendance", "2024-09-intelligent-manufacturing", file, "--by", "会务组", "--db", series.library,
      ]) == 0, "\(series.err.text)")
    let table = try CSVTable.read(URL(fileURLWithPath: file))
    let event = try #require(try await SQLiteLibrary(readingAt: series.library).events().first)
    for row in table.rows {
      let person = event.participants.first { $0.name == row.cell(0) && $0.role.rawValue == row.cell(1) }
      #expect(person?.attended == (row.cell(2) == "是"), "\(row.cell(0))")
    }
    series.err.clear()
    #expect(
      await series.run(["events", "attendance", "2024-09-intelligent-manufactoring", file, "--db", series.library])
        == 2)
    #expect(series.err.text.contains("2024-09-intelligent-manufacturing"), "the nearest key is suggested")
  }

  @Test func theProvinceRollsUpItsTwoHosts() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let other = series.folder.appendingPathComponent("demand.sqlite").path
    #expect(
      await series.run([
        "run", repository.appendingPathComponent("Samples/demand-matching/demand-matching.yaml").path, "--out",
        series.folder.appendingPathComponent("demand").path, "--db", other, "--quiet",
      ]) == 0, "\(series.err.text)")
    series.out.clear()
    #expect(
      await series.run([
        "report", "rollup", "--year", "2024", "--name", "江苏省科学技术厅", "--level", "province", "--db", series.library,
        "--db", other, "--as-of", "2025-09-30", "--json",
      ]) == 0, "\(series.err.text)")
    struct Output: Decodable {
      var total: AnnualFigures
      var hosts: [AnnualFigures]
    }
    let output = try JSONDecoder().decode(Output.self, from: Data(series.out.text.utf8))
    #expect(output.hosts.count == 2)
    #expect(output.hosts.allSatisfy { $0.parent == "江苏省科学技术厅" && $0.level == .zone })
    #expect(output.total.hosts == 2)
    #expect(output.total.events.count == output.hosts.reduce(0) { $0 + $1.events.count })
    let first = try await SQLiteLibrary(readingAt: series.library).events().flatMap(\.pitched)
    let second = try await SQLiteLibrary(readingAt: other).events().flatMap(\.pitched)
    #expect(output.total.pitched == Set(first + second).count)
    #expect(output.total.level == .province)
  }

  @Test func aBadFollowUpFileNamesEachRowAndRecordsNothing() async throws {
    let series = try await Self.runSeries()
    defer { try? FileManager.default.removeItem(at: series.folder) }
    let bad = series.folder.appendingPathComponent("bad.csv")
    try "编号,节点,日期,金额（万元）,对方\n2018YFB1106000,签约,2024-12-10,,\n2018YFB1106OOO,意向,2024-13-01,,\n".write(
      to: bad, atomically: true, encoding: .utf8)
    series.err.clear()
    #expect(await series.run(["followup", "import", bad.path, "--lang", "en", "--db", series.library]) == 1)
    let text = series.err.text
    #expect(text.contains("bad.csv:2:"), "row 1 of the data is line 2: \(text)")
    #expect(text.contains("bad.csv:3:"))
    #expect(text.contains("did you mean `nkrdp-2018:2018YFB1106"))
    #expect(text.contains("nothing was recorded"))
    #expect(try await SQLiteLibrary(readingAt: series.library).milestones(for: nil).isEmpty)
  }
}
