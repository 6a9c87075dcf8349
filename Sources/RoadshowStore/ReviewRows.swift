import Foundation
import GRDB
import RoadshowKernel

/// The review tables (专家评议): rounds with their rubric, the round's expert pool, assignments,
/// and reviews. Reviews are append-only: a correction is a later review of the same pair.
enum ReviewRows {
  /// Migration `v6-reviews`.
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE review_round (
          key TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          rubric TEXT NOT NULL,
          blind INTEGER NOT NULL,
          reviewers INTEGER NOT NULL,
          minimum_reviews INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE review_expert (
          round_key TEXT NOT NULL,
          id TEXT NOT NULL,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          institution TEXT NOT NULL,
          fields TEXT NOT NULL,
          conflicts TEXT NOT NULL,
          capacity INTEGER NOT NULL,
          PRIMARY KEY (round_key, id)
        ) WITHOUT ROWID;
        CREATE TABLE review_assignment (
          round_key TEXT NOT NULL,
          achievement_id TEXT NOT NULL,
          expert_id TEXT NOT NULL,
          PRIMARY KEY (round_key, achievement_id, expert_id)
        ) WITHOUT ROWID;
        CREATE TABLE review (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          round_key TEXT NOT NULL,
          achievement_id TEXT NOT NULL,
          expert_id TEXT NOT NULL,
          scores TEXT NOT NULL,
          comment TEXT,
          recusal TEXT,
          recorded_at TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          source TEXT NOT NULL
        );
        CREATE INDEX review_on_round ON review(round_key, achievement_id);
        """)
  }

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
  }

  /// Migration `v8-onsite-review`: a round may be the on-site review (现场评议) of a ledger event.
  static func migrateOnsite(_ db: Database) throws {
    try db.execute(sql: "ALTER TABLE review_round ADD COLUMN event TEXT")
  }

  static func hasTables(_ db: Database) throws -> Bool { try db.tableExists("review_round") }

  /// Refuses a write to a library opened read-only before migration `v6-reviews`.
  static func requireTables(_ db: Database, path: String) throws {
    guard try hasTables(db) else {
      throw LedgerError.invalidLink(
        LocalizedText(
          zh: "项目库 \(path) 由旧版本创建且以只读方式打开；请先运行一次 roadshow run 以升级",
          en: "the library \(path) was made by an older version and is open read-only: run roadshow once to upgrade it")
      )
    }
  }
}

extension SQLiteLibrary: ReviewLedger {
  public func saveRound(_ round: ReviewRound, experts: [Expert]) async throws {
    let path = self.path
    let rubric = try ReviewRows.json(round.rubric)
    let rows = try experts.map { ($0, try ReviewRows.json($0.fields), try ReviewRows.json($0.conflicts)) }
    try await write { db in
      try ReviewRows.requireTables(db, path: path)
      try db.execute(
        sql: """
          INSERT INTO review_round (key, name, rubric, blind, reviewers, minimum_reviews, event)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(key) DO UPDATE SET name = excluded.name, rubric = excluded.rubric, blind = excluded.blind,
            reviewers = excluded.reviewers, minimum_reviews = excluded.minimum_reviews, event = excluded.event
          """,
        arguments: [
          round.key, round.name, rubric, round.blind, round.reviewersPerAchievement, round.minimumReviews, round.event,
        ])
      try db.execute(sql: "DELETE FROM review_expert WHERE round_key = ?", arguments: [round.key])
      let insert = try db.makeStatement(
        sql: """
          INSERT INTO review_expert (round_key, id, position, name, institution, fields, conflicts, capacity)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for (position, row) in rows.enumerated() {
        try insert.execute(arguments: [
          round.key, row.0.id, position, row.0.name, row.0.institution, row.1, row.2, row.0.capacity,
        ])
      }
    }
  }

  public func reviewRounds() async throws -> [ReviewRound] {
    try await read { db in
      guard try ReviewRows.hasTables(db) else { return [] }
      return try Row.fetchAll(db, sql: "SELECT * FROM review_round ORDER BY key").map { row in
        ReviewRound(
          key: row["key"], name: row["name"], rubric: try ReviewRows.decode(ReviewRubric.self, row["rubric"]),
          blind: row["blind"], reviewersPerAchievement: row["reviewers"], minimumReviews: row["minimum_reviews"],
          event: row["event"])
      }
    }
  }

  public func experts(round key: String) async throws -> [Expert] {
    try await read { db in
      guard try ReviewRows.hasTables(db) else { return [] }
      return try Row.fetchAll(
        db, sql: "SELECT * FROM review_expert WHERE round_key = ? ORDER BY position", arguments: [key]
      ).map { row in
        Expert(
          id: row["id"], name: row["name"], institution: row["institution"],
          fields: try ReviewRows.decode([String].self, row["fields"]),
          conflicts: try ReviewRows.decode([String].self, row["conflicts"]), capacity: row["capacity"])
      }
    }
  }

  public func assign(_ assignments: [ReviewAssignment], round key: String) async throws {
    let path = self.path
    try await write { db in
      try ReviewRows.requireTables(db, path: path)
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM review_round WHERE key = ?", arguments: [key]) != nil else {
        throw ReviewLedgerError.unknownRound(key)
      }
      let pool = Set(try String.fetchAll(db, sql: "SELECT id FROM review_expert WHERE round_key = ?", arguments: [key]))
      let unknown = Set(assignments.map(\.expert)).subtracting(pool).sorted()
      guard unknown.isEmpty else { throw ReviewLedgerError.unknownExperts(unknown) }
      let exists = try db.makeStatement(sql: "SELECT 1 FROM record WHERE id = ?")
      var missing: [String] = []
      for id in Set(assignments.map(\.achievement)).sorted()
      where try Bool.fetchOne(exists, arguments: [id.rawValue]) == nil {
        missing.append(id.rawValue)
      }
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      try db.execute(sql: "DELETE FROM review_assignment WHERE round_key = ?", arguments: [key])
      let insert = try db.makeStatement(
        sql: "INSERT OR IGNORE INTO review_assignment (round_key, achievement_id, expert_id) VALUES (?, ?, ?)")
      for assignment in assignments {
        try insert.execute(arguments: [key, assignment.achievement.rawValue, assignment.expert])
      }
    }
  }

  public func assignments(round key: String) async throws -> [ReviewAssignment] {
    try await read { db in
      guard try ReviewRows.hasTables(db) else { return [] }
      return try Row.fetchAll(
        db, sql: "SELECT * FROM review_assignment WHERE round_key = ? ORDER BY achievement_id, expert_id",
        arguments: [key]
      ).map { row in
        ReviewAssignment(
          round: key, achievement: AchievementID(row["achievement_id"] as String), expert: row["expert_id"])
      }
    }
  }

  public func record(_ reviews: [Review]) async throws {
    let path = self.path
    let encoded = try reviews.map { ($0, try ReviewRows.json($0.scores)) }
    try await write { db in
      try ReviewRows.requireTables(db, path: path)
      let assigned = try db.makeStatement(
        sql: "SELECT 1 FROM review_assignment WHERE round_key = ? AND achievement_id = ? AND expert_id = ?")
      var unassigned: [String] = []
      for review in reviews
      where try Bool.fetchOne(assigned, arguments: [review.round, review.achievement.rawValue, review.expert]) == nil {
        unassigned.append("\(review.achievement)/\(review.expert)")
      }
      guard unassigned.isEmpty else { throw ReviewLedgerError.notAssigned(unassigned) }
      let insert = try db.makeStatement(
        sql: """
          INSERT INTO review
            (round_key, achievement_id, expert_id, scores, comment, recusal, recorded_at, recorded_by, source)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for (review, scores) in encoded {
        try insert.execute(arguments: [
          review.round, review.achievement.rawValue, review.expert, scores, review.comment, review.recusal,
          review.recordedAt, review.recordedBy, review.source,
        ])
      }
    }
  }

  public func reviews(round key: String) async throws -> [Review] {
    try await read { db in
      guard try ReviewRows.hasTables(db) else { return [] }
      return try Row.fetchAll(db, sql: "SELECT * FROM review WHERE round_key = ? ORDER BY seq", arguments: [key]).map {
        row in
        Review(
          round: key, achievement: AchievementID(row["achievement_id"] as String), expert: row["expert_id"],
          scores: try ReviewRows.decode([String: Double].self, row["scores"]), comment: row["comment"],
          recusal: row["recusal"], recordedAt: row["recorded_at"], recordedBy: row["recorded_by"], source: row["source"]
        )
      }
    }
  }
}
