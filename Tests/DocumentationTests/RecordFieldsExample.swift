import CustomScreening
import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of RecordFields.md.

@Suite struct RecordFieldsExampleTests {
  @Test func theRuleLanguageReadsTheFieldsSwiftReads() {
    let record = Achievement(
      id: AchievementID(source: "nkrdp-2018", externalID: "2018YFB1304900"), title: "高精度工业机器人关节减速器",
      institution: "清华大学", field: "智能机器人", readiness: .level(7), region: .east,
      intellectualProperty: ["发明专利5项"], attributes: ["crop": "水稻"])

    #expect(AchievementField.value("trl", of: record) == .number(7))
    #expect(record.readiness.value == 7)
    #expect(AchievementField.value("region", of: record) == .text("east"))
    #expect(record.region == .east)
    #expect(AchievementField.value("ip", of: record) == .list(["发明专利5项"]))
    #expect(record.intellectualProperty == ["发明专利5项"])
    #expect(AchievementField.value("attr.crop", of: record) == .text("水稻"))
    #expect(record.attributes["crop"] == "水稻")
    // Not assessed: no value, in either language.
    #expect(AchievementField.value("prospect", of: record) == nil)
    #expect(record.prospect == nil)
  }

  @Test func aRuleInTheConfigAndTheSameTestInSwiftDecideAlike() async throws {
    let rule = try DeclarativeRule(
      yaml: """
        rule: mature_patented
        all:
          - {field: trl, at_least: 6}
          - {field: ip, contains: 发明专利}
        """)
    func matureAndPatented(_ record: Achievement) -> Bool {
      (record.readiness.value ?? 0) >= 6 && record.intellectualProperty.contains { $0.contains("发明专利") }
    }

    let candidates = ScreeningPolicyConformance.sampleCandidates
    let result = try await rule.screen(candidates, in: PipelineContext())
    #expect(result.passed.map(\.id) == candidates.filter { matureAndPatented($0.achievement) }.map(\.id))
    #expect(!result.passed.isEmpty)
  }
}
