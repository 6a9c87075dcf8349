import Foundation
import RoadshowKernel

/// Reading the library as a whole: statistics, export with filters, the merges made.
public enum LibraryViews {
  /// Counts of the library by the dimensions a host reports on.
  public struct Statistics: Sendable, Codable, Hashable {
    /// Achievements (merged source records not counted twice).
    public var achievements: Int
    /// Source records merged into another record.
    public var merged: Int
    /// Cleared for publication (released through the gate).
    public var cleared: Int
    /// Field × TRL: rows are fields, columns TRL 1–9 then unknown (index 9).
    public var fieldByTRL: [String: [Int]]
    /// By source (the id's prefix), merged records included.
    public var bySource: [String: Int]
    /// By intake channel.
    public var byChannel: [String: Int]
    /// By province (`—` when unknown).
    public var byProvince: [String: Int]
    /// By region.
    public var byRegion: [String: Int]
    /// By confidentiality status.
    public var byStatus: [String: Int]
  }

  /// The label of a missing value.
  public static let unknown = "—"

  /// Statistics of `records` (canonical records, and the merged ones by source only).
  public static func statistics(_ records: [(record: Achievement, mergedInto: AchievementID?)]) -> Statistics {
    var stats = Statistics(
      achievements: 0, merged: 0, cleared: 0, fieldByTRL: [:], bySource: [:], byChannel: [:], byProvince: [:],
      byRegion: [:], byStatus: [:])
    for (record, into) in records {
      let source = String(AchievementIdentity.source(of: record.id))
      stats.bySource[source.isEmpty ? unknown : source, default: 0] += 1
      if into != nil {
        stats.merged += 1
        continue
      }
      stats.achievements += 1
      if record.confidentiality == .cleared { stats.cleared += 1 }
      let column = record.readiness.value.map { $0 - 1 } ?? 9
      stats.fieldByTRL[record.field ?? unknown, default: Array(repeating: 0, count: 10)][column] += 1
      stats.byChannel[record.channel.rawValue, default: 0] += 1
      stats.byProvince[record.province ?? unknown, default: 0] += 1
      stats.byRegion[record.region?.rawValue ?? unknown, default: 0] += 1
      stats.byStatus[record.confidentiality.rawValue, default: 0] += 1
    }
    return stats
  }

  /// Which records an export includes.
  public struct Filter: Sendable, Hashable {
    /// Field contains this text.
    public var field: String?
    /// Province equals this.
    public var province: String?
    /// TRL at least this.
    public var minTRL: Int?
    /// Source (id prefix) equals this.
    public var source: String?
    /// Confidentiality status equals this.
    public var status: Confidentiality?
    /// Only records cleared for publication, without the fields the gate withholds.
    public var published: Bool

    /// Creates a filter.
    public init(
      field: String? = nil, province: String? = nil, minTRL: Int? = nil, source: String? = nil,
      status: Confidentiality? = nil, published: Bool = false
    ) {
      self.field = field
      self.province = province
      self.minTRL = minTRL
      self.source = source
      self.status = status
      self.published = published
    }

    /// Whether `record` passes.
    public func includes(_ record: Achievement) -> Bool {
      if let field, !(record.field ?? "").localizedCaseInsensitiveContains(field) { return false }
      if let province,
        Province.normalize(record.province ?? "") ?? record.province != Province.normalize(province) ?? province
      {
        return false
      }
      if let minTRL, (record.readiness.value ?? 0) < minTRL { return false }
      if let source, AchievementIdentity.source(of: record.id) != source { return false }
      if let status, record.confidentiality != status { return false }
      if published, record.confidentiality != .cleared { return false }
      return true
    }
  }

  /// The export's columns, in order.
  public static func exportHeader(_ locale: ReportLocale) -> [String] {
    locale == .zhCN
      ? ["编号", "成果名称", "持有单位", "领域", "技术成熟度", "产业化前景", "省份", "区域", "征集渠道", "保密审查", "年度", "经费（万元）", "团队", "知识产权", "并入"]
      : [
        "id", "title", "institution", "field", "trl", "prospect", "province", "region", "channel", "confidentiality",
        "year", "funding_wan_yuan", "team", "ip", "merged_into",
      ]
  }

  /// The rows of an export of `records` through `filter`. With `published`, only cleared records,
  /// released through `gate` to the public: the fields it withholds are empty.
  public static func exportRows(
    _ records: [(record: Achievement, mergedInto: AchievementID?)], filter: Filter, gate: PublicationGate
  ) -> [[String]] {
    let chosen = records.filter { ($0.mergedInto == nil || !filter.published) && filter.includes($0.record) }
    if filter.published {
      return gate.release(chosen.map(\.record), to: .public).records.map { record in
        [
          record.id.rawValue, record.title, record.institution ?? "", record.field ?? "",
          record.readiness.value.map(String.init) ?? "", record.prospect.map { String($0) } ?? "",
          record.province ?? "", record.region?.rawValue ?? "", record.channel.rawValue,
          Confidentiality.cleared.rawValue, record.year.map(String.init) ?? "",
          record.fundingWanYuan.map { String($0) } ?? "", record.team.joined(separator: "; "),
          record.intellectualProperty.joined(separator: "; "), "",
        ]
      }
    }
    return chosen.map { record, into in
      [
        record.id.rawValue, record.title, record.institution ?? "", record.field ?? "",
        record.readiness.value.map(String.init) ?? "", record.prospect.map { String($0) } ?? "",
        record.province ?? "", record.region?.rawValue ?? "", record.channel.rawValue,
        record.confidentiality.rawValue, record.year.map(String.init) ?? "",
        record.fundingWanYuan.map { String($0) } ?? "", record.team.joined(separator: "; "),
        record.intellectualProperty.joined(separator: "; "), into?.rawValue ?? "",
      ]
    }
  }
}
