import EastWestPairing
import Foundation
import RoadshowKernel
import Testing

/// Bad rows name their file, row and column.
@Suite struct EastWestDataErrorTests {
  func configuration(files: [String: String], _ stages: String) throws -> (RoadshowConfiguration, URL) {
    let folder = try temporaryDirectory()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try FileManager.default.copyItem(
      at: dataDirectory.appendingPathComponent("regions.csv"), to: folder.appendingPathComponent("regions.csv"))
    return (try EastWestPairingTests.configuration(skeleton(stages), in: folder), folder)
  }

  static let header = "成果编号,成果名称,成果所在省份,转化落地省份,合作方,合作方省份,结对,进展,日期\n"

  @Test func badLandingRowsNameFileRowAndColumn() async throws {
    let landing =
      Self.header
      + "E1,碳纤维,吉林,吉林,株洲某企业,湖南,吉林—株洲,落地,2024-05-01\n"
      + "E2,数控,黑龙江,黑龙江,广州某企业,广州,,落地,2024-05-01\n"
      + "E3,玉米,广东,黑龙江,,,,完成,2024-13-01\n"
      + "E4,育种,广东,黑龙江,,,,落地,\n"
    let (config, folder) = try configuration(
      files: ["landing.csv": landing],
      """
      intake: []
      screening: []
      follow_up:
        - plugin: east_west.landing_tracking
          with: {file: landing.csv, regions: regions.csv}
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try await PipelineRunner().run(config, library: InMemoryLibrary())
      Issue.record("bad landing rows must stop the run")
    } catch let error as DataError {
      // The run names each file so that it opens from where the command ran (here: absolute).
      #expect(error.diagnostics.allSatisfy { FileManager.default.fileExists(atPath: $0.location?.file ?? "") })
      let located = error.diagnostics.map {
        (
          $0.location.map { URL(fileURLWithPath: $0.file).lastPathComponent }, $0.location?.line, $0.location?.column,
          $0.keyPath
        )
      }
      #expect(located.count == 4)
      #expect(located[0] == ("landing.csv", 3, 6, "合作方省份"))
      #expect(located[1] == ("landing.csv", 4, 8, "进展"))
      #expect(located[2] == ("landing.csv", 4, 9, "日期"))
      #expect(located[3] == ("landing.csv", 5, 9, "日期"))
      #expect(error.diagnostics[1].message.zh.contains("无法识别的进展 `完成`"))
    }
  }

  @Test func skippedLandingRowsDoNotCount() async throws {
    let landing =
      Self.header
      + "E1,碳纤维,吉林,吉林,株洲某企业,湖南,吉林—株洲,落地,2024-05-01\n"
      + "E2,玉米,广东,黑龙江,,,,完成,2024-05-01\n"
      + "E3,玉米,广东,黑龙江,,,,落地,2026-01-05\n"
    let (config, folder) = try configuration(
      files: ["landing.csv": landing],
      """
      intake: []
      screening: []
      follow_up:
        - plugin: east_west.landing_tracking
          with: {file: landing.csv, regions: regions.csv, on_bad_row: skip}
      """)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let values = outcome.record.indicators.prefix(2).map(\.value)
    #expect(values == [1, 0])  // E2 skipped; E3 landed after the deadline
    #expect(text(outcome, "cross-region-landing.md")?.contains("跳过 1 行") == true)
  }

  @Test func badRegionsAndInstitutionsFilesAreConfigErrors() throws {
    do {
      _ = try configuration(
        files: [
          "regions-bad.csv": "province,region\n北京,east\n黑龙江,north\n",
          "institutions.csv": "单位名称,省份\n示例大学,江苏\n示例大学,浙江\n",
        ],
        """
        intake: []
        screening:
          - plugin: east_west.flow_eligibility
            with: {regions: regions-bad.csv, institutions: institutions.csv}
        """)
      Issue.record("bad tables must not validate")
    } catch let error as ConfigurationError {
      let located = error.diagnostics.map { ($0.location?.file, $0.location?.line, $0.location?.column) }
      #expect(located.count == 2)
      #expect(located.contains { $0 == ("regions-bad.csv", 3, 2) })
      #expect(located.contains { $0 == ("institutions.csv", 3, 2) })
    }
  }
}
