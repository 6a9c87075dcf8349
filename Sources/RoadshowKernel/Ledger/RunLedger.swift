import Foundation

/// Identity across sources during intake: a record of one source that is the same achievement
/// as a record of another (same normalised title and institution, or a declared link) updates
/// that record instead of becoming a second one.
struct IdentityMerger {
  private var active: [AchievementID: AchievementID] = [:]
  private var known: [AchievementID: IdentityLink] = [:]
  private var declined: Set<[AchievementID]> = []
  private var index: [String: AchievementID]?
  /// The sources of the library's records, known once the index is needed: a record can only
  /// join a record of another source, so while every record shares the incoming one's source no
  /// key is computed (a national list read into a fresh library costs nothing here).
  private var sources: Set<Substring>?
  private let runID: String
  private let at: String
  /// Source records merged in this run, by id, with their links.
  private var merged: [AchievementID: (record: Achievement, link: IdentityLink)] = [:]

  init(ledger: LedgerSnapshot, runID: String, at: String) {
    self.runID = runID
    self.at = at
    for link in ledger.links {
      if link.isActive {
        active[link.record] = link.into
        known[link.record] = link
      } else {
        declined.insert([link.record, link.into])
      }
    }
  }

  /// The record `incoming` belongs to, when it is not a record of its own: its active link, or
  /// a record of another source with the same title and institution.
  mutating func canonical(for incoming: Achievement, in library: [AchievementID: Achievement]) -> AchievementID? {
    if !active.isEmpty, let into = active[incoming.id], library[into] != nil { return into }
    if sources == nil {
      var found: Set<Substring> = []
      for id in library.keys { found.insert(AchievementIdentity.source(of: id)) }
      sources = found
    }
    let source = AchievementIdentity.source(of: incoming.id)
    guard let sources, Self.holds(sources, other: source) else { return nil }
    guard let key = AchievementIdentity.key(title: incoming.title, institution: incoming.institution) else {
      return nil
    }
    if index == nil {
      var built: [String: AchievementID] = [:]
      for record in library.values {
        guard let key = AchievementIdentity.key(title: record.title, institution: record.institution) else {
          continue
        }
        if let other = built[key], other < record.id { continue }
        built[key] = record.id
      }
      index = built
    }
    guard let found = index?[key], found != incoming.id,
      AchievementIdentity.source(of: found) != AchievementIdentity.source(of: incoming.id),
      !declined.contains([incoming.id, found])
    else { return nil }
    return found
  }

  /// Merges `incoming` into `into`; `true` when the link is new in this run.
  mutating func merge(_ incoming: Achievement, into: AchievementID) -> Bool {
    if let link = known[incoming.id], link.into == into {
      merged[incoming.id] = (incoming, link)
      return false
    }
    let link = IdentityLink(
      record: incoming.id, into: into, reason: .sameTitleAndInstitution, linkedAt: at, linkedBy: "run \(runID)")
    known[incoming.id] = link
    active[incoming.id] = into
    merged[incoming.id] = (incoming, link)
    return true
  }

  /// Whether `sources` holds a source other than `source` (without a set made for the question:
  /// it is asked for every record a source brings).
  private static func holds(_ sources: Set<Substring>, other source: Substring) -> Bool {
    switch sources.count {
    case 0: false
    case 1: sources.first.map { $0 != source } ?? false
    default: true
    }
  }

  /// Keeps the index in step with a record the run adds.
  mutating func added(_ record: Achievement) {
    if let known = sources {
      // A national list adds one source's records: the source is known after the first.
      let source = AchievementIdentity.source(of: record.id)
      if !(known.count == 1 && known.first == source) { sources?.insert(source) }
    }
    guard index != nil, let key = AchievementIdentity.key(title: record.title, institution: record.institution),
      index?[key] == nil
    else { return }
    index?[key] = record.id
  }

  /// The source records merged in this run, in id order.
  var mergedRecords: [(record: Achievement, link: IdentityLink)] {
    merged.keys.sorted().compactMap { merged[$0] }
  }
}

/// The re-pitch rule: a record pitched at another event of the same series is flagged, or
/// excluded in a first funnel stage when the config says `repitch: exclude`.
struct RepitchCheck {
  /// The id the rule's decisions carry as their plugin.
  static let pluginID = "ledger.repitch"

  let earlier: [AchievementID: [Pitch]]

  init(ledger: LedgerSnapshot, series: String, event: String) {
    var earlier: [AchievementID: [Pitch]] = [:]
    for (id, pitches) in ledger.pitches {
      let other = pitches.filter { $0.series == series && $0.event != event }
      if !other.isEmpty { earlier[id] = other }
    }
    self.earlier = earlier
  }

  func applies(to candidates: [Candidate]) -> Bool {
    !earlier.isEmpty && candidates.contains { earlier[$0.id] != nil }
  }

  struct Stage {
    var name: LocalizedText
    var inCount: Int
    var decisions: [ScreeningDecision]
  }

  struct Outcome {
    var candidates: [Candidate]
    var warnings: [LocalizedText]
    var stage: Stage?
  }

  func describe(_ pitch: Pitch) -> LocalizedText {
    let date = pitch.date ?? "—"
    return LocalizedText(
      zh: "已于 \(date) 在「\(pitch.programme)」（\(pitch.host)）路演",
      en: "pitched on \(date) at “\(pitch.programme)” (\(pitch.host))")
  }

  /// The warning for selected projects pitched before (flag mode), if any.
  func warning(selected: [Candidate]) -> LocalizedText? {
    let again = selected.filter { earlier[$0.id] != nil }
    guard !again.isEmpty else { return nil }
    let ids = again.prefix(5).map(\.id.rawValue).joined(separator: ", ") + (again.count > 5 ? " …" : "")
    return LocalizedText(
      zh: "入选的 \(again.count) 个项目已在本系列其他场次路演（\(ids)），已在 selection.csv 中标注；设 programme.repitch: exclude 可排除",
      en: again.count == 1
        ? "1 selected project was pitched at another event of this series (\(ids)); it is flagged in selection.csv (programme.repitch: exclude leaves such projects out)"
        : "\(again.count) selected projects were pitched at other events of this series (\(ids)); they are flagged in selection.csv (programme.repitch: exclude leaves such projects out)"
    )
  }

  func screen(_ candidates: [Candidate], rule: RepitchRule, locale: ReportLocale) -> Outcome {
    let count = candidates.filter { earlier[$0.id] != nil }.count
    switch rule {
    case .flag:
      let flagged = candidates.map { candidate -> Candidate in
        guard let last = earlier[candidate.id]?.last else { return candidate }
        var candidate = candidate
        candidate.flags.append(describe(last))
        return candidate
      }
      return Outcome(candidates: flagged, warnings: [], stage: nil)
    case .exclude:
      var passed: [Candidate] = []
      var decisions: [ScreeningDecision] = []
      passed.reserveCapacity(candidates.count)
      decisions.reserveCapacity(candidates.count)
      for candidate in candidates {
        if let last = earlier[candidate.id]?.last {
          let earlierText = describe(last)
          decisions.append(
            ScreeningDecision(
              achievement: candidate.id, passed: false, rule: "repitch",
              reason: LocalizedText(
                zh: earlierText.zh + "，本系列不重复路演（programme.repitch: exclude）",
                en: earlierText.en + "; this series does not pitch a project twice (programme.repitch: exclude)")))
        } else {
          passed.append(candidate)
          decisions.append(
            ScreeningDecision(
              achievement: candidate.id, passed: true, rule: "repitch",
              reason: LocalizedText(zh: "本系列此前未路演", en: "not pitched before in this series")))
        }
      }
      return Outcome(
        candidates: passed,
        warnings: [
          LocalizedText(
            zh: "\(count) 项成果已在本系列其他场次路演，已在筛选第一步排除",
            en: count == 1
              ? "1 record pitched at another event of this series was excluded in the first screening stage"
              : "\(count) records pitched at other events of this series were excluded in the first screening stage")
        ],
        stage: Stage(
          name: LocalizedText(zh: "重复路演检查", en: "Re-pitch check"), inCount: candidates.count,
          decisions: decisions))
    }
  }
}

extension PipelineRunner {
  /// The event's key in the ledger: the config's `programme.event`, else host, programme and date.
  static func eventKey(_ configuration: RoadshowConfiguration) -> String {
    ProgrammeEvent.key(
      programme: configuration.programme, host: configuration.host.name, eventDate: configuration.eventDate)
  }

  /// The event a run held, for the ledger.
  static func ledgerEvent(
    _ configuration: RoadshowConfiguration, key: String, record: RunRecord, collected: Int, selected: [Candidate],
    funnel: [FunnelStage],
    events: [RoadshowEvent], cases: [FollowUpCase], context: PipelineContext
  ) -> ProgrammeEvent {
    var participants: [EventParticipant] = []
    var seen: Set<String> = []
    func add(_ name: String, _ role: ParticipantRole) {
      let name = name.trimmingWhitespace()
      guard !name.isEmpty, seen.insert("\(role.rawValue)|\(name)").inserted else { return }
      participants.append(EventParticipant(name: name, role: role))
    }
    for participant in context.participants { add(participant.name, participant.role) }
    var responses: [AchievementID: [String: EnterpriseInterest]] = [:]
    for stage in funnel {
      for candidate in stage.passed {
        for interest in candidate.interest {
          responses[interest.achievement, default: [:]][interest.enterprise] = interest
        }
      }
    }
    let allResponses = responses.keys.sorted().flatMap { id in
      (responses[id] ?? [:]).keys.sorted().compactMap { responses[id]?[$0] }
    }
    for response in allResponses where response.level != .none { add(response.enterprise, .enterprise) }
    for event in events {
      for item in event.agenda where item.segment == .expertReview {
        for person in item.people { add(person, .expert) }
      }
    }
    let months = Set(cases.flatMap { $0.milestones.map(\.monthsAfterEvent) }).sorted()
    let host = configuration.host
    var event = ProgrammeEvent(
      key: key, programme: configuration.programme.name, series: configuration.programme.seriesName,
      year: configuration.programme.year,
      host: LedgerHost(name: host.name, level: host.level, parent: host.parent, province: host.province),
      date: configuration.eventDate ?? events.compactMap(\.date).min(), run: record.id,
      formats: configuration.events.map(\.pluginID), online: events.contains(where: \.online),
      meetingsScheduled: events.reduce(0) { $0 + ($1.meetings ?? 0) },
      checkpoints: months.isEmpty ? ProgrammeEvent.defaultCheckpoints : months,
      pitched: selected.map(\.id), participants: participants, responses: allResponses, demands: context.demands)
    event.collected = collected
    event.screened = record.funnel.first?.in ?? 0
    return event
  }
}
