import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the launcher's text goes: standard output for results, standard error for progress and
/// problems. Tests pass their own to read what a command printed.
public struct Console: Sendable {
  /// Writes one line of results.
  public var out: @Sendable (String) -> Void
  /// Writes one line of progress or of a problem.
  public var err: @Sendable (String) -> Void
  /// Writes text to the error stream as it is, without ending the line: progress updated in place.
  public var errText: @Sendable (String) -> Void
  /// Whether the error stream is a terminal, where progress is updated in place with `\r`.
  public var errIsTerminal: Bool

  /// Creates a console from two line sinks; `errText` (raw text, for a terminal) defaults to
  /// `err`, and the error stream is taken not to be a terminal.
  public init(
    out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
    errText: (@Sendable (String) -> Void)? = nil, errIsTerminal: Bool = false
  ) {
    self.out = out
    self.err = err
    self.errText = errText ?? err
    self.errIsTerminal = errIsTerminal
  }

  /// The process's standard output and standard error.
  public static let standard = Console(
    out: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
    err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
    errText: { FileHandle.standardError.write(Data($0.utf8)) }, errIsTerminal: isatty(2) != 0)
}

/// What the launcher hands every command: the linked plugins and where to print.
public struct LauncherContext: Sendable {
  /// The plugins of the linked track modules, built once in `main`.
  public var registry: PluginRegistry
  /// Where to print.
  public var console: Console
  /// The clock for run timestamps.
  public var now: @Sendable () -> Date
  /// The library `roadshow run` and `roadshow followup` work on when it is not the SQLite file:
  /// `roadshow-web run|followup --postgres` give one host's rows of a PostgreSQL database here.
  /// `nil`: the SQLite file named by `--db`, the config's `library:` or `./roadshow.sqlite`.
  public var sharedLibrary: SharedLibrary?
  /// Whether the work platform serves the library while `roadshow run` goes on (the dashboard's
  /// "run the pipeline"): the run then holds the SQLite file's write lock for its final commit
  /// only, so the platform's own writes (sign-ins, submissions) do not wait for the whole run.
  /// `false`: the run writes its records while it screens and reports (faster on two cores).
  public var runsBesidePlatform: Bool

  /// Creates a context.
  public init(
    registry: PluginRegistry, console: Console = .standard, now: @escaping @Sendable () -> Date = { Date() },
    sharedLibrary: SharedLibrary? = nil, runsBesidePlatform: Bool = false
  ) {
    self.registry = registry
    self.console = console
    self.now = now
    self.sharedLibrary = sharedLibrary
    self.runsBesidePlatform = runsBesidePlatform
  }
}

/// A library other than the SQLite file for `roadshow run` and `roadshow followup` (one host's
/// rows of a database many hosts share), with what they need besides the library protocols:
/// the status of a recorded run (to finish or undo an interrupted output folder) and the name
/// messages give the library.
public struct SharedLibrary: Sendable {
  /// The library and programme ledger the commands read and write.
  public var library: any PlatformLibrary
  /// How messages name it (`PostgreSQL, host 某承办单位`).
  public var name: String
  /// What tells it apart from every other library (a database's server, port, name and host,
  /// without credentials): it marks the output folders its runs stage.
  public var identity: String
  /// The status of the recorded run `id` (`succeeded`, `failed`), `nil` when none is recorded.
  public var runStatus: @Sendable (_ id: String) async throws -> String?

  /// Creates a handle; `identity` defaults to `name`.
  public init(
    library: any PlatformLibrary, name: String, identity: String? = nil,
    runStatus: @escaping @Sendable (_ id: String) async throws -> String?
  ) {
    self.library = library
    self.name = name
    self.identity = identity ?? name
    self.runStatus = runStatus
  }
}

/// A command that needs the plugin registry. ArgumentParser builds commands without
/// parameters, so the launcher parses first and then calls ``run(in:)`` with the registry.
public protocol RegistryCommand: AsyncParsableCommand {
  /// Runs the command with the launcher's registry and console.
  func run(in context: LauncherContext) async throws
}

extension RegistryCommand {
  /// Runs without a launcher: no plugins are linked, output goes to the terminal.
  public mutating func run() async throws {
    try await run(in: LauncherContext(registry: try PluginRegistry(modules: [])))
  }
}

/// Starts the `roadshow` command line with a registry of plugins.
///
/// A developer's own package can ship a launcher with extra tracks in three lines:
///
/// ```swift
/// import RoadshowLauncher
/// import TorchExpress
///
/// let registry = try PluginRegistry(modules: [TorchExpress.module, MyTrack.module])
/// await Launcher.main(registry: registry)
/// ```
public enum Launcher {
  /// The launcher's version, printed by `roadshow --version`.
  public static let version = "0.1.0"

  /// Parses the process's arguments, runs the command and exits with its code (0 ok, 1 run
  /// failed or data error, 2 invalid config or usage error).
  public static func main(registry: PluginRegistry) async -> Never {
    let code = await run(
      arguments: Array(CommandLine.arguments.dropFirst()), context: LauncherContext(registry: registry))
    exit(code)
  }

  /// Parses `arguments` (without the program name), runs the command in `context` and returns
  /// the exit code instead of exiting: the entry point for tests and embedding.
  public static func run(arguments: [String], context: LauncherContext) async -> Int32 {
    let command: any ParsableCommand
    do {
      command = try Roadshow.parseAsRoot(arguments)
    } catch {
      let message = Roadshow.fullMessage(for: error)
      if Roadshow.exitCode(for: error) == .success {
        context.console.out(message)
        return ExitCode.success.rawValue
      }
      context.console.err(message)
      return ExitStatus.usage.rawValue
    }
    do {
      if let command = command as? any RegistryCommand {
        try await command.run(in: context)
      } else if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        var command = command
        try command.run()
      }
      return ExitCode.success.rawValue
    } catch let code as ExitCode {
      return code.rawValue
    } catch {
      let exitCode = Roadshow.exitCode(for: error)
      if exitCode == .success {
        context.console.out(Roadshow.fullMessage(for: error))
        return ExitCode.success.rawValue
      }
      if error is ValidationError {
        context.console.err(Roadshow.fullMessage(for: error))
        return ExitStatus.usage.rawValue
      }
      context.console.err(Messages.error(error, requestedLocale(in: arguments) ?? .zhCN))
      return ExitStatus.failed.rawValue
    }
  }
}

extension Launcher {
  /// The `--lang` of a command line, for errors that reach the launcher without a command's
  /// own handling.
  static func requestedLocale(in arguments: [String]) -> ReportLocale? {
    for (index, argument) in arguments.enumerated() {
      if argument == "--lang", index + 1 < arguments.count { return ReportLocale(identifier: arguments[index + 1]) }
      if argument.hasPrefix("--lang=") { return ReportLocale(identifier: String(argument.dropFirst(7))) }
    }
    return nil
  }
}

/// The launcher's exit codes.
public enum ExitStatus {
  /// 0: everything went well.
  public static let ok = ExitCode.success
  /// 1: the run failed (a data file, a plugin, the library or the disk).
  public static let failed = ExitCode(1)
  /// 2: the config is invalid, or the command line is wrong.
  public static let usage = ExitCode(2)
  /// 3: the run is committed to the library but its output folder could not be switched in; the
  /// next `roadshow run` to that folder finishes the switch.
  public static let committedUndelivered = ExitCode(3)
}
