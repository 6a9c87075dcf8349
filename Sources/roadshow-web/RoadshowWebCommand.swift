import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowPostgres
import RoadshowServices
import RoadshowStore
import RoadshowWeb
import ServiceLifecycle

/// `roadshow-web`: the work platform (工作平台) — the server and its accounts.
@main
struct RoadshowWebCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roadshow-web",
    abstract:
      "The work platform / 工作平台: serve the library on the web, manage its accounts; run and follow up on PostgreSQL.",
    subcommands: [Serve.self, Users.self, Import.self, Run.self, FollowUpOnPostgres.self])
}

/// What the programme config tells the platform.
struct PlatformConfig {
  var libraryPath: String
  var locale: ReportLocale
  var withheld: Set<PublicationField>
  var hosts: [String]
  var programme: String
  var openEvents: [OpenEvent] = []

  /// Reads `config` (the same file `roadshow run` takes); `db` overrides its `library:`.
  static func read(config: String?, db: String?) throws -> PlatformConfig {
    var result = PlatformConfig(
      libraryPath: db ?? Launcher.defaultLibrary, locale: .zhCN, withheld: PublicationField.withheldByDefault,
      hosts: [], programme: "科技成果直通车")
    guard let config else { return result }
    let document: ConfigLoader.Document
    do {
      document = try ConfigLoader.read(path: config)
    } catch {
      throw ValidationError("cannot read \(config): \(error)")
    }
    let root = document.root
    result.locale = document.locale ?? .zhCN
    if db == nil, let library = root?["library"]?.scalar {
      let base = URL(fileURLWithPath: config).deletingLastPathComponent()
      result.libraryPath = ParameterValues.resolve(library, against: base).path
    }
    if let items = root?["publication"]?["withhold"]?.items {
      var withheld: Set<PublicationField> = []
      for item in items {
        guard let text = item.scalar, let field = PublicationField(rawValue: text) else {
          throw ValidationError("\(item.location): publication.withhold: unknown field `\(item.scalar ?? "")`")
        }
        withheld.insert(field)
      }
      result.withheld = withheld
    }
    if let host = root?["host"]?["name"]?.scalar { result.hosts = [host] }
    if let name = root?["programme"]?["name"]?.scalar { result.programme = name }
    // The config's own event is open for enterprise registration.
    if let key = root?["programme"]?["event"]?.scalar {
      result.openEvents = [
        OpenEvent(
          key: key, name: result.programme, date: root?["event_date"]?.scalar, host: result.hosts.first ?? "")
      ]
    }
    return result
  }
}

/// Options naming the library: a programme config and/or `--db`, or a PostgreSQL database.
struct LibraryArguments: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The project library (SQLite) / 项目库文件.", valueName: "file"))
  var db: String?

  @Option(name: .long, help: ArgumentHelp("A config whose `library:` names the project library.", valueName: "config"))
  var config: String?

  @OptionGroup var postgres: PostgresArguments
}

/// Options naming a PostgreSQL database that many hosts share, instead of the SQLite file.
struct PostgresArguments: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "A PostgreSQL database instead of the SQLite file / PostgreSQL 数据库 (postgres://USER@HOST:PORT/DB, with ?sslmode=require|verify-full&sslrootcert=FILE for TLS).",
      valueName: "url"))
  var postgres: String?

  @Option(
    name: .customLong("as-host"),
    help: ArgumentHelp(
      "With --postgres: the host whose rows to serve (default: the config's host.name) / 承办单位.", valueName: "name"))
  var host: String?

  func validate() throws {
    if host != nil, postgres == nil { throw ValidationError("--as-host needs --postgres") }
  }

  /// The host whose rows are served: `--as-host`, else the config's host.
  func host(_ settings: PlatformConfig) throws -> String {
    guard let host = host ?? settings.hosts.first, !host.isEmpty else {
      throw ValidationError("--postgres needs the host whose rows to serve: --as-host NAME, or a config with host.name")
    }
    return host
  }
}

extension RoadshowWebCommand {
  /// `roadshow-web serve CONFIG [--port N] [--db FILE | --postgres URL [--as-host NAME]]`.
  struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Serve the platform over the config's library / 启动工作平台.",
      discussion: """
        Pages: / (catalogue), /achievements/ID, /login, /submit (holders), /submissions (hosts),
        /dashboard (hosts, provinces, organiser; hosts can run the config's pipeline from it),
        /reviews (experts: their assigned reviews and the scoring form), /notices (work notices;
        offices publish), /events (enterprises register; offices see registrations), /interest and
        /interest.csv (enterprises' interest in published achievements, as the push list's response file).
        API: /api/achievements, /api/achievements/ID, /openapi.json. Stops gracefully on SIGINT or SIGTERM.
        Example / 示例: roadshow-web serve Samples/torch-express-2024.yaml --port 8080
        Many hosts on one PostgreSQL database / 多个承办单位共用 PostgreSQL:
          roadshow-web serve Samples/torch-express-2024.yaml --postgres postgres://roadshow@127.0.0.1:5432/roadshow
        A province's platform over its hosts / 省级平台:
          roadshow-web serve --postgres postgres://roadshow@127.0.0.1:5432/roadshow --as-host 某省科学技术厅 --every-host-catalogue
        """)

    @Argument(help: ArgumentHelp("The programme config / 配置文件.", valueName: "config"))
    var config: String?

    @Option(name: .long, help: "The port / 端口 (default 8080).")
    var port = 8080

    @Option(name: .long, help: "The address to listen on / 监听地址 (default 127.0.0.1).")
    var hostname = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The project library (SQLite) / 项目库文件.", valueName: "file"))
    var db: String?

    @OptionGroup var postgres: PostgresArguments

    @Flag(name: .long, help: "Mark cookies Secure: the platform is behind a TLS proxy / 经 TLS 代理访问.")
    var secureCookies = false

    @Flag(
      name: .customLong("every-host-catalogue"),
      help: """
        With --postgres: the public catalogue shows every host's published achievements in the database \
        (a province's or the organiser's platform) / 成果目录包含数据库中所有承办单位已公开的成果.
        """)
    var everyHostCatalogue = false

    @Option(name: .long, help: "Log level (trace, debug, info, notice, warning, error) / 日志级别.")
    var logLevel = "info"

    func run() async throws {
      let settings = try PlatformConfig.read(config: config, db: db)
      let level = Logger.Level(rawValue: logLevel) ?? .info
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      }
      let logger = Logger(label: "roadshow-web")
      if postgres.postgres != nil, db != nil { throw ValidationError("choose one of --db FILE and --postgres URL") }
      if everyHostCatalogue, postgres.postgres == nil {
        throw ValidationError(
          "--every-host-catalogue needs --postgres: a SQLite library's catalogue is all of it already")
      }
      let tenant = try postgres.postgres.map { _ in try postgres.host(settings) }
      var web = WebConfiguration(
        libraryPath: settings.libraryPath, hostname: hostname, port: port, locale: settings.locale,
        withheld: settings.withheld, hosts: settings.hosts, programme: settings.programme,
        secureCookies: secureCookies, postgresURL: postgres.postgres, postgresHost: tenant)
      web.openEvents = settings.openEvents
      web.everyHostsCatalogue = everyHostCatalogue
      // The dashboard's pipeline runs over the library the platform serves: the SQLite file, or
      // the host's rows in PostgreSQL.
      // The dashboard's button runs the config, whose event belongs to the config's host: offered
      // when the platform serves that host's rows.
      let runsHere = tenant == nil || settings.hosts.first == nil || settings.hosts.first == tenant
      if !runsHere {
        logger.warning(
          "the dashboard cannot run the config: it is another host's",
          metadata: ["served": "\(tenant ?? "")", "config host": "\(settings.hosts.first ?? "")"])
      }
      if let config, runsHere {
        var target: SharedLibrary?
        if let url = postgres.postgres {
          let library = try await PostgresLibrary.open(url: url, host: tenant ?? "", logger: logger)
          // What the config withholds, for a catalogue of every host that shows this host's records.
          try await library.recordWithholding(settings.withheld, at: RoadshowWebCommand.Users.now())
          target = SharedLibrary.postgres(library, url: url)
        }
        web.runPipeline = PipelineFromWeb(config: config, library: settings.libraryPath, target: target).run
      }
      let app = try await buildApplication(configuration: web, logger: logger)
      let library = postgres.postgres == nil ? settings.libraryPath : "PostgreSQL, host \(tenant ?? "")"
      logger.info("serving", metadata: ["library": "\(library)", "address": "\(hostname):\(port)"])
      let group = ServiceGroup(
        configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
      try await group.run()
    }
  }

  /// `roadshow-web import --db FILE --postgres URL [--as-host NAME]`: copies a SQLite library's
  /// records into one host's rows of a PostgreSQL database.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Copy a SQLite library's records into PostgreSQL / 将项目库导入 PostgreSQL.",
      discussion: """
        Copies every record (merged ones with the record they are merged into) of the SQLite library into \
        the host's rows of the PostgreSQL database, in one transaction; records of the same id are updated. \
        Runs, decisions and the ledger's events stay in the SQLite file.
        Example / 示例: roadshow-web import --config Samples/torch-express-2024.yaml --postgres postgres://roadshow@127.0.0.1:5432/roadshow
        """)

    @OptionGroup var library: LibraryArguments

    func validate() throws {
      if library.postgres.postgres == nil { throw ValidationError("import needs --postgres URL") }
    }

    func run() async throws {
      let settings = try PlatformConfig.read(config: library.config, db: library.db)
      guard let url = library.postgres.postgres else { throw ValidationError("import needs --postgres URL") }
      let source = try SQLiteLibrary(readingAt: settings.libraryPath)
      let target = try PostgresLibrary(
        database: try await PostgresPool.open(url: url), host: try library.postgres.host(settings))
      let count = try await target.importRecords(
        try await source.allRecords(), at: RoadshowWebCommand.Users.now())
      print("imported \(count) records from \(settings.libraryPath) into host \(target.host)")
    }
  }

  /// `roadshow-web run CONFIG --postgres URL [--as-host NAME] [--out DIR] [--quiet] [--lang L]`:
  /// `roadshow run` with the host's rows of a PostgreSQL database as the project library.
  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a config against PostgreSQL / 以 PostgreSQL 为项目库运行配置.",
      discussion: """
        The same run as `roadshow run CONFIG` (validation, intake → screening → coaching → event → follow-up, \
        outputs staged and switched in), with the host's rows of the PostgreSQL database as the project library \
        and programme ledger, written in one transaction at the end. The host is --as-host, else the config's host.name.
        与 roadshow run 相同，项目库与工作台账为 PostgreSQL 中本承办单位的数据。
        Example / 示例: roadshow-web run Samples/torch-express-2024.yaml --postgres postgres://roadshow@127.0.0.1:5432/roadshow
        """)

    @Argument(help: ArgumentHelp("The config file (YAML or JSON) / 配置文件", valueName: "config"))
    var config: String

    @OptionGroup var postgres: PostgresArguments

    @Option(
      name: .long,
      help: ArgumentHelp("Output folder / 输出目录 (default: roadshow-out/<config name>).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print no progress / 不显示进度.")
    var quiet = false

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Message language / 提示语言: zh-CN or en (default: the config's `locale`, else zh-CN).", valueName: "lang"))
    var lang: String?

    func validate() throws {
      if postgres.postgres == nil {
        throw ValidationError("run needs --postgres URL (for the SQLite file: roadshow run)")
      }
    }

    func run() async throws {
      let settings = try PlatformConfig.read(config: config, db: nil)
      guard let url = postgres.postgres else { throw ValidationError("run needs --postgres URL") }
      // The run records its event under the config's host: it goes into that host's rows only.
      if let named = settings.hosts.first, let given = postgres.host, given != named {
        throw ValidationError(
          "--as-host `\(given)` is not the config's host.name `\(named)`: a run writes the config's host's rows "
            + "(leave out --as-host, or run a config of that host)")
      }
      let library = try await PostgresLibrary.open(url: url, host: try postgres.host(settings))
      // What the config withholds, for a catalogue of every host that shows this host's records.
      try await library.recordWithholding(settings.withheld, at: RoadshowWebCommand.Users.now())
      let target = SharedLibrary.postgres(library, url: url)
      var arguments = ["run", config]
      if let out { arguments += ["--out", out] }
      if quiet { arguments.append("--quiet") }
      if let lang { arguments += ["--lang", lang] }
      let context = LauncherContext(
        registry: try PluginRegistry(modules: LinkedModules.all), sharedLibrary: target)
      let status = await Launcher.run(arguments: arguments, context: context)
      if status != 0 { throw ExitCode(status) }
    }
  }

  /// `roadshow-web followup record|import|due|history … --postgres URL [--as-host NAME]`:
  /// `roadshow followup` on the host's programme ledger in a PostgreSQL database.
  struct FollowUpOnPostgres: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "followup",
      abstract: "Follow-up on PostgreSQL / 在 PostgreSQL 上记录与查看跟踪: record, import, due, history.",
      discussion: """
        The same commands as `roadshow followup` (see `roadshow followup record --help` and the others for \
        their options), on the host's programme ledger in the PostgreSQL database: the host is --as-host, \
        else the host.name of --config.
        与 roadshow followup 相同，作用于 PostgreSQL 中本承办单位的工作台账。
        Example / 示例: roadshow-web followup due --as-of 2025-03-01 --config Samples/torch-express-2024.yaml \
        --postgres postgres://roadshow@127.0.0.1:5432/roadshow
        """)

    @OptionGroup var postgres: PostgresArguments

    @Option(name: .long, help: ArgumentHelp("A config whose host.name is the host / 配置文件.", valueName: "config"))
    var config: String?

    @Argument(
      parsing: .allUnrecognized,
      help: ArgumentHelp("record|import|due|history and their arguments / 子命令及其参数.", valueName: "command"))
    var arguments: [String] = []

    static let commands = ["record", "import", "due", "history"]

    func validate() throws {
      if postgres.postgres == nil {
        throw ValidationError("followup needs --postgres URL (for the SQLite file: roadshow followup)")
      }
      guard let first = arguments.first, Self.commands.contains(first) else {
        let given = arguments.first.map { "`\($0)`" } ?? "nothing"
        throw ValidationError("expected one of \(Self.commands.joined(separator: ", ")) after followup, got \(given)")
      }
    }

    func run() async throws {
      let settings = try PlatformConfig.read(config: config, db: nil)
      guard let url = postgres.postgres else { throw ValidationError("followup needs --postgres URL") }
      let target = SharedLibrary.postgres(
        try await PostgresLibrary.open(url: url, host: try postgres.host(settings)), url: url)
      let context = LauncherContext(registry: try PluginRegistry(modules: LinkedModules.all), sharedLibrary: target)
      let forwarded = ["followup"] + arguments + (config.map { ["--config", $0] } ?? [])
      let status = await Launcher.run(arguments: forwarded, context: context)
      if status != 0 { throw ExitCode(status) }
    }
  }

  /// `roadshow-web users add|list|disable`.
  struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Platform accounts / 平台账户: add, list, disable.",
      subcommands: [Add.self, List.self, Disable.self])
  }
}

extension RoadshowWebCommand.Users {
  static func service(_ library: LibraryArguments) async throws -> AccountService {
    let settings = try PlatformConfig.read(config: library.config, db: library.db)
    guard let url = library.postgres.postgres else {
      return AccountService(store: try SQLitePlatformStore(path: settings.libraryPath), hasher: BcryptHasher())
    }
    let store = try PostgresPlatformStore(
      database: try await PostgresPool.open(url: url), host: try library.postgres.host(settings))
    return AccountService(store: store, hasher: BcryptHasher())
  }

  static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }

  /// `users add NAME --role ROLE [--scope S] [--display-name N]`; the password from
  /// `ROADSHOW_PASSWORD` or the first line of standard input, never the command line.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add an account / 添加账户.",
      discussion: """
        The password is read from the environment variable ROADSHOW_PASSWORD, else from the first line of standard input.
        Roles / 角色: organiser, province, host, expert, holder, enterprise, public. host and province need --scope;
        an expert's --scope is their id in the review rounds' pools (评审专家编号), which links them to their reviews.
        Example / 示例: echo 'secret-pass' | roadshow-web users add wang --role host --scope 某承办单位 --db library.sqlite
        """)

    @Argument(help: "Login name / 用户名.")
    var username: String

    @Option(name: .long, help: "organiser, province, host, expert, holder, enterprise or public / 角色.")
    var role: String

    @Option(name: .long, help: "The host's name (host) or the province (province) / 范围.")
    var scope: String?

    @Option(name: .long, help: "The name shown on pages / 显示名称.")
    var displayName: String?

    @OptionGroup var library: LibraryArguments

    func run() async throws {
      guard let role = PlatformRole(rawValue: role) else {
        throw ValidationError(
          "--role must be one of \(PlatformRole.allCases.map(\.rawValue).joined(separator: ", ")), got `\(role)`")
      }
      let password = ProcessInfo.processInfo.environment["ROADSHOW_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
      do {
        let account = try await RoadshowWebCommand.Users.service(library).add(
          username: username, displayName: displayName, role: role, scope: scope, password: password,
          at: RoadshowWebCommand.Users.now())
        print("added \(account.username) (\(account.role.rawValue)\(account.scope.map { ", \($0)" } ?? ""))")
      } catch let error as PlatformError {
        throw ValidationError(error.message(.en))
      }
    }
  }

  /// `users list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List accounts / 列出账户.")

    @OptionGroup var library: LibraryArguments

    func run() async throws {
      for account in try await RoadshowWebCommand.Users.service(library).list() {
        print(
          [
            account.username, account.role.rawValue, account.scope ?? "-", account.displayName,
            account.disabled ? "disabled" : "active",
          ].joined(separator: "\t"))
      }
    }
  }

  /// `users disable NAME`.
  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Disable an account / 停用账户.")

    @Argument(help: "Login name / 用户名.")
    var username: String

    @OptionGroup var library: LibraryArguments

    func run() async throws {
      do {
        try await RoadshowWebCommand.Users.service(library).disable(username)
        print("disabled \(username)")
      } catch let error as PlatformError {
        throw ValidationError(error.message(.en))
      }
    }
  }
}

/// The dashboard's "run the pipeline": `roadshow run CONFIG --db LIBRARY` through the launcher,
/// with the plugins this executable links, its console captured for the page.
struct PipelineFromWeb: Sendable {
  let config: String
  let library: String
  /// The host's rows in PostgreSQL when the platform serves them, else `nil` (the SQLite file).
  var target: SharedLibrary? = nil

  func run(by: String, locale: ReportLocale) async -> PipelineRunResult {
    let lines = Lines()
    let errors = Lines()
    let registry: PluginRegistry
    do {
      registry = try PluginRegistry(modules: LinkedModules.all)
    } catch {
      return PipelineRunResult(succeeded: false, lines: ["\(error)"])
    }
    // The platform keeps serving (and writing sign-ins, submissions) while the run goes on.
    let context = LauncherContext(
      registry: registry, console: Console(out: lines.append, err: errors.append), sharedLibrary: target,
      runsBesidePlatform: true)
    let arguments = target == nil ? ["run", config, "--db", library] : ["run", config]
    let status = await Launcher.run(arguments: arguments + ["--lang", locale.rawValue], context: context)
    // Progress goes to the error stream: a success shows the run's summary, a failure its errors.
    return PipelineRunResult(succeeded: status == 0, lines: status == 0 ? lines.all : errors.all + lines.all)
  }

  /// Lines printed by a run, from any thread.
  final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
  }
}

extension SharedLibrary {
  /// The host's rows of a PostgreSQL database, as the library a run or a follow-up works on.
  /// `url` (the database's) tells two databases' hosts of one name apart; its credentials and
  /// options are left out.
  static func postgres(_ library: PostgresLibrary, url: String) -> SharedLibrary {
    var identity = "postgresql"
    if let parts = URLComponents(string: url) {
      identity += "://\(parts.host ?? "")\(parts.port.map { ":\($0)" } ?? "")\(parts.path)"
    }
    return SharedLibrary(
      library: library, name: "PostgreSQL \(library.host)", identity: "\(identity) host \(library.host)"
    ) {
      id in try await library.run(id)?.status
    }
  }
}

extension PostgresLibrary {
  /// `host`'s rows of the PostgreSQL database at `url`.
  static func open(url: String, host: String, logger: Logger = Logger(label: "roadshow-postgres")) async throws
    -> PostgresLibrary
  {
    try PostgresLibrary(database: try await PostgresPool.open(url: url, logger: logger), host: host)
  }
}
