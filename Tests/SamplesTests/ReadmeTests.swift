import Foundation
import RoadshowPlugins
import Testing

/// What the README shows is what the commands print.
@Suite struct ReadmeTests {
  /// The README's `roadshow validate …/bad.yaml --lang en` block, line for line (the absolute
  /// path of the missing data file is shown as `/…/`).
  @Test func badConfigOutputMatchesTheReadme() async throws {
    let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
    let fixture = "Tests/RoadshowLauncherTests/Fixtures/bad.yaml"
    let shown = readme.components(separatedBy: "\n").filter {
      $0.hasPrefix(fixture + ":") || $0.hasPrefix("invalid config:")
    }

    let root = repository.path + "/"
    // What the shipped launcher prints: its own modules, without the samples' Swift plugin.
    let (status, err) = try await launch(["validate", root + fixture, "--lang", "en"], modules: LinkedModules.all)
    #expect(status == 2)
    // Each line names the file as given (here absolute); the README shows it relative.
    let printed = err.components(separatedBy: "\n").filter { !$0.isEmpty }
      .map { $0.hasPrefix(root) ? String($0.dropFirst(root.count)) : $0 }
      .map { $0.replacingOccurrences(of: root, with: "/…/") }
    #expect(printed == shown)
  }
}
