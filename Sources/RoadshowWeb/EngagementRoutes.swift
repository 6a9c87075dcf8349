import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowServices

/// Notices (工作通知), enterprise registration for events (企业报名) and interest in published
/// achievements (对接意向), through ``EngagementService``. The responses leave the platform as the
/// push list's response file (`/interest.csv`), the CSV a run's `torch.enterprise_interest` reads.
extension WebPlatform {
  var engagement: EngagementService { EngagementService(store: store) }

  /// The events an enterprise may register for: the served config's event, and any event in the
  /// ledger dated today or later.
  func openEvents() async throws -> [OpenEvent] {
    var events = configuration.openEvents
    let today = String(Self.now().prefix(10))
    for event in try await library.events() where (event.date ?? "") >= today {
      if !events.contains(where: { $0.key == event.key }) {
        events.append(OpenEvent(key: event.key, name: event.programme, date: event.date, host: event.host.name))
      }
    }
    return events
  }

  // MARK: Notices

  /// `GET /notices`: the notices for the caller; offices also get the publishing form.
  func noticesPage(
    _ request: Request, saved: Bool = false, errors: [String: String] = [:], fields: [String: String] = [:],
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let locale = locale(request)
    let caller = try await caller(request)
    let notices = try await engagement.notices(for: caller?.account)
    var values: [String: Any] = [
      "notices": notices.map { notice -> [String: Any] in
        [
          "title": notice.title, "body": notice.body, "publisher": notice.publisher,
          "audience": notice.audience.name(locale), "date": String(notice.publishedAt.prefix(10)),
        ]
      }
    ]
    if let caller, caller.account.role.isOffice {
      values["canPublish"] = true
      values["csrf"] = caller.session.csrf
      values["audiences"] = NoticeAudience.allCases.map {
        ["value": $0.rawValue, "label": $0.name(locale), "selected": $0.rawValue == (fields["audience"] ?? "everyone")]
      }
      values["title"] = fields["title"] ?? ""
      values["body"] = fields["body"] ?? ""
      for (field, error) in errors { values[field + "Error"] = error }
      if !errors.isEmpty { values["hasErrors"] = true }
    }
    if saved { values["saved"] = true }
    return page(
      "notices", title: PageText.word("notices", locale), request: request, locale: locale, caller: caller,
      values: values, status: status)
  }

  /// `POST /notices`: an office publishes a notice.
  func publishNotice(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role.isOffice else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    do {
      let notice = try await engagement.publish(
        title: fields["title"] ?? "", body: fields["body"] ?? "", audience: fields["audience"] ?? "",
        by: caller.account, at: Self.now())
      logger.info("notice published", metadata: ["id": "\(notice.id ?? 0)", "audience": "\(notice.audience)"])
      return try await noticesPage(request, saved: true)
    } catch PlatformError.invalid(let problems) {
      return try await noticesPage(
        request, errors: problems.mapValues { $0(locale) }, fields: fields, status: .unprocessableContent)
    }
  }

  // MARK: Event registration

  /// `GET /events`: an enterprise's open events and registrations; an office's registrations.
  func eventsPage(
    _ request: Request, saved: Bool = false, errors: [String: String] = [:], status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    let open = try await openEvents()
    let registrations: [EventRegistration]
    do {
      registrations = try await engagement.registrations(for: caller.account, events: open)
    } catch PlatformError.forbidden {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let enterprise = caller.account.role == .enterprise
    var values: [String: Any] = ["enterprise": enterprise, "csrf": caller.session.csrf]
    if enterprise {
      let mine = Dictionary(registrations.map { ($0.event, $0) }, uniquingKeysWith: { _, last in last })
      values["events"] = open.map { event -> [String: Any] in
        let registration = mine[event.key]
        var entry: [String: Any] = [
          "key": event.key, "name": event.name, "date": event.date ?? "", "host": event.host,
          "action": "/events/" + FormData.encode(event.key) + "/register" + langQuery(locale),
          "contact": registration?.contact ?? "", "demand": registration?.demand ?? "",
          "registered": registration != nil,
          "anchor": "e-" + FormData.encode(event.key).replacingOccurrences(of: "%", with: "_"),
        ]
        if let error = errors[event.key + "/contact"] { entry["contactError"] = error }
        if let error = errors[event.key + "/demand"] { entry["demandError"] = error }
        return entry
      }
    } else {
      let names = Dictionary(open.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
      values["registrations"] = registrations.map { registration -> [String: Any] in
        [
          "event": names[registration.event] ?? registration.event, "organisation": registration.organisation,
          "contact": registration.contact, "demand": registration.demand,
          "date": String(registration.registeredAt.prefix(10)),
        ]
      }
    }
    if saved { values["saved"] = true }
    return page(
      "events", title: PageText.word("eventsNav", locale), request: request, locale: locale, caller: caller,
      values: values, status: status)
  }

  /// `POST /events/{key}/register`: an enterprise registers (again) for an open event.
  func registerForEvent(_ request: Request, key: String) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .enterprise else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    let key = key.removingPercentEncoding ?? key
    do {
      _ = try await engagement.register(
        event: key, open: try await openEvents(), contact: fields["contact"] ?? "", demand: fields["demand"] ?? "",
        by: caller.account, at: Self.now())
      logger.info("registered", metadata: ["event": "\(key)", "enterprise": "\(caller.account.username)"])
      return try await eventsPage(request, saved: true)
    } catch PlatformError.notFound {
      return message(.notFound, "notFound", request: request, locale: locale, caller: caller)
    } catch PlatformError.invalid(let problems) {
      var errors: [String: String] = [:]
      for (field, text) in problems { errors[key + "/" + field] = text(locale) }
      return try await eventsPage(request, errors: errors, status: .unprocessableContent)
    }
  }

  // MARK: Interest

  /// The interest form's values on an achievement page, for an enterprise caller.
  func interestValues(
    _ id: AchievementID, caller: Caller, locale: ReportLocale, saved: Bool = false, error: String? = nil
  ) async throws -> [String: Any] {
    guard caller.account.role == .enterprise else { return [:] }
    // Another host's achievement in a catalogue of every host: answered on that host's platform.
    guard try await answerable(id) != nil else { return ["elsewhere": true] }
    let standing = try await engagement.standingResponses(username: caller.account.username)
      .first { $0.achievement == id }
    var values: [String: Any] = [
      "canRespond": true, "csrf": caller.session.csrf,
      "interestAction": "/achievements/" + FormData.encode(id.rawValue) + "/interest" + langQuery(locale),
      "levels": InterestLevel.allCases.reversed().map {
        ["value": $0.rawValue, "label": $0.name(locale), "selected": $0 == (standing?.level ?? .medium)]
      },
      "note": standing?.note ?? "",
    ]
    if saved { values["interestSaved"] = true }
    if let error { values["levelError"] = error }
    return values
  }

  /// `POST /achievements/{id}/interest`: an enterprise's interest in a published achievement.
  func respondToAchievement(_ request: Request, id: String) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .enterprise else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    let id = AchievementID(id.removingPercentEncoding ?? id)
    let record = try await catalogue.versioned().0.achievement(id)
    do {
      _ = try await engagement.respond(
        to: id, published: try await answerable(id) != nil, level: fields["level"] ?? "", note: fields["note"] ?? "",
        by: caller.account, at: Self.now())
    } catch PlatformError.notFound {
      return message(.notFound, "notFound", request: request, locale: locale, caller: caller)
    } catch PlatformError.invalid(let problems) {
      guard let record else { return message(.notFound, "notFound", request: request, locale: locale, caller: caller) }
      return page(
        "achievement", title: record.title, request: request, locale: locale, caller: caller,
        values: achievementValues(record, locale: locale).merging(
          try await interestValues(
            id, caller: caller, locale: locale, error: problems.values.map { $0(locale) }.joined(separator: "; "))
        ) { $1 }, status: .unprocessableContent)
    }
    guard let record else { return message(.notFound, "notFound", request: request, locale: locale, caller: caller) }
    logger.info("interest recorded", metadata: ["achievement": "\(id)", "enterprise": "\(caller.account.username)"])
    return page(
      "achievement", title: record.title, request: request, locale: locale, caller: caller,
      values: achievementValues(record, locale: locale).merging(
        try await interestValues(id, caller: caller, locale: locale, saved: true)
      ) { $1 })
  }

  /// `GET /interest`: an enterprise's standing responses; an office's, every enterprise's, with
  /// the CSV to download.
  func interestPage(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    let role = caller.account.role
    guard role == .enterprise || role == .host || role == .organiser else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let responses = try await engagement.standingResponses(
      username: role == .enterprise ? caller.account.username : nil)
    let (catalogue, _) = try await catalogue.versioned()
    let values: [String: Any] = [
      "office": role != .enterprise,
      "responses": responses.map { response -> [String: Any] in
        [
          "id": response.achievement.rawValue,
          "title": catalogue.achievement(response.achievement)?.title ?? response.achievement.rawValue,
          "href": "/achievements/" + FormData.encode(response.achievement.rawValue) + langQuery(locale),
          "organisation": response.organisation, "level": response.level.name(locale), "note": response.note,
        ]
      },
    ]
    return page(
      "interest", title: PageText.word(role == .enterprise ? "interestNav" : "responses", locale), request: request,
      locale: locale, caller: caller, values: values)
  }

  /// `GET /interest.csv`: the standing responses as the push list's response file (hosts and
  /// the organiser).
  func interestCSV(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .host || caller.account.role == .organiser else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    return Response(
      status: .ok,
      headers: [
        .contentType: "text/csv; charset=utf-8",
        .contentDisposition: "attachment; filename=\"enterprise-responses.csv\"",
        .cacheControl: "no-store",
      ],
      body: .init(byteBuffer: ByteBuffer(string: try await engagement.responsesCSV())))
  }

  /// The routes of notices, registration and interest.
  func addEngagementRoutes(to router: Router<WebContext>) {
    router.get("/notices") { request, _ in try await self.noticesPage(request) }
    router.post("/notices") { request, _ in try await self.publishNotice(request) }
    router.get("/events") { request, _ in try await self.eventsPage(request) }
    router.post("/events/{key}/register") { request, context in
      try await self.registerForEvent(request, key: context.parameters.get("key") ?? "")
    }
    router.post("/achievements/{id}/interest") { request, context in
      try await self.respondToAchievement(request, id: context.parameters.get("id") ?? "")
    }
    router.get("/interest") { request, _ in try await self.interestPage(request) }
    router.get("/interest.csv") { request, _ in try await self.interestCSV(request) }
  }
}
