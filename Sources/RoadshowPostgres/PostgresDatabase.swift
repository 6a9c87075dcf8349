import Foundation
import Logging
import PostgresNIO
import RoadshowKernel

/// A PostgreSQL database shared by many hosts (承办单位): one pool of connections, the schema
/// brought up to date when it is opened. A store over it (``PostgresLibrary``,
/// ``PostgresPlatformStore``) is a view of one host's rows.
///
/// The pool runs while the value lives; ``close()`` (or the last reference going away) ends it.
public final class PostgresPool: Sendable {
  /// The pool the stores lease connections from.
  let client: PostgresClient
  /// Where the queries log (debug level).
  let logger: Logger
  /// The URL it was opened with, without its password (for messages).
  public let location: String
  private let runner: Task<Void, Never>

  /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`), checks
  /// that it answers and migrates its schema to ``PostgresSchema/version``, one migration at a
  /// time, under a lock that keeps two servers opening the same database from migrating it twice.
  ///
  /// - Throws: ``PostgresStoreError/invalidURL(_:)``, ``PostgresStoreError/cannotConnect(location:reason:)``,
  ///   ``PostgresStoreError/newerSchema(found:supported:)``.
  public static func open(url: String, logger: Logger = Logger(label: "roadshow-postgres")) async throws
    -> PostgresPool
  {
    let endpoint = try PostgresEndpoint(url: url)
    let settings = try endpoint.connectionConfiguration()
    let connection: PostgresConnection
    do {
      connection = try await PostgresConnection.connect(configuration: settings, id: 1, logger: logger)
    } catch {
      throw PostgresStoreError.cannotConnect(location: endpoint.location, reason: PostgresStoreError.describe(error))
    }
    do {
      try await PostgresSchema.migrate(Session(connection: connection, logger: logger))
      try await connection.close()
    } catch {
      try? await connection.close()
      throw PostgresStoreError.wrap(error)
    }
    return PostgresPool(endpoint: endpoint, logger: logger)
  }

  private init(endpoint: PostgresEndpoint, logger: Logger) {
    var configuration = endpoint.clientConfiguration
    configuration.options.maximumConnections = 8
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    self.client = client
    self.logger = logger
    location = endpoint.location
    runner = Task { await client.run() }
  }

  deinit { runner.cancel() }

  /// Whether the pool's connections to the server are encrypted (TLS), as the server sees them.
  public func encrypted() async throws -> Bool {
    try await read { session in
      try await session.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.get(
        "ssl", as: Bool.self) ?? false
    }
  }

  /// Ends the pool: queries after this fail.
  public func close() { runner.cancel() }

  /// Runs `body` in one read-only transaction that sees one consistent state of the database.
  func read<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
    try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lock: nil, body)
  }

  /// Runs `body` in one write transaction that takes no host lock (a session's sign-in must not
  /// wait for the host's pipeline commit).
  func writeUnlocked<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
    try await transaction("BEGIN", lock: nil, body)
  }

  /// Runs `body` in one write transaction, all or nothing. Writes of one host are serialised (a
  /// transaction-scoped advisory lock on the host), as SQLite serialises every write; hosts do
  /// not wait for each other.
  func write<T: Sendable>(host: String, _ body: (Session) async throws -> T) async throws -> T {
    try await transaction("BEGIN", lock: host, body)
  }

  private func transaction<T: Sendable>(
    _ begin: PostgresQuery, lock: String?, _ body: (Session) async throws -> T
  ) async throws -> T {
    do {
      return try await client.withConnection { connection in
        let session = Session(connection: connection, logger: logger)
        try await session.run(begin)
        do {
          if let lock {
            try await session.run("SELECT pg_advisory_xact_lock(hashtextextended(\("roadshow-host:" + lock), 0))")
          }
          let value = try await body(session)
          try await session.run("COMMIT")
          return value
        } catch {
          try? await session.run("ROLLBACK")
          throw error
        }
      }
    } catch {
      throw PostgresStoreError.wrap(error)
    }
  }
}

/// One connection inside a transaction, with the helpers the stores use. Every value reaches the
/// server as a bound parameter: the SQL text is built from constants only.
struct Session: Sendable {
  let connection: PostgresConnection
  let logger: Logger

  /// The rows of `query`.
  func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
    try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
  }

  /// Runs `query`, ignoring any rows.
  func run(_ query: PostgresQuery) async throws {
    _ = try await connection.query(query, logger: logger).collect()
  }

  /// Whether `query` returns a row.
  func exists(_ query: PostgresQuery) async throws -> Bool {
    try await !rows(query).isEmpty
  }

  /// Inserts `rows` into `table` (many rows per statement, every value bound), followed by
  /// `suffix` (an `ON CONFLICT` clause). Rows with the same `key` are reduced to the last one, as
  /// SQLite's `INSERT OR REPLACE` leaves them.
  func insert(
    into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "", key: ([SQLValue]) -> [SQLValue]
  ) async throws {
    var seen: [[SQLValue]: Int] = [:]
    var unique: [[SQLValue]] = []
    for row in rows {
      let rowKey = key(row)
      if let index = seen[rowKey] {
        unique[index] = row
      } else {
        seen[rowKey] = unique.count
        unique.append(row)
      }
    }
    let perStatement = max(1, 30_000 / columns.count)
    var start = 0
    while start < unique.count {
      let chunk = unique[start..<min(start + perStatement, unique.count)]
      var bindings = PostgresBindings(capacity: chunk.count * columns.count)
      var tuples: [String] = []
      tuples.reserveCapacity(chunk.count)
      for row in chunk {
        var marks: [String] = []
        for value in row {
          value.bind(into: &bindings)
          marks.append("$\(bindings.count)")
        }
        tuples.append("(" + marks.joined(separator: ", ") + ")")
      }
      let sql =
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", ")) \(suffix)"
      try await run(PostgresQuery(unsafeSQL: sql, binds: bindings))
      start += perStatement
    }
  }
}

/// A value bound to a statement.
enum SQLValue: Hashable, Sendable {
  case text(String?)
  case int(Int?)
  case real(Double?)
  case bool(Bool?)
  case texts([String])

  func bind(into bindings: inout PostgresBindings) {
    switch self {
    case .text(let value): bindings.append(value)
    case .int(let value): bindings.append(value)
    case .real(let value): bindings.append(value)
    case .bool(let value): bindings.append(value)
    case .texts(let value): bindings.append(value)
    }
  }
}

extension PostgresRandomAccessRow {
  /// The value of `column`.
  func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
    try self[column].decode(T.self)
  }
}

/// Where the database is: parsed from a `postgres://` URL.
struct PostgresEndpoint: Sendable {
  var host: String
  var port: Int
  var username: String
  var password: String?
  var database: String?
  /// How the connection is encrypted: the URL's `sslmode` (libpq's names), `disable` by default.
  var tlsMode: TLSMode = .disable
  /// The URL's `sslrootcert`: the certificates (PEM) to trust instead of the system's.
  var rootCertificate: String?

  /// libpq's `sslmode` values.
  enum TLSMode: String, CaseIterable, Sendable {
    /// Plain connection.
    case disable
    /// TLS when the server offers it (no certificate check), else plain.
    case allow, prefer
    /// TLS or no connection; the certificate is not checked (encryption only).
    case require
    /// TLS with the server's certificate checked against the trusted roots, not its name.
    case verifyCA = "verify-ca"
    /// TLS with the certificate checked and naming the host of the URL.
    case verifyFull = "verify-full"
  }

  init(url: String) throws {
    guard let components = URLComponents(string: url),
      components.scheme == "postgres" || components.scheme == "postgresql"
    else { throw PostgresStoreError.invalidURL(Self.redacted(url)) }
    guard let host = components.host, !host.isEmpty else { throw PostgresStoreError.invalidURL(Self.redacted(url)) }
    for item in components.queryItems ?? [] {
      switch item.name {
      case "sslmode":
        guard let mode = TLSMode(rawValue: item.value ?? "") else {
          throw PostgresStoreError.unsupported(
            "sslmode=\(item.value ?? "") (expected one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        tlsMode = mode
      case "sslrootcert":
        rootCertificate = item.value
      default:
        continue
      }
    }
    self.host = host
    port = components.port ?? 5432
    username = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
    password = components.percentEncodedPassword?.removingPercentEncoding
    let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    database = path.isEmpty ? nil : path
  }

  /// `postgres://user@host:port/database`: the URL without its password.
  var location: String { "postgres://\(username)@\(host):\(port)/\(database ?? "")" }

  static func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "***"
    return components.string ?? url
  }

  /// The TLS settings of ``tlsMode`` and ``rootCertificate``; `nil` for a plain connection.
  func tlsConfiguration() -> TLSConfiguration? {
    guard tlsMode != .disable else { return nil }
    var tls = TLSConfiguration.makeClientConfiguration()
    // As libpq: `require` with a root certificate file checks the certificate as `verify-ca` does;
    // `sslrootcert=system` trusts the system's roots.
    let rootFile = rootCertificate.flatMap { $0 == "system" ? nil : $0 }
    switch tlsMode {
    case .require where rootFile != nil, .verifyCA: tls.certificateVerification = .noHostnameVerification
    case .disable, .allow, .prefer, .require: tls.certificateVerification = .none
    case .verifyFull: tls.certificateVerification = .fullVerification
    }
    if let rootFile { tls.trustRoots = .file(rootFile) }
    return tls
  }

  /// Whether a plain connection is accepted when the server offers no TLS.
  var acceptsPlain: Bool { tlsMode == .allow || tlsMode == .prefer }

  /// The settings of one connection.
  ///
  /// - Throws: ``PostgresStoreError/cannotConnect(location:reason:)`` when the trusted roots
  ///   (`sslrootcert`) cannot be read.
  func connectionConfiguration() throws -> PostgresConnection.Configuration {
    var mode = PostgresConnection.Configuration.TLS.disable
    if let tls = tlsConfiguration() {
      let context: NIOSSLContext
      do {
        context = try NIOSSLContext(configuration: tls)
      } catch {
        throw PostgresStoreError.cannotConnect(
          location: location, reason: "sslrootcert \(rootCertificate ?? ""): \(PostgresStoreError.describe(error))")
      }
      mode = acceptsPlain ? .prefer(context) : .require(context)
    }
    return PostgresConnection.Configuration(
      host: host, port: port, username: username, password: password, database: database, tls: mode)
  }

  /// The settings of the pool's connections (the same as ``connectionConfiguration()``).
  var clientConfiguration: PostgresClient.Configuration {
    var mode = PostgresClient.Configuration.TLS.disable
    if let tls = tlsConfiguration() { mode = acceptsPlain ? .prefer(tls) : .require(tls) }
    return PostgresClient.Configuration(
      host: host, port: port, username: username, password: password, database: database, tls: mode)
  }
}

/// A problem with the PostgreSQL store itself (not with the input: those are the ledger's errors).
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The URL is not `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
  case invalidURL(String)
  /// A connection option this store does not support yet.
  case unsupported(String)
  /// The server cannot be reached or refused the login.
  case cannotConnect(location: String, reason: String)
  /// The database's schema was made by a newer Roadshow; it was left untouched.
  case newerSchema(found: Int, supported: Int)
  /// The host (承办单位) a store is opened for must be named.
  case missingHost
  /// Another write changed the host's library after this handle read it (at version `read`; it
  /// is now at `stored`): nothing was written.
  case changedSinceRead(host: String, read: Int, stored: Int)
  /// The server refused a statement.
  case database(String)

  /// The problem in `locale`.
  public func message(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .invalidURL(let url):
      return zh
        ? "无法识别的 PostgreSQL 地址 `\(url)`：应为 postgres://用户[:密码]@主机[:端口]/数据库"
        : "not a PostgreSQL URL: `\(url)`; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    case .unsupported(let option):
      return zh ? "暂不支持的连接选项 \(option)" : "unsupported connection option \(option)"
    case .cannotConnect(let location, let reason):
      return zh ? "无法连接 PostgreSQL \(location)：\(reason)" : "cannot connect to PostgreSQL \(location): \(reason)"
    case .newerSchema(let found, let supported):
      return zh
        ? "数据库由更新版本的 Roadshow 创建（结构版本 \(found)，本版本最高可读 \(supported)）；未作任何改动，请升级 Roadshow"
        : "the database was made by a newer Roadshow (schema \(found), this one reads up to \(supported)); it was left untouched: upgrade Roadshow"
    case .missingHost:
      return zh ? "须指明承办单位（每一行数据都属于一个承办单位）" : "a host must be named (every row belongs to one host)"
    case .changedSinceRead(let host, let read, let stored):
      return zh
        ? "承办单位 \(host) 的项目库在本次运行读取之后已被修改（读取时版本 \(read)，现为 \(stored)）；本次运行的结果均未写入，请重新运行。"
        : "the library of host \(host) was changed since this run read it (version \(read) when read, now \(stored)); none of this run's results were written: run again."
    case .database(let reason):
      return zh ? "PostgreSQL 拒绝了操作：\(reason)" : "PostgreSQL refused the operation: \(reason)"
    }
  }

  public var description: String { message(.en) }

  /// `error` as a store error, unless it is already one of ours or a ledger's (input) error.
  static func wrap(_ error: any Error) -> any Error {
    if error is PSQLError || error is PostgresDecodingError { return PostgresStoreError.database(describe(error)) }
    return error
  }

  /// The server's message, when there is one.
  static func describe(_ error: any Error) -> String {
    if let error = error as? PSQLError {
      if let message = error.serverInfo?[.message] { return message }
      return "\(error.code)"
    }
    return String(describing: error)
  }
}
