import Foundation
import Testing

@testable import RoadshowMatching

@Suite struct MatchingTests {
  static let achievements = [
    MatchAchievement(id: "A1", title: "锂离子电池正极材料制备技术", institution: "中南大学", province: "湖南", field: "新能源", trl: 7),
    MatchAchievement(id: "A2", title: "盐碱地水稻高产栽培技术", institution: "山东农业大学", province: "山东", field: "农业", trl: 5),
    MatchAchievement(id: "A3", title: "高精度数控机床主轴设计与制造", institution: "华中科技大学", province: "湖北", field: "智能制造", trl: 8),
    MatchAchievement(id: "A4", title: "固态锂电池电解质研究", institution: "清华大学", province: "北京", field: "新能源", trl: 3),
    MatchAchievement(id: "A5", title: "玉米抗旱品种选育与推广", institution: "吉林农业大学", province: "吉林", field: "农业", trl: 6),
    MatchAchievement(id: "A6", title: "工业机器人视觉检测系统", institution: "浙江大学", province: "浙江", field: "智能制造", trl: 9),
  ]

  @Test func findsTheAchievementANeedWasCutFrom() {
    let engine = MatchingEngine(achievements: Self.achievements)
    let cases: [(String, String)] = [
      ("需求：寻找正极材料制备方案，用于产线升级", "A1"),
      ("需求：盐碱地水稻栽培，寻求技术合作", "A2"),
      ("需求：数控机床主轴，需要成熟方案", "A3"),
      ("需求：固态电解质，拟开展联合研发", "A4"),
      ("需求：抗旱玉米品种", "A5"),
      ("需求：机器人视觉检测", "A6"),
    ]
    for (need, expected) in cases {
      let matches = engine.match(MatchDemand(id: "D", need: need), limit: 3)
      #expect(matches.first?.achievementID == expected, "\(need)")
      #expect(matches.map(\.rank) == Array(1...matches.count))
    }
  }

  @Test func explanationListsSharedTermsLargestFirst() throws {
    let engine = MatchingEngine(achievements: Self.achievements)
    let match = try #require(
      engine.match(MatchDemand(id: "D1", field: "新能源", need: "需求：正极材料制备"), limit: 1).first)
    #expect(match.achievementID == "A1")
    let terms = match.sharedTerms.map(\.term)
    #expect(terms.count == 5)
    #expect(terms.allSatisfy { "锂离子电池正极材料制备技术".contains($0) && "正极材料制备".contains($0) })
    // With every shared term listed, the contributions add up to the cosine.
    let full = MatchingEngine(achievements: Self.achievements, options: MatchOptions(explainedTerms: 100))
    let all = try #require(full.match(MatchDemand(id: "D1", need: "需求：正极材料制备"), limit: 1).first)
    // 正极 极材 材料 料制 制备 and 正极材 极材料 材料制 料制备; 需求 is in no title.
    #expect(Set(all.sharedTerms.map(\.term)) == ["正极", "极材", "材料", "料制", "制备", "正极材", "极材料", "材料制", "料制备"])
    #expect(abs(all.sharedTerms.reduce(0) { $0 + $1.contribution } - all.textScore) < 1e-5)
    let contributions = match.sharedTerms.map(\.contribution)
    #expect(contributions == contributions.sorted(by: >))
    #expect(match.constraints == [.fieldMatch(bonus: 0.05)])
    #expect(abs(match.score - match.textScore - 0.05) < 1e-6)
    #expect(match.explanation.contains("field match +0.05"))
    #expect(AppliedConstraint.minimumTRL(required: 5, actual: 7).description == "trl 7 ≥ 5")
  }

  @Test func minimumTRLExcludesImmatureAchievements() {
    let engine = MatchingEngine(achievements: Self.achievements)
    let demand = MatchDemand(id: "D", need: "锂电池材料与制造技术", minimumTRL: 7)
    let matches = engine.match(demand, limit: 10)
    let byID = Dictionary(uniqueKeysWithValues: Self.achievements.map { ($0.id, $0) })
    #expect(!matches.isEmpty)
    #expect(matches.allSatisfy { (byID[$0.achievementID]?.trl ?? 0) >= 7 })
    #expect(!matches.contains { $0.achievementID == "A4" })
    #expect(
      matches.allSatisfy { match in
        match.constraints.contains { if case .minimumTRL(7, _) = $0 { true } else { false } }
      })
    // The same demand without a floor does return the immature one.
    let open = engine.match(MatchDemand(id: "D", need: demand.need), limit: 10)
    #expect(open.contains { $0.achievementID == "A4" })
    // A floor in the options applies to every demand.
    let strict = MatchingEngine(achievements: Self.achievements, options: MatchOptions(minimumTRL: 8))
    #expect(
      strict.match(MatchDemand(id: "D", need: demand.need), limit: 10).allSatisfy {
        ["A3", "A6"].contains($0.achievementID)
      })
  }

  @Test func requiredFieldFiltersAndBonusReorders() {
    let twins = [
      MatchAchievement(id: "X0", title: "智能温室环境调控技术", province: "江苏", field: "电子信息", trl: 5),
      MatchAchievement(id: "X1", title: "智能温室环境调控技术", province: "山东", field: "农业", trl: 5),
      MatchAchievement(id: "X2", title: "温室大棚物联网", province: "山东", field: "电子信息", trl: 5),
    ]
    let demand = MatchDemand(id: "D", province: "山东", field: "农业", need: "智能温室调控")
    // Without constraints the twins tie and the smaller id wins.
    let plain = MatchingEngine(achievements: twins, options: MatchOptions(field: .ignore)).match(demand, limit: 3)
    #expect(plain.map(\.achievementID).prefix(2) == ["X0", "X1"])
    #expect(plain[0].score == plain[1].score)
    // A field bonus puts the same-field twin first.
    let boosted = MatchingEngine(achievements: twins).match(demand, limit: 3)
    #expect(boosted.first?.achievementID == "X1")
    #expect(boosted.first?.constraints == [.fieldMatch(bonus: 0.05)])
    // Requiring the field leaves only the same-field achievement.
    let required = MatchingEngine(achievements: twins, options: MatchOptions(field: .require)).match(demand, limit: 3)
    #expect(required.map(\.achievementID) == ["X1"])
    #expect(required.first?.constraints == [.fieldRequired])
    // A province bonus is explained too.
    let local = MatchingEngine(
      achievements: twins, options: MatchOptions(field: .ignore, province: .bonus(0.1))
    ).match(demand, limit: 3)
    #expect(local.first?.achievementID == "X1")
    #expect(local.first?.constraints == [.provinceMatch(bonus: 0.1)])
  }

  @Test func noSharedTextMeansNoMatch() {
    let engine = MatchingEngine(achievements: Self.achievements)
    #expect(engine.match(MatchDemand(id: "D", need: "区块链金融"), limit: 5).isEmpty)
    #expect(engine.match(MatchDemand(id: "D", need: "，。！"), limit: 5).isEmpty)
    #expect(engine.match(MatchDemand(id: "D", need: "锂电池"), limit: 0).isEmpty)
  }

  @Test func emptyInputsGiveEmptyResults() throws {
    let empty = MatchingEngine(achievements: [])
    #expect(empty.match(MatchDemand(id: "D", need: "锂电池"), limit: 10).isEmpty)
    #expect(empty.matchAll([MatchDemand(id: "D", need: "锂电池")], limit: 10) == [[]])
    #expect(MatchingEngine(achievements: Self.achievements).matchAll([], limit: 10).isEmpty)
    let header = try CSVRecords(text: "id,title,institution,province,field,trl\n", file: "a.csv")
    #expect(try MatchingFiles.achievements(from: header).isEmpty)
    let none = try MeetingScheduler.schedule(SchedulingProblem(participants: [], requests: [], slots: 3, tables: 2))
    #expect(none.objective == 0 && none.upperBound == 0 && none.schedule.count == 0)
  }

  @Test func isDeterministicAndBatchEqualsSingle() {
    var generator = SplitMix64(seed: 42)
    let syllables = Array("电池材料水稻机床检测纳米催化传感芯片基因疫苗光伏储能氢能风电土壤修复装备")
    func title(_ length: Int) -> String {
      String((0..<length).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] })
    }
    let corpus = (0..<400).map {
      MatchAchievement(id: String(format: "A%04d", $0), title: title(12), field: "F\($0 % 5)", trl: 1 + $0 % 9)
    }
    let demands = (0..<120).map { MatchDemand(id: String(format: "D%03d", $0), field: "F\($0 % 7)", need: title(6)) }
    let first = MatchingEngine(achievements: corpus).matchAll(demands, limit: 10)
    let second = MatchingEngine(achievements: corpus.reversed()).matchAll(demands, limit: 10)
    #expect(first == second)
    let engine = MatchingEngine(achievements: corpus)
    #expect(first == demands.map { engine.match($0, limit: 10) })
    #expect(first.count == demands.count)
    // Scores are non-increasing; equal scores are ordered by id.
    for list in first {
      for (upper, lower) in zip(list, list.dropFirst()) {
        #expect(upper.score > lower.score || (upper.score == lower.score && upper.achievementID < lower.achievementID))
      }
    }
  }

  @Test func reverseDirectionFindsTheDemandsForAnAchievement() {
    let demands = [
      MatchDemand(id: "D1", field: "新能源", need: "需求：锂电池正极材料"),
      MatchDemand(id: "D2", field: "农业", need: "需求：盐碱地水稻种植", minimumTRL: 6),
      MatchDemand(id: "D3", field: "农业", need: "需求：水稻高产栽培"),
    ]
    let engine = ReverseMatchingEngine(demands: demands)
    let rice = Self.achievements[1]  // A2, trl 5
    let matches = engine.match(rice, limit: 5)
    // D2 asks for TRL ≥ 6, so only D3 fits.
    #expect(matches.map(\.demandID) == ["D3"])
    #expect(matches.first?.achievementID == "A2")
    var mature = rice
    mature.trl = 6
    #expect(engine.match(mature, limit: 5).map(\.demandID).sorted() == ["D2", "D3"])
    #expect(engine.matchAll([Self.achievements[0], mature], limit: 1).map { $0.map(\.demandID) } == [["D1"], ["D3"]])
  }

  @Test func tokenizerSplitsAtPunctuationAndFoldsWidth() {
    let tokenizer = NGramTokenizer(sizes: 2...3)
    var keys: [UInt64] = []
    tokenizer.keys("ＡＢ，锂电", into: &keys)
    #expect(keys.map(NGramTokenizer.text(of:)) == ["ab", "锂电"])
    keys.removeAll()
    tokenizer.keys("甲 乙丙", into: &keys)
    #expect(keys.map(NGramTokenizer.text(of:)) == ["甲", "乙丙"])
  }

  @Test func writesPeerShapedCSVAndComputesRecall() {
    let engine = MatchingEngine(achievements: Self.achievements)
    let demands = [
      MatchDemand(id: "D1", need: "正极材料", target: "A1"), MatchDemand(id: "D2", need: "抗旱玉米", target: "A3"),
    ]
    let results = engine.matchAll(demands, limit: 1)
    let text = MatchingFiles.matchesCSV(results)
    #expect(text.hasPrefix("demand,achievement,rank,score\nD1,A1,1,"))
    let recall = MatchingFiles.recall(results, demands: demands)
    #expect(recall.hits == 1 && recall.total == 2)
  }
}
