import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import Testing

/// What an agency hands out from each sample: agendas with lunch and without overlaps, rows that
/// name who takes part, no clash between events, and follow-up leads that are enterprises.
@Suite struct HandedOutDocumentsTests {
  /// Runs `config` (a path under the repository, or a file) into a fresh folder.
  func run(_ config: URL) async throws -> (folder: URL, record: RunRecord) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-docs-\(UUID().uuidString)")
    let out = folder.appendingPathComponent("out")
    let (status, err) = try await launch([
      "run", config.path, "--out", out.path, "--db", folder.appendingPathComponent("library.sqlite").path, "--quiet",
    ])
    #expect(status == 0, "\(err)")
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("run.json")))
    return (folder, record)
  }

  func text(_ folder: URL, _ name: String) -> String {
    (try? String(contentsOf: folder.appendingPathComponent("out").appendingPathComponent(name), encoding: .utf8)) ?? ""
  }

  /// The cells of the agenda table rows of `markdown`.
  func agendaRows(_ markdown: String) -> [[String]] {
    markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("–") && !$0.contains("---") }.map {
      $0.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
        $0.trimmingCharacters(in: .whitespaces)
      }
    }
  }

  @Test(arguments: sampleConfigs)
  func agendasHaveLunchNoOverlapsAndNameWhoTakesPart(path: String) async throws {
    let (folder, record) = try await run(repository.appendingPathComponent(path))
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(EventConflict.find(in: record.events).isEmpty, "\(EventConflict.find(in: record.events).map(\.message.en))")
    let agenda = text(folder, "agenda.md")
    #expect(!agenda.contains("时间冲突"))
    #expect(!agenda.contains("00:00–00:00"))
    #expect(!agenda.contains("连线连线"))
    for event in record.events where !event.online {
      let items = event.agenda
      for (earlier, later) in zip(items, items.dropFirst()) {
        #expect(earlier.end <= later.start, "\(event.title): \(earlier.title) overlaps \(later.title)")
      }
      // A day that runs from the morning past 12:30 stops for lunch.
      if let first = items.first, let last = items.last, first.start < 11 * 60 + 30, last.end > 13 * 60 + 30 {
        #expect(items.contains { $0.segment == .lunch }, "\(event.title) has no lunch")
      }
      for item in items where item.segment == .questions && item.achievement != nil {
        #expect(!item.people.isEmpty, "\(event.title): Q&A on \(item.title) names nobody")
      }
      if event.format == "university.camp_demo_day", items.contains(where: { $0.segment == .pitch }) {
        #expect(!items.contains { $0.segment == .expertReview })
        #expect(items.contains { $0.segment == .investorReview })
      }
    }
    for row in agendaRows(agenda) where row.count == 4 && row[1] == "科技企业及产业园区问答" {
      #expect(!row[3].isEmpty || row[2].contains("保密审查"), "Q&A row without people: \(row)")
    }
  }

  @Test(arguments: sampleConfigs)
  func followUpLeadsAreEnterprisesOnly(path: String) async throws {
    let (folder, _) = try await run(repository.appendingPathComponent(path))
    defer { try? FileManager.default.removeItem(at: folder) }
    let places = Set(InstitutionResolver.places.keys)
    for line in text(folder, "follow-up.md").split(separator: "\n") where line.hasPrefix("- 意向企业: ") {
      for lead in line.dropFirst("- 意向企业: ".count).components(separatedBy: "、") {
        #expect(!places.contains(lead), "a place as a lead: \(lead)")
        #expect(
          !["大学", "学院", "研究所", "研究院", "县", "市", "区", "旗"].contains { lead.hasSuffix($0) },
          "not an enterprise: \(lead)")
      }
    }
  }

  @Test func twoPairedRoadshowsAtOneVenueOnOneDayAreReported() async throws {
    let original = repository.appendingPathComponent("Samples/east-west-pairing/east-west-pairing.yaml")
    let copy = original.deletingPathExtension().appendingPathExtension("clash-test.yaml")
    let text = try String(contentsOf: original, encoding: .utf8)
    let clash = text.replacingOccurrences(of: "      date: 2024-08-29", with: "      # date removed")
    #expect(clash != text)
    try clash.write(to: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: copy) }
    let (folder, record) = try await run(copy)
    defer { try? FileManager.default.removeItem(at: folder) }
    let conflicts = EventConflict.find(in: record.events)
    #expect(conflicts.count == 1)
    #expect(conflicts.first?.venue == "哈尔滨新区科技创新城（示例）")
    #expect(conflicts.first?.overlap.lowerBound == 9 * 60)
    let agenda = self.text(folder, "agenda.md")
    #expect(agenda.contains("## 时间冲突（请承办单位调整）"))
    #expect(agenda.contains("同日同地时间重叠：2024-08-28 09:00–"))
  }
}

/// `roadshow why` on a record left out by a tie at the cut-off names the tie-break.
@Suite struct WhyTieBreakTests {
  @Test func whyNamesTheTieBreakForARecordLevelWithTheCutOff() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-tie-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows = "编号,成果名称,技术成熟度,市场前景,保密审查\n"
    for index in 1...5 { rows += "T\(index),同分项目\(index),5,50,cleared\n" }
    try rows.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
    let config = """
      programme: {name: 同分测试, year: 2024}
      locale: en
      tracks: [torch]
      event_date: 2024-09-20
      host: {name: 测试承办单位, venue: 测试会场}
      intake:
        - plugin: torch.csv_intake
          with:
            file: rows.csv
            source: t
            columns: {id: 编号, title: 成果名称, trl: 技术成熟度, prospect: 市场前景, confidentiality: 保密审查}
      screening:
        - plugin: torch.shortlist
          name: shortlist
          with: {size: 3}
      """
    let path = folder.appendingPathComponent("tie.yaml")
    try config.write(to: path, atomically: true, encoding: .utf8)
    let db = folder.appendingPathComponent("library.sqlite").path
    let (status, err) = try await launch([
      "run", path.path, "--out", folder.appendingPathComponent("out").path, "--db", db, "--quiet",
    ])
    #expect(status == 0, "\(err)")
    let out = try await captureOut(["why", "t:T4", "--db", db, "--lang", "en"])
    #expect(out.contains("rule rank_tie"))
    #expect(out.contains("only 3 of the 5 records with this score fit in the top 3"))
    #expect(out.contains("equal scores are ordered by achievement id, ascending"))
    #expect(out.contains("Note: its score equals that of the last record in"))
  }
}

/// Runs a `roadshow` command in-process; returns what it printed on standard output.
func captureOut(_ arguments: [String]) async throws -> String {
  let registry = try PluginRegistry(modules: LinkedModules.all)
  let out = Captured()
  let err = Captured()
  let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
  let status = await Launcher.run(arguments: arguments, context: context)
  #expect(status == 0, "\(err.text)")
  return out.text
}

/// `validate` warns, with the location, about two on-site events that its config alone shows to
/// overlap at one venue on one day.
@Suite struct EventClashValidationTests {
  @Test func twoPairedRoadshowsAtOneVenueAtNineOnOneDayAreAWarningAtValidate() throws {
    let original = repository.appendingPathComponent("Samples/east-west-pairing/east-west-pairing.yaml")
    let text = try String(contentsOf: original, encoding: .utf8)
    let registry = try PluginRegistry(modules: LinkedModules.all)
    let fine = try ConfigLoader.build(try ConfigLoader.parse(text, file: original.path), registry: registry)
    #expect(fine.warnings.isEmpty)
    let clash = text.replacingOccurrences(of: "      date: 2024-08-29", with: "      # date removed")
    let built = try ConfigLoader.build(try ConfigLoader.parse(clash, file: original.path), registry: registry)
    let warning = try #require(built.warnings.first)
    #expect(built.warnings.count == 1)
    #expect(warning.keyPath == "event[1]")
    #expect(warning.location?.line == built.events[1].location.line)
    #expect(warning.message.en.contains("overlaps “东部南部成果落地哈尔滨” (line \(built.events[0].location.line))"))
    #expect(warning.message.en.contains("on 2024-08-28 at 哈尔滨新区科技创新城（示例） around 09:00"))
  }
}
