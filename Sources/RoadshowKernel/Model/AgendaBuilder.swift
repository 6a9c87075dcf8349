import Foundation

/// An agenda (议程) built on a running clock: each item starts when the one before it ends.
///
/// ```swift
/// var agenda = AgendaBuilder(start: 9 * 60)
/// agenda.add(10, .opening, "主办单位致辞", people: [host])
/// agenda.add(keynotes: keynotes)
/// agenda.add(8, .pitch, record.title, achievement: record.id)
/// let event = RoadshowEvent(format: id, title: title, agenda: agenda.items)
/// ```
public struct AgendaBuilder: Sendable, Hashable {
  /// The items added so far, in time order.
  public private(set) var items: [AgendaItem] = []
  /// When the next item starts, in minutes after midnight: the end of the last item.
  public private(set) var clock: Int

  /// An empty agenda whose first item starts at `start` (minutes after midnight).
  public init(start: Int) {
    self.clock = start
  }

  /// Adds an item of `minutes` at the clock and moves the clock on. An item of no minutes (a
  /// segment the config switched off with `0`) is left out.
  public mutating func add(
    _ minutes: Int, _ segment: AgendaSegment, _ title: String, people: [String] = [],
    achievement: AchievementID? = nil
  ) {
    guard minutes > 0 else { return }
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
