import Foundation
import Hummingbird
import Logging
import Mustache
import RoadshowKernel
import RoadshowPostgres
import RoadshowServices
import RoadshowStore

/// Builds the work platform (工作平台) over the project library named by `configuration`: the
/// public catalogue, its JSON API and OpenAPI document, login, holder submission and the host's
/// confidentiality review. Every rule is a use case of `RoadshowServices`; the routes only
/// translate HTTP into those calls.
///
/// - Throws: ``LibraryError`` when the library cannot be opened; ``PostgresStoreError`` when the
///   PostgreSQL database (``WebConfiguration/postgresURL``) cannot be.
public func buildApplication(
  configuration: WebConfiguration, logger: Logger = Logger(label: "roadshow-web")
) async throws -> some ApplicationProtocol {
  let platform = try await WebPlatform(configuration: configuration, logger: logger)
  let router = Router(context: WebContext.self)
  router.middlewares.add(LogRequestsMiddleware(.info))
  router.middlewares.add(SecurityHeadersMiddleware())
  platform.addRoutes(to: router)
  return Application(
    router: router,
    configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "Roadshow"),
    logger: logger)
}

/// Headers every response carries: no sniffing, no framing, a strict content security policy
/// (the pages use no script; the layout sets the referrer policy).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response = try await next(request, context)
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.contentSecurityPolicy] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
    return response
  }
}

/// What the routes share: the configuration, the library and the platform's stores, the use
/// cases over them, the templates, sessions and the login limit.
struct WebPlatform: Sendable {
  let configuration: WebConfiguration
  let logger: Logger
  let library: any PlatformLibrary
  let store: any PlatformStore
  let accounts: AccountService
  let submissions: SubmissionService
  let catalogue: CatalogueCache
  /// With a catalogue of every host: whether the served host's own copy of a record is public.
  let ownPublished: (@Sendable (AchievementID) async throws -> Bool)?
  let pages = PageCache()
  let sessions: Sessions
  let limiter: LoginLimiter
  let templates: MustacheLibrary
  /// The layout a visitor (not logged in) sees, per language, split around its title, the
  /// other language's address and the body: rendered once, so a page costs only its body.
  let visitorLayouts: [ReportLocale: [String]]

  init(configuration: WebConfiguration, logger: Logger) async throws {
    self.configuration = configuration
    self.logger = logger
    let source: any CatalogueSource
    (library, store, source, ownPublished) = try await Self.openStores(configuration, logger: logger)
    accounts = AccountService(store: store, hasher: BcryptHasher(cost: configuration.bcryptCost))
    submissions = SubmissionService(submissions: store, clearance: library)
    catalogue = CatalogueCache(
      library: source, gate: PublicationGate(withholding: configuration.withheld),
      refresh: configuration.catalogueRefreshSeconds, logger: logger)
    sessions = Sessions(store: store, lifetime: configuration.sessionSeconds)
    limiter = LoginLimiter(limit: configuration.maximumLoginFailures, window: configuration.loginWindowSeconds)
    var compiled: [String: MustacheTemplate] = [:]
    for (name, text) in Templates.all { compiled[name] = try MustacheTemplate(string: text) }
    templates = MustacheLibrary(templates: compiled)
    var layouts: [ReportLocale: [String]] = [:]
    for locale in ReportLocale.allCases {
      layouts[locale] = Self.splitLayout(templates, configuration: configuration, locale: locale)
    }
    visitorLayouts = layouts
  }

  /// The library, the platform's store and where the catalogue's records come from: the SQLite
  /// file, or one host's rows in PostgreSQL (with every host's records in the catalogue when
  /// ``WebConfiguration/everyHostsCatalogue`` is set).
  static func openStores(_ configuration: WebConfiguration, logger: Logger) async throws
    -> (
      any PlatformLibrary, any PlatformStore, any CatalogueSource, (@Sendable (AchievementID) async throws -> Bool)?
    )
  {
    guard let url = configuration.postgresURL else {
      let library = try SQLiteLibrary(path: configuration.libraryPath)
      return (library, try SQLitePlatformStore(path: configuration.libraryPath), library, nil)
    }
    let database = try await PostgresPool.open(url: url, logger: logger)
    let host = configuration.postgresHost ?? configuration.hosts.first ?? ""
    let library = try PostgresLibrary(database: database, host: host)
    let store = try PostgresPlatformStore(database: database, host: host)
    guard configuration.everyHostsCatalogue else { return (library, store, library, nil) }
    return (library, store, PostgresLibrary.everyHost(in: database, preferring: library.host), library.publishes)
  }

  /// The published achievement `id` when an enterprise may answer interest in it here: in the
  /// catalogue, and published by the served host itself (a catalogue of every host shows others').
  func answerable(_ id: AchievementID) async throws -> PublishedAchievement? {
    guard let record = try await catalogue.current().achievement(id) else { return nil }
    guard let ownPublished else { return record }
    return try await ownPublished(id) ? record : nil
  }

  func addRoutes(to router: Router<WebContext>) {
    router.get("/") { request, _ in try await self.cataloguePage(request) }
    router.get("/achievements/{id}") { request, context in
      try await self.achievementPage(request, id: context.parameters.get("id") ?? "")
    }
    router.get("/api/achievements") { request, _ in try await self.achievementsJSON(request) }
    router.get("/api/achievements/{id}") { request, context in
      try await self.achievementJSON(request, id: context.parameters.get("id") ?? "")
    }
    router.get("/openapi.json") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    router.get("/healthz") { _, _ in "ok" }
    router.get("/login") { request, _ in try await self.loginPage(request) }
    router.post("/login") { request, context in try await self.login(request, context: context) }
    router.post("/logout") { request, _ in try await self.logout(request) }
    router.get("/submit") { request, _ in try await self.submitPage(request) }
    router.post("/submit") { request, _ in try await self.submit(request) }
    router.get("/submissions") { request, _ in try await self.submissionsPage(request) }
    router.post("/submissions/{id}/review") { request, context in
      try await self.review(request, id: context.parameters.get("id") ?? "")
    }
    addWorkRoutes(to: router)
  }
}
