import Foundation
import Logging
import RoadshowKernel
import RoadshowServices
import RoadshowStore

/// The public catalogue as the library holds it now: rebuilt when the library's version moves
/// on (a run, a review, a submission, from the web or the CLI), checked at most once per
/// refresh interval, so a page never reads 100,000 records.
actor CatalogueCache {
  private let library: any CatalogueSource
  private let gate: PublicationGate
  private let refresh: TimeInterval
  private let logger: Logger
  private var catalogue: PublicCatalogue?
  private var version: Int?
  private var checked = Date.distantPast

  init(library: any CatalogueSource, gate: PublicationGate, refresh: TimeInterval, logger: Logger) {
    self.library = library
    self.gate = gate
    self.refresh = refresh
    self.logger = logger
  }

  /// The current catalogue.
  func current() async throws -> PublicCatalogue { try await versioned().catalogue }

  /// The current catalogue and the library version it was built from.
  func versioned() async throws -> (catalogue: PublicCatalogue, version: Int) {
    let now = Date()
    if let catalogue, let version, now.timeIntervalSince(checked) < refresh { return (catalogue, version) }
    let stored = try await library.version()
    checked = now
    if let catalogue, stored == version { return (catalogue, stored) }
    let started = Date()
    let built = PublicCatalogue(released: try await library.publicRecords(gate: gate))
    catalogue = built
    version = stored
    logger.info(
      "catalogue built",
      metadata: [
        "records": "\(built.records.count)", "libraryVersion": "\(stored)",
        "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
      ])
    return (built, stored)
  }

  /// Makes the next ``current()`` look at the library (after a write through the web).
  func invalidate() { checked = .distantPast }
}

/// Public pages as rendered for visitors who are not logged in, by language and address, for
/// one library version: a page is rendered once per version, not once per request. Pages for a
/// logged-in caller (which name the caller and carry a CSRF token) are never kept.
actor PageCache {
  private var pages: [String: (version: Int, html: String)] = [:]
  private let capacity: Int

  init(capacity: Int = 2_000) { self.capacity = capacity }

  /// The page kept for `key` at `version`, or `nil`.
  func page(_ key: String, version: Int) -> String? {
    guard let entry = pages[key], entry.version == version else { return nil }
    return entry.html
  }

  /// Keeps `html` for `key` at `version` (forgetting everything when full).
  func keep(_ html: String, for key: String, version: Int) {
    if pages.count >= capacity { pages.removeAll(keepingCapacity: true) }
    pages[key] = (version, html)
  }
}
