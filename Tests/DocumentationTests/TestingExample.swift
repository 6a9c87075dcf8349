import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of TestingAPlugin.md and of RoadshowPluginTesting.md.

@Suite struct TestingExampleTests {
  @Test func aMisspeltParameterIsRefusedWithTheNearestName() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try GreenKeywords(yaml: "keywords: [绿色]\nmin_trk: 5")
    }
    #expect(error?.diagnostics.first?.code == .unknownKey)
    #expect(error?.diagnostics.first?.suggestion == "min_trl")
    #expect(error?.diagnostics.first?.location == SourceLocation(file: "test.yaml", line: 2, column: 1))
  }

  @Test func parametersWithoutAPlugin() throws {
    let specs = [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "数据文件", en: "data file")), .encoding,
    ]
    let values = try ParameterValues(yaml: "file: data/experts.csv", specs: specs, baseDirectory: samples)
    #expect(values.csvEncoding == .auto)
    #expect(try values.readCSV("file").rows.isEmpty == false)
  }

  @Test func theFilesOfAnEventFormatNameNoUnclearedRecord() async throws {
    let briefing = try EnterpriseBriefing(yaml: "start: \"10:00\"")
    let records = ScreeningPolicyConformance.sampleCandidates
    let result = try await briefing.plan(EventInput(selected: records, funnel: []), in: PipelineContext())
    let failures = PublicationConformance.failures(in: result.artifacts, records: records.map(\.achievement))
    #expect(failures.isEmpty, "\(failures)")
  }
}
