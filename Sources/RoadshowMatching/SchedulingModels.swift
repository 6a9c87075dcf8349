import Foundation

/// Which side of a one-to-one meeting a participant sits on.
public enum ParticipantKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// An achievement holder (成果持有人), who receives meeting requests.
  case holder
  /// An enterprise (企业), who asks for meetings.
  case enterprise
}

/// Someone who takes part in one-to-one meetings (一对一对接).
public struct MeetingParticipant: Sendable, Hashable, Codable {
  /// Unique identifier.
  public var id: String
  /// Holder or enterprise.
  public var kind: ParticipantKind
  /// Display name used in itineraries.
  public var name: String
  /// Province, shown in itineraries.
  public var province: String
  /// 1-based slots in which this participant cannot meet.
  public var unavailableSlots: Set<Int>

  /// Creates a participant.
  public init(
    id: String, kind: ParticipantKind, name: String = "", province: String = "", unavailableSlots: Set<Int> = []
  ) {
    self.id = id
    self.kind = kind
    self.name = name
    self.province = province
    self.unavailableSlots = unavailableSlots
  }
}

/// An enterprise's request for a one-to-one meeting with a holder.
public struct MeetingRequest: Sendable, Hashable, Codable {
  /// Unique identifier.
  public var id: String
  /// The requesting participant (an enterprise).
  public var from: String
  /// The requested participant (a holder).
  public var to: String
  /// How much holding this meeting is worth (1…3 in the benchmark workloads; must be ≥ 1).
  public var priority: Int

  /// Creates a request.
  public init(id: String, from: String, to: String, priority: Int = 1) {
    self.id = id
    self.from = from
    self.to = to
    self.priority = priority
  }
}

/// A meeting-scheduling instance: who, which requests, how many slots and tables.
///
/// Constraints: a participant sits in at most one meeting per slot and none in a slot they marked
/// unavailable; at most `tables` meetings run in one slot; each request is held at most once;
/// `fixed` meetings are held in their given slot. Objective: the summed priority of the meetings held.
public struct SchedulingProblem: Sendable, Hashable, Codable {
  /// Everyone who can meet.
  public var participants: [MeetingParticipant]
  /// The meeting requests.
  public var requests: [MeetingRequest]
  /// Number of time slots, numbered 1…`slots`.
  public var slots: Int
  /// Meetings that can run at once (tables on the floor).
  public var tables: Int
  /// Meetings fixed by hand: request id → 1-based slot. They are always kept.
  public var fixed: [String: Int]

  /// Creates a problem.
  public init(
    participants: [MeetingParticipant], requests: [MeetingRequest], slots: Int, tables: Int,
    fixed: [String: Int] = [:]
  ) {
    self.participants = participants
    self.requests = requests
    self.slots = slots
    self.tables = tables
    self.fixed = fixed
  }
}

/// A schedule: which requests are held in which slot. A request appears at most once by construction.
public struct Schedule: Sendable, Hashable, Codable {
  /// Request id → 1-based slot, for the requests that are held.
  public var assignments: [String: Int]

  /// Creates a schedule.
  public init(assignments: [String: Int] = [:]) { self.assignments = assignments }

  /// The slot of a request, or `nil` when it is not held.
  public func slot(of requestID: String) -> Int? { assignments[requestID] }

  /// Number of meetings held.
  public var count: Int { assignments.count }

  /// `(request, slot)` pairs ordered by request id: the order of `request,slot` CSV output.
  public var sortedAssignments: [(request: String, slot: Int)] {
    assignments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}

/// What changed between a previous schedule and a re-scheduled one.
public struct ScheduleChanges: Sendable, Hashable, Codable {
  /// Previously held requests that kept their slot.
  public var kept: Int
  /// Previously held requests, still requested, now held in another slot.
  public var moved: [String]
  /// Previously held requests, still requested, no longer held.
  public var dropped: [String]
  /// Previously held requests that no longer exist in the problem.
  public var withdrawn: [String]
  /// Requests held now that were not held before.
  public var added: [String]

  /// Meetings whose participants must be told of a change: moved plus dropped.
  public var disturbed: Int { moved.count + dropped.count }
}

/// Options for the scheduler.
public struct SchedulingOptions: Sendable, Hashable, Codable {
  /// Wall-clock budget for the improvement phase, in seconds (default 2). The search stops
  /// earlier when it proves optimality (objective = upper bound) or a full pass finds nothing.
  public var timeLimit: Double
  /// Longest alternating chain of meeting moves tried when inserting one meeting (default 64).
  public var maximumChainLength: Int
  /// Ruin-and-recreate rounds without a strict gain before the search gives up (default 20,000;
  /// 0 turns the phase off). The phase only runs while the objective is below the upper bound.
  public var perturbationRounds: Int
  /// Seed of the ruin-and-recreate phase (default 1). Results are reproducible for a seed unless
  /// the time limit cuts the search short.
  public var seed: UInt64

  /// Creates options; see each property for its default.
  public init(timeLimit: Double = 2, maximumChainLength: Int = 64, perturbationRounds: Int = 20_000, seed: UInt64 = 1) {
    self.timeLimit = timeLimit
    self.maximumChainLength = maximumChainLength
    self.perturbationRounds = perturbationRounds
    self.seed = seed
  }
}

/// A schedule with its quality figures.
public struct ScheduleResult: Sendable, Hashable, Codable {
  /// The meetings held.
  public var schedule: Schedule
  /// Summed priority of the meetings held.
  public var objective: Int
  /// An upper bound on any feasible schedule's objective (see ``MeetingScheduler/upperBound(_:)``);
  /// when it equals `objective` the schedule is proven optimal.
  public var upperBound: Int
  /// Changes against the previous schedule (only from re-scheduling).
  public var changes: ScheduleChanges?

  /// Number of meetings held.
  public var meetings: Int { schedule.count }
  /// Relative distance to the upper bound, 0 when proven optimal.
  public var gap: Double { upperBound > 0 ? Double(upperBound - objective) / Double(upperBound) : 0 }
}

/// A broken scheduling rule, as found by ``SchedulingProblem/validate(_:)``.
public struct ScheduleViolation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Which rule is broken.
  public enum Kind: Sendable, Hashable, Codable {
    /// The schedule names a request the problem does not have.
    case unknownRequest
    /// A slot outside 1…`slots`.
    case slotOutOfRange
    /// A participant meets in a slot they marked unavailable.
    case participantUnavailable
    /// A participant has two or more meetings in one slot.
    case doubleBooked
    /// More meetings in a slot than tables.
    case tablesExceeded
    /// A fixed meeting is missing or in another slot.
    case fixedMeetingMoved
    /// A request names a participant the problem does not have.
    case unknownParticipant
  }

  /// Which rule is broken.
  public var kind: Kind
  /// The slot concerned (1-based), if any.
  public var slot: Int?
  /// The participant concerned, if any.
  public var participant: String?
  /// The requests concerned, sorted.
  public var requests: [String]

  /// Creates a violation.
  public init(kind: Kind, slot: Int? = nil, participant: String? = nil, requests: [String] = []) {
    self.kind = kind
    self.slot = slot
    self.participant = participant
    self.requests = requests
  }

  /// An English sentence describing the violation (``message(chinese:)`` with `chinese: false`).
  public var description: String { message(chinese: false) }

  /// A sentence describing the violation, in Chinese or English.
  public func message(chinese: Bool) -> String {
    let who = participant ?? "?"
    if chinese {
      let list = requests.joined(separator: "、")
      let at = slot.map { "在第 \($0) 时段" } ?? ""
      switch kind {
      case .unknownRequest: return "排程中有未知的洽谈请求 \(list)"
      case .slotOutOfRange: return "请求 \(list) 被排在第 \(slot ?? 0) 时段，超出活动的时段范围"
      case .participantUnavailable: return "\(who) \(at)不可参会，却被安排了 \(list)"
      case .doubleBooked: return "\(who) \(at)有多场洽谈：\(list)"
      case .tablesExceeded: return "\(slot.map { "第 \($0) 时段" } ?? "同一时段")的洽谈多于桌数：共 \(requests.count) 场"
      case .fixedMeetingMoved: return "固定洽谈 \(list) 未安排在第 \(slot ?? 0) 时段"
      case .unknownParticipant: return "请求 \(list) 指向不存在的参与者 \(who)"
      }
    }
    let list = requests.joined(separator: ", ")
    let at = slot.map { " in slot \($0)" } ?? ""
    switch kind {
    case .unknownRequest: return "unknown request \(list)"
    case .slotOutOfRange: return "request \(list) is assigned to slot \(slot ?? 0), outside the event's slots"
    case .participantUnavailable: return "\(who) is unavailable\(at) but meets for \(list)"
    case .doubleBooked: return "\(who) has several meetings\(at): \(list)"
    case .tablesExceeded: return "more meetings than tables\(at): \(requests.count) meetings"
    case .fixedMeetingMoved: return "fixed meeting \(list) is not held in slot \(slot ?? 0)"
    case .unknownParticipant: return "request \(list) names unknown participant \(who)"
    }
  }
}

/// Why a problem cannot be scheduled.
public enum SchedulingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// `slots` or `tables` is not positive.
  case invalidEvent(slots: Int, tables: Int)
  /// Two participants or two requests share an id.
  case duplicateID(String)
  /// A request names a participant that does not exist.
  case unknownParticipant(request: String, participant: String)
  /// A request's priority is below 1.
  case invalidPriority(request: String, priority: Int)
  /// A fixed meeting names an unknown request.
  case unknownFixedRequest(String)
  /// The fixed meetings cannot all be held (unavailable participant, double booking, tables, slot range).
  case infeasibleFixedMeetings([ScheduleViolation])

  /// An English sentence describing the error (``message(chinese:)`` with `chinese: false`).
  public var description: String { message(chinese: false) }

  /// A sentence describing the error, in Chinese or English.
  public func message(chinese: Bool) -> String {
    switch self {
    case .invalidEvent(let slots, let tables):
      return chinese
        ? "时段数（\(slots)）和桌数（\(tables)）都必须是正数" : "slots (\(slots)) and tables (\(tables)) must be positive"
    case .duplicateID(let id):
      return chinese ? "编号“\(id)”被使用了两次" : "the id \"\(id)\" is used twice"
    case .unknownParticipant(let request, let participant):
      return chinese
        ? "请求 \(request) 指向不存在的参与者 \(participant)" : "request \(request) names unknown participant \(participant)"
    case .invalidPriority(let request, let priority):
      return chinese
        ? "请求 \(request) 的优先级为 \(priority)，应不小于 1" : "request \(request) has priority \(priority); expected ≥ 1"
    case .unknownFixedRequest(let id):
      return chinese ? "固定洽谈指向不存在的请求 \(id)" : "fixed meeting names unknown request \(id)"
    case .infeasibleFixedMeetings(let violations):
      return chinese
        ? "固定洽谈无法全部安排：" + violations.map { $0.message(chinese: true) }.joined(separator: "；")
        : "the fixed meetings cannot all be held: " + violations.map(\.description).joined(separator: "; ")
    }
  }
}
