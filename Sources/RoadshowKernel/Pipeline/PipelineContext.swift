import Foundation

/// One step of progress, for the launcher to show on long work. Libraries never print.
public struct ProgressEvent: Sendable {
  /// The stage kind.
  public var kind: PluginKind
  /// The stage name.
  public var stage: String
  /// What is happening.
  public var message: LocalizedText

  /// Creates an event.
  public init(kind: PluginKind, stage: String, message: LocalizedText) {
    self.kind = kind
    self.stage = stage
    self.message = message
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
  /// Where progress goes.
  public var progress: ProgressReporter

  /// Creates a context.
  public init(
    locale: ReportLocale = .zhCN, programme: ProgrammeInfo = ProgrammeInfo(name: "", year: nil, organiser: nil),
    host: HostInfo = HostInfo(name: ""), eventDate: String? = nil, demands: [EnterpriseDemand] = [],
    participants: [Participant] = [], stage: String = "", progress: ProgressReporter = .silent
  ) {
    self.locale = locale
    self.programme = programme
    self.host = host
    self.eventDate = eventDate
    self.demands = demands
    self.participants = participants
    self.stage = stage
    self.progress = progress
  }

  /// Reports progress for the running stage.
  public func report(_ kind: PluginKind, _ message: LocalizedText) {
    progress.report(ProgressEvent(kind: kind, stage: stage, message: message))
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
