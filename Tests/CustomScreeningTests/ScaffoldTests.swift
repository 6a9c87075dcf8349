import Foundation
import RoadshowKernel
import Testing
import TorchExpress

@testable import RoadshowLauncher

/// `roadshow new plugin`: its help, the relative path to Roadshow, and a package for every kind.
/// `.ci/run` builds and tests a scaffold of every kind (`--kind all`) as created.
@Suite struct ScaffoldTests {
  @Test func helpPrintsEachDefaultOnceAndNoConfigLocale() async throws {
    let out = Lines()
    let console = Console(out: out.append, err: out.append)
    _ = await Launcher.run(
      arguments: ["new", "plugin", "--help"], context: LauncherContext(registry: try registry(), console: console))
    // Help wraps at the terminal's width: compare with every run of spaces and newlines as one space.
    let help = out.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    #expect(help.contains("--path <dir>"), "\(help)")
    for value in ["(default: .)", "(default: local)", "(default: screening)", "(default: zh-CN)"] {
      #expect(help.components(separatedBy: value).count == 2, "\(value) in \(help)")
    }
    #expect(!help.contains("locale"), "\(help)")
  }

  @Test func roadshowIsNamedByAPathRelativeToThePackage() {
    let base = URL(fileURLWithPath: "/work/plugins/green-tech")
    #expect(PluginScaffold.relativePath(from: base, to: URL(fileURLWithPath: "/work/roadshow")) == "../../roadshow")
    #expect(PluginScaffold.relativePath(from: base, to: URL(fileURLWithPath: "/work/plugins")) == "..")
    #expect(
      PluginScaffold.relativePath(from: base, to: URL(fileURLWithPath: "/srv/src/roadshow"))
        == "../../../srv/src/roadshow")
    let scaffold = PluginScaffold(
      name: "green-tech", track: "local", kinds: [.screening], roadshow: URL(fileURLWithPath: "/work/Roadshow"),
      folder: base)
    #expect(scaffold.packageSwift.contains(#"let roadshow = "../../Roadshow""#))
    #expect(scaffold.packageSwift.contains(#"let roadshowPackage = "roadshow""#))
    #expect(!scaffold.packageSwift.contains("/work/"))
  }

  @Test func aMovedPairStillFindsRoadshow() throws {
    let pair = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: pair) }
    let roadshow = pair.appendingPathComponent("src/roadshow")
    try FileManager.default.createDirectory(at: roadshow, withIntermediateDirectories: true)
    try "// Roadshow".write(to: roadshow.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    let folder = pair.appendingPathComponent("plugins/green-tech")
    let scaffold = PluginScaffold(
      name: "green-tech", track: "local", kinds: [.screening], roadshow: roadshow, folder: folder)
    try OutputWriter.write(files: scaffold.files, to: folder)
    // Both folders move together, to another parent at another depth.
    let moved = FileManager.default.temporaryDirectory.appendingPathComponent("moved-\(UUID().uuidString)/deeper")
    try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: moved.deletingLastPathComponent()) }
    try FileManager.default.moveItem(at: pair, to: moved)
    let manifest = try String(
      contentsOf: moved.appendingPathComponent("plugins/green-tech/Package.swift"), encoding: .utf8)
    let path = try #require(
      manifest.components(separatedBy: "\n").first { $0.hasPrefix("let roadshow = ") }?
        .split(separator: "\"").dropFirst().first.map(String.init))
    let resolved = moved.appendingPathComponent("plugins/green-tech").appendingPathComponent(path)
      .appendingPathComponent("Package.swift")
    #expect(FileManager.default.fileExists(atPath: resolved.path), "\(resolved.path)")
  }

  @Test func everyKindHasItsPluginTestAndSampleEntry() {
    let scaffold = PluginScaffold(
      name: "green-tech", track: "local", kinds: PluginKind.allCases, roadshow: URL(fileURLWithPath: "/r/roadshow"),
      folder: URL(fileURLWithPath: "/r/green-tech"))
    let names = Set(scaffold.files.map(\.name))
    for (kind, type) in [
      (PluginKind.intake, "GreenTechIntake"), (.screening, "GreenTechPolicy"), (.coaching, "GreenTechCoaching"),
      (.event, "GreenTechEvent"), (.followUp, "GreenTechFollowUp"),
    ] {
      #expect(names.contains("Sources/GreenTech/\(type).swift"))
      #expect(names.contains("Tests/GreenTechTests/\(type)Tests.swift"))
      #expect(scaffold.sampleYAML.contains("- plugin: \(scaffold.pluginID(kind))\n"), "\(kind)")
      #expect(scaffold.moduleSwift.contains("(\(type).self)"))
    }
    #expect(scaffold.pluginID(.followUp) == "local.green_tech_follow_up")
    #expect(scaffold.pluginID(.screening) == "local.green_tech")
  }

  /// Without an intake or a screening plugin of its own, the sample uses the Torch ones; that
  /// part of it validates with the Torch track alone.
  @Test func aScaffoldWithoutIntakeOrScreeningUsesTorchPluginsThatValidate() throws {
    let scaffold = PluginScaffold(
      name: "green-tech", track: "local", kinds: [.event], roadshow: URL(fileURLWithPath: "/r/roadshow"),
      folder: URL(fileURLWithPath: "/r/green-tech"))
    let yaml = scaffold.sampleYAML.components(separatedBy: "\nevent:").first ?? ""
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try OutputWriter.write(files: scaffold.files.filter { $0.name.hasPrefix("Samples/data/") }, to: directory)
    let config = try ConfigLoader.build(
      try ConfigLoader.parse(
        yaml.replacingOccurrences(of: "tracks: [torch, local]", with: "tracks: [torch]"),
        file: directory.appendingPathComponent("Samples/sample.yaml").path),
      registry: try PluginRegistry(modules: [TorchExpress.module]))
    #expect(config.screening.map(\.pluginID) == ["torch.trl_threshold"])
  }
}
