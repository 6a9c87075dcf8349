import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

/// The intake's side of the CSV reader: `on_bad_row` for rows a stray quote breaks, `encoding`.
@Suite struct CSVReadingIntakeTests {
  /// The 2018 list with a row that opens a quote it never closes, as data row 501 (line 502).
  func listWithStrayQuote(in directory: URL) throws {
    let source = try String(
      contentsOf: samplesDirectory.appendingPathComponent("data/nkrdp-projects-2018.csv"), encoding: .utf8)
    var lines = source.components(separatedBy: "\n")
    lines.insert("2018,2018YFZ9999999,\"未闭合引号的标题,某大学,纳米科技,100,", at: 501)
    try lines.joined(separator: "\n").write(
      to: directory.appendingPathComponent("list.csv"), atomically: true, encoding: .utf8)
  }

  func config(_ directory: URL, _ extra: String, file: String = "list.csv") throws -> RoadshowConfiguration {
    try configuration(
      skeleton(
        """
        intake:
          - plugin: torch.csv_intake
            with:
              file: \(file)
              source: nkrdp-2018
              columns: {id: project_no, title: title, institution: institution, field: programme}
              \(extra)
        \(minimalScreening)
        """), in: directory)
  }

  @Test func aStrayQuoteStopsTheRunAtItsRow() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try listWithStrayQuote(in: directory)
    let library = InMemoryLibrary()
    do {
      _ = try await PipelineRunner().run(try config(directory, "on_bad_row: stop"), library: library)
      Issue.record("expected a data error")
    } catch let error as DataError {
      #expect(error.diagnostics.count == 1)
      #expect(error.diagnostics.first?.location?.line == 502)
      #expect(error.diagnostics.first?.message.en.hasPrefix("row 501, column `title`:") == true)
    }
    #expect(await library.records.isEmpty)
  }

  @Test func aStrayQuoteIsSkippedAloneWhenConfigured() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try listWithStrayQuote(in: directory)
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner().run(try config(directory, "on_bad_row: skip"), library: library)
    let count = try #require(outcome.record.intake.first)
    #expect(count.rows == 1374)
    #expect(count.skipped == 1)
    #expect(await library.records.count == 1373)
    #expect(outcome.skipped.first?.location?.line == 502)
  }

  /// The kernel's GB18030 fixture (written by Python's `'…'.encode('gb18030')`), copied in.
  func copyGB18030Fixture(to directory: URL) throws {
    let fixture = samplesDirectory.deletingLastPathComponent()
      .appendingPathComponent("Tests/RoadshowKernelTests/Fixtures/gb18030.csv")
    try FileManager.default.copyItem(at: fixture, to: directory.appendingPathComponent("gb.csv"))
  }

  func gbConfig(_ directory: URL, _ extra: String) throws -> RoadshowConfiguration {
    try configuration(
      skeleton(
        """
        intake:
          - plugin: torch.csv_intake
            with:
              file: gb.csv
              source: gb
              columns: {id: 编号, title: 成果名称, institution: 单位, field: 领域}
              \(extra)
        \(minimalScreening)
        """), in: directory)
  }

  @Test func aGB18030FileIsReadWithAWarningNamingIt() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try copyGB18030Fixture(to: directory)
    let stage = try #require(try gbConfig(directory, "encoding: auto").intake.first)
    let batch = try await stage.plugin.collect(in: PipelineContext())
    #expect(batch.records.map(\.title) == ["高精度机器人关节，减速器", "盐碱地水稻新品种", "含“引号”和,逗号"])
    #expect(batch.warnings.count == 1)
    #expect(batch.warnings.first?.message.en.contains("gb.csv is not UTF-8") == true)
  }

  @Test func validateRefusesUTF8ForAGB18030FileFromItsHeader() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try copyGB18030Fixture(to: directory)
    #expect {
      try gbConfig(directory, "encoding: utf-8")
    } throws: { error in
      guard let error = error as? ConfigurationError else { return false }
      return error.diagnostics.contains {
        $0.keyPath == "intake[0].with.file" && $0.message.en.contains("not UTF-8")
      }
    }
  }

  /// A national-size list is read in chunks side by side: records stay in file order, and bad
  /// rows and an id repeated across chunks are reported at their own rows, as a small file's are.
  @Test func aLargeListReadInChunksKeepsFileOrderAndRowNumbers() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var text = "year,project_no,title,institution,programme\n"
    let total = 60_000
    for row in 1...total {
      switch row {
      case 7: text += "2018,P7,,某大学,纳米科技\n"  // no title: a bad row in the first chunk
      case 59_000: text += "2018,P12,重复的编号,某大学,纳米科技\n"  // repeats row 12, chunks apart
      default: text += "2018,P\(row),成果\(row),某大学,纳米科技\n"
      }
    }
    try text.write(to: directory.appendingPathComponent("list.csv"), atomically: true, encoding: .utf8)
    let stage = try #require(try config(directory, "on_bad_row: skip").intake.first)
    let batch = try await stage.plugin.collect(in: PipelineContext())
    let expected = (1...total).filter { $0 != 7 && $0 != 59_000 }.map { "成果\($0)" }
    #expect(batch.records.map(\.title) == expected)
    #expect(batch.rowsRead == total)
    #expect(batch.skipped.map(\.location?.line) == [8, 59_001])
    #expect(batch.skipped.last?.message.en == "row 59000: id nkrdp-2018:P12 repeats row 12")
  }
}
