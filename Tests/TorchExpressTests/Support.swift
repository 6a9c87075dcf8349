import Foundation
import RoadshowKernel
import RoadshowLauncher
import TorchExpress

/// The repository's `Samples/` folder, found from this file so tests run from any directory.
let samplesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Samples")

func torchRegistry() throws -> PluginRegistry { try PluginRegistry(modules: [TorchExpress.module]) }

/// Builds a configuration from YAML text as if it were a file in `directory` (default `Samples/`).
func configuration(_ yaml: String, in directory: URL = samplesDirectory, name: String = "test.yaml") throws
  -> RoadshowConfiguration
{
  let file = directory.appendingPathComponent(name).path
  return try ConfigLoader.build(try ConfigLoader.parse(yaml, file: file), registry: try torchRegistry())
}

/// A config skeleton with one stage list filled in by `stages`.
func skeleton(tracks: String = "[torch]", locale: String = "zh-CN", _ stages: String) -> String {
  """
  programme: {name: 测试活动, year: 2024}
  locale: \(locale)
  tracks: \(tracks)
  event_date: 2024-09-20
  host: {name: 测试承办单位, venue: 测试会场}
  \(stages)
  """
}

/// Indents a block by `spaces`.
func indent(_ text: String, _ spaces: Int) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }
    .joined(separator: "\n")
}

let minimalIntake = """
  intake:
    - plugin: torch.csv_intake
      with:
        file: data/nkrdp-projects-2018.csv
        source: nkrdp-2018
        columns: {id: project_no, title: title, institution: institution, field: programme, funds: funds_wan_yuan}
        null_values: ["", "*"]
  """

let minimalScreening = """
  screening:
    - plugin: torch.field_focus
      with: {fields: [智能机器人]}
  """

func text(_ outcome: RunOutcome, _ name: String) -> String? {
  outcome.files.first(where: { $0.name == name }).map { String(decoding: $0.contents, as: UTF8.self) }
}

/// A temporary folder removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
