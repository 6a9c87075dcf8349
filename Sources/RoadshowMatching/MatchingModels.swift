import Foundation

/// An achievement (科技成果) on the supply side of matching.
public struct MatchAchievement: Sendable, Hashable, Codable {
  /// Unique identifier; ties between equal scores are broken by it (smaller first).
  public var id: String
  /// Title; the main text that is matched.
  public var title: String
  /// Holder institution (成果持有单位); shown, not matched.
  public var institution: String
  /// Province (省份) of the holder.
  public var province: String
  /// Technology field (领域), e.g. the national programme it came from.
  public var field: String
  /// Technology readiness level (技术成熟度), 1…9.
  public var trl: Int
  /// Extra descriptive text indexed together with the title (may be empty).
  public var summary: String

  /// Creates an achievement.
  public init(
    id: String, title: String, institution: String = "", province: String = "", field: String = "", trl: Int = 1,
    summary: String = ""
  ) {
    self.id = id
    self.title = title
    self.institution = institution
    self.province = province
    self.field = field
    self.trl = trl
    self.summary = summary
  }

  /// The text the index sees.
  var indexedText: String { summary.isEmpty ? title : title + " " + summary }
}

/// An enterprise demand (企业技术需求) on the demand side of matching.
public struct MatchDemand: Sendable, Hashable, Codable {
  /// Unique identifier; ties between equal scores are broken by it (smaller first).
  public var id: String
  /// The enterprise stating the need.
  public var enterprise: String
  /// Province of the enterprise.
  public var province: String
  /// Technology field of the need.
  public var field: String
  /// The need in free text (Chinese or otherwise); the main text that is matched.
  public var need: String
  /// The lowest technology readiness level this enterprise accepts, if it said so.
  public var minimumTRL: Int?
  /// The achievement the need is known to belong to, when known (benchmarks, evaluation).
  public var target: String?

  /// Creates a demand.
  public init(
    id: String, enterprise: String = "", province: String = "", field: String = "", need: String,
    minimumTRL: Int? = nil, target: String? = nil
  ) {
    self.id = id
    self.enterprise = enterprise
    self.province = province
    self.field = field
    self.need = need
    self.minimumTRL = minimumTRL
    self.target = target
  }
}

/// How a categorical attribute (field, province) shapes a match.
public enum MatchConstraint: Sendable, Hashable, Codable {
  /// Not considered.
  case ignore
  /// Equal values add this much to the score (the text score is a cosine in 0…1).
  case bonus(Double)
  /// Only candidates with an equal value are returned.
  case require
}

/// Matching options. Every key has a default that reached the benchmark targets.
public struct MatchOptions: Sendable, Hashable, Codable {
  /// Character n-gram lengths indexed (1…3). Default `2...3`: bigrams carry most of the signal for
  /// Chinese without a word segmenter, trigrams reward longer shared runs.
  public var ngramSizes: ClosedRange<Int>
  /// Same field (领域): default `.bonus(0.05)`.
  public var field: MatchConstraint
  /// Same province (省份): default `.ignore`.
  public var province: MatchConstraint
  /// Lowest technology readiness level returned, for every query; a demand's own
  /// `minimumTRL` applies on top. Default `nil` (no floor).
  public var minimumTRL: Int?
  /// How many shared n-grams each match lists in its explanation. Default 5.
  public var explainedTerms: Int
  /// N-grams found in more than this share of the indexed texts, and in more than 100 of them
  /// (like 技术 or 研究 in achievement titles), are stop-grams and ignored, as scikit-learn's
  /// `max_df` does. Default 0.1; 1 keeps every n-gram. On the benchmark this halves the query time
  /// and leaves recall unchanged.
  public var maximumDocumentFrequency: Double

  /// Creates options; see each property for its default.
  public init(
    ngramSizes: ClosedRange<Int> = 2...3, field: MatchConstraint = .bonus(0.05), province: MatchConstraint = .ignore,
    minimumTRL: Int? = nil, explainedTerms: Int = 5, maximumDocumentFrequency: Double = 0.1
  ) {
    self.maximumDocumentFrequency = maximumDocumentFrequency
    self.ngramSizes = ngramSizes.clamped(to: 1...3)
    self.field = field
    self.province = province
    self.minimumTRL = minimumTRL
    self.explainedTerms = max(0, explainedTerms)
  }
}

/// One shared n-gram and how much of the text score it explains.
public struct SharedTerm: Sendable, Hashable, Codable {
  /// The n-gram as text, e.g. `"纳米"`.
  public var term: String
  /// Its contribution to the cosine text score (query weight × document weight).
  public var contribution: Double

  /// Creates a shared term.
  public init(term: String, contribution: Double) {
    self.term = term
    self.contribution = contribution
  }
}

/// A constraint that applied to one match.
public enum AppliedConstraint: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The fields are equal and the bonus was added.
  case fieldMatch(bonus: Double)
  /// The fields are equal, as required.
  case fieldRequired
  /// The provinces are equal and the bonus was added.
  case provinceMatch(bonus: Double)
  /// The provinces are equal, as required.
  case provinceRequired
  /// The achievement's readiness level meets the floor.
  case minimumTRL(required: Int, actual: Int)

  /// Short English text, e.g. `field match +0.05` or `trl 7 ≥ 5`.
  public var description: String {
    switch self {
    case .fieldMatch(let bonus): return "field match +\(Self.format(bonus))"
    case .fieldRequired: return "field match (required)"
    case .provinceMatch(let bonus): return "province match +\(Self.format(bonus))"
    case .provinceRequired: return "province match (required)"
    case .minimumTRL(let required, let actual): return "trl \(actual) ≥ \(required)"
    }
  }

  /// Short Chinese text, e.g. `领域一致 +0.05` or `成熟度 7 ≥ 5`.
  public var chineseDescription: String {
    switch self {
    case .fieldMatch(let bonus): return "领域一致 +\(Self.format(bonus))"
    case .fieldRequired: return "领域一致（必需）"
    case .provinceMatch(let bonus): return "省份一致 +\(Self.format(bonus))"
    case .provinceRequired: return "省份一致（必需）"
    case .minimumTRL(let required, let actual): return "成熟度 \(actual) ≥ \(required)"
    }
  }

  private static func format(_ value: Double) -> String {
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}

/// One ranked match between a demand and an achievement, with its explanation.
public struct Match: Sendable, Hashable, Codable {
  /// The demand's id.
  public var demandID: String
  /// The achievement's id.
  public var achievementID: String
  /// 1-based rank within the query's result list.
  public var rank: Int
  /// Total score: text score plus bonuses.
  public var score: Double
  /// Cosine similarity of the TF-IDF n-gram vectors, 0…1.
  public var textScore: Double
  /// The shared n-grams that contributed most, largest first.
  public var sharedTerms: [SharedTerm]
  /// The constraints that applied (bonuses added, requirements met).
  public var constraints: [AppliedConstraint]

  /// Creates a match.
  public init(
    demandID: String, achievementID: String, rank: Int, score: Double, textScore: Double,
    sharedTerms: [SharedTerm], constraints: [AppliedConstraint]
  ) {
    self.demandID = demandID
    self.achievementID = achievementID
    self.rank = rank
    self.score = score
    self.textScore = textScore
    self.sharedTerms = sharedTerms
    self.constraints = constraints
  }

  /// One line of explanation, e.g. `纳米 0.21, 催化 0.14; field match +0.05`.
  public var explanation: String {
    let terms = sharedTerms.map { "\($0.term) \(String(format: "%.3f", $0.contribution))" }.joined(separator: ", ")
    let rules = constraints.map(\.description).joined(separator: ", ")
    return rules.isEmpty ? terms : terms + "; " + rules
  }
}
