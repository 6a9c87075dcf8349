import RoadshowKernel

/// The library the work platform serves, whichever store keeps it (SQLite for one host,
/// PostgreSQL for many): the programme ledger, confidentiality reviews, and a version that moves
/// on with every write, so pages built from one version can be kept until it moves.
public protocol PlatformLibrary: ProgrammeLedger, ClearanceRecorder, ReviewLedger, CatalogueSource {
  /// The library version: how many writes have changed the library.
  func version() async throws -> Int

  /// The ledgers the dashboard of `account` counts: this library's, or, where many hosts share
  /// one database and `account` is a province or the organiser, every host's in it (a province
  /// sees the events of the hosts in it among them). The default is this library alone.
  func dashboardLedgers(for account: PlatformAccount) async throws -> [any ProgrammeLedger]
}

extension PlatformLibrary {
  /// This library alone: one library holds every host it serves.
  public func dashboardLedgers(for account: PlatformAccount) async throws -> [any ProgrammeLedger] { [self] }
}

/// The platform's accounts and their sessions, submissions, notices, registrations and interest
/// responses, whichever store keeps them.
public typealias PlatformStore = AccountStore & PlatformSessionStore & SubmissionStore & EngagementStore

/// Where the public catalogue's records come from: the library the platform serves, or every
/// host's library in a database they share.
public protocol CatalogueSource: Sendable {
  /// A number that moves on whenever the records may have changed.
  func version() async throws -> Int
  /// Every record that is not merged into another, in id order.
  func achievements() async throws -> [Achievement]
  /// What the public catalogue shows: the records `gate` releases to the public. A source that
  /// spans hosts applies each host's own withholding besides `gate`'s.
  func publicRecords(gate: PublicationGate) async throws -> [PublishedAchievement]
}

extension CatalogueSource {
  /// `gate`'s release of ``achievements()`` to the public.
  public func publicRecords(gate: PublicationGate) async throws -> [PublishedAchievement] {
    gate.release(try await achievements(), to: .public).records
  }
}
