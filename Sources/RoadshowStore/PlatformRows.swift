import Foundation
import GRDB
import RoadshowKernel
import RoadshowServices

/// The work platform's tables in the project library (migration `v7-users`): its accounts and
/// who submitted which record to which host. The records themselves are the library's.
enum PlatformRows {
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE platform_user (
          username TEXT PRIMARY KEY NOT NULL,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL,
          scope TEXT,
          disabled INTEGER NOT NULL DEFAULT 0,
          password_hash TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE platform_submission (
          achievement_id TEXT PRIMARY KEY NOT NULL,
          host TEXT NOT NULL,
          submitted_by TEXT NOT NULL,
          submitted_at TEXT NOT NULL
        );
        CREATE INDEX platform_submission_host ON platform_submission (host);
        """)
  }

  /// Migration `v11-sessions`: signed-in sessions, by their token's digest.
  static func migrateSessions(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE platform_session (
          key TEXT PRIMARY KEY NOT NULL,
          username TEXT NOT NULL,
          csrf TEXT NOT NULL,
          expires REAL NOT NULL
        );
        CREATE INDEX platform_session_expires ON platform_session (expires);
        """)
  }
}

extension SQLiteLibrary: PlatformLibrary {}

/// The work platform's accounts and submissions, kept in the project library file beside its
/// records (a connection of its own to the same file; every write is one transaction).
public struct SQLitePlatformStore: AccountStore, PlatformSessionStore, SubmissionStore {
  let database: DatabaseQueue
  private let path: String

  /// Opens the platform's tables in the library at `path`, creating and upgrading the library
  /// as ``SQLiteLibrary/init(path:)`` does.
  public init(path: String) throws {
    _ = try SQLiteLibrary(path: path)
    self.path = path
    do {
      var configuration = Configuration()
      configuration.busyMode = .timeout(10)
      configuration.label = "RoadshowStore (platform)"
      database = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw LibraryError.cannotOpen(path: path, reason: String(describing: error))
    }
  }

  // MARK: AccountStore

  public func addAccount(_ account: PlatformAccount) async throws {
    try await database.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM platform_user WHERE username = ?", arguments: [account.username])
        ?? false
      {
        throw PlatformError.duplicateUsername(account.username)
      }
      try db.execute(
        sql: """
          INSERT INTO platform_user (username, display_name, role, scope, disabled, password_hash, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          account.username, account.displayName, account.role.rawValue, account.scope, account.disabled,
          account.passwordHash, account.createdAt,
        ])
    }
  }

  public func accounts() async throws -> [PlatformAccount] {
    try await database.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM platform_user ORDER BY username").map(Self.account)
    }
  }

  public func account(named username: String) async throws -> PlatformAccount? {
    try await database.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM platform_user WHERE username = ?", arguments: [username])
        .map(Self.account)
    }
  }

  public func setDisabled(_ disabled: Bool, username: String) async throws {
    try await database.write { db in
      try db.execute(
        sql: "UPDATE platform_user SET disabled = ? WHERE username = ?", arguments: [disabled, username])
      if db.changesCount == 0 { throw PlatformError.unknownUser(username) }
    }
  }

  static func account(_ row: Row) -> PlatformAccount {
    let role: String = row["role"]
    return PlatformAccount(
      username: row["username"], displayName: row["display_name"], role: PlatformRole(rawValue: role) ?? .public,
      scope: row["scope"], disabled: row["disabled"], passwordHash: row["password_hash"],
      createdAt: row["created_at"])
  }

  // MARK: PlatformSessionStore

  public func openSession(_ session: PlatformSession, now: Double) async throws {
    try await database.write { db in
      try db.execute(sql: "DELETE FROM platform_session WHERE expires <= ?", arguments: [now])
      try db.execute(
        sql: "INSERT OR REPLACE INTO platform_session (key, username, csrf, expires) VALUES (?, ?, ?, ?)",
        arguments: [session.key, session.username, session.csrf, session.expires])
    }
  }

  public func session(key: String, now: Double) async throws -> PlatformSession? {
    try await database.read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM platform_session WHERE key = ? AND expires > ?", arguments: [key, now]
      ).map { row in
        PlatformSession(key: row["key"], username: row["username"], csrf: row["csrf"], expires: row["expires"])
      }
    }
  }

  public func closeSession(key: String) async throws {
    try await database.write { db in
      try db.execute(sql: "DELETE FROM platform_session WHERE key = ?", arguments: [key])
    }
  }

  // MARK: SubmissionStore

  public func submit(_ submission: Submission) async throws {
    let record = submission.achievement
    try await database.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM record WHERE id = ?", arguments: [record.id.rawValue]) ?? false {
        throw PlatformError.invalid([
          "title": LocalizedText(
            zh: "项目库中已有同名同单位的成果", en: "the library already holds an achievement with this title and institution")
        ])
      }
      try db.execute(
        sql: RecordRows.upsertSQL, arguments: try RecordRows.arguments(record, updatedAt: submission.submittedAt))
      try db.execute(
        sql: "INSERT INTO platform_submission (achievement_id, host, submitted_by, submitted_at) VALUES (?, ?, ?, ?)",
        arguments: [record.id.rawValue, submission.host, submission.submittedBy, submission.submittedAt])
      try db.execute(
        sql: """
          INSERT INTO meta (key, value) VALUES ('library_version', ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value
          """, arguments: [try SQLiteLibrary.storedVersion(db) + 1])
    }
  }

  public func submissions(host: String?) async throws -> [Submission] {
    try await database.read { db in
      let select = """
        SELECT \(Self.recordColumns), s.host, s.submitted_by, s.submitted_at
        FROM platform_submission s JOIN record r ON r.id = s.achievement_id
        """
      let rows =
        try host.map {
          try Row.fetchAll(db, sql: select + " WHERE s.host = ? ORDER BY s.submitted_at DESC, r.id", arguments: [$0])
        } ?? Row.fetchAll(db, sql: select + " ORDER BY s.submitted_at DESC, r.id")
      return try rows.map(Self.submission)
    }
  }

  public func submission(_ id: AchievementID) async throws -> Submission? {
    try await database.read { db in
      let select = """
        SELECT \(Self.recordColumns), s.host, s.submitted_by, s.submitted_at
        FROM platform_submission s JOIN record r ON r.id = s.achievement_id WHERE s.achievement_id = ?
        """
      return try Row.fetchOne(db, sql: select, arguments: [id.rawValue]).map(Self.submission)
    }
  }

  /// The record's columns, in ``RecordRows/decode(_:)``'s order; the submission's follow them.
  static let recordColumns = RecordRows.columns.dropLast().map { "r.\($0)" }.joined(separator: ", ")

  static func submission(_ row: Row) throws -> Submission {
    let first = RecordRows.columns.count - 1
    return Submission(
      achievement: try RecordRows.decode(row), host: row[first], submittedBy: row[first + 1],
      submittedAt: row[first + 2])
  }
}
