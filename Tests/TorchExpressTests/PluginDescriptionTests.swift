import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

@Suite struct PluginDescriptionTests {
  @Test func everyKindHasAPlugin() {
    let kinds = Set(TorchExpress.module.plugins.map(\.description.kind))
    #expect(kinds == Set(PluginKind.allCases))
  }

  @Test func descriptionsAreCompleteAndIdsStable() {
    for factory in TorchExpress.module.plugins {
      let d = factory.description
      #expect(d.id.hasPrefix("torch."), "\(d.id)")
      #expect(d.id.range(of: #"^[a-z]+\.[a-z_]+$"#, options: .regularExpression) != nil, "\(d.id)")
      #expect(d.track == "torch")
      #expect(!d.summary.zh.isEmpty && !d.summary.en.isEmpty, "\(d.id)")
      #expect(d.example.hasPrefix("- plugin: \(d.id)"), "\(d.id)")
      for parameter in d.parameters {
        #expect(!parameter.doc.zh.isEmpty && !parameter.doc.en.isEmpty, "\(d.id).\(parameter.name)")
      }
    }
  }

  /// Each example is put into a config of its own, validated and built, as SwiftLint runs its
  /// rules' examples.
  @Test(arguments: TorchExpress.module.plugins.map(\.description.id))
  func exampleValidatesAndBuilds(id: String) throws {
    let registry = try torchRegistry()
    let description = try #require(registry.factory(id)?.description)
    let example = "\(description.kind.configKey):\n" + indent(description.example, 2)
    var stages = [example]
    if description.kind != .intake { stages.append(minimalIntake) }
    if description.kind != .screening { stages.append(minimalScreening) }
    let config = try configuration(skeleton(stages.joined(separator: "\n")))
    let built: Int
    switch description.kind {
    case .intake: built = config.intake.count
    case .screening: built = config.screening.count
    case .coaching: built = config.coaching.count
    case .event: built = config.events.count
    case .followUp: built = config.followUp.count
    }
    #expect(built == 1)
  }

  /// Each example also runs: the whole pipeline completes with it on the real sample data.
  @Test(arguments: TorchExpress.module.plugins.map(\.description.id))
  func exampleRuns(id: String) async throws {
    let registry = try torchRegistry()
    let description = try #require(registry.factory(id)?.description)
    let example = "\(description.kind.configKey):\n" + indent(description.example, 2)
    var stages = [example]
    if description.kind != .intake { stages.append(minimalIntake) }
    if description.kind != .screening { stages.append(minimalScreening) }
    let config = try configuration(skeleton(stages.joined(separator: "\n")))
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    #expect(outcome.record.status == "succeeded")
    #expect(outcome.record.libraryAfter > 0)
  }
}
