import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowServices

@Suite struct AnnualSummaryTests {
  func record(_ id: String, field: String, trl: Int?, cleared: Bool = true) -> (Achievement, AchievementID?) {
    (
      Achievement(
        id: AchievementID(id), title: id, institution: "I", field: field,
        readiness: trl.flatMap(TechnologyReadiness.init(level:)) ?? .unknown,
        confidentiality: cleared ? .cleared : .pending), nil
    )
  }

  func entry(_ id: String, _ kind: MilestoneKind, _ date: String, amount: Double? = nil) -> MilestoneEntry {
    MilestoneEntry(
      achievement: AchievementID(id), kind: kind, date: date, amountWanYuan: amount, recordedAt: "t", recordedBy: "b",
      source: "s")
  }

  func event(_ key: String, host: String, date: String, pitched: [String], people: [EventParticipant] = [])
    -> ProgrammeEvent
  {
    var event = ProgrammeEvent(
      key: key, programme: key, series: "s", year: 2024, host: LedgerHost(name: host, level: .city, parent: "P"),
      date: date, run: key, meetingsScheduled: 4, pitched: pitched.map(AchievementID.init), participants: people)
    event.collected = 100
    event.screened = 90
    return event
  }

  var seeded: AnnualSummary.LedgerContents {
    AnnualSummary.LedgerContents(
      events: [
        event(
          "e1", host: "H", date: "2024-05-10", pitched: ["a:1", "a:2"],
          people: [
            EventParticipant(name: "E1", role: .enterprise), EventParticipant(name: "V1", role: .investor),
          ]),
        event(
          "e2", host: "H", date: "2024-09-10", pitched: ["a:2", "a:3"],
          people: [EventParticipant(name: "E1", role: .enterprise), EventParticipant(name: "E2", role: .listedCompany)]),
        event("e0", host: "H", date: "2023-11-01", pitched: ["a:4"]),
        event("x1", host: "Other", date: "2024-06-01", pitched: ["a:4"]),
      ],
      hosts: [LedgerHost(name: "H", level: .city, parent: "P")],
      milestones: [
        entry("a:1", .meeting, "2024-05-10"), entry("a:1", .contract, "2024-07-01", amount: 100),
        entry("a:2", .contract, "2024-10-01", amount: 250), entry("a:2", .landing, "2024-12-01"),
        entry("a:3", .contract, "2025-02-01", amount: 999),  // next year: not counted
        entry("a:4", .contract, "2024-03-01", amount: 7),  // pitched by another host this year
      ],
      records: [
        record("a:1", field: "机器人", trl: 6), record("a:2", field: "机器人", trl: nil),
        record("a:3", field: "新能源", trl: 7, cleared: false), record("a:4", field: "新能源", trl: 5),
      ])
  }

  @Test func countsTheHostsYearFromItsEventsAndMilestones() {
    let figures = AnnualSummary.figures(seeded, host: "H", year: 2024, asOf: "2025-06-30")
    #expect(figures.events.map(\.key) == ["e1", "e2"], "the 2023 event and the other host's are not counted")
    #expect(figures.pitched == 3, "a:1, a:2, a:3; a:2 pitched twice counts once")
    #expect(figures.collected == 200 && figures.screened == 180)
    #expect(figures.enterprises == 2, "E1 at two events counts once; listed companies count as enterprises")
    #expect(figures.investors == 1)
    let contract = figures.chain.first { $0.kind == .contract }
    #expect(contract?.projects == 2)
    #expect(contract?.amountWanYuan == 350, "100 + 250; the 2025 contract is next year's")
    #expect(figures.landed == 1)
    #expect(figures.meetings == 4 + 4 + 1, "scheduled at two events, plus one meeting entry")
    #expect(figures.fieldByTRL["机器人"]?[5] == 1 && figures.fieldByTRL["机器人"]?[9] == 1)
    #expect(figures.monthly["events"]?[4] == 1 && figures.monthly["events"]?[8] == 1)
    #expect(figures.monthly["milestones"]?.reduce(0, +) == 4)
    #expect(figures.released == 3, "a:3 is pending")
    #expect(figures.targets.map(\.value) == [2, 3, 1])
    #expect(figures.targets.map(\.target) == [80, 3000, 1000])
    #expect(figures.level == .city && figures.parent == "P")
  }

  @Test func overdueFollowUpIsCountedAtTheYearsEnd() {
    let figures = AnnualSummary.figures(seeded, host: "H", year: 2024, asOf: "2025-06-30")
    // a:3 pitched 2024-09-10, nothing by 2024-12-31: its 3-month checkpoint (2024-12-10) is overdue.
    // a:1's last pitch (May) had a contract in July; its 6-month checkpoint (2024-11-10) is overdue.
    #expect(figures.overdue == 2)
  }

  @Test func aRollUpCountsAProjectPitchedByTwoHostsOnce() {
    let h = AnnualSummary.figures(seeded, host: "H", year: 2024, asOf: "2025-06-30")
    let other = AnnualSummary.figures(seeded, host: "Other", year: 2024, asOf: "2025-06-30")
    let shared = AnnualSummary.LedgerContents(
      events: [event("y1", host: "Third", date: "2024-08-01", pitched: ["a:1"])], hosts: [], milestones: [],
      records: [record("a:1", field: "机器人", trl: 6)])
    let third = AnnualSummary.figures(shared, host: "Third", year: 2024, asOf: "2025-06-30")
    let total = AnnualSummary.rollUp(
      [(h, seeded), (other, seeded), (third, shared)], name: "P", level: .province, year: 2024)
    #expect(total.events.count == 4)
    #expect(total.hosts == 3)
    #expect(total.pitched == 4, "a:1 pitched by H and Third counts once")
    #expect(total.chain.first { $0.kind == .contract }?.amountWanYuan == 357, "H's 350 and Other's 7")
    #expect(total.targets.first?.value == 4)
    let markdown = AnnualReport.markdown(total, locale: .en, rollUp: [h, other, third])
    #expect(markdown.contains("| H | city | P | 2 | 3 |"))
  }

  @Test func theEnglishSummaryHasNoChineseOfItsOwn() {
    let figures = AnnualSummary.figures(seeded, host: "H", year: 2024, asOf: "2025-06-30")
    let text = AnnualReport.markdown(figures, locale: .en)
    // Record text here is ASCII, so any CJK character or full-width punctuation is ours.
    let ours = text.unicodeScalars.filter {
      (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
    }
    #expect(String(String.UnicodeScalarView(ours)).isEmpty)
  }
}
