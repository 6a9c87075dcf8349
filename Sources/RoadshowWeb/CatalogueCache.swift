import Foundation
import Logging
import RoadshowKernel
import RoadshowServices
import RoadshowStore

/// The public catalogue as the library holds it now: rebuilt when the library's version moves
/// on (a run, a review, a submission, from the web or the CLI), checked at most once per
/// refresh interval, so a page never reads 100,000 records.
actor CatalogueCache {
  private let library: SQLiteLibrary
  private let gate: PublicationGate
  private let refresh: TimeInterval
  private let logger: Logger
  private var catalogue: PublicCatalogue?
  private var version: Int?
  private var checked = Date.distantPast

  init(library: SQLiteLibrary, gate: PublicationGate, refresh: TimeInterval, logger: Logger) {
    self.library = library
    self.gate = gate
    self.refresh = refresh
    self.logger = logger
  }

  /// The current catalogue.
  func current() async throws -> PublicCatalogue {
    let now = Date()
    if let catalogue, now.timeIntervalSince(checked) < refresh { return catalogue }
    let stored = try await library.version()
    checked = now
    if let catalogue, stored == version { return catalogue }
    let started = Date()
    let built = PublicCatalogue(records: try await library.achievements(), gate: gate)
    catalogue = built
    version = stored
    logger.info(
      "catalogue built",
      metadata: [
        "records": "\(built.records.count)", "libraryVersion": "\(stored)",
        "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
      ])
    return built
  }

  /// Makes the next ``current()`` look at the library (after a write through the web).
  func invalidate() { checked = .distantPast }
}
