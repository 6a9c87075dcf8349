import Foundation

/// Splits text into character n-grams, packed into 64-bit keys (three 21-bit scalars, unused
/// positions filled with a sentinel), so no string is allocated per n-gram.
struct NGramTokenizer: Sendable {
  static let sentinel: UInt64 = 0x1F_FFFF
  let sizes: ClosedRange<Int>

  /// The keys of every n-gram of `text`, with repetition, in text order.
  func keys(_ text: String, into output: inout [UInt64]) {
    var segment: [UInt32] = []
    segment.reserveCapacity(64)
    for scalar in text.unicodeScalars {
      if let value = Self.normalized(scalar) {
        segment.append(value)
      } else {
        emit(segment, into: &output)
        segment.removeAll(keepingCapacity: true)
      }
    }
    emit(segment, into: &output)
  }

  private func emit(_ segment: [UInt32], into output: inout [UInt64]) {
    let count = segment.count
    guard count > 0 else { return }
    if count < sizes.lowerBound {
      output.append(Self.pack(segment, from: 0, length: count))
      return
    }
    for n in sizes where n <= count {
      for start in 0...(count - n) { output.append(Self.pack(segment, from: start, length: n)) }
    }
  }

  static func pack(_ scalars: [UInt32], from start: Int, length: Int) -> UInt64 {
    var key: UInt64 = 0
    for offset in 0..<3 {
      let part = offset < length ? UInt64(scalars[start + offset]) : sentinel
      key = (key << 21) | part
    }
    return key
  }

  static func text(of key: UInt64) -> String {
    var scalars = String.UnicodeScalarView()
    for shift in [42, 21, 0] {
      let part = (key >> UInt64(shift)) & sentinel
      if part != sentinel, let scalar = Unicode.Scalar(UInt32(part)) { scalars.append(scalar) }
    }
    return String(scalars)
  }

  /// Lower-cased, full-width ASCII folded to half-width; `nil` for separators (space, punctuation).
  static func normalized(_ scalar: Unicode.Scalar) -> UInt32? {
    var value = scalar.value
    if value >= 0x4E00 && value <= 0x9FFF { return value }
    if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
    if value < 0x80 {
      switch value {
      case 0x30...0x39, 0x61...0x7A: return value
      case 0x41...0x5A: return value + 0x20
      default: return nil
      }
    }
    guard let folded = Unicode.Scalar(value) else { return nil }
    let properties = folded.properties
    if properties.isWhitespace { return nil }
    switch properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation, .control, .format, .spaceSeparator, .lineSeparator,
      .paragraphSeparator:
      return nil
    default:
      if properties.changesWhenLowercased, let lower = properties.lowercaseMapping.unicodeScalars.first {
        return lower.value
      }
      return value
    }
  }
}

/// Per-document attributes the constraints look at, as small integer codes.
struct DocumentAttributes: Sendable {
  /// Field code per document (codes from `fieldCodes`).
  var field: [Int32] = []
  /// Province code per document.
  var province: [Int32] = []
  /// The document's own readiness level (achievements), or 9 when it has none (demands).
  var level: [Int8] = []
  /// The lowest readiness level the document accepts (demands), or 0 (achievements).
  var floor: [Int8] = []
  var fieldCodes: [String: Int32] = [:]
  var provinceCodes: [String: Int32] = [:]

  mutating func append(field: String, province: String, level: Int, floor: Int) {
    self.field.append(Self.code(field, in: &fieldCodes))
    self.province.append(Self.code(province, in: &provinceCodes))
    self.level.append(Int8(clamping: level))
    self.floor.append(Int8(clamping: floor))
  }

  private static func code(_ value: String, in codes: inout [String: Int32]) -> Int32 {
    if let code = codes[value] { return code }
    let code = Int32(codes.count)
    codes[value] = code
    return code
  }
}

/// What one query asks of the candidates.
struct QueryConstraints {
  var field: Int32  // -1 when the field is unknown to the index
  var province: Int32
  var level: Int  // the query's own readiness level (9 for demands)
  var floor: Int  // the lowest level the query accepts
  var fieldRule: MatchConstraint
  var provinceRule: MatchConstraint
}

/// A TF-IDF inverted index over character n-grams: sublinear term frequency (1 + ln tf), smooth idf
/// (ln((1 + N) / (1 + df)) + 1), L2-normalised document vectors; queries are scored by cosine.
struct NGramIndex: Sendable {
  let tokenizer: NGramTokenizer
  let documentCount: Int
  /// term key → term id
  let vocabulary: [UInt64: Int32]
  let termKeys: [UInt64]
  let idf: [Float]
  /// Postings (CSR): for term t, documents postingDocs[postingStart[t]..<postingStart[t+1]] in ascending order.
  let postingStart: [Int32]
  let postingDocs: [Int32]
  let postingWeights: [Float]
  /// Forward index (CSR): each document's term ids ascending with their weights.
  let documentStart: [Int32]
  let documentTerms: [Int32]
  let documentWeights: [Float]
  /// Rank of each document's id in id order, for deterministic tie-breaking.
  let idRank: [Int32]

  /// N-grams in at most this many documents are never stop-grams, so small corpora keep every n-gram.
  static let stopGramFloor: Int32 = 100

  /// `maximumDocumentFrequency`: n-grams found in more than this share of the documents (and in
  /// more than ``stopGramFloor`` of them) are stop-grams, left out of every vector (1 keeps all).
  init(texts: [String], ids: [String], sizes: ClosedRange<Int>, maximumDocumentFrequency: Double = 1) {
    let tokenizer = NGramTokenizer(sizes: sizes)
    self.tokenizer = tokenizer
    documentCount = texts.count
    // Tokenise in parallel chunks; assign term ids sequentially in document order (deterministic).
    let chunkCount = max(1, min(64, texts.count / 512))
    let chunkKeys = ParallelMap.run(count: chunkCount) { chunk -> ([UInt64], [Int32]) in
      let range = ParallelMap.slice(texts.count, chunk, chunkCount)
      var keys: [UInt64] = []
      var ends: [Int32] = []
      keys.reserveCapacity(range.count * 48)
      for document in range {
        tokenizer.keys(texts[document], into: &keys)
        ends.append(Int32(keys.count))
      }
      return (keys, ends)
    }
    // Provisional ids in order of first appearance, then final ids in key order, so that every
    // float sum runs in the same order whatever the order of the documents.
    var provisional: [UInt64: Int32] = [:]
    var firstSeenKeys: [UInt64] = []
    var tokenIDs: [[Int32]] = []
    for (keys, _) in chunkKeys {
      tokenIDs.append(
        keys.map { key in
          if let id = provisional[key] { return id }
          let id = Int32(firstSeenKeys.count)
          provisional[key] = id
          firstSeenKeys.append(key)
          return id
        })
    }
    let keyOrder = firstSeenKeys.indices.sorted { firstSeenKeys[$0] < firstSeenKeys[$1] }
    var finalID = [Int32](repeating: 0, count: firstSeenKeys.count)
    var termKeys: [UInt64] = []
    termKeys.reserveCapacity(firstSeenKeys.count)
    var vocabulary: [UInt64: Int32] = [:]
    vocabulary.reserveCapacity(firstSeenKeys.count)
    for (position, old) in keyOrder.enumerated() {
      finalID[old] = Int32(position)
      termKeys.append(firstSeenKeys[old])
      vocabulary[firstSeenKeys[old]] = Int32(position)
    }
    var documentStart: [Int32] = [0]
    var documentTerms: [Int32] = []
    var documentCounts: [Int32] = []
    documentStart.reserveCapacity(texts.count + 1)
    var document: [Int32] = []
    for (chunk, (_, ends)) in chunkKeys.enumerated() {
      let ids = tokenIDs[chunk]
      var start = 0
      for end in ends {
        document.removeAll(keepingCapacity: true)
        for id in ids[start..<Int(end)] { document.append(finalID[Int(id)]) }
        start = Int(end)
        document.sort()
        var index = 0
        while index < document.count {
          var next = index + 1
          while next < document.count && document[next] == document[index] { next += 1 }
          documentTerms.append(document[index])
          documentCounts.append(Int32(next - index))
          index = next
        }
        documentStart.append(Int32(documentTerms.count))
      }
    }
    let termCount = termKeys.count
    var frequency = [Int32](repeating: 0, count: termCount)
    for term in documentTerms { frequency[Int(term)] += 1 }
    let total = Float(texts.count)
    let stopAbove =
      maximumDocumentFrequency >= 1
      ? Int32.max : max(Self.stopGramFloor, Int32(max(0, maximumDocumentFrequency) * Double(total)))
    let idf = frequency.map { $0 > stopAbove ? 0 : logf((1 + total) / (1 + Float($0))) + 1 }
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
    let postingCount = Int(postingStart[termCount])
    var postingDocs = [Int32](repeating: 0, count: postingCount)
    var postingWeights = [Float](repeating: 0, count: postingCount)
    for doc in 0..<texts.count {
      for position in Int(documentStart[doc])..<Int(documentStart[doc + 1]) where documentWeights[position] > 0 {
        let term = Int(documentTerms[position])
        let slot = Int(fill[term])
        postingDocs[slot] = Int32(doc)
        postingWeights[slot] = documentWeights[position]
        fill[term] += 1
      }
    }
    var rank = [Int32](repeating: 0, count: texts.count)
    for (position, doc) in ids.indices.sorted(by: { ids[$0] < ids[$1] || (ids[$0] == ids[$1] && $0 < $1) })
      .enumerated()
    {
      rank[doc] = Int32(position)
    }
    self.vocabulary = vocabulary
    self.termKeys = termKeys
    self.idf = idf
    self.postingStart = postingStart
    self.postingDocs = postingDocs
    self.postingWeights = postingWeights
    self.documentStart = documentStart
    self.documentTerms = documentTerms
    self.documentWeights = documentWeights
    self.idRank = rank
  }

  /// The query's known terms with their L2-normalised weights, ascending by term id.
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

  /// The weight of `term` in `document`, 0 when absent.
  func weight(of term: Int32, in document: Int) -> Float {
    var low = Int(documentStart[document])
    var high = Int(documentStart[document + 1])
    while low < high {
      let middle = (low + high) / 2
      let value = documentTerms[middle]
      if value == term { return documentWeights[middle] }
      if value < term { low = middle + 1 } else { high = middle }
    }
    return 0
  }
}

/// Scratch memory for one searching thread: an accumulator per document and the list of touched ones.
final class SearchScratch {
  var accumulator: [Float]
  var touched: [Int32] = []

  init(documentCount: Int) {
    accumulator = [Float](repeating: 0, count: documentCount)
    touched.reserveCapacity(4096)
  }
}

/// One scored candidate.
struct ScoredDocument {
  var document: Int32
  var score: Float
  var textScore: Float
}

extension NGramIndex {
  /// The best `limit` documents for a query vector under the constraints, best first;
  /// only documents sharing at least one n-gram are candidates.
  func search(
    _ query: [(term: Int32, weight: Float)], constraints: QueryConstraints, attributes: DocumentAttributes,
    limit: Int, scratch: SearchScratch
  ) -> [ScoredDocument] {
    guard limit > 0, !query.isEmpty else { return [] }
    scratch.touched.removeAll(keepingCapacity: true)
    postingStart.withUnsafeBufferPointer { starts in
      postingDocs.withUnsafeBufferPointer { docs in
        postingWeights.withUnsafeBufferPointer { weights in
          scratch.accumulator.withUnsafeMutableBufferPointer { accumulator in
            for (term, queryWeight) in query {
              let start = Int(starts[Int(term)])
              let end = Int(starts[Int(term) + 1])
              for position in start..<end {
                let doc = Int(docs[position])
                let previous = accumulator[doc]
                if previous == 0 { scratch.touched.append(Int32(doc)) }
                accumulator[doc] = previous + queryWeight * weights[position]
              }
            }
          }
        }
      }
    }
    let fieldBonus: Float
    if case .bonus(let value) = constraints.fieldRule, constraints.field >= 0 {
      fieldBonus = Float(value)
    } else {
      fieldBonus = 0
    }
    let provinceBonus: Float
    if case .bonus(let value) = constraints.provinceRule, constraints.province >= 0 {
      provinceBonus = Float(value)
    } else {
      provinceBonus = 0
    }
    let requireField = constraints.fieldRule == .require
    let requireProvince = constraints.provinceRule == .require
    let checkLevels = constraints.floor > 0 || constraints.level < 9
    var best: [ScoredDocument] = []
    best.reserveCapacity(limit + 1)
    scratch.accumulator.withUnsafeMutableBufferPointer { accumulator in
      for doc32 in scratch.touched {
        let doc = Int(doc32)
        let text = accumulator[doc]
        accumulator[doc] = 0
        if requireField && attributes.field[doc] != constraints.field { continue }
        if requireProvince && attributes.province[doc] != constraints.province { continue }
        if checkLevels
          && (Int(attributes.level[doc]) < constraints.floor || constraints.level < Int(attributes.floor[doc]))
        {
          continue
        }
        var score = text
        if fieldBonus != 0 && attributes.field[doc] == constraints.field { score += fieldBonus }
        if provinceBonus != 0 && attributes.province[doc] == constraints.province { score += provinceBonus }
        if best.count == limit {
          let worst = best[limit - 1]
          if score < worst.score || (score == worst.score && idRank[doc] > idRank[Int(worst.document)]) {
            continue
          }
        }
        var position = best.count
        best.append(ScoredDocument(document: doc32, score: score, textScore: text))
        while position > 0 {
          let above = best[position - 1]
          if above.score > score || (above.score == score && idRank[Int(above.document)] < idRank[doc]) { break }
          best[position] = above
          position -= 1
        }
        best[position] = ScoredDocument(document: doc32, score: score, textScore: text)
        if best.count > limit { best.removeLast() }
      }
    }
    return best
  }
}

/// Runs independent jobs on all cores and returns their results in job order.
enum ParallelMap {
  static func run<Result: Sendable>(count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    let store = ResultStore<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      store.set(index, body(index))
    }
    return store.values()
  }

  /// The `part`-th of `parts` contiguous slices of `0..<count`.
  static func slice(_ count: Int, _ part: Int, _ parts: Int) -> Range<Int> {
    (count * part / parts)..<(count * (part + 1) / parts)
  }
}

/// Results written by concurrent jobs, each to its own index, behind a lock.
private final class ResultStore<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Value?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() -> [Value] {
    lock.lock()
    defer { lock.unlock() }
    return slots.compactMap { $0 }
  }
}
