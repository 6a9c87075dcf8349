import Foundation

/// What every plugin has: a description and a constructor from validated parameters.
///
/// The launcher validates the parameters against ``PluginDescription/parameters`` before it calls
/// `init(parameters:)`, so a plugin only checks what the schema cannot (cross-field rules, file
/// headers) and throws ``PluginSetupError`` with located diagnostics for those.
public protocol RoadshowPlugin: Sendable {
  /// Id, kind, track, summary, parameters and example.
  static var description: PluginDescription { get }
  /// Builds the plugin from its validated `with:` parameters.
  init(parameters: ParameterValues) throws
}

/// Intake (征集): reads achievements (and optionally demands and participants) from a source.
public protocol IntakeSource: RoadshowPlugin {
  /// Reads the source. Bad rows are either thrown as ``DataError`` or returned as skipped issues,
  /// as the plugin's configuration decides.
  func collect(in context: PipelineContext) async throws -> IntakeBatch
}

/// Screening (筛选): one stage of the funnel. Gets the candidates that passed the stages before,
/// returns one decision per candidate with its reason, and the passed ones in rank order.
public protocol ScreeningPolicy: RoadshowPlugin {
  /// Screens `candidates`.
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult

  /// Whether this stage, as configured, can reject a record. A funnel without such a stage
  /// selects the whole library, and `validate` warns about it. Defaults to the description's
  /// ``PluginDescription/narrows``.
  var narrows: Bool { get }
}

extension ScreeningPolicy {
  /// The description's ``PluginDescription/narrows``.
  public var narrows: Bool { Self.description.narrows }
}

/// Coaching (辅导培训): prepares the holders of the selected projects.
public protocol CoachingService: RoadshowPlugin {
  /// Plans coaching for `selected`.
  func coach(_ selected: [Candidate], in context: PipelineContext) async throws -> CoachingResult
}

/// Event format (路演对接): plans a roadshow event, on site or online.
public protocol EventFormat: RoadshowPlugin {
  /// Plans the event from the funnel's results.
  func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult

  /// When and where the event takes place on site, as far as the config alone says, so that
  /// `validate` can warn about two events at one venue at one time before anything runs. `nil`
  /// (the default) for online events and formats that do not know.
  var plannedSlot: EventSlot? { get }
}

extension EventFormat {
  /// No slot known from the config.
  public var plannedSlot: EventSlot? { nil }
}

/// Follow-up service (跟踪服务): tracking of pitched projects until they land, and progress
/// against the targets of the track.
public protocol FollowUpService: RoadshowPlugin {
  /// Plans the follow-up.
  func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult
}

/// A file a stage writes into the run's output folder, with the audience it is for.
///
/// A file for the host's office is made from anything; a file for participants or the public
/// only from a ``Publication`` (what the ``PublicationGate`` released), and the run checks that
/// it names no record that has not been cleared.
public struct OutputFile: Sendable, Hashable {
  /// Path relative to the output folder (`shortlist.csv`).
  public var name: String
  /// The bytes.
  public var contents: Data
  /// Who the file is for.
  public private(set) var audience: Audience
  /// Records the publication held back from this file (for the run's confidentiality to-do list).
  public private(set) var withheld: [AchievementID]

  /// A file for the host's office, from bytes.
  public init(name: String, contents: Data) {
    self.name = name
    self.contents = contents
    self.audience = .host
    self.withheld = []
  }

  /// A UTF-8 text file for the host's office.
  public init(name: String, text: String) {
    self.init(name: name, contents: Data(text.utf8))
  }

  /// A UTF-8 text file for the publication's audience, made from what the gate released.
  public init(name: String, text: String, publication: Publication) {
    self.init(name: name, contents: Data(text.utf8))
    self.audience = publication.audience
    self.withheld = publication.withheld
  }

  /// Whether it leaves the host's office.
  public var isExternal: Bool { audience != .host }
}

/// What an intake source read.
public struct IntakeBatch: Sendable {
  /// How the records enter the library.
  public enum Mode: String, Sendable, Codable {
    /// New records are added and known ones updated.
    case upsert
    /// Only known records are updated (expert assessments, corrections); unknown ones are counted.
    case updateOnly = "update_only"
  }

  /// The records read.
  public var records: [Achievement]
  /// How they enter the library.
  public var mode: Mode
  /// Rows skipped, each with file, row and column.
  public var skipped: [Diagnostic]
  /// Enterprise demands read, if the source has them.
  public var demands: [EnterpriseDemand]
  /// Participants read, if the source has them.
  public var participants: [Participant]
  /// Rows read in all (including skipped).
  public var rowsRead: Int
  /// Files the source writes (a classification report…).
  public var artifacts: [OutputFile]
  /// Things the user should know that did not stop the read and skipped nothing: a file read as
  /// GB18030 because it was not UTF-8, a file with a header but no data rows.
  public var warnings: [Diagnostic]

  /// Creates a batch.
  public init(
    records: [Achievement], mode: Mode = .upsert, skipped: [Diagnostic] = [],
    demands: [EnterpriseDemand] = [], participants: [Participant] = [], rowsRead: Int? = nil,
    artifacts: [OutputFile] = [], warnings: [Diagnostic] = []
  ) {
    self.records = records
    self.mode = mode
    self.skipped = skipped
    self.demands = demands
    self.participants = participants
    self.rowsRead = rowsRead ?? records.count + skipped.count
    self.artifacts = artifacts
    self.warnings = warnings
  }
}

/// A named part of a candidate's score, so that a shortlist can show how it was ranked.
public struct ScorePart: Sendable, Hashable, Codable {
  /// Stable name (`trl`, `prospect`, `interest`).
  public var name: String
  /// The weighted contribution.
  public var value: Double

  /// Creates a score part.
  public init(name: String, value: Double) {
    self.name = name
    self.value = value
  }
}

/// An achievement moving through the funnel, with what the stages so far found about it.
public struct Candidate: Sendable, Hashable {
  /// The record.
  public var achievement: Achievement
  /// Score parts added by scoring stages, in the order added.
  public var scoreParts: [ScorePart]
  /// Notes visible to the host (unknown TRL kept for review, no enterprise response…).
  public var flags: [LocalizedText]
  /// Enterprise responses collected for it.
  public var interest: [EnterpriseInterest]

  /// Creates a candidate.
  public init(
    achievement: Achievement, scoreParts: [ScorePart] = [], flags: [LocalizedText] = [],
    interest: [EnterpriseInterest] = []
  ) {
    self.achievement = achievement
    self.scoreParts = scoreParts
    self.flags = flags
    self.interest = interest
  }

  /// The id of the record.
  public var id: AchievementID { achievement.id }

  /// The sum of the score parts.
  public var score: Double { scoreParts.reduce(0) { $0 + $1.value } }

  /// Sets a score part, replacing one of the same name.
  public mutating func setScore(_ name: String, _ value: Double) {
    if let index = scoreParts.firstIndex(where: { $0.name == name }) {
      scoreParts[index].value = value
    } else {
      scoreParts.append(ScorePart(name: name, value: value))
    }
  }
}

/// Why one candidate passed or left one screening stage.
public struct ScreeningDecision: Sendable, Hashable, Codable {
  /// The candidate.
  public var achievement: AchievementID
  /// Whether it goes on to the next stage.
  public var passed: Bool
  /// The rule inside the plugin that decided (`min_trl`, `rank_cutoff`, `quota_field`).
  public var rule: String
  /// The score the stage gave, if it scores.
  public var score: Double?
  /// The reason, in words a host can pass on to the holder.
  public var reason: LocalizedText

  /// Creates a decision.
  public init(achievement: AchievementID, passed: Bool, rule: String, score: Double? = nil, reason: LocalizedText) {
    self.achievement = achievement
    self.passed = passed
    self.rule = rule
    self.score = score
    self.reason = reason
  }
}

/// What one screening stage decided.
public struct ScreeningResult: Sendable {
  /// The candidates that go on, in rank order (updated scores and flags included).
  public var passed: [Candidate]
  /// One decision per input candidate.
  public var decisions: [ScreeningDecision]
  /// Files the stage writes (the list pushed to enterprises…).
  public var artifacts: [OutputFile]
  /// Facts the stage learned about records it was given (a holder's province, a classification),
  /// to be kept in the project library when the run commits: each is merged into the stored record
  /// as a newer version of it (fields it leaves empty keep their value). Decisions and scores are
  /// not facts about the record and do not belong here.
  public var updates: [Achievement]

  /// Creates a result.
  public init(
    passed: [Candidate], decisions: [ScreeningDecision], artifacts: [OutputFile] = [], updates: [Achievement] = []
  ) {
    self.passed = passed
    self.decisions = decisions
    self.artifacts = artifacts
    self.updates = updates
  }
}

/// One item of a business-plan checklist (商业计划书).
public struct ChecklistItem: Sendable, Hashable, Codable {
  /// Stable key (`technical_lead`, `market`).
  public var key: String
  /// What the item asks for.
  public var title: LocalizedText
  /// Whether it is there already.
  public var done: Bool
  /// What to do about it when it is not.
  public var advice: LocalizedText?

  /// Creates an item.
  public init(key: String, title: LocalizedText, done: Bool, advice: LocalizedText? = nil) {
    self.key = key
    self.title = title
    self.done = done
    self.advice = advice
  }
}

/// Coaching for one selected project.
public struct CoachingPlan: Sendable, Hashable, Codable {
  /// The project.
  public var achievement: AchievementID
  /// Its title.
  public var title: String
  /// The checklist.
  public var items: [ChecklistItem]
  /// Coaching sessions or camp modules planned for the holder.
  public var sessions: [String]

  /// Creates a plan.
  public init(achievement: AchievementID, title: String, items: [ChecklistItem], sessions: [String] = []) {
    self.achievement = achievement
    self.title = title
    self.items = items
    self.sessions = sessions
  }

  /// The items still missing.
  public var missing: [ChecklistItem] { items.filter { !$0.done } }
}

/// What a coaching service planned.
public struct CoachingResult: Sendable {
  /// One plan per coached project.
  public var plans: [CoachingPlan]
  /// Files it writes.
  public var artifacts: [OutputFile]

  /// Creates a result.
  public init(plans: [CoachingPlan], artifacts: [OutputFile] = []) {
    self.plans = plans
    self.artifacts = artifacts
  }
}

/// The output of one screening stage, as later stages and events see it.
public struct FunnelStage: Sendable {
  /// The stage's name in the config (its `name:`, or the plugin id).
  public var name: String
  /// The plugin.
  public var plugin: String
  /// How many came in.
  public var inCount: Int
  /// Who passed, in rank order.
  public var passed: [Candidate]

  /// Creates a funnel stage record.
  public init(name: String, plugin: String, inCount: Int, passed: [Candidate]) {
    self.name = name
    self.plugin = plugin
    self.inCount = inCount
    self.passed = passed
  }
}

/// What an event format plans from.
public struct EventInput: Sendable {
  /// The projects chosen to pitch (the funnel's last output).
  public var selected: [Candidate]
  /// Every screening stage's output, in order.
  public var funnel: [FunnelStage]
  /// Coaching plans made for the selected projects.
  public var coaching: [CoachingPlan]

  /// Creates an event input.
  public init(selected: [Candidate], funnel: [FunnelStage], coaching: [CoachingPlan] = []) {
    self.selected = selected
    self.funnel = funnel
    self.coaching = coaching
  }

  /// The candidates of the stage named `name`, or of the stage before the last when `name` is
  /// `nil`, less those selected: the projects that get the online channel instead of the stage.
  public func notSelected(from name: String? = nil) -> [Candidate]? {
    let stage: FunnelStage?
    if let name {
      stage = funnel.first(where: { $0.name == name || $0.plugin == name })
    } else {
      stage = funnel.count >= 2 ? funnel[funnel.count - 2] : nil
    }
    guard let stage else { return name == nil ? [] : nil }
    let chosen = Set(selected.map(\.id))
    return stage.passed.filter { !chosen.contains($0.id) }
  }
}

/// What an event format planned.
public struct EventResult: Sendable {
  /// The events.
  public var events: [RoadshowEvent]
  /// Files it writes (agenda, online catalogue…).
  public var artifacts: [OutputFile]

  /// Creates a result.
  public init(events: [RoadshowEvent], artifacts: [OutputFile] = []) {
    self.events = events
    self.artifacts = artifacts
  }
}

/// What a follow-up service plans from.
public struct FollowUpInput: Sendable {
  /// The projects pitched.
  public var pitched: [Candidate]
  /// The events planned.
  public var events: [RoadshowEvent]
  /// The whole library after this run's intake, for progress counts.
  public var library: [Achievement]

  /// Creates a follow-up input.
  public init(pitched: [Candidate], events: [RoadshowEvent], library: [Achievement]) {
    self.pitched = pitched
    self.events = events
    self.library = library
  }
}

/// What a follow-up service planned.
public struct FollowUpResult: Sendable {
  /// One case per tracked project.
  public var cases: [FollowUpCase]
  /// Progress against the track's targets, for the summary.
  public var indicators: [ProgressIndicator]
  /// Files it writes.
  public var artifacts: [OutputFile]

  /// Creates a result.
  public init(cases: [FollowUpCase], indicators: [ProgressIndicator] = [], artifacts: [OutputFile] = []) {
    self.cases = cases
    self.indicators = indicators
    self.artifacts = artifacts
  }
}
