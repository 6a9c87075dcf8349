import CustomScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

/// Every way an external plugin can misbehave stops the run with an error naming the plugin,
/// and leaves the library as it was.
@Suite struct ExternalProtocolTests {
  /// Builds a `custom.external` policy around a shell script.
  func policy(script: String, timeout: Double = 10) throws -> (any ScreeningPolicy, URL) {
    try externalPolicy(script, timeout: timeout)
  }

  let input = candidates([("绿色节能技术", .level(5)), ("机器人", .unknown)])

  func expectFailure(_ script: String, timeout: Double = 10, containing text: String) async throws {
    let (policy, directory) = try policy(script: script, timeout: timeout)
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
      _ = try await policy.screen(input, in: PipelineContext(stage: "外部"))
      Issue.record("expected the external plugin to fail")
    } catch let error as PipelineError {
      #expect(error.plugin == "custom.external")
      #expect(error.stage == "外部")
      #expect(error.message.en.contains(text), "\(error.message.en)")
    }
  }

  @Test func aWellBehavedProgramDecides() async throws {
    let (policy, directory) = try policy(
      script: """
        cat > /dev/null
        echo '{"protocol": "roadshow.screening/1", "decisions": [{"id": "t:2", "passed": true, "rule": "r", "reason": "ok"}, {"id": "t:1", "passed": false, "rule": "r", "reason": {"zh": "否", "en": "no"}}]}'
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try await policy.screen(input, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:2"])
    #expect(result.decisions.map(\.reason.zh) == ["ok", "否"])
  }

  @Test func timeout() async throws {
    try await expectFailure("sleep 5", timeout: 0.5, containing: "did not answer within 0.5 s")
  }

  @Test func crash() async throws {
    try await expectFailure("echo 'Traceback: boom' >&2; exit 3", containing: "exited with status 3: Traceback: boom")
  }

  @Test func badJSON() async throws {
    try await expectFailure("cat > /dev/null; echo 'this is not json'", containing: "is not JSON: this is not json")
  }

  @Test func wrongVersion() async throws {
    try await expectFailure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.screening/0", "decisions": []}'"#,
      containing: "expected roadshow.screening/1, the program replied roadshow.screening/0")
  }

  @Test func missingDecisionNamesTheRecord() async throws {
    try await expectFailure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.screening/1", "decisions": [{"id": "t:1", "passed": true}]}'"#,
      containing: "no decision on record t:2")
  }

  @Test func inventedRecordIsRefused() async throws {
    try await expectFailure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.screening/1", "decisions": [{"id": "zzz", "passed": true}]}'"#,
      containing: "unknown record zzz")
  }

  @Test func aProgramThatIgnoresItsInputDoesNotKillTheLauncher() async throws {
    // Exits at once without reading stdin: writing the request must not raise SIGPIPE.
    try await expectFailure("exit 0", containing: "is not JSON")
  }

  @Test func aFailingPluginLeavesTheLibraryUnchanged() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "exit 1".write(to: directory.appendingPathComponent("fail.sh"), atomically: true, encoding: .utf8)
    let config = try externalConfiguration(with: "command: [sh, ./fail.sh]", in: directory)
    let library = InMemoryLibrary()
    await #expect(throws: PipelineError.self) { _ = try await PipelineRunner().run(config, library: library) }
    #expect(await library.records.isEmpty)
    #expect(await library.runs.map(\.status) == ["failed"])
  }

  @Test func aMissingScriptIsAConfigErrorWithItsLine() throws {
    #expect {
      try config(screening: "  - plugin: custom.external\n    with: {command: [python3, external/nope.py]}")
    } throws: { error in
      guard let error = error as? ConfigurationError, let d = error.diagnostics.first else { return false }
      return d.code == .missingFile && d.location?.line == 11 && d.keyPath == "screening[0].with.command[1]"
    }
  }

  @Test func parametersArriveTypedAsTheGuideSays() async throws {
    let (policy, directory) = try externalPolicy(
      #"cat > request.json; echo '{"protocol": "roadshow.screening/1", "decisions": [{"id": "t:1", "passed": true}, {"id": "t:2", "passed": true}]}'"#,
      extra: #", parameters: {min_trl: 6, ratio: 0.5, below: -2, strict: true, code: "007", label: 6a, word: "yes"}"#)
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try await policy.screen(input, in: PipelineContext())
    let request = try String(contentsOf: directory.appendingPathComponent("request.json"), encoding: .utf8)
    #expect(
      request.contains(
        #""parameters":{"below":-2,"code":"007","label":"6a","min_trl":6,"ratio":0.5,"strict":true,"word":"yes"}"#),
      "\(request)")
  }

  @Test func thePythonSampleKeepsItsStandardErrorInTheOutputFolder() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = samplesDirectory.appendingPathComponent("custom-screening/external-python.yaml").path
    let out = directory.appendingPathComponent("out")
    let (status, errors) = await launch(
      ["run", config, "--out", out.path, "--db", directory.appendingPathComponent("library.sqlite").path, "--quiet"],
      registry: try registry())
    #expect(status == 0, "\(errors)")
    let log = try String(
      contentsOf: out.appendingPathComponent("plugins/01-绿色低碳（Python）.stderr.log"), encoding: .utf8)
    // The sample reads min_trl as the number it is (it refuses anything else).
    #expect(log.hasPrefix("green_tech: 1373 candidates, "), "\(log)")
    #expect(log.hasSuffix("kept (min_trl 4)\n"), "\(log)")
  }

  @Test func thePythonSampleRunsEndToEnd() async throws {
    let url = samplesDirectory.appendingPathComponent("custom-screening/external-python.yaml")
    let config = try ConfigLoader.load(path: url.path, registry: try registry())
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let green = try #require(outcome.funnel.first)
    #expect(green.inCount == 1373)
    #expect(green.passed.count > 10)
    #expect(
      green.passed.allSatisfy {
        ["绿色", "节能", "低碳", "减排", "清洁", "循环", "固废", "氢能", "可再生", "污染", "修复", "资源化"].contains(
          where: $0.achievement.title.contains)
      })
    #expect(green.passed.first?.scoreParts.first?.name == "green")
    #expect(outcome.record.selected.count == 10)
  }
}
