import AgriParksCounties
import Foundation
import RoadshowKernel
import Testing

/// Screening stages and events on hand-made records.
@Suite struct AgriStageTests {
  func record(
    _ id: String, _ title: String, institution: String? = nil, programme: String? = nil, local: Bool = false,
    confidentiality: Confidentiality = .cleared
  ) -> Candidate {
    var a = Achievement(
      id: AchievementID(source: "t", externalID: id), title: title, institution: institution, field: programme,
      confidentiality: confidentiality)
    if local { a.attributes[AgriAttribute.list] = "local" } else { a.channel = .nationalProgramme }
    return Candidate(achievement: a)
  }

  func screening(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("intake: []\n" + yaml))
    return try #require(config.screening.first?.plugin)
  }

  let context = PipelineContext(
    programme: ProgrammeInfo(name: "测试"), host: HostInfo(name: "测试承办单位", province: "黑龙江"), eventDate: "2024-06-18")

  @Test func classificationKeepsAgricultureAndCountsWhatItCannotClassify() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: agriculture.classification
      """)
    let input = [
      record("1", "西北耐密高产抗旱玉米新品种培育", programme: "七大农作物育种"),
      record("2", "碳纳米管有序宏观体功能化及在极端条件下的应用", programme: "纳米科技"),
      record("3", "农村电商直播助农服务模式", local: true),
    ]
    let result = try await stage.screen(input, in: context)
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:3"])
    #expect(result.decisions.map(\.rule) == ["classified", "out_of_scope", "partly_classified"])
    // Classified here, the axes travel on with the record.
    #expect(result.passed.first?.achievement.attributes[AgriAxis.techField.attributeKey] == "种业与育种")
    #expect(result.passed.last?.flags.first?.zh.contains("技术领域") == true)
    let report = String(
      decoding: try #require(result.artifacts.first { $0.name == "agri-classification.md" }).contents, as: UTF8.self)
    #expect(report.contains("共 3 项：农业科技成果 2 项，非农业 1 项"))
    #expect(report.contains("| 未分类 | 1 |"))
    let table = try CSVTable.parse(
      String(
        decoding: try #require(result.artifacts.first { $0.name == "agri-classification.csv" }).contents, as: UTF8.self),
      file: "agri-classification.csv")
    #expect(table.rows.count == 3)
  }

  @Test func classificationFocusAndRequiredAxes() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: agriculture.classification
          with:
            focus: {crops: [大豆]}
            require: [tech_field]
      """)
    let result = try await stage.screen(
      [
        record("1", "大豆及花生化肥农药减施技术集成研究与示范", programme: "化学肥料和农药减施增效综合技术研发"),
        record("2", "西北耐密高产抗旱玉米新品种培育", programme: "七大农作物育种"),
        record("3", "大豆电商服务模式", local: true),
      ], in: context)
    #expect(result.passed.map(\.id.rawValue) == ["t:1"])
    #expect(result.decisions.map(\.rule) == ["classified", "out_of_focus", "unclassified"])
  }

  @Test func regionalFitScoresTheProvinceAndRejectsOtherAreas() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: agriculture.regional_fit
          with:
            provinces: [黑龙江]
            profiles: agri-parks-counties/data/province-profiles.csv
            min_score: 10
      """)
    let result = try await stage.screen(
      [
        record(
          "1", "黑龙江低温黑土区春玉米、粳稻全程机械化丰产增效技术集成与示范", institution: "黑龙江省农业科学院",
          programme: "粮食丰产增效科技创新"),
        record("2", "西南及南方抗逆高产耐瘠薄玉米新品种培育", institution: "四川农业大学", programme: "七大农作物育种"),
        record("3", "热带作物重要性状形成与调控", institution: "示例研究所", programme: "主要经济作物优质高产与产业提质增效科技创新"),
        record("4", "畜禽养殖智能装备与信息化技术研发", institution: "中国农业大学", programme: "畜禽重大疫病防控与高效安全养殖综合技术研发"),
      ], in: context)
    let byID = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.rawValue, $0) })
    // crop 10 + black soil 10 + 粮食产业 featured 5 + area 黑龙江 10 + holder in the province 5
    #expect(byID["t:1"]?.rule == "fit")
    #expect(byID["t:1"]?.score == 40)
    #expect(byID["t:2"]?.rule == "area_mismatch")
    #expect(byID["t:2"]?.reason.zh.contains("西南") == true)
    #expect(byID["t:3"]?.rule == "area_mismatch")
    // 畜牧业 is featured in 黑龙江 (5) but that is below 10.
    #expect(byID["t:4"]?.rule == "min_fit")
    #expect(result.passed.map(\.id.rawValue) == ["t:1"])
    #expect(result.passed.first?.scoreParts.first { $0.name == "fit" }?.value == 40)
  }

  @Test func listsPublishOnlyClearedRecordsOnSchedule() async throws {
    let config = try configuration(
      skeleton(
        """
        intake: []
        screening:
          - plugin: agriculture.classification
        event:
          - plugin: agriculture.list_publication
            with: {first_issue: 2024-11-30, every_months: 3, issues: 3}
        """))
    let event = try #require(config.events.first?.plugin)
    let classified = [
      record("1", "西北耐密高产抗旱玉米新品种培育", programme: "七大农作物育种"),
      record("2", "黑土区玉米条带耕作技术", local: true),
      record("3", "盐碱地水稻栽培技术", local: true, confidentiality: .pending),
    ]
    let funnel = [FunnelStage(name: "分类", plugin: "agriculture.classification", inCount: 3, passed: classified)]
    let result = try await event.plan(EventInput(selected: [], funnel: funnel), in: context)
    #expect(result.events.map(\.date) == ["2024-11-30", "2025-02-28", "2025-05-30"])
    #expect(result.events.first?.achievements.map(\.rawValue) == ["t:1", "t:2"])
    let national = try #require(result.artifacts.first { $0.name == "national-list.csv" })
    let local = try #require(result.artifacts.first { $0.name == "local-list.csv" })
    #expect(try CSVTable.parse(String(decoding: national.contents, as: UTF8.self), file: "n").rows.count == 1)
    #expect(try CSVTable.parse(String(decoding: local.contents, as: UTF8.self), file: "l").rows.count == 1)
    let md = String(
      decoding: try #require(result.artifacts.first { $0.name == "publication-schedule.md" }).contents, as: UTF8.self)
    #expect(md.contains("待保密审查 1 项"))
  }

  @Test func parkDockingRefusesAParkThatIsNotOnTheList() async throws {
    let config = try configuration(
      skeleton(
        minimalAgriIntake + "\n" + minimalAgriScreening + "\n" + """
          event:
            - plugin: agriculture.park_docking
              with: {venue: 黑龙江绥化农业科技园区}
          """))
    do {
      _ = try await PipelineRunner().run(config, library: InMemoryLibrary())
      Issue.record("a docking in an unknown park must fail")
    } catch let error as PipelineError {
      #expect(error.message.zh.contains("黑龙江绥化国家农业科技园区"))
    }
  }
}
