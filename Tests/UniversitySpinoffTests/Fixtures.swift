import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress
import UniversitySpinoff

/// Paths, the registry and small builders shared by the suite.
enum Fixture {
  /// The package's folder.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// `Samples/`, which plugin examples name their files against.
  static let samples = root.appendingPathComponent("Samples")
  /// The university sample's folder.
  static let sampleFolder = samples.appendingPathComponent("university-spinoff")
  /// The sample's config.
  static let sampleConfig = sampleFolder.appendingPathComponent("university-spinoff.yaml")

  static func registry() throws -> PluginRegistry {
    try PluginRegistry(modules: [TorchExpress.module, UniversitySpinoff.module])
  }

  /// Parses and builds `yaml` as if it were the file `name` in `directory`.
  static func configuration(_ yaml: String, in directory: URL, name: String = "test.yaml") throws
    -> RoadshowConfiguration
  {
    let document = try ConfigLoader.parse(yaml, file: directory.appendingPathComponent(name).path)
    return try ConfigLoader.build(document, registry: try registry())
  }

  /// The problems `yaml` has, or `[]` when it builds.
  static func diagnostics(_ yaml: String, in directory: URL, name: String = "test.yaml") throws -> [Diagnostic] {
    do {
      _ = try configuration(yaml, in: directory, name: name)
      return []
    } catch let error as ConfigurationError {
      return error.diagnostics
    }
  }

  /// A config with the mandatory keys and the given stage lists (YAML lists, already indented).
  static func config(tracks: String = "[torch, university]", sections: [String: String]) -> String {
    var text = """
      programme: {name: 测试活动}
      tracks: \(tracks)
      host: {name: 测试承办单位}

      """
    for key in ["intake", "screening", "coaching", "event", "follow_up"] {
      if let body = sections[key] {
        text += "\(key):\n\(body)\n"
      } else if key == "intake" || key == "screening" {
        text += "\(key): []\n"
      }
    }
    return text
  }

  /// Indents every line of `text` by `spaces`.
  static func indent(_ text: String, _ spaces: Int = 2) -> String {
    let pad = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
      .joined(separator: "\n")
  }

  /// A fresh temporary folder holding `files` (name → contents).
  static func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("uni-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, contents) in files {
      try contents.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return url
  }

  /// The one screening plugin configured by `with` (YAML flow mapping).
  static func screening(_ plugin: String, with parameters: String, in directory: URL? = nil) throws
    -> any ScreeningPolicy
  {
    let yaml = config(sections: ["screening": "  - plugin: \(plugin)\n    with: \(parameters)"])
    let configuration = try configuration(yaml, in: directory ?? samples)
    guard let stage = configuration.screening.first else { throw FixtureError.notBuilt(plugin) }
    return stage.plugin
  }

  /// The one intake plugin configured by `with` (YAML lines, indented under `with:`).
  static func intake(_ plugin: String, with parameters: String, in directory: URL) throws -> any IntakeSource {
    let yaml = config(sections: ["intake": "  - plugin: \(plugin)\n    with:\n\(indent(parameters, 6))"])
    let configuration = try configuration(yaml, in: directory)
    guard let stage = configuration.intake.first else { throw FixtureError.notBuilt(plugin) }
    return stage.plugin
  }

  /// The one follow-up plugin configured by `with` (YAML lines).
  static func followUp(_ plugin: String, with parameters: String, in directory: URL) throws -> any FollowUpService {
    let yaml = config(sections: ["follow_up": "  - plugin: \(plugin)\n    with:\n\(indent(parameters, 6))"])
    let configuration = try configuration(yaml, in: directory)
    guard let stage = configuration.followUp.first else { throw FixtureError.notBuilt(plugin) }
    return stage.plugin
  }

  /// The one event plugin configured by `with` (YAML lines).
  static func event(_ plugin: String, with parameters: String, in directory: URL) throws -> any EventFormat {
    let yaml = config(sections: ["event": "  - plugin: \(plugin)\n    with:\n\(indent(parameters, 6))"])
    let configuration = try configuration(yaml, in: directory)
    guard let stage = configuration.events.first else { throw FixtureError.notBuilt(plugin) }
    return stage.plugin
  }

  /// The data error `body` throws, or `nil` when it throws none.
  static func dataError(_ body: () async throws -> Void) async throws -> DataError? {
    do {
      try await body()
      return nil
    } catch let error as DataError {
      return error
    }
  }
}

enum FixtureError: Error {
  case notBuilt(String)
}

/// A hand-made university record.
func record(
  _ id: String, institution: String = "清华大学", team: [String] = [], prospect: Double? = nil, ip: [String] = [],
  rights: String? = nil, authorised: String? = nil, founder: String? = nil,
  channel: IntakeChannel = .nationalProgramme
) -> Achievement {
  var attributes: [String: String] = [:]
  attributes["rights"] = rights
  attributes["tto_authorised"] = authorised
  attributes["founder_commitment"] = founder
  return Achievement(
    id: AchievementID(source: "t", externalID: id), title: "成果\(id)", institution: institution, team: team,
    prospect: prospect, channel: channel, intellectualProperty: ip, attributes: attributes)
}
