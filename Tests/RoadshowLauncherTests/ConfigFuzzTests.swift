import Foundation
import RoadshowKernel
import RoadshowPlugins
import Testing

@testable import RoadshowLauncher

/// Inputs that once made `roadshow validate` slow (see Fixtures/config-fuzz/SOURCE.md).
let configFuzzFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/config-fuzz")
let repositorySamples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Samples")

@Suite struct ConfigFuzzTests {
  static func fuzz() throws -> ConfigFuzz { ConfigFuzz(registry: try PluginRegistry(modules: LinkedModules.all)) }

  /// A fixture's text and the path it is validated as: beside its seed when its first line names
  /// one (`# seed: Samples/…`, as `roadshow-bench config-fuzz --save` writes), so that the data
  /// files it names are found as they were when it failed.
  static func fixture(_ name: String) throws -> (text: String, file: String) {
    let url = configFuzzFixtures.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    let first = text.prefix { $0 != "\n" }
    guard first.hasPrefix("# seed: ") else { return (text, url.path) }
    let seed = repositorySamples.deletingLastPathComponent().appendingPathComponent(String(first.dropFirst(8)))
    return (text, seed.deletingLastPathComponent().appendingPathComponent(name).path)
  }

  /// Loads a fixture and returns its diagnostics and the time it took.
  static func refuse(_ name: String) throws -> (diagnostics: [Diagnostic], seconds: Double) {
    let (text, file) = try fixture(name)
    let registry = try fuzz().registry
    let start = ConfigFuzz.threadCPUNanoseconds()
    var found: [Diagnostic] = []
    do throws(ConfigurationError) {
      _ = try ConfigLoader.build(try ConfigLoader.parse(text, file: file), registry: registry)
      Issue.record("\(name) was accepted")
    } catch {
      found = error.diagnostics
    }
    return (found, cpuSeconds(since: start))
  }

  static var regressionFiles: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: configFuzzFixtures.path)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
  }

  @Test(arguments: regressionFiles)
  func inputsThatOnceFailedAreAnsweredQuicklyWithLocatedDiagnostics(name: String) throws {
    let (text, file) = try Self.fixture(name)
    let outcome = try Self.fuzz().check(text, file: file)
    #expect(outcome.problem == nil)
    #expect(outcome.diagnostics > 0)
    #expect(outcome.seconds < 3)
  }

  @Test func anAliasBombIsRefusedAtTheAliasThatCrossesTheLimit() throws {
    let (found, seconds) = try Self.refuse("alias-bomb-9x9.yaml")
    #expect(seconds < 1)
    #expect(found.count == 1)
    let diagnostic = try #require(found.first)
    #expect(diagnostic.code == .tooLarge)
    // l0…l4 hold 74,732 values; the first alias in l5 (line 7) adds l4's 66,430.
    #expect(diagnostic.position == "7:10")
    #expect(diagnostic.message.en.contains("more than 100000 values"))
    #expect(diagnostic.message.zh.contains("100000"))
  }

  @Test func everyDuplicateOfAThousandIsReportedWhereItIsWritten() throws {
    let (found, seconds) = try Self.refuse("duplicate-keys-1000.yaml")
    #expect(seconds < 3)
    let duplicates = found.filter { $0.code == .duplicateKey }
    #expect(duplicates.count == 1_000)
    #expect(duplicates.map(\.position) == (10...1_009).map { "\($0):1" })
    #expect(duplicates.allSatisfy { $0.keyPath == "tracks" })
  }

  @Test func everyKeyWrittenTwiceIsReported() throws {
    let (found, _) = try Self.refuse("duplicate-keys-500-pairs.yaml")
    let duplicates = found.filter { $0.code == .duplicateKey }
    #expect(duplicates.map(\.position) == (0..<500).map { "\($0 * 2 + 2):1" })
    #expect(duplicates.map(\.keyPath) == (0..<500).map { "k\($0)" })
  }

  @Test func duplicatesInAFlowMappingAreAllReported() throws {
    let pairs = (0..<300).map { #""name": "n\#($0)""# }.joined(separator: ", ")
    let json = #"{"programme": {"# + pairs + #"}, "tracks": ["test"]}"#
    let found = try ConfigLoaderTests.parseProblems(json, file: "config.json")
    #expect(found.filter { $0.code == .duplicateKey }.count == 299)
    #expect(found.allSatisfy { $0.location?.line == 1 && $0.keyPath == "programme.name" })
  }

  @Test func aHugePluginIdIsRefusedWithoutSuggestions() throws {
    let (found, seconds) = try Self.refuse("plugin-id-1mb.yaml")
    #expect(seconds < 3)
    let diagnostic = try #require(found.first { $0.keyPath == "screening[0].plugin" })
    #expect(diagnostic.code == .outOfRange)
    #expect(diagnostic.position == "8:13")
    #expect(diagnostic.suggestion == nil)
    #expect(diagnostic.rendered(.en).count < 200)
  }

  @Test func aLongPluginIdUnderTheValueLimitIsRefusedByItsOwnLimit() throws {
    let text = try Self.fixture("duplicate-keys-1000.yaml").text.components(separatedBy: "\n").prefix(10)
      .joined(separator: "\n").replacingOccurrences(
        of: "torch.trl_threshold", with: String(repeating: "x", count: 1_000))
    let found = try Self.fuzz().check(text, file: configFuzzFixtures.appendingPathComponent("c.yaml").path)
    #expect(found.problem == nil)
    let diagnostics = try ConfigLoaderTests.validationProblems(text)
    let diagnostic = try #require(diagnostics.first { $0.keyPath == "screening[0].plugin" })
    #expect(diagnostic.code == .outOfRange)
    #expect(diagnostic.message.en.contains("plugin id is too long: 1000 characters, at most 128"))
    #expect(diagnostic.suggestion == nil)
  }

  @Test func noSuggestionIsComputedForALongWord() {
    #expect(Suggestions.nearest(to: "min_trll", in: ["min_trl"]) == "min_trl")
    #expect(Suggestions.nearest(to: String(repeating: "m", count: 65), in: [String(repeating: "m", count: 64)]) == nil)
  }

  @Test func fuzzedConfigsAreAnsweredQuicklyWithLocatedDiagnostics() throws {
    // ROADSHOW_CONFIG_FUZZ_COUNT raises the count; `roadshow-bench config-fuzz` runs 20,000.
    let count = ProcessInfo.processInfo.environment["ROADSHOW_CONFIG_FUZZ_COUNT"].flatMap(Int.init) ?? 300
    let seeds = ConfigFuzz.seeds(samples: repositorySamples)
    #expect(seeds.count >= 9 + ConfigFuzz.handMade.count)
    let report = try Self.fuzz().run(seeds: seeds, count: count, seed: 20_240_920)
    #expect(report.count == count)
    for failure in report.failures {
      Issue.record(
        "#\(failure.index) \(failure.seed) [\(failure.mutations.joined(separator: "; "))]: \(failure.problem ?? "")")
    }
    #expect((report.slowest?.seconds ?? 0) < 3)
  }

  @Test func theSameSeedGivesTheSameInputs() {
    var a = SplitMix64(seed: 7)
    var b = SplitMix64(seed: 7)
    let text = ConfigFuzz.handMade[0]
    #expect(
      (0..<50).map { _ in ConfigFuzz.mutate(text, using: &a).0 }
        == (0..<50).map { _ in ConfigFuzz.mutate(text, using: &b).0 })
  }
}

/// Processor seconds this thread has used since `start` (tests run beside other builds).
func cpuSeconds(since start: UInt64) -> Double { Double(ConfigFuzz.threadCPUNanoseconds() - start) / 1e9 }

extension ConfigLoaderTests {
  /// The problems found while parsing alone (duplicates, aliases, limits).
  static func parseProblems(_ text: String, file: String = "config.yaml") throws -> [Diagnostic] {
    do throws(ConfigurationError) {
      return try ConfigLoader.parse(text, file: file).problems
    } catch {
      return error.diagnostics
    }
  }

  /// Every problem of `text` validated against the linked plugins.
  static func validationProblems(_ text: String) throws -> [Diagnostic] {
    let registry = try PluginRegistry(modules: LinkedModules.all)
    do throws(ConfigurationError) {
      _ = try ConfigLoader.build(try ConfigLoader.parse(text, file: "config.yaml"), registry: registry)
      return []
    } catch {
      return error.diagnostics
    }
  }
}

@Suite struct ConfigAliasTests {
  static func root(_ text: String) throws -> ConfigNode {
    try #require(try ConfigLoader.parse(text, file: "config.yaml").root)
  }

  @Test func anAliasStandsForWhatItNamesAndIsLocatedWhereItIsWritten() throws {
    let root = try Self.root(
      """
      a: &w {fields: [智能机器人, "*quoted"], note: rated *5*}
      b: *w
      c: [*w, *w]
      d: |
        *block text
      """)
    let a = try #require(root["a"])
    let b = try #require(root["b"])
    #expect(b.entries == a.entries)
    #expect(b.location == SourceLocation(file: "config.yaml", line: 2, column: 4))
    #expect(a["fields"]?.items?.map(\.scalar) == ["智能机器人", "*quoted"])
    #expect(a["note"]?.scalar == "rated *5*")
    #expect(root["c"]?.items?.count == 2)
    #expect(root["c"]?.items?.last?.location == SourceLocation(file: "config.yaml", line: 3, column: 9))
    #expect(root["d"]?.scalar == "*block text")
  }

  @Test func anAliasAsAKeyStandsForItsText() throws {
    let root = try Self.root("k: &k name\n*k : value\n")
    #expect(root.entries?.map(\.key) == ["k", "name"])
  }

  @Test func anAliasWithoutAnAnchorIsReportedWhereItIsWritten() throws {
    let found = try ConfigLoaderTests.parseProblems("a: 1\nb: [x, *nowhere]\n")
    #expect(found.map(\.code) == [.syntax])
    #expect(found.map(\.position) == ["2:8"])
    #expect(found.first?.message.en.contains("`*nowhere` names no anchor") == true)
  }

  @Test func aMappingAsAKeyIsRefusedWithoutExpandingIt() throws {
    let bomb = ConfigFuzz.aliasBomb(width: 9, depth: 9)
    let start = ConfigFuzz.threadCPUNanoseconds()
    let found = try ConfigLoaderTests.parseProblems(bomb + "? *l8\n: x\n")
    #expect(cpuSeconds(since: start) < 1)
    #expect(found.map(\.code) == [.tooLarge])
  }

  @Test func nestingDeeperThanTheLimitIsRefused() throws {
    let found = try ConfigLoaderTests.parseProblems(
      "a: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
    #expect(found.map(\.code) == [.tooLarge])
    #expect(found.first?.message.en.contains("more than \(ConfigLimits.maxDepth) levels") == true)
  }

  @Test func aKeyOverItsLimitIsRefused() throws {
    let found = try ConfigLoaderTests.parseProblems(String(repeating: "k", count: 300) + ": 1\n")
    #expect(found.map(\.code) == [.outOfRange])
    #expect(found.first?.message.en.contains("key is too long: 300 characters, at most 256") == true)
  }

  @Test func aFileOverTwoMegabytesIsRefusedUnread() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(String(repeating: "# padding\n", count: 209_716))
    let start = ConfigFuzz.threadCPUNanoseconds()
    #expect {
      _ = try ConfigLoader.read(path: path)
    } throws: { error in
      let diagnostics = (error as? ConfigurationError)?.diagnostics ?? []
      return diagnostics.map(\.code) == [.tooLarge] && diagnostics.first?.position == "1:1"
        && diagnostics.first?.message.en.contains("at most 2 MB") == true
    }
    #expect(cpuSeconds(since: start) < 1)
  }
}
