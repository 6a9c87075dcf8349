import CustomScreening
import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing
import TorchExpress

/// The kit passes every screening policy of the repository and catches broken ones.
@Suite struct ConformanceTests {
  @Test func everyShippedScreeningPolicyConforms() async throws {
    let policies = (TorchExpress.module.plugins + CustomScreening.module.plugins + ExampleScreening.module.plugins)
      .filter { $0.description.kind == .screening }
    #expect(policies.count == 10)
    for factory in policies {
      let report = try await check(factory.description.id)
      #expect(report.passed, "\(report)")
    }
  }

  func check(_ id: String) async throws -> ConformanceReport {
    switch id {
    case "torch.field_focus":
      return await ScreeningPolicyConformance.check(FieldFocus.self, samplesDirectory: samplesDirectory)
    case "torch.trl_threshold":
      return await ScreeningPolicyConformance.check(ReadinessThreshold.self, samplesDirectory: samplesDirectory)
    case "torch.shortlist":
      return await ScreeningPolicyConformance.check(Shortlist.self, samplesDirectory: samplesDirectory)
    case "torch.enterprise_interest":
      return await ScreeningPolicyConformance.check(EnterpriseInterestPolicy.self, samplesDirectory: samplesDirectory)
    case "torch.final_selection":
      return await ScreeningPolicyConformance.check(FinalSelection.self, samplesDirectory: samplesDirectory)
    case "torch.demand_match":
      return await ScreeningPolicyConformance.check(DemandMatch.self, samplesDirectory: samplesDirectory)
    case "torch.panel_review":
      return await ScreeningPolicyConformance.check(PanelReview.self, samplesDirectory: samplesDirectory)
    case "custom.rule":
      return await ScreeningPolicyConformance.check(DeclarativeRule.self, samplesDirectory: samplesDirectory)
    case "custom.external":
      return await ScreeningPolicyConformance.check(ExternalProcessPolicy.self, samplesDirectory: samplesDirectory)
    case "example.patent_strength":
      return await ScreeningPolicyConformance.check(PatentStrength.self, samplesDirectory: samplesDirectory)
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
