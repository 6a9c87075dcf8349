import Foundation
import PostgresNIO
import RoadshowKernel

/// The programme ledger's rows, as in SQLite: events keyed by their ledger key point at the run
/// that recorded them last; what a run brought is kept per run, so re-running an event never
/// overwrites the earlier run's rows. Milestones are appended; links are undone by marking them.
enum PostgresLedgerRows {
  /// Writes a run's ledger activity inside the run's commit transaction.
  static func write(_ commit: RunCommit, tenant: String, in session: Session) async throws {
    let run = commit.run
    for table in ["pitch", "event_participant", "interest_response", "enterprise_demand"] {
      try await session.run("DELETE FROM \(unescaped: table) WHERE tenant = \(tenant) AND run_id = \(run.id)")
    }
    for (record, link) in commit.merged {
      try await PostgresRecords.upsert([record], tenant: tenant, updatedAt: run.startedAt, in: session)
      try await session.run(
        "UPDATE record SET merged_into = \(link.into.rawValue) WHERE tenant = \(tenant) AND id = \(record.id.rawValue)")
      let active = try await session.exists(
        """
        SELECT 1 FROM identity_link WHERE tenant = \(tenant) AND record_id = \(record.id.rawValue)
          AND canonical_id = \(link.into.rawValue) AND undone_at IS NULL
        """)
      if !active {
        try await session.run(
          """
          INSERT INTO identity_link (tenant, record_id, canonical_id, reason, linked_at, linked_by)
          VALUES (\(tenant), \(record.id.rawValue), \(link.into.rawValue), \(link.reason.rawValue), \(link.linkedAt),
            \(link.linkedBy))
          """)
      }
    }
    guard let event = commit.event else { return }
    try await session.run(
      """
      INSERT INTO ledger_host (tenant, name, level, parent, province, updated_at)
      VALUES (\(tenant), \(event.host.name), \(event.host.level?.rawValue), \(event.host.parent),
        \(event.host.province), \(run.finishedAt))
      ON CONFLICT (tenant, name) DO UPDATE SET
        level = coalesce(excluded.level, ledger_host.level), parent = coalesce(excluded.parent, ledger_host.parent),
        province = coalesce(excluded.province, ledger_host.province), updated_at = excluded.updated_at
      """)
    try await session.run(
      """
      INSERT INTO programme_event
        (tenant, key, programme, series, year, host, date, run_id, formats, online, meetings, collected, screened,
         checkpoints, recorded_at)
      VALUES (\(tenant), \(event.key), \(event.programme), \(event.series), \(event.year), \(event.host.name),
        \(event.date), \(run.id), \(event.formats), \(event.online), \(event.meetingsScheduled), \(event.collected),
        \(event.screened), \(event.checkpoints), \(run.finishedAt))
      ON CONFLICT (tenant, key) DO UPDATE SET
        programme = excluded.programme, series = excluded.series, year = excluded.year, host = excluded.host,
        date = excluded.date, run_id = excluded.run_id, formats = excluded.formats, online = excluded.online,
        meetings = excluded.meetings, collected = excluded.collected, screened = excluded.screened,
        checkpoints = excluded.checkpoints, recorded_at = excluded.recorded_at
      """)
    try await session.insert(
      into: "pitch", columns: ["tenant", "run_id", "event_key", "achievement_id", "position"],
      rows: event.pitched.enumerated().map { index, id in
        [.text(tenant), .text(run.id), .text(event.key), .text(id.rawValue), .int(index + 1)]
      }, suffix: "ON CONFLICT (tenant, run_id, achievement_id) DO UPDATE SET position = excluded.position",
      key: { [$0[3]] })
    try await session.insert(
      into: "event_participant", columns: ["tenant", "run_id", "name", "role", "attended"],
      rows: event.participants.map {
        [.text(tenant), .text(run.id), .text($0.name), .text($0.role.rawValue), .bool($0.attended)]
      },
      suffix: "ON CONFLICT (tenant, run_id, role, name) DO UPDATE SET attended = excluded.attended",
      key: { [$0[2], $0[3]] })
    try await session.insert(
      into: "interest_response", columns: ["tenant", "run_id", "enterprise", "achievement_id", "level", "comment"],
      rows: event.responses.map {
        [
          .text(tenant), .text(run.id), .text($0.enterprise), .text($0.achievement.rawValue), .text($0.level.rawValue),
          .text($0.comment),
        ]
      },
      suffix:
        "ON CONFLICT (tenant, run_id, achievement_id, enterprise) DO UPDATE SET level = excluded.level, comment = excluded.comment",
      key: { [$0[2], $0[3]] })
    try await session.insert(
      into: "enterprise_demand", columns: ["tenant", "run_id", "id", "json"],
      rows: try event.demands.map {
        [.text(tenant), .text(run.id), .text($0.id), .text(try PostgresRecords.json($0))]
      },
      suffix: "ON CONFLICT (tenant, run_id, id) DO UPDATE SET json = excluded.json", key: { [$0[2]] })
  }

  /// Every event of `tenant` with what its latest run brought.
  static func events(tenant: String, in session: Session) async throws -> [ProgrammeEvent] {
    let hosts = Dictionary(try await self.hosts(tenant: tenant, in: session).map { ($0.name, $0) }) { first, _ in first
    }
    let rows = try await session.rows(
      "SELECT * FROM programme_event WHERE tenant = \(tenant) ORDER BY coalesce(date, ''), key")
    var pitches: [String: [AchievementID]] = [:]
    for row in try await session.rows(
      "SELECT run_id, achievement_id FROM pitch WHERE tenant = \(tenant) AND run_id IN (SELECT run_id FROM programme_event WHERE tenant = \(tenant)) ORDER BY run_id, position"
    ) {
      pitches[try row.get("run_id"), default: []].append(AchievementID(try row.get("achievement_id", as: String.self)))
    }
    var participants: [String: [EventParticipant]] = [:]
    for row in try await session.rows(
      """
      SELECT run_id, name, role, attended FROM event_participant WHERE tenant = \(tenant) AND run_id IN (SELECT run_id FROM programme_event WHERE tenant = \(tenant))
      ORDER BY run_id, role, name
      """)
    {
      guard let role = ParticipantRole(rawValue: try row.get("role")) else { continue }
      participants[try row.get("run_id"), default: []].append(
        EventParticipant(name: try row.get("name"), role: role, attended: try row.get("attended")))
    }
    var responses: [String: [EnterpriseInterest]] = [:]
    for row in try await session.rows(
      """
      SELECT * FROM interest_response WHERE tenant = \(tenant) AND run_id IN (SELECT run_id FROM programme_event WHERE tenant = \(tenant))
      ORDER BY run_id, achievement_id, enterprise
      """)
    {
      guard let level = InterestLevel(rawValue: try row.get("level")) else { continue }
      responses[try row.get("run_id"), default: []].append(
        EnterpriseInterest(
          achievement: AchievementID(try row.get("achievement_id", as: String.self)),
          enterprise: try row.get("enterprise"), level: level, comment: try row.get("comment")))
    }
    var demands: [String: [EnterpriseDemand]] = [:]
    for row in try await session.rows(
      """
      SELECT run_id, json FROM enterprise_demand WHERE tenant = \(tenant) AND run_id IN (SELECT run_id FROM programme_event WHERE tenant = \(tenant))
      ORDER BY run_id, id
      """)
    {
      if let demand = try? PostgresRecords.decode(EnterpriseDemand.self, try row.get("json")) {
        demands[try row.get("run_id"), default: []].append(demand)
      }
    }
    return try rows.map { row in
      let run: String = try row.get("run_id")
      let hostName: String = try row.get("host")
      var event = ProgrammeEvent(
        key: try row.get("key"), programme: try row.get("programme"), series: try row.get("series"),
        year: try row.get("year"), host: hosts[hostName] ?? LedgerHost(name: hostName), date: try row.get("date"),
        run: run, formats: try row.get("formats"), online: try row.get("online"),
        meetingsScheduled: try row.get("meetings"), checkpoints: try row.get("checkpoints"),
        pitched: pitches[run] ?? [], participants: participants[run] ?? [], responses: responses[run] ?? [],
        demands: demands[run] ?? [])
      event.collected = try row.get("collected")
      event.screened = try row.get("screened")
      return event
    }
  }

  static func hosts(tenant: String, in session: Session) async throws -> [LedgerHost] {
    try await session.rows(
      "SELECT name, level, parent, province FROM ledger_host WHERE tenant = \(tenant) ORDER BY name"
    ).map { row in
      LedgerHost(
        name: try row.get("name"), level: try row.get("level", as: String?.self).flatMap(HostLevel.init(rawValue:)),
        parent: try row.get("parent"), province: try row.get("province"))
    }
  }

  /// The pitches of every event's latest run, by achievement.
  static func pitches(tenant: String, in session: Session) async throws -> [AchievementID: [Pitch]] {
    var result: [AchievementID: [Pitch]] = [:]
    let rows = try await session.rows(
      """
      SELECT p.achievement_id, e.key, e.series, e.programme, e.host, e.date
      FROM pitch p JOIN programme_event e ON e.tenant = p.tenant AND e.run_id = p.run_id
      WHERE p.tenant = \(tenant)
      ORDER BY coalesce(e.date, ''), e.key
      """)
    for row in rows {
      let id = AchievementID(try row.get("achievement_id", as: String.self))
      result[id, default: []].append(
        Pitch(
          achievement: id, event: try row.get("key"), series: try row.get("series"),
          programme: try row.get("programme"), host: try row.get("host"), date: try row.get("date")))
    }
    return result
  }

  static func links(tenant: String, in session: Session) async throws -> [IdentityLink] {
    try await session.rows("SELECT * FROM identity_link WHERE tenant = \(tenant) ORDER BY seq").map { row in
      IdentityLink(
        record: AchievementID(try row.get("record_id", as: String.self)),
        into: AchievementID(try row.get("canonical_id", as: String.self)),
        reason: LinkReason(rawValue: try row.get("reason")) ?? .declared, linkedAt: try row.get("linked_at"),
        linkedBy: try row.get("linked_by"), undoneAt: try row.get("undone_at"), undoneBy: try row.get("undone_by"))
    }
  }

  static func milestones(tenant: String, achievement: AchievementID?, in session: Session) async throws
    -> [MilestoneEntry]
  {
    let id = achievement?.rawValue
    return try await session.rows(
      """
      SELECT * FROM milestone WHERE tenant = \(tenant) AND (\(id)::text IS NULL OR achievement_id = \(id))
      ORDER BY seq
      """
    ).compactMap { row in
      guard let kind = MilestoneKind(rawValue: try row.get("kind")) else { return nil }
      return MilestoneEntry(
        achievement: AchievementID(try row.get("achievement_id", as: String.self)), kind: kind,
        date: try row.get("date"), amountWanYuan: try row.get("amount"), party: try row.get("party"),
        reference: try row.get("reference"), mode: try row.get("mode"), place: try row.get("place"),
        note: try row.get("note"), supersedes: try row.get("supersedes"), recordedAt: try row.get("recorded_at"),
        recordedBy: try row.get("recorded_by"), source: try row.get("source"), sequence: try row.get("seq"))
    }
  }
}

extension PostgresLibrary {
  public func snapshot() async throws -> LedgerSnapshot {
    let tenant = host
    return try await database.read { session in
      LedgerSnapshot(
        pitches: try await PostgresLedgerRows.pitches(tenant: tenant, in: session),
        links: try await PostgresLedgerRows.links(tenant: tenant, in: session),
        events: try await PostgresLedgerRows.events(tenant: tenant, in: session),
        milestones: try await PostgresLedgerRows.milestones(tenant: tenant, achievement: nil, in: session))
    }
  }

  public func events() async throws -> [ProgrammeEvent] {
    let tenant = host
    return try await database.read { session in try await PostgresLedgerRows.events(tenant: tenant, in: session) }
  }

  public func hosts() async throws -> [LedgerHost] {
    let tenant = host
    return try await database.read { session in try await PostgresLedgerRows.hosts(tenant: tenant, in: session) }
  }

  public func record(_ entries: [MilestoneEntry]) async throws -> [MilestoneEntry] {
    let tenant = host
    return try await database.write(host: tenant) { session in
      let missing = try await PostgresRecords.missing(entries.map(\.achievement), tenant: tenant, in: session)
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      var recorded: [MilestoneEntry] = []
      for var entry in entries {
        if let earlier = entry.supersedes,
          try await !session.exists("SELECT 1 FROM milestone WHERE tenant = \(tenant) AND seq = \(earlier)")
        {
          throw LedgerError.unknownEntry(earlier)
        }
        let row = try await session.rows(
          """
          INSERT INTO milestone
            (tenant, achievement_id, kind, date, amount, party, reference, mode, place, note, supersedes,
             recorded_at, recorded_by, source)
          VALUES (\(tenant), \(entry.achievement.rawValue), \(entry.kind.rawValue), \(entry.date),
            \(entry.amountWanYuan), \(entry.party), \(entry.reference), \(entry.mode), \(entry.place), \(entry.note),
            \(entry.supersedes), \(entry.recordedAt), \(entry.recordedBy), \(entry.source))
          RETURNING seq
          """)
        entry.sequence = try row.first?.get("seq", as: Int.self)
        recorded.append(entry)
      }
      return recorded
    }
  }

  public func milestones(for achievement: AchievementID?) async throws -> [MilestoneEntry] {
    let tenant = host
    return try await database.read { session in
      try await PostgresLedgerRows.milestones(tenant: tenant, achievement: achievement, in: session)
    }
  }

  public func links() async throws -> [IdentityLink] {
    let tenant = host
    return try await database.read { session in try await PostgresLedgerRows.links(tenant: tenant, in: session) }
  }

  public func link(_ record: AchievementID, into: AchievementID, by: String, at: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      var missing: [String] = []
      var targets: [AchievementID: String?] = [:]
      for id in [record, into] {
        guard
          let row = try await session.rows(
            "SELECT merged_into FROM record WHERE tenant = \(tenant) AND id = \(id.rawValue)"
          ).first
        else {
          missing.append(id.rawValue)
          continue
        }
        targets[id] = try row.get("merged_into", as: String?.self)
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
        try await session.rows(
          "SELECT count(*) AS n FROM record WHERE tenant = \(tenant) AND merged_into = \(record.rawValue)"
        ).first?.get("n", as: Int.self) ?? 0
      guard dependants == 0 else {
        throw LedgerError.invalidLink(
          LocalizedText(
            zh: "已有 \(dependants) 条记录并入 \(record)；请把 \(into) 合并到 \(record)",
            en: "\(dependants) records are merged into \(record): link \(into) into \(record) instead"))
      }
      try await session.run(
        "UPDATE record SET merged_into = \(into.rawValue) WHERE tenant = \(tenant) AND id = \(record.rawValue)")
      try await session.run(
        """
        INSERT INTO identity_link (tenant, record_id, canonical_id, reason, linked_at, linked_by)
        VALUES (\(tenant), \(record.rawValue), \(into.rawValue), \(LinkReason.declared.rawValue), \(at), \(by))
        """)
      try await Self.bumpVersion(tenant, session)
    }
  }

  public func unlink(_ record: AchievementID, by: String, at: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      let undone = try await session.rows(
        """
        UPDATE identity_link SET undone_at = \(at), undone_by = \(by)
        WHERE tenant = \(tenant) AND record_id = \(record.rawValue) AND undone_at IS NULL RETURNING seq
        """)
      guard !undone.isEmpty else {
        throw LedgerError.invalidLink(
          LocalizedText(zh: "\(record) 没有并入其他记录", en: "\(record) is not merged into another record"))
      }
      try await session.run(
        "UPDATE record SET merged_into = NULL WHERE tenant = \(tenant) AND id = \(record.rawValue)")
      try await Self.bumpVersion(tenant, session)
    }
  }

  public func recordAttendance(_ entries: [EventParticipant], event: String, by: String, at: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      guard
        let row = try await session.rows(
          "SELECT run_id FROM programme_event WHERE tenant = \(tenant) AND key = \(event)"
        ).first
      else { throw LedgerError.unknownEvent(event) }
      let run: String = try row.get("run_id")
      try await session.insert(
        into: "event_participant",
        columns: ["tenant", "run_id", "name", "role", "attended", "attendance_recorded_at", "attendance_recorded_by"],
        rows: entries.map {
          [
            .text(tenant), .text(run), .text($0.name), .text($0.role.rawValue), .bool($0.attended), .text(at),
            .text(by),
          ]
        },
        suffix: """
          ON CONFLICT (tenant, run_id, role, name) DO UPDATE SET attended = excluded.attended,
            attendance_recorded_at = excluded.attendance_recorded_at,
            attendance_recorded_by = excluded.attendance_recorded_by
          """, key: { [$0[2], $0[3]] })
    }
  }

  public func allRecords() async throws -> [(record: Achievement, mergedInto: AchievementID?)] {
    let tenant = host
    let rows = try await database.read { session in
      try await session.rows(
        """
        SELECT \(unescaped: PostgresRecords.selectList), merged_into FROM record WHERE tenant = \(tenant) ORDER BY id
        """
      ).map { row in
        MergedRecord(
          record: try PostgresRecords.decode(row),
          into: try row.get("merged_into", as: String?.self).map(AchievementID.init))
      }
    }
    return rows.map { ($0.record, $0.into) }
  }
}

/// A record and the one it is merged into (a tuple is not `Sendable` across a transaction).
struct MergedRecord: Sendable {
  var record: Achievement
  var into: AchievementID?
}
