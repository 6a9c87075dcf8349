import Foundation
import RoadshowKernel

/// What a visitor asks the public catalogue (科技成果信息公开) for.
public struct CatalogueQuery: Sendable, Hashable {
  /// Words that the title, summary, field or institution must contain (ASCII case ignored).
  public var text: String?
  /// The industry field, exactly.
  public var field: String?
  /// The lowest technology readiness level.
  public var minimumTRL: Int?
  /// The province (short name).
  public var province: String?
  /// The region.
  public var region: Region?
  /// The page, from 1.
  public var page: Int
  /// Records a page.
  public var perPage: Int

  /// The largest page size served.
  public static let maximumPerPage = 100

  /// A query; page and page size are brought into range.
  public init(
    text: String? = nil, field: String? = nil, minimumTRL: Int? = nil, province: String? = nil,
    region: Region? = nil, page: Int = 1, perPage: Int = 20
  ) {
    func clean(_ value: String?) -> String? {
      guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
      return trimmed
    }
    self.text = clean(text)
    self.field = clean(field)
    self.minimumTRL = minimumTRL.map { min(max($0, 1), 9) }
    self.province = clean(province).map { Province.normalize($0) ?? $0 }
    self.region = region
    self.page = max(page, 1)
    self.perPage = min(max(perPage, 1), Self.maximumPerPage)
  }
}

/// One page of the catalogue.
public struct CataloguePage: Sendable {
  /// The records of the page.
  public var records: [PublishedAchievement]
  /// How many records match the query.
  public var total: Int
  /// The page, from 1.
  public var page: Int
  /// Records a page.
  public var perPage: Int
  /// The number of pages (at least 1).
  public var pages: Int { max(1, (total + perPage - 1) / perPage) }
}

/// The public catalogue: only records the ``PublicationGate`` releases to the public, redacted,
/// searchable by words and filtered by field, TRL, province and region. Built once from the
/// library's records and kept as a value: a query reads it without touching the store.
public struct PublicCatalogue: Sendable {
  /// The released records, newest year first, then by id.
  public let records: [PublishedAchievement]
  /// Fields, provinces (with counts) for the filters.
  public let fields: [(name: String, count: Int)]
  /// Provinces present, in the National Bureau of Statistics' order.
  public let provinces: [String]
  private let searchText: [String]
  private let index: [AchievementID: Int]
  /// Per record: its field's number in ``fieldNumbers`` (-1 without one), its TRL (0 when
  /// unknown), its province's and region's numbers; filters compare these, not strings.
  private let fieldOf: [Int32]
  private let trlOf: [Int8]
  private let provinceOf: [Int32]
  private let regionOf: [Int8]
  private let fieldNumbers: [String: Int32]
  private let provinceNumbers: [String: Int32]

  /// The catalogue of what `gate` releases of `records` to the public.
  public init(records: [Achievement], gate: PublicationGate) {
    self.init(released: gate.release(records, to: .public).records)
  }

  /// The catalogue of records already released to the public by a publication gate (one gate
  /// per host, where several hosts' records are shown together).
  public init(released: [PublishedAchievement]) {
    let released = released.sorted {
      ($0.year ?? 0, $1.id) > ($1.year ?? 0, $0.id)
    }
    self.records = released
    searchText = released.map { record in
      [record.title, record.summary ?? "", record.field ?? "", record.institution ?? ""].joined(separator: "\n")
        .lowercased()
    }
    var index: [AchievementID: Int] = [:]
    var fieldCounts: [String: Int] = [:]
    var provincesPresent: Set<String> = []
    for (offset, record) in released.enumerated() {
      index[record.id] = offset
      if let field = record.field { fieldCounts[field, default: 0] += 1 }
      if let province = record.province { provincesPresent.insert(province) }
    }
    self.index = index
    var fieldNumbers: [String: Int32] = [:]
    var provinceNumbers: [String: Int32] = [:]
    for name in fieldCounts.keys.sorted() { fieldNumbers[name] = Int32(fieldNumbers.count) }
    for name in provincesPresent.sorted() { provinceNumbers[name] = Int32(provinceNumbers.count) }
    self.fieldNumbers = fieldNumbers
    self.provinceNumbers = provinceNumbers
    fieldOf = released.map { $0.field.flatMap { fieldNumbers[$0] } ?? -1 }
    provinceOf = released.map { $0.province.flatMap { provinceNumbers[$0] } ?? -1 }
    trlOf = released.map { Int8($0.readiness.value ?? 0) }
    regionOf = released.map { record in
      record.region.flatMap { region in Region.allCases.firstIndex(of: region).map(Int8.init) } ?? -1
    }
    fields = fieldCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    provinces =
      Province.all.filter(provincesPresent.contains) + provincesPresent.subtracting(Province.all).sorted()
  }

  /// The released record `id`, or `nil` when it is not in the catalogue (unknown, or not cleared).
  public func achievement(_ id: AchievementID) -> PublishedAchievement? {
    index[id].map { records[$0] }
  }

  /// The page of records matching `query`.
  public func search(_ query: CatalogueQuery) -> CataloguePage {
    let words = query.text.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
    let start = (query.page - 1) * query.perPage
    if words.isEmpty && query.field == nil && query.minimumTRL == nil && query.province == nil && query.region == nil {
      let slice = records.indices.clamped(to: start..<min(start + query.perPage, records.count))
      return CataloguePage(
        records: Array(records[slice]), total: records.count, page: query.page, perPage: query.perPage)
    }
    var total = 0
    var page: [PublishedAchievement] = []
    page.reserveCapacity(query.perPage)
    // A filter on a value no record has matches nothing (-2 is never stored).
    let field = query.field.map { fieldNumbers[$0] ?? -2 }
    let province = query.province.map { provinceNumbers[$0] ?? -2 }
    let region = query.region.map { region in Region.allCases.firstIndex(of: region).map(Int8.init) ?? -2 }
    let minimum = query.minimumTRL.map(Int8.init)
    for offset in records.indices {
      if let field, fieldOf[offset] != field { continue }
      if let minimum, trlOf[offset] < minimum { continue }
      if let province, provinceOf[offset] != province { continue }
      if let region, regionOf[offset] != region { continue }
      let record = records[offset]
      if !words.isEmpty {
        let text = searchText[offset]
        guard words.allSatisfy({ text.contains($0) }) else { continue }
      }
      if total >= start && page.count < query.perPage { page.append(record) }
      total += 1
    }
    return CataloguePage(records: page, total: total, page: query.page, perPage: query.perPage)
  }
}
