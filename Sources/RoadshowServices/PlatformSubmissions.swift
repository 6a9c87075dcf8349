import Foundation
import RoadshowKernel

/// An achievement submitted on the work platform (项目入库) and the host it was submitted to.
public struct Submission: Sendable, Hashable {
  /// The record as stored in the library (pending until a host clears it).
  public var achievement: Achievement
  /// The host it was submitted to: only that host may clear it.
  public var host: String
  /// The holder's username.
  public var submittedBy: String
  /// When, ISO 8601.
  public var submittedAt: String

  /// Creates a submission.
  public init(achievement: Achievement, host: String, submittedBy: String, submittedAt: String) {
    self.achievement = achievement
    self.host = host
    self.submittedBy = submittedBy
    self.submittedAt = submittedAt
  }
}

/// Where submissions are kept: the project library itself (the record) and who submitted it to
/// which host (migration `v7-users`).
public protocol SubmissionStore: Sendable {
  /// Stores `submission`'s record as pending and the submission, in one transaction.
  ///
  /// - Throws: ``PlatformError/invalid(_:)`` (`title`) when the library already holds the record.
  func submit(_ submission: Submission) async throws
  /// The submissions to `host` (to every host when `nil`), newest first, with each record as
  /// the library holds it now.
  func submissions(host: String?) async throws -> [Submission]
  /// The submission of `id`, or `nil` when the record was not submitted on the platform.
  func submission(_ id: AchievementID) async throws -> Submission?
}

/// What records confidentiality reviews: the project library's `recordClearance`, which
/// `roadshow clearance record` calls too.
public protocol ClearanceRecorder: Sendable {
  /// Records `reviews` in one transaction.
  func recordClearance(
    _ reviews: [(id: AchievementID, review: ClearanceReview)], source: String, recordedAt: String
  ) async throws
}

/// The holder's submission form as typed (every field a string, as a form posts it).
public struct SubmissionForm: Sendable, Hashable, Codable {
  /// 成果名称 (required).
  public var title: String
  /// 成果简介.
  public var summary: String
  /// 持有单位 (required).
  public var institution: String
  /// 团队成员 (separated by `;`, `；`, `、` or `,`).
  public var team: String
  /// 所属领域 (required).
  public var field: String
  /// 技术成熟度: 1–9 or 未知.
  public var trl: String
  /// 省份.
  public var province: String
  /// 转化方式 (separated like the team).
  public var transferModes: String
  /// 知识产权 (separated like the team).
  public var ip: String
  /// 年份.
  public var year: String
  /// 承办单位: the host the record is submitted to (required).
  public var host: String

  /// A form with the given fields (empty by default).
  public init(
    title: String = "", summary: String = "", institution: String = "", team: String = "", field: String = "",
    trl: String = "", province: String = "", transferModes: String = "", ip: String = "", year: String = "",
    host: String = ""
  ) {
    self.title = title
    self.summary = summary
    self.institution = institution
    self.team = team
    self.field = field
    self.trl = trl
    self.province = province
    self.transferModes = transferModes
    self.ip = ip
    self.year = year
    self.host = host
  }

  /// The longest text accepted in any one field (a summary); titles and names are shorter.
  public static let maximumSummaryLength = 4_000
  /// The longest title, institution or other short field.
  public static let maximumFieldLength = 200

  /// The record the form describes (source `platform`, pending review), or every problem by
  /// field, with the same rules as intake (TRL 1–9 or unknown, known transfer modes, year
  /// 1949–2100, a known province).
  public func validated() -> Result<Achievement, PlatformError> {
    var problems: [String: LocalizedText] = [:]
    func text(_ value: String) -> String { value.trimmingCharacters(in: .whitespacesAndNewlines) }
    func required(_ key: String, _ value: String, _ zh: String, _ en: String) {
      if text(value).isEmpty { problems[key] = LocalizedText(zh: "\(zh)不能为空", en: "\(en) is required") }
    }
    required("title", title, "成果名称", "the title")
    required("institution", institution, "持有单位", "the institution")
    required("field", field, "所属领域", "the field")
    required("host", host, "承办单位", "the host")
    for (key, value) in [
      ("title", title), ("institution", institution), ("field", field), ("team", team), ("province", province),
      ("transferModes", transferModes), ("ip", ip), ("host", host),
    ] where value.count > Self.maximumFieldLength {
      problems[key] = LocalizedText(
        zh: "不超过 \(Self.maximumFieldLength) 个字符", en: "at most \(Self.maximumFieldLength) characters")
    }
    if summary.count > Self.maximumSummaryLength {
      problems["summary"] = LocalizedText(
        zh: "不超过 \(Self.maximumSummaryLength) 个字符", en: "at most \(Self.maximumSummaryLength) characters")
    }
    var readiness = TechnologyReadiness.unknown
    if !text(trl).isEmpty {
      if let parsed = TechnologyReadiness(text: text(trl)) {
        readiness = parsed
      } else {
        problems["trl"] = LocalizedText(
          zh: "技术成熟度应为 1–9 或“未知”，实际为 `\(text(trl))`", en: "TRL must be 1–9 or unknown, got `\(text(trl))`")
      }
    }
    var provinceName: String?
    if !text(province).isEmpty {
      if let normalized = Province.normalize(text(province)) {
        provinceName = normalized
      } else {
        problems["province"] = LocalizedText(
          zh: "无法识别的省份 `\(text(province))`", en: "unknown province `\(text(province))`")
      }
    }
    var modes: [TransferMode] = []
    for item in Self.split(transferModes) {
      if let mode = TransferMode(text: item) {
        modes.append(mode)
      } else {
        problems["transferModes"] = LocalizedText(zh: "无法识别的转化方式 `\(item)`", en: "unknown transfer mode `\(item)`")
      }
    }
    var yearValue: Int?
    if !text(year).isEmpty {
      if let value = Int(text(year)), (1949...2100).contains(value) {
        yearValue = value
      } else {
        problems["year"] = LocalizedText(
          zh: "年份应为整数，实际为 `\(text(year))`", en: "year must be a whole number, got `\(text(year))`")
      }
    }
    guard problems.isEmpty else { return .failure(.invalid(problems)) }
    let summaryText = text(summary)
    let record = Achievement(
      id: AchievementID(
        source: "platform", externalID: AchievementID.fingerprint(title: text(title), institution: text(institution))),
      title: text(title), summary: summaryText.isEmpty ? nil : summaryText, institution: text(institution),
      team: Self.split(team), field: text(field), readiness: readiness, province: provinceName,
      channel: .selfRecommendation, transferModes: modes, intellectualProperty: Self.split(ip),
      confidentiality: .pending, year: yearValue)
    return .success(record)
  }

  static func split(_ text: String) -> [String] {
    text.split(whereSeparator: { ";；、,，\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }
}

/// Submission and clearance use cases (项目入库、保密审查), with the caller's role and host scope
/// checked here, so the pages, the API and any command cannot differ.
public struct SubmissionService: Sendable {
  let submissions: any SubmissionStore
  let clearance: any ClearanceRecorder

  /// The service over the platform's stores.
  public init(submissions: any SubmissionStore, clearance: any ClearanceRecorder) {
    self.submissions = submissions
    self.clearance = clearance
  }

  /// A holder submits `form`: the record is stored pending confidentiality review.
  ///
  /// - Throws: ``PlatformError/forbidden`` unless `caller` is a holder;
  ///   ``PlatformError/invalid(_:)`` with every problem by field.
  @discardableResult
  public func submit(_ form: SubmissionForm, by caller: PlatformAccount, hosts: [String], at: String) async throws
    -> Submission
  {
    guard caller.role == .holder, !caller.disabled else { throw PlatformError.forbidden }
    var record: Achievement
    switch form.validated() {
    case .success(let valid): record = valid
    case .failure(let error): throw error
    }
    let host = form.host.trimmingCharacters(in: .whitespaces)
    guard hosts.contains(host) else {
      throw PlatformError.invalid(["host": LocalizedText(zh: "没有承办单位 `\(host)`", en: "no host `\(host)`")])
    }
    record.confidentiality = .pending
    let submission = Submission(achievement: record, host: host, submittedBy: caller.username, submittedAt: at)
    try await submissions.submit(submission)
    return submission
  }

  /// The submissions `caller` may see: a host its own; a province those of hosts in its
  /// province (none known yet: hosts carry no province); the organiser all; a holder its own.
  public func visibleSubmissions(for caller: PlatformAccount) async throws -> [Submission] {
    switch caller.role {
    case .host:
      guard let scope = caller.scope else { return [] }
      return try await submissions.submissions(host: scope)
    case .organiser:
      return try await submissions.submissions(host: nil)
    case .holder:
      return try await submissions.submissions(host: nil).filter { $0.submittedBy == caller.username }
    case .province, .expert, .enterprise, .public:
      throw PlatformError.forbidden
    }
  }

  /// The host `caller` clears a submitted record: records the review through the library's
  /// confidentiality review (the same call as `roadshow clearance record`).
  ///
  /// - Throws: ``PlatformError/forbidden`` unless `caller` is a host; ``PlatformError/notFound``
  ///   when the record was not submitted to `caller`'s host (another host's id gets the same
  ///   answer as an unknown one); ``PlatformError/invalid(_:)`` for an empty reviewer or a bad date.
  public func recordReview(
    _ id: AchievementID, decision: Confidentiality, by caller: PlatformAccount, note: String?, date: String,
    at: String
  ) async throws {
    guard caller.role == .host, !caller.disabled, let scope = caller.scope else { throw PlatformError.forbidden }
    guard let submission = try await submissions.submission(id), submission.host == scope else {
      throw PlatformError.notFound
    }
    guard CalendarDate.parse(date) != nil else {
      throw PlatformError.invalid([
        "date": LocalizedText(zh: "日期应为 YYYY-MM-DD，实际为 `\(date)`", en: "the date must be YYYY-MM-DD, got `\(date)`")
      ])
    }
    let trimmedNote = note?.trimmingCharacters(in: .whitespacesAndNewlines)
    let review = ClearanceReview(
      decision: decision, reviewer: caller.displayName, date: date,
      note: trimmedNote.flatMap { $0.isEmpty ? nil : $0 })
    try await clearance.recordClearance([(submission.achievement.id, review)], source: "web platform", recordedAt: at)
  }
}
