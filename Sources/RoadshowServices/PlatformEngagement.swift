import Foundation
import RoadshowKernel

/// Who a work notice (工作通知) is for.
public enum NoticeAudience: String, Sendable, Hashable, Codable, CaseIterable {
  /// Everyone, the public included.
  case everyone
  /// Enterprises.
  case enterprises
  /// Achievement holders.
  case holders
  /// Experts.
  case experts
  /// Hosts and provincial departments (the network's offices).
  case offices

  /// The audience in words.
  public func name(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .everyone: return zh ? "全体（公开）" : "everyone (public)"
    case .enterprises: return zh ? "企业" : "enterprises"
    case .holders: return zh ? "成果持有方" : "achievement holders"
    case .experts: return zh ? "评审专家" : "experts"
    case .offices: return zh ? "承办单位和省级科技管理部门" : "hosts and provincial departments"
    }
  }

  /// Whether an account of `role` (or a visitor, `nil`) reads notices for this audience.
  public func includes(_ role: PlatformRole?) -> Bool {
    switch self {
    case .everyone: return true
    case .enterprises: return role == .enterprise || role.map(\.isOffice) == true
    case .holders: return role == .holder || role.map(\.isOffice) == true
    case .experts: return role == .expert || role.map(\.isOffice) == true
    case .offices: return role.map(\.isOffice) == true
    }
  }
}

extension PlatformRole {
  /// Organiser, province or host: the offices that run the programme and publish notices.
  public var isOffice: Bool { self == .organiser || self == .province || self == .host }
}

/// A work notice (工作通知, 001 §5.1), published by an office to an audience.
public struct Notice: Sendable, Hashable, Codable {
  /// Its number, given when stored.
  public var id: Int?
  /// Who publishes it: the host's name, the province, or the organiser's display name.
  public var publisher: String
  /// Who reads it.
  public var audience: NoticeAudience
  /// Title.
  public var title: String
  /// Text.
  public var body: String
  /// The account that published it.
  public var publishedBy: String
  /// When, ISO 8601.
  public var publishedAt: String

  /// Creates a notice.
  public init(
    id: Int? = nil, publisher: String, audience: NoticeAudience, title: String, body: String, publishedBy: String,
    publishedAt: String
  ) {
    self.id = id
    self.publisher = publisher
    self.audience = audience
    self.title = title
    self.body = body
    self.publishedBy = publishedBy
    self.publishedAt = publishedAt
  }
}

/// An enterprise's registration for an event (企业报名).
public struct EventRegistration: Sendable, Hashable, Codable {
  /// The event's key.
  public var event: String
  /// The enterprise's account.
  public var username: String
  /// The enterprise's name.
  public var organisation: String
  /// A contact (name and phone) for the host.
  public var contact: String
  /// What technology it is looking for (技术需求), optional.
  public var demand: String
  /// When, ISO 8601.
  public var registeredAt: String

  /// Creates a registration.
  public init(
    event: String, username: String, organisation: String, contact: String, demand: String, registeredAt: String
  ) {
    self.event = event
    self.username = username
    self.organisation = organisation
    self.contact = contact
    self.demand = demand
    self.registeredAt = registeredAt
  }
}

/// An enterprise's interest in a published achievement (对接意向), the same answer the push
/// list's CSV carries. A later answer on the same achievement replaces the earlier one.
public struct InterestResponse: Sendable, Hashable, Codable {
  /// The achievement.
  public var achievement: AchievementID
  /// The enterprise's account.
  public var username: String
  /// The enterprise's name.
  public var organisation: String
  /// How interested.
  public var level: InterestLevel
  /// A note (意见建议).
  public var note: String
  /// When, ISO 8601.
  public var recordedAt: String

  /// Creates a response.
  public init(
    achievement: AchievementID, username: String, organisation: String, level: InterestLevel, note: String,
    recordedAt: String
  ) {
    self.achievement = achievement
    self.username = username
    self.organisation = organisation
    self.level = level
    self.note = note
    self.recordedAt = recordedAt
  }
}

/// Where notices, registrations and interest responses are kept (the project library, or a
/// test's memory). Every write is one transaction; responses are appended, never overwritten.
public protocol EngagementStore: Sendable {
  /// Stores `notice` and returns it with its number.
  func addNotice(_ notice: Notice) async throws -> Notice
  /// Every notice, newest first.
  func notices() async throws -> [Notice]
  /// Stores `registration`, replacing the same enterprise's earlier one for the same event.
  func register(_ registration: EventRegistration) async throws
  /// The registrations for `event` (every event when `nil`), oldest first.
  func registrations(event: String?) async throws -> [EventRegistration]
  /// Appends `response`.
  func respond(_ response: InterestResponse) async throws
  /// Every response, oldest first, replaced ones included.
  func responses() async throws -> [InterestResponse]
}

/// An event an enterprise may register for.
public struct OpenEvent: Sendable, Hashable, Codable {
  /// The event's key.
  public var key: String
  /// Its name.
  public var name: String
  /// Its date (YYYY-MM-DD), if set.
  public var date: String?
  /// Its host.
  public var host: String

  /// Creates an open event.
  public init(key: String, name: String, date: String?, host: String) {
    self.key = key
    self.name = name
    self.date = date
    self.host = host
  }
}

/// The work platform's notices, event registrations and interest responses (工作通知、企业报名、
/// 对接意向): the rules the pages and the command line share.
public struct EngagementService: Sendable {
  let store: any EngagementStore

  /// The service over `store`.
  public init(store: any EngagementStore) { self.store = store }

  /// The longest notice title and text accepted.
  public static let maximumTitle = 200
  /// See ``maximumTitle``.
  public static let maximumBody = 10_000

  /// Publishes a notice (offices only; a host publishes as its host, a province as its province).
  ///
  /// - Throws: ``PlatformError/forbidden``; ``PlatformError/invalid(_:)`` by field.
  public func publish(
    title: String, body: String, audience: String, by account: PlatformAccount, at: String
  ) async throws -> Notice {
    guard account.role.isOffice else { throw PlatformError.forbidden }
    var problems: [String: LocalizedText] = [:]
    let title = title.trimmingWhitespace()
    let body = body.trimmingWhitespace()
    if title.isEmpty { problems["title"] = LocalizedText(zh: "请填写通知标题", en: "the title is missing") }
    if title.count > Self.maximumTitle {
      problems["title"] = LocalizedText(
        zh: "标题不超过 \(Self.maximumTitle) 字", en: "the title is longer than \(Self.maximumTitle) characters")
    }
    if body.isEmpty { problems["body"] = LocalizedText(zh: "请填写通知正文", en: "the text is missing") }
    if body.count > Self.maximumBody {
      problems["body"] = LocalizedText(
        zh: "正文不超过 \(Self.maximumBody) 字", en: "the text is longer than \(Self.maximumBody) characters")
    }
    let kind = NoticeAudience(rawValue: audience)
    if kind == nil {
      problems["audience"] = LocalizedText(
        zh: "未知的通知对象 `\(audience)`", en: "unknown audience `\(audience)`")
    }
    guard problems.isEmpty, let kind else { throw PlatformError.invalid(problems) }
    return try await store.addNotice(
      Notice(
        publisher: account.scope ?? account.displayName, audience: kind, title: title, body: body,
        publishedBy: account.username, publishedAt: at))
  }

  /// The notices `account` (a visitor when `nil`) may read, newest first.
  public func notices(for account: PlatformAccount?) async throws -> [Notice] {
    try await store.notices().filter { $0.audience.includes(account?.role) }
  }

  /// Registers an enterprise for one of `open` events (a second registration replaces the first).
  ///
  /// - Throws: ``PlatformError/forbidden`` for anyone but an enterprise; ``PlatformError/notFound``
  ///   for an event not open; ``PlatformError/invalid(_:)`` by field.
  public func register(
    event: String, open: [OpenEvent], contact: String, demand: String, by account: PlatformAccount, at: String
  ) async throws -> EventRegistration {
    guard account.role == .enterprise else { throw PlatformError.forbidden }
    guard open.contains(where: { $0.key == event }) else { throw PlatformError.notFound }
    let contact = contact.trimmingWhitespace()
    var problems: [String: LocalizedText] = [:]
    if contact.isEmpty {
      problems["contact"] = LocalizedText(zh: "请填写联系人和电话", en: "give a contact name and phone")
    }
    if contact.count > 200 { problems["contact"] = LocalizedText(zh: "联系人不超过 200 字", en: "the contact is too long") }
    if demand.count > 2000 {
      problems["demand"] = LocalizedText(zh: "技术需求不超过 2000 字", en: "the demand is longer than 2,000 characters")
    }
    guard problems.isEmpty else { throw PlatformError.invalid(problems) }
    let registration = EventRegistration(
      event: event, username: account.username, organisation: account.displayName, contact: contact,
      demand: demand.trimmingWhitespace(), registeredAt: at)
    try await store.register(registration)
    return registration
  }

  /// The registrations `account` may see: an enterprise its own, a host those for its events,
  /// the organiser and provinces those for `events` they see.
  public func registrations(for account: PlatformAccount, events: [OpenEvent]) async throws -> [EventRegistration] {
    let all = try await store.registrations(event: nil)
    switch account.role {
    case .enterprise: return all.filter { $0.username == account.username }
    case .host:
      let mine = Set(events.filter { $0.host == account.scope }.map(\.key))
      return all.filter { mine.contains($0.event) }
    case .organiser, .province: return all.filter { key in events.contains { $0.key == key.event } }
    case .expert, .holder, .public: throw PlatformError.forbidden
    }
  }

  /// Records an enterprise's interest in a published achievement.
  ///
  /// - Parameter published: whether the achievement is in the published catalogue; one that is
  ///   not is "not found".
  /// - Throws: ``PlatformError/forbidden``, ``PlatformError/notFound``, ``PlatformError/invalid(_:)``.
  public func respond(
    to achievement: AchievementID, published: Bool, level: String, note: String, by account: PlatformAccount,
    at: String
  ) async throws -> InterestResponse {
    guard account.role == .enterprise else { throw PlatformError.forbidden }
    guard published else { throw PlatformError.notFound }
    guard let value = InterestLevel(text: level) else {
      throw PlatformError.invalid([
        "level": LocalizedText(zh: "请选择对接意向", en: "choose a level of interest")
      ])
    }
    guard note.count <= 2000 else {
      throw PlatformError.invalid(["note": LocalizedText(zh: "意见建议不超过 2000 字", en: "the note is too long")])
    }
    let response = InterestResponse(
      achievement: achievement, username: account.username, organisation: account.displayName, level: value,
      note: note.trimmingWhitespace(), recordedAt: at)
    try await store.respond(response)
    return response
  }

  /// The standing responses (the latest per enterprise and achievement), oldest first; one
  /// enterprise's only when `username` is given.
  public func standingResponses(username: String? = nil) async throws -> [InterestResponse] {
    var latest: [String: InterestResponse] = [:]
    var order: [String] = []
    for response in try await store.responses() where username == nil || response.username == username {
      let key = response.username + "\u{1F}" + response.achievement.rawValue
      if latest[key] == nil { order.append(key) }
      latest[key] = response
    }
    return order.compactMap { latest[$0] }
  }

  /// The standing responses as the push list's response file (`编号,企业名称,对接意向,意见建议`,
  /// what `torch.enterprise_interest` reads): the CSV round trip from the platform into a run.
  public func responsesCSV() async throws -> String {
    let rows = try await standingResponses().map { response in
      [response.achievement.rawValue, response.organisation, response.level.name(.zhCN), response.note]
    }
    return CSVWriter.text(header: ["编号", "企业名称", "对接意向", "意见建议"], rows: rows)
  }
}
