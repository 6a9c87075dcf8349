import Foundation

/// A host's level in the 部省市县 network of the programme (002 六.2): the ministry's centre,
/// a provincial department, a city, a high-tech or agricultural zone, a county.
public enum HostLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// The organiser: the Torch Centre or the ministry (部).
  case ministry
  /// A provincial science and technology department (省).
  case province
  /// A city (市).
  case city
  /// A high-tech or agricultural high-tech zone (园区).
  case zone
  /// A county (县).
  case county

  /// Higher levels first: ministry < province < city < zone < county.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// The level's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.ministry, .zhCN): "部"
    case (.ministry, .en): "ministry"
    case (.province, .zhCN): "省"
    case (.province, .en): "province"
    case (.city, .zhCN): "市"
    case (.city, .en): "city"
    case (.zone, .zhCN): "园区"
    case (.zone, .en): "zone"
    case (.county, .zhCN): "县"
    case (.county, .en): "county"
    }
  }
}

/// A host of events as the ledger knows it: its level and the host above it.
public struct LedgerHost: Sendable, Hashable, Codable {
  /// Name (承办单位), the host's identity.
  public var name: String
  /// Level in the network.
  public var level: HostLevel?
  /// The host above (a city's province department, a province's ministry centre).
  public var parent: String?
  /// Province.
  public var province: String?

  /// Creates a host.
  public init(name: String, level: HostLevel? = nil, parent: String? = nil, province: String? = nil) {
    self.name = name
    self.level = level
    self.parent = parent
    self.province = province
  }
}

/// Someone registered for an event (报名), and whether they attended (到场) when known.
public struct EventParticipant: Sendable, Hashable, Codable {
  /// Name (organisation or person).
  public var name: String
  /// Role.
  public var role: ParticipantRole
  /// Attended: `nil` until attendance is recorded.
  public var attended: Bool?

  /// Creates a participant entry.
  public init(name: String, role: ParticipantRole, attended: Bool? = nil) {
    self.name = name
    self.role = role
    self.attended = attended
  }
}

/// One event of a programme (一场路演活动), recorded by the run of its config.
///
/// Running the same config again records the same event (its ``key``) again: the event then has
/// the newest run's pitches; the earlier run stays in the run history.
public struct ProgrammeEvent: Sendable, Hashable, Codable {
  /// Stable identity: the config's `programme.event`, else host, programme and date.
  public var key: String
  /// Programme name.
  public var programme: String
  /// The series the event belongs to (the config's `programme.series`, else the programme
  /// name): the re-pitch rule looks at the other events of the same series.
  public var series: String
  /// Programme year.
  public var year: Int?
  /// The host.
  public var host: LedgerHost
  /// Date of the event (YYYY-MM-DD), when fixed.
  public var date: String?
  /// The run that recorded the event last.
  public var run: String
  /// Event formats (plugin ids).
  public var formats: [String]
  /// Whether any of the event's formats is online.
  public var online: Bool
  /// One-to-one meetings scheduled at the event.
  public var meetingsScheduled: Int
  /// Records the event's intake read (added, updated, unchanged and merged).
  public var collected: Int = 0
  /// Records that entered its screening funnel.
  public var screened: Int = 0
  /// Follow-up checkpoints after the event, in months (from the follow-up plan; 3, 6 and 12
  /// when the config has none).
  public var checkpoints: [Int]
  /// The achievements that pitched, in the order chosen.
  public var pitched: [AchievementID]
  /// Participants registered.
  public var participants: [EventParticipant]
  /// Enterprise interest responses collected for the event.
  public var responses: [EnterpriseInterest]
  /// Enterprise demands collected for the event.
  public var demands: [EnterpriseDemand]

  /// Creates an event.
  public init(
    key: String, programme: String, series: String, year: Int? = nil, host: LedgerHost, date: String? = nil,
    run: String, formats: [String] = [], online: Bool = false, meetingsScheduled: Int = 0,
    checkpoints: [Int] = ProgrammeEvent.defaultCheckpoints, pitched: [AchievementID] = [],
    participants: [EventParticipant] = [], responses: [EnterpriseInterest] = [], demands: [EnterpriseDemand] = []
  ) {
    self.key = key
    self.programme = programme
    self.series = series
    self.year = year
    self.host = host
    self.date = date
    self.run = run
    self.formats = formats
    self.online = online
    self.meetingsScheduled = meetingsScheduled
    self.checkpoints = checkpoints
    self.pitched = pitched
    self.participants = participants
    self.responses = responses
    self.demands = demands
  }

  /// Follow-up checkpoints when a config names none: 3, 6 and 12 months after the pitch.
  public static let defaultCheckpoints = [3, 6, 12]

  /// The key of the event a run of `programme` by `host` on `eventDate` records: the config's
  /// `programme.event`, else host, programme and date (or year).
  public static func key(programme: ProgrammeInfo, host: String, eventDate: String?) -> String {
    if let key = programme.event { return key }
    let when = eventDate ?? programme.year.map(String.init) ?? ""
    return "\(host)|\(programme.name)|\(when)"
  }

  /// The event's year: its date's, else the programme year.
  public var calendarYear: Int? { date.flatMap { Int($0.prefix(4)) } ?? year }
}

/// An achievement pitched at an event, as the re-pitch rule and the follow-up see it.
public struct Pitch: Sendable, Hashable, Codable {
  /// The achievement.
  public var achievement: AchievementID
  /// The event's key.
  public var event: String
  /// The event's series.
  public var series: String
  /// The event's programme name.
  public var programme: String
  /// The event's host.
  public var host: String
  /// The event's date, when fixed.
  public var date: String?

  /// Creates a pitch.
  public init(
    achievement: AchievementID, event: String, series: String, programme: String, host: String, date: String?
  ) {
    self.achievement = achievement
    self.event = event
    self.series = series
    self.programme = programme
    self.host = host
    self.date = date
  }
}

/// A step of the conversion chain a pitched project is followed along (002 一.3), plus the
/// plain check-in of a follow-up visit and the steps of the transaction services of a technology
/// exchange (挂牌 → 竞价 → 签约 → 结算 → 登记 → 公示 → 凭证).
public enum MilestoneKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// A follow-up visit or call (跟踪回访) with no step forward.
  case checkIn = "check_in"
  /// The on-site review at the pitch (现场评议): the panel's rank and score and the experts'
  /// comments, recorded from an on-site review round; it opens the case, it is not a step.
  case onsiteReview = "onsite_review"
  /// A meeting with an enterprise or investor (对接洽谈).
  case meeting
  /// An intent agreed (意向).
  case intent
  /// A contract signed (签约), with its amount.
  case contract
  /// The technology contract registered (技术合同登记), with its number.
  case registration
  /// A transaction: transfer, licence or equity (转让、许可、作价入股), with its amount.
  case transaction
  /// Finance: investment, loan or IP pledge (融资), with party and amount.
  case finance
  /// Landing: a company registered or production started (落地), and where.
  case landing
  /// Listed on a technology exchange (挂牌), with the exchange as party.
  case listing
  /// Competitive bidding organised (组织竞价).
  case bidding
  /// Funds settled (资金结算), with the amount.
  case settlement
  /// Transaction published (信息公示).
  case publicNotice = "public_notice"
  /// Transaction certificate issued (出具凭证), with its number.
  case certificate

  /// Order along the chain.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// The full transaction service of a technology exchange (002 一.3), in order.
  public static let transactionServices: [MilestoneKind] = [
    .listing, .bidding, .contract, .settlement, .registration, .publicNotice, .certificate,
  ]

  /// The steps of the conversion chain, in order (check-ins are not a step).
  public static let chain: [MilestoneKind] = [
    .meeting, .intent, .contract, .registration, .transaction, .finance, .landing,
  ]

  /// Accepts the id (`contract`), its Chinese name (`签约`) or a common synonym.
  public init?(text: String) {
    let value = text.trimmingWhitespace().lowercased()
    if let kind = MilestoneKind(rawValue: value) {
      self = kind
      return
    }
    switch value {
    case "check-in", "checkin", "跟踪回访", "回访", "跟踪": self = .checkIn
    case "onsite", "on-site review", "现场评议", "现场评审": self = .onsiteReview
    case "对接", "洽谈", "对接洽谈", "会谈": self = .meeting
    case "意向", "签订意向", "意向协议": self = .intent
    case "签约", "合同", "合同签订", "signed": self = .contract
    case "技术合同登记", "合同登记", "登记": self = .registration
    case "交易", "转让", "许可", "作价入股", "成果交易": self = .transaction
    case "融资", "投融资", "投资", "贷款", "质押": self = .finance
    case "落地", "落地转化", "产业化": self = .landing
    case "挂牌", "成果挂牌": self = .listing
    case "竞价", "组织竞价": self = .bidding
    case "结算", "资金结算": self = .settlement
    case "公示", "信息公示", "public notice": self = .publicNotice
    case "凭证", "出具凭证", "交易凭证": self = .certificate
    default: return nil
    }
  }

  /// The step's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.checkIn, .zhCN): "跟踪回访"
    case (.checkIn, .en): "check-in"
    case (.onsiteReview, .zhCN): "现场评议"
    case (.onsiteReview, .en): "on-site review"
    case (.meeting, .zhCN): "对接洽谈"
    case (.meeting, .en): "meeting"
    case (.intent, .zhCN): "意向"
    case (.intent, .en): "intent"
    case (.contract, .zhCN): "签约"
    case (.contract, .en): "contract signed"
    case (.registration, .zhCN): "技术合同登记"
    case (.registration, .en): "contract registered"
    case (.transaction, .zhCN): "成果交易"
    case (.transaction, .en): "transaction"
    case (.finance, .zhCN): "融资"
    case (.finance, .en): "finance"
    case (.landing, .zhCN): "落地"
    case (.landing, .en): "landed"
    case (.listing, .zhCN): "成果挂牌"
    case (.listing, .en): "listed on an exchange"
    case (.bidding, .zhCN): "组织竞价"
    case (.bidding, .en): "bidding"
    case (.settlement, .zhCN): "资金结算"
    case (.settlement, .en): "funds settled"
    case (.publicNotice, .zhCN): "信息公示"
    case (.publicNotice, .en): "published"
    case (.certificate, .zhCN): "出具凭证"
    case (.certificate, .en): "certificate issued"
    }
  }

  /// The modes a step is recorded with (`transfer`, `licence`, `equity` for a transaction;
  /// `investment`, `loan`, `ip_pledge` for finance), empty when it has none.
  public var modes: [String] {
    switch self {
    case .transaction: ["transfer", "licence", "equity"]
    case .finance: ["investment", "loan", "ip_pledge", "securitisation"]
    default: []
    }
  }
}

/// One dated fact in a follow-up case (跟踪记录), never overwritten: a correction is a new entry
/// that supersedes the old one.
public struct MilestoneEntry: Sendable, Hashable, Codable {
  /// The ledger's number for the entry; `nil` until recorded.
  public var sequence: Int?
  /// The achievement followed.
  public var achievement: AchievementID
  /// The step.
  public var kind: MilestoneKind
  /// When it happened (YYYY-MM-DD).
  public var date: String
  /// Amount in 10,000 yuan (万元): contract, transaction, finance.
  public var amountWanYuan: Double?
  /// The other party: enterprise, investor, bank.
  public var party: String?
  /// A reference: the technology contract registration number (技术合同登记号).
  public var reference: String?
  /// Transaction or finance mode (see ``MilestoneKind/modes``).
  public var mode: String?
  /// Where the project landed.
  public var place: String?
  /// A note.
  public var note: String?
  /// The entry this one corrects, by sequence number.
  public var supersedes: Int?
  /// When it was recorded (ISO 8601).
  public var recordedAt: String
  /// Who recorded it.
  public var recordedBy: String
  /// Where it came from: `command line`, a file name, the web platform.
  public var source: String

  /// Creates an entry.
  public init(
    achievement: AchievementID, kind: MilestoneKind, date: String, amountWanYuan: Double? = nil,
    party: String? = nil, reference: String? = nil, mode: String? = nil, place: String? = nil,
    note: String? = nil, supersedes: Int? = nil, recordedAt: String, recordedBy: String, source: String,
    sequence: Int? = nil
  ) {
    self.sequence = sequence
    self.achievement = achievement
    self.kind = kind
    self.date = date
    self.amountWanYuan = amountWanYuan
    self.party = party
    self.reference = reference
    self.mode = mode
    self.place = place
    self.note = note
    self.supersedes = supersedes
    self.recordedAt = recordedAt
    self.recordedBy = recordedBy
    self.source = source
  }

  /// The entries that still stand: those no later entry supersedes, oldest first.
  public static func standing(_ entries: [MilestoneEntry]) -> [MilestoneEntry] {
    let superseded = Set(entries.compactMap(\.supersedes))
    return entries.filter { entry in entry.sequence.map { !superseded.contains($0) } ?? true }
  }
}

/// Why two records are one achievement.
public enum LinkReason: String, Sendable, Hashable, Codable {
  /// Same normalised title and institution, found at intake.
  case sameTitleAndInstitution = "same_title_and_institution"
  /// Declared by a person (`roadshow library link`).
  case declared
}

/// A source record merged into another record of the same achievement (同一成果多来源合并).
/// Reversible: undoing it keeps the link with ``undoneAt`` set, so intake does not merge the
/// pair again.
public struct IdentityLink: Sendable, Hashable, Codable {
  /// The merged source record.
  public var record: AchievementID
  /// The record it was merged into: the achievement's identity.
  public var into: AchievementID
  /// Why.
  public var reason: LinkReason
  /// When (ISO 8601).
  public var linkedAt: String
  /// By whom or which run.
  public var linkedBy: String
  /// When it was undone, if it was.
  public var undoneAt: String?
  /// Who undid it.
  public var undoneBy: String?

  /// Creates a link.
  public init(
    record: AchievementID, into: AchievementID, reason: LinkReason, linkedAt: String, linkedBy: String,
    undoneAt: String? = nil, undoneBy: String? = nil
  ) {
    self.record = record
    self.into = into
    self.reason = reason
    self.linkedAt = linkedAt
    self.linkedBy = linkedBy
    self.undoneAt = undoneAt
    self.undoneBy = undoneBy
  }

  /// Whether the link holds.
  public var isActive: Bool { undoneAt == nil }
}

/// What a run needs to know from the ledger before it starts: earlier pitches (the re-pitch
/// rule) and identity links (cross-source merges).
public struct LedgerSnapshot: Sendable {
  /// Earlier pitches, by achievement.
  public var pitches: [AchievementID: [Pitch]]
  /// Every link ever made, undone ones included.
  public var links: [IdentityLink]
  /// Every recorded event, oldest first.
  public var events: [ProgrammeEvent]
  /// Every follow-up milestone entry, superseded ones included, oldest first.
  public var milestones: [MilestoneEntry]

  /// Creates a snapshot.
  public init(
    pitches: [AchievementID: [Pitch]] = [:], links: [IdentityLink] = [], events: [ProgrammeEvent] = [],
    milestones: [MilestoneEntry] = []
  ) {
    self.pitches = pitches
    self.links = links
    self.events = events
    self.milestones = milestones
  }

  /// A ledger that knows nothing yet.
  public static let empty = LedgerSnapshot()
}

/// Everything one successful run writes to the ledger, in one transaction.
public struct RunCommit: Sendable {
  /// The run.
  public var run: RunRecord
  /// The config text the run used.
  public var configText: String
  /// Records added or changed (achievements as identities, merged sources excluded).
  public var changed: [Achievement]
  /// Every screening decision.
  public var decisions: [StageDecision]
  /// The event the run held, when its config has an event stage.
  public var event: ProgrammeEvent?
  /// Source records merged into another record in this run, and their links.
  public var merged: [(record: Achievement, link: IdentityLink)]
  /// Called by a library whose ``ProjectLibrary/waitsForGate`` is `true` inside the commit's
  /// transaction, once everything is written and before it is made durable; when it throws,
  /// nothing is committed and its error is the commit's. The runner waits there for the output
  /// folder it stages while the library writes.
  public var gate: (@Sendable () throws -> Void)?
  /// Called by a library whose ``ProjectLibrary/writesWhileRunning`` is `true` inside the
  /// commit's transaction once ``changed`` is written: it blocks until the run has finished and
  /// returns the rest of the commit (its ``changed`` are the records changed since, written
  /// next; its run, decisions, event, merged sources and gate are the ones written). When it
  /// throws, nothing is committed and its error is the commit's.
  public var remainder: (@Sendable () throws -> RunCommit)?
  /// Called by a library whose ``ProjectLibrary/writesWhileRunning`` is `true` inside the
  /// commit's transaction once ``changed`` is written and before ``remainder``: it blocks until
  /// the run's screening is done and returns its decisions (final: the rest of the commit holds
  /// the same), so that the library stores them while the run writes its reports. When it
  /// throws, nothing is committed and its error is the commit's.
  public var decisionsWhenScreened: (@Sendable () throws -> [StageDecision])?
  /// Set for a library whose ``ProjectLibrary/writesWhileRunning`` is `true`: records to write
  /// right after ``changed``, handed over once (the closure gives them up), so that the library
  /// does not hold every record of a national library through the rest of the run once they
  /// are written.
  public var takeChanged: (@Sendable () -> [Achievement])?

  /// Creates a commit.
  public init(
    run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision],
    event: ProgrammeEvent? = nil, merged: [(record: Achievement, link: IdentityLink)] = []
  ) {
    self.run = run
    self.configText = configText
    self.changed = changed
    self.decisions = decisions
    self.event = event
    self.merged = merged
  }
}
