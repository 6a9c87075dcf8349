import Foundation
import Hummingbird
import HummingbirdTesting
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
