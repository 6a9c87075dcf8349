import Foundation

/// A segment of a roadshow agenda. The standard on-site order is 001 §4.8: keynote and experience
/// sharing → holders' pitches → expert review → Q&A from enterprises and parks → one-to-one docking.
public enum AgendaSegment: String, Sendable, Hashable, Codable, CaseIterable {
  /// 开场致辞
  case opening
  /// 科技成果转化主旨演讲与经验分享
  case keynote
  /// 科技成果持有人现场路演
  case pitch
  /// 技术及行业专家现场评议
  case expertReview = "expert_review"
  /// 投资机构现场点评 (a demo day's review by investors)
  case investorReview = "investor_review"
  /// 科技企业及产业园区问答
  case questions
  /// 台下"一对一"对接交流
  case oneToOne = "one_to_one"
  /// 茶歇
  case `break`
  /// 午餐
  case lunch
  /// 培训课程 (training camps)
  case training
  /// 线上展示与直播
  case online
  /// 其他
  case other

  /// The segment's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.opening, .zhCN): "开场致辞"
    case (.opening, .en): "Opening"
    case (.keynote, .zhCN): "科技成果转化主旨演讲与经验分享"
    case (.keynote, .en): "Keynote and experience sharing"
    case (.pitch, .zhCN): "科技成果持有人现场路演"
    case (.pitch, .en): "Holders' pitches"
    case (.expertReview, .zhCN): "技术及行业专家现场评议"
    case (.expertReview, .en): "On-site expert review"
    case (.investorReview, .zhCN): "投资机构现场点评"
    case (.investorReview, .en): "Investors' review"
    case (.questions, .zhCN): "科技企业及产业园区问答"
    case (.questions, .en): "Q&A from enterprises and parks"
    case (.oneToOne, .zhCN): "台下“一对一”对接交流"
    case (.oneToOne, .en): "One-to-one docking"
    case (.break, .zhCN): "茶歇"
    case (.break, .en): "Break"
    case (.lunch, .zhCN): "午餐"
    case (.lunch, .en): "Lunch"
    case (.training, .zhCN): "培训课程"
    case (.training, .en): "Training"
    case (.online, .zhCN): "线上展示与直播"
    case (.online, .en): "Online display and livestream"
    case (.other, .zhCN): "其他"
    case (.other, .en): "Other"
    }
  }
}

/// One line of an agenda.
public struct AgendaItem: Sendable, Hashable, Codable {
  /// Start, in minutes after midnight of the event day.
  public var start: Int
  /// End, in minutes after midnight.
  public var end: Int
  /// Which segment of the standard agenda this is.
  public var segment: AgendaSegment
  /// Title of the item (the pitched project's title, the keynote's theme…).
  public var title: String
  /// Who speaks or takes part.
  public var people: [String]
  /// The achievement pitched, for pitch items.
  public var achievement: AchievementID?

  /// Creates an agenda item.
  public init(
    start: Int, end: Int, segment: AgendaSegment, title: String, people: [String] = [],
    achievement: AchievementID? = nil
  ) {
    self.start = start
    self.end = end
    self.segment = segment
    self.title = title
    self.people = people
    self.achievement = achievement
  }

  /// `HH:MM` for a minute of the day.
  public static func clock(_ minutes: Int) -> String {
    String(format: "%02d:%02d", minutes / 60, minutes % 60)
  }
}

/// A planned event (路演活动): on-site, online, or both.
public struct RoadshowEvent: Sendable, Hashable, Codable {
  /// The plugin that planned it.
  public var format: String
  /// Title.
  public var title: String
  /// Date (`YYYY-MM-DD`), when fixed.
  public var date: String?
  /// Venue, or the online channel's name.
  public var venue: String?
  /// Whether the event is online.
  public var online: Bool
  /// The agenda, in time order.
  public var agenda: [AgendaItem]
  /// Achievements presented (pitched on site, or displayed online).
  public var achievements: [AchievementID]
  /// One-to-one meetings scheduled (一对一洽谈), when the format schedules them.
  public var meetings: Int?

  /// Creates an event.
  public init(
    format: String, title: String, date: String? = nil, venue: String? = nil, online: Bool = false,
    agenda: [AgendaItem] = [], achievements: [AchievementID] = [], meetings: Int? = nil
  ) {
    self.meetings = meetings
    self.format = format
    self.title = title
    self.date = date
    self.venue = venue
    self.online = online
    self.agenda = agenda
    self.achievements = achievements
  }
}

/// A follow-up service offered to a pitched project (后续服务).
public enum FollowUpServiceKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// 概念验证
  case proofOfConcept = "proof_of_concept"
  /// 创业孵化
  case incubation
  /// 产业场景应用
  case scenarioApplication = "scenario_application"
  /// 投融资对接
  case financing
  /// 技术交易服务
  case transaction

  /// The service's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.proofOfConcept, .zhCN): "概念验证"
    case (.proofOfConcept, .en): "proof of concept"
    case (.incubation, .zhCN): "创业孵化"
    case (.incubation, .en): "incubation"
    case (.scenarioApplication, .zhCN): "产业场景应用"
    case (.scenarioApplication, .en): "industrial scenario application"
    case (.financing, .zhCN): "投融资对接"
    case (.financing, .en): "financing"
    case (.transaction, .zhCN): "技术交易服务"
    case (.transaction, .en): "transaction services"
    }
  }
}

/// A checkpoint of a follow-up case.
public struct Milestone: Sendable, Hashable, Codable {
  /// Months after the event.
  public var monthsAfterEvent: Int
  /// Due date (`YYYY-MM-DD`), when the event date is known.
  public var due: String?
  /// What is checked.
  public var check: LocalizedText

  /// Creates a milestone.
  public init(monthsAfterEvent: Int, due: String?, check: LocalizedText) {
    self.monthsAfterEvent = monthsAfterEvent
    self.due = due
    self.check = check
  }
}

extension Milestone {
  /// One milestone per checkpoint in `months` (months after the event), each due that many months
  /// after `eventDate` when the date is known; `check` words the check at each checkpoint from its
  /// position in the list and its month.
  public static func checkpoints(
    _ months: [Int], after eventDate: String?, check: (_ index: Int, _ months: Int) -> LocalizedText
  ) -> [Milestone] {
    months.enumerated().map { index, month in
      Milestone(
        monthsAfterEvent: month, due: eventDate.flatMap { CalendarDate.adding(months: month, to: $0) },
        check: check(index, month))
    }
  }
}

/// The long-term tracking of one pitched project until it lands (跟踪服务).
public struct FollowUpCase: Sendable, Hashable, Codable {
  /// The tracked achievement.
  public var achievement: AchievementID
  /// Its title, for readers of the plan.
  public var title: String
  /// Services offered.
  public var services: [FollowUpServiceKind]
  /// Checkpoints, in order.
  public var milestones: [Milestone]
  /// Enterprises that showed interest, to be contacted first.
  public var leads: [String]

  /// Creates a case.
  public init(
    achievement: AchievementID, title: String, services: [FollowUpServiceKind],
    milestones: [Milestone], leads: [String] = []
  ) {
    self.achievement = achievement
    self.title = title
    self.services = services
    self.milestones = milestones
    self.leads = leads
  }
}

/// Progress against a target named in a seed document, for the work summary.
public struct ProgressIndicator: Sendable, Hashable, Codable {
  /// What is counted.
  public var name: LocalizedText
  /// Counted so far (in this run or the library).
  public var value: Double
  /// The target, when the seed names one.
  public var target: Double?
  /// Unit, if any (个, 万亩, %).
  public var unit: LocalizedText?
  /// Where the target comes from ("002 §二").
  public var source: String?

  /// Creates an indicator.
  public init(
    name: LocalizedText, value: Double, target: Double? = nil, unit: LocalizedText? = nil,
    source: String? = nil
  ) {
    self.name = name
    self.value = value
    self.target = target
    self.unit = unit
    self.source = source
  }
}
