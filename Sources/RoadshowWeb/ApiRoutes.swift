import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowMatching
import RoadshowServices

/// The JSON API of the platform's operations (described in `/openapi.json`): the same use cases
/// as the pages. A client opens a session with `POST /api/session` (the session cookie, and the
/// CSRF token every write then sends as `X-CSRF-Token`); reads need only the cookie.
extension WebPlatform {
  /// A JSON error: `error` is a stable code, `message` a sentence in the request's language,
  /// `fields` the problems by field when the input was not acceptable.
  func apiError(
    _ status: HTTPResponse.Status, _ code: String, _ message: String, fields: [String: String]? = nil
  ) throws -> Response {
    try json(APIError(error: code, message: message, fields: fields), status: status)
  }

  /// The caller of an API request, or the error response: 401 without a session; for a write
  /// (`write`), 403 when the `X-CSRF-Token` header does not match the session's token.
  func apiCaller(_ request: Request, write: Bool) async throws -> Result<Caller, APIRefusal> {
    let locale = locale(request)
    guard let caller = try await caller(request) else {
      return .failure(APIRefusal(response: try apiError(.unauthorized, "unauthorized", PageText.word("login", locale))))
    }
    if write {
      // The token travels in the `X-CSRF-Token` header: a form from another site cannot set it.
      let sent = request.headers.first { $0.name.canonicalName == "x-csrf-token" }?.value ?? ""
      guard csrfMatches(["csrf": sent], request: request, caller: caller) else {
        return .failure(APIRefusal(response: try apiError(.forbidden, "csrf", PageText.word("badRequest", locale))))
      }
    }
    return .success(caller)
  }

  /// The JSON body of a request decoded as `T`, or `nil` (too large or not that JSON).
  func apiBody<T: Decodable>(_ request: Request, as type: T.Type) async -> T? {
    var request = request
    guard let buffer = try? await request.collectBody(upTo: configuration.maximumBodyBytes) else { return nil }
    return try? JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
  }

  func badBody(_ locale: ReportLocale) throws -> Response {
    try apiError(.badRequest, "bad_request", PageText.word("badRequest", locale))
  }

  func forbidden(_ locale: ReportLocale) throws -> Response {
    try apiError(.forbidden, "forbidden", PageText.word("forbidden", locale))
  }

  func notFoundJSON(_ locale: ReportLocale) throws -> Response {
    try apiError(.notFound, "not_found", PageText.word("notFound", locale))
  }

  func invalid(_ problems: [String: LocalizedText], _ locale: ReportLocale) throws -> Response {
    try apiError(
      .unprocessableContent, "invalid", PageText.word("fixErrors", locale), fields: problems.mapValues { $0(locale) })
  }

  // MARK: Session

  /// `POST /api/session` `{username, password}`: opens a session (rate-limited like the form).
  func apiLogin(_ request: Request, context: WebContext) async throws -> Response {
    let locale = locale(request)
    guard let body = await apiBody(request, as: LoginBody.self) else { return try badBody(locale) }
    let address = context.remoteAddress?.ipAddress ?? "local"
    let key = body.username.lowercased() + "|" + address
    guard await limiter.allows(key) else {
      return try apiError(.tooManyRequests, "rate_limited", PageText.word("tooManyLogins", locale))
    }
    guard let account = try await accounts.authenticate(username: body.username, password: body.password) else {
      await limiter.fail(key)
      return try apiError(.unauthorized, "login_failed", PageText.word("loginFailed", locale))
    }
    await limiter.succeed(key)
    let (token, session) = try await sessions.open(
      for: account.username, replacing: request.cookies[Self.sessionCookie]?.value)
    var response = try json(
      SessionJSON(
        username: account.username, displayName: account.displayName, role: account.role.rawValue,
        scope: account.scope, csrf: session.csrf))
    response.setCookie(
      cookie(Self.sessionCookie, token, request: request, maxAge: Int(configuration.sessionSeconds), sameSite: .lax))
    return response
  }

  // MARK: Submissions

  /// `POST /api/submissions`: a holder submits an achievement (项目入库), validated like intake.
  func apiSubmit(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: true).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role == .holder else { return try forbidden(locale) }
    guard let body = await apiBody(request, as: SubmissionBody.self) else { return try badBody(locale) }
    do {
      let submission = try await submissions.submit(
        body.form, by: caller.account, hosts: try await hostNames(), at: Self.now())
      await catalogue.invalidate()
      return try json(
        SubmissionJSON(
          id: submission.achievement.id.rawValue, host: submission.host,
          status: submission.achievement.confidentiality.rawValue), status: .created)
    } catch PlatformError.invalid(let problems) {
      return try invalid(problems, locale)
    } catch PlatformError.forbidden {
      return try forbidden(locale)
    }
  }

  // MARK: Reviews

  /// `GET /api/reviews`: the expert's assignments.
  func apiReviews(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: false).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role == .expert else { return try forbidden(locale) }
    guard let expert = caller.account.scope else { return try json([ReviewTaskJSON]()) }
    let tasks = try await ExpertWork.tasks(expert: expert, in: library, gate: reviewGate, locale: locale)
    return try json(
      tasks.map { task in
        ReviewTaskJSON(
          round: task.round.key, roundName: task.round.name, event: task.round.event, blind: task.round.blind,
          achievement: task.id.rawValue, title: task.achievement == nil ? nil : task.title,
          status: task.status.rawValue, criteria: task.round.rubric.criteria.map(\.id),
          scores: task.review?.scores)
      })
  }

  /// `POST /api/reviews/{round}/{id}` `{scores, comment, recusal}`: the expert's review.
  func apiScore(_ request: Request, round: String, id: String) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: true).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role == .expert else { return try forbidden(locale) }
    guard let body = await apiBody(request, as: ScoreBody.self) else { return try badBody(locale) }
    guard let expert = caller.account.scope else { return try notFoundJSON(locale) }
    do {
      let review = try await ExpertWork.submit(
        expert: expert, round: round.removingPercentEncoding ?? round,
        achievement: AchievementID(id.removingPercentEncoding ?? id),
        scores: (body.scores ?? [:]).mapValues { ScoreSheet.format($0) }, comment: body.comment ?? "",
        recusal: body.recusal ?? "", in: library,
        provenance: FollowUp.Provenance(by: caller.account.username, source: "api", at: Self.now()))
      return try json(
        ReviewJSON(
          round: review.round, achievement: review.achievement.rawValue, scores: review.scores,
          comment: review.comment, recusal: review.recusal, recordedAt: review.recordedAt))
    } catch let problems as ScoreSheet.ProblemList {
      var fields: [String: String] = [:]
      for problem in problems.problems { fields[problem.field, default: ""] += problem.message(locale) }
      return try apiError(.unprocessableContent, "invalid", PageText.word("fixErrors", locale), fields: fields)
    } catch PlatformError.notFound {
      return try notFoundJSON(locale)
    }
  }

  // MARK: Notices, events, interest

  /// `GET /api/notices`: the notices for the caller (a visitor's: the public ones).
  func apiNotices(_ request: Request) async throws -> Response {
    let account = try await caller(request)?.account
    return try json(try await engagement.notices(for: account).map(NoticeJSON.init))
  }

  /// `POST /api/notices` `{title, body, audience}`: an office publishes a notice.
  func apiPublishNotice(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: true).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role.isOffice else { return try forbidden(locale) }
    guard let body = await apiBody(request, as: NoticeBody.self) else { return try badBody(locale) }
    do {
      let notice = try await engagement.publish(
        title: body.title ?? "", body: body.body ?? "", audience: body.audience ?? "", by: caller.account,
        at: Self.now())
      return try json(NoticeJSON(notice), status: .created)
    } catch PlatformError.invalid(let problems) {
      return try invalid(problems, locale)
    }
  }

  /// `GET /api/events`: the events open for registration, each with whether the caller (an
  /// enterprise) registered; offices get the registrations they may see.
  func apiEvents(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: false).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    let open = try await openEvents()
    let registrations: [EventRegistration]
    do {
      registrations = try await engagement.registrations(for: caller.account, events: open)
    } catch PlatformError.forbidden {
      return try forbidden(locale)
    }
    return try json(
      EventsJSON(
        events: open.map { event in
          OpenEventJSON(
            key: event.key, name: event.name, date: event.date, host: event.host,
            registered: caller.account.role == .enterprise
              ? registrations.contains { $0.event == event.key } : nil)
        },
        registrations: caller.account.role == .enterprise
          ? nil
          : registrations.map {
            RegistrationJSON(
              event: $0.event, organisation: $0.organisation, contact: $0.contact, demand: $0.demand,
              registeredAt: $0.registeredAt)
          }))
  }

  /// `POST /api/events/{key}/registrations` `{contact, demand}`: an enterprise registers.
  func apiRegister(_ request: Request, key: String) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: true).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role == .enterprise else { return try forbidden(locale) }
    guard let body = await apiBody(request, as: RegistrationBody.self) else { return try badBody(locale) }
    do {
      let registration = try await engagement.register(
        event: key.removingPercentEncoding ?? key, open: try await openEvents(), contact: body.contact ?? "",
        demand: body.demand ?? "", by: caller.account, at: Self.now())
      return try json(
        RegistrationJSON(
          event: registration.event, organisation: registration.organisation, contact: registration.contact,
          demand: registration.demand, registeredAt: registration.registeredAt))
    } catch PlatformError.notFound {
      return try notFoundJSON(locale)
    } catch PlatformError.invalid(let problems) {
      return try invalid(problems, locale)
    }
  }

  /// `POST /api/achievements/{id}/interest` `{level, note}`: an enterprise's interest.
  func apiInterest(_ request: Request, id: String) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: true).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    guard caller.account.role == .enterprise else { return try forbidden(locale) }
    guard let body = await apiBody(request, as: InterestBody.self) else { return try badBody(locale) }
    let achievement = AchievementID(id.removingPercentEncoding ?? id)
    do {
      let response = try await engagement.respond(
        to: achievement, published: try await answerable(achievement) != nil,
        level: body.level ?? "", note: body.note ?? "", by: caller.account, at: Self.now())
      return try json(
        InterestJSON(
          achievement: response.achievement.rawValue, level: response.level.rawValue, note: response.note,
          recordedAt: response.recordedAt))
    } catch PlatformError.notFound {
      return try notFoundJSON(locale)
    } catch PlatformError.invalid(let problems) {
      return try invalid(problems, locale)
    }
  }

  /// `GET /api/dashboard`: the office's figures (``HostDashboard``).
  func apiDashboard(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller: Caller
    do { caller = try await apiCaller(request, write: false).get() } catch let refusal as APIRefusal {
      return refusal.response
    }
    do {
      let board = try await HostDashboard.build(
        for: caller.account, on: library, asOf: String(Self.now().prefix(10)))
      let figures = board.figures
      return try json(
        DashboardJSON(
          scope: board.scope, year: board.year, asOf: board.asOf, collected: figures.collected,
          screened: figures.screened, pitched: figures.pitched, events: board.events.map(\.key),
          landed: figures.landed, overdue: board.due.filter { $0.status == .overdue }.count,
          due: board.due.filter { $0.status == .due }.count, pendingClearance: board.pendingClearance))
    } catch PlatformError.forbidden {
      return try forbidden(locale)
    }
  }

  /// The API's routes.
  func addAPIRoutes(to router: Router<WebContext>) {
    router.post("/api/session") { request, context in try await self.apiLogin(request, context: context) }
    router.post("/api/submissions") { request, _ in try await self.apiSubmit(request) }
    router.get("/api/reviews") { request, _ in try await self.apiReviews(request) }
    router.post("/api/reviews/{round}/{id}") { request, context in
      try await self.apiScore(
        request, round: context.parameters.get("round") ?? "", id: context.parameters.get("id") ?? "")
    }
    router.get("/api/notices") { request, _ in try await self.apiNotices(request) }
    router.post("/api/notices") { request, _ in try await self.apiPublishNotice(request) }
    router.get("/api/events") { request, _ in try await self.apiEvents(request) }
    router.post("/api/events/{key}/registrations") { request, context in
      try await self.apiRegister(request, key: context.parameters.get("key") ?? "")
    }
    router.post("/api/achievements/{id}/interest") { request, context in
      try await self.apiInterest(request, id: context.parameters.get("id") ?? "")
    }
    router.get("/api/dashboard") { request, _ in try await self.apiDashboard(request) }
  }
}

/// An API refusal: the response to send instead.
struct APIRefusal: Error {
  let response: Response
}

struct LoginBody: Decodable {
  var username: String
  var password: String
}

struct SessionJSON: Codable {
  var username: String
  var displayName: String
  var role: String
  var scope: String?
  var csrf: String
}

struct SubmissionBody: Decodable {
  var title: String?
  var summary: String?
  var institution: String?
  var team: String?
  var field: String?
  var trl: String?
  var province: String?
  var transferModes: String?
  var ip: String?
  var year: String?
  var host: String?

  var form: SubmissionForm {
    SubmissionForm(
      title: title ?? "", summary: summary ?? "", institution: institution ?? "", team: team ?? "",
      field: field ?? "", trl: trl ?? "", province: province ?? "", transferModes: transferModes ?? "", ip: ip ?? "",
      year: year ?? "", host: host ?? "")
  }
}

struct SubmissionJSON: Codable {
  var id: String
  var host: String
  var status: String
}

struct ReviewTaskJSON: Codable {
  var round: String
  var roundName: String
  var event: String?
  var blind: Bool
  var achievement: String
  var title: String?
  var status: String
  var criteria: [String]
  var scores: [String: Double]?
}

struct ScoreBody: Decodable {
  var scores: [String: Double]?
  var comment: String?
  var recusal: String?
}

struct ReviewJSON: Codable {
  var round: String
  var achievement: String
  var scores: [String: Double]
  var comment: String?
  var recusal: String?
  var recordedAt: String
}

struct NoticeBody: Decodable {
  var title: String?
  var body: String?
  var audience: String?
}

struct NoticeJSON: Codable {
  var id: Int?
  var publisher: String
  var audience: String
  var title: String
  var body: String
  var publishedAt: String

  init(_ notice: Notice) {
    id = notice.id
    publisher = notice.publisher
    audience = notice.audience.rawValue
    title = notice.title
    body = notice.body
    publishedAt = notice.publishedAt
  }
}

struct OpenEventJSON: Codable {
  var key: String
  var name: String
  var date: String?
  var host: String
  var registered: Bool?
}

struct RegistrationJSON: Codable {
  var event: String
  var organisation: String
  var contact: String
  var demand: String
  var registeredAt: String
}

struct EventsJSON: Codable {
  var events: [OpenEventJSON]
  var registrations: [RegistrationJSON]?
}

struct RegistrationBody: Decodable {
  var contact: String?
  var demand: String?
}

struct InterestBody: Decodable {
  var level: String?
  var note: String?
}

struct InterestJSON: Codable {
  var achievement: String
  var level: String
  var note: String
  var recordedAt: String
}

struct DashboardJSON: Codable {
  var scope: String
  var year: Int
  var asOf: String
  var collected: Int
  var screened: Int
  var pitched: Int
  var events: [String]
  var landed: Int
  var overdue: Int
  var due: Int
  var pendingClearance: Int
}
