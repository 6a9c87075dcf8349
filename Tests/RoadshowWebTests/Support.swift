import Foundation
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowServices
import RoadshowStore
import Testing

@testable import RoadshowWeb

/// A library in a temporary folder with the platform's demo parties: two hosts, a holder, an
/// organiser, a province, an expert, an enterprise and a public account (password
/// `password-123` for all), and records submitted to both hosts, some cleared.
struct Fixture {
  let folder: URL
  let path: String
  let store: SQLitePlatformStore
  let library: SQLiteLibrary

  static let password = "password-123"
  static let hostA = "甲承办单位"
  static let hostB = "乙承办单位"
  static let users: [(String, PlatformRole, String?)] = [
    ("organiser", .organiser, nil), ("province", .province, "江苏"), ("host-a", .host, hostA),
    ("host-b", .host, hostB), ("expert", .expert, "E1"), ("holder", .holder, nil), ("enterprise", .enterprise, nil),
    ("public", .public, nil),
  ]

  init() async throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-web-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("library.sqlite").path
    store = try SQLitePlatformStore(path: path)
    library = try SQLiteLibrary(path: path)
    let accounts = AccountService(store: store, hasher: BcryptHasher(cost: 4))
    for (name, role, scope) in Self.users {
      try await accounts.add(
        username: name, displayName: name, role: role, scope: scope, password: Self.password, at: "2026-01-01T00:00:00Z"
      )
    }
  }

  /// Stores a record submitted to `host`, cleared or not.
  @discardableResult
  func seed(
    _ title: String, host: String = hostA, field: String = "智能制造", trl: String = "6", province: String = "江苏",
    year: String = "2024", cleared: Bool, team: String = "张三、李四", ip: String = "ZL2024100001"
  ) async throws -> AchievementID {
    let form = SubmissionForm(
      title: title, summary: "\(title)的简介", institution: "某大学", team: team, field: field, trl: trl, province: province,
      transferModes: "许可", ip: ip, year: year, host: host)
    guard case .success(let record) = form.validated() else { throw PlatformError.invalid([:]) }
    try await store.submit(
      Submission(achievement: record, host: host, submittedBy: "holder", submittedAt: "2026-01-02T00:00:00Z"))
    if cleared {
      try await library.recordClearance(
        [(record.id, ClearanceReview(decision: .cleared, reviewer: "审查员", date: "2026-01-03"))], source: "test",
        recordedAt: "2026-01-03T00:00:00Z")
    }
    return record.id
  }

  func configuration(secureCookies: Bool = false) -> WebConfiguration {
    WebConfiguration(
      libraryPath: path, hosts: [Self.hostA, Self.hostB], programme: "测试直通车", secureCookies: secureCookies,
      bcryptCost: 4, catalogueRefreshSeconds: 0)
  }

  func app(secureCookies: Bool = false) async throws -> some ApplicationProtocol {
    try await buildApplication(configuration: configuration(secureCookies: secureCookies))
  }
}

/// A client that keeps cookies, as a browser does.
final class Browser {
  let client: any TestClientProtocol
  var cookies: [String: String] = [:]

  init(_ client: any TestClientProtocol) { self.client = client }

  struct Page {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var setCookies: [String] { headers[values: .setCookie] }
    /// The value of the first `name="csrf"` field.
    var csrf: String? {
      guard let range = body.range(of: #"name="csrf" value=""#) else { return nil }
      return String(body[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  @discardableResult
  func get(_ uri: String) async throws -> Page {
    try await send(uri, method: .get, body: nil)
  }

  @discardableResult
  func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
    let body = fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
    return try await send(uri, method: .post, body: body)
  }

  func send(_ uri: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
    var headers: HTTPFields = [:]
    if !cookies.isEmpty {
      headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }
    if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
    let page = try await client.execute(
      uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
    ) { response in
      Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
    for line in page.setCookies {
      let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
      guard pair.count == 2 else { continue }
      if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
    }
    return page
  }

  /// Logs in as `username` through the login form; returns the answer to the form post.
  @discardableResult
  func login(_ username: String, password: String = Fixture.password) async throws -> Page {
    let form = try await get("/login")
    return try await post("/login", [("csrf", form.csrf ?? ""), ("username", username), ("password", password)])
  }
}
