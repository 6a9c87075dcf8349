import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress
import UniversitySpinoff

@Suite struct ModuleTests {
  @Test func registersBesideTheTorchTrackWithPrefixedIDs() throws {
    let registry = try Fixture.registry()
    #expect(UniversitySpinoff.track.id == "university")
    #expect(registry.track("university")?.name.zh == "高校成果赋能创业行动")
    let ids = UniversitySpinoff.module.plugins.map(\.description.id)
    #expect(ids.count == 7)
    #expect(ids.allSatisfy { $0.hasPrefix("university.") })
    #expect(Set(ids).count == ids.count)
    let kinds = Set(UniversitySpinoff.module.plugins.map(\.description.kind))
    #expect(kinds == Set(PluginKind.allCases))
  }

  @Test func everyPluginDocumentsItselfInBothLanguages() {
    for factory in UniversitySpinoff.module.plugins {
      let d = factory.description
      #expect(d.track == "university", "\(d.id)")
      #expect(!d.summary.zh.isEmpty && !d.summary.en.isEmpty, "\(d.id)")
      #expect(d.example.hasPrefix("- plugin: \(d.id)"), "\(d.id)")
      for parameter in d.parameters {
        #expect(!parameter.doc.zh.isEmpty && !parameter.doc.en.isEmpty, "\(d.id).\(parameter.name)")
        if case .object(let nested) = parameter.type {
          for inner in nested {
            #expect(!inner.doc.zh.isEmpty && !inner.doc.en.isEmpty, "\(d.id).\(parameter.name).\(inner.name)")
          }
        }
      }
    }
  }

  /// Each plugin's example, placed under its kind's key in an otherwise minimal config next to
  /// `Samples/`, validates and builds into exactly one stage of that plugin.
  @Test(arguments: UniversitySpinoff.module.plugins.map(\.description.id))
  func exampleValidatesAndBuilds(id: String) throws {
    let registry = try Fixture.registry()
    let description = try #require(registry.factory(id)?.description)
    let yaml = Fixture.config(sections: [description.kind.configKey: Fixture.indent(description.example)])
    let configuration = try Fixture.configuration(yaml, in: Fixture.samples, name: "example.yaml")
    let built: [String] =
      switch description.kind {
      case .intake: configuration.intake.map(\.pluginID)
      case .screening: configuration.screening.map(\.pluginID)
      case .coaching: configuration.coaching.map(\.pluginID)
      case .event: configuration.events.map(\.pluginID)
      case .followUp: configuration.followUp.map(\.pluginID)
      }
    #expect(built == [id])
  }

  @Test func intakeExamplesReadTheirFiles() async throws {
    for id in ["university.tto_intake", "university.self_recommendation"] {
      let description = try #require(try Fixture.registry().factory(id)?.description)
      let yaml = Fixture.config(sections: ["intake": Fixture.indent(description.example)])
      let configuration = try Fixture.configuration(yaml, in: Fixture.samples, name: "example.yaml")
      let batch = try await #require(configuration.intake.first).plugin.collect(in: PipelineContext())
      #expect(!batch.records.isEmpty, "\(id)")
      #expect(batch.records.allSatisfy { HolderKind.isUniversity($0.institution ?? "") }, "\(id)")
    }
  }

  @Test func usingAUniversityPluginWithoutTheTrackFailsValidation() throws {
    let yaml = Fixture.config(
      tracks: "[torch]",
      sections: [
        "screening": """
          - plugin: university.spinoff_readiness
            with: {min_score: 50}
        """
      ])
    let problems = try Fixture.diagnostics(yaml, in: Fixture.samples)
    let problem = try #require(problems.first { $0.code == .trackNotEnabled })
    #expect(problem.keyPath == "screening[0].plugin")
    #expect(problem.message.en.contains("university"))
    #expect(problem.location?.line == 6)
  }

  @Test func tellsUniversitiesFromOtherHoldersBySuffix() {
    #expect(HolderKind.isUniversity("清华大学"))
    #expect(HolderKind.isUniversity("中国科学院大学"))
    #expect(HolderKind.isUniversity("上海交通大学医学院"))
    #expect(HolderKind.isUniversity("山东大学（威海）"))
    #expect(HolderKind.isUniversity("清华大学深圳国际研究生院"))
    #expect(!HolderKind.isUniversity("中国中医科学院"))
    #expect(!HolderKind.isUniversity("中国科学院深圳先进技术研究院"))
    #expect(!HolderKind.isUniversity("北京大学第一医院"))
    #expect(!HolderKind.isUniversity("航天科工智慧产业发展有限公司"))
    #expect(!HolderKind.isUniversity(""))
  }
}
