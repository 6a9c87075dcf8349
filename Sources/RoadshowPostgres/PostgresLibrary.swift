import Foundation
import Logging
import PostgresNIO
import RoadshowKernel
import RoadshowServices

/// One host's project library and programme ledger in a PostgreSQL database that many hosts
/// share: the same behaviour as the SQLite library (one transaction per write, milestones and
/// reviews appended, links undone by marking them, every run kept in the run history), with
/// every row carrying the host it belongs to and every query scoped by it.
///
/// Runs that overlap are guarded as in SQLite: the host's library version moves on with every
/// write, a handle remembers the version its latest ``achievements()`` saw, and a commit is
/// refused (``PostgresStoreError/changedSinceRead(host:read:stored:)``, nothing written) when
/// another write came in between.
public struct PostgresLibrary: PlatformLibrary, ReviewLedger {
  /// The host (承办单位) whose rows this handle reads and writes.
  public let host: String
  let database: PostgresPool
  private let snapshotVersion = ReadVersion()

  /// A handle on `host`'s rows in `database`.
  ///
  /// - Throws: ``PostgresStoreError/missingHost`` when `host` is empty.
  public init(database: PostgresPool, host: String) throws {
    let host = host.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !host.isEmpty else { throw PostgresStoreError.missingHost }
    self.database = database
    self.host = host
  }

  // MARK: Library version

  /// The host's library version: how many writes have changed its library.
  public func version() async throws -> Int {
    let tenant = host
    return try await database.read { session in try await Self.storedVersion(tenant, session) }
  }

  static func storedVersion(_ tenant: String, _ session: Session) async throws -> Int {
    try await session.rows("SELECT version FROM library_version WHERE tenant = \(tenant)").first?.get(
      "version", as: Int.self) ?? 0
  }

  /// Moves the host's library version on and returns the new one.
  @discardableResult
  static func bumpVersion(_ tenant: String, _ session: Session) async throws -> Int {
    try await session.rows(
      """
      INSERT INTO library_version (tenant, version) VALUES (\(tenant), 1)
      ON CONFLICT (tenant) DO UPDATE SET version = library_version.version + 1 RETURNING version
      """
    ).first?.get("version", as: Int.self) ?? 0
  }

  // MARK: Hosts sharing the database

  /// Every host with rows in the database: a library written to, or a ledger with events.
  public static func hosts(in database: PostgresPool) async throws -> [String] {
    try await database.read { session in
      try await session.rows(
        """
        SELECT tenant FROM library_version UNION SELECT DISTINCT tenant FROM programme_event ORDER BY tenant
        """
      ).map { try $0.get("tenant", as: String.self) }
    }
  }

  /// A host's own ledger for a host's dashboard; every host's in the database for a province's
  /// or the organiser's, so that they see the hosts that share it (each host's rows read through
  /// its own handle, scoped by its name as every query is).
  public func dashboardLedgers(for account: PlatformAccount) async throws -> [any ProgrammeLedger] {
    guard account.role == .province || account.role == .organiser else { return [self] }
    var ledgers: [any ProgrammeLedger] = [self]
    for tenant in try await Self.hosts(in: database) where tenant != host {
      ledgers.append(try PostgresLibrary(database: database, host: tenant))
    }
    return ledgers
  }

  /// The records of every host in `database` as one catalogue source, `preferring` the serving
  /// host's copy of a record several hosts hold (see ``CatalogueSource/publicRecords(gate:)``
  /// for which copy is shown and what is withheld).
  public static func everyHost(in database: PostgresPool, preferring host: String) -> some CatalogueSource {
    EveryHostCatalogue(database: database, preferred: host)
  }

  /// Records the fields the host's config withholds from the public (`publication.withhold`), so
  /// that a catalogue of every host in the database withholds them from the host's records too.
  public func recordWithholding(_ fields: Set<PublicationField>, at time: String) async throws {
    let tenant = host
    let names = fields.map(\.rawValue).sorted()
    try await database.writeUnlocked { session in
      try await session.run(
        """
        INSERT INTO host_withholding (tenant, fields, recorded_at) VALUES (\(tenant), \(names), \(time))
        ON CONFLICT (tenant) DO UPDATE SET fields = EXCLUDED.fields, recorded_at = EXCLUDED.recorded_at,
          revision = host_withholding.revision + 1
        """)
    }
  }

  /// Whether the host's own copy of `id` is one the public may see: cleared, and not merged
  /// into another record.
  public func publishes(_ id: AchievementID) async throws -> Bool {
    let tenant = host
    return try await database.read { session in
      try await session.exists(
        """
        SELECT 1 FROM record WHERE tenant = \(tenant) AND id = \(id.rawValue) AND merged_into IS NULL
          AND confidentiality = 'cleared'
        """)
    }
  }

  // MARK: ProjectLibrary

  /// Every achievement of the host that is not merged into another, in id order; the version
  /// read with them is remembered for the next commit.
  public func achievements() async throws -> [Achievement] {
    let tenant = host
    let (version, records) = try await database.read { session in
      let version = try await Self.storedVersion(tenant, session)
      let rows = try await session.rows(
        """
        SELECT \(unescaped: PostgresRecords.selectList) FROM record
        WHERE tenant = \(tenant) AND merged_into IS NULL ORDER BY id
        """)
      return (version, try rows.map(PostgresRecords.decode))
    }
    await snapshotVersion.remember(version)
    return records
  }

  public func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision])
    async throws
  {
    try await commit(RunCommit(run: run, configText: configText, changed: changed, decisions: decisions))
  }

  /// Writes a run with its ledger activity in one transaction, refused when another write came
  /// between this handle's read and now. A run id already stored replaces that run and its
  /// decisions (the same config run twice in one second).
  public func commit(_ commit: RunCommit) async throws {
    let tenant = host
    let expected = await snapshotVersion.version
    let recordJSON = try PostgresRecords.json(commit.run)
    try await database.write(host: tenant) { session in
      let stored = try await Self.storedVersion(tenant, session)
      if let expected, stored != expected {
        throw PostgresStoreError.changedSinceRead(host: tenant, read: expected, stored: stored)
      }
      try await PostgresRecords.upsert(
        commit.changed, tenant: tenant, updatedAt: commit.run.startedAt, in: session)
      try await Self.upsertRun(
        commit.run, configText: commit.configText, recordJSON: recordJSON, tenant: tenant, in: session)
      try await Self.insertDecisions(commit.decisions, run: commit.run.id, tenant: tenant, in: session)
      try await PostgresLedgerRows.write(commit, tenant: tenant, in: session)
      try await Self.bumpVersion(tenant, session)
    }
  }

  /// Records a failed run; achievements are not touched. A failure never replaces a succeeded
  /// run of the same id: it is recorded beside it as `ID-2` (or the next free number).
  public func recordFailure(run: RunRecord, configText: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      var run = run
      let id = run.id
      var number = 1
      while try await session.exists(
        "SELECT 1 FROM run WHERE tenant = \(tenant) AND id = \(run.id) AND status = 'succeeded'")
      {
        number += 1
        run.id = "\(id)-\(number)"
      }
      try await Self.upsertRun(
        run, configText: configText, recordJSON: try PostgresRecords.json(run), tenant: tenant, in: session)
    }
  }

  private static func upsertRun(
    _ run: RunRecord, configText: String, recordJSON: String, tenant: String, in session: Session
  ) async throws {
    try await session.run("DELETE FROM decision WHERE tenant = \(tenant) AND run_id = \(run.id)")
    try await session.run(
      """
      INSERT INTO run (tenant, id, status, started_at, finished_at, config_file, config_text, record_json)
      VALUES (\(tenant), \(run.id), \(run.status), \(run.startedAt), \(run.finishedAt), \(run.config),
        \(configText), \(recordJSON))
      ON CONFLICT (tenant, id) DO UPDATE SET
        status = excluded.status, started_at = excluded.started_at, finished_at = excluded.finished_at,
        config_file = excluded.config_file, config_text = excluded.config_text, record_json = excluded.record_json,
        decision_count = 0
      """)
  }

  private static func insertDecisions(
    _ decisions: [StageDecision], run: String, tenant: String, in session: Session
  ) async throws {
    guard !decisions.isEmpty else { return }
    let rows: [[SQLValue]] = decisions.enumerated().map { index, item in
      [
        .text(tenant), .text(run), .int(item.position), .text(item.stage), .text(item.plugin),
        .text(item.decision.achievement.rawValue), .bool(item.decision.passed), .text(item.decision.rule),
        .real(item.decision.score), .text(item.decision.reason.zh), .text(item.decision.reason.en), .int(index),
      ]
    }
    try await session.insert(
      into: "decision",
      columns: [
        "tenant", "run_id", "position", "stage", "plugin", "achievement_id", "passed", "rule", "score", "reason_zh",
        "reason_en", "ordinal",
      ], rows: rows, key: { [$0[11]] })
    try await session.run(
      "UPDATE run SET decision_count = \(decisions.count) WHERE tenant = \(tenant) AND id = \(run)")
  }

  /// Copies `records` into the host's library (another store's records, merged ones with the
  /// record they are merged into), updating records of the same id, in one transaction that
  /// moves the library version on. Returns how many were written.
  @discardableResult
  public func importRecords(_ records: [(record: Achievement, mergedInto: AchievementID?)], at: String) async throws
    -> Int
  {
    let tenant = host
    let items = records.map { MergedRecord(record: $0.record, into: $0.mergedInto) }
    try await database.write(host: tenant) { session in
      try await PostgresRecords.upsert(items.map(\.record), tenant: tenant, updatedAt: at, in: session)
      let merged = items.filter { $0.into != nil }
      let ids = items.map(\.record.id.rawValue)
      try await session.run("UPDATE record SET merged_into = NULL WHERE tenant = \(tenant) AND id = ANY(\(ids))")
      if !merged.isEmpty {
        let sources = merged.map(\.record.id.rawValue)
        let targets = merged.map { $0.into?.rawValue ?? "" }
        try await session.run(
          """
          UPDATE record SET merged_into = m.target FROM unnest(\(sources)::text[], \(targets)::text[]) AS m(source, target)
          WHERE record.tenant = \(tenant) AND record.id = m.source
          """)
      }
      try await Self.bumpVersion(tenant, session)
    }
    return items.count
  }

  // MARK: Reading

  /// How many achievements the host's library holds (merged source records not counted).
  public func count() async throws -> Int {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT count(*) AS n FROM record WHERE tenant = \(tenant) AND merged_into IS NULL"
      ).first?.get("n", as: Int.self) ?? 0
    }
  }

  /// The achievement with `id`, if the host's library holds it.
  public func achievement(_ id: AchievementID) async throws -> Achievement? {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT \(unescaped: PostgresRecords.selectList) FROM record WHERE tenant = \(tenant) AND id = \(id.rawValue)
        """
      ).first.map(PostgresRecords.decode)
    }
  }

  /// Every recorded run of the host, newest first.
  public func runs() async throws -> [PostgresRunSummary] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT id, status, started_at, finished_at, config_file, record_json, decision_count FROM run
        WHERE tenant = \(tenant) ORDER BY started_at DESC, seq DESC
        """
      ).map(PostgresRunSummary.init(row:))
    }
  }

  /// The recorded run `id` of the host, `nil` when there is none.
  public func run(_ id: String) async throws -> PostgresRunSummary? {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT id, status, started_at, finished_at, config_file, record_json, decision_count FROM run
        WHERE tenant = \(tenant) AND id = \(id)
        """
      ).first.map(PostgresRunSummary.init(row:))
    }
  }

  /// The text of the config a run used.
  public func configText(ofRun id: String) async throws -> String? {
    let tenant = host
    return try await database.read { session in
      try await session.rows("SELECT config_text FROM run WHERE tenant = \(tenant) AND id = \(id)").first?.get(
        "config_text", as: String.self)
    }
  }

  /// Every screening decision on `id` in the run `run` (the newest succeeded run when `nil`),
  /// in funnel order.
  public func decisions(for id: AchievementID, run: String? = nil) async throws -> [StageDecision] {
    let tenant = host
    return try await database.read { session in
      let runID: String
      if let run {
        runID = run
      } else if let latest = try await session.rows(
        """
        SELECT id FROM run WHERE tenant = \(tenant) AND status = 'succeeded' ORDER BY started_at DESC, seq DESC LIMIT 1
        """
      ).first {
        runID = try latest.get("id")
      } else {
        return []
      }
      return try await session.rows(
        """
        SELECT position, stage, plugin, passed, rule, score, reason_zh, reason_en FROM decision
        WHERE tenant = \(tenant) AND run_id = \(runID) AND achievement_id = \(id.rawValue) ORDER BY position, ordinal
        """
      ).map { row in
        StageDecision(
          position: try row.get("position"), stage: try row.get("stage"), plugin: try row.get("plugin"),
          decision: ScreeningDecision(
            achievement: id, passed: try row.get("passed"), rule: try row.get("rule"), score: try row.get("score"),
            reason: LocalizedText(zh: try row.get("reason_zh"), en: try row.get("reason_en"))))
      }
    }
  }

  // MARK: Confidentiality reviews

  /// Records confidentiality reviews (保密审查): each record's status becomes the review's
  /// decision and the review is kept in its history, in one transaction that moves the library
  /// version on.
  ///
  /// - Throws: ``LedgerError/unknownAchievements(_:)`` naming every id the host's library lacks;
  ///   nothing is written then.
  public func recordClearance(
    _ reviews: [(id: AchievementID, review: ClearanceReview)], source: String, recordedAt: String
  ) async throws {
    let tenant = host
    let items = reviews.map { (id: $0.id, review: $0.review) }
    try await database.write(host: tenant) { session in
      let missing = try await PostgresRecords.missing(items.map(\.id), tenant: tenant, in: session)
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      for (id, review) in items {
        guard
          let row = try await session.rows(
            """
            SELECT \(unescaped: PostgresRecords.selectList) FROM record
            WHERE tenant = \(tenant) AND id = \(id.rawValue) FOR UPDATE
            """
          ).first
        else { throw LedgerError.unknownAchievements([id.rawValue]) }
        let record = try PostgresRecords.decode(row).reviewed(review)
        try await PostgresRecords.upsert([record], tenant: tenant, updatedAt: recordedAt, in: session)
        try await session.run(
          """
          INSERT INTO clearance_review (tenant, achievement_id, decision, reviewer, date, note, source, recorded_at)
          VALUES (\(tenant), \(id.rawValue), \(review.decision.rawValue), \(review.reviewer), \(review.date),
            \(review.note), \(source), \(recordedAt))
          """)
      }
      try await Self.bumpVersion(tenant, session)
    }
  }

  /// Every confidentiality review recorded for `id` (all when `nil`), oldest first.
  public func clearanceHistory(_ id: AchievementID? = nil) async throws -> [(
    id: AchievementID, review: ClearanceReview, source: String, recordedAt: String
  )] {
    let tenant = host
    let rows = try await database.read { session in
      try await session.rows(
        """
        SELECT achievement_id, decision, reviewer, date, note, source, recorded_at FROM clearance_review
        WHERE tenant = \(tenant) AND (\(id?.rawValue)::text IS NULL OR achievement_id = \(id?.rawValue)) ORDER BY seq
        """
      ).map { row in
        StoredClearance(
          id: AchievementID(try row.get("achievement_id", as: String.self)),
          review: ClearanceReview(
            decision: Confidentiality(rawValue: try row.get("decision")) ?? .pending,
            reviewer: try row.get("reviewer"), date: try row.get("date"), note: try row.get("note")),
          source: try row.get("source"), recordedAt: try row.get("recorded_at"))
      }
    }
    return rows.map { ($0.id, $0.review, $0.source, $0.recordedAt) }
  }
}

/// One recorded run, as the run history lists it.
public struct PostgresRunSummary: Sendable {
  /// Run id.
  public var id: String
  /// `succeeded` or `failed`.
  public var status: String
  /// Start, ISO 8601.
  public var startedAt: String
  /// End, ISO 8601.
  public var finishedAt: String
  /// The config file as the user named it.
  public var configFile: String
  /// How many decisions are kept for the run.
  public var decisionCount: Int
  /// The full stored record, when it can be read.
  public var record: RunRecord?

  init(row: PostgresRandomAccessRow) throws {
    id = try row.get("id")
    status = try row.get("status")
    startedAt = try row.get("started_at")
    finishedAt = try row.get("finished_at")
    configFile = try row.get("config_file")
    decisionCount = try row.get("decision_count")
    record = try? JSONDecoder().decode(RunRecord.self, from: Data(try row.get("record_json", as: String.self).utf8))
  }
}

/// The library version a handle last read, shared by the handle's copies.
private actor ReadVersion {
  private(set) var version: Int?

  func remember(_ version: Int) { self.version = version }
}

/// A stored confidentiality review.
private struct StoredClearance: Sendable {
  var id: AchievementID
  var review: ClearanceReview
  var source: String
  var recordedAt: String
}

/// Every host's records in one database, for a platform whose catalogue shows them all.
struct EveryHostCatalogue: CatalogueSource {
  let database: PostgresPool
  /// The serving host: its copy of a record is shown when it may be.
  let preferred: String

  func version() async throws -> Int {
    try await database.read { session in
      try await session.rows(
        """
        SELECT (coalesce((SELECT sum(version) FROM library_version), 0)
          + coalesce((SELECT sum(revision) FROM host_withholding), 0))::bigint AS version
        """
      ).first?.get("version", as: Int.self) ?? 0
    }
  }

  /// One copy of each record no host has merged, in id order: the serving host's, else the
  /// first host's by name.
  func achievements() async throws -> [Achievement] {
    try await copies().map(\.record)
  }

  /// The records released to the public, each through its own host's withholding besides
  /// `gate`'s (every field a host may withhold, for a host that has recorded none). A record
  /// that any host holds restricted is not shown; otherwise a cleared copy is, the serving
  /// host's first.
  func publicRecords(gate: PublicationGate) async throws -> [PublishedAchievement] {
    let withholding = try await database.read { session in
      try await session.rows("SELECT tenant, fields FROM host_withholding").map {
        (try $0.get("tenant", as: String.self), try $0.get("fields", as: [String].self))
      }
    }
    var gates: [String: PublicationGate] = [:]
    for (tenant, names) in withholding {
      gates[tenant] = PublicationGate(withholding: gate.withheld.union(names.compactMap(PublicationField.init)))
    }
    let strictest = PublicationGate(withholding: gate.withheld.union(PublicationField.allCases))
    var released: [PublishedAchievement] = []
    var index = 0
    let all = try await copies(all: true)
    while index < all.count {
      var end = index
      while end < all.count, all[end].record.id == all[index].record.id { end += 1 }
      let group = all[index..<end]
      index = end
      guard !group.contains(where: { $0.record.confidentiality == .restricted }),
        let shown = group.first(where: { $0.record.confidentiality == .cleared })
      else { continue }
      released += (gates[shown.tenant] ?? strictest).release([shown.record], to: .public).records
    }
    return released
  }

  /// The records no host has merged with the host holding each, by id then with the serving
  /// host first, then by host name; only the first copy of each id unless `all`.
  func copies(all: Bool = false) async throws -> [(tenant: String, record: Achievement)] {
    let preferred = preferred
    let rows = try await database.read { session in
      try await session.rows(
        """
        SELECT tenant, \(unescaped: PostgresRecords.selectList) FROM record WHERE merged_into IS NULL
        ORDER BY id, tenant <> \(preferred), tenant
        """
      ).map { (try $0.get("tenant", as: String.self), try PostgresRecords.decode($0)) }
    }
    guard !all else { return rows }
    var first: [(tenant: String, record: Achievement)] = []
    for row in rows where first.last?.record.id != row.1.id { first.append(row) }
    return first
  }
}
