import AgriParksCounties
import Foundation
import RoadshowKernel
import Testing

/// Bad rows name their file, row and column; set-up problems point at the config key.
@Suite struct AgriDataErrorTests {
  /// Writes `files` into a fresh folder and builds `stages` as a config there.
  func configuration(files: [String: String], _ stages: String) throws -> (RoadshowConfiguration, URL) {
    let folder = try temporaryDirectory()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return (try AgriParksCountiesTests.configuration(skeleton(stages), in: folder), folder)
  }

  static let trackingHeader = "成果编号,示范类型,品种名称,作物,耕地场景,省份,地市,县（市、区）,示范面积（亩）,对照单产（公斤/亩）,示范单产（公斤/亩）,核心示范\n"

  @Test func badDemonstrationRowsNameFileRowAndColumn() async throws {
    let tracking =
      Self.trackingHeader
      + ",新品种,示例玉米1号,玉米,,黑龙江,绥化市,海伦市,1200,600,660,是\n"
      + ",新品种,示例玉米2号,玉米,,黑龙江,绥化市,海伦市,一千,600,660,是\n"
      + ",耕地,,玉米,黑土地,黑龙省,绥化市,海伦市,800,600,650,也许\n"
    let (config, folder) = try configuration(
      files: ["tracking.csv": tracking],
      """
      intake: []
      screening: []
      follow_up:
        - plugin: agriculture.demonstration_tracking
          with: {file: tracking.csv}
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try await PipelineRunner().run(config, library: InMemoryLibrary())
      Issue.record("bad rows must stop the run")
    } catch let error as DataError {
      // The run names each file so that it opens from where the command ran (here: absolute).
      #expect(error.diagnostics.allSatisfy { FileManager.default.fileExists(atPath: $0.location?.file ?? "") })
      let located = error.diagnostics.map {
        (
          $0.location.map { URL(fileURLWithPath: $0.file).lastPathComponent }, $0.location?.line, $0.location?.column,
          $0.keyPath
        )
      }
      #expect(located.count == 3)
      #expect(located[0] == ("tracking.csv", 3, 9, "示范面积（亩）"))
      #expect(located[1] == ("tracking.csv", 4, 6, "省份"))
      #expect(located[2] == ("tracking.csv", 4, 12, "核心示范"))
      #expect(error.diagnostics.allSatisfy { $0.code == .badRow })
      #expect(error.diagnostics[0].message.zh.hasPrefix("第 2 行，列 `示范面积（亩）`"))
    }
  }

  @Test func skippedDemonstrationRowsAreCountedNotHidden() async throws {
    let tracking =
      Self.trackingHeader
      + ",新品种,示例玉米1号,玉米,,黑龙江,绥化市,海伦市,1200,600,660,是\n"
      + ",新品种,,玉米,,黑龙江,绥化市,海伦市,1200,600,660,是\n"
    let (config, folder) = try configuration(
      files: ["tracking.csv": tracking],
      """
      intake: []
      screening: []
      follow_up:
        - plugin: agriculture.demonstration_tracking
          with: {file: tracking.csv, on_bad_row: skip}
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let report = try #require(text(outcome, "demonstration-tracking.md"))
    #expect(report.contains("读取 2 行，有效 1 行，跳过 1 行"))
    let varieties = try #require(outcome.record.indicators.first { $0.name.zh == "突破性新品种转化示范" })
    #expect(varieties.value == 1)
  }

  @Test func badParkAndListRowsAreLocated() async throws {
    let (config, folder) = try configuration(
      files: [
        "parks.csv": "batch,name,province\n01,甲国家农业科技园区,黑龙江\n02,乙国家农业科技园区,北平\n03,,吉林\n",
        "local.csv": "编号,技术名称,技术成熟度\nL1,大豆高产栽培技术,7\nL2,玉米密植技术,十\nL1,大豆高产栽培技术,7\n",
      ],
      """
      intake:
        - plugin: agriculture.parks_and_firms
          with: {parks: parks.csv}
        - plugin: agriculture.technology_list
          with:
            file: local.csv
            source: local
            list: local
            columns: {id: 编号, title: 技术名称, trl: 技术成熟度}
      screening: []
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try await PipelineRunner().run(config, library: InMemoryLibrary())
      Issue.record("bad park rows must stop the run")
    } catch let error as DataError {
      #expect(error.diagnostics.map { $0.location?.line } == [3, 4])
      #expect(error.diagnostics.map { $0.location?.column } == [3, 2])
      #expect(error.diagnostics.map(\.keyPath) == ["province", "name"])
    }
  }

  @Test func listRowsSkippedWhenAskedAndDuplicatesCounted() async throws {
    let (config, folder) = try configuration(
      files: ["local.csv": "编号,技术名称,技术成熟度\nL1,大豆高产栽培技术,7\nL2,玉米密植技术,十\nL1,大豆高产栽培技术,7\n"],
      """
      intake:
        - plugin: agriculture.technology_list
          with:
            file: local.csv
            source: local
            list: local
            columns: {id: 编号, title: 技术名称, trl: 技术成熟度}
            on_bad_row: skip
      screening: []
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let intake = try #require(outcome.record.intake.first)
    #expect((intake.rows, intake.added, intake.skipped) == (3, 1, 2))
  }

  @Test func missingColumnIsAConfigErrorWithSuggestion() throws {
    do {
      _ = try configuration(
        files: ["tracking.csv": Self.trackingHeader],
        """
        intake: []
        screening: []
        follow_up:
          - plugin: agriculture.demonstration_tracking
            with:
              file: tracking.csv
              columns: {area: 示范面积(亩)}
        """)
      Issue.record("a column that is not in the file must not validate")
    } catch let error as ConfigurationError {
      let problem = try #require(error.diagnostics.first)
      #expect(problem.keyPath == "follow_up[0].with.columns.area")
      #expect(problem.suggestion == "示范面积（亩）")
    }
  }

  @Test func badProfileRowsAreConfigErrorsAtTheirRow() throws {
    do {
      _ = try configuration(
        files: ["profiles.csv": "省份,主要作物,耕地场景,特色产业,区域关键词\n黑龙江,大豆,黑土地,粮食产业,东北\n黑龙江,玉米,,,\n"],
        """
        intake: []
        screening:
          - plugin: agriculture.regional_fit
            with: {provinces: [黑龙江], profiles: profiles.csv}
        """)
      Issue.record("a profile table naming a province twice must not validate")
    } catch let error as ConfigurationError {
      let problem = try #require(error.diagnostics.first)
      #expect(problem.code == .badRow)
      #expect(problem.location?.file == "profiles.csv")
      #expect(problem.location?.line == 3)
    }
  }
}
