import Foundation
import Testing

@testable import RoadshowKernel

@Suite struct ReviewModelTests {
  let record = Achievement(
    id: AchievementID("t:1"), title: "钠离子电池", summary: "简介", institution: "示例研究院", team: ["张三"],
    field: "新能源", province: "江苏", confidentiality: .cleared,
    attributes: ["联系人": "张三 13800000000", "co_applicants": "甲大学；乙公司"])

  @Test func aBlindReviewReleaseWithholdsWhateverNamesTheHolder() throws {
    let gate = PublicationGate()
    let blind = gate.releaseForReview([record], blind: true)
    #expect(blind.audience == .expert)
    let released = try #require(blind[record.id])
    #expect(released.institution == nil && released.team.isEmpty && released.province == nil)
    #expect(released.attributes["联系人"] == nil && released.title == "钠离子电池")
    // Not blind: the holder is shown; what the gate withholds from participants stays withheld.
    let open = try #require(gate.releaseForReview([record], blind: false)[record.id])
    #expect(open.institution == "示例研究院" && open.team.isEmpty && open.province == "江苏")
    // A record not yet cleared is held back from experts too.
    var pending = record
    pending.confidentiality = .pending
    #expect(gate.releaseForReview([pending], blind: true).withheld == [record.id])
    #expect(Audience.expert.name(.en) == "review experts" && Audience.expert.name(.zhCN) == "评审专家")
  }

  @Test func conflictsCoverTheHolderCoApplicantsDeclaredNamesAndIds() {
    let experts = [
      Expert(id: "E0", name: "a", institution: "示例 研究院", capacity: 1),  // spacing folded
      Expert(id: "E1", name: "b", institution: "丙大学", conflicts: ["乙公司"], capacity: 1),
      Expert(id: "E2", name: "c", institution: "丁大学", conflicts: ["t:1"], capacity: 1),
      Expert(id: "E3", name: "d", institution: "戊大学", conflicts: ["张三"], capacity: 1),
      Expert(id: "E4", name: "e", institution: "甲大学", capacity: 1),
      Expert(id: "E5", name: "f", institution: "己大学", conflicts: ["别的单位"], capacity: 1),
    ]
    let parties = ReviewParties(record)
    #expect(parties.institutions == ["示例研究院", "甲大学", "乙公司"])
    #expect(ConflictIndex(experts: experts).blocked(parties) == [0, 1, 2, 3, 4])
  }

  @Test func theRubricWeighsItsCriteriaAndReportsItsOwnProblems() {
    let rubric = ReviewRubric.standard
    #expect(rubric.totalWeight == 100 && rubric.minimum == 0 && rubric.maximum == 10)
    let scores = ["advancement": 8.0, "maturity": 6, "prospect": 7, "team": 5, "ip": 9]
    // (30×8 + 20×6 + 25×7 + 15×5 + 10×9) / 100 = 7.0
    #expect(rubric.weightedScore(scores) == 7.0)
    #expect(rubric.weightedScore(["advancement": 8]) == nil)
    let bad = ReviewRubric(criteria: [
      ReviewCriterion(id: "a", name: LocalizedText(zh: "甲", en: "A"), weight: 0),
      ReviewCriterion(id: "a", name: LocalizedText(zh: "甲", en: "A"), weight: 1, minimum: 5, maximum: 5),
    ])
    #expect(bad.problems.map(\.en).count == 3)
  }
}
