import Foundation

/// Keyword matching (关键词匹配) for screening: finds which of many configured keywords occur in
/// a record's text, in one pass, ignoring ASCII case and full-width forms.
///
/// Text and keywords are compared after the same normalisation:
/// - ASCII letters are folded to lower case (`ROBOT` → `robot`);
/// - full-width ASCII forms U+FF01–U+FF5E become their ASCII letters (`ＡＩ` → `ai`);
/// - the ideographic space U+3000 becomes a space;
/// - everything else, Chinese included, is compared byte for byte as UTF-8.
///
/// A keyword occurs when its normalised bytes are a substring of the normalised text (a Latin
/// keyword also matches inside a longer word: `robot` matches “ROBOTIC”, `ai` matches
/// “training”). Results always name keywords as they were written and in the order they were
/// given, so reasons stay deterministic. Empty keywords never match.
///
/// The matcher is an Aho–Corasick automaton compiled into a dense table over byte classes: the
/// cost of a scan is one table step per byte of text, whatever the number of keywords.
public struct KeywordMatcher: Sendable, Hashable {
  /// The keywords as written, in order.
  public let keywords: [String]

  /// Byte → column of `table`; 0 for bytes that occur in no keyword.
  private let classOf: [UInt16]
  private let classCount: Int
  /// `table[state * classCount + class]`: the next state (a complete DFA).
  private let table: [Int32]
  /// Per state, the smallest keyword index ending here (suffixes included), or `Int32.max`.
  private let firstOutput: [Int32]
  /// Per state, every keyword index ending here (suffixes included), ascending.
  private let outputs: [[Int32]]

  /// Builds a matcher for `keywords`, kept in the given order.
  public init(_ keywords: [String]) {
    self.keywords = keywords
    let patterns = keywords.map { Self.normalizedBytes($0) }

    var classOf = [UInt16](repeating: 0, count: 256)
    var classCount = 1
    for pattern in patterns {
      for byte in pattern where classOf[Int(byte)] == 0 {
        classOf[Int(byte)] = UInt16(classCount)
        classCount += 1
      }
    }

    // The trie; -1 marks a missing edge until the breadth-first pass completes the table.
    var table = [Int32](repeating: -1, count: classCount)
    var own: [[Int32]] = [[]]
    for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
      var state = 0
      for byte in pattern {
        let slot = state * classCount + Int(classOf[Int(byte)])
        if table[slot] < 0 {
          table[slot] = Int32(own.count)
          own.append([])
          table += [Int32](repeating: -1, count: classCount)
        }
        state = Int(table[slot])
      }
      own[state].append(Int32(index))
    }

    let stateCount = own.count
    var fail = [Int32](repeating: 0, count: stateCount)
    var outputs = own
    var firstOutput = own.map { $0.min() ?? Int32.max }
    var queue: [Int32] = []
    queue.reserveCapacity(stateCount)
    for column in 0..<classCount {
      if table[column] < 0 {
        table[column] = 0
      } else {
        queue.append(table[column])
      }
    }
    var head = 0
    while head < queue.count {
      let state = Int(queue[head])
      head += 1
      let failRow = Int(fail[state]) * classCount
      for column in 0..<classCount {
        let slot = state * classCount + column
        let child = table[slot]
        if child < 0 {
          table[slot] = table[failRow + column]
        } else {
          let target = table[failRow + column]
          fail[Int(child)] = target
          outputs[Int(child)] = (own[Int(child)] + outputs[Int(target)]).sorted()
          firstOutput[Int(child)] = min(firstOutput[Int(child)], firstOutput[Int(target)])
          queue.append(child)
        }
      }
    }

    self.classOf = classOf
    self.classCount = classCount
    self.table = table
    self.firstOutput = firstOutput
    self.outputs = outputs
  }

  /// Whether no keyword can ever match (no keywords, or only empty ones).
  public var isEmpty: Bool { outputs.count == 1 }

  /// The first keyword, in keyword order, that occurs in `text`, as written.
  public func firstMatch(in text: String) -> String? {
    firstMatchIndex(in: text).map { keywords[$0] }
  }

  /// The index of the first keyword, in keyword order, that occurs in `text`.
  public func firstMatchIndex(in text: String) -> Int? {
    guard !isEmpty else { return nil }
    var best = Int32.max
    Self.withUTF8(text) { bytes in
      scan(bytes) { state in
        let candidate = firstOutput[state]
        if candidate < best { best = candidate }
        return best == 0
      }
    }
    return best == Int32.max ? nil : Int(best)
  }

  /// Whether any keyword occurs in `text`.
  public func matches(_ text: String) -> Bool {
    guard !isEmpty else { return false }
    var found = false
    Self.withUTF8(text) { bytes in
      scan(bytes) { state in
        found = firstOutput[state] != Int32.max
        return found
      }
    }
    return found
  }

  /// The indices of every keyword that occurs in `text`, ascending, each once.
  public func matchIndices(in text: String) -> [Int] {
    guard !isEmpty else { return [] }
    var seen = [Bool](repeating: false, count: keywords.count)
    var count = 0
    Self.withUTF8(text) { bytes in
      scan(bytes) { state in
        guard firstOutput[state] != Int32.max else { return false }
        for index in outputs[state] where !seen[Int(index)] {
          seen[Int(index)] = true
          count += 1
        }
        return count == keywords.count
      }
    }
    return seen.indices.filter { seen[$0] }
  }

  /// Every keyword that occurs in `text`, as written, in keyword order.
  public func allMatches(in text: String) -> [String] {
    matchIndices(in: text).map { keywords[$0] }
  }

  /// Two matchers are equal when they match the same keywords, in the same order.
  public static func == (lhs: KeywordMatcher, rhs: KeywordMatcher) -> Bool { lhs.keywords == rhs.keywords }

  /// Hashes the keywords.
  public func hash(into hasher: inout Hasher) { hasher.combine(keywords) }

  /// `text` normalised as the matcher compares it (ASCII lower case, full-width ASCII forms and
  /// the ideographic space turned into ASCII).
  public static func normalized(_ text: String) -> String {
    String(decoding: normalizedBytes(text), as: UTF8.self)
  }

  // MARK: Scanning

  /// Runs the automaton over the normalised bytes of `bytes`, calling `visit` with each state
  /// that ends a keyword until it returns `true`.
  @inline(__always)
  private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ visit: (Int) -> Bool) {
    let count = bytes.count
    var state = 0
    var index = 0
    while index < count {
      var byte = bytes[index]
      index += 1
      if byte < 0x80 {
        if byte &- 0x41 < 26 { byte |= 0x20 }
      } else if byte == 0xEF || byte == 0xE3, index + 1 < count {
        let second = bytes[index]
        let third = bytes[index + 1]
        if let ascii = Self.fold(byte, second, third) {
          byte = ascii
          index += 2
        }
      }
      state = Int(table[state &* classCount &+ Int(classOf[Int(byte)])])
      if firstOutput[state] != Int32.max, visit(state) { return }
    }
  }

  /// The ASCII byte for a three-byte UTF-8 sequence that normalises to one, lower-cased.
  @inline(__always)
  private static func fold(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt8? {
    var ascii: UInt8
    switch (first, second) {
    case (0xEF, 0xBC) where third >= 0x81 && third <= 0xBF: ascii = third &- 0x60  // U+FF01–FF3F
    case (0xEF, 0xBD) where third >= 0x80 && third <= 0x9E: ascii = third &- 0x20  // U+FF40–FF5E
    case (0xE3, 0x80) where third == 0x80: return 0x20  // U+3000
    default: return nil
    }
    if ascii &- 0x41 < 26 { ascii |= 0x20 }
    return ascii
  }

  static func normalizedBytes(_ text: String) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count)
    withUTF8(text) { bytes in
      var index = 0
      while index < bytes.count {
        var byte = bytes[index]
        index += 1
        if byte < 0x80 {
          if byte &- 0x41 < 26 { byte |= 0x20 }
        } else if byte == 0xEF || byte == 0xE3, index + 1 < bytes.count,
          let ascii = fold(byte, bytes[index], bytes[index + 1])
        {
          byte = ascii
          index += 2
        }
        result.append(byte)
      }
    }
    return result
  }

  @inline(__always)
  private static func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    if text.utf8.withContiguousStorageIfAvailable(body) == nil {
      var copy = text
      copy.makeContiguousUTF8()
      _ = copy.utf8.withContiguousStorageIfAvailable(body)
    }
  }
}
