import AgriParksCounties
import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

@Suite struct AgriPluginDescriptionTests {
  @Test func moduleDeclaresTheAgricultureTrack() throws {
    #expect(AgriParksCounties.track.id == "agriculture")
    #expect(AgriParksCounties.track.source == "002 §二(六)")
    let kinds = Set(AgriParksCounties.module.plugins.map(\.description.kind))
    #expect(kinds == [.intake, .screening, .event, .followUp])
    // All three modules register together without clashing ids or tracks.
    let registry = try fullRegistry()
    #expect(registry.tracks.map(\.id) == ["torch", "agriculture", "east_west"])
  }

  @Test func descriptionsAreCompleteAndIdsStable() {
    for factory in AgriParksCounties.module.plugins {
      let d = factory.description
      #expect(d.id.range(of: #"^agriculture\.[a-z_]+$"#, options: .regularExpression) != nil, "\(d.id)")
      #expect(d.track == "agriculture")
      #expect(!d.summary.zh.isEmpty && !d.summary.en.isEmpty, "\(d.id)")
      #expect(d.example.hasPrefix("- plugin: \(d.id)"), "\(d.id)")
      for parameter in d.parameters {
        #expect(!parameter.doc.zh.isEmpty && !parameter.doc.en.isEmpty, "\(d.id).\(parameter.name)")
      }
    }
  }

  func exampleConfiguration(_ id: String) throws -> RoadshowConfiguration {
    let registry = try fullRegistry()
    let description = try #require(registry.factory(id)?.description)
    var stages = ["\(description.kind.configKey):\n" + indent(description.example, 2)]
    if description.kind != .intake { stages.append(minimalAgriIntake) }
    if description.kind != .screening { stages.append(minimalAgriScreening) }
    return try configuration(skeleton(stages.joined(separator: "\n")))
  }

  /// Each example is put into a config of its own, validated and built.
  @Test(arguments: AgriParksCounties.module.plugins.map(\.description.id))
  func exampleValidatesAndBuilds(id: String) throws {
    let config = try exampleConfiguration(id)
    let kind = try #require(try fullRegistry().factory(id)?.description.kind)
    let built: [String]
    switch kind {
    case .intake: built = config.intake.map(\.pluginID)
    case .screening: built = config.screening.map(\.pluginID)
    case .coaching: built = config.coaching.map(\.pluginID)
    case .event: built = config.events.map(\.pluginID)
    case .followUp: built = config.followUp.map(\.pluginID)
    }
    #expect(built.contains(id))
  }

  /// Each example also runs to completion on the real data.
  @Test(arguments: AgriParksCounties.module.plugins.map(\.description.id))
  func exampleRuns(id: String) async throws {
    let outcome = try await PipelineRunner().run(try exampleConfiguration(id), library: InMemoryLibrary())
    #expect(outcome.record.status == "succeeded")
    #expect(!outcome.record.intake.isEmpty)
    #expect(outcome.record.intake.allSatisfy { $0.rows > 0 && $0.skipped == 0 })
  }

  @Test func agriculturePluginNeedsItsTrack() throws {
    let yaml = skeleton(
      tracks: "[torch]",
      """
      intake:
        - plugin: agriculture.parks_and_firms
          with: {parks: agri-parks-counties/data/agri-parks.csv}
      screening: []
      """)
    do {
      _ = try configuration(yaml)
      Issue.record("a config using agriculture.* without the agriculture track must not validate")
    } catch let error as ConfigurationError {
      let problem = try #require(error.diagnostics.first { $0.code == .trackNotEnabled })
      #expect(problem.keyPath == "intake[0].plugin")
      #expect(problem.location?.line == 7)
    }
  }

  @Test func unknownProvinceInParametersIsLocatedWithSuggestion() throws {
    let yaml = skeleton(
      minimalAgriIntake + "\n" + """
        screening:
          - plugin: agriculture.regional_fit
            with:
              provinces: [黑龙江, 黑龙]
              profiles: agri-parks-counties/data/province-profiles.csv
        """)
    do {
      _ = try configuration(yaml)
      Issue.record("an unknown province must not validate")
    } catch let error as ConfigurationError {
      let problem = try #require(error.diagnostics.first)
      #expect(problem.keyPath == "screening[0].with.provinces[1]")
      #expect(problem.suggestion == "黑龙江")
    }
  }
}
