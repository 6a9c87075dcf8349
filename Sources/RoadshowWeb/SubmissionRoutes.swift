import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowServices

extension WebPlatform {
  /// The hosts a holder may submit to: the configured ones and every host the ledger knows.
  func hostNames() async throws -> [String] {
    var names = configuration.hosts
    for host in try await library.hosts() where !names.contains(host.name) { names.append(host.name) }
    return names
  }

  /// `GET /submit`: the holder's submission form (项目入库).
  func submitPage(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .holder else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let hosts = try await hostNames()
    return page(
      "submit", title: PageText.word("submit", locale), request: request, locale: locale, caller: caller,
      values: try await submitValues(SubmissionForm(host: hosts.first ?? ""), errors: [:], hosts: hosts, locale: locale)
        .merging(["csrf": caller.session.csrf]) { $1 })
  }

  /// `POST /submit`: validates like intake; errors are shown next to each field.
  func submit(_ request: Request) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .holder else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller) else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    let form = SubmissionForm(
      title: fields["title"] ?? "", summary: fields["summary"] ?? "", institution: fields["institution"] ?? "",
      team: fields["team"] ?? "", field: fields["field"] ?? "", trl: fields["trl"] ?? "",
      province: fields["province"] ?? "", transferModes: fields["transferModes"] ?? "", ip: fields["ip"] ?? "",
      year: fields["year"] ?? "", host: fields["host"] ?? "")
    let hosts = try await hostNames()
    do {
      let submission = try await submissions.submit(form, by: caller.account, hosts: hosts, at: Self.now())
      await catalogue.invalidate()
      logger.info(
        "submitted", metadata: ["id": "\(submission.achievement.id)", "host": "\(submission.host)"])
      var values = try await submitValues(SubmissionForm(host: form.host), errors: [:], hosts: hosts, locale: locale)
      values["csrf"] = caller.session.csrf
      values["done"] = true
      values["doneID"] = submission.achievement.id.rawValue
      return page(
        "submit", title: PageText.word("submit", locale), request: request, locale: locale, caller: caller,
        values: values, status: .created)
    } catch PlatformError.invalid(let problems) {
      var values = try await submitValues(form, errors: problems, hosts: hosts, locale: locale)
      values["csrf"] = caller.session.csrf
      values["hasErrors"] = true
      return page(
        "submit", title: PageText.word("submit", locale), request: request, locale: locale, caller: caller,
        values: values, status: .unprocessableContent)
    }
  }

  /// The form's fields with their values and errors.
  func submitValues(
    _ form: SubmissionForm, errors: [String: LocalizedText], hosts: [String], locale: ReportLocale
  ) async throws -> [String: Any] {
    func field(
      _ name: String, _ value: String, required: Bool = false, hint: String? = nil, area: Bool = false,
      options: [String]? = nil
    ) -> [String: Any] {
      var entry: [String: Any] = [
        "name": name, "label": PageText.word(name, locale), "value": value, "required": required,
        "maxLength": area ? SubmissionForm.maximumSummaryLength : SubmissionForm.maximumFieldLength,
      ]
      if let hint { entry["hint"] = PageText.word(hint, locale) }
      if let options {
        entry["isSelect"] = true
        entry["options"] = options.map { ["value": $0, "selected": $0 == value] }
      } else {
        entry[area ? "isArea" : "isText"] = true
      }
      if let error = errors[name] { entry["error"] = error(locale) }
      return entry
    }
    return [
      "fields": [
        field("title", form.title, required: true), field("institution", form.institution, required: true),
        field("field", form.field, required: true), field("trl", form.trl, hint: "trlHint"),
        field("province", form.province), field("team", form.team, hint: "teamHint"),
        field("transferModes", form.transferModes, hint: "transferHint"), field("ip", form.ip),
        field("year", form.year), field("summary", form.summary, area: true),
        field("host", form.host, required: true, options: hosts),
      ]
    ]
  }

  /// `GET /submissions`: a host's submissions to review, the organiser's of every host, a
  /// holder's own.
  func submissionsPage(_ request: Request, notice: String? = nil) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    let items: [Submission]
    do {
      items = try await submissions.visibleSubmissions(for: caller.account)
    } catch PlatformError.forbidden {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    let canReview = caller.account.role == .host
    var values: [String: Any] = [
      "items": items.map { item -> [String: Any] in
        let id = item.achievement.id.rawValue
        return [
          "id": id, "title": item.achievement.title, "host": item.host, "submittedBy": item.submittedBy,
          "submittedAt": item.submittedAt, "status": PageText.word(item.achievement.confidentiality.rawValue, locale),
          "anchor": "s-" + FormData.encode(id).replacingOccurrences(of: "%", with: "_"),
          "canReview": canReview && item.achievement.confidentiality == .pending,
          "reviewAction": "/submissions/" + FormData.encode(id) + "/review" + langQuery(locale),
          "csrf": caller.session.csrf,
        ]
      }
    ]
    if let scope = caller.account.scope { values["scope"] = scope }
    if let notice { values["notice"] = notice }
    return page(
      "submissions", title: PageText.word("submissions", locale), request: request, locale: locale, caller: caller,
      values: values)
  }

  /// `POST /submissions/{id}/review`: the host records a confidentiality review of a record
  /// submitted to it; another host's record is "not found".
  func review(_ request: Request, id: String) async throws -> Response {
    let locale = locale(request)
    guard let caller = try await caller(request) else { return loginRedirect(request) }
    guard caller.account.role == .host else {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    guard let fields = await form(request) else {
      return message(.contentTooLarge, "tooLarge", request: request, locale: locale, caller: caller)
    }
    guard csrfMatches(fields, request: request, caller: caller),
      let decision = fields["decision"].flatMap(Confidentiality.init(text:))
    else {
      return message(.badRequest, "badRequest", request: request, locale: locale, caller: caller)
    }
    let now = Self.now()
    let id = AchievementID(id.removingPercentEncoding ?? id)
    do {
      try await submissions.recordReview(
        id, decision: decision, by: caller.account,
        note: fields["note"], date: String(now.prefix(10)), at: now)
    } catch PlatformError.notFound {
      return message(.notFound, "notFound", request: request, locale: locale, caller: caller)
    } catch PlatformError.forbidden {
      return message(.forbidden, "forbidden", request: request, locale: locale, caller: caller)
    }
    await catalogue.invalidate()
    logger.info("review recorded", metadata: ["id": "\(id)", "decision": "\(decision.rawValue)"])
    return try await submissionsPage(request, notice: PageText.word("reviewRecorded", locale))
  }
}
