import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowStore

/// Decisions kept as one block per run and stage (migration `v12-verdict-blocks`).
@Suite struct VerdictBlockTests {
  func decision(
    _ position: Int, _ id: String, passed: Bool, score: Double?, rule: String, zh: String, en: String
  ) -> StageDecision {
    StageDecision(
      position: position, stage: "阶段\(position)", plugin: "test.stage\(position)",
      decision: ScreeningDecision(
        achievement: AchievementID(id), passed: passed, rule: rule, score: score,
        reason: LocalizedText(zh: zh, en: en)))
  }

  /// Every entry comes back as it went in: ids in any script (and one that is a prefix of
  /// another), no score and awkward scores, reasons shared and not, empty texts.
  @Test func aBlockGivesBackEveryDecisionAsWritten() throws {
    let decisions = [
      decision(1, "nkrdp-2018:2018YFB1300100", passed: true, score: 0.75, rule: "field", zh: "领域在内", en: "in focus"),
      decision(1, "nkrdp-2018:2018YFB13001", passed: false, score: nil, rule: "out", zh: "领域「纳米」不在内", en: "out"),
      decision(1, "nasa:ARC-12345-1", passed: false, score: -0.0, rule: "out", zh: "领域「纳米」不在内", en: "out"),
      decision(1, "café:é", passed: true, score: .infinity, rule: "", zh: "", en: ""),
      decision(2, "nkrdp-2018:2018YFB1300100", passed: true, score: 1e-300, rule: "trl", zh: "成熟度 7", en: "TRL 7"),
    ]
    let blocks = VerdictBlock.blocks(of: decisions)
    #expect(blocks.map(\.position) == [1, 2])
    #expect(blocks.map(\.count) == [4, 1])
    let all = try blocks.flatMap { try $0.allEntries() }
    #expect(all.map(\.id) == decisions.map(\.decision.achievement.rawValue))
    #expect(all.map(\.passed) == decisions.map(\.decision.passed))
    #expect(all.map { $0.score?.bitPattern } == decisions.map { $0.decision.score?.bitPattern })
    #expect(all.map(\.zh) == decisions.map(\.decision.reason.zh))
    #expect(all.map(\.en) == decisions.map(\.decision.reason.en))
    #expect(all.map(\.rule) == decisions.map(\.decision.rule))
    // The shared reason is kept once.
    #expect(try blocks[0].entries(for: "nasa:ARC-12345-1").map(\.zh) == ["领域「纳米」不在内"])
    #expect(try blocks[0].entries(for: "nkrdp-2018:2018YFB13001").map(\.passed) == [false])
    #expect(try blocks[0].entries(for: "nkrdp-2018:2018YFB130010").isEmpty)
    #expect(try blocks[1].entries(for: "café:é").isEmpty)
  }

  /// Bytes that do not parse are a corrupt library, reported, never a crash or a wrong answer.
  @Test func aDamagedBlockIsReportedAsCorrupt() throws {
    let block = VerdictBlock.blocks(of: [
      decision(1, "a:1", passed: true, score: 0.5, rule: "r", zh: "理由", en: "reason")
    ])[0]
    var cut = block
    cut.entries.removeLast(3)
    #expect(throws: LibraryError.self) { try cut.entries(for: "a:1") }
    var badFlag = block
    badFlag.entries[4] = 0xFF
    #expect(throws: LibraryError.self) { try badFlag.allEntries() }
    var badReason = block
    badReason.entries[badReason.entries.count - 1] = 9
    #expect(throws: LibraryError.self) { try badReason.entries(for: "a:1") }
    var huge = block
    huge.entries = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
    #expect(throws: LibraryError.self) { try huge.allEntries() }
  }

  /// A library whose decisions are verdict rows (written before `v12-verdict-blocks`) is read as
  /// it is by a read-only handle, and moved into blocks when opened for writing: `why` answers the
  /// same for every run, a run that shared another's rows included, and a re-run of the same
  /// decisions still shares the migrated blocks.
  @Test func verdictRowsAreMovedIntoBlocksWithTheSameAnswers() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    let old = try SQLiteLibrary(path: path, migratingUpTo: "v11-sessions")
    try await old.execute(
      sql: """
        INSERT INTO record (key, id, title, channel, confidentiality, updated_at) VALUES
          (1, 'x:1', '甲', 'other', 'cleared', '2024'), (2, 'x:2', '乙', 'other', 'cleared', '2024');
        INSERT INTO run (id, status, started_at, finished_at, config_file, config_text, record_json, decision_count,
          verdicts_of, verdict_digest)
          VALUES ('r1', 'succeeded', '2024-06-01T09:00:00Z', '2024-06-01T09:00:01Z', 'c.yaml', 'a', '{}', 3, NULL, 'old'),
                 ('r2', 'succeeded', '2024-06-02T09:00:00Z', '2024-06-02T09:00:01Z', 'c.yaml', 'a', '{}', 3, 1, 'old');
        INSERT INTO run_stage (run_id, position, stage, plugin) VALUES
          ('r1', 1, '对接领域', 'torch.field_focus'), ('r1', 2, '技术成熟度', 'torch.trl_threshold'),
          ('r2', 1, '对接领域', 'torch.field_focus'), ('r2', 2, '技术成熟度', 'torch.trl_threshold');
        INSERT INTO reason (key, rule, zh, en) VALUES (1, 'field', '领域在内', 'in focus'), (2, 'min_trl', '成熟度未评估', 'TRL unknown');
        INSERT INTO verdict (run_key, position, record_key, passed, score, reason_key) VALUES
          (1, 1, 1, 1, 1.0, 1), (1, 1, 2, 1, NULL, 1), (1, 2, 1, 0, NULL, 2);
        """)
    let reader = try SQLiteLibrary(readingAt: path)
    let before = try await reader.decisions(for: AchievementID("x:1"), run: "r2")
    #expect(before.map(\.decision.reason.en) == ["in focus", "TRL unknown"])

    let library = try SQLiteLibrary(path: path)
    for run in ["r1", "r2"] {
      #expect(try await library.decisions(for: AchievementID("x:1"), run: run) == before)
      #expect(
        try await library.decisions(for: AchievementID("x:2"), run: run).map(\.decision.score) == [nil])
    }
    #expect(try await library.runs().map(\.decisionCount).sorted() == [3, 3])
    let layout = try await library.read { db in
      (try db.tableExists("verdict"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM verdict_block"))
    }
    #expect(layout.0 == false)
    #expect(layout.1 == 2)
    // The same decisions again: the new run shares r1's migrated blocks.
    _ = try await library.achievements()
    let again =
      try await library.decisions(for: AchievementID("x:1"), run: "r1")
      + library.decisions(for: AchievementID("x:2"), run: "r1")
    let ordered = again.sorted { ($0.position, $0.decision.achievement) < ($1.position, $1.decision.achievement) }
    try await library.commit(run: try Fixtures.record(id: "r3"), configText: "a", changed: [], decisions: ordered)
    let shared = try await library.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM verdict_block"),
        try Int64.fetchOne(db, sql: "SELECT verdicts_of FROM run WHERE id = 'r3'")
      )
    }
    #expect(shared.0 == 2)
    #expect(shared.1 == 1)
  }
}
