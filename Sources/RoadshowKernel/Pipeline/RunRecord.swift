import Foundation

/// The machine-readable record of a run, written as `run.json` and kept in the library.
public struct RunRecord: Sendable, Codable {
  /// Counts of one intake source.
  public struct IntakeCount: Sendable, Codable, Hashable {
    /// Stage name.
    public var stage: String
    /// Plugin id.
    public var plugin: String
    /// Rows read, skipped ones included.
    public var rows: Int
    /// New records added to the library.
    public var added: Int
    /// Known records updated.
    public var updated: Int
    /// Known records read again without change.
    public var unchanged: Int
    /// Rows skipped as bad.
    public var skipped: Int
    /// Records ignored because an update-only source did not know them.
    public var ignored: Int
    /// Records merged into a record of another source (same achievement); `nil` when none.
    public var merged: Int? = nil
  }

  /// In and out counts of one screening stage.
  public struct FunnelCount: Sendable, Codable, Hashable {
    /// Stage name.
    public var stage: String
    /// Plugin id.
    public var plugin: String
    /// Candidates in.
    public var `in`: Int
    /// Candidates out.
    public var out: Int
  }

  /// A project chosen to pitch.
  public struct Selected: Sendable, Codable, Hashable {
    /// Identity.
    public var id: AchievementID
    /// Title.
    public var title: String
    /// Institution.
    public var institution: String?
    /// Field.
    public var field: String?
    /// TRL, `null` when unknown.
    public var trl: TechnologyReadiness
    /// Final score.
    public var score: Double
  }

  /// Run id.
  public var id: String
  /// `succeeded` or `failed`.
  public var status: String
  /// Why it failed.
  public var error: String?
  /// The config file.
  public var config: String
  /// Programme.
  public var programme: ProgrammeInfo
  /// Host name.
  public var host: String
  /// Report language.
  public var locale: ReportLocale
  /// Enabled tracks.
  public var tracks: [String]
  /// Start, ISO 8601.
  public var startedAt: String
  /// End, ISO 8601.
  public var finishedAt: String
  /// Library size before the run.
  public var libraryBefore: Int
  /// Library size after the run.
  public var libraryAfter: Int
  /// Intake counts per source.
  public var intake: [IntakeCount]
  /// The funnel: per screening stage, in and out.
  public var funnel: [FunnelCount]
  /// The projects chosen to pitch.
  public var selected: [Selected]
  /// Coaching plans made.
  public var coachingPlans: Int
  /// Items missing across coaching checklists.
  public var coachingGaps: Int
  /// The events planned.
  public var events: [RoadshowEvent]
  /// Follow-up cases opened.
  public var followUpCases: Int
  /// Progress against the tracks' targets.
  public var indicators: [ProgressIndicator]
  /// Files written, relative to the output folder.
  public var outputs: [String]
  /// Records of the run awaiting confidentiality review (保密审查待办), held back from every
  /// output for participants or the public.
  public var awaitingClearance: [AchievementID]? = nil
  /// Warnings shown to the user, in the run's language.
  public var warnings: [String]? = nil
}

/// One decision of one stage on one record, as kept in the library: the answer to
/// "why was my project not selected?".
public struct StageDecision: Sendable, Codable, Hashable {
  /// Position of the stage in the funnel, from 1.
  public var position: Int
  /// Stage name.
  public var stage: String
  /// Plugin id.
  public var plugin: String
  /// The decision.
  public var decision: ScreeningDecision

  /// Creates a kept decision.
  public init(position: Int, stage: String, plugin: String, decision: ScreeningDecision) {
    self.position = position
    self.stage = stage
    self.plugin = plugin
    self.decision = decision
  }
}

/// Where achievements live between runs: the project library (项目库).
///
/// A run reads the library once and writes once, in one transaction (at the end, or begun when
/// intake ends by a library that ``writesWhileRunning``): an interrupted run leaves the library
/// as it was.
public protocol ProjectLibrary: Sendable {
  /// Every achievement, in id order.
  func achievements() async throws -> [Achievement]
  /// Writes the changed records, the run and its decisions, all or nothing.
  func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) async throws
  /// Records a failed run; achievements are not touched.
  func recordFailure(run: RunRecord, configText: String) async throws
  /// What a run needs from the ledger before it starts: earlier pitches and identity links
  /// (a plain library has none).
  func snapshot() async throws -> LedgerSnapshot
  /// Writes a run with its ledger activity (the event, its pitches, merged sources), all or
  /// nothing; a plain library keeps the records, the run and its decisions.
  func commit(_ commit: RunCommit) async throws
  /// Whether ``commit(_:)`` calls the commit's ``RunCommit/gate`` inside its transaction before
  /// making it durable; the runner then stages the output folder while the library writes.
  var waitsForGate: Bool { get }
  /// Whether ``commit(_:)`` honours ``RunCommit/remainder``: it writes the commit's records, then
  /// waits inside its transaction for the rest of the run. The runner then starts the commit
  /// with the records intake changed as soon as intake ends, so the library writes them while
  /// the run screens and reports on another core.
  var writesWhileRunning: Bool { get }
}

extension ProjectLibrary {
  /// `false`: the runner stages the output folder before it commits.
  public var waitsForGate: Bool { false }
  /// `false`: the runner commits once, at the end.
  public var writesWhileRunning: Bool { false }
}

/// A library held in memory, for tests and dry runs.
public actor InMemoryLibrary: ProjectLibrary {
  /// The records.
  public private(set) var records: [AchievementID: Achievement]
  /// The runs recorded.
  public private(set) var runs: [RunRecord] = []
  /// The decisions of the last committed run.
  public private(set) var decisions: [StageDecision] = []

  /// Creates a library holding `records`.
  public init(records: [Achievement] = []) {
    self.records = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { _, new in new })
  }

  public func achievements() -> [Achievement] { records.values.sorted { $0.id < $1.id } }

  public func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) {
    for record in changed { records[record.id] = record }
    runs.append(run)
    self.decisions = decisions
  }

  public func recordFailure(run: RunRecord, configText: String) { runs.append(run) }
}
