import Foundation
import RoadshowKernel

/// The annual work summary (年度工作总结, 001 §4.10) of a host, computed from the ledger across
/// all its events of the year, and the roll-up of several hosts (部省市县, 002 六.2). Every
/// figure is counted from recorded events, pitches and milestones, never a constant.
public struct AnnualFigures: Sendable, Codable, Hashable {
  /// One event of the year.
  public struct EventLine: Sendable, Codable, Hashable {
    /// Ledger key.
    public var key: String
    /// Programme name.
    public var programme: String
    /// Date.
    public var date: String?
    /// Records its intake read.
    public var collected: Int
    /// Records screened.
    public var screened: Int
    /// Projects pitched.
    public var pitched: Int
    /// Participants registered.
    public var participants: Int
    /// One-to-one meetings scheduled.
    public var meetings: Int
  }

  /// One step of the conversion chain: how many pitched projects reached it, and the amounts.
  public struct ChainStep: Sendable, Codable, Hashable {
    /// The step.
    public var kind: MilestoneKind
    /// Pitched projects with an entry of this step dated in the year.
    public var projects: Int
    /// Entries of this step dated in the year.
    public var entries: Int
    /// Their summed amount, 10,000 yuan.
    public var amountWanYuan: Double
  }

  /// Progress against a target of the seeds.
  public struct Target: Sendable, Codable, Hashable {
    /// What is counted.
    public var name: LocalizedText
    /// Counted value.
    public var value: Int
    /// The target.
    public var target: Int
    /// Where the target comes from.
    public var source: String
  }

  /// The host (or the roll-up's name).
  public var host: String
  /// Level, when known.
  public var level: HostLevel?
  /// The year.
  public var year: Int
  /// Hosts counted (1 for a host's own summary).
  public var hosts: Int
  /// The events held in the year.
  public var events: [EventLine]
  /// Records collected: the events' intake summed.
  public var collected: Int
  /// Distinct achievements in the library at the end.
  public var library: Int
  /// Records screened, summed over events.
  public var screened: Int
  /// Distinct projects pitched in the year.
  public var pitched: Int
  /// Distinct enterprises (incl. listed companies and parks) taking part.
  public var enterprises: Int
  /// Distinct investors and banks taking part.
  public var investors: Int
  /// Distinct experts taking part.
  public var experts: Int
  /// One-to-one meetings scheduled at the events plus meeting entries recorded in the year.
  public var meetings: Int
  /// The conversion chain, step by step.
  public var chain: [ChainStep]
  /// Projects landed in the year.
  public var landed: Int
  /// Achievements cleared for publication (released through the gate).
  public var released: Int
  /// Follow-up checkpoints overdue at the year's end (or today, if earlier).
  public var overdue: Int
  /// Activity by month: events, pitches, milestone entries.
  public var monthly: [String: [Int]]
  /// Field × TRL of the pitched projects (columns TRL 1–9, then unknown).
  public var fieldByTRL: [String: [Int]]
  /// Progress against the seeds' targets (002 一).
  public var targets: [Target]
  /// The host above, when known.
  public var parent: String? = nil

  /// Names of the `monthly` series.
  public static let monthlySeries = ["events", "pitches", "milestones"]
}

/// Computes annual figures and roll-ups.
public enum AnnualSummary {
  /// Everything one ledger holds that the summary reads.
  public struct LedgerContents: Sendable {
    /// The events.
    public var events: [ProgrammeEvent]
    /// The hosts.
    public var hosts: [LedgerHost]
    /// Every milestone entry.
    public var milestones: [MilestoneEntry]
    /// Every record, merged ones marked.
    public var records: [(record: Achievement, mergedInto: AchievementID?)]

    /// Reads `ledger`.
    public static func read(_ ledger: some ProgrammeLedger) async throws -> LedgerContents {
      LedgerContents(
        events: try await ledger.events(), hosts: try await ledger.hosts(),
        milestones: try await ledger.milestones(for: nil), records: try await ledger.allRecords())
    }

    /// Creates contents.
    public init(
      events: [ProgrammeEvent], hosts: [LedgerHost], milestones: [MilestoneEntry],
      records: [(record: Achievement, mergedInto: AchievementID?)]
    ) {
      self.events = events
      self.hosts = hosts
      self.milestones = milestones
      self.records = records
    }
  }

  /// The seeds' programme targets (002 一: by the end of 2025).
  static func targets(_ figures: AnnualFigures) -> [AnnualFigures.Target] {
    [
      (LocalizedText(zh: "举办路演活动（场）", en: "roadshows held"), 80, figures.events.count),
      (LocalizedText(zh: "发布科技成果（项）", en: "achievements released"), 3000, figures.released),
      (LocalizedText(zh: "推动落地转化（项）", en: "projects landed"), 1000, figures.landed),
    ].map { AnnualFigures.Target(name: $0.0, value: $0.2, target: $0.1, source: "002 §1") }
  }

  /// The hosts in `contents` that held events in `year`.
  public static func hosts(in contents: LedgerContents, year: Int) -> [String] {
    Set(contents.events.filter { $0.calendarYear == year }.map(\.host.name)).sorted()
  }

  /// The figures of `host` (every host when `nil`) for `year`, as of `asOf` (YYYY-MM-DD; the
  /// year's end when later).
  public static func figures(
    _ contents: LedgerContents, host: String?, year: Int, asOf: String
  ) -> AnnualFigures {
    let yearEnd = "\(year)-12-31"
    let cutoff = min(asOf, yearEnd)
    let events = contents.events.filter { $0.calendarYear == year && (host == nil || $0.host.name == host) }
    let pitched = Set(events.flatMap(\.pitched))
    let inYear = MilestoneEntry.standing(contents.milestones).filter {
      pitched.contains($0.achievement) && $0.date.hasPrefix("\(year)-")
    }
    var participants: [ParticipantRole: Set<String>] = [:]
    // Those who took part: registered, unless recorded as absent.
    for event in events {
      for person in event.participants where person.attended != false {
        participants[person.role, default: []].insert(person.name)
      }
    }
    func count(_ roles: [ParticipantRole]) -> Int {
      roles.reduce(into: Set<String>()) { $0.formUnion(participants[$1] ?? []) }.count
    }
    let chain = MilestoneKind.chain.map { kind in
      let entries = inYear.filter { $0.kind == kind }
      return AnnualFigures.ChainStep(
        kind: kind, projects: Set(entries.map(\.achievement)).count, entries: entries.count,
        amountWanYuan: entries.reduce(0) { $0 + ($1.amountWanYuan ?? 0) })
    }
    var monthly: [String: [Int]] = [:]
    for name in AnnualFigures.monthlySeries { monthly[name] = Array(repeating: 0, count: 12) }
    func month(_ date: String?) -> Int? {
      guard let date, date.hasPrefix("\(year)-"), let value = Int(date.dropFirst(5).prefix(2)), (1...12).contains(value)
      else { return nil }
      return value - 1
    }
    for event in events {
      if let m = month(event.date) {
        monthly["events"]?[m] += 1
        monthly["pitches"]?[m] += event.pitched.count
      }
    }
    for entry in inYear { if let m = month(entry.date) { monthly["milestones"]?[m] += 1 } }
    let records = Dictionary(contents.records.map { ($0.record.id, $0.record) }) { first, _ in first }
    var heat: [String: [Int]] = [:]
    for id in pitched {
      guard let record = records[id] else { continue }
      heat[record.field ?? LibraryViews.unknown, default: Array(repeating: 0, count: 10)][
        record.readiness.value.map { $0 - 1 } ?? 9] += 1
    }
    let canonical = contents.records.filter { $0.mergedInto == nil }
    let titles = Dictionary(canonical.map { ($0.record.id, $0.record.title) }) { first, _ in first }
    let overdue = FollowUp.due(
      events: events, milestones: contents.milestones, titles: titles, asOf: cutoff, window: 0
    ).filter { $0.status == .overdue }.count
    let known = host.flatMap { name in contents.hosts.first { $0.name == name } }
    let level = known?.level
    var figures = AnnualFigures(
      host: host ?? "", level: level, year: year, hosts: Set(events.map(\.host.name)).count,
      events: events.map {
        AnnualFigures.EventLine(
          key: $0.key, programme: $0.programme, date: $0.date, collected: $0.collected, screened: $0.screened,
          pitched: $0.pitched.count, participants: $0.participants.count, meetings: $0.meetingsScheduled)
      },
      collected: events.reduce(0) { $0 + $1.collected }, library: canonical.count,
      screened: events.reduce(0) { $0 + $1.screened }, pitched: pitched.count,
      enterprises: count([.enterprise, .listedCompany, .park]), investors: count([.investor, .bank]),
      experts: count([.expert]),
      meetings: events.reduce(0) { $0 + $1.meetingsScheduled } + inYear.filter { $0.kind == .meeting }.count,
      chain: chain, landed: chain.last?.projects ?? 0,
      released: canonical.filter { $0.record.confidentiality == .cleared }.count, overdue: overdue,
      monthly: monthly, fieldByTRL: heat, targets: [])
    figures.targets = targets(figures)
    figures.parent = known?.parent
    return figures
  }

  /// Several hosts' figures summed for the level above them. Distinct projects are counted once
  /// even when two hosts pitched the same one; `pitchedIDs`, `landedIDs` and `releasedIDs` carry
  /// the ids the counts come from.
  public static func rollUp(
    _ parts: [(figures: AnnualFigures, contents: LedgerContents)], name: String, level: HostLevel?, year: Int
  ) -> AnnualFigures {
    var total = AnnualFigures(
      host: name, level: level, year: year, hosts: 0, events: [], collected: 0, library: 0, screened: 0, pitched: 0,
      enterprises: 0, investors: 0, experts: 0, meetings: 0, chain: [], landed: 0, released: 0, overdue: 0,
      monthly: [:], fieldByTRL: [:], targets: [])
    var pitched: Set<AchievementID> = []
    var released: Set<AchievementID> = []
    var library: Set<AchievementID> = []
    var participants: [ParticipantRole: Set<String>] = [:]
    var reached: [MilestoneKind: Set<AchievementID>] = [:]
    for (figures, contents) in parts {
      total.hosts += figures.hosts
      total.events += figures.events
      total.collected += figures.collected
      total.screened += figures.screened
      total.meetings += figures.meetings
      total.overdue += figures.overdue
      for (series, values) in figures.monthly {
        total.monthly[series] = zip(total.monthly[series] ?? Array(repeating: 0, count: 12), values).map { $0 + $1 }
      }
      for (field, values) in figures.fieldByTRL {
        total.fieldByTRL[field] = zip(total.fieldByTRL[field] ?? Array(repeating: 0, count: 10), values).map { $0 + $1 }
      }
      let events = contents.events.filter {
        $0.calendarYear == year && (figures.host.isEmpty || $0.host.name == figures.host)
      }
      let ids = Set(events.flatMap(\.pitched))
      pitched.formUnion(ids)
      for event in events {
        for person in event.participants { participants[person.role, default: []].insert(person.name) }
      }
      for (record, into) in contents.records where into == nil {
        library.insert(record.id)
        if record.confidentiality == .cleared { released.insert(record.id) }
      }
      for entry in MilestoneEntry.standing(contents.milestones)
      where ids.contains(entry.achievement) && entry.date.hasPrefix("\(year)-") {
        reached[entry.kind, default: []].insert(entry.achievement)
      }
      for step in figures.chain {
        if let index = total.chain.firstIndex(where: { $0.kind == step.kind }) {
          total.chain[index].entries += step.entries
          total.chain[index].amountWanYuan += step.amountWanYuan
        } else {
          total.chain.append(
            AnnualFigures.ChainStep(
              kind: step.kind, projects: 0, entries: step.entries, amountWanYuan: step.amountWanYuan))
        }
      }
    }
    for index in total.chain.indices {
      total.chain[index].projects = reached[total.chain[index].kind]?.count ?? 0
    }
    func count(_ roles: [ParticipantRole]) -> Int {
      roles.reduce(into: Set<String>()) { $0.formUnion(participants[$1] ?? []) }.count
    }
    total.pitched = pitched.count
    total.library = library.count
    total.released = released.count
    total.landed = total.chain.last?.projects ?? 0
    total.enterprises = count([.enterprise, .listedCompany, .park])
    total.investors = count([.investor, .bank])
    total.experts = count([.expert])
    total.events.sort { ($0.date ?? "", $0.key) < ($1.date ?? "", $1.key) }
    total.targets = targets(total)
    return total
  }
}
