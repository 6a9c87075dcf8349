import Foundation

/// Looks for records that have not been cleared in the text of outputs that leave the host's
/// office: the last line of defence behind the ``PublicationGate``. A run whose external output
/// names an uncleared record by its id or title fails before anything is written or committed;
/// the conformance kit runs the same scan on any plugin's outputs.
public struct ConfidentialityScan: Sendable {
  /// A record to look for, with the texts that name it.
  struct Pattern: Sendable {
    var id: AchievementID
    var bytes: [UInt8]
  }

  /// Patterns by the length of their key (the first bytes of the text looked for).
  private let patterns: [Pattern]
  private let keyLength: Int
  private let table: [UInt64: [Int]]
  private let shortPatterns: [Pattern]

  /// Titles shorter than this (in characters) are too likely to occur inside other text; such
  /// records are looked for by id only.
  public static let minimumTitleLength = 6

  /// A scan for every record of `records` that is not cleared. A title shared with a cleared
  /// record is not looked for (the cleared record may be shown); the id always is.
  public init(records: [Achievement]) {
    let uncleared = records.filter { $0.confidentiality != .cleared }
    // Only a cleared title that some uncleared record shares matters.
    let unclearedTitles = Set(uncleared.map(\.title))
    var clearedTitles: Set<String> = []
    if !uncleared.isEmpty {
      for record in records where record.confidentiality == .cleared && unclearedTitles.contains(record.title) {
        clearedTitles.insert(record.title)
      }
    }
    var patterns: [Pattern] = []
    for record in uncleared {
      patterns.append(Pattern(id: record.id, bytes: Array(record.id.rawValue.utf8)))
      if record.id.externalID.count >= 8, record.id.externalID != record.id.rawValue {
        patterns.append(Pattern(id: record.id, bytes: Array(record.id.externalID.utf8)))
      }
      if record.title.count >= Self.minimumTitleLength, !clearedTitles.contains(record.title) {
        patterns.append(Pattern(id: record.id, bytes: Array(record.title.utf8)))
      }
    }
    let keyLength = 16
    var table: [UInt64: [Int]] = [:]
    var short: [Pattern] = []
    var long: [Pattern] = []
    for pattern in patterns {
      if pattern.bytes.count < keyLength {
        short.append(pattern)
      } else {
        table[Self.hash(pattern.bytes[0..<keyLength]), default: []].append(long.count)
        long.append(pattern)
      }
    }
    self.patterns = long
    self.keyLength = keyLength
    self.table = table
    self.shortPatterns = short
  }

  /// Whether there is anything to look for.
  public var isEmpty: Bool { patterns.isEmpty && shortPatterns.isEmpty }

  /// The uncleared records `data` names, in the order first found, without repeats.
  public func findings(in data: Data) -> [AchievementID] {
    guard !isEmpty else { return [] }
    let bytes = [UInt8](data)
    var found: [AchievementID] = []
    var seen: Set<AchievementID> = []
    func note(_ id: AchievementID) { if seen.insert(id).inserted { found.append(id) } }
    if bytes.count >= keyLength, !patterns.isEmpty {
      // Rolling hash over every window of `keyLength` bytes; a hit is verified byte by byte.
      var hash: UInt64 = 0
      var power: UInt64 = 1
      for _ in 0..<(keyLength - 1) { power = power &* Self.base }
      for index in 0..<keyLength { hash = hash &* Self.base &+ UInt64(bytes[index]) }
      var start = 0
      while true {
        if let candidates = table[hash] {
          for candidate in candidates {
            let pattern = patterns[candidate].bytes
            if start + pattern.count <= bytes.count, bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
              note(patterns[candidate].id)
            }
          }
        }
        let next = start + keyLength
        guard next < bytes.count else { break }
        hash = (hash &- UInt64(bytes[start]) &* power) &* Self.base &+ UInt64(bytes[next])
        start += 1
      }
    }
    for pattern in shortPatterns where Self.contains(bytes, pattern.bytes) { note(pattern.id) }
    return found
  }

  private static let base: UInt64 = 1_099_511_628_211

  private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.reduce(UInt64(0)) { $0 &* base &+ UInt64($1) }
  }

  private static func contains(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
    guard let first = pattern.first, pattern.count <= text.count else { return pattern.isEmpty }
    var index = 0
    let last = text.count - pattern.count
    while index <= last {
      if text[index] == first, text[index..<(index + pattern.count)].elementsEqual(pattern) { return true }
      index += 1
    }
    return false
  }
}
