import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

@testable import CustomScreening

/// `custom.external_intake`: a program in any language reads a source and returns records over
/// the same contained process protocol as `custom.external` (`roadshow.intake/1`).
@Suite struct ExternalIntakeTests {
  /// A `custom.external_intake` source around the shell script `script` in a fresh folder.
  func intake(_ script: String, with extra: String = "") throws -> (any IntakeSource, URL) {
    let directory = try temporaryDirectory()
    try script.write(to: directory.appendingPathComponent("intake.sh"), atomically: true, encoding: .utf8)
    let config = try configuration(
      """
      programme: {name: 测试}
      tracks: [torch, custom]
      host: {name: 测试}
      intake:
        - plugin: custom.external_intake
          with: {command: [sh, ./intake.sh], source: ext, timeout_seconds: 10\(extra)}
      screening:
        - plugin: torch.trl_threshold
      """, in: directory)
    return (try #require(config.intake.first?.plugin), directory)
  }

  func failure(_ script: String) async throws -> String {
    let (source, directory) = try intake(script)
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
      _ = try await source.collect(in: PipelineContext(stage: "外部征集"))
      Issue.record("expected the intake program to fail")
      return ""
    } catch let error as PipelineError {
      #expect(error.plugin == "custom.external_intake")
      #expect(error.stage == "外部征集")
      return error.message.en
    }
  }

  @Test func aProgramReturnsTypedRecordsAndItsRequestHasTypedParameters() async throws {
    let (source, directory) = try intake(
      #"""
      cat > request.json
      echo 'reading' >&2
      echo '{"protocol": "roadshow.intake/1", "records": [{"id": "1", "title": "绿色建材", "trl": 6, "ip": ["发明专利2项"], "region": "west", "year": 2024, "attributes": {"crop": "rice"}}, {"id": "2", "title": "节能电机", "trl": null}]}'
      """#, with: ", parameters: {limit: 2, file: data.csv}")
    defer { try? FileManager.default.removeItem(at: directory) }
    let batch = try await source.collect(in: PipelineContext(stage: "外部征集"))
    #expect(batch.records.map(\.id.rawValue) == ["ext:1", "ext:2"])
    #expect(batch.records.map(\.readiness) == [.level(6), .unknown])
    #expect(batch.records.first?.region == .west)
    #expect(batch.records.first?.intellectualProperty == ["发明专利2项"])
    #expect(batch.records.first?.attributes == ["crop": "rice"])
    #expect(batch.artifacts.map(\.name) == ["plugins/intake-01-外部征集.stderr.log"])
    #expect(batch.artifacts.first.map { String(decoding: $0.contents, as: UTF8.self) } == "reading\n")
    let request = try String(contentsOf: directory.appendingPathComponent("request.json"), encoding: .utf8)
    #expect(request.contains(#""parameters":{"file":"data.csv","limit":2}"#), "\(request)")
    #expect(
      request.contains(#""protocol":"roadshow.intake\/1""#) || request.contains(#""protocol":"roadshow.intake/1""#))
  }

  @Test func aBadRecordStopsTheRunNamingTheRecordAndTheField() async throws {
    let trl = try await failure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.intake/1", "records": [{"id": "a", "title": "x", "trl": 12}]}'"#)
    #expect(trl.contains("record 1 a, `trl`: expected a whole number 1–9"), "\(trl)")
    let huge = try await failure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.intake/1", "records": [{"id": "a", "title": "x", "trl": 1e300, "year": 1e300}]}'"#
    )
    #expect(huge.contains("record 1 a, `trl`: expected a whole number 1–9"), "\(huge)")
    let year = try await failure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.intake/1", "records": [{"id": "a", "title": "x", "year": 1e300}]}'"#
    )
    #expect(year.contains("record 1 a, `year`: expected a whole number"), "\(year)")
    let title = try await failure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.intake/1", "records": [{"id": "a"}]}'"#)
    #expect(title.contains("record 1 a, `title`: is missing"), "\(title)")
    let twice = try await failure(
      #"cat > /dev/null; echo '{"protocol": "roadshow.intake/1", "records": [{"id": "a", "title": "x"}, {"id": "a", "title": "y"}]}'"#
    )
    #expect(twice.contains("record ext:a is given twice"), "\(twice)")
    let version = try await failure(#"cat > /dev/null; echo '{"protocol": "roadshow.screening/1", "records": []}'"#)
    #expect(version.contains("expected roadshow.intake/1, the program replied roadshow.screening/1"), "\(version)")
    let crash = try await failure("echo 'Traceback: no such file' >&2; exit 1")
    #expect(crash.contains("exited with status 1: Traceback: no such file"), "\(crash)")
  }

  @Test func thePythonIntakeSampleRunsEndToEndAndKeepsItsStandardError() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = samplesDirectory.appendingPathComponent("custom-screening/external-intake.yaml").path
    let out = directory.appendingPathComponent("out")
    let (status, errors) = await launch(
      ["run", config, "--out", out.path, "--db", directory.appendingPathComponent("library.sqlite").path, "--quiet"],
      registry: try registry())
    #expect(status == 0, "\(errors)")
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("run.json")))
    #expect(record.libraryAfter == 300)
    #expect(record.funnel.first?.in == 300)
    let log = try String(
      contentsOf: out.appendingPathComponent("plugins/intake-01-外部程序征集（Python）.stderr.log"), encoding: .utf8)
    #expect(log == "csv_intake: 300 records from ../data/nkrdp-projects-2018.csv\n")
  }
}
