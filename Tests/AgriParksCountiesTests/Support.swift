import AgriParksCounties
import EastWestPairing
import Foundation
import RoadshowKernel
import RoadshowLauncher
import TorchExpress

/// The repository's `Samples/` folder, found from this file so tests run from any directory.
let samplesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Samples")

/// Every track module the launcher links.
func fullRegistry() throws -> PluginRegistry {
  try PluginRegistry(modules: [TorchExpress.module, AgriParksCounties.module, EastWestPairing.module])
}

/// Builds a configuration from YAML text as if it were the file `name` in `directory`.
func configuration(_ yaml: String, in directory: URL = samplesDirectory, name: String = "test.yaml") throws
  -> RoadshowConfiguration
{
  let file = directory.appendingPathComponent(name).path
  return try ConfigLoader.build(try ConfigLoader.parse(yaml, file: file), registry: try fullRegistry())
}

/// Loads a sample config the way the launcher does.
func loadSample(_ relativePath: String) throws -> RoadshowConfiguration {
  try ConfigLoader.load(path: samplesDirectory.appendingPathComponent(relativePath).path, registry: try fullRegistry())
}

/// A config skeleton around `stages`.
func skeleton(tracks: String = "[torch, agriculture]", _ stages: String) -> String {
  """
  programme: {name: 测试活动, year: 2024}
  locale: zh-CN
  tracks: \(tracks)
  event_date: 2024-06-18
  host: {name: 测试承办单位, province: 黑龙江, venue: 测试会场}
  \(stages)
  """
}

/// Indents a block by `spaces`.
func indent(_ text: String, _ spaces: Int) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }
    .joined(separator: "\n")
}

/// The smallest intake that gives the agriculture stages something to work on: the real 2018
/// list and the real parks and firms.
let minimalAgriIntake = """
  intake:
    - plugin: agriculture.technology_list
      with:
        file: agri-parks-counties/data/nkrdp-projects-2018.csv
        source: nkrdp-2018
        columns: {id: project_no, title: title, institution: institution, programme: programme, funds: funds_wan_yuan}
        confidentiality: cleared
    - plugin: agriculture.parks_and_firms
      with:
        parks: agri-parks-counties/data/agri-parks.csv
        firms: agri-parks-counties/data/agri-leading-firms.csv
        firm_years: [2025]
  """

let minimalAgriScreening = """
  screening:
    - plugin: agriculture.classification
  """

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
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-agri-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Copies the run's files to `ROADSHOW_TEST_OUTPUT/<name>` when that variable is set, for reading
/// a sample's outputs by hand.
func keep(_ outcome: RunOutcome, as name: String) throws {
  guard let root = ProcessInfo.processInfo.environment["ROADSHOW_TEST_OUTPUT"] else { return }
  try OutputWriter.write(files: outcome.files, to: URL(fileURLWithPath: root).appendingPathComponent(name))
}
