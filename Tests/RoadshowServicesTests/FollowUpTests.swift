import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowServices

@Suite struct FollowUpTests {
  let ids = FollowUp.IDResolver([
    AchievementID("nkrdp-2018:2018YFB1106000"), AchievementID("nkrdp-2018:2018YFB1107300"),
    AchievementID("js:JS-1"),
  ])
  let provenance = FollowUp.Provenance(by: "tester", source: "test", at: "2025-01-01T00:00:00Z")

  func problems(_ draft: FollowUp.Draft) -> [FollowUp.Problem] {
    if case .failure(let list) = FollowUp.check(draft, ids: ids, provenance: provenance) { return list.problems }
    return []
  }

  @Test func acceptsASourcesOwnIdAndChineseStepNames() throws {
    let result = FollowUp.check(
      FollowUp.Draft(achievement: "2018YFB1106000", kind: "签约", date: "2024-12-10", amount: "280", party: "某企业"),
      ids: ids, provenance: provenance)
    let entry = try result.get()
    #expect(entry.achievement == AchievementID("nkrdp-2018:2018YFB1106000"))
    #expect(entry.kind == .contract)
    #expect(entry.amountWanYuan == 280)
    #expect(entry.recordedBy == "tester" && entry.source == "test")
  }

  @Test func aContractNeedsItsAmountAndParty() {
    let found = problems(FollowUp.Draft(achievement: "2018YFB1106000", kind: "contract", date: "2024-12-10"))
    #expect(Set(found.map(\.field)) == ["amount", "party"])
  }

  @Test func eachStepAsksForWhatItIsRecordedWith() {
    #expect(
      problems(FollowUp.Draft(achievement: "js:JS-1", kind: "registration", date: "2024-12-10")).map(\.field) == [
        "reference"
      ])
    #expect(
      problems(FollowUp.Draft(achievement: "js:JS-1", kind: "landing", date: "2024-12-10")).map(\.field) == ["place"])
    let finance = problems(FollowUp.Draft(achievement: "js:JS-1", kind: "finance", date: "2024-12-10", amount: "5"))
    #expect(Set(finance.map(\.field)) == ["mode", "party"])
    let badMode = problems(
      FollowUp.Draft(achievement: "js:JS-1", kind: "transaction", date: "2024-12-10", amount: "5", mode: "licnece"))
    #expect(badMode.map(\.field) == ["mode"])
    #expect(badMode.first?.suggestion == "licence")
  }

  @Test func typosGetTheNearestValue() {
    let found = problems(FollowUp.Draft(achievement: "2018YFB1106001", kind: "contrakt", date: "2024-13-01"))
    #expect(found.first { $0.field == "achievement" }?.suggestion == "nkrdp-2018:2018YFB1106000")
    #expect(found.first { $0.field == "kind" }?.suggestion == "contract")
    #expect(found.contains { $0.field == "date" })
    #expect(
      problems(FollowUp.Draft(achievement: "js:JS-1", kind: "intent", date: "2024-12-01", amount: "-3")).map(\.field)
        == ["amount"])
  }

  @Test func aFileIsReadOnlyWhenEveryRowIsRight() throws {
    let good = try CSVTable.parse(
      "编号,节点,日期,金额（万元）,对方\n2018YFB1106000,意向,2024-10-15,,某企业\n2018YFB1107300,签约,2024-11-28,600,某企业\n",
      file: "follow.csv")
    let entries = try FollowUp.read(good, file: "follow.csv", ids: ids, provenance: provenance).get()
    #expect(entries.map(\.kind) == [.intent, .contract])

    let bad = try CSVTable.parse(
      "id,kind,date,amount,party\n2018YFB1106000,intent,2024-10-15,,\n2018YFB9999999,contract,2024-11-28,,x\n",
      file: "follow.csv")
    guard case .failure(let error) = FollowUp.read(bad, file: "follow.csv", ids: ids, provenance: provenance) else {
      Issue.record("a bad file must be refused")
      return
    }
    // Row 2 of the data (line 3): unknown id (column 1) and missing amount (column 4).
    let located = error.diagnostics.map { ($0.location?.line, $0.location?.column) }
    #expect(located.contains { $0 == (3, 1) })
    #expect(located.contains { $0 == (3, 4) })
    #expect(error.diagnostics.allSatisfy { $0.location?.file == "follow.csv" })
    #expect(error.diagnostics.count == 2)
  }

  @Test func aFileWithoutADateColumnIsRefusedAtItsHeader() throws {
    let table = try CSVTable.parse("id,kind\n2018YFB1106000,intent\n", file: "f.csv")
    guard case .failure(let error) = FollowUp.read(table, file: "f.csv", ids: ids, provenance: provenance) else {
      Issue.record("a file without dates must be refused")
      return
    }
    #expect(error.diagnostics.count == 1)
    #expect(error.diagnostics.first?.rendered(.en).contains("date") == true)
  }

  // MARK: Due and overdue

  func event(_ key: String, date: String, pitched: [String], checkpoints: [Int] = [3, 6, 12]) -> ProgrammeEvent {
    ProgrammeEvent(
      key: key, programme: key, series: "s", year: 2024, host: LedgerHost(name: "host"), date: date, run: key,
      checkpoints: checkpoints, pitched: pitched.map(AchievementID.init))
  }

  func entry(_ id: String, _ kind: MilestoneKind, _ date: String, sequence: Int? = nil, supersedes: Int? = nil)
    -> MilestoneEntry
  {
    MilestoneEntry(
      achievement: AchievementID(id), kind: kind, date: date, supersedes: supersedes, recordedAt: "t",
      recordedBy: "b", source: "s", sequence: sequence)
  }

  @Test func checkpointsAreMetByAnEntrySinceThePreviousOne() {
    let events = [event("e1", date: "2024-09-20", pitched: ["a:1", "a:2", "a:3"])]
    let milestones = [
      entry("a:1", .intent, "2024-10-01"),  // meets 3 months, not 6
      entry("a:3", .landing, "2024-11-01"),  // landed: nothing more is due
    ]
    let items = FollowUp.due(events: events, milestones: milestones, titles: [:], asOf: "2025-04-01", window: 30)
    let found = Set(items.map { "\($0.achievement)@\($0.months):\($0.status.rawValue)" })
    #expect(found == ["a:1@6:overdue", "a:2@3:overdue", "a:2@6:overdue"])
    #expect(items.first { $0.achievement == AchievementID("a:1") }?.reached == .intent)
  }

  @Test func aCheckpointWithinTheWindowIsDueNotOverdue() {
    let events = [event("e1", date: "2024-09-20", pitched: ["a:1"])]
    let items = FollowUp.due(events: events, milestones: [], titles: [:], asOf: "2024-12-01", window: 30)
    #expect(items.map(\.status) == [.due])
    #expect(items.first?.dueDate == "2024-12-20")
    #expect(FollowUp.due(events: events, milestones: [], titles: [:], asOf: "2024-11-01", window: 30).isEmpty)
  }

  @Test func aSupersededEntryNoLongerMeetsACheckpoint() {
    let events = [event("e1", date: "2024-09-20", pitched: ["a:1"])]
    let milestones = [
      entry("a:1", .intent, "2024-10-01", sequence: 1),
      entry("a:1", .intent, "2025-01-10", sequence: 2, supersedes: 1),
    ]
    let items = FollowUp.due(events: events, milestones: milestones, titles: [:], asOf: "2025-02-01", window: 0)
    // The corrected date falls after the 3-month checkpoint (2024-12-20): it meets it late, so
    // nothing is overdue yet; without the correction the entry of October would.
    #expect(items.isEmpty)
    let uncorrected = FollowUp.due(
      events: events, milestones: [entry("a:1", .intent, "2025-01-10", sequence: 2)], titles: [:], asOf: "2025-02-01",
      window: 0)
    #expect(uncorrected.isEmpty)
    #expect(MilestoneEntry.standing(milestones).map(\.sequence) == [2])
  }

  @Test func theLatestPitchDecidesTheCheckpoints() {
    let events = [
      event("e1", date: "2024-03-01", pitched: ["a:1"]), event("e2", date: "2024-09-01", pitched: ["a:1"]),
    ]
    let items = FollowUp.due(events: events, milestones: [], titles: [:], asOf: "2025-01-01", window: 0)
    #expect(items.map(\.event) == ["e2"])
    #expect(items.map(\.months) == [3])
  }
}
