import Foundation

/// One step of progress, for the launcher to show on long work. Libraries never print.
public struct ProgressEvent: Sendable {
  /// The stage kind.
  public var kind: PluginKind
  /// The stage name.
  public var stage: String
  /// The plugin id.
  public var plugin: String
  /// Position of the stage among the stages of its kind, from 1.
  public var position: Int
  /// Number of stages of its kind.
  public var total: Int
  /// What is happening.
  public var message: LocalizedText
  /// Items done, the total and the time taken, on the steps that count them.
  public var count: ProgressCount?
  /// The part of the run when it is not a plugin stage (`报告` / `reports`); `kind` otherwise.
  public var section: LocalizedText?

  /// Creates an event.
  public init(
    kind: PluginKind, stage: String, plugin: String = "", position: Int = 1, total: Int = 1, message: LocalizedText,
    count: ProgressCount? = nil, section: LocalizedText? = nil
  ) {
    self.kind = kind
    self.stage = stage
    self.plugin = plugin
    self.position = position
    self.total = total
    self.message = message
    self.count = count
    self.section = section
  }
}

/// Receives progress events; the launcher prints them to standard error.
public struct ProgressReporter: Sendable {
  private let sink: @Sendable (ProgressEvent) -> Void

  /// Creates a reporter that hands events to `sink`.
  public init(_ sink: @escaping @Sendable (ProgressEvent) -> Void) { self.sink = sink }

  /// A reporter that drops everything.
  public static let silent = ProgressReporter { _ in }

  /// Reports one event.
  public func report(_ event: ProgressEvent) { sink(event) }
}

/// What every stage sees of the run: language, programme, host, date, and what intake gathered
/// besides achievements.
public struct PipelineContext: Sendable {
  /// Report language.
  public var locale: ReportLocale
  /// The programme.
  public var programme: ProgrammeInfo
  /// The host.
  public var host: HostInfo
  /// The roadshow's date (`YYYY-MM-DD`), when fixed.
  public var eventDate: String?
  /// Enterprise demands gathered by intake.
  public var demands: [EnterpriseDemand]
  /// Participants gathered by intake.
  public var participants: [Participant]
  /// The name of the stage running now.
  public var stage: String
  /// The plugin id of the stage running now.
  public var plugin: String = ""
  /// Position of the running stage among those of its kind, from 1, and their number.
  public var position: (index: Int, of: Int) = (1, 1)
  /// Where progress goes.
  public var progress: ProgressReporter
  /// The publication gate: the only way to make an output for participants or the public.
  public var gate: PublicationGate
  /// The programme's history as the ledger holds it before this run: earlier events and their
  /// pitches, follow-up milestones, identity links (empty for a plain library). Follow-up
  /// services count progress against targets from it.
  public var ledger: LedgerSnapshot = .empty

  /// Creates a context.
  public init(
    locale: ReportLocale = .zhCN, programme: ProgrammeInfo = ProgrammeInfo(name: "", year: nil, organiser: nil),
    host: HostInfo = HostInfo(name: ""), eventDate: String? = nil, demands: [EnterpriseDemand] = [],
    participants: [Participant] = [], stage: String = "", progress: ProgressReporter = .silent,
    gate: PublicationGate = PublicationGate()
  ) {
    self.gate = gate
    self.locale = locale
    self.programme = programme
    self.host = host
    self.eventDate = eventDate
    self.demands = demands
    self.participants = participants
    self.stage = stage
    self.progress = progress
  }

  /// This context set to the stage `stage` of `stages`, at `index`.
  public func entering<P>(_ stage: Stage<P>, at index: Int, of count: Int) -> PipelineContext {
    var context = self
    context.stage = stage.name
    context.plugin = stage.pluginID
    context.position = (index + 1, count)
    return context
  }

  /// Reports `warnings` (a CSV file read as GB18030, a file without data rows) as progress lines
  /// of the running stage, for stages whose result has no place for them.
  public func warn(_ kind: PluginKind, _ warnings: [Diagnostic]) {
    for warning in warnings {
      report(
        kind, LocalizedText(zh: warning.rendered(.zhCN, warning: true), en: warning.rendered(.en, warning: true)))
    }
  }

  /// Reports progress for the running stage, with a count on the steps that keep one.
  public func report(_ kind: PluginKind, _ message: LocalizedText, count: ProgressCount? = nil) {
    progress.report(
      ProgressEvent(
        kind: kind, stage: stage, plugin: plugin, position: position.index, total: position.of, message: message,
        count: count))
  }

  /// A counter for a long loop of the running stage: `advance()` on each item reports "N of
  /// `total`" at most every ``ProgressCounter/interval`` seconds.
  public func counter(_ kind: PluginKind, total: Int?, unit: LocalizedText = ProgressCount.records) -> ProgressCounter {
    ProgressCounter(context: self, kind: kind, total: total, unit: unit)
  }
}

/// A data file problem that stops a run: every bad row found, each with file, row and column.
public struct DataError: Error, Sendable, CustomStringConvertible {
  /// The problems.
  public var diagnostics: [Diagnostic]

  /// Wraps the problems.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  public var description: String { diagnostics.map { $0.rendered(.en) }.joined(separator: "\n") }
}

/// A plugin broke its contract (a decision missing, a candidate invented) or failed at run time.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
  /// The stage.
  public var stage: String
  /// The plugin.
  public var plugin: String
  /// What went wrong.
  public var message: LocalizedText

  /// Creates an error.
  public init(stage: String, plugin: String, message: LocalizedText) {
    self.stage = stage
    self.plugin = plugin
    self.message = message
  }

  /// The error in `locale`.
  public func rendered(_ locale: ReportLocale) -> String {
    locale == .zhCN
      ? "阶段 `\(stage)`（插件 `\(plugin)`）出错：\(message.zh)"
      : "stage `\(stage)` (plugin `\(plugin)`) failed: \(message.en)"
  }

  public var description: String { rendered(.en) }
}
