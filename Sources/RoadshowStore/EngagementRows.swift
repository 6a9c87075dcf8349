import Foundation
import GRDB
import RoadshowKernel
import RoadshowServices

/// The work platform's notices, event registrations and interest responses (migration
/// `v9-engagement`).
enum EngagementRows {
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE platform_notice (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          publisher TEXT NOT NULL,
          audience TEXT NOT NULL,
          title TEXT NOT NULL,
          body TEXT NOT NULL,
          published_by TEXT NOT NULL,
          published_at TEXT NOT NULL
        );
        CREATE TABLE platform_registration (
          event_key TEXT NOT NULL,
          username TEXT NOT NULL,
          organisation TEXT NOT NULL,
          contact TEXT NOT NULL,
          demand TEXT NOT NULL,
          registered_at TEXT NOT NULL,
          PRIMARY KEY (event_key, username)
        );
        CREATE TABLE platform_interest (
          sequence INTEGER PRIMARY KEY AUTOINCREMENT,
          achievement_id TEXT NOT NULL,
          username TEXT NOT NULL,
          organisation TEXT NOT NULL,
          level TEXT NOT NULL,
          note TEXT NOT NULL,
          recorded_at TEXT NOT NULL
        );
        CREATE INDEX platform_interest_user ON platform_interest (username);
        """)
  }
}

extension SQLitePlatformStore: EngagementStore {
  public func addNotice(_ notice: Notice) async throws -> Notice {
    try await database.write { db in
      try db.execute(
        sql: """
          INSERT INTO platform_notice (publisher, audience, title, body, published_by, published_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          notice.publisher, notice.audience.rawValue, notice.title, notice.body, notice.publishedBy,
          notice.publishedAt,
        ])
      var stored = notice
      stored.id = Int(db.lastInsertedRowID)
      return stored
    }
  }

  public func notices() async throws -> [Notice] {
    try await database.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM platform_notice ORDER BY published_at DESC, id DESC").compactMap { row in
        guard let audience = NoticeAudience(rawValue: row["audience"]) else { return nil }
        return Notice(
          id: row["id"], publisher: row["publisher"], audience: audience, title: row["title"], body: row["body"],
          publishedBy: row["published_by"], publishedAt: row["published_at"])
      }
    }
  }

  public func register(_ registration: EventRegistration) async throws {
    try await database.write { db in
      try db.execute(
        sql: """
          INSERT INTO platform_registration (event_key, username, organisation, contact, demand, registered_at)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (event_key, username) DO UPDATE SET organisation = excluded.organisation,
            contact = excluded.contact, demand = excluded.demand, registered_at = excluded.registered_at
          """,
        arguments: [
          registration.event, registration.username, registration.organisation, registration.contact,
          registration.demand, registration.registeredAt,
        ])
    }
  }

  public func registrations(event: String?) async throws -> [EventRegistration] {
    try await database.read { db in
      let rows =
        if let event {
          try Row.fetchAll(
            db, sql: "SELECT * FROM platform_registration WHERE event_key = ? ORDER BY registered_at, username",
            arguments: [event])
        } else {
          try Row.fetchAll(db, sql: "SELECT * FROM platform_registration ORDER BY registered_at, username")
        }
      return rows.map { row in
        EventRegistration(
          event: row["event_key"], username: row["username"], organisation: row["organisation"],
          contact: row["contact"], demand: row["demand"], registeredAt: row["registered_at"])
      }
    }
  }

  public func respond(_ response: InterestResponse) async throws {
    try await database.write { db in
      try db.execute(
        sql: """
          INSERT INTO platform_interest (achievement_id, username, organisation, level, note, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          response.achievement.rawValue, response.username, response.organisation, response.level.rawValue,
          response.note, response.recordedAt,
        ])
    }
  }

  public func responses() async throws -> [InterestResponse] {
    try await database.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM platform_interest ORDER BY sequence").compactMap { row in
        guard let level = InterestLevel(rawValue: row["level"]) else { return nil }
        return InterestResponse(
          achievement: AchievementID(row["achievement_id"] as String), username: row["username"],
          organisation: row["organisation"], level: level, note: row["note"], recordedAt: row["recorded_at"])
      }
    }
  }
}
