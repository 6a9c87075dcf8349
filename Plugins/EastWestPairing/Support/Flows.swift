import Foundation
import RoadshowKernel

/// The two sides the seed's cross-region flows join (002 §二(四)).
public enum RegionGroup: String, Sendable, Hashable, CaseIterable {
  /// 东北、西部
  case northeastWest = "northeast_west"
  /// 东部、南部
  case eastSouth = "east_south"
  /// Neither (the central provinces north of the south line).
  case other

  /// The group's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.northeastWest, .zhCN): "东北、西部"
    case (.northeastWest, .en): "northeast and west"
    case (.eastSouth, .zhCN): "东部、南部"
    case (.eastSouth, .en): "east and south"
    case (.other, .zhCN): "其他（中部）"
    case (.other, .en): "other (central)"
    }
  }
}

/// The two flows the seed counts separately, 1,000 achievements each by the end of 2025.
public enum CrossRegionFlow: String, Sendable, Hashable, CaseIterable, Codable {
  /// (A) achievements of the northeast and west transformed at home with eastern and southern
  /// capital and industry (东北、西部科技成果引入东部、南部资本和产业就地转化).
  case a = "A"
  /// (B) achievements of the east and south landing in the northeast and west
  /// (东部、南部科技成果到东北、西部转化落地).
  case b = "B"

  /// The flow's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.a, .zhCN): "流向A：东北、西部成果引入东部、南部资本和产业就地转化"
    case (.a, .en): "flow A: northeast/west achievements transformed at home with east/south capital and industry"
    case (.b, .zhCN): "流向B：东部、南部成果到东北、西部转化落地"
    case (.b, .en): "flow B: east/south achievements landing in the northeast/west"
    }
  }

  /// A short label (`流向A`).
  public func label(_ locale: ReportLocale) -> String { locale == .zhCN ? "流向\(rawValue)" : "flow \(rawValue)" }
}

/// The four-region division by province (from `regions.csv`) and the provinces counted as "south"
/// besides the east: everything the flow rules need.
public struct RegionTable: Sendable, Hashable {
  /// Province → region.
  public var regions: [String: Region]
  /// Provinces of the central region counted with the east and south (`south_provinces`).
  public var south: Set<String>

  /// The default "south" provinces: the central-region provinces south of the Qinling–Huaihe line
  /// (湖北、湖南、江西), whose capital and industry the seed counts with the south (株洲 in 吉林–株洲).
  public static let defaultSouth = ["湖北", "湖南", "江西"]

  /// Creates a table.
  public init(regions: [String: Region], south: Set<String> = Set(defaultSouth)) {
    self.regions = regions
    self.south = south
  }

  /// Reads `regions.csv` (province, region — `east`/`central`/`west`/`northeast` or 东部/中部/西部/东北);
  /// every bad row is reported with file, row and column.
  public static func read(
    _ url: URL, name: String, south: Set<String> = Set(defaultSouth), encoding: CSVEncoding = .auto
  ) throws -> RegionTable {
    let data = try CSVTable.read(url, displayName: name, encoding: encoding)
    guard let provinceColumn = data.column("province"), let regionColumn = data.column("region") else {
      throw DataError([
        data.fileProblem(
          LocalizedText(zh: "地区表须有 province 和 region 两列", en: "the regions table needs the columns province and region")
        )
      ])
    }
    var regions: [String: Region] = [:]
    var problems: [Diagnostic] = []
    for row in data.rows {
      let provinceText = row.cell(provinceColumn)
      guard let province = Province.parse(provinceText) else {
        let problem = Province.problem(provinceText)
        problems.append(data.badRow(row, column: provinceColumn, problem.message, suggestion: problem.suggestion))
        continue
      }
      let regionText = row.cell(regionColumn)
      guard let region = Region(name: regionText) else {
        let problem = Region.problem(regionText)
        problems.append(data.badRow(row, column: regionColumn, problem.message, suggestion: problem.suggestion))
        continue
      }
      if regions[province] != nil {
        problems.append(
          data.badRow(
            row, column: provinceColumn,
            LocalizedText(zh: "省份 \(province) 重复出现", en: "province \(province) appears twice")))
        continue
      }
      regions[province] = region
    }
    if !problems.isEmpty { throw DataError(problems) }
    return RegionTable(regions: regions, south: south)
  }

  /// The region of `province`, or `nil` when the table does not list it.
  public func region(of province: String) -> Region? { regions[province] }

  /// The group of `province`: northeast and west regions → ``RegionGroup/northeastWest``; the east
  /// region and the south provinces → ``RegionGroup/eastSouth``; other listed provinces → `other`;
  /// `nil` when the table does not list it.
  public func group(of province: String) -> RegionGroup? {
    guard let region = regions[province] else { return nil }
    switch region {
    case .northeast, .west: return .northeastWest
    case .east: return .eastSouth
    case .central: return south.contains(province) ? .eastSouth : .other
    }
  }

  /// The flow an achievement may take, from its holder's province: A for the northeast and west,
  /// B for the east and south; otherwise the reason it takes neither.
  public func eligibleFlow(holder province: String) -> Result<CrossRegionFlow, FlowRejection> {
    switch group(of: province) {
    case .northeastWest: .success(.a)
    case .eastSouth: .success(.b)
    case .other:
      .failure(
        FlowRejection(
          rule: "not_cross_region",
          reason: LocalizedText(
            zh: "持有单位在\(province)（中部地区），不属东北、西部或东部、南部，不在两类跨区域流向之内",
            en: "holder in \(province) (central region): neither northeast/west nor east/south, so in neither flow")))
    case nil:
      .failure(
        FlowRejection(
          rule: "unknown_region",
          reason: LocalizedText(zh: "地区表中没有省份 \(province)", en: "the regions table has no row for \(province)")))
    }
  }

  /// Whether a landing counts and under which flow (002 §二(四)):
  /// - A: the achievement comes from the northeast or west, lands there, and the partner bringing
  ///   capital or industry is from the east or south;
  /// - B: the achievement comes from the east or south and lands in the northeast or west.
  public func landingFlow(source: String, landing: String, partner: String?) -> Result<CrossRegionFlow, FlowRejection> {
    let from = group(of: source)
    let to = group(of: landing)
    guard let from else {
      return .failure(
        FlowRejection(
          rule: "unknown_region",
          reason: LocalizedText(zh: "地区表中没有省份 \(source)", en: "the regions table has no row for \(source)")))
    }
    guard let to else {
      return .failure(
        FlowRejection(
          rule: "unknown_region",
          reason: LocalizedText(zh: "地区表中没有省份 \(landing)", en: "the regions table has no row for \(landing)")))
    }
    switch (from, to) {
    case (.northeastWest, .northeastWest):
      guard let partner, group(of: partner) == .eastSouth else {
        return .failure(
          FlowRejection(
            rule: "no_east_partner",
            reason: LocalizedText(
              zh: "东北、西部成果在本地区转化，但合作方\(partner.map { "（\($0)）" } ?? "")不是东部、南部的资本或产业",
              en:
                "a northeast/west achievement transformed at home, but the partner\(partner.map { " (\($0))" } ?? "") is not east/south capital or industry"
            )))
      }
      return .success(.a)
    case (.eastSouth, .northeastWest):
      return .success(.b)
    case (.northeastWest, _):
      return .failure(
        FlowRejection(
          rule: "outflow",
          reason: LocalizedText(
            zh: "东北、西部成果流出到\(landing)，不计入两类流向",
            en: "a northeast/west achievement leaving for \(landing): in neither flow")))
    case (.eastSouth, _):
      return .failure(
        FlowRejection(
          rule: "not_cross_region",
          reason: LocalizedText(
            zh: "东部、南部成果在\(landing)落地，未到东北、西部",
            en: "an east/south achievement landing in \(landing), not in the northeast or west")))
    case (.other, _):
      return .failure(
        FlowRejection(
          rule: "not_cross_region",
          reason: LocalizedText(
            zh: "成果来自中部地区（\(source)），不属两类流向", en: "an achievement from the central region (\(source)): in neither flow")
        ))
    }
  }
}

/// Why a record or a landing takes neither flow: a stable rule name and the reason in words.
public struct FlowRejection: Error, Sendable, Hashable {
  /// Stable rule name (`not_cross_region`, `no_east_partner`, `outflow`, `unknown_region`).
  public var rule: String
  /// The reason.
  public var reason: LocalizedText

  /// Creates a rejection.
  public init(rule: String, reason: LocalizedText) {
    self.rule = rule
    self.reason = reason
  }
}

/// Attribute keys this track writes on records.
public enum EastWestAttribute {
  /// `A` or `B`.
  public static let flow = "ew.flow"
  /// How the holder's province was found.
  public static let provinceBasis = "ew.province_basis"
  /// The pair the record was matched to.
  public static let pair = "ew.pair"
  /// The other side of the pair (partner or landing place).
  public static let partner = "ew.partner"
  /// The other side's province.
  public static let partnerProvince = "ew.partner_province"
}
