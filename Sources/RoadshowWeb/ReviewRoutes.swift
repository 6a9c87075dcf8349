import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowMatching
import RoadshowServices

/// The expert's pages (评审任务): the reviews assigned to them and the scoring form. The rules are
/// ``ExpertWork``'s (the same checks as a scoring sheet); an achievement not assigned to the
/// caller is "not found".
extension WebPlatform {
  /// The gate as it releases records to experts (the config's `publication.withhold`).
  var reviewGate: PublicationGate { PublicationGate(withholding: configuration.withheld) }

  func statusWord(_ status: ExpertWork.Status, _ locale: ReportLocale) -> String {
    switch status {
    case .pending: PageText.word("statusPending", locale)
    case .scored: PageText.word("statusScored", locale)
    case .recused: PageText.word("statusRecused", locale)
    }
  }

  func roundKind(_ round: ReviewRound, _ locale: ReportLocale) -> String {
    var words: [String] = []
    if round.event != nil { words.append(PageText.word("onsite", locale)) }
    words.append(PageText.word(round.blind ? "blind" : "notBlind", locale))
    return words.joined(separator: " · ")
  }

  func taskHref(round: String, id: AchievementID, locale: ReportLocale) -> String {
    "/reviews/" + FormData.encode(round) + "/" + FormData.encode(id.rawValue) + langQuery(locale)
  }

  /// `GET /reviews`: the caller's review tasks by round.
  func reviewsPage(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .expert else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let expert = caller.account.scope else {
      return page(
        "reviews", title: PageText.word("reviews", locale), request: request, locale: locale, caller: caller,
        values: ["noScope": true])
    }
    let tasks = try await ExpertWork.tasks(expert: expert, in: library, gate: reviewGate, locale: locale)
    var rounds: [[String: Any]] = []
    for (key, group) in Dictionary(grouping: tasks, by: \.round.key).sorted(by: { $0.key < $1.key }) {
      guard let round = group.first?.round else { continue }
      rounds.append([
        "key": key, "name": round.name, "kind": roundKind(round, locale), "total": group.count,
        "done": group.filter { $0.status != .pending }.count,
        "tasks": group.map { task -> [String: Any] in
          var row: [String: Any] = [
            "id": task.id.rawValue, "title": task.title, "status": statusWord(task.status, locale),
            "statusKey": task.status.rawValue,
          ]
          if task.achievement != nil { row["href"] = taskHref(round: key, id: task.id, locale: locale) }
          return row
        },
      ])
    }
    return page(
      "reviews", title: PageText.word("reviews", locale), request: request, locale: locale, caller: caller,
      values: ["rounds": rounds])
  }

  /// `GET /reviews/{round}/{id}`: one assigned achievement and the scoring form.
  func reviewFormPage(_ request: Request, round: String, id: String) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .expert else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let achievement = AchievementID(id.removingPercentEncoding ?? id)
    let round = round.removingPercentEncoding ?? round
    guard let expert = caller.account.scope,
      let task = try? await ExpertWork.task(
        expert: expert, round: round, achievement: achievement, in: library, gate: reviewGate, locale: locale),
      task.achievement != nil
    else { return message(.notFound, "notFound", request: request, locale: locale, caller: caller) }
    var fields: [String: String] = [:]
    if let review = task.review {
      for (criterion, score) in review.scores { fields["c_" + criterion] = ScoreSheet.format(score) }
      fields["comment"] = review.comment ?? ""
      fields["recusal"] = review.recusal ?? ""
    }
    return page(
      "reviewForm", title: task.title, request: request, locale: locale, caller: caller,
      values: formValues(task, fields: fields, errors: [:], caller: caller, locale: locale))
  }

  /// `POST /reviews/{round}/{id}`: the expert's scores, checked like a sheet row; problems are
  /// shown next to each criterion and nothing is recorded.
  func submitReview(_ request: Request, round: String, id: String) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .expert else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    let achievement = AchievementID(id.removingPercentEncoding ?? id)
    let round = round.removingPercentEncoding ?? round
    guard let expert = caller.account.scope,
      let task = try? await ExpertWork.task(
        expert: expert, round: round, achievement: achievement, in: library, gate: reviewGate, locale: locale),
      task.achievement != nil
    else { return message(.notFound, "notFound", request: request, locale: locale, caller: caller) }
    var scores: [String: String] = [:]
    for criterion in task.round.rubric.criteria {
      let value = (fields["c_" + criterion.id] ?? "").trimmingWhitespace()
      if !value.isEmpty { scores[criterion.id] = value }
    }
    let now = Self.now()
    do {
      let review = try await ExpertWork.submit(
        expert: expert, round: round, achievement: achievement, scores: scores, comment: fields["comment"] ?? "",
        recusal: fields["recusal"] ?? "", in: library,
        provenance: FollowUp.Provenance(by: caller.account.username, source: "web", at: now))
      logger.info(
        "review recorded",
        metadata: ["round": "\(round)", "achievement": "\(achievement)", "recusal": "\(review.isRecusal)"])
      var updated = task
      updated.review = review
      var values = formValues(updated, fields: fields, errors: [:], caller: caller, locale: locale)
      values["done"] = true
      return page("reviewForm", title: task.title, request: request, locale: locale, caller: caller, values: values)
    } catch let problems as ScoreSheet.ProblemList {
      var errors: [String: String] = [:]
      for problem in problems.problems { errors[problem.field, default: ""] += problem.message(locale) }
      var values = formValues(task, fields: fields, errors: errors, caller: caller, locale: locale)
      values["hasErrors"] = true
      return page(
        "reviewForm", title: task.title, request: request, locale: locale, caller: caller, values: values,
        status: .unprocessableContent)
    } catch PlatformError.notFound {
      return message(.notFound, "notFound", request: request, locale: locale, caller: caller)
    }
  }

  /// The scoring form's values: the achievement, one input per criterion with its value and
  /// error, the comment and the recusal.
  func formValues(
    _ task: ExpertWork.Task, fields: [String: String], errors: [String: String], caller: Caller, locale: ReportLocale
  ) -> [String: Any] {
    var values: [String: Any] = [
      "title": task.title, "id": task.id.rawValue, "roundName": task.round.name, "kind": roundKind(task.round, locale),
      "trl": task.achievement.map { "\($0.readiness)" } ?? "",
      "action": taskHref(round: task.round.key, id: task.id, locale: locale), "csrf": caller.session.csrf,
      "comment": fields["comment"] ?? "", "recusal": fields["recusal"] ?? "",
      "criteria": task.round.rubric.criteria.map { criterion -> [String: Any] in
        var entry: [String: Any] = [
          "name": "c_" + criterion.id, "label": criterion.name(locale), "weight": ScoreSheet.format(criterion.weight),
          "min": ScoreSheet.format(criterion.minimum), "max": ScoreSheet.format(criterion.maximum),
          "value": fields["c_" + criterion.id] ?? "",
        ]
        if let error = errors[criterion.id] { entry["error"] = error }
        return entry
      },
    ]
    if let record = task.achievement {
      if let field = record.field { values["field"] = field }
      if !task.round.blind, let institution = record.institution { values["institution"] = institution }
      if let year = record.year { values["year"] = "\(year)" }
    }
    if let summary = task.summary, !summary.isEmpty { values["summary"] = summary }
    if let error = errors["recusal"] ?? errors["expert"] ?? errors["achievement"] { values["recusalError"] = error }
    return values
  }
}

extension WebPlatform {
  /// The work pages' routes: the expert's reviews and the host's dashboard.
  func addWorkRoutes(to router: Router<WebContext>) {
    router.get("/reviews") { request, _ in try await self.reviewsPage(request) }
    router.get("/reviews/{round}/{id}") { request, context in
      try await self.reviewFormPage(
        request, round: context.parameters.get("round") ?? "", id: context.parameters.get("id") ?? "")
    }
    router.post("/reviews/{round}/{id}") { request, context in
      try await self.submitReview(
        request, round: context.parameters.get("round") ?? "", id: context.parameters.get("id") ?? "")
    }
    router.get("/dashboard") { request, _ in try await self.dashboardPage(request) }
    router.post("/dashboard/run") { request, _ in try await self.runPipeline(request) }
    addEngagementRoutes(to: router)
    addAPIRoutes(to: router)
  }
}
