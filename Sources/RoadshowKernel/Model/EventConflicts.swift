import Foundation

/// Clashes between the events of one run (活动冲突): two on-site events on the same day at the same
/// venue whose agendas overlap in time, and items of one agenda that overlap each other. Online
/// events (channels open for weeks) never clash.
public struct EventConflict: Sendable, Hashable {
  /// The first event, as its title.
  public var first: String
  /// The second event (the same as `first` when two items of one agenda overlap).
  public var second: String
  /// The day.
  public var date: String
  /// The venue.
  public var venue: String
  /// The time the two overlap, in minutes after midnight.
  public var overlap: ClosedRange<Int>

  /// Creates a conflict.
  public init(first: String, second: String, date: String, venue: String, overlap: ClosedRange<Int>) {
    self.first = first
    self.second = second
    self.date = date
    self.venue = venue
    self.overlap = overlap
  }

  /// What to tell the host.
  public var message: LocalizedText {
    let time = "\(AgendaItem.clock(overlap.lowerBound))–\(AgendaItem.clock(overlap.upperBound))"
    if first == second {
      return LocalizedText(
        zh: "活动「\(first)」的议程有重叠环节（\(date) \(time)，\(venue)）",
        en: "the agenda of “\(first)” has overlapping items (\(date) \(time), \(venue))")
    }
    return LocalizedText(
      zh: "活动「\(first)」与「\(second)」同日同地时间重叠：\(date) \(time)，\(venue)；请调整日期、开始时间或地点",
      en:
        "events “\(first)” and “\(second)” overlap on \(date) \(time) at \(venue); change a date, a start time or a venue"
    )
  }

  /// Every clash among `events`, in the order the events are planned.
  public static func find(in events: [RoadshowEvent]) -> [EventConflict] {
    var conflicts: [EventConflict] = []
    let onSite = events.filter { !$0.online && $0.date != nil && !$0.agenda.isEmpty }
    for event in onSite {
      let items = event.agenda.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
      for (earlier, later) in zip(items, items.dropFirst()) where later.start < earlier.end {
        conflicts.append(
          EventConflict(
            first: event.title, second: event.title, date: event.date ?? "", venue: event.venue ?? "",
            overlap: later.start...min(earlier.end, later.end)))
      }
    }
    for (index, first) in onSite.enumerated() {
      for second in onSite[(index + 1)...] {
        guard first.date == second.date, let venue = first.venue, Self.sameVenue(venue, second.venue) else { continue }
        let a = span(first)
        let b = span(second)
        let start = max(a.lowerBound, b.lowerBound)
        let end = min(a.upperBound, b.upperBound)
        guard start < end else { continue }
        conflicts.append(
          EventConflict(
            first: first.title, second: second.title, date: first.date ?? "", venue: venue, overlap: start...end))
      }
    }
    return conflicts
  }

  private static func span(_ event: RoadshowEvent) -> ClosedRange<Int> {
    let start = event.agenda.map(\.start).min() ?? 0
    return start...max(start, event.agenda.map(\.end).max() ?? start)
  }

  private static func sameVenue(_ a: String, _ b: String?) -> Bool {
    guard let b else { return false }
    let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
    return !trim(a).isEmpty && trim(a) == trim(b)
  }
}

/// When and where an on-site event takes place, as its config says: a date (`nil`: the config's
/// `event_date`), a venue (`nil`: the host's venue), a start and the minutes it lasts at least
/// (what the config fixes: opening, keynotes, docking; pitches come on top).
public struct EventSlot: Sendable, Hashable {
  /// `YYYY-MM-DD`, or `nil` for the config's `event_date`.
  public var date: String?
  /// The venue, or `nil` for the host's.
  public var venue: String?
  /// Start, in minutes after midnight.
  public var start: Int
  /// The least it lasts, in minutes.
  public var minutes: Int

  /// Creates a slot.
  public init(date: String?, venue: String?, start: Int, minutes: Int) {
    self.date = date
    self.venue = venue
    self.start = start
    self.minutes = minutes
  }

  /// A warning at the later stage of every two on-site event stages that are planned at one venue
  /// on one day at times that overlap (judged by what the config fixes), naming the other stage.
  public static func clashes(
    _ stages: [Stage<any EventFormat>], eventDate: String?, hostVenue: String?
  ) -> [Diagnostic] {
    let slots = stages.enumerated().compactMap { index, stage -> (Int, Stage<any EventFormat>, EventSlot)? in
      guard var slot = stage.plugin.plannedSlot else { return nil }
      slot.date = slot.date ?? eventDate
      slot.venue = (slot.venue?.isEmpty == false ? slot.venue : nil) ?? hostVenue
      return (index, stage, slot)
    }
    var warnings: [Diagnostic] = []
    for (offset, first) in slots.enumerated() {
      for second in slots[(offset + 1)...] {
        let a = first.2
        let b = second.2
        guard let date = a.date, date == b.date, let venue = a.venue, venue == b.venue,
          a.start < b.start + max(b.minutes, 1), b.start < a.start + max(a.minutes, 1)
        else { continue }
        let time = AgendaItem.clock(max(a.start, b.start))
        warnings.append(
          Diagnostic(
            .invalidValue, at: second.1.location, keyPath: "event[\(second.0)]",
            message: LocalizedText(
              zh:
                "活动「\(second.1.name)」与第 \(first.1.location.line) 行的「\(first.1.name)」同日同地（\(date)，\(venue)）在 \(time) 前后时间重叠；请给其中一场写 date、start 或 venue",
              en:
                "event “\(second.1.name)” overlaps “\(first.1.name)” (line \(first.1.location.line)) on \(date) at \(venue) around \(time); give one of them another date, start or venue"
            )))
      }
    }
    return warnings
  }
}
