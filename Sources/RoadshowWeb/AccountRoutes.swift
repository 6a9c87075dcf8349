import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowServices

extension WebPlatform {
  /// `GET /login`: the form, with a CSRF token bound to a cookie.
  func loginPage(_ request: Request, error: String? = nil, username: String = "", status: HTTPResponse.Status = .ok)
    async throws -> Response
  {
    let locale = locale(request)
    let token = request.cookies[Self.csrfCookie]?.value ?? randomToken()
    var values: [String: Any] = ["formCSRF": token, "username": username]
    if let error { values["error"] = error }
    return page(
      "login", title: PageText.word("login", locale), request: request, locale: locale,
      caller: try await caller(request), values: values, status: status,
      cookies: [cookie(Self.csrfCookie, token, request: request, maxAge: 3600, sameSite: .strict)])
  }

  /// `POST /login`: checks the CSRF token and the rate limit, then the password; opens a session.
  func login(_ request: Request, context: WebContext) async throws -> Response {
    let locale = locale(request)
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: nil)
    }
    guard csrfMatches(fields, request: request, caller: nil) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: nil)
    }
    let username = fields["username"] ?? ""
    let address = context.remoteAddress?.ipAddress ?? "local"
    let key = username.lowercased() + "|" + address
    guard await limiter.allows(key) else {
      logger.warning("login rate-limited", metadata: ["username": "\(username)", "address": "\(address)"])
      return try await loginPage(
        request, error: PageText.word("tooManyLogins", locale), username: username, status: .tooManyRequests)
    }
    guard let account = try await accounts.authenticate(username: username, password: fields["password"] ?? "")
    else {
      await limiter.fail(key)
      logger.notice("login failed", metadata: ["username": "\(username)", "address": "\(address)"])
      return try await loginPage(
        request, error: PageText.word("loginFailed", locale), username: username, status: .unauthorized)
    }
    await limiter.succeed(key)
    let (token, _) = try await sessions.open(
      for: account.username, replacing: request.cookies[Self.sessionCookie]?.value)
    logger.info("login", metadata: ["username": "\(account.username)", "role": "\(account.role.rawValue)"])
    let target: String
    switch account.role {
    case .holder: target = "/submit"
    case .host, .organiser: target = "/submissions"
    default: target = "/"
    }
    var response = Response.redirect(to: target + langQuery(locale), type: .normal)
    response.setCookie(
      cookie(Self.sessionCookie, token, request: request, maxAge: Int(configuration.sessionSeconds), sameSite: .lax))
    return response
  }

  /// `POST /logout`: ends the session (CSRF-checked).
  func logout(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller = try await caller(request)
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    if let caller {
      guard csrfMatches(fields, request: request, caller: caller) else {
        return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
      }
      try await sessions.close(caller.token)
    }
    var response = Response.redirect(to: "/" + langQuery(locale), type: .normal)
    response.setCookie(cookie(Self.sessionCookie, "", request: request, maxAge: 0, sameSite: .lax))
    return response
  }

  /// Sends an anonymous caller to the login page.
  func loginRedirect(_ request: Request) -> Response {
    Response.redirect(to: "/login" + langQuery(locale(request)), type: .normal)
  }
}
