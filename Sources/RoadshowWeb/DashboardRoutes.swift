import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowServices

/// The host's dashboard (工作台): funnel, events, conversion chain, follow-up due,
/// confidentiality to-do and targets from ``HostDashboard``, and a button that runs the
/// programme's pipeline (hosts only). Organiser and province see the same page over their scope.
extension WebPlatform {
  /// `GET /dashboard`.
  func dashboardPage(
    _ request: Request, notice: String? = nil, error: String? = nil, runLines: [String] = [],
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    let board: HostDashboard
    do {
      board = try await HostDashboard.build(for: caller.account, on: library, asOf: String(Self.now().prefix(10)))
    } catch PlatformError.forbidden {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let figures = board.figures
    let top = max(figures.collected, figures.screened, 1)
    func bar(_ key: String, _ value: Int) -> [String: Any] {
      [
        "label": PageText.word(key, locale), "value": value,
        "percent": Int((Double(value) / Double(top) * 100).rounded()),
      ]
    }
    var values: [String: Any] = [
      "scope": board.scope.isEmpty ? PageText.word("allHosts", locale) : board.scope,
      "asOf": board.asOf, "csrf": caller.session.csrf,
      "canRun": caller.account.role == .host && configuration.runPipeline != nil,
      "canClear": caller.account.role == .host,
      "funnel": [
        bar("collected", figures.collected), bar("screened", figures.screened), bar("pitched", figures.pitched),
      ],
      "events": board.events.map { event -> [String: Any] in
        [
          "date": event.date ?? "", "programme": event.programme, "host": event.host.name, "collected": event.collected,
          "pitched": event.pitched.count, "participants": event.participants.count,
          "meetings": event.meetingsScheduled,
        ]
      },
      "chain": figures.chain.map { ["label": $0.kind.name(locale), "projects": $0.projects] },
      "dueCount": board.due.count, "moreDue": max(0, board.due.count - 10),
      "dueItems": board.due.prefix(10).map { item -> [String: Any] in
        [
          "dueDate": item.dueDate, "statusKey": item.status == .overdue ? "pending" : "scored",
          "status": PageText.word(item.status.rawValue, locale), "id": item.achievement.rawValue, "title": item.title,
        ]
      },
      "pending": board.pendingClearance,
      "targets": figures.targets.map { target -> [String: Any] in
        [
          "label": target.name(locale), "value": target.value, "target": target.target,
          "percent": min(100, Int((Double(target.value) / Double(max(target.target, 1)) * 100).rounded())),
        ]
      },
    ]
    if let notice { values["notice"] = notice }
    if !runLines.isEmpty {
      values["runLines"] = runLines
      values["hasRunLines"] = true
    }
    if let error { values["error"] = error }
    return page(
      "dashboard", title: PageText.word("dashboard", locale), request: request, locale: locale, caller: caller,
      values: values, status: status)
  }

  /// `POST /dashboard/run`: a host runs the programme's pipeline over the library.
  func runPipeline(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .host else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    guard let run = configuration.runPipeline else {
      return try await dashboardPage(request, error: PageText.word("noPipeline", locale), status: .conflict)
    }
    guard configuration.hosts.isEmpty || configuration.hosts.contains(caller.account.scope ?? "") else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    logger.info("pipeline run requested", metadata: ["by": "\(caller.account.username)"])
    let result = await run(caller.account.username, locale)
    await catalogue.invalidate()
    let lines = Array(result.lines.prefix(20))
    if result.succeeded {
      return try await dashboardPage(request, notice: PageText.word("runStarted", locale), runLines: lines)
    }
    return try await dashboardPage(
      request, error: PageText.word("runFailed", locale), runLines: lines, status: .unprocessableContent)
  }
}
