import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

/// The east–west sample end to end on the real 2018 list and the real region division.
@Suite(.serialized) struct EastWestSampleRunTests {
  func run(locale: String? = nil) async throws -> RunOutcome {
    let path = samplesDirectory.appendingPathComponent("east-west-pairing/east-west-pairing.yaml")
    var yaml = try String(contentsOf: path, encoding: .utf8)
    if let locale { yaml = yaml.replacingOccurrences(of: "locale: zh-CN", with: "locale: \(locale)") }
    let config = try configuration(yaml, in: path.deletingLastPathComponent(), name: path.lastPathComponent)
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    try keep(outcome, as: "east-west-pairing" + (locale.map { "-\($0)" } ?? ""))
    return outcome
  }

  @Test func loadsWithTheLaunchersConfigLoader() throws {
    let path = samplesDirectory.appendingPathComponent("east-west-pairing/east-west-pairing.yaml").path
    let config = try ConfigLoader.load(path: path, registry: try registry())
    #expect(config.tracks == ["torch", "east_west"])
    #expect(
      config.screening.map(\.pluginID) == [
        "east_west.flow_eligibility", "east_west.pairing", "torch.shortlist", "torch.final_selection",
      ])
  }

  @Test func everyRecordIsMappedOrReportedUnmapped() async throws {
    let outcome = try await run()
    let mapping = try #require(try table(outcome, "region-mapping.csv"))
    #expect(mapping.rows.count == 1373)
    let unmapped = try #require(try table(outcome, "unmapped-institutions.csv"))
    let unmappedRecords = unmapped.rows.reduce(0) { $0 + (Int($1.fields[1]) ?? 0) }
    #expect(unmappedRecords > 0)
    let first = outcome.decisions.filter { $0.position == 1 }
    #expect(first.filter { $0.decision.rule == "unmapped" }.count == unmappedRecords)
    #expect(first.contains { $0.decision.rule == "not_cross_region" })
    #expect(outcome.record.funnel[0].out == first.filter { $0.decision.passed }.count)
    // Holders of both flows pass eligibility.
    #expect(first.contains { $0.decision.rule == "flow_a" } && first.contains { $0.decision.rule == "flow_b" })
  }

  @Test func onlyServedPairsPassAndEachRoadshowKeepsItsFlow() async throws {
    let outcome = try await run()
    let served: Set = ["深圳农基所—哈尔滨 玉米育种", "南数北算 深圳—哈尔滨", "齐齐哈尔—广州 高端数控机床", "中山大学—哈尔滨工业大学"]
    let pairing = try #require(outcome.funnel.first { $0.plugin == "east_west.pairing" })
    #expect(!pairing.passed.isEmpty)
    #expect(pairing.passed.allSatisfy { served.contains($0.achievement.attributes[EastWestAttribute.pair] ?? "") })
    #expect(outcome.decisions.contains { $0.decision.rule == "pair_not_served" })

    let events = outcome.record.events.filter { $0.format == "east_west.paired_roadshow" }
    #expect(events.count == 4)
    #expect(events.filter(\.online).count == 2)
    let selected = try #require(outcome.funnel.last?.passed)
    let flows = Dictionary(
      uniqueKeysWithValues: selected.map { ($0.id, $0.achievement.attributes[EastWestAttribute.flow]) })
    let toHarbin = events.filter { $0.title.hasPrefix(outcome.record.programme.name + "（深圳") }
    let fromHarbin = events.filter { $0.title.hasPrefix(outcome.record.programme.name + "（哈尔滨") }
    #expect(toHarbin.count == 2 && fromHarbin.count == 2)
    #expect(toHarbin.flatMap(\.achievements).allSatisfy { flows[$0] == "B" })
    #expect(fromHarbin.flatMap(\.achievements).allSatisfy { flows[$0] == "A" })
    // Together the two roadshows pitch every selected project once.
    #expect(Set(toHarbin[0].achievements + fromHarbin[0].achievements) == Set(selected.map(\.id)))
    #expect(toHarbin.first { !$0.online }?.venue == "哈尔滨新区科技创新城（示例）")
    #expect(toHarbin.first { $0.online }?.venue?.contains("视频连线") == true)
  }

  @Test func countsTheTwoFlowsSeparatelyFromTheLandingReports() async throws {
    let outcome = try await run()
    let indicators = outcome.record.indicators
    let flowA = try #require(indicators.first { $0.name.zh.hasSuffix("（流向A）") })
    let flowB = try #require(indicators.first { $0.name.zh.hasSuffix("（流向B）") })
    #expect(flowA.target == 1000 && flowB.target == 1000)
    #expect(flowA.source == "002 §二(四)")

    // Recount from the sample file with the seed's rule, independently of the plugin.
    let regions = try regionTable()
    let rows = try CSVTable.read(dataDirectory.appendingPathComponent("landing-status.csv"))
    func cell(_ row: CSVTable.Row, _ name: String) -> String { rows.column(name).map { row.fields[$0] } ?? "" }
    var expected: [String: Int] = ["A": 0, "B": 0]
    for row in rows.rows where cell(row, "进展") == "落地" && cell(row, "日期") <= "2025-12-31" {
      let source = regions.group(of: cell(row, "成果所在省份"))
      let landing = regions.group(of: cell(row, "转化落地省份"))
      let partner = regions.group(of: cell(row, "合作方省份"))
      if source == .northeastWest && landing == .northeastWest && partner == .eastSouth {
        expected["A", default: 0] += 1
      }
      if source == .eastSouth && landing == .northeastWest { expected["B", default: 0] += 1 }
    }
    #expect(flowA.value == Double(expected["A"] ?? -1))
    #expect(flowB.value == Double(expected["B"] ?? -1))
    #expect(flowA.value > 0 && flowB.value > 0 && flowA.value != flowB.value)

    let report = try #require(text(outcome, "cross-region-landing.md"))
    #expect(report.contains("不属两类流向"))
    #expect(report.contains("逾期落地"))
    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("## 七、目标进展"))
    #expect(summary.contains("| 东部、南部成果到东北、西部转化落地（流向B） | \(Int(flowB.value))项 | 1000项 |"))
    #expect(outcome.record.followUpCases == outcome.record.selected.count)
  }

  @Test func speaksEnglishWhenAsked() async throws {
    let outcome = try await run(locale: "en")
    let pairing = try #require(text(outcome, "pairings.md"))
    #expect(pairing.hasPrefix("# Pairing"))
    let landing = try #require(text(outcome, "cross-region-landing.md"))
    #expect(landing.contains("flow A: northeast/west achievements"))
    let mapping = try #require(text(outcome, "region-mapping.csv"))
    #expect(mapping.hasPrefix("\u{FEFF}id,title,institution,province,region"))
  }
}

@Suite struct EastWestLibraryUpdateTests {
  /// The provinces found for holders are kept in the project library, so the next run (and any
  /// other track) knows them; the flow, which depends on the event, is not.
  @Test func provincesFoundAreKeptInTheLibrary() async throws {
    let path = samplesDirectory.appendingPathComponent("east-west-pairing/east-west-pairing.yaml")
    let yaml = try String(contentsOf: path, encoding: .utf8)
    let config = try configuration(yaml, in: path.deletingLastPathComponent(), name: path.lastPathComponent)
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner().run(config, library: library)
    let mapping = try #require(try table(outcome, "region-mapping.csv"))
    let located = mapping.rows.filter { !$0.fields[3].isEmpty }
    #expect(!located.isEmpty)
    let stored = Dictionary(uniqueKeysWithValues: await library.achievements().map { ($0.id.rawValue, $0) })
    for row in located {
      #expect(stored[row.fields[0]]?.province == row.fields[3], "\(row.fields[0])")
      #expect(stored[row.fields[0]]?.region != nil)
      #expect(stored[row.fields[0]]?.attributes[EastWestAttribute.flow] == nil)
    }
  }
}
