import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

@Suite struct EastWestPluginDescriptionTests {
  @Test func moduleDeclaresTheEastWestTrack() {
    #expect(EastWestPairing.track.id == "east_west")
    #expect(EastWestPairing.track.source == "002 §二(四)")
    #expect(Set(EastWestPairing.module.plugins.map(\.description.kind)) == [.screening, .event, .followUp])
  }

  @Test func descriptionsAreCompleteAndIdsStable() {
    for factory in EastWestPairing.module.plugins {
      let d = factory.description
      #expect(d.id.range(of: #"^east_west\.[a-z_]+$"#, options: .regularExpression) != nil, "\(d.id)")
      #expect(d.track == "east_west")
      #expect(!d.summary.zh.isEmpty && !d.summary.en.isEmpty, "\(d.id)")
      #expect(d.example.hasPrefix("- plugin: \(d.id)"), "\(d.id)")
      for parameter in d.parameters {
        #expect(!parameter.doc.zh.isEmpty && !parameter.doc.en.isEmpty, "\(d.id).\(parameter.name)")
      }
    }
  }

  func exampleConfiguration(_ id: String) throws -> RoadshowConfiguration {
    let description = try #require(try registry().factory(id)?.description)
    var stages = ["\(description.kind.configKey):\n" + indent(description.example, 2), minimalIntake]
    if description.kind != .screening { stages.append(minimalScreening) }
    return try configuration(skeleton(stages.joined(separator: "\n")))
  }

  @Test(arguments: EastWestPairing.module.plugins.map(\.description.id))
  func exampleValidatesAndBuilds(id: String) throws {
    let config = try exampleConfiguration(id)
    let ids = config.screening.map(\.pluginID) + config.events.map(\.pluginID) + config.followUp.map(\.pluginID)
    #expect(ids.contains(id))
  }

  @Test(arguments: EastWestPairing.module.plugins.map(\.description.id))
  func exampleRuns(id: String) async throws {
    let outcome = try await PipelineRunner().run(try exampleConfiguration(id), library: InMemoryLibrary())
    #expect(outcome.record.status == "succeeded")
    #expect(outcome.record.libraryAfter == 1373)
  }

  @Test func eastWestPluginWithoutItsTrackFailsValidation() throws {
    let yaml = skeleton(tracks: "[torch]", minimalIntake + "\n" + minimalScreening)
    do {
      _ = try configuration(yaml)
      Issue.record("a config using east_west.* without enabling east_west must not validate")
    } catch let error as ConfigurationError {
      let problem = try #require(error.diagnostics.first { $0.code == .trackNotEnabled })
      #expect(problem.keyPath == "screening[0].plugin")
      #expect(problem.message.en.contains("add `east_west` to `tracks`"))
    }
  }

  @Test func unknownPairAndProvinceAreConfigErrors() throws {
    let yaml = skeleton(
      minimalIntake + "\n" + """
        screening:
          - plugin: east_west.pairing
            with:
              pairs:
                - name: 深圳—哈尔滨
                  west_side: {name: 哈尔滨, province: 黑龙江}
                  east_side: {name: 深圳, province: 广州}
              event_pairs: [深圳-哈尔滨]
        """)
    do {
      _ = try configuration(yaml)
      Issue.record("a side in a city instead of a province, and an unknown event pair, must not validate")
    } catch let error as ConfigurationError {
      #expect(
        error.diagnostics.map(\.keyPath) == [
          "screening[0].with.pairs[0].east_side.province", "screening[0].with.event_pairs[0]",
        ])
      #expect(error.diagnostics.last?.suggestion == "深圳—哈尔滨")
    }
  }
}
