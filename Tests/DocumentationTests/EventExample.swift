import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of WritingAnEventFormat.md.

/// Event (路演对接): an online briefing for enterprises, one slot per selected project, with a
/// briefing sheet for the participants.
public struct EnterpriseBriefing: EventFormat {
  public static let description = PluginDescription(
    id: "local.enterprise_briefing", kind: .event, track: "local",
    summary: LocalizedText(zh: "面向企业的线上项目推介会", en: "an online briefing of the selected projects for enterprises"),
    parameters: [
      ParameterSpec("start", .time, default: "14:00", doc: LocalizedText(zh: "开始时间", en: "start time")),
      ParameterSpec(
        "minutes_each", .integer(5...60), default: "10",
        doc: LocalizedText(zh: "每个项目的时长（分钟）", en: "minutes per project")),
      ParameterSpec(
        "output", .outputName, default: "briefing.csv",
        doc: LocalizedText(zh: "发给企业的推介表", en: "the briefing sheet sent to enterprises")),
    ],
    example: """
      - plugin: local.enterprise_briefing
        with: {start: "09:30", minutes_each: 15}
      """)

  let start: Int
  let minutesEach: Int
  let output: String

  public init(parameters p: ParameterValues) throws {
    start = p.minutes("start") ?? 14 * 60
    minutesEach = p.int("minutes_each") ?? 10
    output = p.string("output") ?? "briefing.csv"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    // Only what the gate released may reach enterprises: cleared records, withheld fields left out.
    let publication = context.gate.release(input.selected, to: .participants)
    var agenda: [AgendaItem] = []
    for (slot, project) in publication.records.enumerated() {
      let begins = start + slot * minutesEach
      agenda.append(
        AgendaItem(
          start: begins, end: begins + minutesEach, segment: .pitch, title: project.title,
          people: project.institution.map { [$0] } ?? [], achievement: project.id))
    }
    let event = RoadshowEvent(
      format: Self.description.id, title: context.programme.name, date: context.eventDate, online: true,
      agenda: agenda, achievements: publication.records.map(\.id))
    let rows = agenda.map { [AgendaItem.clock($0.start), $0.title, $0.people.joined(separator: "、")] }
    let sheet = OutputFile(
      name: output, text: CSVWriter.text(header: ["时间", "项目", "单位"], rows: rows), publication: publication)
    return EventResult(events: [event], artifacts: [sheet])
  }
}

@Suite struct EventExampleTests {
  @Test func givesEachClearedProjectASlotAndWithholdsTheRest() async throws {
    let briefing = try EnterpriseBriefing(yaml: EnterpriseBriefing.description.example)
    let selected = [
      record("1", "绿色建材", institution: "同济大学"),
      record("2", "保密项目", confidentiality: .pending),
      record("3", "节能电机"),
    ]
    let input = EventInput(selected: selected, funnel: [])
    let result = try await briefing.plan(input, in: PipelineContext())
    let agenda = try #require(result.events.first?.agenda)
    #expect(agenda.map { AgendaItem.clock($0.start) } == ["09:30", "09:45"])
    #expect(agenda.map(\.title) == ["绿色建材", "节能电机"])
    #expect(result.artifacts.first?.withheld == [AchievementID("doc:2")])
    #expect(PublicationConformance.failures(in: result.artifacts, records: selected.map(\.achievement)).isEmpty)
  }
}
