import Foundation
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowServices
import Testing

@testable import RoadshowWeb

@Suite struct AccessTests {
  /// Who tries: nobody logged in, then every role (two hosts).
  static let callers: [String?] = [nil] + Fixture.users.map(\.0)

  /// The expected status of every route for every caller.
  static func expected(_ route: String, _ caller: String?) -> HTTPResponse.Status {
    let open: Set<String> = [
      "GET /", "GET /achievement", "GET /api/achievements", "GET /api/achievement", "GET /openapi.json", "GET /login",
      "GET /notices",
    ]
    if open.contains(route) { return .ok }
    guard let caller else { return .seeOther }
    switch route {
    case "GET /submit": return caller == "holder" ? .ok : .forbidden
    case "POST /submit": return caller == "holder" ? .created : .forbidden
    case "GET /submissions": return ["host-a", "host-b", "organiser", "holder"].contains(caller) ? .ok : .forbidden
    case "POST /review": return caller == "host-a" ? .ok : caller == "host-b" ? .notFound : .forbidden
    case "GET /reviews": return caller == "expert" ? .ok : .forbidden
    case "GET /review": return caller == "expert" ? .notFound : .forbidden
    case "POST /review-scores": return caller == "expert" ? .notFound : .forbidden
    case "GET /dashboard": return ["host-a", "host-b", "organiser", "province"].contains(caller) ? .ok : .forbidden
    // The fixture serves a library without a config: nothing to run, which a host is told.
    case "POST /dashboard/run": return ["host-a", "host-b"].contains(caller) ? .conflict : .forbidden
    case "GET /events":
      return ["host-a", "host-b", "organiser", "province", "enterprise"].contains(caller) ? .ok : .forbidden
    case "GET /interest": return ["host-a", "host-b", "organiser", "enterprise"].contains(caller) ? .ok : .forbidden
    case "GET /interest.csv": return ["host-a", "host-b", "organiser"].contains(caller) ? .ok : .forbidden
    case "POST /notices":
      return ["host-a", "host-b", "organiser", "province"].contains(caller) ? .unprocessableContent : .forbidden
    default: return .internalServerError
    }
  }

  @Test func everyRouteForEveryRole() async throws {
    let fixture = try await Fixture()
    let cleared = try await fixture.seed("公开成果", cleared: true)
    let pendingA = try await fixture.seed("甲的待审成果", host: Fixture.hostA, cleared: false)
    let routes = [
      "GET /", "GET /achievement", "GET /api/achievements", "GET /api/achievement", "GET /openapi.json", "GET /login",
      "GET /submit", "POST /submit", "GET /submissions", "POST /review", "GET /reviews", "GET /review",
      "POST /review-scores", "GET /dashboard", "POST /dashboard/run", "GET /notices", "GET /events", "GET /interest",
      "GET /interest.csv", "POST /notices",
    ]
    try await fixture.app().test(.router) { client in
      var count = 0
      for caller in Self.callers {
        let browser = Browser(client)
        if let caller {
          let login = try await browser.login(caller)
          #expect(login.status == .seeOther, "\(caller) logs in")
        }
        let csrf = try await browser.get("/").csrf ?? ""
        for (offset, route) in routes.enumerated() {
          let page: Browser.Page
          switch route {
          case "GET /achievement": page = try await browser.get("/achievements/" + FormData.encode(cleared.rawValue))
          case "GET /api/achievement":
            page = try await browser.get("/api/achievements/" + FormData.encode(cleared.rawValue))
          case "POST /submit":
            page = try await browser.post(
              "/submit",
              [
                ("csrf", csrf), ("title", "矩阵测试成果\(count)-\(offset)"), ("institution", "某院"), ("field", "新材料"),
                ("host", Fixture.hostA),
              ])
          case "POST /review":
            page = try await browser.post(
              "/submissions/" + FormData.encode(pendingA.rawValue) + "/review",
              [("csrf", csrf), ("decision", "pending")])
          // No round assigns anything to anyone here: an expert gets "not found", others "forbidden".
          case "GET /review": page = try await browser.get("/reviews/panel/" + FormData.encode(cleared.rawValue))
          case "POST /review-scores":
            page = try await browser.post(
              "/reviews/panel/" + FormData.encode(cleared.rawValue), [("csrf", csrf), ("c_advancement", "8")])
          case "POST /dashboard/run": page = try await browser.post("/dashboard/run", [("csrf", csrf)])
          // An empty notice: offices are told what is missing, others may not publish at all.
          case "POST /notices": page = try await browser.post("/notices", [("csrf", csrf), ("audience", "everyone")])
          default:
            let parts = route.split(separator: " ")
            page = try await browser.send(String(parts[1]), method: .get, body: nil)
          }
          #expect(page.status == Self.expected(route, caller), "\(route) as \(caller ?? "anonymous")")
          count += 1
        }
      }
      #expect(count == Self.callers.count * routes.count)
    }
    // The host B attempts left host A's record pending; host A's "pending" review kept it so.
    #expect(try await fixture.library.achievement(pendingA)?.confidentiality == .pending)
  }

  @Test func hostSeesOnlyItsOwnSubmissionsAndCannotClearAnotherHostsById() async throws {
    let fixture = try await Fixture()
    let forA = try await fixture.seed("提交给甲", host: Fixture.hostA, cleared: false)
    let forB = try await fixture.seed("提交给乙", host: Fixture.hostB, cleared: false)
    try await fixture.app().test(.router) { client in
      let hostB = Browser(client)
      try await hostB.login("host-b")
      let list = try await hostB.get("/submissions")
      #expect(list.body.contains("提交给乙"))
      #expect(!list.body.contains("提交给甲"))
      let csrf = list.csrf ?? ""
      let attempt = try await hostB.post(
        "/submissions/" + FormData.encode(forA.rawValue) + "/review", [("csrf", csrf), ("decision", "cleared")])
      #expect(attempt.status == .notFound)
      let unknown = try await hostB.post(
        "/submissions/" + FormData.encode("platform:nothing") + "/review", [("csrf", csrf), ("decision", "cleared")])
      #expect(unknown.status == .notFound)
      #expect(try await hostB.get("/").body.contains("提交给甲") == false)
      let own = try await hostB.post(
        "/submissions/" + FormData.encode(forB.rawValue) + "/review", [("csrf", csrf), ("decision", "cleared")])
      #expect(own.status == .ok)
    }
    #expect(try await fixture.library.achievement(forA)?.confidentiality == .pending)
    #expect(try await fixture.library.achievement(forB)?.confidentiality == .cleared)
  }

  @Test func sessionCookieIsHttpOnlySameSiteAndSecureBehindTLS() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let login = try await Browser(client).login("holder")
      let cookie = try #require(login.setCookies.first { $0.hasPrefix("rs_session=") })
      #expect(cookie.contains("HttpOnly"))
      #expect(cookie.contains("SameSite=Lax"))
      #expect(!cookie.contains("Secure"))
    }
    try await fixture.app(secureCookies: true).test(.router) { client in
      let login = try await Browser(client).login("holder")
      let cookie = try #require(login.setCookies.first { $0.hasPrefix("rs_session=") })
      #expect(cookie.contains("Secure"))
    }
  }

  @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      _ = try await browser.get("/login")
      let noToken = try await browser.post("/login", [("username", "holder"), ("password", Fixture.password)])
      #expect(noToken.status == .badRequest)
      let wrongToken = try await browser.post(
        "/login", [("csrf", "forged"), ("username", "holder"), ("password", Fixture.password)])
      #expect(wrongToken.status == .badRequest)
      try await browser.login("holder")
      let submit = try await browser.post(
        "/submit",
        [("csrf", "forged"), ("title", "伪造"), ("institution", "某院"), ("field", "x"), ("host", Fixture.hostA)])
      #expect(submit.status == .badRequest)
    }
  }

  @Test func loginIsRateLimitedAfterRepeatedFailures() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      for _ in 0..<5 {
        #expect(try await browser.login("holder", password: "wrong-password").status == .unauthorized)
      }
      let blocked = try await browser.login("holder")
      #expect(blocked.status == .tooManyRequests)
      #expect(blocked.body.contains("登录失败次数过多"))
      #expect(try await Browser(client).login("host-a").status == .seeOther)
    }
  }

  @Test func disabledAccountsCannotLogInAndLoseTheirSession() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      try await browser.login("holder")
      #expect(try await browser.get("/submit").status == .ok)
      try await AccountService(store: fixture.store, hasher: BcryptHasher(cost: 4)).disable("holder")
      #expect(try await browser.get("/submit").status == .seeOther)
      #expect(try await Browser(client).login("holder").status == .unauthorized)
    }
  }

  @Test func logoutEndsTheSession() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      try await browser.login("holder")
      let csrf = try await browser.get("/submit").csrf ?? ""
      #expect(try await browser.post("/logout", [("csrf", csrf)]).status == .seeOther)
      #expect(try await browser.get("/submit").status == .seeOther)
    }
  }
}
