import Foundation
import RoadshowKernel

/// The keys under which the university track stores its fields in ``Achievement/attributes``.
///
/// Other tracks and tools can read them; the values are the raw values of the enums below
/// (`rights: long_term_use`, `tto_authorised: yes`).
public enum SpinoffAttribute {
  /// The technology-transfer office that submitted the record (技术转移机构).
  public static let office = "tto"
  /// Whether the office is authorised to negotiate for the university and its researchers
  /// (授权技术转移机构代表高校和科研人员对接谈判): `yes` or `no`.
  public static let authorised = "tto_authorised"
  /// The rights the researchers hold in the achievement (赋权): a ``RightsStatus`` raw value.
  public static let rights = "rights"
  /// How far the founders commit to the company (创业意愿): a ``FounderCommitment`` raw value.
  public static let founder = "founder_commitment"
  /// Who founds: a ``FounderRole`` raw value.
  public static let founderRole = "founder_role"
}

/// Ownership or long-term-use rights given to the researchers in a service achievement
/// (赋予科研人员职务科技成果所有权或长期使用权, 002 §二（五）2).
public enum RightsStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// No rights given: the university holds everything (未赋权).
  case none
  /// Ownership (or a share of it) given to the researchers (赋予所有权).
  case ownership
  /// Long-term use given to the researchers (赋予长期使用权).
  case longTermUse = "long_term_use"

  /// Accepts the raw value or the usual Chinese wording.
  public init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let status = RightsStatus(rawValue: value) {
      self = status
      return
    }
    switch value {
    case "无", "未赋权", "否", "no": self = .none
    case "所有权", "赋予所有权", "所有权赋权", "部分所有权", "赋权（所有权）": self = .ownership
    case "长期使用权", "赋予长期使用权", "使用权", "赋权（长期使用权）": self = .longTermUse
    default: return nil
    }
  }

  /// The status in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.none, .zhCN): "未赋权"
    case (.none, .en): "no rights"
    case (.ownership, .zhCN): "赋予所有权"
    case (.ownership, .en): "ownership"
    case (.longTermUse, .zhCN): "赋予长期使用权"
    case (.longTermUse, .en): "long-term use"
    }
  }
}

/// How far the founding researchers commit to the company (创业意愿与投入).
public enum FounderCommitment: String, Sendable, Hashable, Codable, CaseIterable {
  /// Full time, on leave from the university if need be (全职或离岗创业).
  case fullTime = "full_time"
  /// Part time, keeping the university post (兼职或在岗创业).
  case partTime = "part_time"
  /// Adviser or technology shareholder only (技术顾问或技术入股).
  case advisor
  /// No one will found (无创业意愿).
  case none

  /// Accepts the raw value or the usual Chinese wording.
  public init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let commitment = FounderCommitment(rawValue: value) {
      self = commitment
      return
    }
    switch value {
    case "全职", "全职创业", "离岗创业", "离岗": self = .fullTime
    case "兼职", "兼职创业", "在岗创业", "在岗": self = .partTime
    case "顾问", "技术顾问", "技术入股": self = .advisor
    case "无", "否", "无意愿", "no": self = .none
    default: return nil
    }
  }

  /// The share of the commitment part of the readiness score this earns (1, 0.6, 0.3, 0).
  public var factor: Double {
    switch self {
    case .fullTime: 1
    case .partTime: 0.6
    case .advisor: 0.3
    case .none: 0
    }
  }

  /// The commitment in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.fullTime, .zhCN): "全职创业"
    case (.fullTime, .en): "full time"
    case (.partTime, .zhCN): "兼职创业"
    case (.partTime, .en): "part time"
    case (.advisor, .zhCN): "技术顾问/技术入股"
    case (.advisor, .en): "adviser only"
    case (.none, .zhCN): "无创业意愿"
    case (.none, .en): "no founder"
    }
  }
}

/// Who founds the company: teachers, students or both (高校教师学生携带科技成果创业).
public enum FounderRole: String, Sendable, Hashable, Codable, CaseIterable {
  /// 教师
  case teacher
  /// 学生
  case student
  /// 师生共同
  case both

  /// Accepts the raw value or the Chinese wording.
  public init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let role = FounderRole(rawValue: value) {
      self = role
      return
    }
    switch value {
    case "教师", "老师", "科研人员": self = .teacher
    case "学生", "研究生", "博士生": self = .student
    case "师生", "师生共同", "教师和学生", "教师与学生": self = .both
    default: return nil
    }
  }
}

/// Reads a yes/no cell: `yes`, `no`, `true`, `false`, `1`, `0`, 是, 否, 已授权, 未授权.
enum YesNo {
  static func parse(_ text: String) -> Bool? {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "yes", "y", "true", "1", "是", "已授权", "授权", "有": true
    case "no", "n", "false", "0", "否", "未授权", "无": false
    default: nil
    }
  }
}

/// The university-track view of an achievement: its attributes, parsed.
public struct SpinoffProfile: Sendable, Hashable {
  /// The submitting technology-transfer office.
  public var office: String?
  /// Whether the office is authorised to negotiate; `nil` when not reported.
  public var authorised: Bool?
  /// The researchers' rights; `nil` when not reported.
  public var rights: RightsStatus?
  /// The founders' commitment; `nil` when not reported.
  public var founder: FounderCommitment?
  /// Who founds; `nil` when not reported.
  public var founderRole: FounderRole?

  /// Reads the profile from an achievement's attributes.
  public init(_ achievement: Achievement) {
    let attributes = achievement.attributes
    office = attributes[SpinoffAttribute.office]
    authorised = attributes[SpinoffAttribute.authorised].flatMap(YesNo.parse)
    rights = attributes[SpinoffAttribute.rights].flatMap(RightsStatus.init(text:))
    founder = attributes[SpinoffAttribute.founder].flatMap(FounderCommitment.init(text:))
    founderRole = attributes[SpinoffAttribute.founderRole].flatMap(FounderRole.init(text:))
  }

  /// Whether a company can take the achievement in: the researchers hold rights, or the office
  /// may negotiate a licence or an equity deal for the university.
  public var ipCleared: Bool {
    (rights == .ownership || rights == .longTermUse) || authorised == true
  }
}

/// Tells universities from other holders by the suffix of the holder's name, the way Chinese
/// institution names are built: the longest matching suffix decides, so `中国科学院` (科学院) is
/// not a university although it ends in `学院`, and `中国科学院大学` (大学) is one.
public enum HolderKind {
  /// Suffixes of universities and their schools.
  public static let universitySuffixes = ["大学", "学院", "研究生院"]
  /// Suffixes of other holders.
  public static let otherSuffixes = ["科学院", "研究院", "研究所", "医院", "中心", "公司", "集团", "实验室"]

  /// Whether `name` names a university (a campus in brackets, `山东大学（威海）`, is ignored).
  public static func isUniversity(_ name: String) -> Bool {
    var core = name.trimmingCharacters(in: .whitespacesAndNewlines)
    if let open = core.firstIndex(where: { $0 == "（" || $0 == "(" }), core.last == "）" || core.last == ")" {
      core = String(core[..<open]).trimmingCharacters(in: .whitespaces)
    }
    let university = universitySuffixes.filter { core.hasSuffix($0) }.map(\.count).max() ?? 0
    let other = otherSuffixes.filter { core.hasSuffix($0) }.map(\.count).max() ?? 0
    return university > other
  }
}
