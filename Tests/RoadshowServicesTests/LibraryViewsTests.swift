import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowServices

@Suite struct LibraryViewsTests {
  var records: [(record: Achievement, mergedInto: AchievementID?)] {
    [
      (
        Achievement(
          id: AchievementID("a:1"), title: "机器人", institution: "某大学", team: ["张三"], field: "智能机器人",
          readiness: .level(6), province: "江苏", confidentiality: .cleared, fundingWanYuan: 100), nil
      ),
      (
        Achievement(
          id: AchievementID("a:2"), title: "电池", institution: "某所", field: "新能源汽车", readiness: .unknown,
          province: "浙江", confidentiality: .pending), nil
      ),
      (
        Achievement(
          id: AchievementID("b:9"), title: "机器人", institution: "某大学", field: "智能机器人", readiness: .level(7),
          confidentiality: .cleared), AchievementID("a:1")
      ),
    ]
  }

  @Test func statisticsCountAchievementsOnceAndSourcesAll() {
    let stats = LibraryViews.statistics(records)
    #expect(stats.achievements == 2 && stats.merged == 1 && stats.cleared == 1)
    #expect(stats.bySource == ["a": 2, "b": 1])
    #expect(stats.fieldByTRL["智能机器人"]?[5] == 1, "TRL 6 is column 6")
    #expect(stats.fieldByTRL["新能源汽车"]?[9] == 1, "unknown TRL is the last column")
    #expect(stats.byProvince == ["江苏": 1, "浙江": 1])
  }

  @Test func thePublishedExportLeavesOutUnclearedMergedAndWithheld() {
    let rows = LibraryViews.exportRows(records, filter: .init(published: true), gate: PublicationGate())
    #expect(rows.map { $0[0] } == ["a:1"])
    let header = LibraryViews.exportHeader(.en)
    let row = Dictionary(uniqueKeysWithValues: zip(header, rows[0]))
    #expect(row["team"] == "" && row["funding_wan_yuan"] == "", "withheld by default")
    #expect(row["title"] == "机器人" && row["trl"] == "6")

    let office = LibraryViews.exportRows(records, filter: .init(), gate: PublicationGate())
    #expect(office.count == 3, "the host's own export has every record")
    #expect(office.first { $0[0] == "a:1" }?[12] == "张三")
    #expect(office.first { $0[0] == "b:9" }?.last == "a:1")
  }

  @Test func filtersNarrowTheExport() {
    let gate = PublicationGate()
    #expect(LibraryViews.exportRows(records, filter: .init(minTRL: 7), gate: gate).map { $0[0] } == ["b:9"])
    #expect(LibraryViews.exportRows(records, filter: .init(province: "江苏省"), gate: gate).map { $0[0] } == ["a:1"])
    #expect(LibraryViews.exportRows(records, filter: .init(field: "新能源"), gate: gate).map { $0[0] } == ["a:2"])
    #expect(LibraryViews.exportRows(records, filter: .init(source: "b"), gate: gate).map { $0[0] } == ["b:9"])
    #expect(LibraryViews.exportRows(records, filter: .init(status: .pending), gate: gate).map { $0[0] } == ["a:2"])
  }
}
