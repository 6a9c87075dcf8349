import Foundation

/// A review round (评审轮次): one rubric, a number of reviewers per achievement, blind or not.
/// Expert review before selection (专家评议) and the on-site review at an event (现场评议) are
/// both rounds.
public struct ReviewRound: Sendable, Hashable, Codable {
  /// Stable key (`2024-panel`).
  public var key: String
  /// Name shown in packets and reports.
  public var name: String
  /// The rubric.
  public var rubric: ReviewRubric
  /// Blind review (匿名评审): packets carry no holder name, institution or team.
  public var blind: Bool
  /// Reviewers wanted per achievement.
  public var reviewersPerAchievement: Int
  /// Fewer standing reviews than this flags an achievement's result (default: all wanted).
  public var minimumReviews: Int
  /// The ledger event whose on-site review (现场评议) this round is, by key; `nil` for a review
  /// before selection. An on-site round reviews the event's pitches and its result can be
  /// recorded in their follow-up.
  public var event: String?

  /// Creates a round.
  public init(
    key: String, name: String, rubric: ReviewRubric = .standard, blind: Bool = true, reviewersPerAchievement: Int = 3,
    minimumReviews: Int? = nil, event: String? = nil
  ) {
    self.key = key
    self.name = name
    self.rubric = rubric
    self.blind = blind
    self.reviewersPerAchievement = reviewersPerAchievement
    self.minimumReviews = minimumReviews ?? reviewersPerAchievement
    self.event = event
  }
}

/// One achievement given to one expert in a round.
public struct ReviewAssignment: Sendable, Hashable, Codable {
  /// The round's key.
  public var round: String
  /// The achievement.
  public var achievement: AchievementID
  /// The expert's id.
  public var expert: String

  /// Creates an assignment.
  public init(round: String, achievement: AchievementID, expert: String) {
    self.round = round
    self.achievement = achievement
    self.expert = expert
  }
}

/// One expert's review of one achievement (评审意见): a score per criterion and a comment, or a
/// recusal (回避) with its reason and no scores. A later review of the same pair replaces the
/// earlier one in results; the ledger keeps both.
public struct Review: Sendable, Hashable, Codable {
  /// The round's key.
  public var round: String
  /// The achievement.
  public var achievement: AchievementID
  /// The expert's id.
  public var expert: String
  /// Criterion id → score; empty for a recusal.
  public var scores: [String: Double]
  /// The expert's comment (never published to the holder).
  public var comment: String?
  /// Why the expert recused themselves, when they did.
  public var recusal: String?
  /// When it was recorded, ISO 8601.
  public var recordedAt: String
  /// Who recorded it.
  public var recordedBy: String
  /// Where it came from: a file name, `command line`, `web`.
  public var source: String

  /// Creates a review.
  public init(
    round: String, achievement: AchievementID, expert: String, scores: [String: Double], comment: String? = nil,
    recusal: String? = nil, recordedAt: String = "", recordedBy: String = "", source: String = ""
  ) {
    self.round = round
    self.achievement = achievement
    self.expert = expert
    self.scores = scores
    self.comment = comment
    self.recusal = recusal
    self.recordedAt = recordedAt
    self.recordedBy = recordedBy
    self.source = source
  }

  /// Whether the expert recused themselves.
  public var isRecusal: Bool { recusal != nil }

  /// The standing reviews of `reviews`: the latest of each round, achievement and expert.
  public static func standing(_ reviews: [Review]) -> [Review] {
    var latest: [String: Int] = [:]
    for (index, review) in reviews.enumerated() {
      latest[review.round + "\u{1F}" + review.achievement.rawValue + "\u{1F}" + review.expert] = index
    }
    return latest.values.sorted().map { reviews[$0] }
  }
}

/// The review part of the programme ledger: rounds, their experts, assignments and reviews. Every
/// write is one transaction; reviews are appended, never overwritten.
public protocol ReviewLedger: Sendable {
  /// Records `round` with its expert pool, replacing an earlier definition of the same key.
  func saveRound(_ round: ReviewRound, experts: [Expert]) async throws
  /// Every round, by key.
  func reviewRounds() async throws -> [ReviewRound]
  /// The expert pool of round `key`, in the order saved.
  func experts(round key: String) async throws -> [Expert]
  /// Replaces the assignments of round `key` with `assignments` (all or nothing).
  ///
  /// - Throws: ``ReviewLedgerError/unknownRound(_:)``; ``ReviewLedgerError/unknownExperts(_:)``.
  func assign(_ assignments: [ReviewAssignment], round key: String) async throws
  /// The assignments of round `key`, by achievement then expert.
  func assignments(round key: String) async throws -> [ReviewAssignment]
  /// Appends `reviews` (all or nothing).
  ///
  /// - Throws: ``ReviewLedgerError/notAssigned(_:)`` naming every review whose pair is not
  ///   assigned in its round.
  func record(_ reviews: [Review]) async throws
  /// Every review of round `key`, oldest first, replaced ones included.
  func reviews(round key: String) async throws -> [Review]
}

/// A problem with a review-ledger write; nothing was written.
public enum ReviewLedgerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No round has this key.
  case unknownRound(String)
  /// The round's pool has none of these experts.
  case unknownExperts([String])
  /// These `achievement/expert` pairs are not assigned in their round.
  case notAssigned([String])
  /// The round is not an event's on-site review (it has no ``ReviewRound/event``).
  case notOnsite(String)
  /// The event has no pitched achievements to review.
  case nothingPitched(String)

  /// The problem in `locale`.
  public func message(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    func list(_ items: [String]) -> String { items.prefix(10).joined(separator: ", ") + (items.count > 10 ? " …" : "") }
    switch self {
    case .unknownRound(let key):
      return zh ? "没有评审轮次 `\(key)`；未写入任何内容" : "there is no review round `\(key)`; nothing was written"
    case .unknownExperts(let ids):
      return zh
        ? "该轮专家库中没有这些专家：\(list(ids))；未写入任何内容"
        : "the round's pool has no such experts: \(list(ids)); nothing was written"
    case .notAssigned(let pairs):
      return zh
        ? "这些评审未经分配：\(list(pairs))；未写入任何内容" : "these reviews were not assigned: \(list(pairs)); nothing was written"
    case .notOnsite(let key):
      return zh
        ? "评审轮次 `\(key)` 不是活动的现场评议（请用 roadshow review onsite --event 设定）；未写入任何内容"
        : "review round `\(key)` is not an event's on-site review (set one up with roadshow review onsite --event); nothing was written"
    case .nothingPitched(let event):
      return zh
        ? "活动 `\(event)` 没有路演项目，无可评议；未写入任何内容"
        : "event `\(event)` has no pitched projects to review; nothing was written"
    }
  }

  public var description: String { message(.en) }
}
