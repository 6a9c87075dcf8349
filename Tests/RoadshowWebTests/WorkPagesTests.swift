import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RoadshowKernel
import RoadshowServices
import RoadshowStore
import Testing

@testable import RoadshowWeb

/// The expert's scoring form and the host's dashboard.
@Suite struct WorkPagesTests {
  /// A blind round: the record titled `mine` assigned to E1 (the fixture's expert account),
  /// `theirs` to E2 only.
  func seedRound(_ fixture: Fixture, mine: AchievementID, theirs: AchievementID, blind: Bool = true) async throws {
    let round = ReviewRound(key: "panel", name: "2026 专家评议", blind: blind, reviewersPerAchievement: 1)
    try await fixture.library.saveRound(
      round,
      experts: [
        Expert(id: "E1", name: "王评审", institution: "浙江大学", capacity: 5),
        Expert(id: "E2", name: "李评审", institution: "南京大学", capacity: 5),
      ])
    try await fixture.library.assign(
      [
        ReviewAssignment(round: "panel", achievement: mine, expert: "E1"),
        ReviewAssignment(round: "panel", achievement: theirs, expert: "E2"),
      ], round: "panel")
  }

  func path(_ round: String, _ id: AchievementID) -> String {
    "/reviews/" + FormData.encode(round) + "/" + FormData.encode(id.rawValue)
  }

  @Test func anExpertScoresOnlyWhatIsAssignedBlindWithErrorsNextToEachCriterion() async throws {
    let fixture = try await Fixture()
    let mine = try await fixture.seed("某大学仿生灵巧手", cleared: true)
    let theirs = try await fixture.seed("另一项成果", cleared: true)
    try await seedRound(fixture, mine: mine, theirs: theirs)
    try await fixture.app().test(.router) { client in
      let expert = Browser(client)
      try await expert.login("expert")
      let list = try await expert.get("/reviews")
      #expect(list.status == .ok && list.body.contains("2026 专家评议") && list.body.contains("匿名评审"))
      #expect(list.body.contains(mine.rawValue) && !list.body.contains(theirs.rawValue))
      // Blind: the holder is struck out of the title, and no institution or team is shown.
      #expect(list.body.contains("［已隐去］仿生灵巧手"))
      let form = try await expert.get(path("panel", mine))
      #expect(form.status == .ok)
      #expect(!form.body.contains("某大学") && !form.body.contains("张三"))
      #expect(form.body.contains("name=\"c_advancement\"") && form.body.contains("技术先进性"))
      // Someone else's assignment, by id: not found.
      #expect(try await expert.get(path("panel", theirs)).status == .notFound)
      let csrf = form.csrf ?? ""
      #expect(
        try await expert.post(path("panel", theirs), [("csrf", csrf), ("c_advancement", "8")]).status == .notFound)

      // Off the scale and missing criteria: 422, each error beside its criterion, nothing kept.
      let bad = try await expert.post(path("panel", mine), [("csrf", csrf), ("c_advancement", "11")])
      #expect(bad.status == .unprocessableContent)
      #expect(bad.body.contains("id=\"c_advancement-error\"") && bad.body.contains("id=\"c_maturity-error\""))
      #expect(bad.body.contains("value=\"11\""))
      #expect(try await fixture.library.reviews(round: "panel").isEmpty)
      // Scores beside a recusal: refused too, the problem shown at the score.
      let both = try await expert.post(
        path("panel", mine), [("csrf", csrf), ("c_advancement", "8"), ("recusal", "曾合作")])
      #expect(both.status == .unprocessableContent && both.body.contains("id=\"c_advancement-error\""))
      #expect(try await fixture.library.reviews(round: "panel").isEmpty)

      let scores = [
        ("csrf", csrf), ("c_advancement", "8"), ("c_maturity", "7.5"), ("c_prospect", "9"), ("c_team", "6"),
        ("c_ip", "7"), ("comment", "建议尽快中试"),
      ]
      let good = try await expert.post(path("panel", mine), scores)
      #expect(good.status == .ok && good.body.contains("评分已记录"))
      let recorded = try await fixture.library.reviews(round: "panel")
      #expect(recorded.count == 1)
      #expect(recorded.first?.scores["maturity"] == 7.5 && recorded.first?.source == "web")
      #expect(recorded.first?.recordedBy == "expert" && recorded.first?.comment == "建议尽快中试")
      #expect(try await expert.get("/reviews").body.contains("1/1"))
      // The form shows what was recorded.
      #expect(try await expert.get(path("panel", mine)).body.contains("value=\"7.50\""))
    }
  }

  @Test func anUnclearedAssignmentShowsNoMaterialAndCannotBeScored() async throws {
    let fixture = try await Fixture()
    let pending = try await fixture.seed("未审查的保密成果", cleared: false)
    let other = try await fixture.seed("另一项成果", cleared: true)
    try await seedRound(fixture, mine: pending, theirs: other)
    try await fixture.app().test(.router) { client in
      let expert = Browser(client)
      try await expert.login("expert")
      let list = try await expert.get("/reviews")
      #expect(list.body.contains("待保密审查") && !list.body.contains("未审查的保密成果"))
      #expect(try await expert.get(path("panel", pending)).status == .notFound)
      let refused = try await expert.post(
        path("panel", pending), [("csrf", list.csrf ?? ""), ("c_advancement", "8")])
      #expect(refused.status == .notFound)
    }
    #expect(try await fixture.library.reviews(round: "panel").isEmpty)
  }

  @Test func anExpertAccountWithoutAnIDIsToldSo() async throws {
    let fixture = try await Fixture()
    _ = try await AccountService(store: fixture.store, hasher: BcryptHasher(cost: 4)).add(
      username: "new-expert", displayName: "新专家", role: .expert, scope: nil, password: Fixture.password,
      at: "2026-01-01T00:00:00Z")
    try await fixture.app().test(.router) { client in
      let expert = Browser(client)
      try await expert.login("new-expert")
      let list = try await expert.get("/reviews?lang=en")
      #expect(list.status == .ok && list.body.contains("not linked to an expert id"))
    }
  }

  /// A run of `host` that pitched `pitched` at event `key`.
  func commitEvent(_ fixture: Fixture, key: String, host: LedgerHost, pitched: [AchievementID]) async throws {
    let json = """
      {"id": "run-\(key)", "status": "succeeded", "config": "test.yaml", "programme": {"name": "活动 \(key)"},
       "host": "\(host.name)", "locale": "zh-CN", "tracks": ["torch"], "startedAt": "2025-09-20T09:00:00Z",
       "finishedAt": "2025-09-20T09:00:01Z", "libraryBefore": 0, "libraryAfter": 0, "intake": [],
       "funnel": [], "selected": [], "coachingPlans": 0, "coachingGaps": 0, "events": [], "followUpCases": 0,
       "indicators": [], "outputs": []}
      """
    let run = try JSONDecoder().decode(RunRecord.self, from: Data(json.utf8))
    var event = ProgrammeEvent(
      key: key, programme: "活动 \(key)", series: "series", year: 2025, host: host, date: "2025-09-20", run: run.id,
      meetingsScheduled: 4, pitched: pitched)
    event.collected = 40
    event.screened = 12
    try await fixture.library.commit(RunCommit(run: run, configText: "", changed: [], decisions: [], event: event))
  }

  @Test func eachHostsDashboardCountsItsOwnEventsAndTheProvinceSeesBoth() async throws {
    let fixture = try await Fixture()
    let a = try await fixture.seed("甲路演项目", host: Fixture.hostA, cleared: true)
    let b = try await fixture.seed("乙路演项目", host: Fixture.hostB, cleared: true)
    _ = try await fixture.seed("待审项目", host: Fixture.hostA, cleared: false)
    try await commitEvent(
      fixture, key: "2025-09-a", host: LedgerHost(name: Fixture.hostA, level: .zone, province: "江苏"), pitched: [a])
    try await commitEvent(
      fixture, key: "2025-09-b", host: LedgerHost(name: Fixture.hostB, level: .city, parent: "江苏省科学技术厅"),
      pitched: [b])
    try await fixture.app().test(.router) { client in
      let hostA = Browser(client)
      try await hostA.login("host-a")
      let board = try await hostA.get("/dashboard")
      #expect(board.status == .ok)
      #expect(board.body.contains("活动 2025-09-a") && !board.body.contains("活动 2025-09-b"))
      // Funnel 40 → 12 → 1, the pitched project overdue at its 3-month checkpoint, one record to clear.
      #expect(board.body.contains("<td class=\"n\">40</td>") && board.body.contains("<td class=\"n\">12</td>"))
      #expect(board.body.contains(a.rawValue) && !board.body.contains(b.rawValue))
      #expect(board.body.contains("<strong>1</strong>"))
      #expect(board.body.contains("id=\"run-form\"") == false)  // no config here: nothing to run

      let province = Browser(client)
      try await province.login("province")
      let both = try await province.get("/dashboard?lang=en")
      #expect(both.body.contains("活动 2025-09-a") && both.body.contains("活动 2025-09-b"))
      #expect(both.body.contains("<td class=\"n\">80</td>"))
      #expect(both.body.contains("Confidentiality to-do") && !both.body.contains("工作台"))

      let holder = Browser(client)
      try await holder.login("holder")
      #expect(try await holder.get("/dashboard").status == .forbidden)
    }
  }

  @Test func aHostRunsThePipelineFromTheDashboard() async throws {
    let fixture = try await Fixture()
    let runs = RunCounter()
    var configuration = fixture.configuration()
    configuration.runPipeline = { by, locale in
      await runs.add(by)
      return PipelineRunResult(succeeded: true, lines: [locale == .zhCN ? "运行完成。" : "Run finished."])
    }
    try await buildApplication(configuration: configuration).test(.router) { client in
      let host = Browser(client)
      try await host.login("host-a")
      let board = try await host.get("/dashboard")
      #expect(board.body.contains("id=\"run-form\""))
      let forged = try await host.post("/dashboard/run", [("csrf", "forged")])
      #expect(forged.status == .badRequest)
      let ran = try await host.post("/dashboard/run", [("csrf", board.csrf ?? "")])
      #expect(ran.status == .ok && ran.body.contains("流程已运行。") && ran.body.contains("运行完成。"))
      let organiser = Browser(client)
      try await organiser.login("organiser")
      let refused = try await organiser.post("/dashboard/run", [("csrf", try await organiser.get("/").csrf ?? "")])
      #expect(refused.status == .forbidden)
    }
    #expect(await runs.callers == ["host-a"])
  }
}

actor RunCounter {
  var callers: [String] = []
  func add(_ caller: String) { callers.append(caller) }
}

/// Notices, event registration and interest responses.
@Suite struct EngagementPagesTests {
  @Test func officesPublishNoticesThatReachOnlyTheirAudience() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let host = Browser(client)
      try await host.login("host-a")
      let form = try await host.get("/notices")
      #expect(form.body.contains("id=\"notice-form\""))
      let empty = try await host.post("/notices", [("csrf", form.csrf ?? ""), ("audience", "enterprises")])
      #expect(empty.status == .unprocessableContent && empty.body.contains("id=\"title-error\""))
      let saved = try await host.post(
        "/notices",
        [
          ("csrf", form.csrf ?? ""), ("title", "<script>alert(1)</script>企业报名通知"), ("audience", "enterprises"),
          ("body", "请于11月30日前报名。"),
        ])
      #expect(saved.status == .ok && saved.body.contains("通知已发布"))
      #expect(!saved.body.contains("<script>alert(1)") && saved.body.contains("&lt;script&gt;"))
      _ = try await host.post(
        "/notices", [("csrf", form.csrf ?? ""), ("title", "公开通知"), ("audience", "everyone"), ("body", "面向公众。")])

      let enterprise = Browser(client)
      try await enterprise.login("enterprise")
      let seen = try await enterprise.get("/notices")
      #expect(seen.body.contains("企业报名通知") && seen.body.contains("公开通知"))
      #expect(seen.body.contains(Fixture.hostA) && !seen.body.contains("id=\"notice-form\""))
      let visitor = try await Browser(client).get("/notices")
      #expect(visitor.body.contains("公开通知") && !visitor.body.contains("企业报名通知"))
      let holder = Browser(client)
      try await holder.login("holder")
      #expect(!(try await holder.get("/notices").body.contains("企业报名通知")))
      let refused = try await holder.post(
        "/notices", [("csrf", try await holder.get("/").csrf ?? ""), ("title", "x"), ("audience", "everyone")])
      #expect(refused.status == .forbidden)
    }
    #expect(try await fixture.store.notices().count == 2)
  }

  @Test func anEnterpriseRegistersForAnOpenEventAndOnlyItsHostSeesIt() async throws {
    let fixture = try await Fixture()
    var configuration = fixture.configuration()
    configuration.openEvents = [OpenEvent(key: "2026-12-demo", name: "12月专场", date: "2026-12-18", host: Fixture.hostA)]
    try await buildApplication(configuration: configuration).test(.router) { client in
      let enterprise = Browser(client)
      try await enterprise.login("enterprise")
      let list = try await enterprise.get("/events")
      #expect(list.body.contains("12月专场") && list.body.contains("/events/2026-12-demo/register"))
      let csrf = list.csrf ?? ""
      let missing = try await enterprise.post("/events/2026-12-demo/register", [("csrf", csrf), ("contact", " ")])
      #expect(missing.status == .unprocessableContent && missing.body.contains("请填写联系人和电话"))
      let unknown = try await enterprise.post("/events/2020-01-old/register", [("csrf", csrf), ("contact", "王 1")])
      #expect(unknown.status == .notFound)
      let saved = try await enterprise.post(
        "/events/2026-12-demo/register", [("csrf", csrf), ("contact", "王经理 13900000000"), ("demand", "视觉检测")])
      #expect(saved.status == .ok && saved.body.contains("报名已提交") && saved.body.contains("已报名"))

      let hostA = Browser(client)
      try await hostA.login("host-a")
      let own = try await hostA.get("/events")
      #expect(own.body.contains("王经理 13900000000") && own.body.contains("视觉检测"))
      let hostB = Browser(client)
      try await hostB.login("host-b")
      #expect(!(try await hostB.get("/events").body.contains("王经理")))
    }
    #expect(try await fixture.store.registrations(event: "2026-12-demo").map(\.username) == ["enterprise"])
  }

  @Test func enterpriseInterestGoesIntoThePushListsResponseFile() async throws {
    let fixture = try await Fixture()
    let cleared = try await fixture.seed("视觉检测系统", cleared: true)
    let pending = try await fixture.seed("未公开成果", cleared: false)
    try await fixture.app().test(.router) { client in
      let enterprise = Browser(client)
      try await enterprise.login("enterprise")
      let page = try await enterprise.get("/achievements/" + FormData.encode(cleared.rawValue))
      #expect(page.body.contains("id=\"interest-form\""))
      // Transfer modes in the page's language.
      #expect(page.body.contains("<dd>许可</dd>"))
      let english = try await enterprise.get("/achievements/" + FormData.encode(cleared.rawValue) + "?lang=en")
      #expect(english.body.contains("<dd>licence</dd>") && !english.body.contains("许可"))
      let csrf = page.csrf ?? ""
      let action = "/achievements/" + FormData.encode(cleared.rawValue) + "/interest"
      let bad = try await enterprise.post(action, [("csrf", csrf), ("level", "很想要")])
      #expect(bad.status == .unprocessableContent && bad.body.contains("id=\"level-error\""))
      let hidden = try await enterprise.post(
        "/achievements/" + FormData.encode(pending.rawValue) + "/interest", [("csrf", csrf), ("level", "high")])
      #expect(hidden.status == .notFound)
      _ = try await enterprise.post(action, [("csrf", csrf), ("level", "low"), ("note", "先了解")])
      let saved = try await enterprise.post(action, [("csrf", csrf), ("level", "medium"), ("note", "关注成本")])
      #expect(saved.status == .ok && saved.body.contains("对接意向已记录"))
      let mine = try await enterprise.get("/interest")
      #expect(mine.body.contains("视觉检测系统") && mine.body.contains("有意向") && !mine.body.contains("先了解"))
      #expect(try await enterprise.get("/interest.csv").status == .forbidden)

      let host = Browser(client)
      try await host.login("host-a")
      let csv = try await host.get("/interest.csv")
      #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
      // The file torch.enterprise_interest reads: the standing answer only.
      let table = try CSVTable.parse(csv.body, file: "enterprise-responses.csv")
      #expect(table.header == ["编号", "企业名称", "对接意向", "意见建议"])
      #expect(table.rows.count == 1)
      let row = try #require(table.rows.first)
      #expect(row.cell(0) == cleared.rawValue && row.cell(1) == "enterprise" && row.cell(3) == "关注成本")
      #expect(InterestLevel(text: row.cell(2)) == .medium)
    }
  }
}

/// The visitor's layout, rendered once and split, gives the page the template gives.
@Suite struct VisitorLayoutTests {
  @Test func theSplitLayoutRendersWhatTheTemplateRenders() async throws {
    let fixture = try await Fixture()
    let platform = try await WebPlatform(configuration: fixture.configuration(), logger: Logger(label: "test"))
    for locale in ReportLocale.allCases {
      #expect(platform.visitorLayouts[locale]?.count == 4)
      let request = Request(
        head: .init(method: .get, scheme: "http", authority: "localhost", path: "/?q=a&lang=en"),
        body: .init(buffer: ByteBuffer()))
      let title = "标题 <script>&"
      let fast = platform.pageHTML(
        "message", title: title, request: request, locale: locale, caller: nil,
        values: ["heading": "404", "text": "x"])
      var values: [String: Any] = ["heading": "404", "text": "x", "t": PageText.table(locale)]
      values["langQuery"] = platform.langQuery(locale)
      values["english"] = locale == .en
      let body = platform.templates.render(values, withTemplate: "message") ?? ""
      let slow = platform.templates.render(
        [
          "t": PageText.table(locale), "title": title, "programme": fixture.configuration().programme, "body": body,
          "htmlLang": locale == .zhCN ? "zh-CN" : "en", "langQuery": platform.langQuery(locale),
          "otherLanguageHref": platform.otherLanguageHref(request, locale: locale),
        ] as [String: Any], withTemplate: "layout")
      #expect(fast == slow)
      #expect(fast.contains("标题 &lt;script&gt;&amp;"))
    }
  }
}
