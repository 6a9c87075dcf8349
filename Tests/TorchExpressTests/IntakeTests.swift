import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

@Suite struct IntakeTests {
  let messy =
    "\u{FEFF}编号,成果名称,单位,技术成熟度,经费\r\n"
    + "P1,\"机器人关节,高精度\",清华大学,6,100\r\n"
    + "\r\n"
    + "P2,\"多行\n标题\",北京大学,12,200\r\n"
    + "P3,,浙江大学,5,abc\r\n"
    + "P4,数控机床,哈尔滨工业大学,未知,50\r\n"

  func config(_ directory: URL, onBadRow: String) throws -> RoadshowConfiguration {
    try configuration(
      skeleton(
        """
        intake:
          - plugin: torch.csv_intake
            with:
              file: messy.csv
              source: agency
              columns: {id: 编号, title: 成果名称, institution: 单位, trl: 技术成熟度, funds: 经费}
              on_bad_row: \(onBadRow)
        \(minimalScreening)
        """), in: directory)
  }

  @Test func badRowsStopTheRunWithFileRowAndColumn() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try messy.write(to: directory.appendingPathComponent("messy.csv"), atomically: true, encoding: .utf8)
    let library = InMemoryLibrary()
    do {
      _ = try await PipelineRunner().run(try config(directory, onBadRow: "stop"), library: library)
      Issue.record("expected a data error")
    } catch let error as DataError {
      let found = error.diagnostics.map { ($0.location?.line, $0.location?.column, $0.keyPath) }
      // P2 starts on line 4 (a blank row before it); its TRL is column 4. P3 spans line 6 (the
      // quoted line break of P2 moves it down); its title is empty (column 2) — the first problem
      // found in that row.
      #expect(found.count == 2)
      #expect(found[0] == (4, 4, "技术成熟度"))
      #expect(found[1] == (6, 2, "成果名称"))
      #expect(error.diagnostics[0].location?.file.hasSuffix("messy.csv") == true)
      #expect(error.diagnostics[0].message.zh.contains("第 2 行"))
    }
    #expect(await library.records.isEmpty)
  }

  @Test func badRowsAreSkippedAndCountedWhenConfigured() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try messy.write(to: directory.appendingPathComponent("messy.csv"), atomically: true, encoding: .utf8)
    let outcome = try await PipelineRunner().run(try config(directory, onBadRow: "skip"), library: InMemoryLibrary())
    let count = try #require(outcome.record.intake.first)
    #expect(count.rows == 4)
    #expect(count.skipped == 2)
    #expect(count.added == 2)
    #expect(outcome.record.libraryAfter == 2)
  }

  @Test func aMisspeltColumnHeaderIsAConfigErrorWithSuggestion() throws {
    let yaml = skeleton(
      """
      intake:
        - plugin: torch.csv_intake
          with:
            file: data/nkrdp-projects-2018.csv
            source: nkrdp
            columns: {id: project_no, title: titel}
      \(minimalScreening)
      """)
    #expect {
      try configuration(yaml)
    } throws: { error in
      guard let error = error as? ConfigurationError, let d = error.diagnostics.first else { return false }
      return d.suggestion == "title" && d.keyPath == "intake[0].with.columns.title" && d.location?.line == 11
    }
  }

  @Test func anUnknownFieldInTheMappingIsReportedWithSuggestion() throws {
    let yaml = skeleton(
      """
      intake:
        - plugin: torch.csv_intake
          with:
            file: data/nkrdp-projects-2018.csv
            source: nkrdp
            columns: {title: title, instituion: institution}
      \(minimalScreening)
      """)
    #expect {
      try configuration(yaml)
    } throws: { error in
      guard let error = error as? ConfigurationError else { return false }
      return error.diagnostics.contains { $0.code == .unknownKey && $0.suggestion == "institution" }
    }
  }

  @Test func readsJSONArrays() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let json = #"[{"no": "J1", "name": "智能机器人视觉系统", "trl": 7}, {"no": "J2", "name": "农机导航", "trl": null}]"#
    try json.write(to: directory.appendingPathComponent("batch.json"), atomically: true, encoding: .utf8)
    let config = try configuration(
      skeleton(
        """
        intake:
          - plugin: torch.csv_intake
            with: {file: batch.json, source: j, columns: {id: no, title: name, trl: trl}}
        screening:
          - plugin: torch.field_focus
            with: {keywords: [机器人]}
        """), in: directory)
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    #expect(outcome.record.libraryAfter == 2)
    #expect(outcome.record.funnel.first?.out == 1)
    #expect(outcome.funnel.first?.passed.first?.achievement.readiness == .level(7))
  }
}
