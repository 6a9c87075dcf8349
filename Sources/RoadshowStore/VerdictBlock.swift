import Foundation
import RoadshowKernel

/// A run's decisions at one funnel position, kept as one `verdict_block` row (migration
/// `v12-verdict-blocks`): the stage's distinct reasons once, then one short entry per decision.
///
/// A run over a national library decides on every record: 100,000 decisions written as 100,000
/// rows, each looking its record up by id, cost more than the run's screening. As a block they are
/// two byte strings written once, and `why` scans one stage's block for an id (a few
/// milliseconds for 100,000 entries).
///
/// Layout (integers as LEB128 varints, texts as a varint byte count and their UTF-8 bytes):
/// - `reasons`: the count, then each reason's rule, Chinese and English text;
/// - `entries`: per decision, in the stage's order: the record id, a flag byte (bit 0: passed,
///   bit 1: a score follows), the score's 8 bytes (IEEE 754, little-endian) when flagged, and
///   the index of its reason in `reasons`.
struct VerdictBlock: Equatable {
  var position: Int
  var count: Int
  var reasons: [UInt8]
  var entries: [UInt8]

  /// One decision as a block keeps it.
  struct Entry: Equatable {
    var id: String
    var passed: Bool
    var score: Double?
    var rule: String
    var zh: String
    var en: String
  }

  /// The blocks of `decisions` (a run's, in funnel order): one per position, in the order the
  /// positions first come, each keeping its decisions' order.
  static func blocks(of decisions: [StageDecision]) -> [VerdictBlock] {
    // Room for each block's entries at most, made once: a block of a million entries grown by
    // doubling would hold its old and new buffers at once.
    var room: [Int: Int] = [:]
    for item in decisions { room[item.position, default: 0] += item.decision.achievement.rawValue.utf8.count + 13 }
    var builders: [Builder] = []
    var slots: [Int: Int] = [:]
    var current = -1
    for item in decisions {
      if current < 0 || builders[current].position != item.position {
        if let known = slots[item.position] {
          current = known
        } else {
          current = builders.count
          slots[item.position] = current
          builders.append(Builder(position: item.position, room: room[item.position] ?? 0))
        }
      }
      let decision = item.decision
      builders[current].add(
        id: decision.achievement.rawValue, passed: decision.passed, score: decision.score, rule: decision.rule,
        zh: decision.reason.zh, en: decision.reason.en)
    }
    return builders.map(\.block)
  }

  /// Builds one block from decisions given in order.
  struct Builder {
    let position: Int
    private var count = 0
    private var reasonIndex: [ReasonKey: Int] = [:]
    private var reasonBytes = ByteWriter()
    private var entryBytes = ByteWriter()

    init(position: Int, room: Int = 0) {
      self.position = position
      entryBytes.bytes.reserveCapacity(room)
    }

    mutating func add(id: String, passed: Bool, score: Double?, rule: String, zh: String, en: String) {
      let key = ReasonKey(rule: rule, zh: zh, en: en)
      let reason: Int
      if let known = reasonIndex[key] {
        reason = known
      } else {
        reason = reasonIndex.count
        reasonIndex[key] = reason
        reasonBytes.text(rule)
        reasonBytes.text(zh)
        reasonBytes.text(en)
      }
      entryBytes.text(id)
      entryBytes.bytes.append((passed ? 1 : 0) | (score == nil ? 0 : 2))
      if let score {
        var bits = score.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { entryBytes.bytes.append(contentsOf: $0) }
      }
      entryBytes.varint(UInt64(reason))
      count += 1
    }

    var block: VerdictBlock {
      var reasons = ByteWriter()
      reasons.varint(UInt64(reasonIndex.count))
      reasons.bytes.append(contentsOf: reasonBytes.bytes)
      return VerdictBlock(position: position, count: count, reasons: reasons.bytes, entries: entryBytes.bytes)
    }
  }

  /// The entries for `id`, in order (usually one).
  ///
  /// - Throws: ``LibraryError/corruptRecord(id:reason:)`` when the block's bytes do not parse.
  func entries(for id: String) throws -> [Entry] {
    var wanted = id
    return try wanted.withUTF8 { target in
      var found: [(passed: Bool, score: Double?, reason: Int)] = []
      try entries.withUnsafeBufferPointer { buffer in
        var reader = ByteReader(buffer)
        while !reader.atEnd {
          let length = try reader.length()
          let matches = try reader.matches(target, length: length)
          let (passed, score, reason) = try reader.outcome()
          if matches { found.append((passed, score, reason)) }
        }
      }
      guard !found.isEmpty else { return [] }
      let texts = try reasonTexts()
      return try found.map { item in
        guard texts.indices.contains(item.reason) else { throw corrupt("reason \(item.reason) out of range") }
        let text = texts[item.reason]
        return Entry(
          id: id, passed: item.passed, score: item.score, rule: text.rule, zh: text.zh, en: text.en)
      }
    }
  }

  /// Every entry, in order.
  func allEntries() throws -> [Entry] {
    let texts = try reasonTexts()
    var result: [Entry] = []
    result.reserveCapacity(count)
    try entries.withUnsafeBufferPointer { buffer in
      var reader = ByteReader(buffer)
      while !reader.atEnd {
        let id = try reader.text()
        let (passed, score, reason) = try reader.outcome()
        guard texts.indices.contains(reason) else { throw corrupt("reason \(reason) out of range") }
        let text = texts[reason]
        result.append(Entry(id: id, passed: passed, score: score, rule: text.rule, zh: text.zh, en: text.en))
      }
    }
    return result
  }

  private func reasonTexts() throws -> [(rule: String, zh: String, en: String)] {
    try reasons.withUnsafeBufferPointer { buffer in
      var reader = ByteReader(buffer)
      let count = try reader.length()
      var texts: [(rule: String, zh: String, en: String)] = []
      texts.reserveCapacity(count)
      for _ in 0..<count { texts.append((try reader.text(), try reader.text(), try reader.text())) }
      guard reader.atEnd else { throw corrupt("bytes after the last reason") }
      return texts
    }
  }

  private func corrupt(_ what: String) -> LibraryError {
    LibraryError.corruptRecord(id: "verdict_block \(position)", reason: what)
  }
}

/// A reason told apart by its bytes, as SQLite compares text: hashing the texts as `String`s would
/// normalise every Chinese sentence first.
struct ReasonKey: Hashable {
  var rule: UTF8Key
  var zh: UTF8Key
  var en: UTF8Key

  init(rule: String, zh: String, en: String) {
    self.rule = UTF8Key(rule)
    self.zh = UTF8Key(zh)
    self.en = UTF8Key(en)
  }
}

/// Appends varints and texts to bytes.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func text(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      varint(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }
}

/// Reads what ``ByteWriter`` wrote, refusing bytes that run out or overflow.
private struct ByteReader {
  let buffer: UnsafeBufferPointer<UInt8>
  var offset = 0

  init(_ buffer: UnsafeBufferPointer<UInt8>) {
    self.buffer = buffer
  }

  var atEnd: Bool { offset >= buffer.count }

  private func corrupt(_ what: String) -> LibraryError {
    LibraryError.corruptRecord(id: "verdict_block", reason: what)
  }

  mutating func byte() throws -> UInt8 {
    guard offset < buffer.count else { throw corrupt("ends inside an entry") }
    defer { offset += 1 }
    return buffer[offset]
  }

  mutating func varint() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try byte()
      guard shift < 63 || (shift == 63 && byte <= 1) else { throw corrupt("a number longer than 64 bits") }
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// A count or byte length that fits what is left.
  mutating func length() throws -> Int {
    let value = try varint()
    guard value <= UInt64(buffer.count) else {
      throw corrupt("a length of \(value) bytes in a block of \(buffer.count)")
    }
    return Int(value)
  }

  mutating func bytes(_ count: Int) throws -> UnsafeBufferPointer<UInt8> {
    guard count <= buffer.count - offset else { throw corrupt("ends inside a text") }
    defer { offset += count }
    return UnsafeBufferPointer(rebasing: buffer[offset..<(offset + count)])
  }

  mutating func text() throws -> String {
    let length = try length()
    return String(decoding: try bytes(length), as: UTF8.self)
  }

  /// Whether the next `length` bytes are `target`'s; moves past them either way.
  mutating func matches(_ target: UnsafeBufferPointer<UInt8>, length: Int) throws -> Bool {
    let bytes = try bytes(length)
    guard length == target.count else { return false }
    guard length > 0, let p = bytes.baseAddress, let q = target.baseAddress else { return true }
    return memcmp(p, q, length) == 0
  }

  /// An entry's flag byte, score and reason index.
  mutating func outcome() throws -> (passed: Bool, score: Double?, reason: Int) {
    let flags = try byte()
    guard flags & ~3 == 0 else { throw corrupt("flag byte \(flags)") }
    var score: Double?
    if flags & 2 != 0 {
      let raw = try bytes(8)
      var bits: UInt64 = 0
      for index in 0..<8 { bits |= UInt64(raw[index]) << (8 * UInt64(index)) }
      score = Double(bitPattern: bits)
    }
    return (flags & 1 != 0, score, try length())
  }
}
