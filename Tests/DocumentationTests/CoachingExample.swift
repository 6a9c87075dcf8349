import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of WritingACoachingService.md.

/// Coaching (辅导培训): a pitch checklist for each selected project (summary, holder, IP) and
/// the sessions every holder is invited to.
public struct PitchChecklist: CoachingService {
  public static let description = PluginDescription(
    id: "local.pitch_checklist", kind: .coaching, track: "local",
    summary: LocalizedText(zh: "为入选项目列出路演材料清单", en: "lists what each selected project's pitch still needs"),
    parameters: [
      ParameterSpec(
        "sessions", .list(.text), default: "[路演演练]",
        doc: LocalizedText(zh: "为每个项目安排的辅导", en: "the coaching sessions every holder is invited to")),
      ParameterSpec(
        "output", .outputName, default: "pitch-checklist.md",
        doc: LocalizedText(zh: "清单文件名", en: "the checklist's file name")),
    ],
    example: """
      - plugin: local.pitch_checklist
        with:
          sessions: [路演演练, 投资人问答]
      """)

  let sessions: [String]
  let output: String

  public init(parameters p: ParameterValues) throws {
    sessions = p.strings("sessions")
    output = p.string("output") ?? "pitch-checklist.md"
  }

  public func coach(_ selected: [Candidate], in context: PipelineContext) async throws -> CoachingResult {
    let plans = selected.map { candidate in
      let record = candidate.achievement
      let items = [
        ChecklistItem(
          key: "summary", title: LocalizedText(zh: "成果简介", en: "summary"), done: record.summary != nil,
          advice: LocalizedText(zh: "补写300字以内的简介", en: "write a summary of at most 300 characters")),
        ChecklistItem(
          key: "holder", title: LocalizedText(zh: "持有单位", en: "holder"), done: record.institution != nil),
        ChecklistItem(
          key: "ip", title: LocalizedText(zh: "知识产权", en: "intellectual property"),
          done: !record.intellectualProperty.isEmpty),
      ]
      return CoachingPlan(achievement: record.id, title: record.title, items: items, sessions: sessions)
    }
    let lines = plans.map { plan in
      "- \(plan.title): " + plan.missing.map { $0.title(context.locale) }.joined(separator: ", ")
    }
    // For the host's office only: no audience, so no publication gate is needed.
    return CoachingResult(plans: plans, artifacts: [OutputFile(name: output, text: lines.joined(separator: "\n"))])
  }
}

@Suite struct CoachingExampleTests {
  @Test func listsWhatEachPitchStillNeeds() async throws {
    let coaching = try PitchChecklist(yaml: PitchChecklist.description.example)
    let selected = [
      record("1", "绿色建材", institution: "同济大学", summary: "低碳水泥", ip: ["发明专利2项"]),
      record("2", "节能电机"),
    ]
    let result = try await coaching.coach(selected, in: PipelineContext(locale: .en))
    #expect(result.plans.map { $0.missing.map(\.key) } == [[], ["summary", "holder", "ip"]])
    #expect(result.plans.first?.sessions == ["路演演练", "投资人问答"])
    #expect(result.artifacts.first?.isExternal == false)
  }
}
