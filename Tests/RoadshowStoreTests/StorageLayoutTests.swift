import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowStore

@Suite struct StorageLayoutTests {
  func records(_ count: Int) -> [Achievement] {
    (0..<count).map(record)
  }

  func record(_ index: Int) -> Achievement {
    let id = AchievementID(source: "nkrdp-2018", externalID: String(format: "2018YFX%07d", index))
    let readiness: TechnologyReadiness = index % 4 == 0 ? .unknown : .level(index % 9 + 1)
    let status: Confidentiality = index % 7 == 0 ? .pending : .cleared
    let review: ClearanceReview? =
      index % 11 == 0 ? ClearanceReview(decision: .cleared, reviewer: "王审查", date: "2024-08-01") : nil
    var record = Achievement(id: id, title: "面向智能制造的工业机器人关键技术研究\(index)")
    record.summary = index % 3 == 0 ? "简介" : nil
    record.institution = "某大学\(index % 50)"
    record.team = index % 2 == 0 ? ["张三", "李四"] : []
    record.field = "智能机器人"
    record.readiness = readiness
    record.prospect = index % 5 == 0 ? nil : 60.5
    record.province = "江苏"
    record.region = .east
    record.channel = .nationalProgramme
    record.transferModes = [.licence, .equity]
    record.intellectualProperty = ["发明专利3项"]
    record.confidentiality = status
    record.year = 2018
    record.fundingWanYuan = Double(index % 1000)
    record.attributes = index % 10 == 0 ? ["crop": "水稻"] : [:]
    record.clearance = review
    return record
  }

  func decisions(for records: [Achievement]) -> [StageDecision] {
    records.map { record in
      let passed = record.readiness != .unknown
      return StageDecision(
        position: 1, stage: "对接领域", plugin: "torch.field_focus",
        decision: ScreeningDecision(
          achievement: record.id, passed: passed, rule: passed ? "field" : "not_in_focus", score: passed ? 1 : nil,
          reason: passed
            ? LocalizedText(zh: "领域「智能机器人」在对接领域内", en: "field “智能机器人” is in focus")
            : LocalizedText(zh: "领域不在对接领域内，标题也不含对接关键词", en: "field not in focus and no focus keyword in the title")))
    }
  }

  @Test func everyFieldComesBackAsItWasWritten() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let written = records(200)
    try await library.commit(run: try Fixtures.record(id: "r1"), configText: "a", changed: written, decisions: [])
    #expect(try await library.achievements() == written.sorted { $0.id < $1.id })
    #expect(try await SQLiteLibrary(readingAt: path).achievement(written[11].id) == written[11])
  }

  /// A run over the whole library keeps one decision per record: a few bytes each, not two
  /// sentences, while `why` still reads them back in full.
  @Test func aRerunAddsAFewBytesPerDecision() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let written = records(20_000)
    let decisions = decisions(for: written)
    try await library.commit(
      run: try Fixtures.record(id: "r1"), configText: "a", changed: written, decisions: decisions)
    let before = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    _ = try await library.achievements()
    try await library.commit(run: try Fixtures.record(id: "r2"), configText: "a", changed: [], decisions: decisions)
    let after = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    let perDecision = Double(after - before) / Double(decisions.count)
    #expect(perDecision < 50, "\(perDecision) bytes per decision")
    let why = try await library.decisions(for: written[4].id, run: "r2")
    #expect(why.map(\.decision.reason.zh) == ["领域不在对接领域内，标题也不含对接关键词"])
    #expect(why.map(\.stage) == ["对接领域"])
    #expect(try await library.runs().first { $0.id == "r2" }?.decisionCount == 20_000)
  }

  /// A library written before the column layout: its records and decisions are read as they are
  /// (read-only), and moved into the new layout, `why` answers unchanged, when opened for writing.
  @Test func aLibraryOfTheJSONLayoutIsReadAndMigratedWithItsDecisions() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let old = try SQLiteLibrary(path: path, migratingUpTo: "v3-clearance-review")
    let record = records(1)[0]
    let json = try SQLiteLibrary.encode(record)
    let runJSON = try SQLiteLibrary.encode(try Fixtures.record(id: "old"))
    try await old.execute(
      sql: """
        INSERT INTO achievement (id, title, trl, json, updated_at) VALUES ('\(record.id)', '\(record.title)', NULL, '\(json)', '2024');
        INSERT INTO run (id, status, started_at, finished_at, config_file, config_text, record_json)
          VALUES ('old', 'succeeded', '2024-06-01T09:00:00Z', '2024-06-01T09:00:00Z', 'config.yaml', 'a', '\(runJSON)');
        INSERT INTO decision (run_id, position, stage, plugin, achievement_id, passed, rule, score, reason_zh, reason_en)
          VALUES ('old', 1, '技术成熟度', 'torch.trl_threshold', '\(record.id)', 0, 'min_trl', NULL, '成熟度未评估', 'TRL unknown');
        """)
    let reader = try SQLiteLibrary(readingAt: path)
    #expect(try await reader.achievements() == [record])
    #expect(try await reader.decisions(for: record.id).map(\.decision.reason.en) == ["TRL unknown"])

    let library = try SQLiteLibrary(path: path)
    #expect(try await library.achievements() == [record])
    let why = try await library.decisions(for: record.id)
    #expect(why.map(\.decision.reason.zh) == ["成熟度未评估"])
    #expect(why.map(\.decision.rule) == ["min_trl"])
    #expect(why.map(\.plugin) == ["torch.trl_threshold"])
    #expect(try await library.runs().first?.decisionCount == 1)
  }

  /// How many decisions the library keeps in its verdict blocks (a shared run's are not counted again).
  func verdictRows(_ library: SQLiteLibrary) async throws -> Int {
    try await library.read { db in try Int.fetchOne(db, sql: "SELECT SUM(decisions) FROM verdict_block") ?? -1 }
  }

  /// A re-run whose decisions are those of the run before keeps them as that run's rows: the
  /// library grows by a run, not by a row per decision, and `why` answers both runs alike. A
  /// run whose decisions differ in one place writes its own rows.
  @Test func aRerunWithTheSameDecisionsSharesTheEarlierRunsRows() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let written = records(5_000)
    let decisions = decisions(for: written)
    try await library.commit(
      run: try Fixtures.record(id: "r1"), configText: "a", changed: written, decisions: decisions)
    #expect(try await verdictRows(library) == 5_000)
    _ = try await library.achievements()
    try await library.commit(run: try Fixtures.record(id: "r2"), configText: "a", changed: [], decisions: decisions)
    #expect(try await verdictRows(library) == 5_000)
    #expect(try await library.runs().first { $0.id == "r2" }?.decisionCount == 5_000)
    for record in [written[0], written[4], written[4_999]] {
      let first = try await library.decisions(for: record.id, run: "r1")
      #expect(first.count == 1)
      #expect(try await library.decisions(for: record.id, run: "r2") == first)
    }

    var other = decisions
    other[3].decision.passed.toggle()
    _ = try await library.achievements()
    try await library.commit(run: try Fixtures.record(id: "r3"), configText: "a", changed: [], decisions: other)
    #expect(try await verdictRows(library) == 10_000)
    #expect(
      try await library.decisions(for: written[3].id, run: "r3").map(\.decision.passed) == [other[3].decision.passed])
    #expect(
      try await library.decisions(for: written[3].id, run: "r2").map(\.decision.passed) == [
        decisions[3].decision.passed
      ])
    // The newest run reads its own decisions when no run id is given.
    #expect(try await library.decisions(for: written[3].id).map(\.decision.passed) == [other[3].decision.passed])
  }

  /// A run stored again under its id (the same config run twice in one second) replaces its
  /// decisions; a later run that kept them as its own rows keeps them.
  @Test func replacingARunLeavesARunThatSharedItsRowsItsDecisions() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let library = try SQLiteLibrary(path: path)
    let written = records(50)
    let decisions = decisions(for: written)
    try await library.commit(
      run: try Fixtures.record(id: "r1"), configText: "a", changed: written, decisions: decisions)
    _ = try await library.achievements()
    try await library.commit(run: try Fixtures.record(id: "r2"), configText: "a", changed: [], decisions: decisions)
    var other = decisions
    for index in other.indices { other[index].decision.passed.toggle() }
    _ = try await library.achievements()
    try await library.commit(run: try Fixtures.record(id: "r1"), configText: "a", changed: [], decisions: other)
    #expect(try await verdictRows(library) == 100)
    for index in [0, 1, 49] {
      let id = written[index].id
      #expect(
        try await library.decisions(for: id, run: "r2").map(\.decision.passed) == [decisions[index].decision.passed])
      #expect(try await library.decisions(for: id, run: "r1").map(\.decision.passed) == [other[index].decision.passed])
    }
  }
}
