import EastWestPairing
import Foundation
import RoadshowKernel
import Testing

/// The flow rules, the institution resolver and the pair rules on hand-made records.
@Suite struct FlowRuleTests {
  @Test func holderRegionDecidesTheFlow() throws {
    let table = try regionTable()
    #expect(table.regions.count == 31)
    #expect(try table.eligibleFlow(holder: "黑龙江").get() == .a)
    #expect(try table.eligibleFlow(holder: "甘肃").get() == .a)
    #expect(try table.eligibleFlow(holder: "广东").get() == .b)
    // 湖南 is central but counted with the south (株洲 in 吉林–株洲).
    #expect(try table.eligibleFlow(holder: "湖南").get() == .b)
    #expect(throws: FlowRejection.self) { try table.eligibleFlow(holder: "河南").get() }
    let northOnly = try regionTable(south: [])
    if case .failure(let rejection) = northOnly.eligibleFlow(holder: "湖南") {
      #expect(rejection.rule == "not_cross_region")
    } else {
      Issue.record("without south provinces 湖南 takes neither flow")
    }
  }

  @Test func landingsCountUnderOneFlowOrNeither() throws {
    let table = try regionTable()
    func rule(_ source: String, _ landing: String, _ partner: String?) -> String {
      switch table.landingFlow(source: source, landing: landing, partner: partner) {
      case .success(let flow): flow.rawValue
      case .failure(let rejection): rejection.rule
      }
    }
    #expect(rule("吉林", "吉林", "湖南") == "A")  // carbon fibre of 吉林 with 株洲 industry
    #expect(rule("新疆", "甘肃", "上海") == "A")  // at home in the west, with eastern capital
    #expect(rule("吉林", "吉林", nil) == "no_east_partner")
    #expect(rule("陕西", "陕西", "山西") == "no_east_partner")
    #expect(rule("广东", "黑龙江", nil) == "B")  // 深圳 maize breeding landing in 哈尔滨
    #expect(rule("湖南", "内蒙古", "内蒙古") == "B")
    #expect(rule("广东", "浙江", "浙江") == "not_cross_region")
    #expect(rule("吉林", "广东", "广东") == "outflow")
    #expect(rule("河南", "黑龙江", "黑龙江") == "not_cross_region")
    #expect(rule("台湾", "黑龙江", nil) == "unknown_region")
  }

  @Test func institutionsMapToProvincesByDocumentedRules() {
    let resolver = InstitutionResolver(table: ["中国科学院化学研究所": "北京"], extraPlaces: ["金普新区": "辽宁"])
    func province(_ name: String) -> String? { resolver.resolve(name)?.province }
    #expect(province("哈尔滨工业大学") == "黑龙江")
    #expect(province("吉林大学") == "吉林")
    #expect(province("黑龙江省农业科学院") == "黑龙江")
    // A branch names its location after its parent: the last place wins.
    #expect(province("哈尔滨工业大学（深圳）") == "广东")
    #expect(province("北京大学深圳研究生院") == "广东")
    #expect(province("中国农业科学院深圳农业基因组研究所") == "广东")
    // Names without a place.
    #expect(province("清华大学") == "北京")
    #expect(province("东北林业大学") == "黑龙江")
    #expect(province("西北农林科技大学") == "陕西")
    // The table wins; a gate named after a city is not the city; unknown stays unknown.
    #expect(province("中国科学院化学研究所") == "北京")
    #expect(province("中国中医科学院广安门医院") == nil)
    #expect(province("中国科学院微生物研究所") == nil)
    #expect(province("大连金普新区管委会") == "辽宁")
    #expect(resolver.resolve("清华大学")?.basis.zh == "院校对照「清华大学」")
  }

  @Test func pairSidesDecideTheFlow() {
    let pair = PairDeclaration(
      name: "深圳农基所—哈尔滨 玉米育种", kind: "institution",
      westSide: .init(name: "哈尔滨", provinces: ["黑龙江"]),
      eastSide: .init(name: "深圳农基所", provinces: ["广东"], institutions: ["深圳农业基因组研究所"]),
      keywords: ["玉米", "育种"])
    func achievement(_ title: String, _ institution: String, _ province: String?) -> Achievement {
      Achievement(id: AchievementID("t:\(title)"), title: title, institution: institution, province: province)
    }
    #expect(pair.flow(for: achievement("寒地玉米新品种", "黑龙江省农业科学院", "黑龙江")) == .a)
    #expect(pair.flow(for: achievement("玉米基因组设计育种", "中国农业科学院深圳农业基因组研究所", "广东")) == .b)
    // Province unknown (kept for review): the institution alone places it.
    #expect(pair.flow(for: achievement("玉米基因组设计育种", "中国农业科学院深圳农业基因组研究所", nil)) == .b)
    #expect(pair.flow(for: achievement("玉米育种", "华南农业大学", "广东")) == nil)  // not the named institution
    #expect(pair.flow(for: achievement("寒地水稻栽培", "黑龙江省农业科学院", "黑龙江")) == nil)  // no keyword
  }
}
