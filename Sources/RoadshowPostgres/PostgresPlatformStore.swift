import Foundation
import PostgresNIO
import RoadshowKernel
import RoadshowServices

/// The work platform's accounts and submissions of one host, in the PostgreSQL database its
/// library is in. Every write is one transaction; every query is scoped by the host.
public struct PostgresPlatformStore: PlatformStore {
  /// The host (承办单位) whose rows this handle reads and writes.
  public let host: String
  let database: PostgresPool

  /// A handle on `host`'s accounts and submissions in `database`.
  ///
  /// - Throws: ``PostgresStoreError/missingHost`` when `host` is empty.
  public init(database: PostgresPool, host: String) throws {
    let host = host.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !host.isEmpty else { throw PostgresStoreError.missingHost }
    self.database = database
    self.host = host
  }

  // MARK: AccountStore

  public func addAccount(_ account: PlatformAccount) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      let added = try await session.rows(
        """
        INSERT INTO platform_user (tenant, username, display_name, role, scope, disabled, password_hash, created_at)
        VALUES (\(tenant), \(account.username), \(account.displayName), \(account.role.rawValue), \(account.scope),
          \(account.disabled), \(account.passwordHash), \(account.createdAt))
        ON CONFLICT (tenant, username) DO NOTHING RETURNING username
        """)
      if added.isEmpty { throw PlatformError.duplicateUsername(account.username) }
    }
  }

  public func accounts() async throws -> [PlatformAccount] {
    let tenant = host
    return try await database.read { session in
      try await session.rows("SELECT * FROM platform_user WHERE tenant = \(tenant) ORDER BY username").map(
        Self.account)
    }
  }

  public func account(named username: String) async throws -> PlatformAccount? {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT * FROM platform_user WHERE tenant = \(tenant) AND username = \(username)"
      ).first.map(Self.account)
    }
  }

  public func setDisabled(_ disabled: Bool, username: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      let changed = try await session.rows(
        """
        UPDATE platform_user SET disabled = \(disabled) WHERE tenant = \(tenant) AND username = \(username)
        RETURNING username
        """)
      if changed.isEmpty { throw PlatformError.unknownUser(username) }
    }
  }

  static func account(_ row: PostgresRandomAccessRow) throws -> PlatformAccount {
    PlatformAccount(
      username: try row.get("username"), displayName: try row.get("display_name"),
      role: PlatformRole(rawValue: try row.get("role")) ?? .public, scope: try row.get("scope"),
      disabled: try row.get("disabled"), passwordHash: try row.get("password_hash"),
      createdAt: try row.get("created_at"))
  }

  // MARK: PlatformSessionStore

  public func openSession(_ session: PlatformSession, now: Double) async throws {
    let tenant = host
    try await database.writeUnlocked { db in
      try await db.run("DELETE FROM platform_session WHERE tenant = \(tenant) AND expires <= \(now)")
      try await db.run(
        """
        INSERT INTO platform_session (tenant, key, username, csrf, expires)
        VALUES (\(tenant), \(session.key), \(session.username), \(session.csrf), \(session.expires))
        ON CONFLICT (tenant, key) DO UPDATE SET username = EXCLUDED.username, csrf = EXCLUDED.csrf,
          expires = EXCLUDED.expires
        """)
    }
  }

  public func session(key: String, now: Double) async throws -> PlatformSession? {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT key, username, csrf, expires FROM platform_session
        WHERE tenant = \(tenant) AND key = \(key) AND expires > \(now)
        """
      ).first.map { row in
        PlatformSession(
          key: try row.get("key"), username: try row.get("username"), csrf: try row.get("csrf"),
          expires: try row.get("expires"))
      }
    }
  }

  public func closeSession(key: String) async throws {
    let tenant = host
    try await database.writeUnlocked { session in
      try await session.run("DELETE FROM platform_session WHERE tenant = \(tenant) AND key = \(key)")
    }
  }

  // MARK: SubmissionStore

  public func submit(_ submission: Submission) async throws {
    let tenant = host
    let record = submission.achievement
    try await database.write(host: tenant) { session in
      if try await session.exists("SELECT 1 FROM record WHERE tenant = \(tenant) AND id = \(record.id.rawValue)") {
        throw PlatformError.invalid([
          "title": LocalizedText(
            zh: "项目库中已有同名同单位的成果", en: "the library already holds an achievement with this title and institution")
        ])
      }
      try await PostgresRecords.upsert([record], tenant: tenant, updatedAt: submission.submittedAt, in: session)
      try await session.run(
        """
        INSERT INTO platform_submission (tenant, achievement_id, host, submitted_by, submitted_at)
        VALUES (\(tenant), \(record.id.rawValue), \(submission.host), \(submission.submittedBy),
          \(submission.submittedAt))
        """)
      try await PostgresLibrary.bumpVersion(tenant, session)
    }
  }

  public func submissions(host: String?) async throws -> [Submission] {
    let tenant = self.host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT \(unescaped: PostgresRecords.qualifiedSelectList), s.host AS submitted_to, s.submitted_by, s.submitted_at
        FROM platform_submission s JOIN record r ON r.tenant = s.tenant AND r.id = s.achievement_id
        WHERE s.tenant = \(tenant) AND (\(host)::text IS NULL OR s.host = \(host))
        ORDER BY s.submitted_at DESC, r.id
        """
      ).map(Self.submission)
    }
  }

  public func submission(_ id: AchievementID) async throws -> Submission? {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT \(unescaped: PostgresRecords.qualifiedSelectList), s.host AS submitted_to, s.submitted_by, s.submitted_at
        FROM platform_submission s JOIN record r ON r.tenant = s.tenant AND r.id = s.achievement_id
        WHERE s.tenant = \(tenant) AND s.achievement_id = \(id.rawValue)
        """
      ).first.map(Self.submission)
    }
  }

  static func submission(_ row: PostgresRandomAccessRow) throws -> Submission {
    Submission(
      achievement: try PostgresRecords.decode(row), host: try row.get("submitted_to"),
      submittedBy: try row.get("submitted_by"), submittedAt: try row.get("submitted_at"))
  }
}
