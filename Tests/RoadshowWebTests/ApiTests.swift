import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowServices
import Testing

@testable import RoadshowWeb

/// The JSON API of the platform's operations: every party through its own endpoints, each
/// response checked against `/openapi.json`.
@Suite struct ApiTests {
  /// A JSON client with a session: cookie and CSRF token from `POST /api/session`.
  final class Client {
    let client: any TestClientProtocol
    var cookie = ""
    var csrf = ""
    init(_ client: any TestClientProtocol) { self.client = client }

    struct Reply {
      var status: HTTPResponse.Status
      var value: Any
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, _ body: [String: Any]? = nil, csrf: String? = nil)
      async throws -> Reply
    {
      var headers: HTTPFields = [.contentType: "application/json"]
      if !cookie.isEmpty { headers[.cookie] = cookie }
      if let token = csrf ?? (method == .post && !self.csrf.isEmpty ? self.csrf : nil) {
        headers[HTTPField.Name("X-CSRF-Token")!] = token
      }
      let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
      return try await client.execute(
        uri: uri, method: method, headers: headers, body: data.map { ByteBuffer(bytes: $0) }
      ) { response in
        if let line = response.headers[values: .setCookie].first(where: { $0.hasPrefix("rs_session=") }) {
          self.cookie = String(line.split(separator: ";")[0])
        }
        let text = String(buffer: response.body)
        let value = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
        return Reply(status: response.status, value: value)
      }
    }

    func login(_ username: String) async throws -> Reply {
      let reply = try await call(.post, "/api/session", ["username": username, "password": Fixture.password])
      csrf = (reply.value as? [String: Any])?["csrf"] as? String ?? ""
      return reply
    }
  }

  @Test func everyPartyWorksThroughTheAPIAndEveryResponseMatchesTheDocument() async throws {
    let fixture = try await Fixture()
    let cleared = try await fixture.seed("公开的激光雷达", cleared: true)
    var configuration = fixture.configuration()
    configuration.openEvents = [OpenEvent(key: "2026-12-demo", name: "12月专场", date: "2026-12-18", host: Fixture.hostA)]
    let round = ReviewRound(key: "panel", name: "评审", blind: true, reviewersPerAchievement: 1)
    try await fixture.library.saveRound(round, experts: [Expert(id: "E1", name: "王", institution: "浙大", capacity: 3)])
    try await fixture.library.assign(
      [ReviewAssignment(round: "panel", achievement: cleared, expert: "E1")], round: "panel")
    try await buildApplication(configuration: configuration).test(.router) { client in
      let browser = Browser(client)
      let document = try JSONSerialization.jsonObject(with: Data(try await browser.get("/openapi.json").body.utf8))
      let validator = try SchemaValidator(document: document)
      var checked = 0
      func expect(_ reply: Client.Reply, _ method: String, _ path: String, _ status: Int) throws {
        #expect(Int(reply.status.code) == status, "\(method) \(path): \(reply.status) \(reply.value)")
        let problems = try validator.validate(reply.value, path: path, status: "\(status)", method: method)
        #expect(problems.isEmpty, "\(method) \(path) \(status): \(problems)")
        checked += 1
      }

      // Without a session: 401; a wrong password: 401; the public notices are open.
      let visitor = Client(client)
      try expect(try await visitor.call(.get, "/api/reviews"), "get", "/api/reviews", 401)
      try expect(
        try await visitor.call(.post, "/api/session", ["username": "holder", "password": "wrong-password"]), "post",
        "/api/session", 401)
      try expect(try await visitor.call(.get, "/api/notices"), "get", "/api/notices", 200)

      // A holder submits; a bad submission names its fields; without the CSRF header: 403.
      let holder = Client(client)
      try expect(try await holder.login("holder"), "post", "/api/session", 200)
      try expect(
        try await holder.call(.post, "/api/submissions", ["title": "x"], csrf: "forged"), "post", "/api/submissions",
        403)
      let bad = try await holder.call(.post, "/api/submissions", ["title": "缺字段的成果"])
      try expect(bad, "post", "/api/submissions", 422)
      #expect(((bad.value as? [String: Any])?["fields"] as? [String: String])?["institution"] != nil)
      let submitted = try await holder.call(
        .post, "/api/submissions",
        ["title": "接口提交的成果", "institution": "某大学", "field": "新材料", "trl": "5", "host": Fixture.hostA])
      try expect(submitted, "post", "/api/submissions", 201)
      #expect((submitted.value as? [String: Any])?["status"] as? String == "pending")
      try expect(try await holder.call(.get, "/api/dashboard"), "get", "/api/dashboard", 403)

      // An expert lists and scores its assignment; off the scale is 422 and nothing is kept.
      let expert = Client(client)
      _ = try await expert.login("expert")
      let tasks = try await expert.call(.get, "/api/reviews")
      try expect(tasks, "get", "/api/reviews", 200)
      #expect((tasks.value as? [[String: Any]])?.first?["achievement"] as? String == cleared.rawValue)
      let path = "/api/reviews/panel/" + FormData.encode(cleared.rawValue)
      let offScale = try await expert.call(.post, path, ["scores": ["advancement": 12]])
      try expect(offScale, "post", "/api/reviews/{round}/{id}", 422)
      #expect(try await fixture.library.reviews(round: "panel").isEmpty)
      let scores: [String: Any] = ["advancement": 8, "maturity": 7, "prospect": 9, "team": 6, "ip": 7.5]
      try expect(
        try await expert.call(.post, path, ["scores": scores, "comment": "好"]), "post", "/api/reviews/{round}/{id}", 200
      )
      try expect(
        try await expert.call(.post, "/api/reviews/panel/other", ["scores": scores]), "post",
        "/api/reviews/{round}/{id}",
        404)
      #expect(try await fixture.library.reviews(round: "panel").first?.source == "api")

      // A host publishes a notice and sees its dashboard; an enterprise reads it, registers, answers.
      let host = Client(client)
      _ = try await host.login("host-a")
      try expect(
        try await host.call(.post, "/api/notices", ["title": "", "audience": "enterprises"]), "post", "/api/notices",
        422)
      try expect(
        try await host.call(.post, "/api/notices", ["title": "报名通知", "body": "请报名", "audience": "enterprises"]),
        "post", "/api/notices", 201)
      try expect(try await host.call(.get, "/api/dashboard"), "get", "/api/dashboard", 200)
      let enterprise = Client(client)
      _ = try await enterprise.login("enterprise")
      let notices = try await enterprise.call(.get, "/api/notices")
      try expect(notices, "get", "/api/notices", 200)
      #expect((notices.value as? [[String: Any]])?.contains { $0["title"] as? String == "报名通知" } == true)
      try expect(
        try await enterprise.call(.post, "/api/events/2026-12-demo/registrations", ["contact": "王 139"]), "post",
        "/api/events/{key}/registrations", 200)
      try expect(
        try await enterprise.call(.post, "/api/events/none/registrations", ["contact": "王 139"]), "post",
        "/api/events/{key}/registrations", 404)
      let events = try await enterprise.call(.get, "/api/events")
      try expect(events, "get", "/api/events", 200)
      #expect(((events.value as? [String: Any])?["events"] as? [[String: Any]])?.first?["registered"] as? Bool == true)
      let interest = "/api/achievements/" + FormData.encode(cleared.rawValue) + "/interest"
      try expect(
        try await enterprise.call(.post, interest, ["level": "强烈意向", "note": "洽谈"]), "post",
        "/api/achievements/{id}/interest", 200)
      try expect(
        try await enterprise.call(.post, interest, ["level": "很想要"]), "post", "/api/achievements/{id}/interest", 422)
      let hostEvents = try await host.call(.get, "/api/events")
      try expect(hostEvents, "get", "/api/events", 200)
      #expect(((hostEvents.value as? [String: Any])?["registrations"] as? [[String: Any]])?.count == 1)
      #expect(checked == 22)
    }
  }
}
