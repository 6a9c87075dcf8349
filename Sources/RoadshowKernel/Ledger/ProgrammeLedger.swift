import Foundation

/// The programme ledger (项目库与工作台账): the project library as the system of record of a
/// year-round programme — events, pitches, participants, follow-up milestones, identity links —
/// behind one protocol, so every store (SQLite, PostgreSQL) passes one conformance suite and the
/// command line and the web call the same use cases over it.
///
/// Every write is one transaction; history is never overwritten: a milestone is corrected by a
/// new entry that supersedes it, a merge is undone by marking its link undone, a re-run of an
/// event keeps the earlier run in the run history.
public protocol ProgrammeLedger: ProjectLibrary {
  /// Every recorded event, oldest first (by date, then key).
  func events() async throws -> [ProgrammeEvent]
  /// Every host the events named, with its level and parent.
  func hosts() async throws -> [LedgerHost]
  /// Records `entries` (all or nothing) and returns them with their sequence numbers.
  ///
  /// - Throws: ``LedgerError/unknownAchievements(_:)`` naming every achievement the ledger
  ///   lacks; ``LedgerError/unknownEntry(_:)`` when an entry supersedes one that does not exist.
  func record(_ entries: [MilestoneEntry]) async throws -> [MilestoneEntry]
  /// The milestone entries of `achievement` (every entry when `nil`), oldest first, superseded
  /// ones included.
  func milestones(for achievement: AchievementID?) async throws -> [MilestoneEntry]
  /// Every identity link, undone ones included, oldest first.
  func links() async throws -> [IdentityLink]
  /// Declares that `record` is the same achievement as `into` (a person's decision): `record`
  /// leaves the library's list of achievements and its source updates `into` from then on.
  ///
  /// - Throws: ``LedgerError/unknownAchievements(_:)``; ``LedgerError/invalidLink(_:)`` for a
  ///   record linked to itself or into a record that is itself merged.
  func link(_ record: AchievementID, into: AchievementID, by: String, at: String) async throws
  /// Undoes the active link of `record`: it is an achievement of its own again, and intake does
  /// not merge the pair again.
  ///
  /// - Throws: ``LedgerError/invalidLink(_:)`` when `record` has no active link.
  func unlink(_ record: AchievementID, by: String, at: String) async throws
  /// Every achievement, merged source records included (for export and statistics by source).
  func allRecords() async throws -> [(record: Achievement, mergedInto: AchievementID?)]
  /// Records who attended the event `event` (到场): each entry's `attended` is set on the
  /// participant of that name and role, who is added when the event did not list them; when and
  /// by whom is kept with it. All or nothing.
  ///
  /// - Throws: ``LedgerError/unknownEvent(_:)`` when the ledger has no such event.
  func recordAttendance(_ entries: [EventParticipant], event: String, by: String, at: String) async throws
}

extension ProjectLibrary {
  /// What a run needs from the ledger before it starts; a plain library knows nothing.
  public func snapshot() async throws -> LedgerSnapshot { .empty }

  /// Writes a run: a plain library keeps the records, the run and its decisions only.
  public func commit(_ commit: RunCommit) async throws {
    var changed = commit.changed
    changed += commit.merged.map(\.record)
    try await self.commit(
      run: commit.run, configText: commit.configText, changed: changed, decisions: commit.decisions)
  }
}

/// A problem with a ledger operation's input; nothing was written.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The ledger holds none of these achievements.
  case unknownAchievements([String])
  /// A correction names an entry that does not exist.
  case unknownEntry(Int)
  /// A link that cannot be made or undone, with the reason in both languages.
  case invalidLink(LocalizedText)
  /// The library was made by an older Roadshow and is open read-only: it has no ledger yet.
  case noLedger(path: String)
  /// The ledger has no event with this key.
  case unknownEvent(String)

  /// The problem in `locale`.
  public func message(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .unknownAchievements(let ids):
      let list = ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? " …" : "")
      return zh ? "项目库中没有这些成果：\(list)；未写入任何内容" : "the library has no such records: \(list); nothing was written"
    case .unknownEntry(let number):
      return zh ? "没有编号为 \(number) 的跟踪记录；未写入任何内容" : "there is no follow-up entry #\(number); nothing was written"
    case .invalidLink(let reason):
      return reason(locale)
    case .unknownEvent(let key):
      return zh ? "项目库中没有编号为 `\(key)` 的活动；未写入任何内容" : "the ledger has no event `\(key)`; nothing was written"
    case .noLedger(let path):
      return zh
        ? "项目库 \(path) 由旧版本创建，尚无工作台账；请先用 roadshow run 运行一次以升级"
        : "the library \(path) was made by an older Roadshow and has no ledger yet: run roadshow once to upgrade it"
    }
  }

  public var description: String { message(.en) }
}

/// Identity across sources: the normalised title and institution that make two records one
/// achievement.
public enum AchievementIdentity {
  /// The key of a record: title and institution with case, width, spaces and punctuation
  /// folded away; `nil` when either is missing (no automatic merge without both).
  public static func key(title: String, institution: String?) -> String? {
    guard let institution else { return nil }
    let title = normalise(title)
    let holder = normalise(institution)
    guard !title.isEmpty, !holder.isEmpty else { return nil }
    return title + "|" + holder
  }

  /// The source part of an id (`nkrdp-2018` of `nkrdp-2018:2018YFB…`), empty when it has none.
  public static func source(of id: AchievementID) -> Substring {
    // The colon is found by byte; a colon followed by a combining mark is one character with
    // it, not `:`, so that rare id takes the character walk.
    let utf8 = id.rawValue.utf8
    if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) {
      let next = utf8.index(after: colon)
      if next == utf8.endIndex || utf8[next] < 0x80 { return id.rawValue[..<colon] }
    } else {
      return ""
    }
    guard let colon = id.rawValue.firstIndex(of: ":") else { return "" }
    return id.rawValue[..<colon]
  }

  static func normalise(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      var value = scalar.value
      // Full-width ASCII (！ to ～) folds to its half-width form.
      if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
      guard let folded = Unicode.Scalar(value) else { continue }
      if folded.properties.isWhitespace || folded.properties.generalCategory.isPunctuationOrSymbol { continue }
      scalars.append(contentsOf: folded.properties.lowercaseMapping.unicodeScalars)
    }
    return String(scalars)
  }
}

extension Unicode.GeneralCategory {
  fileprivate var isPunctuationOrSymbol: Bool {
    switch self {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      true
    default: false
    }
  }
}
