import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

/// A plugin with a required input file and a check the schema cannot make (one value against
/// another), to see both kinds of problem come back from the helper.
struct RowWindow: IntakeSource {
  static let description = PluginDescription(
    id: "fixture.row_window", kind: .intake, track: "fixture",
    summary: LocalizedText(zh: "读取若干行", en: "reads some rows"),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "文件", en: "file")),
      ParameterSpec("first", .integer(1...1000), default: "1", doc: LocalizedText(zh: "首行", en: "first row")),
      ParameterSpec("last", .integer(1...1000), doc: LocalizedText(zh: "末行", en: "last row")),
      .encoding,
    ],
    example: "- plugin: fixture.row_window\n  with: {file: rows.csv}")

  let file: URL
  let first: Int

  init(parameters p: ParameterValues) throws {
    file = p.url("file") ?? URL(fileURLWithPath: "/")
    first = p.int("first") ?? 1
    if let last = p.int("last"), last < first {
      throw PluginSetupError([
        p.problem("last", LocalizedText(zh: "末行不能小于首行", en: "`last` must not be below `first`"))
      ])
    }
  }

  func collect(in context: PipelineContext) async throws -> IntakeBatch { IntakeBatch(records: []) }
}

func record(_ id: String, ip: [String]) -> Candidate {
  Candidate(
    achievement: Achievement(id: AchievementID(source: "t", externalID: id), title: id, intellectualProperty: ip))
}

/// A fresh folder holding `rows.csv`.
func folderWithRows() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugin-from-yaml-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  try Data("编号,成果名称\n1,甲\n2,乙\n".utf8).write(to: folder.appendingPathComponent("rows.csv"))
  return folder
}

@Suite struct PluginFromYAMLTests {
  @Test func buildsAPluginFromItsWithMappingAndItBehavesAsConfigured() async throws {
    let policy = try PatentStrength(yaml: "min_score: 6\nwithout_ip: reject")
    let candidates = [
      record("one-patent", ip: ["发明专利1项"]), record("two-patents", ip: ["发明专利2项"]), record("none", ip: []),
    ]
    let result = try await policy.screen(candidates, in: PipelineContext())
    #expect(result.passed.map(\.id.externalID) == ["two-patents"])
    #expect(result.decisions.map(\.rule) == ["min_score", "min_score", "no_ip"])
  }

  @Test func anEmptySnippetGivesTheDeclaredDefaults() async throws {
    let policy = try PatentStrength(yaml: "")
    // min_score defaults to 3, so one invention patent (3 points) passes; no IP is kept.
    let result = try await policy.screen([record("a", ip: ["发明专利1项"]), record("b", ip: [])], in: PipelineContext())
    #expect(result.passed.map(\.id.externalID) == ["a", "b"])
  }

  @Test func buildsFromTheDescriptionsOwnExampleEntry() async throws {
    let policy = try PatentStrength(yaml: PatentStrength.description.example)
    let result = try await policy.screen([record("a", ip: ["发明专利1项"])], in: PipelineContext())
    // The example sets min_score 6: one patent (3 points) is not enough.
    #expect(result.passed.isEmpty)
  }

  @Test func refusesAnUnknownKeyWithTheNearestValidOneAtItsLine() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try PatentStrength(yaml: "min_score: 6\nwithout_iq: keep", file: "snippet.yaml")
    }
    let diagnostic = try #require(error?.diagnostics.first)
    #expect(error?.diagnostics.count == 1)
    #expect(diagnostic.code == .unknownKey)
    #expect(diagnostic.keyPath == "with.without_iq")
    #expect(diagnostic.suggestion == "without_ip")
    #expect(diagnostic.location == SourceLocation(file: "snippet.yaml", line: 2, column: 1))
  }

  @Test func reportsEveryProblemAtOnce() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try PatentStrength(yaml: "min_score: lots\nwithout_ip: maybe")
    }
    #expect(error?.diagnostics.map(\.keyPath) == ["with.min_score", "with.without_ip"])
    #expect(error?.diagnostics.map(\.code) == [.typeMismatch, .invalidValue])
  }

  @Test func refusesAnEntryForAnotherPlugin() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try PatentStrength(yaml: "- plugin: torch.trl_threshold\n  with: {min_trl: 4}")
    }
    #expect(error?.diagnostics.first?.code == .unknownPlugin)
    #expect(error?.diagnostics.first?.suggestion == "example.patent_strength")
  }

  @Test func resolvesFilesAgainstTheBaseDirectoryAndChecksThatTheyExist() throws {
    let folder = try folderWithRows()
    defer { try? FileManager.default.removeItem(at: folder) }
    let window = try RowWindow(yaml: "file: rows.csv", baseDirectory: folder)
    #expect(window.file == folder.appendingPathComponent("rows.csv").standardizedFileURL)
    let error = #expect(throws: ConfigurationError.self) {
      try RowWindow(yaml: "file: rows.cvs", baseDirectory: folder)
    }
    #expect(error?.diagnostics.first?.code == .missingFile)
    #expect(error?.diagnostics.first?.suggestion == "rows.csv")
  }

  @Test func reportsAMissingRequiredKeyAtTheEntry() throws {
    let error = #expect(throws: ConfigurationError.self) { try RowWindow(yaml: "first: 2") }
    #expect(error?.diagnostics.map(\.code) == [.missingKey])
    #expect(error?.diagnostics.first?.keyPath == "with.file")
  }

  @Test func passesOnThePluginsOwnSetupProblems() throws {
    let folder = try folderWithRows()
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = #expect(throws: ConfigurationError.self) {
      try RowWindow(yaml: "file: rows.csv\nfirst: 5\nlast: 2", baseDirectory: folder)
    }
    #expect(error?.diagnostics.first?.keyPath == "with.last")
    #expect(error?.diagnostics.first?.location?.line == 3)
    #expect(error?.diagnostics.first?.message.en == "`last` must not be below `first`")
  }

  @Test func parameterValuesFromYAMLReadNestedValuesAndFiles() throws {
    let folder = try folderWithRows()
    defer { try? FileManager.default.removeItem(at: folder) }
    let specs = RowWindow.description.parameters
    let values = try ParameterValues(yaml: "file: rows.csv\nencoding: utf-8", specs: specs, baseDirectory: folder)
    #expect(values.int("first") == 1)
    #expect(values.csvEncoding == .utf8)
    let table = try values.readCSV("file")
    #expect(table.rows.count == 2)
  }

  @Test func aSnippetThatIsNeitherAMappingNorAnEntryIsRefused() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try ParameterValues(yaml: "- 1\n- 2", specs: PatentStrength.description.parameters)
    }
    #expect(error?.diagnostics.first?.code == .typeMismatch)
  }
}
