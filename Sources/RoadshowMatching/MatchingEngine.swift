import Foundation

/// Supply–demand matching (精准匹配): for a demand, the achievements whose text is most similar.
///
/// Text similarity needs no word segmenter: every text is cut into character n-grams (by default
/// bigrams and trigrams, split at spaces and punctuation), weighted by TF-IDF (n-grams found in
/// more than 10 % of the texts are ignored as stop-grams) and compared by cosine through an
/// inverted index. Field and province can add a bonus or be required, and a minimum readiness
/// level (TRL) filters candidates. Results are deterministic and do not depend on the order of the
/// achievements: equal scores are ordered by achievement id. Only achievements sharing at least one
/// n-gram with the demand are returned.
///
/// The engine is an immutable value and safe to share across tasks.
public struct MatchingEngine: Sendable {
  /// The options the engine was built with.
  public let options: MatchOptions
  /// The indexed achievements, in input order.
  public let achievements: [MatchAchievement]
  let index: NGramIndex
  let attributes: DocumentAttributes

  /// Indexes `achievements`. Building uses every core.
  public init(achievements: [MatchAchievement], options: MatchOptions = MatchOptions()) {
    self.options = options
    self.achievements = achievements
    index = NGramIndex(
      texts: achievements.map(\.indexedText), ids: achievements.map(\.id), sizes: options.ngramSizes,
      maximumDocumentFrequency: options.maximumDocumentFrequency)
    var attributes = DocumentAttributes()
    for achievement in achievements {
      attributes.append(field: achievement.field, province: achievement.province, level: achievement.trl, floor: 0)
    }
    self.attributes = attributes
  }

  /// The best `limit` achievements for one demand, best first.
  public func match(_ demand: MatchDemand, limit: Int = 10) -> [Match] {
    match(demand, limit: limit, scratch: SearchScratch(documentCount: achievements.count))
  }

  /// The best `limit` achievements for each demand, in the order of `demands`. Uses every core;
  /// the result does not depend on the number of cores.
  public func matchAll(_ demands: [MatchDemand], limit: Int = 10) -> [[Match]] {
    let count = achievements.count
    let chunks = max(1, min(256, demands.count / 16))
    return ParallelMap.run(count: chunks) { chunk -> [[Match]] in
      let scratch = SearchScratch(documentCount: count)
      return ParallelMap.slice(demands.count, chunk, chunks).map { match(demands[$0], limit: limit, scratch: scratch) }
    }.flatMap { $0 }
  }

  func match(_ demand: MatchDemand, limit: Int, scratch: SearchScratch) -> [Match] {
    let query = index.queryVector(demand.need)
    let floor = max(options.minimumTRL ?? 0, demand.minimumTRL ?? 0)
    let constraints = QueryConstraints(
      field: attributes.fieldCodes[demand.field] ?? -1, province: attributes.provinceCodes[demand.province] ?? -1,
      level: 9, floor: floor, fieldRule: options.field, provinceRule: options.province)
    let found = index.search(query, constraints: constraints, attributes: attributes, limit: limit, scratch: scratch)
    return found.enumerated().map { rank, scored in
      let achievement = achievements[Int(scored.document)]
      var applied = ruleNotes(
        options: options, sameField: achievement.field == demand.field,
        sameProvince: achievement.province == demand.province)
      if floor > 0 { applied.append(.minimumTRL(required: floor, actual: achievement.trl)) }
      return Match(
        demandID: demand.id, achievementID: achievement.id, rank: rank + 1, score: Double(scored.score),
        textScore: Double(scored.textScore),
        sharedTerms: index.explain(query, document: Int(scored.document), count: options.explainedTerms),
        constraints: applied)
    }
  }
}

/// The reverse direction: for an achievement, the demands it answers best.
///
/// Same text model and constraints as ``MatchingEngine`` with the roles swapped: the index is
/// built over the demands' `need` texts; a demand's `minimumTRL` excludes achievements below it,
/// and `options.minimumTRL` yields no demands at all for an achievement below the floor.
public struct ReverseMatchingEngine: Sendable {
  /// The options the engine was built with.
  public let options: MatchOptions
  /// The indexed demands, in input order.
  public let demands: [MatchDemand]
  let index: NGramIndex
  let attributes: DocumentAttributes

  /// Indexes `demands`.
  public init(demands: [MatchDemand], options: MatchOptions = MatchOptions()) {
    self.options = options
    self.demands = demands
    index = NGramIndex(
      texts: demands.map(\.need), ids: demands.map(\.id), sizes: options.ngramSizes,
      maximumDocumentFrequency: options.maximumDocumentFrequency)
    var attributes = DocumentAttributes()
    for demand in demands {
      attributes.append(field: demand.field, province: demand.province, level: 9, floor: demand.minimumTRL ?? 0)
    }
    self.attributes = attributes
  }

  /// The best `limit` demands for one achievement, best first.
  public func match(_ achievement: MatchAchievement, limit: Int = 10) -> [Match] {
    match(achievement, limit: limit, scratch: SearchScratch(documentCount: demands.count))
  }

  /// The best `limit` demands for each achievement, in the order of `achievements`, using every core.
  public func matchAll(_ achievements: [MatchAchievement], limit: Int = 10) -> [[Match]] {
    let count = demands.count
    let chunks = max(1, min(256, achievements.count / 16))
    return ParallelMap.run(count: chunks) { chunk -> [[Match]] in
      let scratch = SearchScratch(documentCount: count)
      return ParallelMap.slice(achievements.count, chunk, chunks).map {
        match(achievements[$0], limit: limit, scratch: scratch)
      }
    }.flatMap { $0 }
  }

  func match(_ achievement: MatchAchievement, limit: Int, scratch: SearchScratch) -> [Match] {
    if let floor = options.minimumTRL, achievement.trl < floor { return [] }
    let query = index.queryVector(achievement.indexedText)
    let constraints = QueryConstraints(
      field: attributes.fieldCodes[achievement.field] ?? -1,
      province: attributes.provinceCodes[achievement.province] ?? -1, level: achievement.trl, floor: 0,
      fieldRule: options.field, provinceRule: options.province)
    let found = index.search(query, constraints: constraints, attributes: attributes, limit: limit, scratch: scratch)
    return found.enumerated().map { rank, scored in
      let demand = demands[Int(scored.document)]
      var applied = ruleNotes(
        options: options, sameField: achievement.field == demand.field,
        sameProvince: achievement.province == demand.province)
      let floor = max(options.minimumTRL ?? 0, demand.minimumTRL ?? 0)
      if floor > 0 { applied.append(.minimumTRL(required: floor, actual: achievement.trl)) }
      return Match(
        demandID: demand.id, achievementID: achievement.id, rank: rank + 1, score: Double(scored.score),
        textScore: Double(scored.textScore),
        sharedTerms: index.explain(query, document: Int(scored.document), count: options.explainedTerms),
        constraints: applied)
    }
  }
}

private func ruleNotes(options: MatchOptions, sameField: Bool, sameProvince: Bool) -> [AppliedConstraint] {
  var notes: [AppliedConstraint] = []
  switch options.field {
  case .bonus(let value) where sameField && value != 0: notes.append(.fieldMatch(bonus: value))
  case .require: notes.append(.fieldRequired)
  default: break
  }
  switch options.province {
  case .bonus(let value) where sameProvince && value != 0: notes.append(.provinceMatch(bonus: value))
  case .require: notes.append(.provinceRequired)
  default: break
  }
  return notes
}

extension NGramIndex {
  /// The `count` shared n-grams contributing most to the cosine, largest first (ties by text).
  func explain(_ query: [(term: Int32, weight: Float)], document: Int, count: Int) -> [SharedTerm] {
    guard count > 0 else { return [] }
    var shared: [SharedTerm] = []
    for (term, weight) in query {
      let documentWeight = self.weight(of: term, in: document)
      if documentWeight > 0 {
        shared.append(
          SharedTerm(
            term: NGramTokenizer.text(of: termKeys[Int(term)]), contribution: Double(weight * documentWeight)))
      }
    }
    shared.sort { $0.contribution > $1.contribution || ($0.contribution == $1.contribution && $0.term < $1.term) }
    return Array(shared.prefix(count))
  }
}
