import Foundation
import RoadshowKernel
import RoadshowLedgerTesting
import RoadshowPostgres
import RoadshowServices
import Testing

/// Many hosts share one database, each in its own rows: a host's dashboard counts its own
/// ledger, a province's the ledgers of the hosts in it, the organiser's every ledger.
@Suite(.enabled(if: TestServer.enabled, TestServer.reason))
struct SharedDashboardTests {
  /// A host's ledger with one event in `province`, dated in 2031, pitching the seed records;
  /// `pending` leaves one record waiting for confidentiality review.
  static func seed(_ name: String, province: String, pending: Bool) async throws -> (PostgresLibrary, String) {
    let library = try await TestServer.library(name)
    let key = "event-\(library.host)"
    // Each host's own achievements (ids of its own), one left pending when asked.
    let records = LedgerConformance.seedRecords.map { seed -> Achievement in
      var record = seed
      record.id = AchievementID("\(library.host):\(seed.id.rawValue)")
      if !pending { record.confidentiality = .cleared }
      return record
    }
    var commit = try LedgerConformance.seedRun(
      id: "run-\(library.host)", event: key, pitched: records.prefix(2).map(\.id), date: "2031-05-20", records: records)
    commit.event?.host = LedgerHost(name: library.host, level: .city, parent: nil, province: province)
    try await library.commit(commit)
    return (library, key)
  }

  static func account(_ role: PlatformRole, _ scope: String?) -> PlatformAccount {
    PlatformAccount(username: "u", displayName: "u", role: role, scope: scope, passwordHash: "", createdAt: "t")
  }

  @Test func aProvinceSeesTheHostsInItAcrossTheirRowsAndTheOrganiserSeesEveryHost() async throws {
    let (a, eventA) = try await Self.seed("gd-A", province: "广东省", pending: false)
    let (b, eventB) = try await Self.seed("zj-B", province: "浙江", pending: true)
    let (c, eventC) = try await Self.seed("gd-C", province: "广东", pending: false)
    let ours: Set = [eventA, eventB, eventC]

    // The database names every host; a province's or the organiser's dashboard reads each one.
    let hosts = try await PostgresLibrary.hosts(in: try await TestServer.database())
    #expect(Set([a.host, b.host, c.host]).isSubset(of: Set(hosts)))
    let province = Self.account(.province, "广东")
    let forProvince = try await a.dashboardLedgers(for: province)
    // Every host's ledger, the serving host's first (other tests may add hosts meanwhile).
    let read = forProvince.compactMap { ($0 as? PostgresLibrary)?.host }
    #expect(read.first == a.host && read.count == forProvince.count)
    #expect(Set(hosts).isSubset(of: Set(read)), "every host the database held before")
    #expect(try await a.dashboardLedgers(for: Self.account(.host, a.host)).count == 1)
    #expect(try await a.dashboardLedgers(for: Self.account(.expert, "E1")).count == 1)

    // Over the three ledgers: the province sees A's and C's events, not B's; the organiser all.
    let board = try await HostDashboard.build(for: province, across: [a, b, c], asOf: "2031-06-01")
    #expect(board.events.map(\.key).sorted() == [eventA, eventC].sorted())
    #expect(board.figures.pitched == 4, "two pitches at each of A and C")
    #expect(board.pendingClearance == 0, "B's pending record is not the province's to-do")
    let organiser = try await HostDashboard.build(
      for: Self.account(.organiser, nil), across: [a, b, c], asOf: "2031-06-01")
    #expect(Set(organiser.events.map(\.key)) == ours)
    #expect(organiser.pendingClearance == 1)
    let hostB = try await HostDashboard.build(for: Self.account(.host, b.host), across: [b], asOf: "2031-06-01")
    #expect(hostB.events.map(\.key) == [eventB] && hostB.pendingClearance == 1)

    // Through the platform library of host A, as the web builds it: the province's events in
    // the database include A's and C's and never B's; host A sees only its own.
    let shared = try await HostDashboard.build(for: province, on: a, asOf: "2031-06-01")
    #expect(Set(shared.events.map(\.key)).intersection(ours) == [eventA, eventC])
    let own = try await HostDashboard.build(for: Self.account(.host, a.host), on: a, asOf: "2031-06-01")
    #expect(own.events.map(\.key) == [eventA])
  }
}
