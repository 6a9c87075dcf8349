import Foundation
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowServices
import Testing

@testable import RoadshowWeb

@Suite struct SubmissionTests {
  @Test func holderSubmitsHostClearsAndThePublicFindsIt() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let holder = Browser(client)
      try await holder.login("holder")
      let form = try await holder.get("/submit")
      #expect(form.body.contains(Fixture.hostA) && form.body.contains(Fixture.hostB))
      let done = try await holder.post(
        "/submit",
        [
          ("csrf", form.csrf ?? ""), ("title", "仿生灵巧手"), ("institution", "某理工大学"), ("field", "智能机器人"),
          ("trl", "6"), ("province", "江苏省"), ("team", "张三；李四"), ("transferModes", "许可"), ("year", "2025"),
          ("summary", "五指灵巧手"), ("host", Fixture.hostA),
        ])
      #expect(done.status == .created)
      #expect(done.body.contains("已提交"))
      let stored = try #require(try await fixture.store.submissions(host: Fixture.hostA).first)
      #expect(stored.achievement.title == "仿生灵巧手")
      #expect(stored.achievement.confidentiality == .pending)
      #expect(stored.achievement.province == "江苏")
      #expect(stored.submittedBy == "holder")
      #expect(try await holder.get("/submissions").body.contains("仿生灵巧手"))

      let visitor = Browser(client)
      #expect(!(try await visitor.get("/?q=" + FormData.encode("灵巧手")).body.contains("仿生灵巧手")))

      let host = Browser(client)
      try await host.login("host-a")
      let list = try await host.get("/submissions")
      #expect(list.body.contains("仿生灵巧手") && list.body.contains("通过保密审查"))
      let cleared = try await host.post(
        "/submissions/" + FormData.encode(stored.achievement.id.rawValue) + "/review",
        [("csrf", list.csrf ?? ""), ("decision", "cleared"), ("note", "保密审查意见书2025-3")])
      #expect(cleared.status == .ok)
      #expect(cleared.body.contains("已记录保密审查结论"))

      let found = try await visitor.get("/?q=" + FormData.encode("灵巧手"))
      #expect(found.body.contains("仿生灵巧手"))
      #expect(try await visitor.get("/achievements/" + FormData.encode(stored.achievement.id.rawValue)).status == .ok)
    }
    let history = try await fixture.library.clearanceHistory()
    #expect(history.count == 1)
    #expect(history.first?.review.reviewer == "host-a")
    #expect(history.first?.review.note == "保密审查意见书2025-3")
    #expect(history.first?.source == "web platform")
  }

  @Test func invalidSubmissionShowsErrorsNextToEachFieldAndStoresNothing() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let holder = Browser(client)
      try await holder.login("holder")
      let csrf = try await holder.get("/submit").csrf ?? ""
      let page = try await holder.post(
        "/submit",
        [
          ("csrf", csrf), ("title", ""), ("institution", "某院"), ("field", "新材料"), ("trl", "12"), ("province", "火星"),
          ("year", "1800"), ("transferModes", "赠送"), ("host", Fixture.hostA),
        ])
      #expect(page.status == .unprocessableContent)
      for field in ["title", "trl", "province", "year", "transferModes"] {
        #expect(page.body.contains(#"id="\#(field)-error""#), "\(field)")
      }
      #expect(page.body.contains("技术成熟度应为 1–9"))
      #expect(page.body.contains(#"value="某院""#), "what was typed is kept")
      let unknownHost = try await holder.post(
        "/submit", [("csrf", csrf), ("title", "x"), ("institution", "y"), ("field", "z"), ("host", "丙")])
      #expect(unknownHost.status == .unprocessableContent)
      #expect(unknownHost.body.contains(#"id="host-error""#))
    }
    #expect(try await fixture.store.submissions(host: nil).isEmpty)
  }

  @Test func scriptInTitlesIsEscapedOnEveryPage() async throws {
    let fixture = try await Fixture()
    let title = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
    let id = try await fixture.seed(title, cleared: false)
    try await fixture.app().test(.router) { client in
      let host = Browser(client)
      try await host.login("host-a")
      let list = try await host.get("/submissions")
      #expect(!list.body.contains("<script>alert"))
      #expect(list.body.contains("&lt;script&gt;"))
      try await host.post(
        "/submissions/" + FormData.encode(id.rawValue) + "/review",
        [("csrf", list.csrf ?? ""), ("decision", "cleared")])
      let visitor = Browser(client)
      for uri in ["/", "/achievements/" + FormData.encode(id.rawValue), "/?q=" + FormData.encode("<script>")] {
        let page = try await visitor.get(uri)
        #expect(!page.body.contains("<script>"), "\(uri)")
        #expect(!page.body.contains("<img src=x"), "\(uri)")
        #expect(page.body.contains("&lt;script&gt;"), "\(uri)")
      }
      let search = try await visitor.get("/?q=" + FormData.encode(#""><script>alert(2)</script>"#))
      #expect(!search.body.contains("<script>alert(2)"))
      #expect(search.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      let api = try await visitor.get("/api/achievements/" + FormData.encode(id.rawValue))
      #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
    }
  }

  @Test func oversizedBodiesAreRefused() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let holder = Browser(client)
      try await holder.login("holder")
      let csrf = try await holder.get("/submit").csrf ?? ""
      let huge = String(repeating: "长", count: 40_000)
      let page = try await holder.post(
        "/submit", [("csrf", csrf), ("title", "大"), ("institution", "y"), ("field", "z"), ("summary", huge)])
      #expect(page.status == .contentTooLarge)
      let long = try await holder.post(
        "/submit",
        [
          ("csrf", csrf), ("title", String(repeating: "题", count: 201)), ("institution", "y"), ("field", "z"),
          ("host", Fixture.hostA),
        ])
      #expect(long.status == .unprocessableContent)
    }
    #expect(try await fixture.store.submissions(host: nil).isEmpty)
  }

  @Test func submittingTheSameAchievementTwiceIsRefused() async throws {
    let fixture = try await Fixture()
    try await fixture.seed("重复成果", cleared: false)
    let holder = try #require(try await fixture.store.account(named: "holder"))
    let service = SubmissionService(submissions: fixture.store, clearance: fixture.library)
    await #expect(throws: PlatformError.self) {
      try await service.submit(
        SubmissionForm(title: "重复成果", institution: "某大学", field: "x", host: Fixture.hostA), by: holder,
        hosts: [Fixture.hostA], at: "2026-01-05T00:00:00Z")
    }
  }

  @Test func onlyHoldersSubmitAndOnlyTheirHostReviews() async throws {
    let fixture = try await Fixture()
    let id = try await fixture.seed("用例检查", cleared: false)
    let service = SubmissionService(submissions: fixture.store, clearance: fixture.library)
    let form = SubmissionForm(title: "t", institution: "i", field: "f", host: Fixture.hostA)
    for (name, role, _) in Fixture.users where role != .holder {
      let account = try #require(try await fixture.store.account(named: name))
      await #expect(throws: PlatformError.forbidden) {
        try await service.submit(form, by: account, hosts: [Fixture.hostA], at: "2026-01-05T00:00:00Z")
      }
      if role != .host {
        await #expect(throws: PlatformError.forbidden) {
          try await service.recordReview(
            id, decision: .cleared, by: account, note: nil, date: "2026-01-05", at: "2026-01-05T00:00:00Z")
        }
      }
    }
    let hostB = try #require(try await fixture.store.account(named: "host-b"))
    await #expect(throws: PlatformError.notFound) {
      try await service.recordReview(
        id, decision: .cleared, by: hostB, note: nil, date: "2026-01-05", at: "2026-01-05T00:00:00Z")
    }
  }
}

@Suite struct AccountTests {
  @Test func accountsAreCheckedStoredHashedAndDisabled() async throws {
    let fixture = try await Fixture()
    let service = AccountService(store: fixture.store, hasher: BcryptHasher(cost: 4))
    await #expect(throws: PlatformError.duplicateUsername("holder")) {
      try await service.add(
        username: "holder", displayName: nil, role: .holder, scope: nil, password: "long-enough", at: "t")
    }
    do {
      try await service.add(username: "x y", displayName: nil, role: .host, scope: nil, password: "short", at: "t")
      Issue.record("accepted a bad account")
    } catch PlatformError.invalid(let problems) {
      #expect(Set(problems.keys) == ["username", "password", "scope"])
    }
    let province = try await service.add(
      username: "jiangsu", displayName: "江苏省科技厅", role: .province, scope: "江苏省", password: "long-enough", at: "t")
    #expect(province.scope == "江苏")
    let stored = try #require(try await fixture.store.account(named: "jiangsu"))
    #expect(stored.passwordHash.hasPrefix("$2"))
    #expect(!stored.passwordHash.contains("long-enough"))
    #expect(try await service.authenticate(username: "jiangsu", password: "long-enough")?.username == "jiangsu")
    #expect(try await service.authenticate(username: "jiangsu", password: "wrong-one") == nil)
    #expect(try await service.authenticate(username: "nobody", password: "long-enough") == nil)
    try await service.disable("jiangsu")
    #expect(try await service.authenticate(username: "jiangsu", password: "long-enough") == nil)
    await #expect(throws: PlatformError.unknownUser("nobody")) { try await service.disable("nobody") }
    #expect(try await service.list().map(\.username).contains("jiangsu"))
  }

  @Test func submissionFormValidatesLikeIntake() {
    let good = SubmissionForm(
      title: " 灵巧手 ", institution: "某院", field: "智能机器人", trl: "TRL 7", province: "广西壮族自治区",
      transferModes: "许可、转让", year: "2024", host: "甲")
    guard case .success(let record) = good.validated() else {
      Issue.record("refused a good form")
      return
    }
    #expect(record.title == "灵巧手")
    #expect(record.readiness == .level(7))
    #expect(record.province == "广西")
    #expect(record.confidentiality == .pending)
    #expect(record.id.rawValue.hasPrefix("platform:h"))
    guard case .failure(.invalid(let problems)) = SubmissionForm(trl: "0", year: "abc").validated() else {
      Issue.record("accepted a bad form")
      return
    }
    #expect(Set(problems.keys) == ["title", "institution", "field", "host", "trl", "year"])
  }
}
