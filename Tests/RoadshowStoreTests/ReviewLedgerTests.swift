import Foundation
import RoadshowKernel
import RoadshowLedgerTesting
import Testing

@testable import RoadshowStore

@Suite struct ReviewLedgerTests {
  static func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-review-\(UUID().uuidString).sqlite").path
  }

  @Test func sqlitePassesTheReviewConformanceChecks() async {
    let failures = await LedgerConformance.runReviews { try SQLiteLibrary(path: Self.temporaryPath()) }
    #expect(failures.isEmpty, "\(failures)")
  }
}
