import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPluginTesting
import Testing
import TorchExpress

// The code of PublicationGate.md.

@Suite struct PublicationExampleTests {
  let candidates = [
    record("1", "绿色建材", institution: "同济大学", ip: ["发明专利2项"]),
    record("2", "尚未审查的储能项目", confidentiality: .pending),
  ]

  @Test func onlyClearedRecordsLeaveTheOfficeWithoutWithheldFields() throws {
    let context = PipelineContext(gate: PublicationGate(withholding: [.ip, .institution]))
    let publication = context.gate.release(candidates, to: .public)
    let rows = publication.records.map { [$0.id.rawValue, $0.title, $0.institution ?? ""] }
    let file = OutputFile(
      name: "catalogue.csv", text: CSVWriter.text(header: ["编号", "名称", "单位"], rows: rows),
      publication: publication)

    #expect(publication.records.map(\.title) == ["绿色建材"])
    #expect(publication.records.first?.institution == nil)
    #expect(publication.records.first?.intellectualProperty == [])
    #expect(publication.withheld == [AchievementID("doc:2")])
    #expect(file.audience == .public && file.withheld == [AchievementID("doc:2")])
    #expect(PublicationConformance.failures(in: [file], records: candidates.map(\.achievement)).isEmpty)
  }

  @Test func theConformanceKitCatchesAFileThatBypassesTheGate() {
    let leaked = OutputFile(
      name: "catalogue.csv", text: "尚未审查的储能项目", publication: Publication.none(for: .public))
    let failures = PublicationConformance.failures(in: [leaked], records: candidates.map(\.achievement))
    #expect(failures.map(\.check) == ["publication"])
  }

  @Test func theConfigDecidesWhichFieldsAreWithheld() throws {
    let registry = try PluginRegistry(modules: [TorchExpress.module, LocalTrack.module])
    let withholding = """
      publication:
        withhold: [team, contacts, funding, ip, institution]
      """
    let file = samples.appendingPathComponent("local.yaml").path
    let configuration = try ConfigLoader.build(
      ConfigLoader.parse(localConfig + "\n" + withholding, file: file), registry: registry)
    #expect(configuration.publication.withheld == [.team, .contacts, .funding, .ip, .institution])
    #expect(PublicationGate().withheld == [.team, .contacts, .funding, .ip])
  }
}
