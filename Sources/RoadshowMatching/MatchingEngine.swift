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
  public var options: MatchOptions { core.options }
  /// The indexed achievements, in input order.
  public var achievements: [MatchAchievement] { core.documents }
  let core: MatchingCore<MatchAchievement>

  /// Indexes `achievements`. Building uses every core.
  public init(achievements: [MatchAchievement], options: MatchOptions = MatchOptions()) {
    core = MatchingCore(
      documents: achievements, options: options, text: \.indexedText, id: \.id,
      attributes: Self.attributes)
  }

  /// Indexes the achievements of an `achievements.csv` file (the format of
  /// ``MatchingFiles/loadAchievements(from:)``, with the same errors), reading it block by block
  /// and keeping the texts only as bytes while indexing: a national list of a million
  /// achievements is indexed in a fraction of the memory that loading it as values takes. The
  /// results are those of ``init(achievements:options:)`` on the loaded file; ``achievements``
  /// then hold each one's id, province, field and readiness level, without title, institution or
  /// summary (the explanations come from the index).
  public init(contentsOf url: URL, options: MatchOptions = MatchOptions()) throws(CSVInputError) {
    try self.init(contentsOf: url, options: options, blockSize: 8 << 20)
  }

  init(contentsOf url: URL, options: MatchOptions, blockSize: Int) throws(CSVInputError) {
    guard let (documents, texts) = AchievementBlocks.read(url, blockSize: blockSize) else {
      // A file the block reader declines (an error, or a shape it leaves to the strict reader):
      // loaded whole, which reports the error with its file, row and column.
      self.init(achievements: try MatchingFiles.loadAchievements(from: url), options: options)
      return
    }
    let index = NGramIndex(
      texts: texts, ids: documents.map(\.id), sizes: options.ngramSizes,
      maximumDocumentFrequency: options.maximumDocumentFrequency)
    self.init(core: MatchingCore(documents: documents, options: options, index: index, attributes: Self.attributes))
  }

  init(core: MatchingCore<MatchAchievement>) { self.core = core }

  private static func attributes(_ achievement: MatchAchievement) -> (
    field: String, province: String, level: Int, floor: Int
  ) {
    (achievement.field, achievement.province, achievement.trl, 0)
  }

  /// The best `limit` achievements for one demand, best first.
  public func match(_ demand: MatchDemand, limit: Int = 10) -> [Match] {
    match(demand, limit: limit, scratch: core.scratch())
  }

  /// The best `limit` achievements for each demand, in the order of `demands`. Uses every core;
  /// the result does not depend on the number of cores.
  public func matchAll(_ demands: [MatchDemand], limit: Int = 10) -> [[Match]] {
    core.matchAll(demands) { [self] demand, scratch in match(demand, limit: limit, scratch: scratch) }
  }

  func match(_ demand: MatchDemand, limit: Int, scratch: SearchScratch) -> [Match] {
    let floor = max(options.minimumTRL ?? 0, demand.minimumTRL ?? 0)
    return core.search(
      demand.need, field: demand.field, province: demand.province, level: 9, floor: floor, limit: limit,
      scratch: scratch
    ) { (demand, $0) }
  }
}

/// The reverse direction: for an achievement, the demands it answers best.
///
/// Same text model and constraints as ``MatchingEngine`` with the roles swapped: the index is
/// built over the demands' `need` texts; a demand's `minimumTRL` excludes achievements below it,
/// and `options.minimumTRL` yields no demands at all for an achievement below the floor.
public struct ReverseMatchingEngine: Sendable {
  /// The options the engine was built with.
  public var options: MatchOptions { core.options }
  /// The indexed demands, in input order.
  public var demands: [MatchDemand] { core.documents }
  let core: MatchingCore<MatchDemand>

  /// Indexes `demands`.
  public init(demands: [MatchDemand], options: MatchOptions = MatchOptions()) {
    core = MatchingCore(
      documents: demands, options: options, text: \.need, id: \.id,
      attributes: { ($0.field, $0.province, 9, $0.minimumTRL ?? 0) })
  }

  /// The best `limit` demands for one achievement, best first.
  public func match(_ achievement: MatchAchievement, limit: Int = 10) -> [Match] {
    match(achievement, limit: limit, scratch: core.scratch())
  }

  /// The best `limit` demands for each achievement, in the order of `achievements`, using every core.
  public func matchAll(_ achievements: [MatchAchievement], limit: Int = 10) -> [[Match]] {
    core.matchAll(achievements) { [self] achievement, scratch in match(achievement, limit: limit, scratch: scratch) }
  }

  func match(_ achievement: MatchAchievement, limit: Int, scratch: SearchScratch) -> [Match] {
    if let floor = options.minimumTRL, achievement.trl < floor { return [] }
    return core.search(
      achievement.indexedText, field: achievement.field, province: achievement.province, level: achievement.trl,
      floor: 0, limit: limit, scratch: scratch
    ) { ($0, achievement) }
  }
}

/// What both directions share: the documents indexed (achievements, or demands for the reverse
/// direction) with their n-gram index and attributes, the search from one query text to ranked
/// matches and the parallel batch over many queries.
struct MatchingCore<Document: Sendable>: Sendable {
  let options: MatchOptions
  /// The indexed documents, in input order.
  let documents: [Document]
  let index: NGramIndex
  let attributes: DocumentAttributes

  /// Indexes `documents` by `text`, with each one's field, province, own readiness level and the
  /// lowest level it accepts.
  init(
    documents: [Document], options: MatchOptions, text: (Document) -> String, id: (Document) -> String,
    attributes describe: (Document) -> (field: String, province: String, level: Int, floor: Int)
  ) {
    self.init(
      documents: documents, options: options,
      index: NGramIndex(
        texts: documents.map(text), ids: documents.map(id), sizes: options.ngramSizes,
        maximumDocumentFrequency: options.maximumDocumentFrequency),
      attributes: describe)
  }

  /// The documents with their index, already built.
  init(
    documents: [Document], options: MatchOptions, index: NGramIndex,
    attributes describe: (Document) -> (field: String, province: String, level: Int, floor: Int)
  ) {
    self.options = options
    self.documents = documents
    self.index = index
    var attributes = DocumentAttributes()
    for document in documents {
      let a = describe(document)
      attributes.append(field: a.field, province: a.province, level: a.level, floor: a.floor)
    }
    self.attributes = attributes
  }

  /// Scratch space for one search at a time.
  func scratch() -> SearchScratch { SearchScratch(documentCount: documents.count) }

  /// `match` of each query, in the order of `queries`, on one task per core, each with its own
  /// scratch, taking blocks of queries in turn; the result does not depend on the number of cores.
  func matchAll<Query: Sendable>(
    _ queries: [Query], _ match: @escaping @Sendable (Query, SearchScratch) -> [Match]
  ) -> [[Match]] {
    let count = documents.count
    let blockSize = 16
    let blocks = (queries.count + blockSize - 1) / blockSize
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, blocks))
    let next = BlockCounter()
    let parts = ParallelMap.run(count: workers) { _ -> [(block: Int, matches: [[Match]])] in
      let scratch = SearchScratch(documentCount: count)
      var done: [(block: Int, matches: [[Match]])] = []
      while let block = next.take(below: blocks) {
        let range = (block * blockSize)..<min(queries.count, (block + 1) * blockSize)
        done.append((block, range.map { match(queries[$0], scratch) }))
      }
      return done
    }
    var ordered = [[[Match]]](repeating: [], count: blocks)
    for part in parts {
      for (block, matches) in part { ordered[block] = matches }
    }
    return ordered.flatMap { $0 }
  }

  /// The best `limit` documents for a query `text` from a query of `field` and `province`, at
  /// readiness `level`, accepting documents from `floor`; `pair` gives the demand and the
  /// achievement each match is between.
  func search(
    _ text: String, field: String, province: String, level: Int, floor: Int, limit: Int, scratch: SearchScratch,
    pair: (Document) -> (demand: MatchDemand, achievement: MatchAchievement)
  ) -> [Match] {
    let query = index.queryVector(text)
    let constraints = QueryConstraints(
      field: attributes.fieldCodes[field] ?? -1, province: attributes.provinceCodes[province] ?? -1, level: level,
      floor: floor, fieldRule: options.field, provinceRule: options.province)
    let found = index.search(query, constraints: constraints, attributes: attributes, limit: limit, scratch: scratch)
    return found.enumerated().map { rank, scored in
      let (demand, achievement) = pair(documents[Int(scored.document)])
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

/// Hands out block numbers 0, 1, 2, … to concurrent workers, each number once.
private final class BlockCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0

  /// The next block number below `count`, or `nil` when all are taken.
  func take(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }
}
