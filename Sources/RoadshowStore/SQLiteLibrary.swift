import Foundation
import GRDB
import RoadshowKernel

/// The project library (项目库) kept in one embedded SQLite file.
///
/// A run reads the library once (``achievements()``) and writes once (``commit(_:)``) in a single
/// transaction, so an interrupted run leaves the file exactly as it was. By default
/// (``writesWhileRunning``) that transaction begins when intake ends: the records are written
/// while the run screens, the decisions while it reports, and the rest when it has finished. Every screening
/// decision is kept with its run, which answers the host's question "why was my project not
/// selected?" (``decisions(for:run:)``).
///
/// Runs that overlap are guarded by optimistic concurrency: the file keeps a library version that
/// every successful commit increments, a handle remembers the version its latest
/// ``achievements()`` saw, and a commit is refused (``LibraryError/changedSinceRead(path:read:stored:)``,
/// nothing written) when another run has committed in between. The check and the write happen in
/// one `IMMEDIATE` transaction, so they are atomic even across processes; a writer that waits
/// for the lock longer than the busy timeout gets ``LibraryError/busy(path:)``.
///
/// The value is cheap to copy: copies share one serialized connection to the file and the version
/// last read. A commit does not move that version on: a run reads before it commits.
public struct SQLiteLibrary: ProjectLibrary {
  /// The file, as opened.
  public let path: String
  private let database: DatabaseQueue
  /// The library version the latest ``achievements()`` read; `nil` until then.
  private let snapshot = SnapshotVersion()
  /// Whether the file still has the layout of before migration `v4-columns` (a read-only handle
  /// on a library an older Roadshow wrote): records as JSON documents, decisions in full.
  private let legacy: Bool
  /// Whether the file has the programme ledger's tables (migration `v5-ledger`); a read-only
  /// handle on an older library reads it without them.
  let hasLedger: Bool
  /// Whether a run can keep its decisions as another run's (migration `v10-shared-verdicts`); a
  /// read-only handle on an older library reads every run's own verdicts.
  private let sharedVerdicts: Bool
  /// Whether decisions are kept as one block per run and stage (migration `v12-verdict-blocks`);
  /// a read-only handle on an older library reads its verdict rows.
  private let verdictBlocks: Bool

  /// A test hook: when set, ``commit(run:configText:changed:decisions:)`` throws
  /// ``LibraryError/injectedFailure`` after writing this many achievements inside its
  /// transaction, which proves that an interrupted commit leaves nothing behind.
  package var failAfterWriting: Int?

  /// Roadshow's mark in a library's SQLite header (`PRAGMA application_id`): `RDSH`.
  public static let applicationID: Int32 = 0x5244_5348
  /// The newest schema this code reads and writes (`PRAGMA user_version`): its number of
  /// migrations. A library marked with a higher one was made by a newer Roadshow.
  public static var schemaVersion: Int { migrator.migrations.count }

  /// Opens the library at `path`, creating the file and its folder when needed, and brings its
  /// schema up to date.
  ///
  /// Only a Roadshow library is written to: a new or empty file becomes one, a library is
  /// marked with ``applicationID`` and its schema version, and a library written before that
  /// mark existed is recognised by its tables and adopted. Anything else is refused before it
  /// is touched.
  ///
  /// - Throws: ``LibraryError/cannotOpen(path:reason:)`` when the folder cannot be created or the
  ///   file is not a usable SQLite database; ``LibraryError/foreignDatabase(path:)`` for another
  ///   program's database; ``LibraryError/newerSchema(path:found:supported:)`` for a library made
  ///   by a newer Roadshow.
  public init(path: String) throws {
    try self.init(path: path, migratingUpTo: nil)
  }

  /// A test hook: opens the library at `path` like ``init(path:)`` but migrates it only up to
  /// `lastMigration` (all migrations when `nil`), to make a file as an older version wrote it.
  package init(path: String, migratingUpTo lastMigration: String?) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    _ = try Self.inspect(url, path: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      var configuration = Configuration()
      configuration.busyMode = .timeout(10)
      configuration.label = "RoadshowStore"
      // A run writes the library in one transaction: a page cache of 16 MB keeps most of a
      // national-scale commit in memory without holding the whole file there.
      configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -16384") }
      database = try DatabaseQueue(path: url.path, configuration: configuration)
      if let lastMigration {
        try Self.migrator.migrate(database, upTo: lastMigration)
      } else {
        try Self.migrator.migrate(database)
      }
      legacy = try database.read { db in try !db.tableExists("record") }
      hasLedger = try database.read { db in try db.tableExists("programme_event") }
      (sharedVerdicts, verdictBlocks) = try database.read { db in
        let applied = try Self.migrator.appliedIdentifiers(db)
        return (applied.contains(Self.sharedVerdictsMigration), applied.contains(Self.verdictBlocksMigration))
      }
      try database.write { db in
        let version = try Self.migrator.appliedIdentifiers(db).count
        if try Int32.fetchOne(db, sql: "PRAGMA application_id") != Self.applicationID {
          try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
        }
        if try Int.fetchOne(db, sql: "PRAGMA user_version") != version {
          try db.execute(sql: "PRAGMA user_version = \(version)")
        }
      }
    } catch {
      throw LibraryError.cannotOpen(path: path, reason: String(describing: error))
    }
  }

  /// What a file is, found without writing to it.
  private enum FileState {
    /// No file, an empty one, or a SQLite database without tables: it can become a library.
    case fresh
    /// A library marked with ``applicationID``, or one written before that mark (its tables).
    case library
  }

  /// Looks at the file at `url` before anything is written to it: its SQLite header (Roadshow's
  /// mark and schema version) and, for an unmarked database, its tables, read through a
  /// read-only connection.
  private static func inspect(_ url: URL, path: String) throws -> FileState {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return .fresh }
    let header: Data
    do {
      defer { try? handle.close() }
      header = try handle.read(upToCount: 100) ?? Data()
    } catch {
      throw LibraryError.cannotOpen(path: path, reason: String(describing: error))
    }
    if header.isEmpty { return .fresh }
    guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
      throw LibraryError.cannotOpen(path: path, reason: LibraryError.notADatabase)
    }
    func bigEndian(at offset: Int) -> UInt32 {
      header[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }
    let userVersion = Int(Int32(bitPattern: bigEndian(at: 60)))
    let application = Int32(bitPattern: bigEndian(at: 68))
    if application == applicationID {
      guard userVersion <= schemaVersion else {
        throw LibraryError.newerSchema(path: path, found: userVersion, supported: schemaVersion)
      }
      return .library
    }
    guard application == 0 else { throw LibraryError.foreignDatabase(path: path) }
    let tables: Set<String>
    let applied: [String]
    do {
      var configuration = Configuration()
      configuration.readonly = true
      configuration.label = "RoadshowStore (inspect)"
      let queue = try DatabaseQueue(path: url.path, configuration: configuration)
      defer { try? queue.close() }
      (tables, applied) = try queue.read { db in
        let tables = Set(
          try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        let applied =
          tables.contains("grdb_migrations")
          ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        return (tables, applied)
      }
    } catch {
      throw LibraryError.cannotOpen(path: path, reason: String(describing: error))
    }
    if tables.isEmpty { return .fresh }
    // A library written before the mark: today's tables and migrations.
    let layout: Set<String> =
      applied.contains(verdictBlocksMigration)
      ? ["record", "run", "verdict_block"]
      : applied.contains("v4-columns") ? ["record", "run", "verdict"] : ["achievement", "run", "decision"]
    guard tables.isSuperset(of: layout.union(["grdb_migrations"])), applied.contains("v1") else {
      throw LibraryError.foreignDatabase(path: path)
    }
    let known = Set(migrator.migrations)
    guard applied.allSatisfy(known.contains) else {
      throw LibraryError.newerSchema(path: path, found: applied.count, supported: schemaVersion)
    }
    return .library
  }

  /// Opens an existing library for reading only: never creates the file, never migrates, never
  /// writes. A library written before the latest migration can still be read.
  ///
  /// - Throws: ``LibraryError/missing(path:)`` when there is no file at `path`;
  ///   ``LibraryError/notALibrary(path:)`` when the file is empty or holds no project library;
  ///   ``LibraryError/cannotOpen(path:reason:)`` when it is not a readable SQLite database.
  public init(readingAt path: String) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
    else { throw LibraryError.missing(path: path) }
    // SQLite would take an empty file for an empty database; refuse it before SQLite sees it.
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
    guard size != 0 else { throw LibraryError.notALibrary(path: path) }
    guard try Self.inspect(url, path: path) == .library else { throw LibraryError.notALibrary(path: path) }
    let applied: Set<String>
    do {
      var configuration = Configuration()
      configuration.readonly = true
      configuration.busyMode = .timeout(10)
      configuration.label = "RoadshowStore (read-only)"
      database = try DatabaseQueue(path: url.path, configuration: configuration)
      applied = try database.read { db in try Self.migrator.appliedIdentifiers(db) }
    } catch {
      throw LibraryError.cannotOpen(path: path, reason: String(describing: error))
    }
    guard applied.contains("v1") else { throw LibraryError.notALibrary(path: path) }
    legacy = !applied.contains("v4-columns")
    hasLedger = applied.contains("v5-ledger")
    sharedVerdicts = applied.contains(Self.sharedVerdictsMigration)
    verdictBlocks = applied.contains(Self.verdictBlocksMigration)
  }

  /// The schema, one migration per version. Never edit a registered migration: add one.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE achievement (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            field TEXT,
            institution TEXT,
            trl INTEGER,
            province TEXT,
            region TEXT,
            json TEXT NOT NULL,
            updated_at TEXT NOT NULL
          );
          CREATE TABLE run (
            id TEXT PRIMARY KEY NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            config_file TEXT NOT NULL,
            config_text TEXT NOT NULL,
            record_json TEXT NOT NULL
          );
          CREATE TABLE decision (
            run_id TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            stage TEXT NOT NULL,
            plugin TEXT NOT NULL,
            achievement_id TEXT NOT NULL,
            passed INTEGER NOT NULL,
            rule TEXT NOT NULL,
            score REAL,
            reason_zh TEXT NOT NULL,
            reason_en TEXT NOT NULL
          );
          CREATE INDEX decision_on_achievement ON decision(achievement_id);
          CREATE INDEX decision_on_run ON decision(run_id, position);
          """)
    }
    // The library version, for optimistic concurrency: every successful commit increments it.
    migrator.registerMigration("v2-library-version") { db in
      try db.execute(
        sql: """
          CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
          ) WITHOUT ROWID;
          INSERT INTO meta (key, value) VALUES ('library_version', 0);
          """)
    }
    // Confidentiality reviews (保密审查记录): every review kept, never overwritten.
    migrator.registerMigration("v3-clearance-review") { db in
      try db.execute(
        sql: """
          CREATE TABLE clearance_review (
            achievement_id TEXT NOT NULL,
            decision TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            date TEXT NOT NULL,
            note TEXT,
            source TEXT NOT NULL,
            recorded_at TEXT NOT NULL
          );
          CREATE INDEX clearance_review_on_achievement ON clearance_review(achievement_id);
          """)
    }
    // Achievements as columns, decisions as compact verdicts (see RecordRows.migrate).
    migrator.registerMigration("v4-columns", migrate: RecordRows.migrate)
    // The programme ledger: events, pitches, participants, milestones, identity links.
    migrator.registerMigration("v5-ledger", migrate: LedgerRows.migrate)
    migrator.registerMigration("v6-reviews", migrate: ReviewRows.migrate)
    // The work platform: accounts and who submitted what.
    migrator.registerMigration("v7-users", migrate: PlatformRows.migrate)
    // A review round may be an event's on-site review (现场评议).
    migrator.registerMigration("v8-onsite-review", migrate: ReviewRows.migrateOnsite)
    // The work platform: notices, event registrations, interest responses.
    migrator.registerMigration("v9-engagement", migrate: EngagementRows.migrate)
    // A run whose decisions are those of an earlier run (a re-run on unchanged data) keeps them
    // as that run's verdict rows instead of writing them again (see `insertVerdicts`).
    migrator.registerMigration(sharedVerdictsMigration) { db in
      try db.execute(
        sql: """
          ALTER TABLE run ADD COLUMN verdicts_of INTEGER;
          ALTER TABLE run ADD COLUMN verdict_digest TEXT;
          CREATE INDEX run_on_verdict_digest ON run(verdict_digest) WHERE verdict_digest IS NOT NULL;
          """)
    }
    // The work platform's signed-in sessions, kept across restarts.
    migrator.registerMigration("v11-sessions", migrate: PlatformRows.migrateSessions)
    // A run's decisions at each stage as one block, not a row per decision (see VerdictBlock).
    migrator.registerMigration(verdictBlocksMigration, migrate: migrateToVerdictBlocks)
    return migrator
  }

  /// The migration that lets runs share verdict rows.
  static let sharedVerdictsMigration = "v10-shared-verdicts"
  /// The migration that keeps decisions as blocks.
  static let verdictBlocksMigration = "v12-verdict-blocks"

  /// Migration `v12-verdict-blocks`: every run's verdict rows become one block per stage, in the
  /// order they were written, and each run's digest is taken again over its blocks.
  private static func migrateToVerdictBlocks(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE verdict_block (
          run_key INTEGER NOT NULL,
          position INTEGER NOT NULL,
          decisions INTEGER NOT NULL,
          reasons BLOB NOT NULL,
          entries BLOB NOT NULL,
          PRIMARY KEY (run_key, position)
        );
        """)
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT v.run_key, v.position, record.id, v.passed, v.score, reason.rule, reason.zh, reason.en
        FROM verdict v
        JOIN record ON record.key = v.record_key
        JOIN reason ON reason.key = v.reason_key
        ORDER BY v.run_key, v.position, v.rowid
        """)
    var current: (runKey: Int64, builder: VerdictBlock.Builder)?
    while let row = try rows.next() {
      let runKey: Int64 = row[0]
      let position: Int = row[1]
      if let open = current, open.runKey != runKey || open.builder.position != position {
        try insert(open.builder.block, runKey: open.runKey, in: db)
        current = nil
      }
      if current == nil { current = (runKey, VerdictBlock.Builder(position: position)) }
      current?.builder.add(
        id: row[2], passed: row[3], score: row[4], rule: row[5], zh: row[6], en: row[7])
    }
    if let open = current { try insert(open.builder.block, runKey: open.runKey, in: db) }
    try db.execute(
      sql: """
        DROP TABLE verdict;
        DROP TABLE reason;
        UPDATE run SET verdict_digest = NULL;
        """)
    let owners = try Row.fetchAll(
      db, sql: "SELECT rowid, id FROM run WHERE verdicts_of IS NULL AND rowid IN (SELECT run_key FROM verdict_block)")
    for owner in owners {
      let runKey: Int64 = owner[0]
      let runID: String = owner[1]
      let blocks = try fetchBlocks(runKey: runKey, in: db)
      let digest = VerdictDigest.of(blocks, stages: try stageNames(ofRun: runID, in: db))
      try db.execute(sql: "UPDATE run SET verdict_digest = ? WHERE rowid = ?", arguments: [digest, runKey])
      try db.execute(sql: "UPDATE run SET verdict_digest = ? WHERE verdicts_of = ?", arguments: [digest, runKey])
    }
  }

  /// Writes one of a run's verdict blocks.
  private static func insert(_ block: VerdictBlock, runKey: Int64, in db: Database) throws {
    let statement = try BulkStatement(
      db, sql: "INSERT INTO verdict_block (run_key, position, decisions, reasons, entries) VALUES (?, ?, ?, ?, ?)")
    statement.bind(1, runKey)
    statement.bind(2, block.position)
    statement.bind(3, block.count)
    try statement.execute(binding: block.reasons, to: 4, and: block.entries, to: 5)
  }

  /// A run's verdict blocks, by position.
  private static func fetchBlocks(runKey: Int64, in db: Database) throws -> [VerdictBlock] {
    try Row.fetchAll(
      db, sql: "SELECT position, decisions, reasons, entries FROM verdict_block WHERE run_key = ? ORDER BY position",
      arguments: [runKey]
    ).map { row in
      let reasons: Data = try row.decode(Data.self, atIndex: 2)
      let entries: Data = try row.decode(Data.self, atIndex: 3)
      return VerdictBlock(
        position: try row.decode(Int.self, atIndex: 0), count: try row.decode(Int.self, atIndex: 1),
        reasons: [UInt8](reasons), entries: [UInt8](entries))
    }
  }

  /// A run's stage and plugin names, by position.
  private static func stageNames(ofRun runID: String, in db: Database) throws -> [Int: (stage: String, plugin: String)]
  {
    var names: [Int: (stage: String, plugin: String)] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT position, stage, plugin FROM run_stage WHERE run_id = ?", arguments: [runID])
    {
      names[row[0]] = (row[1], row[2])
    }
    return names
  }

  /// Records confidentiality reviews (保密审查): each record's status becomes the review's
  /// decision and the review is kept in its history, all in one transaction that moves the library
  /// version on (a run that read the library before is then refused, not silently overwritten).
  ///
  /// - Parameters:
  ///   - reviews: the reviews, by achievement id; every id must be in the library.
  ///   - source: where they came from (`command line`, the CSV file's name).
  ///   - recordedAt: when, ISO 8601.
  /// - Throws: ``LibraryError/unknownAchievements(path:ids:)`` naming every id the library lacks;
  ///   nothing is written then.
  public func recordClearance(
    _ reviews: [(id: AchievementID, review: ClearanceReview)], source: String, recordedAt: String
  ) async throws {
    let path = path
    try await database.write { db in
      var missing: [String] = []
      var updated: [Achievement] = []
      for (id, review) in reviews {
        guard
          let row = try Row.fetchOne(
            db, sql: "SELECT \(RecordRows.selectList) FROM record WHERE id = ?", arguments: [id.rawValue])
        else {
          missing.append(id.rawValue)
          continue
        }
        updated.append(try RecordRows.decode(row).reviewed(review))
      }
      guard missing.isEmpty else { throw LibraryError.unknownAchievements(path: path, ids: missing) }
      let upsert = try db.makeStatement(sql: RecordRows.upsertSQL)
      for (record, (_, review)) in zip(updated, reviews) {
        try upsert.execute(arguments: try RecordRows.arguments(record, updatedAt: recordedAt))
        try db.execute(
          sql: """
            INSERT INTO clearance_review (achievement_id, decision, reviewer, date, note, source, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            record.id.rawValue, review.decision.rawValue, review.reviewer, review.date, review.note, source, recordedAt,
          ])
      }
      try db.execute(
        sql: """
          INSERT INTO meta (key, value) VALUES ('library_version', ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value
          """, arguments: [try Self.storedVersion(db) + 1])
    }
  }

  /// Every confidentiality review recorded for `id`, oldest first (all reviews when `id` is `nil`).
  public func clearanceHistory(_ id: AchievementID? = nil) async throws -> [(
    id: AchievementID, review: ClearanceReview, source: String, recordedAt: String
  )] {
    try await database.read { db in
      let hasTable = try db.tableExists("clearance_review")
      guard hasTable else { return [] }
      let rows =
        try id.map {
          try Row.fetchAll(
            db, sql: "SELECT * FROM clearance_review WHERE achievement_id = ? ORDER BY rowid", arguments: [$0.rawValue])
        } ?? Row.fetchAll(db, sql: "SELECT * FROM clearance_review ORDER BY rowid")
      return rows.map { row in
        let decision: String = row["decision"]
        return (
          AchievementID(row["achievement_id"] as String),
          ClearanceReview(
            decision: Confidentiality(rawValue: decision) ?? .pending, reviewer: row["reviewer"], date: row["date"],
            note: row["note"]),
          row["source"], row["recorded_at"]
        )
      }
    }
  }

  // MARK: ProjectLibrary

  /// Every achievement, in id order, read in one transaction with the library version, which
  /// this handle (and its copies) remembers for the next ``commit(run:configText:changed:decisions:)``.
  public func achievements() async throws -> [Achievement] {
    let legacy = legacy
    let canonical = hasLedger ? " WHERE merged_into IS NULL" : ""
    let (version, records) = try await database.read { db in
      let version = try Self.storedVersion(db)
      var records: [Achievement] = []
      if legacy {
        let rows = try Row.fetchAll(db, sql: "SELECT id, json FROM achievement ORDER BY id")
        records = try rows.map { row in try Self.decodeLegacy(row) }
      } else {
        records.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0)
        let rows = try Row.fetchCursor(
          db, sql: "SELECT \(RecordRows.selectList) FROM record\(canonical) ORDER BY id")
        while let row = try rows.next() { records.append(try RecordRows.decode(row)) }
      }
      return (version, records)
    }
    await snapshot.remember(version)
    return records
  }

  /// Upserts `changed` (by id: re-committing the same records never duplicates them), then
  /// records the run and its decisions and increments the library version, in one write
  /// transaction.
  ///
  /// When this handle has read the library (``achievements()``), the commit is refused with
  /// ``LibraryError/changedSinceRead(path:read:stored:)`` if another commit has changed the
  /// library since that read: nothing is written. Without a prior read the commit is not checked.
  ///
  /// A run id that is already stored (the same config run twice in one second) replaces the
  /// earlier run and its decisions.
  public func commit(
    run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]
  ) async throws {
    try await commit(RunCommit(run: run, configText: configText, changed: changed, decisions: decisions))
  }

  /// Writes a run with its ledger activity — the records, the run and its decisions, the event
  /// with its pitches, participants and responses, the source records merged and their links —
  /// in one transaction, refused like ``commit(run:configText:changed:decisions:)`` when another
  /// commit came between this handle's read and now.
  public func commit(_ commit: RunCommit) async throws {
    let hasSharedVerdicts = sharedVerdicts
    let failAfter = failAfterWriting
    let expected = await snapshot.version
    let path = path
    // `write` opens an IMMEDIATE transaction: no other writer can slip in between the check and
    // the write, in this process or another.
    do {
      try await writeCommit(commit, hasSharedVerdicts: hasSharedVerdicts, failAfter: failAfter, expected: expected)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
      throw LibraryError.busy(path: path)
    }
  }

  /// The transaction of ``commit(_:)``.
  private func writeCommit(_ commit: RunCommit, hasSharedVerdicts: Bool, failAfter: Int?, expected: Int?)
    async throws
  {
    let hasLedger = hasLedger
    let path = path
    try await database.write { db in
      let stored = try Self.storedVersion(db)
      if let expected, stored != expected {
        throw LibraryError.changedSinceRead(path: path, read: expected, stored: stored)
      }
      let bulkUpsert = try BulkStatement(db, sql: RecordRows.upsertSQL)
      // A record's `updated_at` is the start of the run that wrote it: known from the start, so
      // a commit begun early (`remainder`) writes its records as the run goes on.
      var written = 0
      func write(_ records: [Achievement], updatedAt: String) throws {
        for achievement in records {
          if let failAfter, written == failAfter { throw LibraryError.injectedFailure(written: written) }
          try RecordRows.bind(achievement, updatedAt: updatedAt, to: bulkUpsert)
          try bulkUpsert.execute()
          written += 1
        }
      }
      try write(commit.changed, updatedAt: commit.run.startedAt)
      if let take = commit.takeChanged { try write(take(), updatedAt: commit.run.startedAt) }
      // The decisions, as soon as screening ends: stored while the run writes its reports, under
      // the run's row (recorded as running, completed below).
      var early: (runID: String, key: Int64, count: Int)?
      if let screened = commit.decisionsWhenScreened {
        let decisions = try screened()
        let run = commit.run
        let key = try Self.upsertRun(run, configText: commit.configText, recordJSON: try Self.encode(run), in: db)
        try Self.insertVerdicts(decisions, run: run.id, runKey: key, shared: hasSharedVerdicts, in: db)
        early = (run.id, key, decisions.count)
      }
      var commit = commit
      if let remainder = commit.remainder {
        commit = try remainder()
        try write(commit.changed, updatedAt: commit.run.startedAt)
      }
      if let failAfter, written == failAfter { throw LibraryError.injectedFailure(written: failAfter) }
      let run = commit.run
      let recordJSON = try Self.encode(run)
      if let early {
        // The decisions stored early are the run's: the runner adds none after its funnel.
        guard early.runID == run.id, early.count == commit.decisions.count else {
          throw LibraryError.corruptRecord(
            id: run.id,
            reason: "the run's decisions changed after they were stored (\(early.count) then \(commit.decisions.count))"
          )
        }
        try Self.completeRun(run, configText: commit.configText, recordJSON: recordJSON, key: early.key, in: db)
      } else {
        let runKey = try Self.upsertRun(run, configText: commit.configText, recordJSON: recordJSON, in: db)
        try Self.insertVerdicts(commit.decisions, run: run.id, runKey: runKey, shared: hasSharedVerdicts, in: db)
      }
      if hasLedger {
        try LedgerRows.write(commit, in: db)
      } else {
        let upsert = try db.makeStatement(sql: RecordRows.upsertSQL)
        for item in commit.merged {
          try upsert.execute(arguments: try RecordRows.arguments(item.record, updatedAt: run.startedAt))
        }
      }
      try db.execute(
        sql: """
          INSERT INTO meta (key, value) VALUES ('library_version', ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value
          """, arguments: [stored + 1])
      // Everything is written: the transaction commits only when the gate (the output folder
      // staged meanwhile) lets it.
      try commit.gate?()
    }
  }

  /// Whether ``commit(_:)`` writes the commit's records, then waits in its transaction for the
  /// run's decisions and the rest of the run (``RunCommit/remainder``): `true` unless set
  /// otherwise. The library's write lock is then held from the end of intake to the commit, so
  /// other writers (the work platform's sign-ins and submissions, commands) wait for the run;
  /// `false` holds it for the final commit only.
  public var writesWhileRunning = true

  /// `true`: ``commit(_:)`` calls the commit's gate inside its transaction.
  public var waitsForGate: Bool { true }

  /// Keeps `decisions` compactly: each stage's name and plugin once per run, and each stage's
  /// decisions as one block (its distinct reasons once, a short entry per decision; see
  /// ``VerdictBlock``). When `shared` and an earlier run kept exactly these decisions (same
  /// digest, same count), the run points at that run's blocks (`run.verdicts_of`) and writes
  /// none: a re-run on unchanged data adds a run row, not a block per stage.
  private static func insertVerdicts(
    _ decisions: [StageDecision], run: String, runKey: Int64, shared: Bool, in db: Database
  ) throws {
    var stages: [Int: (stage: String, plugin: String)] = [:]
    for item in decisions where stages[item.position] == nil { stages[item.position] = (item.stage, item.plugin) }
    let stage = try db.makeStatement(
      sql: "INSERT OR REPLACE INTO run_stage (run_id, position, stage, plugin) VALUES (?, ?, ?, ?)")
    for (position, names) in stages.sorted(by: { $0.key < $1.key }) {
      try stage.execute(arguments: [run, position, names.stage, names.plugin])
    }
    let blocks = VerdictBlock.blocks(of: decisions)
    if shared {
      let digest = VerdictDigest.of(blocks, stages: stages)
      if !decisions.isEmpty,
        let earlier = try Int64.fetchOne(
          db,
          sql: """
            SELECT rowid FROM run
            WHERE verdict_digest = ? AND verdicts_of IS NULL AND decision_count = ? AND rowid != ?
            ORDER BY rowid DESC LIMIT 1
            """, arguments: [digest, decisions.count, runKey])
      {
        try db.execute(
          sql: "UPDATE run SET verdicts_of = ?, verdict_digest = ?, decision_count = ? WHERE rowid = ?",
          arguments: [earlier, digest, decisions.count, runKey])
        return
      }
      try db.execute(
        sql: "UPDATE run SET verdicts_of = NULL, verdict_digest = ? WHERE rowid = ?", arguments: [digest, runKey])
    }
    for block in blocks { try insert(block, runKey: runKey, in: db) }
    try db.execute(
      sql: "UPDATE run SET decision_count = ? WHERE rowid = ?", arguments: [decisions.count, runKey])
  }

  /// Records a failed run (with its config text and error); achievements are not touched.
  ///
  /// Two runs of the same config started in the same second share a run id. A failure never
  /// replaces a succeeded run of that id (nor its decisions): it is recorded beside it, as
  /// `ID-2` (or the next free number).
  public func recordFailure(run: RunRecord, configText: String) async throws {
    try await database.write { db in
      var run = run
      let id = run.id
      var number = 1
      while try String.fetchOne(db, sql: "SELECT status FROM run WHERE id = ?", arguments: [run.id]) == "succeeded" {
        number += 1
        run.id = "\(id)-\(number)"
      }
      _ = try Self.upsertRun(run, configText: configText, recordJSON: try Self.encode(run), in: db)
    }
  }

  // MARK: Reading for the command line

  /// The library version: how many commits have changed the library since the version was
  /// introduced (0 for a library written before it).
  public func version() async throws -> Int {
    try await database.read { db in try Self.storedVersion(db) }
  }

  /// How many achievements the library holds.
  public func count() async throws -> Int {
    let table = legacy ? "achievement" : hasLedger ? "record WHERE merged_into IS NULL" : "record"
    return try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
  }

  /// The achievement with `id`, if the library holds it.
  public func achievement(_ id: AchievementID) async throws -> Achievement? {
    let legacy = legacy
    return try await database.read { db in
      if legacy {
        return try Row.fetchOne(db, sql: "SELECT id, json FROM achievement WHERE id = ?", arguments: [id.rawValue])
          .map { try Self.decodeLegacy($0) }
      }
      return try Row.fetchOne(
        db, sql: "SELECT \(RecordRows.selectList) FROM record WHERE id = ?", arguments: [id.rawValue]
      ).map(RecordRows.decode)
    }
  }

  /// Every identity in the library, in order (for "did you mean" on a mistyped id).
  public func ids() async throws -> [AchievementID] {
    let legacy = legacy
    return try await database.read { db in
      try String.fetchAll(db, sql: "SELECT id FROM \(legacy ? "achievement" : "record") ORDER BY id").map(
        AchievementID.init)
    }
  }

  /// Every recorded run, newest first.
  public func runs() async throws -> [RunSummary] {
    let count =
      legacy ? "(SELECT COUNT(*) FROM decision WHERE decision.run_id = run.id)" : "run.decision_count"
    return try await database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, status, started_at, finished_at, config_file, record_json, \(count) AS decision_count
          FROM run ORDER BY started_at DESC, rowid DESC
          """
      ).map(RunSummary.init(row:))
    }
  }

  /// The newest run with status `succeeded`, if any.
  public func latestSucceededRun() async throws -> RunSummary? {
    try await runs().first { $0.status == "succeeded" }
  }

  /// The run with `id`, if recorded.
  public func run(_ id: String) async throws -> RunSummary? {
    try await runs().first { $0.id == id }
  }

  /// The text of the config a run used, as it was when the run started.
  public func configText(ofRun id: String) async throws -> String? {
    try await database.read { db in
      try String.fetchOne(db, sql: "SELECT config_text FROM run WHERE id = ?", arguments: [id])
    }
  }

  /// Every screening decision on `id`, in funnel order: in the run `run`, or in the newest
  /// succeeded run when `run` is `nil`. Empty when there is no such run or the record was not
  /// screened in it.
  public func decisions(for id: AchievementID, run: String? = nil) async throws -> [StageDecision] {
    let runID: String
    if let run {
      runID = run
    } else if let latest = try await latestSucceededRun() {
      runID = latest.id
    } else {
      return []
    }
    if verdictBlocks {
      return try await database.read { db in
        guard
          let owner = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(verdicts_of, rowid) FROM run WHERE id = ?", arguments: [runID])
        else { return [] }
        let stages = try Self.stageNames(ofRun: runID, in: db)
        var found: [StageDecision] = []
        for block in try Self.fetchBlocks(runKey: owner, in: db) {
          guard let names = stages[block.position] else { continue }
          for entry in try block.entries(for: id.rawValue) {
            found.append(
              StageDecision(
                position: block.position, stage: names.stage, plugin: names.plugin,
                decision: ScreeningDecision(
                  achievement: id, passed: entry.passed, rule: entry.rule, score: entry.score,
                  reason: LocalizedText(zh: entry.zh, en: entry.en))))
          }
        }
        return found
      }
    }
    let sql =
      legacy
      ? """
      SELECT position, stage, plugin, achievement_id, passed, rule, score, reason_zh, reason_en
      FROM decision WHERE run_id = ? AND achievement_id = ? ORDER BY position
      """
      : """
      SELECT v.position, s.stage, s.plugin, ? AS achievement_id, v.passed, r.rule, v.score, r.zh AS reason_zh,
        r.en AS reason_en
      FROM run
      JOIN verdict v ON v.run_key = \(sharedVerdicts ? "COALESCE(run.verdicts_of, run.rowid)" : "run.rowid")
      JOIN run_stage s ON s.run_id = run.id AND s.position = v.position
      JOIN reason r ON r.key = v.reason_key
      WHERE v.record_key = (SELECT key FROM record WHERE id = ?) AND run.id = ?
      ORDER BY v.position
      """
    let arguments: StatementArguments = legacy ? [runID, id.rawValue] : [id.rawValue, id.rawValue, runID]
    return try await database.read { db in
      try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.decodeDecision)
    }
  }

  /// Runs `body` in one read transaction (the ledger's queries).
  func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
    try await database.read(body)
  }

  /// Runs `body` in one write transaction (the ledger's writes).
  func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
    try await database.write(body)
  }

  /// Moves the library version on (a change that a run in flight must not overwrite).
  static func bumpVersion(_ db: Database) throws {
    try db.execute(
      sql:
        "INSERT INTO meta (key, value) VALUES ('library_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      arguments: [try storedVersion(db) + 1])
  }

  /// A test hook: runs `sql` (statements separated by `;`) in one write transaction.
  package func execute(sql: String) async throws {
    try await database.write { db in try db.execute(sql: sql) }
  }

  // MARK: Encoding

  /// The stored library version; 0 when the file predates it (a read-only handle on a library
  /// written before migration `v2-library-version`).
  static func storedVersion(_ db: Database) throws -> Int {
    guard try db.tableExists("meta") else { return 0 }
    return try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'library_version'") ?? 0
  }

  /// Stores the run (replacing a run of the same id and its decisions) and returns its key.
  @discardableResult
  private static func upsertRun(_ run: RunRecord, configText: String, recordJSON: String, in db: Database) throws
    -> Int64
  {
    if let earlier = try Int64.fetchOne(db, sql: "SELECT rowid FROM run WHERE id = ?", arguments: [run.id]) {
      // Runs that kept their decisions as this run's rows take the rows over first: the newest
      // of them owns them, the others point at it.
      if try db.columns(in: "run").contains(where: { $0.name == "verdicts_of" }),
        let heir = try Int64.fetchOne(
          db, sql: "SELECT rowid FROM run WHERE verdicts_of = ? ORDER BY rowid DESC LIMIT 1", arguments: [earlier])
      {
        try db.execute(sql: "UPDATE verdict_block SET run_key = ? WHERE run_key = ?", arguments: [heir, earlier])
        try db.execute(
          sql: "UPDATE run SET verdicts_of = ? WHERE verdicts_of = ? AND rowid != ?", arguments: [heir, earlier, heir])
        try db.execute(sql: "UPDATE run SET verdicts_of = NULL WHERE rowid = ?", arguments: [heir])
        try db.execute(sql: "UPDATE run SET verdict_digest = NULL WHERE rowid = ?", arguments: [earlier])
      }
      try db.execute(sql: "DELETE FROM verdict_block WHERE run_key = ?", arguments: [earlier])
      try db.execute(sql: "DELETE FROM run_stage WHERE run_id = ?", arguments: [run.id])
    }
    try db.execute(
      sql: """
        INSERT INTO run (id, status, started_at, finished_at, config_file, config_text, record_json)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET
          status = excluded.status, started_at = excluded.started_at, finished_at = excluded.finished_at,
          config_file = excluded.config_file, config_text = excluded.config_text,
          record_json = excluded.record_json
        """,
      arguments: [run.id, run.status, run.startedAt, run.finishedAt, run.config, configText, recordJSON])
    return try Int64.fetchOne(db, sql: "SELECT rowid FROM run WHERE id = ?", arguments: [run.id]) ?? 0
  }

  /// Brings the row of a run stored while it went on (its decisions with it) to the run as it
  /// finished.
  private static func completeRun(
    _ run: RunRecord, configText: String, recordJSON: String, key: Int64, in db: Database
  ) throws {
    try db.execute(
      sql: """
        UPDATE run SET status = ?, started_at = ?, finished_at = ?, config_file = ?, config_text = ?, record_json = ?
        WHERE rowid = ?
        """,
      arguments: [run.status, run.startedAt, run.finishedAt, run.config, configText, recordJSON, key])
  }

  static func encode(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// A record as versions before `v4-columns` stored it: one JSON document.
  private static func decodeLegacy(_ row: Row) throws -> Achievement {
    let id: String = row["id"]
    let json: String = row["json"]
    do {
      return try JSONDecoder().decode(Achievement.self, from: Data(json.utf8))
    } catch {
      throw LibraryError.corruptRecord(id: id, reason: String(describing: error))
    }
  }

  /// A decision of a verdict row (libraries before `v12-verdict-blocks`, read only) or of the
  /// JSON layout.
  private static func decodeDecision(_ row: Row) throws -> StageDecision {
    StageDecision(
      position: try row.decode(Int.self, forColumn: "position"), stage: try row.decode(String.self, forColumn: "stage"),
      plugin: try row.decode(String.self, forColumn: "plugin"),
      decision: ScreeningDecision(
        achievement: AchievementID(try row.decode(String.self, forColumn: "achievement_id")),
        passed: try row.decode(Bool.self, forColumn: "passed"), rule: try row.decode(String.self, forColumn: "rule"),
        score: try row.decode(Double?.self, forColumn: "score"),
        reason: LocalizedText(
          zh: try row.decode(String.self, forColumn: "reason_zh"),
          en: try row.decode(String.self, forColumn: "reason_en"))))
  }
}

/// A problem with the library file itself.
public enum LibraryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file or its folder cannot be created or opened as a project library.
  case cannotOpen(path: String, reason: String)
  /// A stored record cannot be read back.
  case corruptRecord(id: String, reason: String)
  /// The test hook ``SQLiteLibrary/failAfterWriting`` fired after `written` achievements.
  case injectedFailure(written: Int)
  /// Another run committed to the library after this run read it (at version `read`; the file is
  /// now at `stored`). The commit wrote nothing.
  case changedSinceRead(path: String, read: Int, stored: Int)
  /// There is no file at `path` (reading never creates one).
  case missing(path: String)
  /// The file at `path` is empty or holds no project library (reading never creates one).
  case notALibrary(path: String)
  /// Records named for a confidentiality review are not in the library; nothing was written.
  case unknownAchievements(path: String, ids: [String])
  /// The file at `path` is another program's SQLite database (it has tables and no Roadshow
  /// mark); it was left untouched.
  case foreignDatabase(path: String)
  /// The library at `path` was made by a newer Roadshow: its schema is `found`, this one reads
  /// up to `supported`. It was left untouched.
  case newerSchema(path: String, found: Int, supported: Int)
  /// Another process (another run, the work platform, a command) held the library's write lock
  /// for longer than the busy timeout. Nothing was written.
  case busy(path: String)

  /// The reason of ``cannotOpen(path:reason:)`` for a file that is not a SQLite database.
  public static let notADatabase = "not a SQLite database"

  /// The problem in `locale`.
  public func message(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .cannotOpen(let path, Self.notADatabase):
      return zh
        ? "无法打开项目库 \(path)：该文件不是 SQLite 数据库；未作任何改动"
        : "cannot open the project library \(path): \(Self.notADatabase); it was left untouched"
    case .cannotOpen(let path, let reason):
      return zh ? "无法打开项目库 \(path)：\(reason)" : "cannot open the project library \(path): \(reason)"
    case .corruptRecord(let id, let reason):
      return zh ? "项目库中的记录 \(id) 无法读取：\(reason)" : "record \(id) in the project library cannot be read: \(reason)"
    case .injectedFailure(let written):
      return zh ? "测试注入的故障（已写入 \(written) 条）" : "injected failure after \(written) records"
    case .changedSinceRead(let path, let read, let stored):
      return zh
        ? "项目库 \(path) 在本次运行读取之后已被另一次运行修改（读取时版本 \(read)，现为 \(stored)）；本次运行的结果均未写入，请重新运行。"
        : "the project library \(path) was changed by another run since this run read it (version \(read) when read, now \(stored)); none of this run's results were written: run again."
    case .missing(let path):
      return zh ? "找不到项目库 \(path)" : "no project library at \(path)"
    case .notALibrary(let path):
      return zh
        ? "\(path) 不是项目库（文件为空，或其中没有项目库的表）；只读打开不会创建或改动它"
        : "\(path) is not a project library (the file is empty or holds no library tables); opening it for reading creates nothing"
    case .unknownAchievements(let path, let ids):
      let list = ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? " …" : "")
      return zh
        ? "项目库 \(path) 中没有这些成果：\(list)；未记录任何审查结果"
        : "the project library \(path) has no such records: \(list); no review was recorded"
    case .foreignDatabase(let path):
      return zh
        ? "\(path) 是别的程序的 SQLite 数据库，不是 Roadshow 项目库；未作任何改动。请另选一个文件（--db 文件）"
        : "\(path) is another program's SQLite database, not a Roadshow project library; it was left untouched. Choose another file (--db FILE)"
    case .newerSchema(let path, let found, let supported):
      return zh
        ? "项目库 \(path) 由更新版本的 Roadshow 创建（结构版本 \(found)，本版本最高可读 \(supported)）；未作任何改动，请升级 Roadshow"
        : "the project library \(path) was made by a newer Roadshow (schema \(found), this one reads up to \(supported)); it was left untouched: upgrade Roadshow"
    case .busy(let path):
      return zh
        ? "项目库 \(path) 正被另一个进程写入（另一次运行、工作平台或其他命令），等待超时；本次结果均未写入，请在其结束后重试"
        : "the project library \(path) is being written by another process (another run, the work platform or a command) and the wait timed out; none of this run's results were written: try again when it is done"
    }
  }

  public var description: String { message(.en) }
}

/// The library version a handle last read, shared by the handle's copies.
private actor SnapshotVersion {
  /// The version, `nil` before the first read.
  private(set) var version: Int?

  /// Remembers `version` as the one the latest read saw.
  func remember(_ version: Int) { self.version = version }
}
