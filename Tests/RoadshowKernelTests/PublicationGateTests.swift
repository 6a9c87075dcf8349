import Foundation
import Testing

@testable import RoadshowKernel

@Suite struct PublicationGateTests {
  func record(_ id: String, _ title: String, _ status: Confidentiality?) -> Achievement {
    Achievement(
      id: AchievementID(source: "s", externalID: id), title: title, institution: "某大学", team: ["张三", "李四"],
      intellectualProperty: ["ZL2018100000"], confidentiality: status, fundingWanYuan: 500,
      attributes: ["联系人": "王五 13800000000", "crop": "水稻"])
  }

  @Test func releasesOnlyClearedRecordsWithWithheldFieldsRemoved() {
    let gate = PublicationGate()
    let records = [
      record("1", "已审查成果", .cleared), record("2", "待审查成果", .pending), record("3", "涉密成果", .restricted),
      record("4", "来源未说明", nil),
    ]
    let publication = gate.release(records, to: .public)
    #expect(publication.records.map(\.title) == ["已审查成果"])
    #expect(publication.withheld.map(\.externalID) == ["2", "3", "4"])
    let shown = try! #require(publication.records.first)
    #expect(shown.team.isEmpty)
    #expect(shown.intellectualProperty.isEmpty)
    #expect(shown.fundingWanYuan == nil)
    #expect(shown.attributes == ["crop": "水稻"])
    #expect(shown.institution == "某大学")
  }

  @Test func theConfigChoosesWhatIsWithheld() {
    let gate = PublicationGate(withholding: [.institution])
    let shown = gate.release([record("1", "已审查成果", .cleared)], to: .participants).records[0]
    #expect(shown.institution == nil)
    #expect(shown.team == ["张三", "李四"])
  }

  @Test func anOutputForParticipantsCarriesItsAudienceAndWhatWasHeldBack() {
    let publication = PublicationGate().release(
      [record("1", "已审查成果", .cleared), record("2", "待审查成果", .pending)], to: .participants)
    let file = OutputFile(name: "push-list.csv", text: "x", publication: publication)
    #expect(file.audience == .participants)
    #expect(file.isExternal)
    #expect(file.withheld.map(\.externalID) == ["2"])
    #expect(!OutputFile(name: "shortlist.csv", text: "x").isExternal)
  }
}

@Suite struct ConfidentialityStatusTests {
  let stored = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .cleared)

  @Test func aPendingReimportPutsAClearedRecordBackUnderReview() {
    let newer = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .pending)
    #expect(stored.updated(with: newer).confidentiality == .pending)
  }

  @Test func restrictedAlwaysWinsAndOnlyAReviewLiftsIt() {
    let restricted = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .restricted)
    let merged = stored.updated(with: restricted)
    #expect(merged.confidentiality == .restricted)
    let cleared = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .cleared)
    #expect(merged.updated(with: cleared).confidentiality == .restricted)
    let reviewed = merged.reviewed(ClearanceReview(decision: .cleared, reviewer: "王审查", date: "2024-08-01"))
    #expect(reviewed.confidentiality == .cleared)
    #expect(reviewed.updated(with: restricted).confidentiality == .restricted)
  }

  @Test func aRecordedReviewSurvivesASourceThatStillSaysPending() {
    let pending = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .pending)
    let reviewed = pending.reviewed(ClearanceReview(decision: .cleared, reviewer: "王审查", date: "2024-08-01"))
    #expect(reviewed.updated(with: pending).confidentiality == .cleared)
    #expect(reviewed.updated(with: pending).clearance?.reviewer == "王审查")
  }

  @Test func aSourceThatSaysNothingLeavesTheStoredStatusAlone() {
    let silent = Achievement(id: AchievementID("s:1"), title: "成果", prospect: 80)
    #expect(!silent.confidentialityStated)
    #expect(silent.confidentiality == .pending)
    let merged = stored.updated(with: silent)
    #expect(merged.confidentiality == .cleared)
    #expect(merged.prospect == 80)
  }

  @Test func aSourceThatClearsLiftsPending() {
    let pending = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .pending)
    let cleared = Achievement(id: AchievementID("s:1"), title: "成果", confidentiality: .cleared)
    #expect(pending.updated(with: cleared).confidentiality == .cleared)
  }

  @Test func theReviewIsStoredWithTheRecord() throws {
    let reviewed = stored.reviewed(
      ClearanceReview(decision: .restricted, reviewer: "王审查", date: "2024-08-01", note: "涉密"))
    let data = try JSONEncoder().encode(reviewed)
    let back = try JSONDecoder().decode(Achievement.self, from: data)
    #expect(back == reviewed)
    #expect(back.clearance?.note == "涉密")
  }
}

@Suite struct ConfidentialityScanTests {
  let records = [
    Achievement(id: AchievementID("nkrdp:2018YFB1304900"), title: "面向汽车零部件的智能焊接机器人", confidentiality: .pending),
    Achievement(id: AchievementID("nkrdp:2018YFB1305000"), title: "公开的机器人关节模组成果", confidentiality: .cleared),
    Achievement(id: AchievementID("x:7"), title: "短题", confidentiality: .restricted),
  ]

  @Test func findsAnUnclearedRecordByTitleOrId() {
    let scan = ConfidentialityScan(records: records)
    #expect(scan.findings(in: Data("| 09:00 | 面向汽车零部件的智能焊接机器人 |".utf8)).map(\.rawValue) == ["nkrdp:2018YFB1304900"])
    #expect(scan.findings(in: Data("id,2018YFB1304900\r\n".utf8)).map(\.rawValue) == ["nkrdp:2018YFB1304900"])
    #expect(scan.findings(in: Data("x:7".utf8)).map(\.rawValue) == ["x:7"])
  }

  @Test func aClearedRecordAndShortWordsAreNotFlagged() {
    let scan = ConfidentialityScan(records: records)
    #expect(scan.findings(in: Data("公开的机器人关节模组成果 nkrdp:2018YFB1305000 短题".utf8)).isEmpty)
  }
}

/// An event format that writes every selected title into a file for participants, bypassing
/// the gate: the run's backstop must stop it.
struct LeakyEvent: EventFormat {
  static let description = PluginDescription(
    id: "test.leaky", kind: .event, track: "test", summary: LocalizedText(verbatim: "leaks"), parameters: [],
    example: "- plugin: test.leaky")
  init(parameters: ParameterValues) throws {}
  func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let text = input.selected.map { "\($0.id.rawValue) \($0.achievement.title)" }.joined(separator: "\n")
    let publication = context.gate.release(input.selected, to: .participants)
    return EventResult(events: [], artifacts: [OutputFile(name: "leak.md", text: text, publication: publication)])
  }
}

@Suite struct PublicationBackstopTests {
  @Test func anExternalOutputNamingAnUnclearedRecordFailsTheRunAndWritesNothing() async throws {
    let registry = try PluginRegistry(modules: [
      PluginModule(
        track: TrackDescription(id: "test", name: LocalizedText(verbatim: "test"), source: "-"),
        plugins: [.intake(FixedIntake.self), .screening(OddPolicy.self), .event(LeakyEvent.self)])
    ])
    let root = node(
      [
        "programme": ["name": "测试"] as KeyValuePairs<String, Any>,
        "tracks": ["test"],
        "host": ["name": "测试"] as KeyValuePairs<String, Any>,
        "intake": [["plugin": "test.intake"] as KeyValuePairs<String, Any>],
        "screening": [["plugin": "test.odd"] as KeyValuePairs<String, Any>],
        "event": [["plugin": "test.leaky"] as KeyValuePairs<String, Any>],
      ] as KeyValuePairs<String, Any>)
    let config = try RoadshowConfiguration.build(root: root, file: "test.yaml", text: "", registry: registry)
    let library = InMemoryLibrary()
    let delivered = Delivered()
    await #expect(throws: PipelineError.self) {
      _ = try await PipelineRunner().run(config, library: library) { _ in await delivered.mark() }
    }
    #expect(await library.records.isEmpty)
    #expect(await library.runs.map(\.status) == ["failed"])
    #expect(await delivered.count == 0)
  }

  @Test func theRunListsRecordsAwaitingReviewInAnInternalToDo() async throws {
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner().run(try configuration(), library: library)
    // FixedIntake states no confidentiality: its records are pending and its selection is to do.
    #expect(outcome.record.awaitingClearance?.count == 3)
    let todo = try #require(outcome.files.first { $0.name == "clearance-todo.md" })
    #expect(!todo.isExternal)
    #expect(String(decoding: todo.contents, as: UTF8.self).contains("成果1"))
  }
}

actor Delivered {
  var count = 0
  func mark() { count += 1 }
}
