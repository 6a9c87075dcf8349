import AgriParksCounties
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

/// The agriculture sample end to end: real national lists, parks and firms; sample local list,
/// profiles and demonstration reports.
@Suite(.serialized) struct AgriSampleRunTests {
  static let path = "agri-parks-counties/agri-parks-counties.yaml"

  func run() async throws -> RunOutcome {
    let outcome = try await PipelineRunner().run(try loadSample(Self.path), library: InMemoryLibrary())
    try keep(outcome, as: "agri-parks-counties")
    return outcome
  }

  @Test func readsTheRealListsAndCountsTheDuplicates() async throws {
    let record = try await run().record
    #expect(record.tracks == ["torch", "agriculture"])
    let intake = record.intake.map { ($0.rows, $0.added, $0.skipped) }
    #expect(intake.count == 4)
    #expect(intake[0] == (1373, 1373, 0))
    // The ministry's 2019–2020 list repeats 430 rows: skipped and counted, never silently merged.
    #expect(intake[1] == (1206, 776, 430))
    #expect(intake[2] == (30, 30, 0))
    // Parks and firms are participants, not achievements.
    #expect(intake[3].0 == 233 + 6513)
    #expect(intake[3].1 == 0)
    #expect(record.libraryAfter == 1373 + 776 + 30)
  }

  @Test func funnelAndClassificationCountsAgree() async throws {
    let outcome = try await run()
    let funnel = outcome.record.funnel
    #expect(
      funnel.map(\.plugin) == [
        "agriculture.classification", "agriculture.classification", "agriculture.regional_fit", "torch.trl_threshold",
        "torch.shortlist", "torch.final_selection",
      ])
    #expect(funnel.first?.in == outcome.record.libraryAfter)
    for (earlier, later) in zip(funnel, funnel.dropFirst()) { #expect(earlier.out == later.in) }
    #expect(outcome.record.selected.count == 10)

    // Every record of the library is in the classification table; the in-scope ones passed.
    let table = try #require(try table(outcome, "agri-classification.csv"))
    #expect(table.rows.count == outcome.record.libraryAfter)
    let scope = try #require(table.column("范围"))
    let field = try #require(table.column("技术领域"))
    let agricultural = table.rows.filter { $0.fields[scope] == "农业" }
    #expect(agricultural.count == funnel[0].out)
    #expect(agricultural.count > 150)
    // All 30 local records are agricultural by construction.
    #expect(agricultural.filter { $0.fields[0].hasPrefix("local-2024:") }.count == 30)
    let unclassified = agricultural.filter { $0.fields[field].isEmpty }.count
    #expect(unclassified > 0)
    let report = try #require(text(outcome, "agri-classification.md"))
    #expect(report.contains("农业科技成果 \(agricultural.count) 项，非农业 \(table.rows.count - agricultural.count) 项"))
    let fieldSection = try #require(
      report.components(separatedBy: "## 技术领域").last?.components(separatedBy: "## ").first)
    #expect(fieldSection.contains("| 未分类 | \(unclassified) |"))
    // Rejections are decisions with reasons, not silent drops.
    let outOfScope = outcome.decisions.filter { $0.position == 1 && $0.decision.rule == "out_of_scope" }
    #expect(outOfScope.count == table.rows.count - agricultural.count)
  }

  @Test func selectionFitsHeilongjiang() async throws {
    let outcome = try await run()
    let fit = outcome.decisions.filter { $0.plugin == "agriculture.regional_fit" }
    #expect(fit.filter(\.decision.passed).allSatisfy { $0.decision.reason.zh.hasPrefix("最适合黑龙江") })
    #expect(fit.contains { $0.decision.rule == "area_mismatch" })
    for selected in outcome.record.selected {
      for area in ["西南", "华南", "长江", "黄淮"] { #expect(!selected.title.contains(area), "\(selected.title)") }
    }
    let matches = try #require(try table(outcome, "park-matches.csv"))
    #expect(matches.rows.count == outcome.record.funnel[2].out)
  }

  @Test func plansDockingExhibitionAndPublication() async throws {
    let outcome = try await run()
    let events = outcome.record.events
    let docking = try #require(events.first { $0.format == "agriculture.park_docking" })
    #expect(docking.venue == "黑龙江绥化国家农业科技园区")
    #expect(!docking.online)
    #expect(docking.achievements.count == 10)
    #expect(docking.agenda.contains { $0.segment == .other && $0.title.contains("现场观摩") })
    let invitations = try #require(try table(outcome, "docking-invitations.csv"))
    let parks = invitations.rows.filter { $0.fields[1] == "农业科技园区" }
    #expect(parks.count == 6)  // the six national agricultural S&T parks of 黑龙江
    #expect(invitations.rows.allSatisfy { $0.fields[2] == "黑龙江" || $0.fields[1] == "科技特派团" })

    let exhibition = try #require(events.first { $0.format == "agriculture.online_exhibition" })
    #expect(exhibition.online)
    #expect(exhibition.date == "2024-06-18 – 2024-07-17")
    let issues = events.filter { $0.format == "agriculture.list_publication" }
    #expect(issues.map(\.date) == ["2024-06-18", "2024-09-18", "2024-12-18", "2025-03-18"])
    let national = try #require(try table(outcome, "national-list.csv"))
    let local = try #require(try table(outcome, "local-list.csv"))
    // The lists and the exhibition show the same cleared records; two local ones await review.
    #expect(national.rows.count + local.rows.count == exhibition.achievements.count)
    #expect(local.rows.count == 28)
    #expect(issues.first?.achievements.count == exhibition.achievements.count)
  }

  @Test func tracksDemonstrationsAgainstTheSeedTargets() async throws {
    let outcome = try await run()
    let indicators = Dictionary(uniqueKeysWithValues: outcome.record.indicators.map { ($0.name.zh, $0) })
    #expect(indicators["突破性新品种转化示范"]?.target == 100)
    #expect(indicators["新品种示范亩均增产"]?.target == 8)
    #expect(indicators["新品种累计示范面积"]?.target == 500_000_000)
    #expect(indicators["耕地质量提升核心示范面积"]?.target == 300_000)
    #expect(indicators["核心示范粮食单产提升"]?.target == 10)
    #expect(outcome.record.indicators.filter { $0.source == "002 §二(六)1" }.count == 5)

    // The values come from the sample reports: recount them independently.
    let reports = try CSVTable.read(
      samplesDirectory.appendingPathComponent("agri-parks-counties/data/demonstration-tracking.csv"))
    let column = { (name: String) in reports.column(name) ?? 0 }
    let varieties = Set(reports.rows.filter { $0.fields[column("示范类型")] == "新品种" }.map { $0.fields[column("品种名称")] })
    let core = reports.rows.filter { $0.fields[column("示范类型")] == "耕地质量" && $0.fields[column("核心示范")] == "是" }
    let coreArea = core.reduce(0.0) { $0 + (Double($1.fields[column("示范面积（亩）")]) ?? 0) }
    #expect(indicators["突破性新品种转化示范"]?.value == Double(varieties.count))
    #expect(indicators["耕地质量提升核心示范面积"]?.value == coreArea)

    // The roll-up: ministry = sum of provinces = sum of cities = sum of counties.
    let rollup = try #require(try table(outcome, "demonstration-rollup.csv"))
    func total(_ level: String) -> Double {
      rollup.rows.filter { $0.fields[0] == level }.reduce(0.0) { $0 + (Double($1.fields[7]) ?? 0) }
    }
    #expect(total("部") == coreArea)
    #expect(total("省") == coreArea)
    #expect(total("市") == coreArea)
    #expect(total("县") == coreArea)
    #expect(rollup.rows.filter { $0.fields[0] == "省" }.count == Set(reports.rows.map { $0.fields[column("省份")] }).count)

    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("## 七、目标进展"))
    #expect(summary.contains("| 突破性新品种转化示范 | \(varieties.count)个 | 100个 |"))
    #expect(outcome.record.followUpCases == 10)
  }

  @Test func speaksEnglishWhenAsked() async throws {
    let url = samplesDirectory.appendingPathComponent(Self.path)
    let yaml = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
      of: "locale: zh-CN", with: "locale: en")
    let config = try configuration(yaml, in: url.deletingLastPathComponent(), name: url.lastPathComponent)
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let report = try #require(text(outcome, "agri-classification.md"))
    #expect(report.contains("Classification of agricultural achievements"))
    #expect(report.contains("## technology field"))
    let tracking = try #require(text(outcome, "demonstration-tracking.md"))
    #expect(tracking.hasPrefix("# Demonstration tracking"))
    let rollup = try #require(text(outcome, "demonstration-rollup.csv"))
    #expect(rollup.hasPrefix("\u{FEFF}level,name,parent"))
    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("| Breakthrough varieties demonstrated |"))
  }
}
