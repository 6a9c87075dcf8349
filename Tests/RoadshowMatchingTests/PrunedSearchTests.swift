import Foundation
import Testing

@testable import RoadshowMatching

/// The compact index and its pruned search against a plain reference: the straightforward
/// term-at-a-time TF-IDF search the engine had before (dictionary vocabulary, every posting list
/// read in full). Same documents, same order, bit-identical scores.
@Suite struct PrunedSearchTests {
  /// A corpus shaped like a national list: texts over a few hundred characters of skewed
  /// frequency (rare n-grams make short posting lists), common phrases in most texts (long
  /// lists), repeated texts (equal scores), several fields, provinces and readiness levels.
  static func corpus(count: Int, seed: UInt64) -> [MatchAchievement] {
    var random = SplitMix(seed: seed)
    let alphabet = (0..<300).map { Character(Unicode.Scalar(0x4E00 + $0 * 7) ?? "一") }
    var titles: [String] = []
    var achievements: [MatchAchievement] = []
    for index in 0..<count {
      let title: String
      if !titles.isEmpty && random.next(below: 5) == 0 {
        title = titles[random.next(below: titles.count)]
      } else {
        let length = 3 + random.next(below: 12)
        var text = String(
          (0..<length).map { _ in
            random.next(below: 6) == 0
              ? "，" : alphabet[min(random.next(below: alphabet.count), random.next(below: alphabet.count))]
          })
        if random.next(below: 5) < 3 { text += "技术研究" }
        if random.next(below: 3) == 0 { text = "智能" + text }
        title = text
        titles.append(title)
      }
      achievements.append(
        MatchAchievement(
          id: String(format: "A%05d", (index * 7919) % count), title: title,
          province: ["北京", "湖南", "浙江"][random.next(below: 3)], field: ["新能源", "农业", "制造"][random.next(below: 3)],
          trl: 1 + random.next(below: 9)))
    }
    return achievements
  }

  static func demands(_ achievements: [MatchAchievement], count: Int, seed: UInt64) -> [MatchDemand] {
    var random = SplitMix(seed: seed)
    return (0..<count).map { index in
      let source = Array(achievements[random.next(below: achievements.count)].title)
      let start = random.next(below: source.count)
      let need = String(source[start..<min(source.count, start + 2 + random.next(below: 8))]) + "技术研究"
      return MatchDemand(
        id: "D\(index)", province: ["北京", "湖南", "浙江", "上海"][random.next(below: 4)],
        field: ["新能源", "农业", "制造", "其他"][random.next(below: 4)], need: "需求：" + need,
        minimumTRL: random.next(below: 3) == 0 ? 1 + random.next(below: 9) : nil)
    }
  }

  static let optionSets: [MatchOptions] = [
    MatchOptions(maximumDocumentFrequency: 1),
    MatchOptions(),
    MatchOptions(field: .require, province: .bonus(0.1), maximumDocumentFrequency: 1),
    MatchOptions(ngramSizes: 1...2, field: .ignore, province: .require, minimumTRL: 4, maximumDocumentFrequency: 0.5),
  ]

  @Test(arguments: 0..<optionSets.count)
  func prunedSearchEqualsAFullPass(_ optionIndex: Int) {
    let options = Self.optionSets[optionIndex]
    var achievements = Self.corpus(count: 6000, seed: 11 + UInt64(optionIndex))
    // An n-gram more than 254 times in one text: its count is kept beside the forward index.
    achievements.append(
      MatchAchievement(id: "Z1", title: String(repeating: "锂电 ", count: 300) + "材料", field: "新能源", trl: 9))
    let demands = Self.demands(achievements, count: 300, seed: 5) + [MatchDemand(id: "DZ", need: "锂电材料")]
    let engine = MatchingEngine(achievements: achievements, options: options)
    let index = engine.core.index
    let reference = ReferenceIndex(
      texts: achievements.map(\.indexedText), ids: achievements.map(\.id), sizes: options.ngramSizes,
      maximumDocumentFrequency: options.maximumDocumentFrequency)
    #expect(index.termKeys == reference.termKeys)
    #expect(index.idf.map(\.bitPattern) == reference.idf.map(\.bitPattern))
    let scratch = engine.core.scratch()
    var compared = 0
    for demand in demands {
      let query = index.queryVector(demand.need)
      let referenceQuery = reference.queryVector(demand.need)
      #expect(query.map(\.term) == referenceQuery.map(\.term))
      #expect(query.map(\.weight.bitPattern) == referenceQuery.map(\.weight.bitPattern))
      let floor = max(options.minimumTRL ?? 0, demand.minimumTRL ?? 0)
      let constraints = QueryConstraints(
        field: engine.core.attributes.fieldCodes[demand.field] ?? -1,
        province: engine.core.attributes.provinceCodes[demand.province] ?? -1, level: 9, floor: floor,
        fieldRule: options.field, provinceRule: options.province)
      for limit in [1, 3, 10, 40] {
        let found = index.search(
          query, constraints: constraints, attributes: engine.core.attributes, limit: limit, scratch: scratch)
        let expected = reference.search(
          referenceQuery, constraints: constraints, attributes: engine.core.attributes, limit: limit)
        #expect(found.map(\.document) == expected.map(\.document), "\(demand.need) limit \(limit)")
        #expect(found.map(\.score.bitPattern) == expected.map(\.score.bitPattern))
        #expect(found.map(\.textScore.bitPattern) == expected.map(\.textScore.bitPattern))
        compared += expected.count
        for scored in found.prefix(3) {
          for (term, _) in query {
            #expect(
              index.weight(of: term, in: Int(scored.document)).bitPattern
                == reference.weight(of: term, in: Int(scored.document)).bitPattern)
          }
        }
      }
      #expect(scratch.accumulator.allSatisfy { $0 == 0 })
    }
    #expect(compared > 1000)
    // The corpus has long lists: the pruning is exercised, not just the full pass.
    if optionIndex == 0 { #expect(scratch.skippedLists > 0) }
  }

  @Test func readingAFileBlockByBlockGivesTheSameEngine() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let achievements = Self.corpus(count: 400, seed: 21)
    var lines = ["\u{FEFF}id,title,institution,province,field,trl,summary"]
    for (index, achievement) in achievements.enumerated() {
      // Quoted fields with separators, doubled quotes and line breaks; a summary now and then.
      let title = index % 7 == 0 ? "\"\(achievement.title),\"\"引\"\"\n续行\"" : achievement.title
      let summary = index % 5 == 0 ? "\"材料，\r\n电池\"" : ""
      lines.append(
        "\(achievement.id),\(title),某大学,\(achievement.province),\(achievement.field),\(achievement.trl),\(summary)")
    }
    let url = folder.appendingPathComponent("achievements.csv")
    try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: url)
    let loaded = try MatchingFiles.loadAchievements(from: url)
    let whole = MatchingEngine(achievements: loaded)
    let demands = Self.demands(loaded, count: 120, seed: 4)
    for blockSize in [64, 1000, 1 << 20] {
      // The blocks are read, not the whole file loaded instead.
      let read = try #require(AchievementBlocks.read(url, blockSize: blockSize))
      #expect(read.documents.map(\.id) == loaded.map(\.id))
      #expect(read.documents.map(\.field) == loaded.map(\.field))
      let streamed = try MatchingEngine(contentsOf: url, options: MatchOptions(), blockSize: blockSize)
      #expect(streamed.matchAll(demands, limit: 5) == whole.matchAll(demands, limit: 5))
    }
  }

  @Test func aBadFileReadBlockByBlockFailsAsWhenLoadedWhole() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("achievements.csv")
    let header = "id,title,institution,province,field,trl\n"
    let good = (0..<50).map { "A\($0),锂电池材料\($0),某大学,湖南,新能源,5\n" }.joined()
    for bad in ["A7,重复编号,某大学,湖南,新能源,5\n", "A99,成熟度,某大学,湖南,新能源,12\n", "A98,\"未闭合,某大学\n", "A97,少字段\n"] {
      try Data((header + good + bad + good.replacingOccurrences(of: "A", with: "B")).utf8).write(to: url)
      #expect(AchievementBlocks.read(url, blockSize: 256) == nil)
      var whole: CSVInputError?
      do { _ = try MatchingFiles.loadAchievements(from: url) } catch { whole = error }
      var blocks: CSVInputError?
      do { _ = try MatchingEngine(contentsOf: url, options: MatchOptions(), blockSize: 256) } catch { blocks = error }
      #expect(whole != nil)
      #expect(blocks == whole, "\(bad)")
    }
  }

  @Test func batchOrderDoesNotDependOnBlocksOrCores() {
    let achievements = Self.corpus(count: 3000, seed: 3)
    let demands = Self.demands(achievements, count: 200, seed: 9)
    let engine = MatchingEngine(achievements: achievements)
    let batch = engine.matchAll(demands, limit: 5)
    #expect(batch == demands.map { engine.match($0, limit: 5) })
    #expect(engine.matchAll(Array(demands.reversed()), limit: 5) == batch.reversed())
  }
}

extension SplitMix {
  /// A number in `0..<bound`.
  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The engine's index as it was before the compact one: a dictionary vocabulary, per-document
/// arrays, every posting list read in full. The oracle for ``PrunedSearchTests``.
struct ReferenceIndex {
  let tokenizer: NGramTokenizer
  let vocabulary: [UInt64: Int32]
  let termKeys: [UInt64]
  let idf: [Float]
  let postingStart: [Int32]
  let postingDocs: [Int32]
  let postingWeights: [Float]
  let documentStart: [Int32]
  let documentTerms: [Int32]
  let documentWeights: [Float]
  let idRank: [Int32]

  init(texts: [String], ids: [String], sizes: ClosedRange<Int>, maximumDocumentFrequency: Double) {
    tokenizer = NGramTokenizer(sizes: sizes)
    var keysOfDocuments: [[UInt64]] = []
    var allKeys = Set<UInt64>()
    for text in texts {
      var keys: [UInt64] = []
      tokenizer.keys(text, into: &keys)
      keysOfDocuments.append(keys)
      allKeys.formUnion(keys)
    }
    termKeys = allKeys.sorted()
    var vocabulary: [UInt64: Int32] = [:]
    for (id, key) in termKeys.enumerated() { vocabulary[key] = Int32(id) }
    self.vocabulary = vocabulary
    var documentStart: [Int32] = [0]
    var documentTerms: [Int32] = []
    var documentCounts: [Int32] = []
    for keys in keysOfDocuments {
      var counts: [Int32: Int32] = [:]
      for key in keys { counts[vocabulary[key] ?? 0, default: 0] += 1 }
      for term in counts.keys.sorted() {
        documentTerms.append(term)
        documentCounts.append(counts[term] ?? 0)
      }
      documentStart.append(Int32(documentTerms.count))
    }
    let termCount = termKeys.count
    var frequency = [Int32](repeating: 0, count: termCount)
    for term in documentTerms { frequency[Int(term)] += 1 }
    let total = Float(texts.count)
    let stopAbove =
      maximumDocumentFrequency >= 1
      ? Int32.max : max(NGramIndex.stopGramFloor, Int32(max(0, maximumDocumentFrequency) * Double(total)))
    idf = frequency.map { $0 > stopAbove ? 0 : logf((1 + total) / (1 + Float($0))) + 1 }
    for term in 0..<termCount where frequency[term] > stopAbove { frequency[term] = 0 }
    var documentWeights = [Float](repeating: 0, count: documentTerms.count)
    for doc in 0..<texts.count {
      let range = Int(documentStart[doc])..<Int(documentStart[doc + 1])
      var norm: Float = 0
      for position in range {
        let weight = (1 + logf(Float(documentCounts[position]))) * idf[Int(documentTerms[position])]
        documentWeights[position] = weight
        norm += weight * weight
      }
      let scale = norm > 0 ? 1 / norm.squareRoot() : 0
      for position in range { documentWeights[position] *= scale }
    }
    var postingStart = [Int32](repeating: 0, count: termCount + 1)
    for term in 0..<termCount { postingStart[term + 1] = postingStart[term] + frequency[term] }
    var fill = Array(postingStart.dropLast())
    var postingDocs = [Int32](repeating: 0, count: Int(postingStart[termCount]))
    var postingWeights = [Float](repeating: 0, count: Int(postingStart[termCount]))
    for doc in 0..<texts.count {
      for position in Int(documentStart[doc])..<Int(documentStart[doc + 1]) where documentWeights[position] > 0 {
        let term = Int(documentTerms[position])
        postingDocs[Int(fill[term])] = Int32(doc)
        postingWeights[Int(fill[term])] = documentWeights[position]
        fill[term] += 1
      }
    }
    var rank = [Int32](repeating: 0, count: texts.count)
    for (position, doc) in ids.indices.sorted(by: { ids[$0] < ids[$1] || (ids[$0] == ids[$1] && $0 < $1) })
      .enumerated()
    {
      rank[doc] = Int32(position)
    }
    self.postingStart = postingStart
    self.postingDocs = postingDocs
    self.postingWeights = postingWeights
    self.documentStart = documentStart
    self.documentTerms = documentTerms
    self.documentWeights = documentWeights
    idRank = rank
  }

  func queryVector(_ text: String) -> [(term: Int32, weight: Float)] {
    var keys: [UInt64] = []
    tokenizer.keys(text, into: &keys)
    var terms = keys.compactMap { vocabulary[$0] }
    terms.sort()
    var vector: [(term: Int32, weight: Float)] = []
    var index = 0
    var norm: Float = 0
    while index < terms.count {
      var next = index + 1
      while next < terms.count && terms[next] == terms[index] { next += 1 }
      let weight = (1 + logf(Float(next - index))) * idf[Int(terms[index])]
      if weight > 0 { vector.append((terms[index], weight)) }
      norm += weight * weight
      index = next
    }
    let scale = norm > 0 ? 1 / norm.squareRoot() : 0
    return vector.map { ($0.term, $0.weight * scale) }
  }

  func weight(of term: Int32, in document: Int) -> Float {
    for position in Int(documentStart[document])..<Int(documentStart[document + 1])
    where documentTerms[position] == term {
      return documentWeights[position]
    }
    return 0
  }

  func search(
    _ query: [(term: Int32, weight: Float)], constraints: QueryConstraints, attributes: DocumentAttributes,
    limit: Int
  ) -> [ScoredDocument] {
    guard limit > 0, !query.isEmpty else { return [] }
    var accumulator = [Float](repeating: 0, count: idRank.count)
    var touched: [Int] = []
    for (term, queryWeight) in query {
      for position in Int(postingStart[Int(term)])..<Int(postingStart[Int(term) + 1]) {
        let doc = Int(postingDocs[position])
        if accumulator[doc] == 0 { touched.append(doc) }
        accumulator[doc] = accumulator[doc] + queryWeight * postingWeights[position]
      }
    }
    var fieldBonus: Float = 0
    if case .bonus(let value) = constraints.fieldRule, constraints.field >= 0 { fieldBonus = Float(value) }
    var provinceBonus: Float = 0
    if case .bonus(let value) = constraints.provinceRule, constraints.province >= 0 { provinceBonus = Float(value) }
    var all: [ScoredDocument] = []
    for doc in touched {
      if constraints.fieldRule == .require && attributes.field[doc] != constraints.field { continue }
      if constraints.provinceRule == .require && attributes.province[doc] != constraints.province { continue }
      if Int(attributes.level[doc]) < constraints.floor || constraints.level < Int(attributes.floor[doc]) { continue }
      var score = accumulator[doc]
      if fieldBonus != 0 && attributes.field[doc] == constraints.field { score += fieldBonus }
      if provinceBonus != 0 && attributes.province[doc] == constraints.province { score += provinceBonus }
      all.append(ScoredDocument(document: Int32(doc), score: score, textScore: accumulator[doc]))
    }
    all.sort { $0.score > $1.score || ($0.score == $1.score && idRank[Int($0.document)] < idRank[Int($1.document)]) }
    return Array(all.prefix(limit))
  }
}
