import Foundation
import RoadshowKernel

/// The host's dashboard (工作台): the funnel, events, conversion chain and targets of the
/// caller's programme, the follow-up checkpoints due, and the confidentiality to-do — each
/// counted from the ledger by the same use cases as `roadshow report annual` and
/// `roadshow followup due`. A host sees its own events, a province the events of the hosts in
/// it (by the host's province, or its parent naming the province), the organiser every event.
public struct HostDashboard: Sendable {
  /// Whose dashboard: the host's name, the province, or empty for the organiser.
  public var scope: String
  /// The year shown: the latest year with an event in scope, else the year of `asOf`.
  public var year: Int
  /// The day the figures are counted to (YYYY-MM-DD).
  public var asOf: String
  /// The year's figures over the events in scope.
  public var figures: AnnualFigures
  /// The events in scope, in the year shown, oldest first.
  public var events: [ProgrammeEvent]
  /// Follow-up checkpoints overdue, or due within 30 days, for the events in scope.
  public var due: [FollowUp.DueItem]
  /// Records that have not passed confidentiality review, in the ledgers counted (over several
  /// hosts' ledgers, a record two hosts hold counts at each).
  public var pendingClearance: Int

  /// The dashboard of `account` over `ledger`, as of `asOf` (YYYY-MM-DD).
  ///
  /// - Throws: ``PlatformError/forbidden`` for a role without a dashboard (only organiser,
  ///   province and host have one).
  public static func build(
    for account: PlatformAccount, in ledger: some ProgrammeLedger, asOf: String
  ) async throws -> HostDashboard {
    try build(for: account, over: [try await AnnualSummary.LedgerContents.read(ledger)], asOf: asOf)
  }

  /// The dashboard of `account` on the platform's `library`, over the ledgers it names for
  /// `account` (``PlatformLibrary/dashboardLedgers(for:)``: on a database many hosts share, a
  /// province or the organiser sees every host's).
  ///
  /// - Throws: ``PlatformError/forbidden`` for a role without a dashboard.
  public static func build(
    for account: PlatformAccount, on library: some PlatformLibrary, asOf: String
  ) async throws -> HostDashboard {
    try await build(for: account, across: try await library.dashboardLedgers(for: account), asOf: asOf)
  }

  /// The dashboard of `account` over several ledgers, as of `asOf` (YYYY-MM-DD): the hosts that
  /// share one database each keep their own ledger, and a province or the organiser sees the
  /// events in scope of every one of them. The confidentiality to-do counts the records of the
  /// ledgers with an event in scope (of every ledger for the organiser). Ledgers are counted as
  /// one: an achievement pitched by two hosts is followed from its latest pitch, and either
  /// host's milestones for it count.
  ///
  /// - Throws: ``PlatformError/forbidden`` for a role without a dashboard.
  public static func build(
    for account: PlatformAccount, across ledgers: [any ProgrammeLedger], asOf: String
  ) async throws -> HostDashboard {
    var contents: [AnnualSummary.LedgerContents] = []
    for ledger in ledgers { contents.append(try await AnnualSummary.LedgerContents.read(ledger)) }
    return try build(for: account, over: contents, asOf: asOf)
  }

  /// The dashboard of `account` over the contents of one or more ledgers.
  static func build(
    for account: PlatformAccount, over ledgers: [AnnualSummary.LedgerContents], asOf: String
  ) throws -> HostDashboard {
    let inScope = try scopeFilter(account, hosts: ledgers.flatMap(\.hosts))
    let counted = ledgers.filter {
      account.role == .organiser || ledgers.count == 1 || $0.events.contains(where: inScope)
    }
    // The library figures and the to-do count the records of the ledgers in scope.
    let contents = AnnualSummary.LedgerContents(
      events: ledgers.flatMap(\.events), hosts: ledgers.flatMap(\.hosts), milestones: counted.flatMap(\.milestones),
      records: counted.flatMap(\.records))
    var scoped = contents
    scoped.events = contents.events.filter(inScope)
    let year = scoped.events.compactMap(\.calendarYear).max() ?? Int(asOf.prefix(4)) ?? 0
    var figures = AnnualSummary.figures(scoped, host: nil, year: year, asOf: asOf)
    figures.host = account.scope ?? ""
    let canonical = contents.records.filter { $0.mergedInto == nil }
    let titles = Dictionary(canonical.map { ($0.record.id, $0.record.title) }, uniquingKeysWith: { first, _ in first })
    let due = FollowUp.due(events: scoped.events, milestones: contents.milestones, titles: titles, asOf: asOf)
    return HostDashboard(
      scope: account.scope ?? "", year: year, asOf: asOf, figures: figures,
      events: scoped.events.filter { $0.calendarYear == year }, due: due,
      pendingClearance: canonical.filter { $0.record.confidentiality == .pending }.count)
  }

  /// Which events `account` sees: a host its own, a province those of the hosts in it (by the
  /// host's province, or its parent naming the province), the organiser every one.
  static func scopeFilter(_ account: PlatformAccount, hosts known: [LedgerHost]) throws -> (ProgrammeEvent) -> Bool {
    switch account.role {
    case .organiser:
      return { _ in true }
    case .host:
      guard let name = account.scope else { throw PlatformError.forbidden }
      return { $0.host.name == name }
    case .province:
      guard let province = account.scope else { throw PlatformError.forbidden }
      let hosts = Dictionary(known.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
      return { event in
        let host = hosts[event.host.name] ?? event.host
        return (host.province.flatMap(Province.normalize) ?? host.province) == province
          || host.parent.flatMap(Province.named(in:)) == province
      }
    case .expert, .holder, .enterprise, .public:
      throw PlatformError.forbidden
    }
  }
}
