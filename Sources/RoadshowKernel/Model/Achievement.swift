import Foundation

/// The stable identity of an achievement in the project library: its intake source and the
/// record's identifier in that source (`nkrdp-2018:2018YFB1304900`).
public struct AchievementID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// The identifier as stored.
  public var rawValue: String

  /// Wraps a stored identifier.
  public init(_ rawValue: String) { self.rawValue = rawValue }

  /// Builds the identity from a source id and the record's id in that source.
  public init(source: String, externalID: String) { self.rawValue = "\(source):\(externalID)" }

  /// The record's id in its source (`2018YFB1304900` of `nkrdp-2018:2018YFB1304900`); the whole
  /// identifier when it names no source.
  public var externalID: String {
    guard let colon = rawValue.firstIndex(of: ":") else { return rawValue }
    return String(rawValue[rawValue.index(after: colon)...])
  }

  /// A stable record id for a row that has none, from its title and holder (`h` and the FNV-1a
  /// hash in hex): reading the same row again gives the same id, so a re-import updates it.
  public static func fingerprint(title: String, institution: String?) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (title + "|" + (institution ?? "")).utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return "h" + String(hash, radix: 16)
  }

  public var description: String { rawValue }
  /// Ids order by their UTF-8 bytes (code-point order): the same order as SQLite's, and cheap.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    // One `memcmp` over the contiguous UTF-8 of native strings; the byte-by-byte walk otherwise.
    let fast = lhs.rawValue.utf8.withContiguousStorageIfAvailable { left in
      rhs.rawValue.utf8.withContiguousStorageIfAvailable { right -> Bool in
        let shared = min(left.count, right.count)
        guard shared > 0, let a = left.baseAddress, let b = right.baseAddress else { return left.count < right.count }
        let order = memcmp(a, b, shared)
        return order != 0 ? order < 0 : left.count < right.count
      }
    }
    if let fast, let fast { return fast }
    return lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
  }

  /// `ids` in ``<(_:_:)`` order, as `ids.sorted()` gives them for distinct ids, sorted cheaply: a
  /// list already in order is returned as it is; otherwise each id is keyed by the 16 bytes
  /// after the prefix every id shares (`nkrdp-2018:2018YF…`), and only ids with equal keys
  /// compare their whole bytes.
  static func ordered(_ ids: [AchievementID]) -> [AchievementID] {
    guard ids.count > 1 else { return ids }
    if !zip(ids, ids.dropFirst()).contains(where: { !($0 < $1) }) { return ids }
    // The prefix every id shares, in bytes.
    var first = ids[0].rawValue
    var shared = first.utf8.count
    first.withUTF8 { head in
      for id in ids where shared > 0 {
        var raw = id.rawValue
        raw.withUTF8 { bytes in
          var length = 0
          let limit = min(shared, bytes.count)
          while length < limit && bytes[length] == head[length] { length += 1 }
          shared = length
        }
      }
    }
    // Two 8-byte keys: an id whose first 16 bytes past the shared prefix equal another's is rare.
    var keyed: [(high: UInt64, low: UInt64, index: Int)] = []
    keyed.reserveCapacity(ids.count)
    for (index, id) in ids.enumerated() {
      var raw = id.rawValue
      let key = raw.withUTF8 { bytes -> (UInt64, UInt64) in
        var high: UInt64 = 0
        var low: UInt64 = 0
        for offset in shared..<(shared + 8) { high = high << 8 | UInt64(offset < bytes.count ? bytes[offset] : 0) }
        for offset in (shared + 8)..<(shared + 16) { low = low << 8 | UInt64(offset < bytes.count ? bytes[offset] : 0) }
        return (high, low)
      }
      keyed.append((key.0, key.1, index))
    }
    keyed.sort {
      if $0.high != $1.high { return $0.high < $1.high }
      if $0.low != $1.low { return $0.low < $1.low }
      return ids[$0.index] < ids[$1.index]
    }
    return keyed.map { ids[$0.index] }
  }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// Technology maturity (技术成熟度): a technology readiness level 1–9, or unknown.
///
/// Unknown is a value of its own so that no screening policy can drop such records silently.
public enum TechnologyReadiness: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Not assessed yet.
  case unknown
  /// An assessed level, 1 (basic principles observed) to 9 (proven in operation).
  case level(Int)

  /// Accepts 1–9; anything else is `nil`.
  public init?(level: Int) {
    guard (1...9).contains(level) else { return nil }
    self = .level(level)
  }

  /// Parses a level as data files write it: `6`, `TRL 6`, `trl6`; `?`, `未知`, `unknown` and `未评估`
  /// are ``unknown``. Anything else is `nil`.
  public init?(text: String) {
    let digits = text.uppercased().replacingOccurrences(of: "TRL", with: "").trimmingCharacters(in: .whitespaces)
    if ["?", "未知", "UNKNOWN", "未评估"].contains(digits) {
      self = .unknown
    } else if let level = Int(digits).flatMap(TechnologyReadiness.init(level:)) {
      self = level
    } else {
      return nil
    }
  }

  /// The level, or `nil` when unknown.
  public var value: Int? {
    if case .level(let level) = self { return level }
    return nil
  }

  public var description: String { value.map { "TRL \($0)" } ?? "TRL ?" }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .unknown
    } else {
      self = TechnologyReadiness(level: try container.decode(Int.self)) ?? .unknown
    }
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let value { try container.encode(value) } else { try container.encodeNil() }
  }
}

/// The National Bureau of Statistics' four-region division.
public enum Region: String, Sendable, Hashable, Codable, CaseIterable {
  /// 东部
  case east
  /// 中部
  case central
  /// 西部
  case west
  /// 东北
  case northeast

  /// The Chinese name.
  public var chineseName: String {
    switch self {
    case .east: "东部"
    case .central: "中部"
    case .west: "西部"
    case .northeast: "东北"
    }
  }

  /// Accepts the English id or the Chinese name.
  public init?(name: String) {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    if let region = Region(rawValue: trimmed.lowercased()) {
      self = region
    } else if let region = Region.allCases.first(where: { $0.chineseName == trimmed }) {
      self = region
    } else {
      return nil
    }
  }
}

/// How an achievement reached the library (征集渠道, 001 §4.5).
public enum IntakeChannel: String, Sendable, Hashable, Codable, CaseIterable {
  /// 国家科技计划成果
  case nationalProgramme = "national_programme"
  /// 面向高校、院所公开征集
  case openCall = "open_call"
  /// 科研人员自主推荐
  case selfRecommendation = "self_recommendation"
  /// 技术转移机构挖掘
  case agencyMining = "agency_mining"
  /// 企业需求征集 or anything else.
  case other
}

/// A way of transferring an achievement (成果转化方式).
public enum TransferMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// 转让
  case assignment
  /// 许可
  case licence
  /// 作价投资
  case equity
  /// 合作开发 / 联合研发
  case jointDevelopment = "joint_development"
  /// 委托研发
  case commissioned
  /// 共建新研发机构 or 共同创办企业
  case spinOff = "spin_off"

  /// Accepts the English id or the Chinese wording of agencies' forms: 转让; 许可 (普通、独占、排他、
  /// 开放许可); 作价投资, 作价入股; 合作开发, 联合研发, 合作转化; 委托研发, 委托开发, 技术开发;
  /// 创办企业, 衍生企业, 共建研发机构.
  public init?(text: String) {
    if let mode = TransferMode(rawValue: text) {
      self = mode
      return
    }
    switch text {
    case "转让": self = .assignment
    case "许可", "普通许可", "独占许可", "排他许可", "开放许可": self = .licence
    case "作价投资", "作价入股": self = .equity
    case "合作开发", "联合研发", "合作转化": self = .jointDevelopment
    case "委托研发", "委托开发", "技术开发": self = .commissioned
    case "创办企业", "衍生企业", "共建研发机构": self = .spinOff
    default: return nil
    }
  }
}

/// Confidentiality status (保密审查): nothing is published before it is cleared.
public enum Confidentiality: String, Sendable, Hashable, Codable, CaseIterable {
  /// Cleared for publication.
  case cleared
  /// Review not done yet.
  case pending
  /// Not to be published.
  case restricted

  /// Accepts the English id or the Chinese wording: 已审查, 公开, 可公开 (cleared); 待审查, 未审查
  /// (pending); 涉密, 不公开, 限制 (restricted).
  public init?(text: String) {
    if let status = Confidentiality(rawValue: text) {
      self = status
      return
    }
    switch text {
    case "已审查", "公开", "可公开": self = .cleared
    case "待审查", "未审查": self = .pending
    case "涉密", "不公开", "限制": self = .restricted
    default: return nil
    }
  }
}

/// A recorded confidentiality review (保密审查记录) of one achievement: who decided what, when.
/// Not to be confused with expert review (专家评议) of its merits.
public struct ClearanceReview: Sendable, Hashable, Codable {
  /// The status the review decided.
  public var decision: Confidentiality
  /// Who reviewed.
  public var reviewer: String
  /// When (`YYYY-MM-DD`).
  public var date: String
  /// A note (the basis of the decision, the file number…).
  public var note: String?

  /// Creates a review.
  public init(decision: Confidentiality, reviewer: String, date: String, note: String? = nil) {
    self.decision = decision
    self.reviewer = reviewer
    self.date = date
    self.note = note
  }
}

/// A research achievement (科技成果), the record at the heart of the project library (项目库).
///
/// A value type whose fields live in one shared, copy-on-write box: a national library's records
/// are passed from intake to the library, the funnel and the reports, and each of those copies is
/// then one reference, not the whole record; changing a field of a copy copies the box first.
public struct Achievement: Sendable, Hashable, Codable, Identifiable {
  /// The fields. Shared between copies of the value and never changed while shared
  /// (``makeUnique()`` runs before every write), which is why it can be `@unchecked Sendable`.
  private final class Storage: @unchecked Sendable {
    var id: AchievementID
    var title: String
    var summary: String?
    var institution: String?
    var team: [String]
    var field: String?
    var readiness: TechnologyReadiness
    var prospect: Double?
    var province: String?
    var region: Region?
    var channel: IntakeChannel
    var transferModes: [TransferMode]
    var intellectualProperty: [String]
    var confidentiality: Confidentiality
    var year: Int?
    var fundingWanYuan: Double?
    var attributes: [String: String]
    var clearance: ClearanceReview?
    /// See ``Achievement/confidentialityStated``.
    var stated: Bool

    init(
      id: AchievementID, title: String, summary: String?, institution: String?, team: [String], field: String?,
      readiness: TechnologyReadiness, prospect: Double?, province: String?, region: Region?, channel: IntakeChannel,
      transferModes: [TransferMode], intellectualProperty: [String], confidentiality: Confidentiality, year: Int?,
      fundingWanYuan: Double?, attributes: [String: String], clearance: ClearanceReview?, stated: Bool
    ) {
      self.id = id
      self.title = title
      self.summary = summary
      self.institution = institution
      self.team = team
      self.field = field
      self.readiness = readiness
      self.prospect = prospect
      self.province = province
      self.region = region
      self.channel = channel
      self.transferModes = transferModes
      self.intellectualProperty = intellectualProperty
      self.confidentiality = confidentiality
      self.year = year
      self.fundingWanYuan = fundingWanYuan
      self.attributes = attributes
      self.clearance = clearance
      self.stated = stated
    }

    func copy() -> Storage {
      Storage(
        id: id, title: title, summary: summary, institution: institution, team: team, field: field,
        readiness: readiness, prospect: prospect, province: province, region: region, channel: channel,
        transferModes: transferModes, intellectualProperty: intellectualProperty, confidentiality: confidentiality,
        year: year, fundingWanYuan: fundingWanYuan, attributes: attributes, clearance: clearance, stated: stated)
    }
  }

  private var storage: Storage

  /// Gives this value a box of its own before a field changes.
  private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
  }

  /// Stable identity (source + record id): re-running an intake updates, never duplicates.
  public var id: AchievementID {
    get { storage.id }
    _modify {
      makeUnique()
      yield &storage.id
    }
  }
  /// Title (成果名称).
  public var title: String {
    get { storage.title }
    _modify {
      makeUnique()
      yield &storage.title
    }
  }
  /// Short description (成果简介).
  public var summary: String? {
    get { storage.summary }
    _modify {
      makeUnique()
      yield &storage.summary
    }
  }
  /// Holder institution (持有单位).
  public var institution: String? {
    get { storage.institution }
    _modify {
      makeUnique()
      yield &storage.institution
    }
  }
  /// Holder team members or roles (团队).
  public var team: [String] {
    get { storage.team }
    _modify {
      makeUnique()
      yield &storage.team
    }
  }
  /// Industry field or sub-field (产业领域), as the source names it.
  public var field: String? {
    get { storage.field }
    _modify {
      makeUnique()
      yield &storage.field
    }
  }
  /// Technology maturity (技术成熟度).
  public var readiness: TechnologyReadiness {
    get { storage.readiness }
    _modify {
      makeUnique()
      yield &storage.readiness
    }
  }
  /// Industrial prospect score 0–100 from expert assessment (产业化前景), when assessed.
  public var prospect: Double? {
    get { storage.prospect }
    _modify {
      makeUnique()
      yield &storage.prospect
    }
  }
  /// Province of the holder (省份).
  public var province: String? {
    get { storage.province }
    _modify {
      makeUnique()
      yield &storage.province
    }
  }
  /// Region of the holder.
  public var region: Region? {
    get { storage.region }
    _modify {
      makeUnique()
      yield &storage.region
    }
  }
  /// Intake channel.
  public var channel: IntakeChannel {
    get { storage.channel }
    _modify {
      makeUnique()
      yield &storage.channel
    }
  }
  /// Transfer modes the holder wants.
  public var transferModes: [TransferMode] {
    get { storage.transferModes }
    _modify {
      makeUnique()
      yield &storage.transferModes
    }
  }
  /// Intellectual property (patents, software copyrights…), as free text items.
  public var intellectualProperty: [String] {
    get { storage.intellectualProperty }
    _modify {
      makeUnique()
      yield &storage.intellectualProperty
    }
  }
  /// Confidentiality status. A record whose source states nothing is `pending` and leaves a
  /// stored status alone when it is merged (see ``confidentialityStated``).
  public var confidentiality: Confidentiality {
    get { storage.confidentiality }
    set {
      makeUnique()
      storage.confidentiality = newValue
      storage.stated = true
    }
  }
  /// Whether the record's source said anything about confidentiality (a column, a constant, an
  /// explicit value). Not stored, and not part of equality: it tells where a value came from, not
  /// what the record is; every record read back from the library counts as stated.
  public var confidentialityStated: Bool {
    get { storage.stated }
    set {
      makeUnique()
      storage.stated = newValue
    }
  }
  /// Year of the achievement or its programme.
  public var year: Int? {
    get { storage.year }
    _modify {
      makeUnique()
      yield &storage.year
    }
  }
  /// Public funding in 10,000 yuan (万元), when known.
  public var fundingWanYuan: Double? {
    get { storage.fundingWanYuan }
    _modify {
      makeUnique()
      yield &storage.fundingWanYuan
    }
  }
  /// Track-specific attributes (crop, scenario, authorisation…), by key.
  public var attributes: [String: String] {
    get { storage.attributes }
    _modify {
      makeUnique()
      yield &storage.attributes
    }
  }
  /// The latest confidentiality review recorded in the library, if any. Intake never sets it.
  public var clearance: ClearanceReview? {
    get { storage.clearance }
    _modify {
      makeUnique()
      yield &storage.clearance
    }
  }

  enum CodingKeys: String, CodingKey {
    case id, title, summary, institution, team, field, readiness, prospect, province, region, channel
    case transferModes, intellectualProperty, confidentiality, year, fundingWanYuan, attributes, clearance
  }

  /// Creates an achievement; only the identity and title are required.
  public init(
    id: AchievementID, title: String, summary: String? = nil, institution: String? = nil,
    team: [String] = [], field: String? = nil, readiness: TechnologyReadiness = .unknown,
    prospect: Double? = nil, province: String? = nil, region: Region? = nil,
    channel: IntakeChannel = .other, transferModes: [TransferMode] = [],
    intellectualProperty: [String] = [], confidentiality: Confidentiality? = nil,
    year: Int? = nil, fundingWanYuan: Double? = nil, attributes: [String: String] = [:],
    clearance: ClearanceReview? = nil
  ) {
    storage = Storage(
      id: id, title: title, summary: summary, institution: institution, team: team, field: field,
      readiness: readiness, prospect: prospect, province: province, region: region, channel: channel,
      transferModes: transferModes, intellectualProperty: intellectualProperty,
      confidentiality: confidentiality ?? .pending, year: year, fundingWanYuan: fundingWanYuan,
      attributes: attributes, clearance: clearance, stated: confidentiality != nil)
  }

  /// Decodes the record's fields by their JSON keys; a decoded record counts as stated.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    storage = Storage(
      id: try c.decode(AchievementID.self, forKey: .id),
      title: try c.decode(String.self, forKey: .title),
      summary: try c.decodeIfPresent(String.self, forKey: .summary),
      institution: try c.decodeIfPresent(String.self, forKey: .institution),
      team: try c.decode([String].self, forKey: .team),
      field: try c.decodeIfPresent(String.self, forKey: .field),
      readiness: try c.decode(TechnologyReadiness.self, forKey: .readiness),
      prospect: try c.decodeIfPresent(Double.self, forKey: .prospect),
      province: try c.decodeIfPresent(String.self, forKey: .province),
      region: try c.decodeIfPresent(Region.self, forKey: .region),
      channel: try c.decode(IntakeChannel.self, forKey: .channel),
      transferModes: try c.decode([TransferMode].self, forKey: .transferModes),
      intellectualProperty: try c.decode([String].self, forKey: .intellectualProperty),
      confidentiality: try c.decode(Confidentiality.self, forKey: .confidentiality),
      year: try c.decodeIfPresent(Int.self, forKey: .year),
      fundingWanYuan: try c.decodeIfPresent(Double.self, forKey: .fundingWanYuan),
      attributes: try c.decode([String: String].self, forKey: .attributes),
      clearance: try c.decodeIfPresent(ClearanceReview.self, forKey: .clearance),
      stated: true)
  }

  /// Encodes the record's fields by their JSON keys (absent optionals are left out).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let s = storage
    try c.encode(s.id, forKey: .id)
    try c.encode(s.title, forKey: .title)
    try c.encodeIfPresent(s.summary, forKey: .summary)
    try c.encodeIfPresent(s.institution, forKey: .institution)
    try c.encode(s.team, forKey: .team)
    try c.encodeIfPresent(s.field, forKey: .field)
    try c.encode(s.readiness, forKey: .readiness)
    try c.encodeIfPresent(s.prospect, forKey: .prospect)
    try c.encodeIfPresent(s.province, forKey: .province)
    try c.encodeIfPresent(s.region, forKey: .region)
    try c.encode(s.channel, forKey: .channel)
    try c.encode(s.transferModes, forKey: .transferModes)
    try c.encode(s.intellectualProperty, forKey: .intellectualProperty)
    try c.encode(s.confidentiality, forKey: .confidentiality)
    try c.encodeIfPresent(s.year, forKey: .year)
    try c.encodeIfPresent(s.fundingWanYuan, forKey: .fundingWanYuan)
    try c.encode(s.attributes, forKey: .attributes)
    try c.encodeIfPresent(s.clearance, forKey: .clearance)
  }

  /// Equal when every field but ``confidentialityStated`` is; two copies of one value are equal
  /// at once.
  public static func == (lhs: Achievement, rhs: Achievement) -> Bool {
    let a = lhs.storage
    let b = rhs.storage
    if a === b { return true }
    return a.id == b.id
      && a.title == b.title
      && a.summary == b.summary
      && a.institution == b.institution
      && a.team == b.team
      && a.field == b.field
      && a.readiness == b.readiness
      && a.prospect == b.prospect
      && a.province == b.province
      && a.region == b.region
      && a.channel == b.channel
      && a.transferModes == b.transferModes
      && a.intellectualProperty == b.intellectualProperty
      && a.confidentiality == b.confidentiality
      && a.year == b.year
      && a.fundingWanYuan == b.fundingWanYuan
      && a.attributes == b.attributes
      && a.clearance == b.clearance
  }

  /// Hashes every field but ``confidentialityStated``.
  public func hash(into hasher: inout Hasher) {
    let s = storage
    hasher.combine(s.id)
    hasher.combine(s.title)
    hasher.combine(s.summary)
    hasher.combine(s.institution)
    hasher.combine(s.team)
    hasher.combine(s.field)
    hasher.combine(s.readiness)
    hasher.combine(s.prospect)
    hasher.combine(s.province)
    hasher.combine(s.region)
    hasher.combine(s.channel)
    hasher.combine(s.transferModes)
    hasher.combine(s.intellectualProperty)
    hasher.combine(s.confidentiality)
    hasher.combine(s.year)
    hasher.combine(s.fundingWanYuan)
    hasher.combine(s.attributes)
    hasher.combine(s.clearance)
  }

  /// This record updated by a newer one with the same identity: every field the newer record
  /// knows wins; what it leaves empty keeps the older value.
  public func updated(with newer: Achievement) -> Achievement {
    // Only what differs is written: an update that changes nothing leaves the copy sharing this
    // record's box, so the caller's `updated == self` is answered at once.
    var merged = self
    if !newer.title.isEmpty, newer.title != title { merged.title = newer.title }
    if let value = newer.summary, value != summary { merged.summary = value }
    if let value = newer.institution, value != institution { merged.institution = value }
    if !newer.team.isEmpty, newer.team != team { merged.team = newer.team }
    if let value = newer.field, value != field { merged.field = value }
    if newer.readiness != .unknown, newer.readiness != readiness { merged.readiness = newer.readiness }
    if let value = newer.prospect, value != prospect { merged.prospect = value }
    if let value = newer.province, value != province { merged.province = value }
    if let value = newer.region, value != region { merged.region = value }
    if newer.channel != .other, newer.channel != channel { merged.channel = newer.channel }
    if !newer.transferModes.isEmpty, newer.transferModes != transferModes { merged.transferModes = newer.transferModes }
    if !newer.intellectualProperty.isEmpty, newer.intellectualProperty != intellectualProperty {
      merged.intellectualProperty = newer.intellectualProperty
    }
    if newer.confidentialityStated {
      let status = Self.confidentiality(stored: self, stated: newer.confidentiality)
      if status != merged.confidentiality { merged.confidentiality = status }
    }
    if merged.confidentialityStated != confidentialityStated { merged.confidentialityStated = confidentialityStated }
    if let value = newer.year, value != year { merged.year = value }
    if let value = newer.fundingWanYuan, value != fundingWanYuan { merged.fundingWanYuan = value }
    for (key, value) in newer.attributes where merged.attributes[key] != value { merged.attributes[key] = value }
    return merged
  }

  /// The status after a source states `stated` about a stored record: `restricted` always wins;
  /// `cleared` lifts `pending` but never `restricted` (only a recorded review does); `pending`
  /// puts a cleared record back under review unless a recorded review cleared it.
  public static func confidentiality(stored: Achievement, stated: Confidentiality) -> Confidentiality {
    switch (stored.confidentiality, stated) {
    case (_, .restricted), (.restricted, _): .restricted
    case (_, .cleared): .cleared
    case (.cleared, .pending): stored.clearance?.decision == .cleared ? .cleared : .pending
    case (.pending, .pending): .pending
    }
  }

  /// This record after a recorded confidentiality review: the review decides the status.
  public func reviewed(_ review: ClearanceReview) -> Achievement {
    var record = self
    record.confidentiality = review.decision
    record.clearance = review
    return record
  }
}
