import Foundation

/// An agenda (议程) built on a running clock: each item starts when the one before it ends, and a
/// lunch break (午餐) is put in before the first item that would run past the lunch window.
///
/// ```swift
/// var agenda = AgendaBuilder(start: 9 * 60)
/// agenda.add(10, .opening, "主办单位致辞", people: [host])
/// agenda.add(keynotes: keynotes)
/// agenda.lunchIfDue(before: 15, locale: locale)   // keeps a pitch, its review and Q&A together
/// agenda.add(8, .pitch, record.title, achievement: record.id)
/// let event = RoadshowEvent(format: id, title: title, agenda: agenda.items)
/// ```
public struct AgendaBuilder: Sendable, Hashable {
  /// When lunch is taken: not before `earliest`, and before anything that would end after
  /// `latestEnd` (minutes after midnight); it lasts `minutes`.
  public struct Lunch: Sendable, Hashable {
    /// The earliest start of lunch (11:30 by default).
    public var earliest: Int
    /// No item that starts at or after ``earliest`` may end later than this before lunch (12:30).
    public var latestEnd: Int
    /// How long lunch lasts (60 by default).
    public var minutes: Int

    /// Creates a lunch window.
    public init(earliest: Int = 11 * 60 + 30, latestEnd: Int = 12 * 60 + 30, minutes: Int = 60) {
      self.earliest = earliest
      self.latestEnd = latestEnd
      self.minutes = minutes
    }

    /// Lunch between 11:30 and 12:30, one hour.
    public static let standard = Lunch()
  }

  /// The items added so far, in time order.
  public private(set) var items: [AgendaItem] = []
  /// When the next item starts, in minutes after midnight: the end of the last item.
  public private(set) var clock: Int
  /// The lunch window, or `nil` for an agenda without lunch (a half day, an online session).
  public var lunch: Lunch?
  /// The language of the lunch item's title.
  public var locale: ReportLocale
  /// Whether lunch is already on the agenda.
  public private(set) var hadLunch = false

  /// An empty agenda whose first item starts at `start` (minutes after midnight), with lunch
  /// taken in the window `lunch` (`nil`: no lunch), titled in `locale`.
  public init(start: Int, lunch: Lunch? = .standard, locale: ReportLocale = .zhCN) {
    self.clock = start
    self.lunch = lunch
    self.locale = locale
  }

  /// Whether lunch must come before an item (or a group of items kept together) of `minutes`.
  public func lunchIsDue(before minutes: Int) -> Bool {
    guard let lunch, !hadLunch, minutes > 0 else { return false }
    return clock >= lunch.earliest && clock + minutes > lunch.latestEnd
  }

  /// Puts lunch on the agenda when it is due before `minutes` of items kept together (a pitch with
  /// its review and Q&A); returns whether it did.
  @discardableResult
  public mutating func lunchIfDue(before minutes: Int) -> Bool {
    guard let lunch, lunchIsDue(before: minutes) else { return false }
    hadLunch = true
    append(lunch.minutes, .lunch, locale == .zhCN ? "午餐" : "Lunch", people: [], achievement: nil)
    return true
  }

  /// Adds an item of `minutes` at the clock and moves the clock on, after lunch when it is due.
  /// An item of no minutes (a segment the config switched off with `0`) is left out.
  public mutating func add(
    _ minutes: Int, _ segment: AgendaSegment, _ title: String, people: [String] = [],
    achievement: AchievementID? = nil
  ) {
    guard minutes > 0 else { return }
    lunchIfDue(before: minutes)
    append(minutes, segment, title, people: people, achievement: achievement)
  }

  private mutating func append(
    _ minutes: Int, _ segment: AgendaSegment, _ title: String, people: [String], achievement: AchievementID?
  ) {
    items.append(
      AgendaItem(
        start: clock, end: clock + minutes, segment: segment, title: title, people: people, achievement: achievement))
    clock += minutes
  }

  /// Adds each keynote in order, as a ``AgendaSegment/keynote`` item titled with its topic.
  public mutating func add(keynotes: [Keynote]) {
    for keynote in keynotes { add(keynote.minutes, .keynote, keynote.topic, people: [keynote.speaker]) }
  }
}

/// A keynote or experience-sharing talk (主旨演讲与经验分享) on an event's agenda, as event plugins
/// take them from a `keynotes` list in their config.
public struct Keynote: Sendable, Hashable {
  /// Who speaks.
  public var speaker: String
  /// The talk's topic; the agenda item's title.
  public var topic: String
  /// How long it lasts.
  public var minutes: Int

  /// Creates a keynote.
  public init(speaker: String, topic: String, minutes: Int) {
    self.speaker = speaker
    self.topic = topic
    self.minutes = minutes
  }

  /// The keys of one entry of a `keynotes` list: `speaker` and `topic` (text, required) and
  /// `minutes` (integer 5–120, default `defaultMinutes`). Declare the list as
  /// `.list(.object(Keynote.parameterSpecs(defaultMinutes: 20)))`.
  public static func parameterSpecs(defaultMinutes: Int) -> [ParameterSpec] {
    [
      ParameterSpec("speaker", .text, required: true, doc: LocalizedText(zh: "演讲人", en: "speaker")),
      ParameterSpec("topic", .text, required: true, doc: LocalizedText(zh: "题目", en: "topic")),
      ParameterSpec(
        "minutes", .integer(5...120), default: String(defaultMinutes), doc: LocalizedText(zh: "时长（分钟）", en: "minutes")),
    ]
  }

  /// The keynotes written in the list parameter `name`, in order; `defaultMinutes` where an entry
  /// gives no length.
  public static func list(_ name: String, in parameters: ParameterValues, defaultMinutes: Int) -> [Keynote] {
    parameters.objects(name).map {
      Keynote(
        speaker: $0.string("speaker") ?? "", topic: $0.string("topic") ?? "",
        minutes: $0.int("minutes") ?? defaultMinutes)
    }
  }
}
