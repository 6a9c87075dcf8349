import Foundation
import GRDB
import RoadshowKernel

/// How an achievement is laid out in the `record` table: one column per field, lists joined with
/// the unit separator (U+001F, which no spreadsheet cell holds), attributes and the latest
/// confidentiality review as JSON only when there are any. Reading and writing a row is then
/// column access, not a JSON document per record.
enum RecordRows {
  /// The columns, in the order ``arguments(_:updatedAt:)`` binds them and ``decode(_:)`` reads them.
  static let columns = [
    "id", "title", "summary", "institution", "team", "field", "trl", "prospect", "province", "region", "channel",
    "transfer_modes", "ip", "confidentiality", "year", "funding", "attributes", "clearance", "updated_at",
  ]

  static let selectList = columns.dropLast().joined(separator: ", ")

  /// `INSERT … ON CONFLICT(id) DO UPDATE`: re-committing a record updates it in place (its key,
  /// which decisions refer to, stays).
  static let upsertSQL: String = {
    let names = columns.joined(separator: ", ")
    let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
    let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    return "INSERT INTO record (\(names)) VALUES (\(marks)) ON CONFLICT(id) DO UPDATE SET \(updates)"
  }()

  static let separator = "\u{1F}"

  static func join(_ items: [String]) -> String? {
    items.isEmpty ? nil : items.joined(separator: separator)
  }

  static func split(_ text: String?) -> [String] {
    guard let text, !text.isEmpty else { return [] }
    return text.components(separatedBy: separator)
  }

  /// The values of `record`'s row.
  static func arguments(_ record: Achievement, updatedAt: String) throws -> StatementArguments {
    let values: [(any DatabaseValueConvertible)?] = [
      record.id.rawValue, record.title, record.summary, record.institution, join(record.team), record.field,
      record.readiness.value, record.prospect, record.province, record.region?.rawValue, record.channel.rawValue,
      join(record.transferModes.map(\.rawValue)), join(record.intellectualProperty), record.confidentiality.rawValue,
      record.year, record.fundingWanYuan, try record.attributes.isEmpty ? nil : json(record.attributes),
      try record.clearance.map(json), updatedAt,
    ]
    return StatementArguments(values)
  }

  /// Binds `record`'s row to `statement` (prepared from ``upsertSQL``): the same values as
  /// ``arguments(_:updatedAt:)``, without building them as an array first.
  static func bind(_ record: Achievement, updatedAt: String, to statement: BulkStatement) throws {
    statement.bind(1, record.id.rawValue)
    statement.bind(2, record.title)
    statement.bind(3, record.summary)
    statement.bind(4, record.institution)
    statement.bind(5, join(record.team))
    statement.bind(6, record.field)
    statement.bind(7, record.readiness.value)
    statement.bind(8, record.prospect)
    statement.bind(9, record.province)
    statement.bind(10, record.region?.rawValue)
    statement.bind(11, record.channel.rawValue)
    statement.bind(12, record.transferModes.isEmpty ? nil : join(record.transferModes.map(\.rawValue)))
    statement.bind(13, join(record.intellectualProperty))
    statement.bind(14, record.confidentiality.rawValue)
    statement.bind(15, record.year)
    statement.bind(16, record.fundingWanYuan)
    statement.bind(17, try record.attributes.isEmpty ? nil : json(record.attributes))
    statement.bind(18, try record.clearance.map(json))
    statement.bind(19, updatedAt)
  }

  /// The record of a row selected with ``selectList``.
  static func decode(_ row: Row) throws -> Achievement {
    let id: String = row[0]
    do {
      let attributes: String? = row[16]
      let clearance: String? = row[17]
      let region: String? = row[9]
      let trl: Int? = row[6]
      return Achievement(
        id: AchievementID(id), title: row[1], summary: row[2], institution: row[3], team: split(row[4]),
        field: row[5], readiness: trl.flatMap(TechnologyReadiness.init(level:)) ?? .unknown, prospect: row[7],
        province: row[8], region: region.flatMap(Region.init(rawValue:)),
        channel: IntakeChannel(rawValue: row[10]) ?? .other,
        transferModes: split(row[11]).compactMap(TransferMode.init(rawValue:)), intellectualProperty: split(row[12]),
        confidentiality: Confidentiality(rawValue: row[13]) ?? .pending, year: row[14], fundingWanYuan: row[15],
        attributes: try attributes.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:],
        clearance: try clearance.map { try JSONDecoder().decode(ClearanceReview.self, from: Data($0.utf8)) })
    } catch {
      throw LibraryError.corruptRecord(id: id, reason: String(describing: error))
    }
  }

  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Migration `v4-columns`: achievements as columns of `record` (from the JSON of `achievement`),
  /// decisions as compact `verdict` rows whose stage and reason are stored once (`run_stage`,
  /// `reason`), so a run over the whole library adds a few bytes per record.
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE record (
          key INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          summary TEXT,
          institution TEXT,
          team TEXT,
          field TEXT,
          trl INTEGER,
          prospect REAL,
          province TEXT,
          region TEXT,
          channel TEXT NOT NULL,
          transfer_modes TEXT,
          ip TEXT,
          confidentiality TEXT NOT NULL,
          year INTEGER,
          funding REAL,
          attributes TEXT,
          clearance TEXT,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE run_stage (
          run_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          stage TEXT NOT NULL,
          plugin TEXT NOT NULL,
          PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE reason (
          key INTEGER PRIMARY KEY,
          rule TEXT NOT NULL,
          zh TEXT NOT NULL,
          en TEXT NOT NULL,
          UNIQUE (rule, zh, en)
        );
        CREATE TABLE verdict (
          run_key INTEGER NOT NULL,
          position INTEGER NOT NULL,
          record_key INTEGER NOT NULL,
          passed INTEGER NOT NULL,
          score REAL,
          reason_key INTEGER NOT NULL
        );
        CREATE INDEX verdict_on_record ON verdict(record_key, run_key);
        ALTER TABLE run ADD COLUMN decision_count INTEGER NOT NULL DEFAULT 0;
        """)
    let upsert = try db.makeStatement(sql: upsertSQL)
    let rows = try Row.fetchCursor(db, sql: "SELECT id, json, updated_at FROM achievement ORDER BY id")
    while let row = try rows.next() {
      let id: String = row["id"]
      let json: String = row["json"]
      let record: Achievement
      do {
        record = try JSONDecoder().decode(Achievement.self, from: Data(json.utf8))
      } catch {
        throw LibraryError.corruptRecord(id: id, reason: String(describing: error))
      }
      try upsert.execute(arguments: try arguments(record, updatedAt: row["updated_at"]))
    }
    try db.execute(
      sql: """
        INSERT INTO run_stage (run_id, position, stage, plugin)
          SELECT run_id, position, MIN(stage), MIN(plugin) FROM decision GROUP BY run_id, position;
        INSERT OR IGNORE INTO reason (rule, zh, en) SELECT DISTINCT rule, reason_zh, reason_en FROM decision;
        INSERT INTO verdict (run_key, position, record_key, passed, score, reason_key)
          SELECT run.rowid, d.position, record.key, d.passed, d.score, reason.key
          FROM decision d
          JOIN run ON run.id = d.run_id
          JOIN record ON record.id = d.achievement_id
          JOIN reason ON reason.rule = d.rule AND reason.zh = d.reason_zh AND reason.en = d.reason_en
          ORDER BY d.rowid;
        UPDATE run SET decision_count = (SELECT COUNT(*) FROM verdict WHERE verdict.run_key = run.rowid);
        DROP TABLE decision;
        DROP TABLE achievement;
        """)
  }
}
