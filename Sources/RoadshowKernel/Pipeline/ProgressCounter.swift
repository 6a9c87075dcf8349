import Foundation

/// How far a long step has come: items done, the total when known, and the time since the step
/// began, for the launcher to show counts and a rate.
public struct ProgressCount: Sendable, Hashable {
  /// Where in its step an event is.
  public enum Phase: String, Sendable, Hashable {
    /// The step begins.
    case started
    /// The step is under way (reported at most every ``ProgressCounter/interval``).
    case advanced
    /// The step is over.
    case finished
  }

  /// Items done.
  public var done: Int
  /// Items in all, when known.
  public var total: Int?
  /// Seconds since the step began.
  public var elapsed: Double
  /// Where in its step this event is.
  public var phase: Phase
  /// What is counted (`项` / `records`).
  public var unit: LocalizedText

  /// Records, the default unit.
  public static let records = LocalizedText(zh: "项", en: "records")

  /// Creates a count.
  public init(done: Int, total: Int?, elapsed: Double, phase: Phase, unit: LocalizedText = Self.records) {
    self.done = done
    self.total = total
    self.elapsed = elapsed
    self.phase = phase
    self.unit = unit
  }

  /// Items per second; `nil` for a step too short (under 10 ms) for a rate to mean anything.
  public var rate: Double? { elapsed >= 0.01 ? Double(done) / elapsed : nil }
}

/// Counts the items of a long loop and reports "N of M records" now and then, cheaply enough for
/// a hot loop: the clock is read once every 1,024 items and an event is sent at most once every
/// ``interval`` seconds. The runner reports the start and the end of every stage itself.
///
/// ```swift
/// var progress = context.counter(.screening, total: candidates.count)
/// for candidate in candidates {
///   progress.advance()
///   …
/// }
/// ```
public struct ProgressCounter: Sendable {
  /// The least time between two events, in seconds.
  public static let interval = 0.2

  private let context: PipelineContext
  private let kind: PluginKind
  private let started: ContinuousClock.Instant
  private var lastReport: ContinuousClock.Instant
  private var nextCheck: Int
  private let unit: LocalizedText
  /// Items done so far.
  public private(set) var done = 0
  /// Items in all, when known.
  public let total: Int?

  init(context: PipelineContext, kind: PluginKind, total: Int?, unit: LocalizedText) {
    self.context = context
    self.kind = kind
    self.total = total
    self.unit = unit
    started = .now
    lastReport = started
    nextCheck = 1_024
  }

  /// Counts `items` more done; reports when the interval has passed.
  @inline(__always)
  public mutating func advance(by items: Int = 1) {
    done &+= items
    if done >= nextCheck { check() }
  }

  private mutating func check() {
    nextCheck = done + 1_024
    let now = ContinuousClock.now
    guard now - lastReport >= .milliseconds(Int(Self.interval * 1000)) else { return }
    lastReport = now
    context.report(
      kind, LocalizedText(zh: "处理中", en: "working"),
      count: ProgressCount(done: done, total: total, elapsed: Self.seconds(now - started), phase: .advanced, unit: unit)
    )
  }

  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }
}
