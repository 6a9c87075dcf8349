import Foundation
import PostgresNIO
import RoadshowKernel

/// How an achievement is laid out in the `record` table: one column per field, lists as `text[]`,
/// attributes and the latest confidentiality review as JSON only when there are any.
enum PostgresRecords {
  /// The columns, in the order ``values(_:tenant:updatedAt:)`` gives them.
  static let columns = [
    "tenant", "id", "title", "summary", "institution", "team", "field", "trl", "prospect", "province", "region",
    "channel", "transfer_modes", "ip", "confidentiality", "year", "funding", "attributes", "clearance", "updated_at",
  ]

  /// The columns ``decode(_:)`` reads.
  static let selectList = columns.dropFirst().dropLast().joined(separator: ", ")

  /// The same, qualified by the alias `r`.
  static let qualifiedSelectList = columns.dropFirst().dropLast().map { "r.\($0)" }.joined(separator: ", ")

  /// `ON CONFLICT … DO UPDATE`: a record committed again is updated in place.
  static let upsertSuffix =
    "ON CONFLICT (tenant, id) DO UPDATE SET "
    + columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

  /// The values of `record`'s row.
  static func values(_ record: Achievement, tenant: String, updatedAt: String) throws -> [SQLValue] {
    [
      .text(tenant), .text(record.id.rawValue), .text(record.title), .text(record.summary), .text(record.institution),
      .texts(record.team), .text(record.field), .int(record.readiness.value), .real(record.prospect),
      .text(record.province), .text(record.region?.rawValue), .text(record.channel.rawValue),
      .texts(record.transferModes.map(\.rawValue)), .texts(record.intellectualProperty),
      .text(record.confidentiality.rawValue), .int(record.year), .real(record.fundingWanYuan),
      .text(try record.attributes.isEmpty ? nil : json(record.attributes)), .text(try record.clearance.map(json)),
      .text(updatedAt),
    ]
  }

  /// Upserts `records` of `tenant`.
  static func upsert(_ records: [Achievement], tenant: String, updatedAt: String, in session: Session) async throws {
    guard !records.isEmpty else { return }
    try await session.insert(
      into: "record", columns: columns,
      rows: try records.map { try values($0, tenant: tenant, updatedAt: updatedAt) }, suffix: upsertSuffix,
      key: { Array($0.prefix(2)) })
  }

  /// The record of a row selected with ``selectList``.
  static func decode(_ row: PostgresRandomAccessRow) throws -> Achievement {
    let id = try row.get("id", as: String.self)
    do {
      let trl = try row.get("trl", as: Int?.self)
      let region = try row.get("region", as: String?.self)
      let attributes = try row.get("attributes", as: String?.self)
      let clearance = try row.get("clearance", as: String?.self)
      return Achievement(
        id: AchievementID(id), title: try row.get("title"), summary: try row.get("summary"),
        institution: try row.get("institution"), team: try row.get("team"), field: try row.get("field"),
        readiness: trl.flatMap(TechnologyReadiness.init(level:)) ?? .unknown, prospect: try row.get("prospect"),
        province: try row.get("province"), region: region.flatMap(Region.init(rawValue:)),
        channel: IntakeChannel(rawValue: try row.get("channel")) ?? .other,
        transferModes: try row.get("transfer_modes", as: [String].self).compactMap(TransferMode.init(rawValue:)),
        intellectualProperty: try row.get("ip"),
        confidentiality: Confidentiality(rawValue: try row.get("confidentiality")) ?? .pending,
        year: try row.get("year"), fundingWanYuan: try row.get("funding"),
        attributes: try attributes.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:],
        clearance: try clearance.map { try JSONDecoder().decode(ClearanceReview.self, from: Data($0.utf8)) })
    } catch {
      throw PostgresStoreError.database("record \(id) cannot be read: \(error)")
    }
  }

  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
  }

  /// The ids of `ids` that `tenant` has no record of, sorted.
  static func missing(_ ids: some Sequence<AchievementID>, tenant: String, in session: Session) async throws
    -> [String]
  {
    let wanted = Array(Set(ids.map(\.rawValue))).sorted()
    guard !wanted.isEmpty else { return [] }
    let found = try await session.rows(
      "SELECT id FROM record WHERE tenant = \(tenant) AND id = ANY(\(wanted))"
    ).map { try $0.get("id", as: String.self) }
    let known = Set(found)
    return wanted.filter { !known.contains($0) }
  }
}
