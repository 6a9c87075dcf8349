import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Roadshow {
  /// `roadshow serve CONFIG [--port N] [--db FILE | --postgres URL]`: hands over to `roadshow-web serve`, the
  /// work platform's own executable, so the command line never links the server.
  public struct Serve: AsyncParsableCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Start the work platform / 启动工作平台 (runs roadshow-web serve).",
      discussion: """
        Runs `roadshow-web serve` with the same arguments: the executable beside `roadshow`, else \
        the one on PATH. Build it with `swift build --product roadshow-web`.
        Example / 示例: roadshow serve Samples/torch-express-2024.yaml --port 8080
        """)

    @Argument(
      parsing: .captureForPassthrough,
      help: "CONFIG [--port N] [--db FILE | --postgres URL] [--hostname H] [--secure-cookies]")
    var arguments: [String] = []

    /// Creates the command.
    public init() {}

    /// Replaces this process with `roadshow-web serve ARGUMENTS`.
    public func run() async throws {
      let beside = URL(fileURLWithPath: CommandLine.arguments.first ?? "roadshow").deletingLastPathComponent()
        .appendingPathComponent("roadshow-web").path
      let paths =
        [beside]
        + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/roadshow-web" }
      guard let program = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        FileHandle.standardError.write(
          Data(
            "error: roadshow-web not found beside roadshow or on PATH; build it: swift build --product roadshow-web\n"
              .utf8))
        throw ExitCode(1)
      }
      let argv = [program, "serve"] + arguments
      var cArguments = argv.map { strdup($0) }
      cArguments.append(nil)
      execv(program, &cArguments)
      FileHandle.standardError.write(Data("error: cannot run \(program): \(String(cString: strerror(errno)))\n".utf8))
      throw ExitCode(1)
    }
  }
}
