import Logging
import PostgresNIO

/// The PostgreSQL schema, one migration per version; `roadshow_schema` records the versions
/// applied. Never edit a registered migration: add one.
///
/// Every table has a `tenant` column, the host (承办单位) the row belongs to, first in its
/// primary key and in its indexes: every query names it, so one host's rows are never read or
/// changed through another's store. Keys that sort are `COLLATE "C"` (code-point order, as
/// SQLite sorts), whatever the database's locale.
public enum PostgresSchema {
  /// The migrations, in order; each is a list of statements.
  static let migrations: [(name: String, statements: [String])] = [
    ("v1-library", library),
    ("v2-ledger", ledger),
    ("v3-reviews", reviews),
    ("v4-platform", platform),
    ("v5-onsite-engagement", onsiteAndEngagement),
    ("v6-sessions", sessions),
    ("v7-host-withholding", hostWithholding),
  ]

  /// The newest schema this code reads and writes: its number of migrations.
  public static var version: Int { migrations.count }

  /// Applies the migrations the database lacks, in one transaction under an advisory lock.
  static func migrate(_ session: Session) async throws {
    try await session.run("BEGIN")
    do {
      try await session.run("SELECT pg_advisory_xact_lock(hashtextextended('roadshow-schema', 0))")
      try await session.run(
        """
        CREATE TABLE IF NOT EXISTS roadshow_schema (
          version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
        """)
      let found =
        try await session.rows("SELECT coalesce(max(version), 0) AS version FROM roadshow_schema")
        .first?.get("version", as: Int.self) ?? 0
      guard found <= version else { throw PostgresStoreError.newerSchema(found: found, supported: version) }
      for (index, migration) in migrations.enumerated() where index + 1 > found {
        for statement in migration.statements { try await session.run(PostgresQuery(unsafeSQL: statement)) }
        try await session.run("INSERT INTO roadshow_schema (version, name) VALUES (\(index + 1), \(migration.name))")
      }
      try await session.run("COMMIT")
    } catch {
      try? await session.run("ROLLBACK")
      throw error
    }
  }

  static let library = [
    """
    CREATE TABLE library_version (
      tenant text COLLATE "C" PRIMARY KEY,
      version bigint NOT NULL
    )
    """,
    """
    CREATE TABLE record (
      tenant text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      title text NOT NULL,
      summary text,
      institution text,
      team text[] NOT NULL,
      field text,
      trl bigint,
      prospect double precision,
      province text,
      region text,
      channel text NOT NULL,
      transfer_modes text[] NOT NULL,
      ip text[] NOT NULL,
      confidentiality text NOT NULL,
      year bigint,
      funding double precision,
      attributes text,
      clearance text,
      merged_into text COLLATE "C",
      updated_at text NOT NULL,
      PRIMARY KEY (tenant, id)
    )
    """,
    "CREATE INDEX record_merged_into ON record (tenant, merged_into) WHERE merged_into IS NOT NULL",
    """
    CREATE TABLE run (
      tenant text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      seq bigserial NOT NULL,
      status text NOT NULL,
      started_at text NOT NULL,
      finished_at text NOT NULL,
      config_file text NOT NULL,
      config_text text NOT NULL,
      record_json text NOT NULL,
      decision_count bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant, id)
    )
    """,
    """
    CREATE TABLE decision (
      tenant text COLLATE "C" NOT NULL,
      run_id text COLLATE "C" NOT NULL,
      position bigint NOT NULL,
      stage text NOT NULL,
      plugin text NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      passed boolean NOT NULL,
      rule text NOT NULL,
      score double precision,
      reason_zh text NOT NULL,
      reason_en text NOT NULL,
      ordinal bigint NOT NULL
    )
    """,
    "CREATE INDEX decision_on_achievement ON decision (tenant, achievement_id, run_id)",
    "CREATE INDEX decision_on_run ON decision (tenant, run_id)",
    """
    CREATE TABLE clearance_review (
      seq bigserial PRIMARY KEY,
      tenant text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      decision text NOT NULL,
      reviewer text NOT NULL,
      date text NOT NULL,
      note text,
      source text NOT NULL,
      recorded_at text NOT NULL
    )
    """,
    "CREATE INDEX clearance_review_on_achievement ON clearance_review (tenant, achievement_id)",
  ]

  static let ledger = [
    """
    CREATE TABLE ledger_host (
      tenant text COLLATE "C" NOT NULL,
      name text COLLATE "C" NOT NULL,
      level text,
      parent text,
      province text,
      updated_at text NOT NULL,
      PRIMARY KEY (tenant, name)
    )
    """,
    """
    CREATE TABLE programme_event (
      tenant text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      programme text NOT NULL,
      series text NOT NULL,
      year bigint,
      host text NOT NULL,
      date text COLLATE "C",
      run_id text COLLATE "C" NOT NULL,
      formats text[] NOT NULL,
      online boolean NOT NULL,
      meetings bigint NOT NULL,
      collected bigint NOT NULL,
      screened bigint NOT NULL,
      checkpoints bigint[] NOT NULL,
      recorded_at text NOT NULL,
      PRIMARY KEY (tenant, key)
    )
    """,
    """
    CREATE TABLE pitch (
      tenant text COLLATE "C" NOT NULL,
      run_id text COLLATE "C" NOT NULL,
      event_key text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (tenant, run_id, achievement_id)
    )
    """,
    "CREATE INDEX pitch_on_achievement ON pitch (tenant, achievement_id)",
    """
    CREATE TABLE event_participant (
      tenant text COLLATE "C" NOT NULL,
      run_id text COLLATE "C" NOT NULL,
      name text COLLATE "C" NOT NULL,
      role text COLLATE "C" NOT NULL,
      attended boolean,
      attendance_recorded_at text,
      attendance_recorded_by text,
      PRIMARY KEY (tenant, run_id, role, name)
    )
    """,
    """
    CREATE TABLE interest_response (
      tenant text COLLATE "C" NOT NULL,
      run_id text COLLATE "C" NOT NULL,
      enterprise text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      level text NOT NULL,
      comment text,
      PRIMARY KEY (tenant, run_id, achievement_id, enterprise)
    )
    """,
    """
    CREATE TABLE enterprise_demand (
      tenant text COLLATE "C" NOT NULL,
      run_id text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      json text NOT NULL,
      PRIMARY KEY (tenant, run_id, id)
    )
    """,
    """
    CREATE TABLE milestone (
      seq bigserial PRIMARY KEY,
      tenant text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      date text NOT NULL,
      amount double precision,
      party text,
      reference text,
      mode text,
      place text,
      note text,
      supersedes bigint REFERENCES milestone (seq),
      recorded_at text NOT NULL,
      recorded_by text NOT NULL,
      source text NOT NULL
    )
    """,
    "CREATE INDEX milestone_on_achievement ON milestone (tenant, achievement_id, seq)",
    """
    CREATE TABLE identity_link (
      seq bigserial PRIMARY KEY,
      tenant text COLLATE "C" NOT NULL,
      record_id text COLLATE "C" NOT NULL,
      canonical_id text COLLATE "C" NOT NULL,
      reason text NOT NULL,
      linked_at text NOT NULL,
      linked_by text NOT NULL,
      undone_at text,
      undone_by text
    )
    """,
    "CREATE INDEX identity_link_on_record ON identity_link (tenant, record_id)",
  ]

  static let reviews = [
    """
    CREATE TABLE review_round (
      tenant text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      name text NOT NULL,
      rubric text NOT NULL,
      blind boolean NOT NULL,
      reviewers bigint NOT NULL,
      minimum_reviews bigint NOT NULL,
      PRIMARY KEY (tenant, key)
    )
    """,
    """
    CREATE TABLE review_expert (
      tenant text COLLATE "C" NOT NULL,
      round_key text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      position bigint NOT NULL,
      name text NOT NULL,
      institution text NOT NULL,
      fields text[] NOT NULL,
      conflicts text[] NOT NULL,
      capacity bigint NOT NULL,
      PRIMARY KEY (tenant, round_key, id)
    )
    """,
    """
    CREATE TABLE review_assignment (
      tenant text COLLATE "C" NOT NULL,
      round_key text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      expert_id text COLLATE "C" NOT NULL,
      PRIMARY KEY (tenant, round_key, achievement_id, expert_id)
    )
    """,
    """
    CREATE TABLE review (
      seq bigserial PRIMARY KEY,
      tenant text COLLATE "C" NOT NULL,
      round_key text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      expert_id text COLLATE "C" NOT NULL,
      scores text NOT NULL,
      comment text,
      recusal text,
      recorded_at text NOT NULL,
      recorded_by text NOT NULL,
      source text NOT NULL
    )
    """,
    "CREATE INDEX review_on_round ON review (tenant, round_key, achievement_id)",
  ]

  static let platform = [
    """
    CREATE TABLE platform_user (
      tenant text COLLATE "C" NOT NULL,
      username text COLLATE "C" NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL,
      scope text,
      disabled boolean NOT NULL DEFAULT false,
      password_hash text NOT NULL,
      created_at text NOT NULL,
      PRIMARY KEY (tenant, username)
    )
    """,
    """
    CREATE TABLE platform_submission (
      tenant text COLLATE "C" NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      host text NOT NULL,
      submitted_by text NOT NULL,
      submitted_at text COLLATE "C" NOT NULL,
      PRIMARY KEY (tenant, achievement_id)
    )
    """,
    "CREATE INDEX platform_submission_host ON platform_submission (tenant, host)",
  ]

  /// An event's on-site review round (现场评议); the platform's notices, event registrations and
  /// interest responses.
  static let onsiteAndEngagement = [
    "ALTER TABLE review_round ADD COLUMN event text",
    """
    CREATE TABLE platform_notice (
      tenant text COLLATE "C" NOT NULL,
      id bigserial NOT NULL,
      publisher text NOT NULL,
      audience text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      published_by text NOT NULL,
      published_at text COLLATE "C" NOT NULL,
      PRIMARY KEY (tenant, id)
    )
    """,
    """
    CREATE TABLE platform_registration (
      tenant text COLLATE "C" NOT NULL,
      event_key text COLLATE "C" NOT NULL,
      username text COLLATE "C" NOT NULL,
      organisation text NOT NULL,
      contact text NOT NULL,
      demand text NOT NULL,
      registered_at text COLLATE "C" NOT NULL,
      PRIMARY KEY (tenant, event_key, username)
    )
    """,
    """
    CREATE TABLE platform_interest (
      tenant text COLLATE "C" NOT NULL,
      sequence bigserial NOT NULL,
      achievement_id text COLLATE "C" NOT NULL,
      username text COLLATE "C" NOT NULL,
      organisation text NOT NULL,
      level text NOT NULL,
      note text NOT NULL,
      recorded_at text NOT NULL,
      PRIMARY KEY (tenant, sequence)
    )
    """,
  ]

  /// The work platform's signed-in sessions, by their token's digest.
  static let sessions = [
    """
    CREATE TABLE platform_session (
      tenant text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      username text NOT NULL,
      csrf text NOT NULL,
      expires double precision NOT NULL,
      PRIMARY KEY (tenant, key)
    )
    """,
    "CREATE INDEX platform_session_expires ON platform_session (tenant, expires)",
  ]

  /// The fields each host's config withholds from the public (`publication.withhold`), recorded
  /// by its runs and its platform, so that a catalogue of every host withholds them too.
  static let hostWithholding = [
    """
    CREATE TABLE host_withholding (
      tenant text COLLATE "C" PRIMARY KEY,
      fields text[] NOT NULL,
      recorded_at text NOT NULL,
      revision bigint NOT NULL DEFAULT 1
    )
    """
  ]
}
