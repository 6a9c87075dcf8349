import CustomScreening
import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

let samplesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Samples")

func registry() throws -> PluginRegistry {
  try PluginRegistry(modules: [TorchExpress.module, CustomScreening.module, ExampleScreening.module])
}

func configuration(_ yaml: String, in directory: URL = samplesDirectory, name: String = "test.yaml") throws
  -> RoadshowConfiguration
{
  try ConfigLoader.build(
    try ConfigLoader.parse(yaml, file: directory.appendingPathComponent(name).path), registry: try registry())
}

/// A config with the sample's intake and `screening` as its funnel; the screening list starts on line 9.
func config(screening: String, in directory: URL = samplesDirectory) throws -> RoadshowConfiguration {
  try configuration(
    """
    programme: {name: 测试}
    tracks: [torch, custom, example]
    host: {name: 测试}
    intake:
      - plugin: torch.csv_intake
        with: {file: \(samplesDirectory.path)/data/nkrdp-projects-2018.csv, source: nkrdp-2018, columns: {id: project_no, title: title, field: programme}, null_values: ["", "*"]}
      - plugin: torch.csv_intake
        with: {file: \(samplesDirectory.path)/data/expert-assessments.csv, source: nkrdp-2018, mode: update_only, columns: {id: project_no, trl: trl, ip: ip}}
    screening:
    \(screening)
    """, in: directory)
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-custom-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func candidates(_ titles: [(String, TechnologyReadiness)]) -> [Candidate] {
  titles.enumerated().map { index, item in
    Candidate(achievement: Achievement(id: AchievementID("t:\(index + 1)"), title: item.0, readiness: item.1))
  }
}

/// A config whose only screening stage is `custom.external` with the flow-mapping body `with`
/// (`command: [sh, ./plugin.sh], timeout_seconds: 10`), over the sample experts, in `directory`.
func externalConfiguration(with parameters: String, in directory: URL) throws -> RoadshowConfiguration {
  try configuration(
    """
    programme: {name: 测试}
    tracks: [torch, custom]
    host: {name: 测试}
    intake:
      - plugin: torch.csv_intake
        with: {file: \(samplesDirectory.path)/data/experts.csv, source: e, columns: {title: 姓名}}
    screening:
      - plugin: custom.external
        with: {\(parameters)}
    """, in: directory)
}

/// A `custom.external` policy around the shell script `script` in a fresh folder (returned too,
/// for the caller to remove); `extra` adds parameters (`, max_output_mb: 1`).
func externalPolicy(_ script: String, timeout: Double = 10, extra: String = "") throws -> (any ScreeningPolicy, URL) {
  let directory = try temporaryDirectory()
  try script.write(to: directory.appendingPathComponent("plugin.sh"), atomically: true, encoding: .utf8)
  let config = try externalConfiguration(
    with: "command: [sh, ./plugin.sh], timeout_seconds: \(timeout)\(extra)", in: directory)
  return (try #require(config.screening.first?.plugin), directory)
}

/// Runs the launcher in-process with `arguments`; returns its exit status and what it wrote to
/// standard error.
func launch(_ arguments: [String], registry: PluginRegistry) async -> (Int32, String) {
  let errors = Lines()
  let console = Console(out: { _ in }, err: errors.append)
  let status = await Launcher.run(arguments: arguments, context: LauncherContext(registry: registry, console: console))
  return (status, errors.text)
}

/// Lines collected from concurrent code (a console, an issue handler).
final class Lines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var all: [String] { lock.withLock { lines } }
  var text: String { all.joined(separator: "\n") }
}
