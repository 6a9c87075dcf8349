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
    keys(text, into: &output, segment: &segment)
  }

  /// ``keys(_:into:)`` with a caller's buffer for the current segment, so that tokenising many
  /// texts allocates nothing per text.
  func keys(_ text: String, into output: inout [UInt64], segment: inout [UInt32]) {
    segment.removeAll(keepingCapacity: true)
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

  /// ``keys(_:into:)`` of the text in valid UTF-8 `bytes`: the same n-grams as from the string.
  func keys(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt64], segment: inout [UInt32]) {
    segment.removeAll(keepingCapacity: true)
    var index = 0
    let count = bytes.count
    while index < count {
      let lead = UInt32(bytes[index])
      var value: UInt32
      var length: Int
      if lead < 0x80 {
        value = lead
        length = 1
      } else if lead < 0xE0 {
        value = lead & 0x1F
        length = 2
      } else if lead < 0xF0 {
        value = lead & 0x0F
        length = 3
      } else {
        value = lead & 0x07
        length = 4
      }
      for offset in 1..<max(1, min(length, count - index)) {
        value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F)
      }
      index += length
      if let scalar = Unicode.Scalar(value), let normalized = Self.normalized(scalar) {
        segment.append(normalized)
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
///
/// Term ids follow the order of the n-gram keys, so every float sum runs in the same order
/// whatever the order of the documents. Postings and the forward index are flat arrays (CSR)
/// built by counting, stop-grams are left out of both, and the vocabulary is a flat hash table.
struct NGramIndex: Sendable {
  let tokenizer: NGramTokenizer
  let documentCount: Int
  /// term key → term id
  let vocabulary: TermTable
  /// The key of each term id, ascending.
  let termKeys: [UInt64]
  let idf: [Float]
  /// Postings (CSR): for term t, documents postingDocs[postingStart[t]..<postingStart[t+1]] in ascending order.
  let postingStart: [UInt32]
  let postingDocs: [UInt32]
  let postingWeights: [Float]
  /// The largest weight in each term's postings (0 for stop-grams), for bounding scores.
  let maximumWeight: [Float]
  /// Forward index (CSR): each document's term ids ascending with their counts (stop-grams left
  /// out); a weight is recomputed from them with the same float operations that made it.
  let documentStart: [UInt32]
  let documentTerms: [UInt32]
  /// Each term's count in the document, 255 standing for the count in `countOverflow`.
  let documentCounts: [UInt8]
  let countOverflow: [Int: UInt32]
  /// 1 / the L2 norm of each document's weights.
  let documentScale: [Float]
  /// Rank of each document's id in id order, for deterministic tie-breaking.
  let idRank: [Int32]

  /// Posting lists shorter than this are always read (checking whether to stop costs more).
  static let pruningListLength = 512

  /// N-grams in at most this many documents are never stop-grams, so small corpora keep every n-gram.
  static let stopGramFloor: Int32 = 100

  /// `maximumDocumentFrequency`: n-grams found in more than this share of the documents (and in
  /// more than ``stopGramFloor`` of them) are stop-grams, left out of every vector (1 keeps all).
  init(texts: [String], ids: [String], sizes: ClosedRange<Int>, maximumDocumentFrequency: Double = 1) {
    let tokenizer = NGramTokenizer(sizes: sizes)
    self.init(
      count: texts.count, ids: ids, tokenizer: tokenizer, maximumDocumentFrequency: maximumDocumentFrequency
    ) { document, keys, segment in
      tokenizer.keys(texts[document], into: &keys, segment: &segment)
    }
  }

  /// Indexes texts held as UTF-8 bytes (``TextBytes``), so a large corpus is never held as strings.
  init(texts: TextBytes, ids: [String], sizes: ClosedRange<Int>, maximumDocumentFrequency: Double = 1) {
    let tokenizer = NGramTokenizer(sizes: sizes)
    self.init(
      count: texts.count, ids: ids, tokenizer: tokenizer, maximumDocumentFrequency: maximumDocumentFrequency
    ) { document, keys, segment in
      texts.withText(document) { tokenizer.keys(utf8: $0, into: &keys, segment: &segment) }
    }
  }

  /// Indexes `count` documents whose n-gram keys `tokenize` appends (document, keys, a scratch
  /// segment buffer); it is called twice per document, from several threads.
  init(
    count: Int, ids: [String], tokenizer: NGramTokenizer, maximumDocumentFrequency: Double,
    tokenize: @escaping @Sendable (Int, inout [UInt64], inout [UInt32]) -> Void
  ) {
    self.tokenizer = tokenizer
    documentCount = count
    let chunkCount = max(1, min(4 * ProcessInfo.processInfo.activeProcessorCount, count / 2048))
    // Pass 1, in parallel chunks: each document's distinct n-grams, counted, and each chunk's
    // distinct keys, sorted.
    let firstPass = ParallelMap.run(count: chunkCount) { chunk -> (keys: [UInt64], distinct: [UInt32]) in
      let range = ParallelMap.slice(count, chunk, chunkCount)
      var seen = KeySet()
      var distinct: [UInt32] = []
      distinct.reserveCapacity(range.count)
      var keys: [UInt64] = []
      var segment: [UInt32] = []
      for document in range {
        keys.removeAll(keepingCapacity: true)
        tokenize(document, &keys, &segment)
        keys.sort()
        var unique: UInt32 = 0
        var index = 0
        while index < keys.count {
          let key = keys[index]
          seen.insert(key)
          unique += 1
          index += 1
          while index < keys.count && keys[index] == key { index += 1 }
        }
        distinct.append(unique)
      }
      var sorted = seen.keys()
      sorted.sort()
      return (sorted, distinct)
    }
    // Term ids in key order: merge the chunks' sorted keys.
    let termKeys = Self.mergeSorted(firstPass.map(\.keys))
    let vocabulary = TermTable(sortedKeys: termKeys)
    let termCount = termKeys.count
    var documentStart = [UInt32](repeating: 0, count: count + 1)
    do {
      var document = 0
      for part in firstPass {
        for unique in part.distinct {
          documentStart[document + 1] = documentStart[document] + unique
          document += 1
        }
      }
    }
    let pairCount = Int(documentStart[count])
    // Pass 2, in parallel chunks: each document's term ids (ascending, as their keys are) and
    // term counts, written straight to their place in the forward index; counts above 254 are
    // kept on the side.
    var documentTerms = [UInt32](repeating: 0, count: pairCount)
    var documentCounts = [UInt8](repeating: 0, count: pairCount)
    let overflowParts = documentStart.withUnsafeBufferPointer { starts in
      documentTerms.withUnsafeMutableBufferPointer { termBuffer in
        documentCounts.withUnsafeMutableBufferPointer { countBuffer in
          let shared = SharedOutput(
            starts: starts.baseAddress, terms: termBuffer.baseAddress, counts: countBuffer.baseAddress)
          return ParallelMap.run(count: chunkCount) { chunk -> [Int: UInt32] in
            let range = ParallelMap.slice(count, chunk, chunkCount)
            var keys: [UInt64] = []
            var segment: [UInt32] = []
            var overflow: [Int: UInt32] = [:]
            for document in range {
              keys.removeAll(keepingCapacity: true)
              tokenize(document, &keys, &segment)
              keys.sort()
              shared.write(document: document, sortedKeys: keys, vocabulary: vocabulary, overflow: &overflow)
            }
            return overflow
          }
        }
      }
    }
    // Document frequencies, idf and stop-grams.
    var frequency = [Int32](repeating: 0, count: termCount)
    documentTerms.withUnsafeBufferPointer { terms in
      for term in terms { frequency[Int(term)] += 1 }
    }
    let total = Float(count)
    let stopAbove =
      maximumDocumentFrequency >= 1
      ? Int32.max : max(Self.stopGramFloor, Int32(max(0, maximumDocumentFrequency) * Double(total)))
    let idf = frequency.map { $0 > stopAbove ? 0 : logf((1 + total) / (1 + Float($0))) + 1 }
    // Stop-grams dropped in place; each document's scale (1 / the L2 norm of its weights
    // (1 + ln tf) · idf, summed in term order) and the length of each posting list.
    var overflow: [Int: UInt32] = [:]
    for part in overflowParts { overflow.merge(part) { first, _ in first } }
    var countOverflow: [Int: UInt32] = [:]
    var documentScale = [Float](repeating: 0, count: count)
    var postingCounts = [UInt32](repeating: 0, count: termCount + 1)
    var written = 0
    let frequencyWeights = Self.termFrequencyWeights
    documentTerms.withUnsafeMutableBufferPointer { terms in
      documentCounts.withUnsafeMutableBufferPointer { counts in
        documentStart.withUnsafeMutableBufferPointer { starts in
          postingCounts.withUnsafeMutableBufferPointer { lengths in
            var weights: [Float] = []
            var start = 0
            for document in 0..<count {
              let end = Int(starts[document + 1])
              starts[document] = UInt32(written)
              let first = written
              weights.removeAll(keepingCapacity: true)
              var norm: Float = 0
              for position in start..<end {
                let term = Int(terms[position])
                let termIDF = idf[term]
                if termIDF == 0 { continue }
                let stored = counts[position]
                var frequencyWeight = frequencyWeights[Int(stored)]
                if stored == UInt8.max, let large = overflow[position] {
                  countOverflow[written] = large
                  frequencyWeight = 1 + logf(Float(large))
                }
                let weight = frequencyWeight * termIDF
                terms[written] = UInt32(term)
                counts[written] = stored
                weights.append(weight)
                norm += weight * weight
                written += 1
              }
              let scale = norm > 0 ? 1 / norm.squareRoot() : 0
              documentScale[document] = scale
              for (offset, weight) in weights.enumerated() where weight * scale > 0 {
                lengths[Int(terms[first + offset]) + 1] += 1
              }
              start = end
            }
            starts[count] = UInt32(written)
          }
        }
      }
    }
    documentTerms.removeLast(documentTerms.count - written)
    documentCounts.removeLast(documentCounts.count - written)
    // Postings by counting sort: documents ascending within each term.
    for term in 0..<termCount { postingCounts[term + 1] += postingCounts[term] }
    let postingStart = postingCounts
    var fill = postingCounts
    let postingCount = Int(postingStart[termCount])
    var postingDocs = [UInt32](repeating: 0, count: postingCount)
    var postingWeights = [Float](repeating: 0, count: postingCount)
    var maximumWeight = [Float](repeating: 0, count: termCount)
    postingDocs.withUnsafeMutableBufferPointer { docs in
      postingWeights.withUnsafeMutableBufferPointer { postedWeights in
        fill.withUnsafeMutableBufferPointer { fill in
          maximumWeight.withUnsafeMutableBufferPointer { maximumWeight in
            documentTerms.withUnsafeBufferPointer { terms in
              documentCounts.withUnsafeBufferPointer { counts in
                for document in 0..<count {
                  let scale = documentScale[document]
                  for position in Int(documentStart[document])..<Int(documentStart[document + 1]) {
                    let term = Int(terms[position])
                    let stored = counts[position]
                    let frequencyWeight =
                      stored == UInt8.max
                      ? 1 + logf(Float(countOverflow[position] ?? UInt32(stored))) : frequencyWeights[Int(stored)]
                    let weight = frequencyWeight * idf[term] * scale
                    guard weight > 0 else { continue }
                    let slot = Int(fill[term])
                    docs[slot] = UInt32(document)
                    postedWeights[slot] = weight
                    fill[term] += 1
                    if weight > maximumWeight[term] { maximumWeight[term] = weight }
                  }
                }
              }
            }
          }
        }
      }
    }
    var rank = [Int32](repeating: 0, count: count)
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
    self.maximumWeight = maximumWeight
    self.documentStart = documentStart
    self.documentTerms = documentTerms
    self.documentCounts = documentCounts
    self.countOverflow = countOverflow
    self.documentScale = documentScale
    self.idRank = rank
  }

  /// The union of ascending key lists, ascending, without repeats.
  static func mergeSorted(_ lists: [[UInt64]]) -> [UInt64] {
    var merged: [UInt64] = []
    merged.reserveCapacity(lists.map(\.count).max() ?? 0)
    var heads = [Int](repeating: 0, count: lists.count)
    while true {
      var smallest = UInt64.max
      var found = false
      for (list, head) in zip(lists, heads) where head < list.count && list[head] <= smallest {
        smallest = list[head]
        found = true
      }
      guard found else { break }
      merged.append(smallest)
      for index in lists.indices where heads[index] < lists[index].count && lists[index][heads[index]] == smallest {
        heads[index] += 1
      }
    }
    return merged
  }

  /// The query's known terms with their L2-normalised weights, ascending by term id.
  func queryVector(_ text: String) -> [(term: Int32, weight: Float)] {
    var keys: [UInt64] = []
    tokenizer.keys(text, into: &keys)
    var terms = keys.compactMap { vocabulary.id(of: $0) }
    terms.sort()
    var vector: [(term: Int32, weight: Float)] = []
    var index = 0
    var norm: Float = 0
    while index < terms.count {
      var next = index + 1
      while next < terms.count && terms[next] == terms[index] { next += 1 }
      let weight = (1 + logf(Float(next - index))) * idf[Int(terms[index])]
      if weight > 0 { vector.append((Int32(terms[index]), weight)) }
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
    let wanted = UInt32(term)
    while low < high {
      let middle = (low + high) / 2
      let value = documentTerms[middle]
      if value == wanted {
        return Self.weightAt(
          middle, term: Int(term), scale: documentScale[document], counts: documentCounts, overflow: countOverflow,
          idf: idf)
      }
      if value < wanted { low = middle + 1 } else { high = middle }
    }
    return 0
  }

  /// 1 + ln tf for the counts 0…254 (0 unused), computed once.
  static let termFrequencyWeights: [Float] = (0..<256).map { $0 == 0 ? 0 : 1 + logf(Float($0)) }

  /// The weight at a forward-index position: (1 + ln tf) · idf, times the document's scale — the
  /// float operations, in the order, that made the postings' weights.
  @inline(__always) static func weightAt(
    _ position: Int, term: Int, scale: Float, counts: [UInt8], overflow: [Int: UInt32], idf: [Float]
  ) -> Float {
    let stored = counts[position]
    let frequencyWeight =
      stored == UInt8.max
      ? 1 + logf(Float(overflow[position] ?? UInt32(stored))) : Self.termFrequencyWeights[Int(stored)]
    return frequencyWeight * idf[term] * scale
  }
}

/// Where the second pass of indexing writes: each chunk of documents its own disjoint ranges of
/// the forward index (`starts` gives them), so the chunks share the buffers without a lock.
private struct SharedOutput: @unchecked Sendable {
  let starts: UnsafePointer<UInt32>?
  let terms: UnsafeMutablePointer<UInt32>?
  let counts: UnsafeMutablePointer<UInt8>?

  /// Writes a document's term ids and counts from its sorted keys; a count above 254 is written
  /// as 255 and kept in `overflow` by position.
  func write(document: Int, sortedKeys keys: [UInt64], vocabulary: TermTable, overflow: inout [Int: UInt32]) {
    guard let starts, let terms, let counts else { return }
    var slot = Int(starts[document])
    var index = 0
    while index < keys.count {
      let key = keys[index]
      var next = index + 1
      while next < keys.count && keys[next] == key { next += 1 }
      terms[slot] = UInt32(vocabulary.id(of: key) ?? 0)
      let count = next - index
      if count >= Int(UInt8.max) {
        counts[slot] = UInt8.max
        overflow[slot] = UInt32(count)
      } else {
        counts[slot] = UInt8(count)
      }
      slot += 1
      index = next
    }
  }
}

/// A set of n-gram keys: open addressing with linear probing in flat arrays.
struct KeySet {
  static let empty = UInt64.max
  private(set) var slots: [UInt64]
  private(set) var count = 0
  private var shift: UInt64

  init() {
    slots = [UInt64](repeating: Self.empty, count: 1024)
    shift = 64 - 10
  }

  /// The slot of a key in a table of `1 << (64 - shift)` slots.
  @inline(__always) static func home(_ key: UInt64, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  mutating func insert(_ key: UInt64) {
    let mask = slots.count - 1
    var slot = Self.home(key, shift: shift)
    while true {
      let found = slots[slot]
      if found == key { return }
      if found == Self.empty { break }
      slot = (slot + 1) & mask
    }
    slots[slot] = key
    count += 1
    if count * 10 > slots.count * 7 { grow() }
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: Self.empty, count: old.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for key in old where key != Self.empty {
      var slot = Self.home(key, shift: shift)
      while slots[slot] != Self.empty { slot = (slot + 1) & mask }
      slots[slot] = key
    }
  }

  /// The keys, in no particular order.
  func keys() -> [UInt64] {
    var result: [UInt64] = []
    result.reserveCapacity(count)
    for key in slots where key != Self.empty { result.append(key) }
    return result
  }
}

/// The vocabulary: n-gram key → term id, in flat arrays (open addressing, linear probing).
struct TermTable: Sendable {
  private let slots: [UInt64]
  private let ids: [UInt32]
  private let shift: UInt64

  /// A table giving each key its position in `sortedKeys`.
  init(sortedKeys keys: [UInt64]) {
    var bits: UInt64 = 4
    while (1 << bits) * 3 < keys.count * 4 + 16 { bits += 1 }
    let size = 1 << Int(bits)
    var slots = [UInt64](repeating: KeySet.empty, count: size)
    var ids = [UInt32](repeating: 0, count: size)
    let shift = 64 - bits
    for (id, key) in keys.enumerated() {
      var slot = KeySet.home(key, shift: shift)
      while slots[slot] != KeySet.empty { slot = (slot + 1) & (size - 1) }
      slots[slot] = key
      ids[slot] = UInt32(id)
    }
    self.slots = slots
    self.ids = ids
    self.shift = shift
  }

  /// The term id of a key, `nil` when the key is not in the vocabulary.
  @inline(__always) func id(of key: UInt64) -> UInt32? {
    let mask = slots.count - 1
    var slot = KeySet.home(key, shift: shift)
    while true {
      let found = slots[slot]
      if found == key { return ids[slot] }
      if found == KeySet.empty { return nil }
      slot = (slot + 1) & mask
    }
  }
}

/// Scratch memory for one searching thread: an accumulator per document, the list of touched
/// ones (room for every document, so appending never checks capacity), the small heap that tracks
/// the score to beat and a bit filter of the query's terms.
final class SearchScratch {
  var accumulator: [Float]
  var touched: [UInt32]
  var heap: [Float] = []
  /// Bit `term % 4096` set for each term of the current query.
  var filter = [UInt64](repeating: 0, count: 64)
  /// How many posting lists the searches with this scratch skipped (pruned), for tests.
  var skippedLists = 0

  init(documentCount: Int) {
    accumulator = [Float](repeating: 0, count: documentCount)
    touched = [UInt32](repeating: 0, count: documentCount + 1)
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
  ///
  /// Exact, with pruning (MaxScore, term at a time): posting lists are read shortest first into
  /// the accumulator; before a long list, if the `limit`-th best partial score (a lower bound of
  /// the final one) beats what the lists not yet read could give a document, with every bonus,
  /// and few documents could still make it, the lists left are skipped. Each document that may
  /// still reach the best `limit` is then scored exactly from the forward index, summing in term
  /// order as a full term-at-a-time pass would, so the scores, their ties and the order are those
  /// of the full pass. The bounds carry a margin for float rounding far above its worst case.
  func search(
    _ query: [(term: Int32, weight: Float)], constraints: QueryConstraints, attributes: DocumentAttributes,
    limit: Int, scratch: SearchScratch
  ) -> [ScoredDocument] {
    guard limit > 0, !query.isEmpty else { return [] }
    let rules = ScoreRules(constraints: constraints)
    // Lists shortest first; bound[k] = what the lists from the k-th on can add to one document.
    let order = query.indices.sorted {
      listLength(query[$0].term) < listLength(query[$1].term)
        || (listLength(query[$0].term) == listLength(query[$1].term) && $0 < $1)
    }
    var bound = [Double](repeating: 0, count: order.count + 1)
    var remaining = [Int](repeating: 0, count: order.count + 1)
    for k in order.indices.reversed() {
      let (term, weight) = query[order[k]]
      bound[k] = bound[k + 1] + Double(weight) * Double(maximumWeight[Int(term)])
      remaining[k] = remaining[k + 1] + Int(listLength(term))
    }
    // Relative margin: a float sum of n non-negative terms is within n·2⁻²⁴ of the exact one.
    let margin = Double(query.count + 8) * 4.0e-7
    let maximumBonus = Double(rules.fieldBonus) + Double(rules.provinceBonus)
    var read = 0
    var touchedCount = 0
    var best: [ScoredDocument] = []
    postingStart.withUnsafeBufferPointer { starts in
      postingDocs.withUnsafeBufferPointer { docs in
        postingWeights.withUnsafeBufferPointer { weights in
          scratch.accumulator.withUnsafeMutableBufferPointer { accumulator in
            scratch.touched.withUnsafeMutableBufferPointer { touchedBuffer in
              while read < order.count {
                let (term, queryWeight) = query[order[read]]
                let start = Int(starts[Int(term)])
                let end = Int(starts[Int(term) + 1])
                if read > 0 && end - start >= max(Self.pruningListLength, touchedCount) {
                  let touched = UnsafeBufferPointer(rebasing: touchedBuffer[0..<touchedCount])
                  if let floor = kthBest(limit, touched, accumulator, rules, attributes, scratch),
                    Double(floor) * (1 - margin) > (bound[read] + maximumBonus) * (1 + margin) + 1e-9
                  {
                    // Stop when scoring the remaining candidates exactly costs less than reading on.
                    let lowest = Double(floor) * (1 - margin) - 1e-9
                    let budget = 2 * remaining[read] / (query.count + 40)
                    var candidates = 0
                    for doc32 in touched {
                      let doc = Int(doc32)
                      let partial = Double(accumulator[doc]) + bound[read]
                      if (partial + maximumBonus) * (1 + margin) + 1e-9 < lowest { continue }
                      guard let bonus = rules.bonus(doc, attributes: attributes) else { continue }
                      if (partial + Double(bonus.field) + Double(bonus.province)) * (1 + margin) + 1e-9 >= lowest {
                        candidates += 1
                        if candidates > budget { break }
                      }
                    }
                    if candidates <= budget {
                      scratch.skippedLists += order.count - read
                      break
                    }
                  }
                }
                // Every posting writes its document at the end of the list; only a first touch
                // moves the end on.
                for position in start..<end {
                  let doc = Int(docs[position])
                  let previous = accumulator[doc]
                  touchedBuffer[touchedCount] = UInt32(truncatingIfNeeded: doc)
                  touchedCount &+= previous == 0 ? 1 : 0
                  accumulator[doc] = previous + queryWeight * weights[position]
                }
                read += 1
              }
              let touched = UnsafeBufferPointer(rebasing: touchedBuffer[0..<touchedCount])
              best = rescore(
                query, limit: limit, touched: touched, accumulator: accumulator, unread: bound[read],
                margin: margin, rules: rules, attributes: attributes, scratch: scratch)
            }
          }
        }
      }
    }
    return best
  }

  /// The best `limit` of the touched documents, scored exactly; resets their accumulators.
  private func rescore(
    _ query: [(term: Int32, weight: Float)], limit: Int, touched: UnsafeBufferPointer<UInt32>,
    accumulator: UnsafeMutableBufferPointer<Float>, unread: Double, margin: Double, rules: ScoreRules,
    attributes: DocumentAttributes, scratch: SearchScratch
  ) -> [ScoredDocument] {
    for index in scratch.filter.indices { scratch.filter[index] = 0 }
    for (term, _) in query { scratch.filter[Int(term >> 6) & 63] |= 1 << UInt64(term & 63) }
    let maximumBonus = Double(rules.fieldBonus) + Double(rules.provinceBonus)
    let floor = kthBest(limit, touched, accumulator, rules, attributes, scratch)
    let lowest = floor.map { Double($0) * (1 - margin) - 1e-9 } ?? -Double.infinity
    var best: [ScoredDocument] = []
    best.reserveCapacity(limit + 1)
    for doc32 in touched {
      let doc = Int(doc32)
      let partial = Double(accumulator[doc]) + unread
      accumulator[doc] = 0
      if (partial + maximumBonus) * (1 + margin) + 1e-9 < lowest { continue }
      guard let bonus = rules.bonus(doc, attributes: attributes) else { continue }
      let highest = (partial + Double(bonus.field) + Double(bonus.province)) * (1 + margin) + 1e-9
      if highest < lowest { continue }
      let text = exactScore(query, document: doc, filter: scratch.filter)
      var score = text
      if bonus.field != 0 { score += bonus.field }
      if bonus.province != 0 { score += bonus.province }
      if best.count == limit {
        let worst = best[limit - 1]
        if score < worst.score || (score == worst.score && idRank[doc] > idRank[Int(worst.document)]) {
          continue
        }
      }
      var position = best.count
      let scored = ScoredDocument(document: Int32(doc), score: score, textScore: text)
      best.append(scored)
      while position > 0 {
        let above = best[position - 1]
        if above.score > score || (above.score == score && idRank[Int(above.document)] < idRank[doc]) { break }
        best[position] = above
        position -= 1
      }
      best[position] = scored
      if best.count > limit { best.removeLast() }
    }
    return best
  }

  @inline(__always) private func listLength(_ term: Int32) -> UInt32 {
    postingStart[Int(term) + 1] - postingStart[Int(term)]
  }

  /// The cosine of the query with one document, summed in term order over the shared terms: the
  /// same float operations, in the same order, as a full term-at-a-time pass. `filter` has the
  /// bit `term % 4096` set for each query term, so most of the document's terms are passed over
  /// without a search.
  func exactScore(_ query: [(term: Int32, weight: Float)], document: Int, filter: [UInt64]) -> Float {
    var sum: Float = 0
    let scale = documentScale[document]
    documentTerms.withUnsafeBufferPointer { terms in
      filter.withUnsafeBufferPointer { filter in
        for position in Int(documentStart[document])..<Int(documentStart[document + 1]) {
          let term = terms[position]
          guard filter[Int(term >> 6) & 63] & (1 << UInt64(term & 63)) != 0 else { continue }
          var low = 0
          var high = query.count
          while low < high {
            let middle = (low + high) / 2
            if UInt32(query[middle].term) < term { low = middle + 1 } else { high = middle }
          }
          guard low < query.count && UInt32(query[low].term) == term else { continue }
          let weight = Self.weightAt(
            position, term: Int(term), scale: scale, counts: documentCounts, overflow: countOverflow, idf: idf)
          if weight > 0 { sum = sum + query[low].weight * weight }
        }
      }
    }
    return sum
  }

  /// The `limit`-th largest partial score with bonuses among the touched documents that pass the
  /// constraints, `nil` when fewer pass.
  private func kthBest(
    _ limit: Int, _ touched: UnsafeBufferPointer<UInt32>, _ accumulator: UnsafeMutableBufferPointer<Float>,
    _ rules: ScoreRules, _ attributes: DocumentAttributes, _ scratch: SearchScratch
  ) -> Float? {
    guard touched.count >= limit else { return nil }
    scratch.heap.removeAll(keepingCapacity: true)
    let maximumBonus = rules.fieldBonus + rules.provinceBonus
    for doc32 in touched {
      let doc = Int(doc32)
      let partial = accumulator[doc]
      // Cannot enter the heap even with every bonus: no need to look at its attributes.
      if scratch.heap.count == limit && partial + maximumBonus <= scratch.heap[0] { continue }
      guard let bonus = rules.bonus(doc, attributes: attributes) else { continue }
      var score = partial
      score += bonus.field
      score += bonus.province
      if scratch.heap.count < limit {
        scratch.heap.append(score)
        if scratch.heap.count == limit { Self.heapify(&scratch.heap) }
      } else if score > scratch.heap[0] {
        scratch.heap[0] = score
        Self.siftDown(&scratch.heap, from: 0)
      }
    }
    return scratch.heap.count == limit ? scratch.heap[0] : nil
  }

  private static func heapify(_ heap: inout [Float]) {
    for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(&heap, from: index) }
  }

  /// Restores the min-heap order below `index`.
  private static func siftDown(_ heap: inout [Float], from index: Int) {
    var parent = index
    while true {
      let left = 2 * parent + 1
      if left >= heap.count { return }
      var child = left
      if left + 1 < heap.count && heap[left + 1] < heap[left] { child = left + 1 }
      if heap[child] >= heap[parent] { return }
      heap.swapAt(child, parent)
      parent = child
    }
  }
}

/// The constraints of one query as the scoring loop applies them to a document.
struct ScoreRules {
  let constraints: QueryConstraints
  let fieldBonus: Float
  let provinceBonus: Float
  let requireField: Bool
  let requireProvince: Bool
  let checkLevels: Bool

  init(constraints: QueryConstraints) {
    self.constraints = constraints
    if case .bonus(let value) = constraints.fieldRule, constraints.field >= 0 {
      fieldBonus = Float(value)
    } else {
      fieldBonus = 0
    }
    if case .bonus(let value) = constraints.provinceRule, constraints.province >= 0 {
      provinceBonus = Float(value)
    } else {
      provinceBonus = 0
    }
    requireField = constraints.fieldRule == .require
    requireProvince = constraints.provinceRule == .require
    checkLevels = constraints.floor > 0 || constraints.level < 9
  }

  /// The bonuses a document gets (field, then province; 0 when none), `nil` when it fails a
  /// requirement or a readiness floor.
  @inline(__always) func bonus(_ doc: Int, attributes: DocumentAttributes) -> (field: Float, province: Float)? {
    if requireField && attributes.field[doc] != constraints.field { return nil }
    if requireProvince && attributes.province[doc] != constraints.province { return nil }
    if checkLevels
      && (Int(attributes.level[doc]) < constraints.floor || constraints.level < Int(attributes.floor[doc]))
    {
      return nil
    }
    let field = fieldBonus != 0 && attributes.field[doc] == constraints.field ? fieldBonus : 0
    let province = provinceBonus != 0 && attributes.province[doc] == constraints.province ? provinceBonus : 0
    return (field, province)
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

/// Texts as one UTF-8 byte buffer with their end offsets: a corpus of a million titles in a
/// fraction of the memory a million strings take.
struct TextBytes: Sendable {
  private(set) var bytes: [UInt8] = []
  private(set) var ends: [Int] = []

  var count: Int { ends.count }

  /// Appends a text (`parts` joined by `separator`).
  mutating func append(_ parts: [String], separator: String) {
    for (index, part) in parts.enumerated() {
      if index > 0 { bytes.append(contentsOf: separator.utf8) }
      bytes.append(contentsOf: part.utf8)
    }
    ends.append(bytes.count)
  }

  /// Calls `body` with the bytes of text `index`.
  func withText<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let start = index == 0 ? 0 : ends[index - 1]
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
  }
}
