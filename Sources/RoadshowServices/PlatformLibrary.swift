import RoadshowKernel

/// The library the work platform serves, whichever store keeps it (SQLite for one host,
/// PostgreSQL for many): the programme ledger, confidentiality reviews, and a version that moves
/// on with every write, so pages built from one version can be kept until it moves.
public protocol PlatformLibrary: ProgrammeLedger, ClearanceRecorder, ReviewLedger {
  /// The library version: how many writes have changed the library.
  func version() async throws -> Int
}

/// The platform's accounts, submissions, notices, registrations and interest responses,
/// whichever store keeps them.
public typealias PlatformStore = AccountStore & SubmissionStore & EngagementStore
