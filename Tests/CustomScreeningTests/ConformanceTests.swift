import CustomScreening
import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPluginTesting
import Testing
import TorchExpress

/// The kit passes every screening policy of the repository and catches broken ones.
@Suite struct ConformanceTests {
  /// The shipped policies and the worked example; each failed check is one issue, shown once.
  @Test func everyScreeningPolicyOfTheRepositoryConforms() async throws {
    let policies = (TorchExpress.module.plugins + CustomScreening.module.plugins + ExampleScreening.module.plugins)
      .filter { $0.description.kind == .screening }
    #expect(policies.count == 10)
    for factory in policies {
      let report = try await check(factory.description.id)
      #expect(report.checks.count == ScreeningPolicyConformance.checkNames.count)
    }
  }

  func check(_ id: String) async throws -> ConformanceReport {
    switch id {
    case "torch.field_focus":
      return await ScreeningPolicyConformance.expectConforms(FieldFocus.self, samplesDirectory: samplesDirectory)
    case "torch.trl_threshold":
      return await ScreeningPolicyConformance.expectConforms(
        ReadinessThreshold.self, samplesDirectory: samplesDirectory)
    case "torch.shortlist":
      return await ScreeningPolicyConformance.expectConforms(Shortlist.self, samplesDirectory: samplesDirectory)
    case "torch.enterprise_interest":
      return await ScreeningPolicyConformance.expectConforms(
        EnterpriseInterestPolicy.self, samplesDirectory: samplesDirectory)
    case "torch.final_selection":
      return await ScreeningPolicyConformance.expectConforms(FinalSelection.self, samplesDirectory: samplesDirectory)
    case "torch.demand_match":
      return await ScreeningPolicyConformance.expectConforms(DemandMatch.self, samplesDirectory: samplesDirectory)
    case "torch.panel_review":
      return await ScreeningPolicyConformance.expectConforms(PanelReview.self, samplesDirectory: samplesDirectory)
    case "custom.rule":
      return await ScreeningPolicyConformance.expectConforms(DeclarativeRule.self, samplesDirectory: samplesDirectory)
    case "custom.external":
      return await ScreeningPolicyConformance.expectConforms(
        ExternalProcessPolicy.self, samplesDirectory: samplesDirectory)
    case "example.patent_strength":
      return await ScreeningPolicyConformance.expectConforms(PatentStrength.self, samplesDirectory: samplesDirectory)
    default:
      Issue.record("no check for \(id)")
      return ConformanceReport(plugin: id, checks: [], failures: [])
    }
  }

  @Test func theKitCatchesABrokenPolicy() async {
    let report = await ScreeningPolicyConformance.check(Sloppy.self, samplesDirectory: samplesDirectory)
    let failed = Set(report.failures.map(\.check))
    #expect(failed == ["description", "contract", "reasons", "determinism", "publication"], "\(report)")
    let publication = report.failures.first { $0.check == "publication" }?.message ?? ""
    #expect(publication.contains("kit:2") && publication.contains("kit:4") && !publication.contains("kit:1,"))
  }

  @Test func patentCountsAreReadFromChineseIPLists() {
    #expect(PatentStrength.count("发明专利", in: ["发明专利3项", "软件著作权2项", "发明专利"]) == 4)
    #expect(PatentStrength.count("实用新型", in: ["发明专利3项"]) == 0)
  }
}

/// A policy that breaks the rules: English-only summary, a decision missing, random scores.
struct Sloppy: ScreeningPolicy {
  static let description = PluginDescription(
    id: "sloppy.policy", kind: .screening, track: "sloppy", summary: LocalizedText(zh: "", en: "sloppy"),
    parameters: [ParameterSpec("limit", .integer(1...9), default: "3", doc: LocalizedText(zh: "上限", en: "limit"))],
    example: "- plugin: sloppy.policy\n  with: {limit: 3}")
  init(parameters: ParameterValues) throws {}
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for var candidate in candidates.dropLast() {
      candidate.setScore("random", Double.random(in: 0...1))
      passed.append(candidate)
      decisions.append(
        ScreeningDecision(achievement: candidate.id, passed: true, rule: "", reason: LocalizedText(zh: "", en: "")))
    }
    // A list "for enterprises" built straight from the candidates, not from the gate's release.
    let leak = candidates.map { "\($0.id.rawValue),\($0.achievement.title)" }.joined(separator: "\n")
    let publication = context.gate.release(candidates, to: .participants)
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: "for-enterprises.csv", text: leak, publication: publication)])
  }
}

/// A plugin whose `init` reads `min_trll` while it declares `min_trl`.
struct UndeclaredReader: ScreeningPolicy {
  static let description = PluginDescription(
    id: "probe.undeclared", kind: .screening, track: "probe", summary: LocalizedText(zh: "探测", en: "probe"),
    parameters: [ParameterSpec("min_trl", .integer(1...9), default: "3", doc: LocalizedText(zh: "下限", en: "lowest"))],
    example: """
      - plugin: probe.undeclared
        with:
          min_trl: 4
      """)
  let minimum: Int
  init(parameters: ParameterValues) throws { minimum = parameters.int("min_trll") ?? 3 }
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    ScreeningResult(
      passed: candidates,
      decisions: candidates.map {
        ScreeningDecision(achievement: $0.id, passed: true, rule: "r", reason: LocalizedText(zh: "是", en: "yes"))
      })
  }
}

/// A plugin whose example misspells its parameter.
struct MisspeltExample: ScreeningPolicy {
  static let description = PluginDescription(
    id: "probe.misspelt", kind: .screening, track: "probe", summary: LocalizedText(zh: "探测", en: "probe"),
    parameters: [ParameterSpec("min_trl", .integer(1...9), default: "3", doc: LocalizedText(zh: "下限", en: "lowest"))],
    example: """
      - plugin: probe.misspelt
        with:
          min_tr: 4
      """)
  init(parameters: ParameterValues) throws { _ = parameters.int("min_trl") }
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    try await UndeclaredReader(
      parameters: ParameterValues(
        node: nil, specs: [], keyPath: "", baseDirectory: samplesDirectory,
        entryLocation: SourceLocation(file: "-", line: 1, column: 1))
    ).screen(candidates, in: context)
  }
}

/// Reading an undeclared parameter fails loudly; the example's problems point at the source.
@Suite struct KitDiagnosticsTests {
  @Test func theKitRefusesAPluginThatReadsAnUndeclaredParameter() async {
    let report = await ScreeningPolicyConformance.check(UndeclaredReader.self, samplesDirectory: samplesDirectory)
    let failures = report.failures.filter { $0.check == "undeclared_parameter" }
    #expect(failures.count == 1, "\(report)")
    #expect(failures.first?.message.contains("reads `min_trll`") == true)
    #expect(failures.first?.message.contains("did you mean `min_trl`?") == true)
    // Reported once: not again as a failure of the example.
    #expect(!report.failures.contains { $0.check == "example_builds" }, "\(report)")
  }

  @Test func validateAndRunRefuseAPluginThatReadsAnUndeclaredParameter() async throws {
    let registry = try PluginRegistry(modules: [
      TorchExpress.module,
      PluginModule(
        track: TrackDescription(id: "probe", name: LocalizedText(verbatim: "probe"), source: "-"),
        plugins: [.screening(UndeclaredReader.self)]),
    ])
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("probe.yaml")
    try """
    programme: {name: 测试}
    tracks: [torch, probe]
    host: {name: 测试}
    intake:
      - plugin: torch.csv_intake
        with: {file: \(samplesDirectory.path)/data/experts.csv, source: e, columns: {title: 姓名}}
    screening:
      - plugin: probe.undeclared
        with: {min_trl: 6}
    """.write(to: config, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out").path
    for arguments in [["validate", config.path, "--lang", "en"], ["run", config.path, "--lang", "en", "--out", out]] {
      let (status, text) = await launch(arguments, registry: registry)
      #expect(status == 2, "\(arguments[0]): \(text)")
      #expect(text.contains("probe.yaml:9:"), "\(text)")
      #expect(
        text.contains("plugin `probe.undeclared` reads the parameter `min_trll`, which it does not declare"), "\(text)")
      #expect(text.contains("(did you mean `min_trl`?)"), "\(text)")
    }
  }

  @Test func anInvalidExampleIsReportedOnceAtThePluginsSource() async throws {
    let report = await ScreeningPolicyConformance.check(MisspeltExample.self, samplesDirectory: samplesDirectory)
    let failure = try #require(report.failures.first { $0.check == "example_builds" }, "\(report)")
    let source = try String(contentsOfFile: #filePath, encoding: .utf8).components(separatedBy: "\n")
    let line = try #require(source.firstIndex { $0.hasSuffix("    min_tr: 4") }) + 1
    #expect(failure.message.contains("\(#filePath):\(line):11: error: `with.min_tr`: unknown key"), "\(failure)")
    #expect(!failure.message.contains("conformance-check.yaml"))
    #expect(failure.message.components(separatedBy: "unknown key").count == 2, "\(failure)")
  }

  @Test func expectConformsRecordsEachFailedCheckOnce() async {
    let recorded = Lines()
    await withKnownIssue {
      await ScreeningPolicyConformance.expectConforms(MisspeltExample.self, samplesDirectory: samplesDirectory)
    } matching: { issue in
      recorded.append(issue.comments.map(\.rawValue).joined())
      return true
    }
    let comments = recorded.all
    #expect(comments.count == 1, "\(comments)")
    #expect(comments.first.map { $0.components(separatedBy: "unknown key").count } == 2, "\(comments)")
  }
}
