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
