import Foundation
import RoadshowKernel

/// A party's role on the work platform (工作平台, seed 001 §3): what its account may see and do.
public enum PlatformRole: String, Sendable, Hashable, Codable, CaseIterable {
  /// Torch Centre or the ministry (主办单位): sees every host's work, changes none.
  case organiser
  /// A provincial department (省级科技管理部门): sees its hosts' work.
  case province
  /// A host (承办单位): sees and changes its own programme only.
  case host
  /// An expert (评审专家): sees the published catalogue (assigned projects when reviews land).
  case expert
  /// An achievement holder (成果持有方): submits achievements and sees its own submissions.
  case holder
  /// An enterprise (企业): sees the published catalogue.
  case enterprise
  /// Anyone (公众): sees only what passed the publication gate, redacted.
  case `public`

  /// The role in words.
  public func name(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .organiser: return zh ? "主办单位" : "organiser"
    case .province: return zh ? "省级科技管理部门" : "provincial department"
    case .host: return zh ? "承办单位" : "host"
    case .expert: return zh ? "评审专家" : "expert"
    case .holder: return zh ? "成果持有方" : "achievement holder"
    case .enterprise: return zh ? "企业" : "enterprise"
    case .public: return zh ? "公众" : "public"
    }
  }

  /// Whether an account of this role must name its scope (a host's name, a province).
  public var needsScope: Bool { self == .host || self == .province }
}

/// An account on the work platform. The password is kept only as its hash.
public struct PlatformAccount: Sendable, Hashable, Codable {
  /// Login name: letters, digits, `.`, `_` and `-`, 3–64 characters.
  public var username: String
  /// The name shown on pages.
  public var displayName: String
  /// What the account may do.
  public var role: PlatformRole
  /// The host's name (role `host`), the province (role `province`), or the expert's id in the
  /// review rounds' pools (role `expert`, optional); `nil` for other roles.
  public var scope: String?
  /// Whether the account may no longer log in.
  public var disabled: Bool
  /// The password's hash (bcrypt).
  public var passwordHash: String
  /// When the account was made, ISO 8601.
  public var createdAt: String

  /// Creates an account.
  public init(
    username: String, displayName: String, role: PlatformRole, scope: String?, disabled: Bool = false,
    passwordHash: String, createdAt: String
  ) {
    self.username = username
    self.displayName = displayName
    self.role = role
    self.scope = scope
    self.disabled = disabled
    self.passwordHash = passwordHash
    self.createdAt = createdAt
  }
}

/// A signed-in session as the store keeps it, so that a restart or another server process on the
/// same store keeps the party signed in: the digest of its cookie's token (never the token
/// itself), whose session it is, its CSRF token and when it ends.
public struct PlatformSession: Sendable, Hashable {
  /// The SHA-256 digest of the session cookie's token, in hex.
  public var key: String
  /// The account signed in.
  public var username: String
  /// The token every form and API write must carry.
  public var csrf: String
  /// When the session ends, in seconds since 1970.
  public var expires: Double

  /// Creates a session.
  public init(key: String, username: String, csrf: String, expires: Double) {
    self.key = key
    self.username = username
    self.csrf = csrf
    self.expires = expires
  }
}

/// Where signed-in sessions are kept: beside the accounts.
public protocol PlatformSessionStore: Sendable {
  /// Keeps `session`, and forgets the sessions that ended before `now` (seconds since 1970).
  func openSession(_ session: PlatformSession, now: Double) async throws
  /// The session with digest `key`, unless it ended before `now`.
  func session(key: String, now: Double) async throws -> PlatformSession?
  /// Ends the session with digest `key`.
  func closeSession(key: String) async throws
}

/// Where accounts are kept: the project library (migration `v7-users`) or a test's memory.
public protocol AccountStore: Sendable {
  /// Adds `account`.
  ///
  /// - Throws: ``PlatformError/duplicateUsername(_:)`` when the name is taken.
  func addAccount(_ account: PlatformAccount) async throws
  /// Every account, by username.
  func accounts() async throws -> [PlatformAccount]
  /// The account named `username`, or `nil`.
  func account(named username: String) async throws -> PlatformAccount?
  /// Disables (or enables again) the account named `username`.
  ///
  /// - Throws: ``PlatformError/unknownUser(_:)``.
  func setDisabled(_ disabled: Bool, username: String) async throws
}

/// Hashes and checks passwords; the web adapter supplies bcrypt (hummingbird-auth).
public protocol PasswordHasher: Sendable {
  /// The hash of `password`.
  func hash(_ password: String) -> String
  /// Whether `password` matches `hash`.
  func verify(_ password: String, hash: String) -> Bool
}

/// A refused platform operation; nothing was written.
public enum PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The caller's role or scope does not allow it.
  case forbidden
  /// No such record (or none the caller may see: the same answer, so ids do not leak).
  case notFound
  /// The username is taken.
  case duplicateUsername(String)
  /// No such account.
  case unknownUser(String)
  /// An input that is not acceptable, by field, in both languages.
  case invalid([String: LocalizedText])

  /// The problem in `locale`.
  public func message(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .forbidden: return zh ? "无权执行此操作" : "not allowed"
    case .notFound: return zh ? "未找到" : "not found"
    case .duplicateUsername(let name): return zh ? "用户名 `\(name)` 已存在" : "the username `\(name)` is taken"
    case .unknownUser(let name): return zh ? "没有用户 `\(name)`" : "no user `\(name)`"
    case .invalid(let problems):
      return problems.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value(locale))" }.joined(separator: "; ")
    }
  }

  public var description: String { message(.en) }
}

/// Account use cases (用户管理): the same for `roadshow-web users …` and the pages.
public struct AccountService: Sendable {
  let store: any AccountStore
  let hasher: any PasswordHasher

  /// The service over `store`, hashing with `hasher`.
  public init(store: any AccountStore, hasher: any PasswordHasher) {
    self.store = store
    self.hasher = hasher
  }

  /// The shortest password accepted.
  public static let minimumPasswordLength = 8

  /// Adds an account after checking every field (all problems at once).
  ///
  /// - Throws: ``PlatformError/invalid(_:)`` by field; ``PlatformError/duplicateUsername(_:)``.
  @discardableResult
  public func add(
    username: String, displayName: String?, role: PlatformRole, scope: String?, password: String, at: String
  ) async throws -> PlatformAccount {
    var problems: [String: LocalizedText] = [:]
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    if !(3...64).contains(username.count) || !username.allSatisfy(allowed.contains) {
      problems["username"] = LocalizedText(
        zh: "用户名应为 3–64 个字母、数字、`.`、`_` 或 `-`", en: "a username is 3–64 letters, digits, `.`, `_` or `-`")
    }
    if password.count < Self.minimumPasswordLength {
      problems["password"] = LocalizedText(
        zh: "密码至少 \(Self.minimumPasswordLength) 个字符",
        en: "a password has at least \(Self.minimumPasswordLength) characters")
    }
    let scope = scope?.trimmingCharacters(in: .whitespaces)
    if role.needsScope, scope?.isEmpty ?? true {
      problems["scope"] = LocalizedText(
        zh: "\(role.name(.zhCN))账户须指明范围（承办单位名称或省份）",
        en: "a \(role.name(.en)) account needs its scope (the host's name or the province)")
    }
    if role == .province, let scope, !scope.isEmpty, Province.normalize(scope) == nil {
      problems["scope"] = LocalizedText(zh: "无法识别的省份 `\(scope)`", en: "unknown province `\(scope)`")
    }
    guard problems.isEmpty else { throw PlatformError.invalid(problems) }
    let account = PlatformAccount(
      username: username, displayName: displayName.flatMap { $0.isEmpty ? nil : $0 } ?? username, role: role,
      scope: role.needsScope || role == .expert
        ? (role == .province ? scope.flatMap(Province.normalize) : scope.flatMap { $0.isEmpty ? nil : $0 }) : nil,
      passwordHash: hasher.hash(password), createdAt: at)
    try await store.addAccount(account)
    return account
  }

  /// Every account.
  public func list() async throws -> [PlatformAccount] { try await store.accounts() }

  /// Disables the account named `username`: it can no longer log in.
  public func disable(_ username: String) async throws { try await store.setDisabled(true, username: username) }

  /// The account when `username` and `password` match an enabled account; `nil` otherwise
  /// (the same answer for an unknown name, a wrong password and a disabled account).
  public func authenticate(username: String, password: String) async throws -> PlatformAccount? {
    guard let account = try await store.account(named: username) else {
      // Spend the same time as a real check, so a response time does not tell which names exist.
      _ = hasher.verify(password, hash: Self.decoyHash)
      return nil
    }
    guard hasher.verify(password, hash: account.passwordHash), !account.disabled else { return nil }
    return account
  }

  /// A bcrypt hash of no real password (cost 12).
  static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuHxhz8YEBdNk2JpMa3NlaxH6hdixYu8a"
}
