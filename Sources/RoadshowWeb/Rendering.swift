import Foundation
import Hummingbird
import Mustache
import RoadshowKernel
import RoadshowServices

/// The caller of a request: the account and its session, when logged in.
struct Caller: Sendable {
  var account: PlatformAccount
  var session: WebSession
  var token: String
}

extension WebPlatform {
  static let sessionCookie = "rs_session"
  static let csrfCookie = "rs_csrf"

  /// The page language: `?lang=en` or `?lang=zh-CN`, else the configured default.
  func locale(_ request: Request) -> ReportLocale {
    switch FormData.parse(request.uri.query ?? "")["lang"] {
    case "en": .en
    case "zh-CN", "zh": .zhCN
    default: configuration.locale
    }
  }

  /// The logged-in caller, or `nil`; a disabled account's session counts for nothing.
  func caller(_ request: Request) async throws -> Caller? {
    guard let token = request.cookies[Self.sessionCookie]?.value,
      let session = try await sessions.session(token),
      let account = try await store.account(named: session.username), !account.disabled
    else { return nil }
    return Caller(account: account, session: session, token: token)
  }

  /// `?lang=en` when the page is in English and that is not the default, else empty.
  func langQuery(_ locale: ReportLocale) -> String {
    locale == configuration.locale ? "" : "?lang=\(locale == .en ? "en" : "zh-CN")"
  }

  /// A public page for a visitor who is not logged in: the rendered page kept for this address,
  /// language and library version, else `render()`'s, kept when it is a success.
  func publicPage(
    _ request: Request, locale: ReportLocale, version: Int, render: () -> String
  ) async -> Response {
    let key = "\(locale.rawValue) \(request.uri.description)"
    let html: String
    if let kept = await pages.page(key, version: version) {
      html = kept
    } else {
      html = render()
      await pages.keep(html, for: key, version: version)
    }
    return Response(
      status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: html)))
  }

  /// A page: `name` rendered with `values`, inside the layout.
  func page(
    _ name: String, title: String, request: Request, locale: ReportLocale, caller: Caller?,
    values: [String: Any], status: HTTPResponse.Status = .ok, cookies: [Cookie] = []
  ) -> Response {
    let html = pageHTML(name, title: title, request: request, locale: locale, caller: caller, values: values)
    var response = Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: html)))
    for cookie in cookies { response.setCookie(cookie) }
    return response
  }

  /// The HTML of a page: `name` rendered with `values`, inside the layout.
  func pageHTML(
    _ name: String, title: String, request: Request, locale: ReportLocale, caller: Caller?, values: [String: Any]
  ) -> String {
    var values = values
    let table = PageText.table(locale)
    values["t"] = table
    values["langQuery"] = langQuery(locale)
    values["english"] = locale == .en
    let body = templates.render(values, withTemplate: name) ?? ""
    if caller == nil, let parts = visitorLayouts[locale], parts.count == 4 {
      return parts[0] + HTML.escape(title) + parts[1] + HTML.escape(otherLanguageHref(request, locale: locale))
        + parts[2] + body + parts[3]
    }
    var layout: [String: Any] = [
      "t": table, "title": title, "programme": configuration.programme, "body": body,
      "htmlLang": locale == .zhCN ? "zh-CN" : "en", "langQuery": langQuery(locale),
      "otherLanguageHref": otherLanguageHref(request, locale: locale),
    ]
    if let caller {
      layout["user"] = [
        "displayName": caller.account.displayName, "roleName": caller.account.role.name(locale),
        "csrf": caller.session.csrf,
      ]
      layout["canSubmit"] = caller.account.role == .holder
      layout["canSeeSubmissions"] = [.host, .organiser, .holder].contains(caller.account.role)
      layout["canReview"] = caller.account.role == .expert
      layout["canSeeDashboard"] = [.host, .province, .organiser].contains(caller.account.role)
      layout["canSeeEvents"] = [.host, .province, .organiser, .enterprise].contains(caller.account.role)
      layout["canRespond"] = caller.account.role == .enterprise
    }
    return templates.render(layout, withTemplate: "layout") ?? body
  }

  /// The visitor's layout in `locale`, split at its title, other-language address and body
  /// (in that order), or `[]` when the markers do not come out in that order.
  static func splitLayout(_ templates: MustacheLibrary, configuration: WebConfiguration, locale: ReportLocale)
    -> [String]
  {
    let markers = ["\u{1}title\u{1}", "\u{1}href\u{1}", "\u{1}body\u{1}"]
    let langQuery = locale == configuration.locale ? "" : "?lang=\(locale == .en ? "en" : "zh-CN")"
    let values: [String: Any] = [
      "t": PageText.table(locale), "title": markers[0], "programme": configuration.programme, "body": markers[2],
      "htmlLang": locale == .zhCN ? "zh-CN" : "en", "langQuery": langQuery, "otherLanguageHref": markers[1],
    ]
    guard let html = templates.render(values, withTemplate: "layout") else { return [] }
    var parts: [String] = []
    var rest = Substring(html)
    for marker in markers {
      guard let range = rest.range(of: marker) else { return [] }
      parts.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    // Each marker once: a layout that used one twice would lose the second.
    return markers.contains(where: { rest.contains($0) }) ? [] : parts
  }

  /// The same path and query in the other language.
  func otherLanguageHref(_ request: Request, locale: ReportLocale) -> String {
    var fields = FormData.parse(request.uri.query ?? "")
    fields["lang"] = locale == .zhCN ? "en" : "zh-CN"
    return request.uri.path + FormData.query(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
  }

  /// A page with a heading and a sentence (errors, confirmations).
  func message(
    _ status: HTTPResponse.Status, _ key: String, request: Request, locale: ReportLocale, caller: Caller?
  ) -> Response {
    page(
      "message", title: PageText.word(key, locale), request: request, locale: locale, caller: caller,
      values: ["heading": "\(status.code)", "text": PageText.word(key, locale)], status: status)
  }

  /// A cookie of the platform: HttpOnly, SameSite, `Secure` behind TLS.
  func cookie(_ name: String, _ value: String, request: Request, maxAge: Int?, sameSite: Cookie.SameSite) -> Cookie {
    let secure =
      configuration.secureCookies
      || request.headers.contains { $0.name.canonicalName == "x-forwarded-proto" && $0.value == "https" }
    return Cookie(
      name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: sameSite)
  }

  /// The fields of a form post, or `nil` when the body is over the limit.
  func form(_ request: Request) async -> [String: String]? {
    var request = request
    guard let buffer = try? await request.collectBody(upTo: configuration.maximumBodyBytes) else { return nil }
    return FormData.parse(String(buffer: buffer))
  }

  /// Whether a form's `csrf` field matches the caller's session (or, before login, the
  /// `rs_csrf` cookie the login page set). Compared in constant time.
  func csrfMatches(_ fields: [String: String], request: Request, caller: Caller?) -> Bool {
    guard let sent = fields["csrf"], !sent.isEmpty else { return false }
    let expected = caller?.session.csrf ?? request.cookies[Self.csrfCookie]?.value ?? ""
    guard !expected.isEmpty, sent.utf8.count == expected.utf8.count else { return false }
    return zip(sent.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }

  static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }
}
