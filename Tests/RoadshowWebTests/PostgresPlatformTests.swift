import Foundation
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowPostgres
import RoadshowServices
import Testing

@testable import RoadshowWeb

/// The same routes over PostgreSQL (`ROADSHOW_POSTGRES_URL`; `.ci/postgres.sh` starts a server).
/// Skipped without a server unless `ROADSHOW_REQUIRE_POSTGRES=1`, which makes a missing one fail.
@Suite(
  .enabled(
    if: ProcessInfo.processInfo.environment["ROADSHOW_POSTGRES_URL"].map { !$0.isEmpty } ?? false
      || ProcessInfo.processInfo.environment["ROADSHOW_REQUIRE_POSTGRES"] == "1",
    "ROADSHOW_POSTGRES_URL is not set: the platform over PostgreSQL is not tested"))
struct PostgresPlatformTests {
  @Test func theCatalogueAndAHoldersSubmissionWorkOverPostgres() async throws {
    let url = try #require(
      ProcessInfo.processInfo.environment["ROADSHOW_POSTGRES_URL"], "ROADSHOW_REQUIRE_POSTGRES=1 needs a server")
    let tenant = "web-\(UUID().uuidString.prefix(8))"
    let database = try await PostgresPool.open(url: url)
    let store = try PostgresPlatformStore(database: database, host: tenant)
    let library = try PostgresLibrary(database: database, host: tenant)
    let accounts = AccountService(store: store, hasher: BcryptHasher(cost: 4))
    for (name, role, scope) in [("holder", PlatformRole.holder, nil), ("host-a", .host, Fixture.hostA)] {
      try await accounts.add(
        username: name, displayName: name, role: role, scope: scope, password: Fixture.password, at: "2026-01-01")
    }
    // Two records submitted to the platform's host: one cleared, one pending.
    var submitted: [AchievementID] = []
    for title in ["高精度减速器", "保密中的电池材料"] {
      let form = SubmissionForm(
        title: title, summary: "\(title)的简介", institution: "某大学", field: "智能制造", trl: "6", province: "江苏",
        host: Fixture.hostA)
      let record = try form.validated().get()
      try await store.submit(
        Submission(achievement: record, host: Fixture.hostA, submittedBy: "holder", submittedAt: "2026-01-02"))
      submitted.append(record.id)
    }
    let ids = submitted
    try await library.recordClearance(
      [(ids[0], ClearanceReview(decision: .cleared, reviewer: "审查员", date: "2026-01-03"))], source: "test",
      recordedAt: "2026-01-03T00:00:00Z")

    let configuration = WebConfiguration(
      libraryPath: "/nonexistent/unused.sqlite", hosts: [Fixture.hostA], programme: "测试直通车", bcryptCost: 4,
      catalogueRefreshSeconds: 0, postgresURL: url, postgresHost: tenant)
    try await buildApplication(configuration: configuration).test(.router) { client in
      let browser = Browser(client)
      let page = try await browser.get("/")
      #expect(page.status == .ok)
      #expect(page.body.contains("高精度减速器"))
      #expect(!page.body.contains("保密中的电池材料"), "a pending record stays off the catalogue")
      let detail = try await browser.get("/achievements/" + FormData.encode(ids[0].rawValue))
      #expect(detail.status == .ok && detail.body.contains("高精度减速器的简介"))
      #expect(try await browser.get("/achievements/" + FormData.encode(ids[1].rawValue)).status == .notFound)

      // A holder submits through the web; the host sees it in its list.
      try await browser.login("holder")
      let form = try await browser.get("/submit")
      #expect(form.status == .ok)
      let sent = try await browser.post(
        "/submit",
        [
          ("csrf", try #require(form.csrf)), ("title", "柔性关节"), ("institution", "某研究所"), ("field", "机器人"),
          ("trl", "5"), ("host", Fixture.hostA),
        ])
      #expect(sent.status == .created, "submission accepted: \(sent.status)")
    }
    #expect(try await store.submissions(host: Fixture.hostA).map(\.achievement.title).contains("柔性关节"))
    #expect(try await library.achievements().count == 3)
    // Nothing of it reached the SQLite path the configuration also names.
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent/unused.sqlite"))
  }
}
