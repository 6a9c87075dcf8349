import EastWestPairing
import Foundation
import RoadshowKernel
import Testing

/// The east–west stages on hand-made records.
@Suite struct EastWestStageTests {
  func candidate(_ id: String, _ institution: String?, province: String? = nil, title: String = "成果") -> Candidate {
    Candidate(
      achievement: Achievement(
        id: AchievementID(source: "t", externalID: id), title: title, institution: institution, province: province))
  }

  func screening(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("intake: []\n" + yaml))
    return try #require(config.screening.first?.plugin)
  }

  let context = PipelineContext(
    programme: ProgrammeInfo(name: "测试"), host: HostInfo(name: "测试"), eventDate: "2024-08-28")

  @Test func eligibilityMapsProvincesAndKeepsUnmappedForReview() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: east_west.flow_eligibility
          with: {regions: east-west-pairing/data/regions.csv}
      """)
    let input = [
      candidate("1", "哈尔滨工业大学"), candidate("2", "中山大学"), candidate("3", "郑州大学"),
      candidate("4", "中国科学院某研究所"), candidate("5", "示例公司", province: "新疆维吾尔自治区"),
    ]
    let result = try await stage.screen(input, in: context)
    #expect(result.decisions.map(\.rule) == ["flow_a", "flow_b", "not_cross_region", "unmapped", "flow_a"])
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:2", "t:4", "t:5"])
    let harbin = try #require(result.passed.first)
    #expect(harbin.achievement.province == "黑龙江")
    #expect(harbin.achievement.region == .northeast)
    #expect(harbin.achievement.attributes[EastWestAttribute.flow] == "A")
    #expect(result.passed[2].flags.map(\.zh) == ["持有单位所在省份待核实"])
    #expect(result.passed[3].achievement.province == "新疆")
    let unmapped = try #require(result.artifacts.first { $0.name == "unmapped-institutions.csv" })
    #expect(String(decoding: unmapped.contents, as: UTF8.self).contains("中国科学院某研究所,1"))
  }

  @Test func eligibilityCanServeOneFlowAndRejectUnmapped() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: east_west.flow_eligibility
          with: {regions: east-west-pairing/data/regions.csv, flows: [B], unmapped: reject}
      """)
    let result = try await stage.screen(
      [candidate("1", "哈尔滨工业大学"), candidate("2", "中山大学"), candidate("3", "中国科学院某研究所")], in: context)
    #expect(result.decisions.map(\.rule) == ["flow_not_served", "flow_b", "unmapped"])
    #expect(result.passed.map(\.id.rawValue) == ["t:2"])
  }

  @Test func pairingMatchesSidesServesEventPairsAndFlagsTheRest() async throws {
    let stage = try screening(
      """
      screening:
        - plugin: east_west.pairing
          with:
            pairs:
              - name: 吉林—株洲 碳纤维
                west_side: {name: 吉林市, province: 吉林}
                east_side: {name: 株洲, province: 湖南}
                keywords: [碳纤维]
              - name: 南数北算
                west_side: {name: 哈尔滨, province: 黑龙江}
                east_side: {name: 深圳, province: 广东}
                keywords: [数据中心]
            university_pairs:
              - {east: 浙江大学, east_province: 浙江, west: 贵州大学, west_province: 贵州}
              - {east: 中山大学, east_province: 广东, west: 哈尔滨工业大学, west_province: 黑龙江}
            event_pairs: [吉林—株洲 碳纤维, 浙江大学—贵州大学, 中山大学—哈尔滨工业大学]
            require_pair: false
      """)
    var wrongFlow = candidate("5", "示例公司", province: "吉林", title: "碳纤维预制体")
    wrongFlow.achievement.attributes[EastWestAttribute.flow] = "B"
    let result = try await stage.screen(
      [
        candidate("1", "吉林化纤集团有限责任公司", province: "吉林", title: "高性能碳纤维原丝"),
        candidate("2", "示例公司", province: "广东", title: "绿色数据中心"),
        candidate("3", "浙江大学", province: "浙江", title: "任意成果"),
        candidate("4", "示例公司", province: "湖南", title: "轨道交通"),
        wrongFlow,
        candidate("6", "中山大学", province: "广东", title: "绿色数据中心"),
      ], in: context)
    #expect(result.decisions.map(\.rule) == ["pair", "pair_not_served", "pair", "unpaired", "unpaired", "pair"])
    // It fits 南数北算 first, but this roadshow serves only its university pair.
    let sysu = try #require(result.passed.first { $0.id.rawValue == "t:6" })
    #expect(sysu.achievement.attributes[EastWestAttribute.pair] == "中山大学—哈尔滨工业大学")
    #expect(result.decisions.last?.reason.zh.contains("另符合：南数北算") == true)
    let first = try #require(result.passed.first { $0.id.rawValue == "t:1" })
    #expect(first.achievement.attributes[EastWestAttribute.flow] == "A")
    #expect(first.achievement.attributes[EastWestAttribute.partner] == "株洲")
    #expect(first.scoreParts.map(\.name) == ["pair"])
    let zju = try #require(result.passed.first { $0.id.rawValue == "t:3" })
    #expect(zju.achievement.attributes[EastWestAttribute.flow] == "B")
    #expect(zju.achievement.attributes[EastWestAttribute.partner] == "贵州大学")
    #expect(result.passed.first { $0.id.rawValue == "t:4" }?.flags.map(\.zh) == ["未纳入结对"])
    let table = try CSVTable.parse(
      String(decoding: try #require(result.artifacts.first { $0.name == "pairings.csv" }).contents, as: UTF8.self),
      file: "p")
    #expect(table.rows.count == 4)  // every matched record is listed, served or not
  }

  @Test func pairedRoadshowHasAnOnsiteAndALinkedVenue() async throws {
    let config = try configuration(
      skeleton(
        """
        intake: []
        screening: []
        event:
          - plugin: east_west.paired_roadshow
            with:
              source: {host: 深圳市科技创新局, venue: 深圳会场}
              destination: {host: 哈尔滨市科学技术局, venue: 哈尔滨会场}
              flows: [B]
        """))
    let event = try #require(config.events.first?.plugin)
    func selected(_ id: String, _ flow: String) -> Candidate {
      var c = candidate(id, "示例单位", title: "成果\(id)")
      c.achievement.attributes[EastWestAttribute.flow] = flow
      return c
    }
    let result = try await event.plan(
      EventInput(selected: [selected("1", "A"), selected("2", "B"), selected("3", "B")], funnel: []), in: context)
    #expect(result.events.count == 2)
    let onsite = try #require(result.events.first { !$0.online })
    let linked = try #require(result.events.first { $0.online })
    #expect(onsite.venue == "哈尔滨会场")
    #expect(linked.venue?.hasPrefix("深圳会场") == true)
    #expect(onsite.achievements.map(\.rawValue) == ["t:2", "t:3"])
    #expect(onsite.agenda.first?.people == ["深圳市科技创新局", "哈尔滨市科学技术局"])
    #expect(onsite.agenda.filter { $0.segment == .pitch }.count == 2)
    #expect(linked.agenda.first?.start == onsite.agenda.first?.start)
    #expect(linked.agenda.first?.end == onsite.agenda.last?.end)
  }
}
