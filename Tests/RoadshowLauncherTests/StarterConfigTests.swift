import Foundation
import RoadshowKernel
import Testing
import TorchExpress

@testable import RoadshowLauncher

/// The starter that `roadshow init` writes must validate against the Torch express plugins once
/// the data files it names exist, and run end to end on a handful of rows.
@Suite struct StarterConfigTests {
  private func workspaceWithData() throws -> Workspace {
    let workspace = try Workspace()
    try workspace.write(StarterConfig.text, as: "roadshow.yaml")
    try FileManager.default.createDirectory(
      at: workspace.folder.appendingPathComponent("data"), withIntermediateDirectories: true)
    let rows: [String: String] = [
      "data/achievements.csv": "A1,工业机器人关节减速器,某大学,智能制造,6,80,精密减速器\nA2,智能工厂排产软件,某研究院,智能制造,3,60,排产\n",
      "data/enterprise-responses.csv": "A1,示例企业,有意向,关注成本\n",
      "data/business-plans.csv": "A1,market;team\n",
      "data/experts.csv": "示例专家,某大学,智能制造\n",
    ]
    for file in StarterConfig.dataFiles {
      try workspace.write(file.header + "\n" + (rows[file.path] ?? ""), as: file.path)
    }
    return workspace
  }

  @Test func validatesWithTheTorchExpressPluginsOnceTheDataExists() throws {
    let workspace = try workspaceWithData()
    defer { workspace.remove() }
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    let configuration = try ConfigLoader.load(path: workspace.path("roadshow.yaml"), registry: registry)
    #expect(configuration.tracks == ["torch"])
    #expect(configuration.screening.count == 5)
    #expect(configuration.events.count == 2)
  }

  @Test func runsEndToEnd() async throws {
    let workspace = try workspaceWithData()
    defer { workspace.remove() }
    let capture = Capture()
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    let code = await Launcher.run(
      arguments: ["run", workspace.path("roadshow.yaml"), "--out", workspace.path("out"), "--quiet"],
      context: LauncherContext(registry: registry, console: capture.console))
    #expect(code == 0, "\(capture.err)")
    #expect(FileManager.default.fileExists(atPath: workspace.path("roadshow.sqlite")))
    #expect(FileManager.default.fileExists(atPath: workspace.path("out/run.json")))
  }

  @Test func withoutItsDataItNamesEveryMissingFile() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(StarterConfig.text, as: "roadshow.yaml")
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    do {
      _ = try ConfigLoader.load(path: path, registry: registry)
      Issue.record("the starter validated without its data files")
    } catch {
      #expect(Set(error.diagnostics.map(\.code)) == [.missingFile])
      #expect(error.diagnostics.count == StarterConfig.dataFiles.count)
    }
  }
}
