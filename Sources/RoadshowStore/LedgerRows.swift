import Foundation
import GRDB
import RoadshowKernel

/// The programme ledger's tables. Events are keyed by their ledger key and point at the run that
/// recorded them last; what a run brought (pitches, participants, responses, demands) is kept
/// per run, so re-running an event never overwrites the earlier run's rows. Milestones are
/// append-only; identity links are undone by marking them, never deleted.
enum LedgerRows {
  /// Migration `v5-ledger`.
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE record ADD COLUMN merged_into TEXT;
        CREATE INDEX record_on_merged_into ON record(merged_into) WHERE merged_into IS NOT NULL;
        CREATE TABLE host (
          name TEXT PRIMARY KEY NOT NULL,
          level TEXT,
          parent TEXT,
          province TEXT,
          updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE programme_event (
          key TEXT PRIMARY KEY NOT NULL,
          programme TEXT NOT NULL,
          series TEXT NOT NULL,
          year INTEGER,
          host TEXT NOT NULL,
          date TEXT,
          run_id TEXT NOT NULL,
          formats TEXT NOT NULL,
          online INTEGER NOT NULL,
          meetings INTEGER NOT NULL,
          collected INTEGER NOT NULL,
          screened INTEGER NOT NULL,
          checkpoints TEXT NOT NULL,
          recorded_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE pitch (
          run_id TEXT NOT NULL,
          event_key TEXT NOT NULL,
          achievement_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (run_id, achievement_id)
        ) WITHOUT ROWID;
        CREATE INDEX pitch_on_achievement ON pitch(achievement_id);
        CREATE TABLE event_participant (
          run_id TEXT NOT NULL,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          attended INTEGER,
          attendance_recorded_at TEXT,
          attendance_recorded_by TEXT,
          PRIMARY KEY (run_id, role, name)
        ) WITHOUT ROWID;
        CREATE TABLE interest_response (
          run_id TEXT NOT NULL,
          enterprise TEXT NOT NULL,
          achievement_id TEXT NOT NULL,
          level TEXT NOT NULL,
          comment TEXT,
          PRIMARY KEY (run_id, achievement_id, enterprise)
        ) WITHOUT ROWID;
        CREATE TABLE enterprise_demand (
          run_id TEXT NOT NULL,
          id TEXT NOT NULL,
          json TEXT NOT NULL,
          PRIMARY KEY (run_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE milestone (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          achievement_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          date TEXT NOT NULL,
          amount REAL,
          party TEXT,
          reference TEXT,
          mode TEXT,
          place TEXT,
          note TEXT,
          supersedes INTEGER REFERENCES milestone(seq),
          recorded_at TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          source TEXT NOT NULL
        );
        CREATE INDEX milestone_on_achievement ON milestone(achievement_id, seq);
        CREATE TABLE identity_link (
          record_id TEXT NOT NULL,
          canonical_id TEXT NOT NULL,
          reason TEXT NOT NULL,
          linked_at TEXT NOT NULL,
          linked_by TEXT NOT NULL,
          undone_at TEXT,
          undone_by TEXT
        );
        CREATE INDEX identity_link_on_record ON identity_link(record_id);
        """)
  }

  /// Writes a run's ledger activity inside the run's commit transaction.
  static func write(_ commit: RunCommit, in db: Database) throws {
    let run = commit.run
    for table in ["pitch", "event_participant", "interest_response", "enterprise_demand"] {
      try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [run.id])
    }
    if !commit.merged.isEmpty {
      let upsert = try db.makeStatement(sql: RecordRows.upsertSQL)
      let mark = try db.makeStatement(sql: "UPDATE record SET merged_into = ? WHERE id = ?")
      let findLink = try db.makeStatement(
        sql: "SELECT 1 FROM identity_link WHERE record_id = ? AND canonical_id = ? AND undone_at IS NULL")
      let addLink = try db.makeStatement(
        sql: """
          INSERT INTO identity_link (record_id, canonical_id, reason, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)
          """)
      for (record, link) in commit.merged {
        try upsert.execute(arguments: try RecordRows.arguments(record, updatedAt: run.startedAt))
        try mark.execute(arguments: [link.into.rawValue, record.id.rawValue])
        if try Bool.fetchOne(findLink, arguments: [record.id.rawValue, link.into.rawValue]) == nil {
          try addLink.execute(arguments: [
            record.id.rawValue, link.into.rawValue, link.reason.rawValue, link.linkedAt, link.linkedBy,
          ])
        }
      }
    }
    guard let event = commit.event else { return }
    try db.execute(
      sql: """
        INSERT INTO host (name, level, parent, province, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(name) DO UPDATE SET
          level = coalesce(excluded.level, level), parent = coalesce(excluded.parent, parent),
          province = coalesce(excluded.province, province), updated_at = excluded.updated_at
        """,
      arguments: [
        event.host.name, event.host.level?.rawValue, event.host.parent, event.host.province, run.finishedAt,
      ])
    try db.execute(
      sql: """
        INSERT INTO programme_event
          (key, programme, series, year, host, date, run_id, formats, online, meetings, collected, screened,
           checkpoints, recorded_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(key) DO UPDATE SET
          programme = excluded.programme, series = excluded.series, year = excluded.year, host = excluded.host,
          date = excluded.date, run_id = excluded.run_id, formats = excluded.formats, online = excluded.online,
          meetings = excluded.meetings, collected = excluded.collected, screened = excluded.screened,
          checkpoints = excluded.checkpoints, recorded_at = excluded.recorded_at
        """,
      arguments: [
        event.key, event.programme, event.series, event.year, event.host.name, event.date, run.id,
        event.formats.joined(separator: ","), event.online, event.meetingsScheduled, event.collected, event.screened,
        event.checkpoints.map(String.init).joined(separator: ","), run.finishedAt,
      ])
    let pitch = try db.makeStatement(
      sql: "INSERT OR REPLACE INTO pitch (run_id, event_key, achievement_id, position) VALUES (?, ?, ?, ?)")
    for (index, id) in event.pitched.enumerated() {
      try pitch.execute(arguments: [run.id, event.key, id.rawValue, index + 1])
    }
    let participant = try db.makeStatement(
      sql: "INSERT OR REPLACE INTO event_participant (run_id, name, role, attended) VALUES (?, ?, ?, ?)")
    for item in event.participants {
      try participant.execute(arguments: [run.id, item.name, item.role.rawValue, item.attended])
    }
    let response = try db.makeStatement(
      sql: """
        INSERT OR REPLACE INTO interest_response (run_id, enterprise, achievement_id, level, comment)
        VALUES (?, ?, ?, ?, ?)
        """)
    for item in event.responses {
      try response.execute(arguments: [
        run.id, item.enterprise, item.achievement.rawValue, item.level.rawValue, item.comment,
      ])
    }
    let demand = try db.makeStatement(
      sql: "INSERT OR REPLACE INTO enterprise_demand (run_id, id, json) VALUES (?, ?, ?)")
    for item in event.demands {
      try demand.execute(arguments: [run.id, item.id, try RecordRows.json(item)])
    }
  }

  /// Every event with what its latest run brought.
  static func events(_ db: Database) throws -> [ProgrammeEvent] {
    let hosts = Dictionary(try hosts(db).map { ($0.name, $0) }) { first, _ in first }
    let rows = try Row.fetchAll(db, sql: "SELECT * FROM programme_event ORDER BY coalesce(date, ''), key")
    var pitches: [String: [AchievementID]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT run_id, achievement_id FROM pitch ORDER BY run_id, position") {
      pitches[row["run_id"], default: []].append(AchievementID(row["achievement_id"] as String))
    }
    var participants: [String: [EventParticipant]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT * FROM event_participant ORDER BY run_id, role, name") {
      guard let role = ParticipantRole(rawValue: row["role"]) else { continue }
      participants[row["run_id"], default: []].append(
        EventParticipant(name: row["name"], role: role, attended: row["attended"]))
    }
    var responses: [String: [EnterpriseInterest]] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT * FROM interest_response ORDER BY run_id, achievement_id, enterprise")
    {
      guard let level = InterestLevel(rawValue: row["level"]) else { continue }
      responses[row["run_id"], default: []].append(
        EnterpriseInterest(
          achievement: AchievementID(row["achievement_id"] as String), enterprise: row["enterprise"], level: level,
          comment: row["comment"]))
    }
    var demands: [String: [EnterpriseDemand]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT run_id, json FROM enterprise_demand ORDER BY run_id, id") {
      let json: String = row["json"]
      if let demand = try? JSONDecoder().decode(EnterpriseDemand.self, from: Data(json.utf8)) {
        demands[row["run_id"], default: []].append(demand)
      }
    }
    return rows.map { row in
      let run: String = row["run_id"]
      let hostName: String = row["host"]
      let formats: String = row["formats"]
      let checkpoints: String = row["checkpoints"]
      var event = ProgrammeEvent(
        key: row["key"], programme: row["programme"], series: row["series"], year: row["year"],
        host: hosts[hostName] ?? LedgerHost(name: hostName), date: row["date"], run: run,
        formats: formats.split(separator: ",").map(String.init), online: row["online"],
        meetingsScheduled: row["meetings"],
        checkpoints: checkpoints.split(separator: ",").compactMap { Int($0) }, pitched: pitches[run] ?? [],
        participants: participants[run] ?? [], responses: responses[run] ?? [], demands: demands[run] ?? [])
      event.collected = row["collected"]
      event.screened = row["screened"]
      return event
    }
  }

  static func hosts(_ db: Database) throws -> [LedgerHost] {
    try Row.fetchAll(db, sql: "SELECT * FROM host ORDER BY name").map { row in
      let level: String? = row["level"]
      return LedgerHost(
        name: row["name"], level: level.flatMap(HostLevel.init(rawValue:)), parent: row["parent"],
        province: row["province"])
    }
  }

  /// The pitches of every event's latest run, by achievement.
  static func pitches(_ db: Database) throws -> [AchievementID: [Pitch]] {
    var result: [AchievementID: [Pitch]] = [:]
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT p.achievement_id, e.key, e.series, e.programme, e.host, e.date
        FROM pitch p JOIN programme_event e ON e.run_id = p.run_id
        ORDER BY coalesce(e.date, ''), e.key
        """)
    for row in rows {
      let id = AchievementID(row["achievement_id"] as String)
      result[id, default: []].append(
        Pitch(
          achievement: id, event: row["key"], series: row["series"], programme: row["programme"], host: row["host"],
          date: row["date"]))
    }
    return result
  }

  static func links(_ db: Database) throws -> [IdentityLink] {
    try Row.fetchAll(db, sql: "SELECT * FROM identity_link ORDER BY rowid").map { row in
      let reason: String = row["reason"]
      return IdentityLink(
        record: AchievementID(row["record_id"] as String), into: AchievementID(row["canonical_id"] as String),
        reason: LinkReason(rawValue: reason) ?? .declared, linkedAt: row["linked_at"], linkedBy: row["linked_by"],
        undoneAt: row["undone_at"], undoneBy: row["undone_by"])
    }
  }

  static func milestone(_ row: Row) -> MilestoneEntry? {
    guard let kind = MilestoneKind(rawValue: row["kind"]) else { return nil }
    return MilestoneEntry(
      achievement: AchievementID(row["achievement_id"] as String), kind: kind, date: row["date"],
      amountWanYuan: row["amount"], party: row["party"], reference: row["reference"], mode: row["mode"],
      place: row["place"], note: row["note"], supersedes: row["supersedes"], recordedAt: row["recorded_at"],
      recordedBy: row["recorded_by"], source: row["source"], sequence: row["seq"])
  }
}

extension SQLiteLibrary: ProgrammeLedger {
  public func snapshot() async throws -> LedgerSnapshot {
    guard hasLedger else { return .empty }
    return try await read { db in
      LedgerSnapshot(
        pitches: try LedgerRows.pitches(db), links: try LedgerRows.links(db), events: try LedgerRows.events(db),
        milestones: try Row.fetchAll(db, sql: "SELECT * FROM milestone ORDER BY seq").compactMap(LedgerRows.milestone))
    }
  }

  public func events() async throws -> [ProgrammeEvent] {
    guard hasLedger else { return [] }
    return try await read(LedgerRows.events)
  }

  public func hosts() async throws -> [LedgerHost] {
    guard hasLedger else { return [] }
    return try await read(LedgerRows.hosts)
  }

  public func record(_ entries: [MilestoneEntry]) async throws -> [MilestoneEntry] {
    try requireLedger()
    return try await write { db in
      let exists = try db.makeStatement(sql: "SELECT 1 FROM record WHERE id = ?")
      var missing: [String] = []
      for id in Set(entries.map(\.achievement)).sorted()
      where try Bool.fetchOne(exists, arguments: [id.rawValue]) == nil {
        missing.append(id.rawValue)
      }
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      let insert = try db.makeStatement(
        sql: """
          INSERT INTO milestone
            (achievement_id, kind, date, amount, party, reference, mode, place, note, supersedes, recorded_at,
             recorded_by, source)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let known = try db.makeStatement(sql: "SELECT 1 FROM milestone WHERE seq = ?")
      var recorded: [MilestoneEntry] = []
      for var entry in entries {
        if let earlier = entry.supersedes, try Bool.fetchOne(known, arguments: [earlier]) == nil {
          throw LedgerError.unknownEntry(earlier)
        }
        try insert.execute(arguments: [
          entry.achievement.rawValue, entry.kind.rawValue, entry.date, entry.amountWanYuan, entry.party,
          entry.reference, entry.mode, entry.place, entry.note, entry.supersedes, entry.recordedAt, entry.recordedBy,
          entry.source,
        ])
        entry.sequence = Int(db.lastInsertedRowID)
        recorded.append(entry)
      }
      return recorded
    }
  }

  public func milestones(for achievement: AchievementID?) async throws -> [MilestoneEntry] {
    guard hasLedger else { return [] }
    return try await read { db in
      let rows =
        try achievement.map {
          try Row.fetchAll(
            db, sql: "SELECT * FROM milestone WHERE achievement_id = ? ORDER BY seq", arguments: [$0.rawValue])
        } ?? Row.fetchAll(db, sql: "SELECT * FROM milestone ORDER BY seq")
      return rows.compactMap(LedgerRows.milestone)
    }
  }

  public func links() async throws -> [IdentityLink] {
    guard hasLedger else { return [] }
    return try await read(LedgerRows.links)
  }

  public func link(_ record: AchievementID, into: AchievementID, by: String, at: String) async throws {
    try requireLedger()
    try await write { db in
      let merged = try db.makeStatement(sql: "SELECT merged_into FROM record WHERE id = ?")
      var missing: [String] = []
      var targets: [AchievementID: String?] = [:]
      for id in [record, into] {
        guard let row = try Row.fetchOne(merged, arguments: [id.rawValue]) else {
          missing.append(id.rawValue)
          continue
        }
        targets[id] = row[0] as String?
      }
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      guard record != into else {
        throw LedgerError.invalidLink(
          LocalizedText(zh: "不能把 \(record) 与自身合并", en: "\(record) cannot be merged with itself"))
      }
      if let target = targets[into] ?? nil {
        throw LedgerError.invalidLink(
          LocalizedText(
            zh: "\(into) 已并入 \(target)；请合并到 \(target)", en: "\(into) is itself merged into \(target): link to \(target)"
          ))
      }
      if let current = targets[record] ?? nil {
        throw LedgerError.invalidLink(
          LocalizedText(
            zh: "\(record) 已并入 \(current)；先撤销（roadshow library unmerge \(record)）",
            en: "\(record) is already merged into \(current): undo that first (roadshow library unmerge \(record))"))
      }
      let dependants =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM record WHERE merged_into = ?", arguments: [record.rawValue]) ?? 0
      guard dependants == 0 else {
        throw LedgerError.invalidLink(
          LocalizedText(
            zh: "已有 \(dependants) 条记录并入 \(record)；请把 \(into) 合并到 \(record)",
            en: "\(dependants) records are merged into \(record): link \(into) into \(record) instead"))
      }
      try db.execute(
        sql: "UPDATE record SET merged_into = ? WHERE id = ?", arguments: [into.rawValue, record.rawValue])
      try db.execute(
        sql: """
          INSERT INTO identity_link (record_id, canonical_id, reason, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)
          """, arguments: [record.rawValue, into.rawValue, LinkReason.declared.rawValue, at, by])
      try SQLiteLibrary.bumpVersion(db)
    }
  }

  public func unlink(_ record: AchievementID, by: String, at: String) async throws {
    try requireLedger()
    try await write { db in
      guard
        try Row.fetchOne(
          db, sql: "SELECT rowid FROM identity_link WHERE record_id = ? AND undone_at IS NULL",
          arguments: [record.rawValue]) != nil
      else {
        throw LedgerError.invalidLink(
          LocalizedText(zh: "\(record) 没有并入其他记录", en: "\(record) is not merged into another record"))
      }
      try db.execute(
        sql: "UPDATE identity_link SET undone_at = ?, undone_by = ? WHERE record_id = ? AND undone_at IS NULL",
        arguments: [at, by, record.rawValue])
      try db.execute(sql: "UPDATE record SET merged_into = NULL WHERE id = ?", arguments: [record.rawValue])
      try SQLiteLibrary.bumpVersion(db)
    }
  }

  public func recordAttendance(_ entries: [EventParticipant], event: String, by: String, at: String) async throws {
    try requireLedger()
    try await write { db in
      guard
        let run = try String.fetchOne(db, sql: "SELECT run_id FROM programme_event WHERE key = ?", arguments: [event])
      else { throw LedgerError.unknownEvent(event) }
      let upsert = try db.makeStatement(
        sql: """
          INSERT INTO event_participant (run_id, name, role, attended, attendance_recorded_at, attendance_recorded_by)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT(run_id, role, name) DO UPDATE SET attended = excluded.attended,
            attendance_recorded_at = excluded.attendance_recorded_at,
            attendance_recorded_by = excluded.attendance_recorded_by
          """)
      for entry in entries {
        try upsert.execute(arguments: [run, entry.name, entry.role.rawValue, entry.attended, at, by])
      }
    }
  }

  public func allRecords() async throws -> [(record: Achievement, mergedInto: AchievementID?)] {
    let hasLedger = hasLedger
    guard hasLedger else { return try await achievements().map { ($0, nil) } }
    return try await read { db in
      let rows = try Row.fetchCursor(
        db, sql: "SELECT \(RecordRows.selectList), merged_into FROM record ORDER BY id")
      var result: [(record: Achievement, mergedInto: AchievementID?)] = []
      while let row = try rows.next() {
        let into: String? = row["merged_into"]
        result.append((try RecordRows.decode(row), into.map(AchievementID.init)))
      }
      return result
    }
  }

  private func requireLedger() throws {
    guard hasLedger else { throw LedgerError.noLedger(path: path) }
  }
}
