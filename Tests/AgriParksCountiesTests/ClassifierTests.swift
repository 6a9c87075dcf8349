import AgriParksCounties
import Foundation
import RoadshowKernel
import Testing

/// The keyword classifier on hand-made records.
@Suite struct ClassifierTests {
  let classifier = AgriClassifier()

  @Test func programmeDecidesTheFieldAndKeywordsTheRest() {
    let c = classifier.classify(title: "西北耐密高产抗旱玉米新品种培育", programme: "七大农作物育种")
    #expect(c.inScope)
    #expect(c.value(.techField) == "种业与育种")
    #expect(c.basis[.techField] == "专项「七大农作物育种」")
    #expect(c.value(.industry) == "种业")
    #expect(c.value(.scenario) == "干旱半干旱耕地")
    #expect(c.values[.crop] == ["玉米"])
    #expect(c.values[.farmland] == ["干旱半干旱耕地"])
  }

  @Test func findsSeveralCropsAndFarmlandScenarios() {
    let c = classifier.classify(
      title: "黑龙江低温黑土区春玉米、粳稻全程机械化丰产增效技术集成与示范", programme: "粮食丰产增效科技创新")
    #expect(c.values[.crop] == ["玉米", "水稻"])
    #expect(c.values[.farmland] == ["黑土地"])
    #expect(c.value(.techField) == "栽培与丰产增效")
    #expect(c.value(.scenario) == "黑土地")
    let wheat = classifier.classify(title: "山东旱作灌溉区小麦-玉米两熟全程机械化丰产增效技术集成与示范")
    #expect(wheat.values[.crop] == ["玉米", "小麦"])
    let rice = classifier.classify(title: "江苏稻-麦精准化优质丰产增效技术集成与示范", programme: "粮食丰产增效科技创新")
    #expect(rice.values[.crop] == ["水稻", "小麦"])
  }

  @Test func recordsOfOtherProgrammesAreOutOfScopeUnlessTheTitleIsAgricultural() {
    let nano = classifier.classify(title: "碳纳米管有序宏观体功能化及在极端条件下的应用", programme: "纳米科技")
    #expect(!nano.inScope)
    #expect(nano.values.isEmpty)
    #expect(nano.scopeReason.zh.contains("纳米科技"))
    let led = classifier.classify(title: "在设施农业中紫外 LED应用模组和系统技术应用", programme: "战略性先进电子材料")
    #expect(led.inScope)
    #expect(led.value(.scenario) == "设施农业")
    // Industrial pesticide sites are not farmland: 农药 alone does not make a record agricultural.
    let site = classifier.classify(title: "农药行业场地异味清除材料与控制技术", programme: "场地土壤污染成因与治理技术")
    #expect(!site.inScope)
  }

  @Test func declaredValuesWinAndUnclassifiedAxesAreReported() {
    let declared = classifier.classify(
      title: "早熟高油大豆新品种及配套技术", declared: [.techField: "智慧农业", .crop: "大豆、玉米"], declaredInScope: true)
    #expect(declared.value(.techField) == "智慧农业")
    #expect(declared.basis[.techField] == "清单填报")
    #expect(declared.values[.crop] == ["大豆", "玉米"])
    #expect(declared.value(.industry) == "种业")

    let service = classifier.classify(title: "农村电商直播助农服务模式", declaredInScope: true)
    #expect(service.inScope)
    #expect(service.unclassifiedAxes == [.techField, .industry, .scenario])
    #expect(service.attributes[AgriAxis.techField.attributeKey] == nil)
    #expect(service.attributes[AgriAttribute.scope] == "in")
  }

  @Test func extraRulesComeFirst() {
    let custom = AgriClassifier(extraRules: [AgriRule(.techField, "数字乡村", ["电商", "数字化"])])
    let c = custom.classify(title: "农村电商直播助农服务模式", declaredInScope: true)
    #expect(c.value(.techField) == "数字乡村")
    #expect(c.basis[.techField] == "关键词「电商」")
  }

  @Test func classificationSurvivesTheRoundTripThroughAttributes() throws {
    let c = classifier.classify(title: "苏打盐碱地水稻抗逆栽培技术", declaredInScope: true)
    let read = try #require(AgriClassification(attributes: c.attributes))
    #expect(read.inScope == c.inScope)
    #expect(read.values == c.values)
    #expect(read.basis == c.basis)
    #expect(AgriClassification(attributes: [:]) == nil)
  }

  @Test func industryRulesReadEnterpriseNamesWithoutFalseFriends() {
    #expect(classifier.classify(title: "北京金色农华种业科技股份有限公司", declaredInScope: true).value(.industry) == "种业")
    #expect(classifier.classify(title: "内蒙古蒙牛乳业（集团）股份有限公司", declaredInScope: true).value(.industry) == "畜牧业")
    // 蛋白质 (protein) is not eggs.
    let protein = classifier.classify(title: "作物温度信号感受与应答的蛋白质机器研究")
    #expect(protein.value(.industry) != "畜牧业")
  }
}
