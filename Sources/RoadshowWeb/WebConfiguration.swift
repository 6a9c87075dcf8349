import Foundation
import RoadshowKernel
import RoadshowServices

/// How the work platform runs: where it listens, which library it serves and the rules it
/// applies. Built by `roadshow-web serve CONFIG` from the programme config and the command line.
public struct WebConfiguration: Sendable {
  /// The address to listen on (`127.0.0.1` by default: put a TLS proxy in front for others).
  public var hostname: String
  /// The port (`8080` by default).
  public var port: Int
  /// The project library (SQLite) the CLI uses too.
  public var libraryPath: String
  /// A PostgreSQL database (`postgres://…`) to serve instead of the SQLite file: many hosts share
  /// it, and this platform works on the rows of ``postgresHost``.
  public var postgresURL: String?
  /// The host (承办单位) whose rows the platform serves from ``postgresURL``; the first of
  /// ``hosts`` when `nil`.
  public var postgresHost: String?
  /// With ``postgresURL``: whether the public catalogue shows every host's published
  /// achievements in the database (a province's or the organiser's platform), not only
  /// ``postgresHost``'s. Enterprises answer interest only in the serving host's own achievements,
  /// so that the host that holds one is the one that gets the answer.
  public var everyHostsCatalogue = false
  /// The default language of pages (`zh-CN`); `?lang=en` switches one request.
  public var locale: ReportLocale
  /// The fields the publication gate withholds (the config's `publication.withhold`).
  public var withheld: Set<PublicationField>
  /// The hosts a holder may submit to: the config's `host.name` and the ledger's hosts.
  public var hosts: [String]
  /// The programme's name, shown in the page header.
  public var programme: String
  /// Whether cookies are marked `Secure` (the platform is served over TLS by a proxy).
  public var secureCookies: Bool
  /// The bcrypt cost of new password hashes (12; tests use 4).
  public var bcryptCost: UInt8
  /// The largest request body accepted, in bytes (64 KiB: a form, never a file).
  public var maximumBodyBytes: Int
  /// Failed logins allowed for one name from one address within ``loginWindowSeconds``.
  public var maximumLoginFailures: Int
  /// The window of the login rate limit, in seconds.
  public var loginWindowSeconds: Double
  /// How long a session lasts, in seconds (8 hours).
  public var sessionSeconds: Double
  /// How often, at most, the catalogue checks whether the library changed, in seconds.
  public var catalogueRefreshSeconds: Double
  /// The events enterprises may register for besides the ledger's upcoming ones: the served
  /// config's own event (`programme.event`, `programme.name`, `event_date`, `host.name`).
  public var openEvents: [OpenEvent] = []
  /// Runs the programme's pipeline (the config the platform serves) for the host's dashboard:
  /// given who asks and the page language, it answers whether the run succeeded and its
  /// summary lines. `nil` when the platform serves a library without a config.
  public var runPipeline: (@Sendable (_ by: String, _ locale: ReportLocale) async -> PipelineRunResult)?

  /// A configuration with the defaults above.
  public init(
    libraryPath: String, hostname: String = "127.0.0.1", port: Int = 8080, locale: ReportLocale = .zhCN,
    withheld: Set<PublicationField> = PublicationField.withheldByDefault, hosts: [String] = [],
    programme: String = "科技成果直通车", secureCookies: Bool = false, bcryptCost: UInt8 = 12,
    maximumBodyBytes: Int = 64 * 1024, maximumLoginFailures: Int = 5, loginWindowSeconds: Double = 300,
    sessionSeconds: Double = 8 * 3600, catalogueRefreshSeconds: Double = 1, postgresURL: String? = nil,
    postgresHost: String? = nil,
    runPipeline: (@Sendable (_ by: String, _ locale: ReportLocale) async -> PipelineRunResult)? = nil
  ) {
    self.runPipeline = runPipeline
    self.libraryPath = libraryPath
    self.postgresURL = postgresURL
    self.postgresHost = postgresHost
    self.hostname = hostname
    self.port = port
    self.locale = locale
    self.withheld = withheld
    self.hosts = hosts
    self.programme = programme
    self.secureCookies = secureCookies
    self.bcryptCost = min(max(bcryptCost, 4), 31)
    self.maximumBodyBytes = maximumBodyBytes
    self.maximumLoginFailures = maximumLoginFailures
    self.loginWindowSeconds = loginWindowSeconds
    self.sessionSeconds = sessionSeconds
    self.catalogueRefreshSeconds = catalogueRefreshSeconds
  }
}

/// What a pipeline run started from the dashboard answered.
public struct PipelineRunResult: Sendable {
  /// Whether it succeeded (exit status 0).
  public var succeeded: Bool
  /// What it printed: the run summary, or its errors.
  public var lines: [String]

  /// Creates a result.
  public init(succeeded: Bool, lines: [String]) {
    self.succeeded = succeeded
    self.lines = lines
  }
}
