import Crypto
import Foundation
import HummingbirdBcrypt
import RoadshowServices

/// Passwords hashed with bcrypt (hummingbird-auth).
public struct BcryptHasher: PasswordHasher {
  /// log2 of the rounds.
  public let cost: UInt8

  /// A hasher of the given cost (4–31).
  public init(cost: UInt8 = 12) { self.cost = min(max(cost, 4), 31) }

  public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
  public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// A random token for sessions and CSRF: 32 bytes from the system's generator, in hex.
func randomToken() -> String {
  var generator = SystemRandomNumberGenerator()
  return hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
}

/// `bytes` in lower-case hex, two digits each.
func hex(_ bytes: [UInt8]) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var text: [UInt8] = []
  text.reserveCapacity(bytes.count * 2)
  for byte in bytes {
    text.append(digits[Int(byte >> 4)])
    text.append(digits[Int(byte & 0x0f)])
  }
  return String(decoding: text, as: UTF8.self)
}

/// A logged-in session: whose, its CSRF token and when it ends.
struct WebSession: Sendable {
  var username: String
  var csrf: String
  var expires: Date
}

/// Signed-in sessions, kept in the platform's store (so a restart, or another server process on
/// the same store, keeps everyone signed in) under the SHA-256 digest of their cookie's token:
/// the store never holds a token that would open a session.
struct Sessions: Sendable {
  let store: any PlatformSessionStore
  let lifetime: TimeInterval

  /// A new session for `username`, and its token; the session of `replacing` (the cookie the
  /// login came with) ends, so a token known before the login never opens the new one.
  func open(for username: String, replacing old: String? = nil, now: Date = Date()) async throws -> (
    token: String, session: WebSession
  ) {
    if let old { try await close(old) }
    let token = randomToken()
    let session = WebSession(username: username, csrf: randomToken(), expires: now.addingTimeInterval(lifetime))
    try await store.openSession(
      PlatformSession(
        key: Self.key(token), username: username, csrf: session.csrf,
        expires: session.expires.timeIntervalSince1970),
      now: now.timeIntervalSince1970)
    return (token, session)
  }

  /// The live session of `token`, or `nil`.
  func session(_ token: String, now: Date = Date()) async throws -> WebSession? {
    guard token.utf8.count == 64,
      let stored = try await store.session(key: Self.key(token), now: now.timeIntervalSince1970)
    else { return nil }
    return WebSession(
      username: stored.username, csrf: stored.csrf, expires: Date(timeIntervalSince1970: stored.expires))
  }

  /// Ends the session of `token`.
  func close(_ token: String) async throws { try await store.closeSession(key: Self.key(token)) }

  /// The digest the store keeps a token under.
  static func key(_ token: String) -> String {
    hex(Array(SHA256.hash(data: Data(token.utf8))))
  }
}

/// Failed logins by name and address: past the limit within the window, a login is refused
/// without checking the password.
actor LoginLimiter {
  private var failures: [String: [Date]] = [:]
  private let limit: Int
  private let window: TimeInterval

  init(limit: Int, window: TimeInterval) {
    self.limit = limit
    self.window = window
  }

  /// Whether `key` may try now.
  func allows(_ key: String, now: Date = Date()) -> Bool {
    let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    failures[key] = recent.isEmpty ? nil : recent
    return recent.count < limit
  }

  /// Counts a failure of `key`.
  func fail(_ key: String, now: Date = Date()) {
    if failures.count > 100_000 {
      failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
    }
    failures[key, default: []].append(now)
  }

  /// Forgets `key`'s failures after a successful login.
  func succeed(_ key: String) { failures[key] = nil }
}
