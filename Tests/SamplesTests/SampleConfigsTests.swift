import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import Testing

let repository = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every `.yaml` and `.json` config under `Samples/`, so that a new sample is run without anyone
/// remembering to add it here.
let sampleConfigs: [String] = {
  let samples = repository.appendingPathComponent("Samples")
  guard let walker = FileManager.default.enumerator(at: samples, includingPropertiesForKeys: nil) else { return [] }
  return walker.compactMap { $0 as? URL }
    .filter { ["yaml", "yml", "json"].contains($0.pathExtension) && !$0.path.contains("/data/") }
    // The copies tests write next to a sample for the duration of a run (`EnglishOutputTests`'
    // `.en-test.yaml`, `HandedOutDocumentsTests`' `.clash-test.yaml`) are not samples.
    .filter { !$0.lastPathComponent.contains(".en-test.") && !$0.lastPathComponent.contains(".clash-test.") }
    .map { String($0.path.dropFirst(repository.path.count + 1)) }
    .sorted()
}()

/// The modules the samples use: the shipped launcher's, and the worked Swift plugin, which the
/// `swift-plugin` sample runs with a launcher of its own (`swift run roadshow-example`).
let sampleModules: [PluginModule] = LinkedModules.all + [ExampleScreening.module]

/// A console that keeps what the launcher prints.
final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var text: String { lock.withLock { lines.joined(separator: "\n") } }
  func clear() { lock.withLock { lines.removeAll() } }
}

@Suite struct SampleConfigsTests {
  @Test func theShippedLauncherDoesNotLinkTheWorkedExample() async throws {
    #expect(!LinkedModules.all.contains { $0.track.id == "example" })
    #expect(sampleModules.contains { $0.track.id == "example" })
    // The shipped launcher refuses the example's sample, naming the plugin it does not have.
    let config = repository.appendingPathComponent("Samples/custom-screening/swift-plugin.yaml").path
    let (status, err) = try await launch(["validate", config, "--lang", "en"], modules: LinkedModules.all)
    #expect(status == 2)
    #expect(err.contains("unknown track `example`") || err.contains("`example.patent_strength`"), "\(err)")
  }

  @Test func everySampleIsFound() {
    #expect(sampleConfigs.contains("Samples/torch-express-2024.yaml"))
    #expect(sampleConfigs.count >= 5)
  }

  /// `roadshow validate` and `roadshow run` on each sample, in-process, as a user would run them.
  @Test(arguments: sampleConfigs)
  func sampleValidatesRunsAndWritesItsOutputs(path: String) async throws {
    let registry = try PluginRegistry(modules: sampleModules)
    let out = Captured()
    let err = Captured()
    let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
    let config = repository.appendingPathComponent(path).path
    #expect(await Launcher.run(arguments: ["validate", config], context: context) == 0, "\(err.text)")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-sample-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let status = await Launcher.run(
      arguments: [
        "run", config, "--out", folder.appendingPathComponent("out").path, "--db",
        folder.appendingPathComponent("library.sqlite").path, "--quiet",
      ],
      context: context)
    #expect(status == 0, "\(err.text)")

    let data = try Data(contentsOf: folder.appendingPathComponent("out/run.json"))
    let record = try JSONDecoder().decode(RunRecord.self, from: data)
    #expect(record.status == "succeeded")
    #expect(!record.funnel.isEmpty)
    #expect(record.funnel.first.map { $0.in == record.libraryAfter } == true)
    for (earlier, later) in zip(record.funnel, record.funnel.dropFirst()) {
      #expect(earlier.out == later.in)
    }
    for name in record.outputs {
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/\(name)").path), "\(name)")
    }
    let summary = try String(contentsOf: folder.appendingPathComponent("out/summary.md"), encoding: .utf8)
    #expect(summary.contains(record.locale == .en ? "Work summary" : "工作总结"))
  }
}
