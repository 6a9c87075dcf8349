import Foundation

/// A technology need of an enterprise (企业技术需求).
public struct EnterpriseDemand: Sendable, Hashable, Codable, Identifiable {
  /// Stable identity.
  public var id: String
  /// The enterprise with the need.
  public var enterprise: String
  /// What is needed.
  public var title: String
  /// Longer description.
  public var detail: String?
  /// Industry field.
  public var field: String?
  /// Province of the enterprise.
  public var province: String?
  /// Lowest technology maturity the enterprise will consider.
  public var minimumReadiness: Int?
  /// Transfer modes the enterprise accepts (委托研发, 联合研发, 许可…).
  public var modes: [TransferMode]
  /// Which list it belongs to: a technology demand or an application scenario; `nil` when the
  /// source does not say (a technology demand).
  public var category: DemandCategory?
  /// Whether the enterprise agreed to publish it; `nil` when the source does not say.
  public var publishable: Bool?
  /// The enterprise's kind as the source wrote it (`central`, `private`, `sme`).
  public var enterpriseKind: String?

  /// Creates a demand.
  public init(
    id: String, enterprise: String, title: String, detail: String? = nil, field: String? = nil,
    province: String? = nil, minimumReadiness: Int? = nil, modes: [TransferMode] = []
  ) {
    self.id = id
    self.enterprise = enterprise
    self.title = title
    self.detail = detail
    self.field = field
    self.province = province
    self.minimumReadiness = minimumReadiness
    self.modes = modes
  }
}

/// The list an enterprise demand is published in (002 三.1).
public enum DemandCategory: String, Sendable, Hashable, Codable, CaseIterable {
  /// A technology demand (技术需求清单).
  case technology = "demand"
  /// A new-technology application scenario (新技术应用场景清单).
  case scenario

  /// Accepts the id, `technology`, or the Chinese list names.
  public init?(text: String) {
    switch text.trimmingWhitespace().lowercased() {
    case "demand", "technology", "技术需求", "需求": self = .technology
    case "scenario", "应用场景", "场景": self = .scenario
    default: return nil
    }
  }
}

/// The role a participant plays at a roadshow (受众 and 专家).
public enum ParticipantRole: String, Sendable, Hashable, Codable, CaseIterable {
  /// 科技企业
  case enterprise
  /// 上市公司
  case listedCompany = "listed_company"
  /// 产业园区
  case park
  /// 县（市）：创新型县（市）、重点帮扶县
  case county
  /// 投资机构
  case investor
  /// 银行
  case bank
  /// 技术及行业专家
  case expert
  /// 成果持有人
  case holder

  /// The role's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.enterprise, .zhCN): "科技企业"
    case (.enterprise, .en): "enterprise"
    case (.listedCompany, .zhCN): "上市公司"
    case (.listedCompany, .en): "listed company"
    case (.park, .zhCN): "产业园区"
    case (.park, .en): "industrial park"
    case (.county, .zhCN): "县（市）"
    case (.county, .en): "county"
    case (.investor, .zhCN): "投资机构"
    case (.investor, .en): "investor"
    case (.bank, .zhCN): "银行"
    case (.bank, .en): "bank"
    case (.expert, .zhCN): "专家"
    case (.expert, .en): "expert"
    case (.holder, .zhCN): "成果持有人"
    case (.holder, .en): "holder"
    }
  }
}

/// Someone who takes part in a roadshow: an enterprise, park, investor, listed company, bank,
/// expert or holder.
public struct Participant: Sendable, Hashable, Codable, Identifiable {
  /// Stable identity.
  public var id: String
  /// Name (organisation or person).
  public var name: String
  /// Role.
  public var role: ParticipantRole
  /// Organisation, for experts and holders.
  public var organisation: String?
  /// Province.
  public var province: String?
  /// Fields of interest or expertise.
  public var fields: [String]

  /// Creates a participant.
  public init(
    id: String, name: String, role: ParticipantRole, organisation: String? = nil,
    province: String? = nil, fields: [String] = []
  ) {
    self.id = id
    self.name = name
    self.role = role
    self.organisation = organisation
    self.province = province
    self.fields = fields
  }
}

/// How interested an enterprise is in a shortlisted achievement (对接意愿).
public enum InterestLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// 无意向
  case none
  /// 了解
  case low
  /// 有意向
  case medium
  /// 强烈意向
  case high

  /// Weight used in scoring: 0, 1, 2, 3.
  public var weight: Double {
    switch self {
    case .none: 0
    case .low: 1
    case .medium: 2
    case .high: 3
    }
  }

  /// Accepts the English id, a digit 0–3, or the Chinese wording.
  public init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces).lowercased()
    switch value {
    case "none", "0", "无", "无意向", "no": self = .none
    case "low", "1", "一般", "了解", "低": self = .low
    case "medium", "2", "有意向", "中", "较强": self = .medium
    case "high", "3", "强烈", "强烈意向", "高", "强": self = .high
    default: return nil
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.weight < rhs.weight }

  /// The level's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.none, .zhCN): "无意向"
    case (.low, .zhCN): "了解"
    case (.medium, .zhCN): "有意向"
    case (.high, .zhCN): "强烈意向"
    case (_, .en): rawValue
    }
  }
}

/// An enterprise's response to a pushed shortlist entry (对接意愿及相关建议).
public struct EnterpriseInterest: Sendable, Hashable, Codable {
  /// The achievement responded to.
  public var achievement: AchievementID
  /// The responding enterprise.
  public var enterprise: String
  /// Interest level.
  public var level: InterestLevel
  /// Free comment.
  public var comment: String?

  /// Creates a response.
  public init(achievement: AchievementID, enterprise: String, level: InterestLevel, comment: String? = nil) {
    self.achievement = achievement
    self.enterprise = enterprise
    self.level = level
    self.comment = comment
  }
}
