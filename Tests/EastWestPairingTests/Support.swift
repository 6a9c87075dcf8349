import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import TorchExpress

/// The repository's `Samples/` folder, found from this file so tests run from any directory.
let samplesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Samples")

/// The east–west sample's data folder.
let dataDirectory = samplesDirectory.appendingPathComponent("east-west-pairing/data")

/// The Torch base and the east–west track.
func registry() throws -> PluginRegistry {
  try PluginRegistry(modules: [TorchExpress.module, EastWestPairing.module])
}

/// Builds a configuration from YAML text as if it were the file `name` in `directory`.
func configuration(_ yaml: String, in directory: URL = samplesDirectory, name: String = "test.yaml") throws
  -> RoadshowConfiguration
{
  let file = directory.appendingPathComponent(name).path
  return try ConfigLoader.build(try ConfigLoader.parse(yaml, file: file), registry: try registry())
}

/// A config skeleton around `stages`.
func skeleton(tracks: String = "[torch, east_west]", _ stages: String) -> String {
  """
  programme: {name: 测试活动, year: 2024}
  locale: zh-CN
  tracks: \(tracks)
  event_date: 2024-08-28
  host: {name: 测试承办单位, province: 黑龙江, venue: 测试会场}
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
        file: east-west-pairing/data/nkrdp-projects-2018.csv
        source: nkrdp-2018
        columns: {id: project_no, title: title, institution: institution, field: programme, funds: funds_wan_yuan}
        null_values: ["", "*"]
  """

let minimalScreening = """
  screening:
    - plugin: east_west.flow_eligibility
      with: {regions: east-west-pairing/data/regions.csv}
  """

/// The real four-region table, as the sample copies it.
func regionTable(south: [String] = RegionTable.defaultSouth) throws -> RegionTable {
  try RegionTable.read(dataDirectory.appendingPathComponent("regions.csv"), name: "regions.csv", south: Set(south))
}

/// The text of an output file.
func text(_ outcome: RunOutcome, _ name: String) -> String? {
  outcome.files.first(where: { $0.name == name }).map { String(decoding: $0.contents, as: UTF8.self) }
}

/// Parsed rows of an output CSV.
func table(_ outcome: RunOutcome, _ name: String) throws -> CSVTable? {
  guard let text = text(outcome, name) else { return nil }
  return try CSVTable.parse(text, file: name)
}

/// A temporary folder removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-ew-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Copies the run's files to `ROADSHOW_TEST_OUTPUT/<name>` when that variable is set.
func keep(_ outcome: RunOutcome, as name: String) throws {
  guard let root = ProcessInfo.processInfo.environment["ROADSHOW_TEST_OUTPUT"] else { return }
  try OutputWriter.write(files: outcome.files, to: URL(fileURLWithPath: root).appendingPathComponent(name))
}
