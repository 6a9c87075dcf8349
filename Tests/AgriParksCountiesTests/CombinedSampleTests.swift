import AgriParksCounties
import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

/// An agricultural roadshow that is also an east–west pairing: both tracks and the Torch base in
/// one config, loaded the way the launcher loads it.
@Suite(.serialized) struct CombinedSampleTests {
  static let path = "agri-east-west/agri-east-west.yaml"

  func run() async throws -> RunOutcome {
    let outcome = try await PipelineRunner().run(try loadSample(Self.path), library: InMemoryLibrary())
    try keep(outcome, as: "agri-east-west")
    return outcome
  }

  @Test func enablesAllThreeTracks() throws {
    let config = try loadSample(Self.path)
    #expect(config.tracks == ["torch", "agriculture", "east_west"])
    #expect(
      config.screening.map(\.pluginID) == [
        "agriculture.classification", "east_west.flow_eligibility", "east_west.pairing", "agriculture.regional_fit",
        "torch.shortlist", "torch.final_selection",
      ])
    // Without east_west the same file does not validate.
    let text = try String(contentsOf: samplesDirectory.appendingPathComponent(Self.path), encoding: .utf8)
      .replacingOccurrences(of: "tracks: [torch, agriculture, east_west]", with: "tracks: [torch, agriculture]")
    do {
      _ = try configuration(text, in: samplesDirectory.appendingPathComponent("agri-east-west"))
      Issue.record("east_west plugins without the east_west track must not validate")
    } catch let error as ConfigurationError {
      let codes = Set(error.diagnostics.map(\.code))
      #expect(codes == [.trackNotEnabled])
      // Two screening stages, three paired roadshows and the landing tracking.
      #expect(error.diagnostics.count == 6)
    }
  }

  @Test func selectedProjectsAreAgriculturalAndPaired() async throws {
    let outcome = try await run()
    let selected = try #require(outcome.funnel.last?.passed)
    #expect(!selected.isEmpty)
    for candidate in selected {
      let attributes = candidate.achievement.attributes
      #expect(attributes[AgriAttribute.scope] == "in")
      #expect(["A", "B"].contains(attributes[EastWestAttribute.flow] ?? ""))
      #expect(attributes[EastWestAttribute.pair] != nil)
      #expect(["黑龙江", "内蒙古"].contains(attributes["agri.fit_province"] ?? ""))
    }
    // The exhibition shows every agricultural record, not only the paired ones.
    let exhibition = try #require(outcome.record.events.first { $0.format == "agriculture.online_exhibition" })
    let classified = try #require(outcome.funnel.first)
    #expect(
      exhibition.achievements.count == classified.passed.filter { $0.achievement.confidentiality == .cleared }.count)
    let roadshows = outcome.record.events.filter { $0.format == "east_west.paired_roadshow" }
    #expect(roadshows.count == 6)
    // The three paired roadshows, filtered by pair and flow, pitch every selected project.
    #expect(Set(roadshows.flatMap(\.achievements)) == Set(selected.map(\.id)))
    #expect(outcome.record.events.filter { $0.format == "agriculture.list_publication" }.count == 3)
  }

  @Test func reportsProgressOfBothTracks() async throws {
    let outcome = try await run()
    let names = outcome.record.indicators.map(\.name.zh)
    #expect(names.contains("突破性新品种转化示范"))
    #expect(names.contains("耕地质量提升核心示范面积"))
    let flows = outcome.record.indicators.filter { $0.source == "002 §二(四)" && $0.target == 1000 }
    #expect(flows.count == 2)
    #expect(flows.allSatisfy { $0.value > 0 })
    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("## 七、目标进展"))
    #expect(summary.contains("（流向A）") && summary.contains("（流向B）"))
    // Two follow-up services, one case each per pitched project.
    #expect(outcome.record.followUpCases == 2 * outcome.record.selected.count)
  }
}
