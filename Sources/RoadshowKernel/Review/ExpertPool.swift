import Foundation

/// An expert of the review pool (评审专家库).
public struct Expert: Sendable, Hashable, Codable {
  /// Stable identifier.
  public var id: String
  /// Name (never shown to the people reviewed).
  public var name: String
  /// The expert's own institution (所在单位): never assigned an achievement of it.
  public var institution: String
  /// Industry fields the expert reviews in (preferred, not required).
  public var fields: [String]
  /// Declared conflicts of interest (利益冲突申报): institutions, achievement ids or people.
  public var conflicts: [String]
  /// The most reviews the expert takes in one round.
  public var capacity: Int

  /// Creates an expert.
  public init(
    id: String, name: String, institution: String, fields: [String] = [], conflicts: [String] = [], capacity: Int
  ) {
    self.id = id
    self.name = name
    self.institution = institution
    self.fields = fields
    self.conflicts = conflicts
    self.capacity = capacity
  }
}

/// What an achievement brings to conflict-of-interest checks: its holder, its co-applicants
/// (共同申报单位) and its team.
public struct ReviewParties: Sendable, Hashable {
  /// The achievement.
  public var achievement: AchievementID
  /// Holder institution and co-applicants.
  public var institutions: [String]
  /// Team members.
  public var people: [String]

  /// Creates the parties of one achievement.
  public init(achievement: AchievementID, institutions: [String], people: [String] = []) {
    self.achievement = achievement
    self.institutions = institutions
    self.people = people
  }

  /// The parties of `record`: its institution, its `co_applicants` attribute (split on `;`, `；`,
  /// `、`) and its team.
  public init(_ record: Achievement) {
    var institutions = record.institution.map { [$0] } ?? []
    for key in ["co_applicants", "co-applicants", "共同申报单位", "合作单位"] {
      if let value = record.attributes[key] {
        institutions += value.split(whereSeparator: { ";；、".contains($0) }).map { String($0).trimmingWhitespace() }
          .filter { !$0.isEmpty }
      }
    }
    self.init(achievement: record.id, institutions: institutions, people: record.team)
  }
}

/// Conflicts of interest (利益冲突回避): an expert never reviews an achievement of their own
/// institution, of a listed co-applicant, of an institution or person they declared, or an
/// achievement they declared by id. Names compare with case, width, spaces and punctuation folded.
public struct ConflictIndex: Sendable {
  private let blockersByKey: [String: [Int]]

  /// An index over `experts` (their order gives the indices ``blocked(_:)`` returns).
  public init(experts: [Expert]) {
    var blockers: [String: [Int]] = [:]
    for (index, expert) in experts.enumerated() {
      var keys = Set([expert.institution] + expert.conflicts).map(AchievementIdentity.normalise)
      keys.removeAll { $0.isEmpty }
      for key in Set(keys) { blockers[key, default: []].append(index) }
    }
    blockersByKey = blockers
  }

  /// The indices of the experts in conflict with `parties`, ascending.
  public func blocked(_ parties: ReviewParties) -> [Int] {
    var found: Set<Int> = []
    for name in parties.institutions + parties.people + [parties.achievement.rawValue, parties.achievement.externalID] {
      let key = AchievementIdentity.normalise(name)
      guard !key.isEmpty, let experts = blockersByKey[key] else { continue }
      found.formUnion(experts)
    }
    return found.sorted()
  }
}
