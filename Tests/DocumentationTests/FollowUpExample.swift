import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of WritingAFollowUpService.md.

/// Follow-up (跟踪服务): checkpoints after the event for every pitched project, a service chosen
/// by its maturity, and the number tracked against a target.
public struct CheckIns: FollowUpService {
  public static let description = PluginDescription(
    id: "local.check_ins", kind: .followUp, track: "local",
    summary: LocalizedText(zh: "路演后按月回访每个项目", en: "checks in on every pitched project after the event"),
    parameters: [
      ParameterSpec(
        "months", .list(.integer(1...60)), default: "[3, 6, 12]",
        doc: LocalizedText(zh: "回访时间（活动后第几个月）", en: "months after the event to check in")),
      ParameterSpec(
        "target", .integer(1...100_000), doc: LocalizedText(zh: "跟踪项目数目标", en: "target number of tracked projects")),
    ],
    example: """
      - plugin: local.check_ins
        with: {months: [3, 12], target: 20}
      """)

  let months: [Int]
  let target: Int?

  public init(parameters p: ParameterValues) throws {
    months = p.strings("months").compactMap { Int($0) }
    target = p.int("target")
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let date = input.events.first?.date ?? context.eventDate
    let cases = input.pitched.map { candidate in
      let trl = candidate.achievement.readiness.value ?? 0
      let service: FollowUpServiceKind = trl <= 4 ? .proofOfConcept : trl >= 7 ? .scenarioApplication : .incubation
      let milestones = Milestone.checkpoints(months, after: date) { _, month in
        LocalizedText(zh: "第\(month)个月回访：对接进展", en: "month \(month): progress of the talks")
      }
      return FollowUpCase(
        achievement: candidate.id, title: candidate.achievement.title, services: [service], milestones: milestones,
        leads: candidate.interest.map(\.enterprise))
    }
    let tracked = ProgressIndicator(
      name: LocalizedText(zh: "跟踪项目数", en: "projects tracked"), value: Double(cases.count),
      target: target.map(Double.init), unit: LocalizedText(zh: "个", en: ""))
    return FollowUpResult(cases: cases, indicators: [tracked])
  }
}

@Suite struct FollowUpExampleTests {
  @Test func plansCheckpointsFromTheEventDateAndAServiceByMaturity() async throws {
    let checkIns = try CheckIns(yaml: CheckIns.description.example)
    let input = FollowUpInput(
      pitched: [record("1", "绿色建材", trl: 8), record("2", "节能电机", trl: 3)], events: [], library: [])
    let result = try await checkIns.plan(input, in: PipelineContext(eventDate: "2024-09-20"))
    #expect(result.cases.map(\.services) == [[.scenarioApplication], [.proofOfConcept]])
    #expect(result.cases.first?.milestones.map(\.due) == ["2024-12-20", "2025-09-20"])
    #expect(result.indicators.first?.value == 2)
    #expect(result.indicators.first?.target == 20)
  }
}
