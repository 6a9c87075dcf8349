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
  return (0..<4).map { _ in
    let value = generator.next() as UInt64
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }.joined()
}

/// A logged-in session: whose, its CSRF token and when it ends.
struct WebSession: Sendable {
  var username: String
  var csrf: String
  var expires: Date
}

/// The sessions of the running server, in memory (a restart logs everyone out).
actor SessionStore {
  private var sessions: [String: WebSession] = [:]
  private let lifetime: TimeInterval

  init(lifetime: TimeInterval) { self.lifetime = lifetime }

  /// A new session for `username`, and its token.
  func open(for username: String, now: Date = Date()) -> (token: String, session: WebSession) {
    if sessions.count > 10_000 { sessions = sessions.filter { $0.value.expires > now } }
    let token = randomToken()
    let session = WebSession(username: username, csrf: randomToken(), expires: now.addingTimeInterval(lifetime))
    sessions[token] = session
    return (token, session)
  }

  /// The live session of `token`, or `nil`.
  func session(_ token: String, now: Date = Date()) -> WebSession? {
    guard let session = sessions[token] else { return nil }
    guard session.expires > now else {
      sessions[token] = nil
      return nil
    }
    return session
  }

  /// Ends the session of `token`.
  func close(_ token: String) { sessions[token] = nil }
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
