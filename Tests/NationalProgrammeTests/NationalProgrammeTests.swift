import Foundation
import NationalProgramme
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

func registry() throws -> PluginRegistry {
  try PluginRegistry(modules: [TorchExpress.module, NationalProgramme.module])
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("national-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A config with `stages` in `folder`, on the national track.
func configuration(_ stages: String, in folder: URL, year: Int = 2025) throws -> RoadshowConfiguration {
  let yaml = """
    programme: {name: 测试路演, year: \(year), event: 2025-03-field}
    locale: zh-CN
    tracks: [torch, national]
    event_date: 2025-03-21
    host: {name: 测试承办单位, level: ministry}
    \(stages)
    """
  let file = folder.appendingPathComponent("test.yaml").path
  return try ConfigLoader.build(try ConfigLoader.parse(yaml, file: file), registry: try registry())
}

@Suite struct NationalProgrammeTests {
  static let header = "项目编号,成果名称,承担单位,产业领域,年度,经费（万元）,技术成熟度,市场需求,转化需求,拟重点转化区域,保密审查\n"

  func intake(_ rows: String, onBadRow: String = "skip", finance: String? = nil) async throws -> IntakeBatch {
    let folder = try temporaryDirectory()
    try (Self.header + rows).write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    var with = "{file: r.csv, source: p, on_bad_row: \(onBadRow)"
    if let finance {
      try finance.write(to: folder.appendingPathComponent("f.csv"), atomically: true, encoding: .utf8)
      with += ", finance: f.csv"
    }
    let config = try configuration(
      "intake:\n  - plugin: national.results_intake\n    with: \(with)}\nscreening: []", in: folder)
    let stage = try #require(config.intake.first)
    return try await stage.plugin.collect(in: PipelineContext(stage: stage.name))
  }

  @Test func readsTheSubmittedFieldsOfAResult() async throws {
    let batch = try await intake("2019YF01,智能产线,某大学,智能制造,2019,100,7,进口替代,转让;许可,江苏省,cleared\n")
    let record = try #require(batch.records.first)
    #expect(record.id == AchievementID("p:2019YF01"))
    #expect(record.readiness == .level(7))
    #expect(record.transferModes == [.assignment, .licence])
    #expect(record.attributes["target_region"] == "江苏")
    #expect(record.attributes["market_demand"] == "进口替代")
    #expect(record.attributes["trl_tier"] == "ready")
    #expect(record.channel == .nationalProgramme && record.confidentiality == .cleared)
  }

  @Test func aProjectListedTwiceIsOneResultUnlessItsTitleDiffers() async throws {
    let batch = try await intake(
      """
      2019YF01,“ 氢能出行 ” 关键技术,清华大学,科技冬奥,2019,,6,,,,
      2019YF01,“氢能出行”关键技术,清华大学,“科技冬奥”重点专项,2019,1776,,,,,
      2019YF02,甲,某所,x,2019,,5,,,,
      2019YF02,乙,某所,x,2019,,5,,,,

      """)
    #expect(batch.records.count == 2)
    #expect(batch.records.first?.fundingWanYuan == 1776, "the second listing fills the funds")
    #expect(batch.records.first?.readiness == .level(6), "and keeps the maturity")
    #expect(batch.skipped.count == 1)
    #expect(batch.skipped.first?.location?.line == 5)
  }

  @Test func badRowsNameTheirColumnAndStopWhenAsked() async throws {
    let rows = "2019YF01,甲,某所,x,2019,,12,,,江苏,\n2019YF02,乙,某所,x,2019,,5,,,江蘇,maybe\n"
    let skipped = try await intake(rows).skipped
    #expect(Set(skipped.compactMap { $0.location?.column }) == [7, 10, 11])
    #expect(skipped.first { $0.location?.column == 10 }?.suggestion == "江苏")
    await #expect(throws: DataError.self) { _ = try await intake(rows, onBadRow: "stop") }
  }

  @Test func financeInstitutionsAreInvestorsOrBanks() async throws {
    let batch = try await intake(
      "2019YF01,甲,某所,x,2019,,5,,,,\n", finance: "名称,类型\n某引导基金子基金,investor\n某银行,bank\n")
    #expect(batch.participants.map(\.role) == [.investor, .bank])
    await #expect(throws: DataError.self) {
      _ = try await intake("2019YF01,甲,某所,x,2019,,5,,,,\n", finance: "名称,类型\n某机构,fund\n")
    }
  }

  @Test func classificationPassesEveryRecordAndCountsTiers() async throws {
    let folder = try temporaryDirectory()
    let config = try configuration("intake: []\nscreening:\n  - plugin: national.tier_classification", in: folder)
    let stage = try #require(config.screening.first?.plugin)
    let levels: [Int?] = [2, 5, 6, 8, nil]
    let input = levels.enumerated().map { index, level in
      Candidate(
        achievement: Achievement(
          id: AchievementID("p:\(index)"), title: "t", field: "智能制造",
          readiness: level.flatMap(TechnologyReadiness.init(level:)) ?? .unknown))
    }
    let result = try await stage.screen(input, in: PipelineContext())
    #expect(result.passed.count == input.count)
    #expect(
      result.decisions.map(\.rule) == [
        "tier_early", "tier_development", "tier_development", "tier_ready", "tier_unknown",
      ])
    let table = String(decoding: try #require(result.artifacts.first).contents, as: UTF8.self)
    #expect(table.contains("| 智能制造 | 1 | 2 | 1 | 1 | 5 |"))
  }

  @Test func theYearPlanHasOneFieldAndOneRegionalRoadshowEachMonthInTurn() async throws {
    let folder = try temporaryDirectory()
    let config = try configuration(
      """
      intake: []
      screening: []
      event:
        - plugin: national.year_plan
          with: {fields: [A, B, C], field_hosts: [X, Y], regions: [R1, R2, R3, R4], months: [3, 1, 2, 4, 5]}
      """, in: folder)
    let stage = try #require(config.events.first?.plugin)
    var context = PipelineContext(programme: ProgrammeInfo(name: "p", year: 2025))
    context.ledger = LedgerSnapshot(events: [
      ProgrammeEvent(key: "2025-02-region", programme: "p", series: "s", host: LedgerHost(name: "h"), run: "r")
    ])
    let result = try await stage.plan(EventInput(selected: [], funnel: [], coaching: []), in: context)
    let csv = try CSVTable.parse(
      String(decoding: try #require(result.artifacts.first { $0.name == "year-plan.csv" }).contents, as: UTF8.self),
      file: "plan")
    #expect(csv.rows.count == 10)
    let months = csv.rows.map { $0.cell(0) }
    #expect(months == ["1", "1", "2", "2", "3", "3", "4", "4", "5", "5"])
    let themes = csv.rows.map { $0.cell(2) }
    #expect(themes == ["A", "R1", "B", "R2", "C", "R3", "A", "R4", "B", "R1"])
    #expect(csv.rows.filter { $0.cell(1) == "领域路演" }.map { $0.cell(3) } == ["X", "Y", "X", "Y", "X"])
    #expect(Set(csv.rows.map { $0.cell(4) }).count == 10, "every event has its own key")
    let md = String(
      decoding: try #require(result.artifacts.first { $0.name == "year-plan.md" }).contents, as: UTF8.self)
    #expect(md.contains("共 10 场；已在项目库中记录 1 场"))
  }

  @Test func aYearPlanWithoutRegionsIsRefusedAtTheConfig() throws {
    let folder = try temporaryDirectory()
    #expect(throws: ConfigurationError.self) {
      _ = try configuration(
        "intake: []\nscreening: []\nevent:\n  - plugin: national.year_plan\n    with: {fields: [A], field_hosts: [X], regions: []}",
        in: folder)
    }
  }

  @Test func progressIsCountedFromTheLedgerAndThisRun() async throws {
    let folder = try temporaryDirectory()
    let config = try configuration("intake: []\nscreening: []\nfollow_up:\n  - plugin: national.progress", in: folder)
    let stage = try #require(config.followUp.first?.plugin)
    func record(_ id: String, cleared: Bool = true, national: Bool = true) -> Achievement {
      Achievement(
        id: AchievementID(id), title: id, channel: national ? .nationalProgramme : .openCall,
        confidentiality: cleared ? .cleared : .pending)
    }
    let library = [record("n:1"), record("n:2"), record("n:3", cleared: false), record("l:1", national: false)]
    func event(_ key: String, _ pitched: [String], finance: [String] = []) -> ProgrammeEvent {
      ProgrammeEvent(
        key: key, programme: "p", series: "s", host: LedgerHost(name: "h"), run: key,
        pitched: pitched.map(AchievementID.init), participants: finance.map { EventParticipant(name: $0, role: .bank) })
    }
    func entry(_ id: String, _ kind: MilestoneKind, sequence: Int, supersedes: Int? = nil) -> MilestoneEntry {
      MilestoneEntry(
        achievement: AchievementID(id), kind: kind, date: "2025-01-01", supersedes: supersedes, recordedAt: "t",
        recordedBy: "b", source: "s", sequence: sequence)
    }
    var context = PipelineContext(
      programme: ProgrammeInfo(name: "测试路演", year: 2025, event: "2025-03-field"), host: HostInfo(name: "测试承办单位"),
      eventDate: "2025-03-21")
    context.ledger = LedgerSnapshot(
      events: [event("2025-01-field", ["l:1", "n:1"], finance: ["银行甲"]), event("2025-03-field", ["n:2"])],
      milestones: [
        entry("n:1", .listing, sequence: 1), entry("n:1", .landing, sequence: 2), entry("l:1", .landing, sequence: 3),
        entry("l:1", .checkIn, sequence: 4, supersedes: 3),
      ])
    context.participants = [Participant(id: "f", name: "基金乙", role: .investor)]
    let pitched = [Candidate(achievement: library[1])]
    let onsite = RoadshowEvent(format: "torch.onsite_roadshow", title: "t", achievements: [library[1].id])
    let result = try await stage.plan(
      FollowUpInput(pitched: pitched, events: [onsite], library: library), in: context)
    let values = Dictionary(uniqueKeysWithValues: result.indicators.map { ($0.name.en, $0.value) })
    #expect(values["Roadshows held"] == 2, "January's plus this one; this event's earlier run is not counted twice")
    #expect(values["Programme results promoted and released"] == 2, "n:1 and n:2; n:3 is not cleared")
    #expect(values["Results promoted, local ones included"] == 3, "plus l:1, pitched in January")
    #expect(values["Results landed"] == 1, "l:1's landing was superseded")
    #expect(values["Finance institutions at the table"] == 2)
    let table = String(decoding: try #require(result.artifacts.first).contents, as: UTF8.self)
    #expect(table.contains("进入交易服务流程 1 个"))
  }
}
