import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import RoadshowServices
import RoadshowStore
import Testing

@testable import RoadshowWeb

/// Signed-in sessions live in the platform's store: a restart (or a second server process on the
/// same library) keeps a party signed in, a logout anywhere ends the session everywhere, an ended
/// session counts for nothing, and the store keeps only a digest of the cookie's token.
struct SessionTests {
  @Test func aSessionOutlivesTheServerAndALogoutEndsItEverywhere() async throws {
    let fixture = try await Fixture()
    let cookies = try await fixture.app().test(.router) { client in
      let host = Browser(client)
      let login = try await host.login("host-a")
      #expect(login.status == .seeOther)
      return host.cookies
    }
    let token = try #require(cookies[WebPlatform.sessionCookie])

    // The store keeps the token's SHA-256 digest, never the token.
    let stored = try await DatabaseQueue(path: fixture.path).read { db in
      try Row.fetchAll(db, sql: "SELECT key, username FROM platform_session")
    }
    #expect(stored.count == 1)
    let key: String = try #require(stored.first?["key"])
    #expect(key == Sessions.key(token) && key != token && key.count == 64)
    #expect(stored.first?["username"] == "host-a")

    // A new server on the same library: still signed in; logging out there ends the session.
    try await fixture.app().test(.router) { client in
      let host = Browser(client)
      host.cookies = cookies
      let board = try await host.get("/dashboard")
      #expect(board.status == .ok && board.body.contains(Fixture.hostA), "signed in after the restart")
      let out = try await host.post("/logout", [("csrf", board.csrf ?? "")])
      #expect(out.status == .seeOther)
    }
    try await fixture.app().test(.router) { client in
      let host = Browser(client)
      host.cookies = cookies
      let board = try await host.get("/dashboard")
      #expect(board.status == .seeOther, "the old cookie opens nothing after the logout")
    }
    let left = try await DatabaseQueue(path: fixture.path).read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM platform_session") ?? -1
    }
    #expect(left == 0)
  }

  @Test func signingInAgainEndsTheSessionTheBrowserCameWith() async throws {
    let fixture = try await Fixture()
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      try await browser.login("host-a")
      let first = try #require(browser.cookies[WebPlatform.sessionCookie])
      // The login form as a signed-in browser gets it: its token is the one in the form cookie.
      _ = try await browser.get("/login")
      let formToken = try #require(browser.cookies[WebPlatform.csrfCookie])
      let again = try await browser.post(
        "/login", [("csrf", formToken), ("username", "host-b"), ("password", Fixture.password)])
      #expect(again.status == .seeOther)
      let second = try #require(browser.cookies[WebPlatform.sessionCookie])
      #expect(first != second)
      let board = try await browser.get("/dashboard")
      #expect(board.body.contains(Fixture.hostB))
      browser.cookies[WebPlatform.sessionCookie] = first
      let old = try await browser.get("/dashboard")
      #expect(old.status == .seeOther, "the first session ended at the second sign-in")
    }
  }

  @Test func anEndedSessionCountsForNothingAndForgedTokensOpenNothing() async throws {
    let fixture = try await Fixture()
    var configuration = fixture.configuration()
    configuration.sessionSeconds = -1
    try await buildApplication(configuration: configuration).test(.router) { client in
      let host = Browser(client)
      try await host.login("host-a")
      #expect(host.cookies[WebPlatform.sessionCookie] != nil)
      let board = try await host.get("/dashboard")
      #expect(board.status == .seeOther, "the session has ended")
    }
    try await fixture.app().test(.router) { client in
      let visitor = Browser(client)
      visitor.cookies = [WebPlatform.sessionCookie: String(repeating: "0", count: 64)]
      let zeros = try await visitor.get("/dashboard")
      #expect(zeros.status == .seeOther)
      visitor.cookies = [WebPlatform.sessionCookie: "' OR 1=1 --"]
      let injected = try await visitor.get("/dashboard")
      #expect(injected.status == .seeOther)
    }
  }
}
