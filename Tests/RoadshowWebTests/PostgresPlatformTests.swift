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

  /// Stores a record in `host`'s rows, cleared for publication or not; answers its id.
  static func seed(
    _ title: String, host tenant: String, cleared: Bool, in database: PostgresPool,
    decision: Confidentiality = .cleared
  ) async throws -> AchievementID {
    let store = try PostgresPlatformStore(database: database, host: tenant)
    let form = SubmissionForm(
      title: title, summary: "\(title)的简介", institution: "某大学", field: "智能制造", trl: "6", province: "广东",
      host: tenant)
    let record = try form.validated().get()
    try await store.submit(Submission(achievement: record, host: tenant, submittedBy: "h", submittedAt: "2026-01-02"))
    if cleared {
      try await PostgresLibrary(database: database, host: tenant).recordClearance(
        [(record.id, ClearanceReview(decision: decision, reviewer: "审查员", date: "2026-01-03"))], source: "test",
        recordedAt: "2026-01-03T00:00:00Z")
    }
    return record.id
  }

  @Test func aProvincesPlatformShowsEveryHostsPublishedAchievementsAndLeavesInterestToTheirHosts() async throws {
    let url = try #require(
      ProcessInfo.processInfo.environment["ROADSHOW_POSTGRES_URL"], "ROADSHOW_REQUIRE_POSTGRES=1 needs a server")
    let database = try await PostgresPool.open(url: url)
    let suffix = UUID().uuidString.prefix(8)
    let (hostA, hostB, province) = ("甲-\(suffix)", "乙-\(suffix)", "省厅-\(suffix)")
    let fromA = try await Self.seed("甲的减速器-\(suffix)", host: hostA, cleared: true, in: database)
    let fromB = try await Self.seed("乙的传感器-\(suffix)", host: hostB, cleared: true, in: database)
    let pendingB = try await Self.seed("乙的保密材料-\(suffix)", host: hostB, cleared: false, in: database)
    let ownP = try await Self.seed("省厅自己的成果-\(suffix)", host: province, cleared: true, in: database)
    // The same achievement at two hosts: cleared at A, restricted at B.
    let sharedAtA = try await Self.seed("两家共有的成果-\(suffix)", host: hostA, cleared: true, in: database)
    let sharedAtB = try await Self.seed(
      "两家共有的成果-\(suffix)", host: hostB, cleared: true, in: database, decision: .restricted)
    #expect(sharedAtA == sharedAtB)
    // Each host's own withholding: A withholds the institution besides the defaults; the
    // province the defaults; B recorded none, so every field a host may withhold is withheld.
    try await PostgresLibrary(database: database, host: hostA).recordWithholding(
      PublicationField.withheldByDefault.union([.institution]), at: "2026-01-04")
    try await PostgresLibrary(database: database, host: province).recordWithholding(
      PublicationField.withheldByDefault, at: "2026-01-04")
    let provinceStore = try PostgresPlatformStore(database: database, host: province)
    try await AccountService(store: provinceStore, hasher: BcryptHasher(cost: 4)).add(
      username: "enterprise", displayName: "某企业", role: .enterprise, scope: nil, password: Fixture.password,
      at: "2026-01-01")

    var configuration = WebConfiguration(
      libraryPath: "/nonexistent/unused.sqlite", hosts: [province], programme: "测试直通车", bcryptCost: 4,
      catalogueRefreshSeconds: 0, postgresURL: url, postgresHost: province)
    configuration.everyHostsCatalogue = true
    try await buildApplication(configuration: configuration).test(.router) { client in
      let visitor = Browser(client)
      let page = try await visitor.get("/?q=" + FormData.encode(String(suffix)))
      #expect(page.body.contains("甲的减速器") && page.body.contains("乙的传感器") && page.body.contains("省厅自己的成果"))
      #expect(!page.body.contains("乙的保密材料"), "the gate still holds back what is not cleared")
      for id in [fromA, fromB, ownP] {
        #expect(try await visitor.get("/achievements/" + FormData.encode(id.rawValue)).status == .ok)
      }
      #expect(try await visitor.get("/achievements/" + FormData.encode(pendingB.rawValue)).status == .notFound)
      let restricted = try await visitor.get("/achievements/" + FormData.encode(sharedAtA.rawValue))
      #expect(restricted.status == .notFound, "restricted at one host: shown by none")

      // Each record is released through its own host's withholding.
      let pageA = try await visitor.get("/achievements/" + FormData.encode(fromA.rawValue))
      #expect(pageA.body.contains("甲的减速器-\(suffix)的简介") && !pageA.body.contains("某大学"))
      let pageB = try await visitor.get("/achievements/" + FormData.encode(fromB.rawValue))
      #expect(!pageB.body.contains("的简介") && !pageB.body.contains("某大学"))
      let pageP = try await visitor.get("/achievements/" + FormData.encode(ownP.rawValue))
      #expect(pageP.body.contains("省厅自己的成果-\(suffix)的简介") && pageP.body.contains("某大学"))
      let json = try await visitor.get("/api/achievements/" + FormData.encode(fromB.rawValue))
      #expect(json.status == .ok && !json.body.contains("某大学") && !json.body.contains("简介"))

      // An enterprise answers interest in the platform's own achievement; another host's is
      // answered on that host's platform, so nothing is recorded here for it.
      let enterprise = Browser(client)
      try await enterprise.login("enterprise")
      let other = try await enterprise.get("/achievements/" + FormData.encode(fromA.rawValue))
      #expect(other.body.contains("interest-elsewhere") && !other.body.contains("interest-form"))
      let refused = try await enterprise.post(
        "/achievements/" + FormData.encode(fromA.rawValue) + "/interest",
        [("csrf", try #require(other.csrf)), ("level", "high")])
      #expect(refused.status == .notFound)
      let own = try await enterprise.get("/achievements/" + FormData.encode(ownP.rawValue))
      #expect(own.body.contains("interest-form"))
      let answered = try await enterprise.post(
        "/achievements/" + FormData.encode(ownP.rawValue) + "/interest",
        [("csrf", try #require(own.csrf)), ("level", "high")])
      #expect(answered.status == .ok)
    }
    #expect(try await provinceStore.responses().map(\.achievement) == [ownP])
    let storeA = try PostgresPlatformStore(database: database, host: hostA)
    #expect(try await storeA.responses().isEmpty)

    // Without the flag the same platform shows its own achievements only.
    configuration.everyHostsCatalogue = false
    try await buildApplication(configuration: configuration).test(.router) { client in
      let page = try await Browser(client).get("/?q=" + FormData.encode(String(suffix)))
      #expect(page.body.contains("省厅自己的成果") && !page.body.contains("甲的减速器"))
    }
  }
}
