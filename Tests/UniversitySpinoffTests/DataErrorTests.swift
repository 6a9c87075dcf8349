import Foundation
import RoadshowKernel
import Testing
import UniversitySpinoff

@Suite struct DataErrorTests {
  static let batch = """
    编号,成果名称,持有单位,赋权情况,授权谈判,创业意愿
    P1,成果一,清华大学,所有权,是,全职
    P2,成果二,北京大学,部分赋权,是,兼职
    P3,成果三,中国科学院物理研究所,无,否,无
    P4,成果四,浙江大学,长期使用权,也许,顾问
    P1,成果一（重复）,清华大学,所有权,是,全职

    """

  static let batchParameters = """
    file: batch.csv
    source: tto
    columns: {id: 编号, title: 成果名称, institution: 持有单位, rights: 赋权情况, authorised: 授权谈判, founder: 创业意愿}
    """

  @Test func reportsEveryBadRowWithFileRowAndColumn() async throws {
    let folder = try Fixture.folder(["batch.csv": Self.batch])
    let intake = try Fixture.intake("university.tto_intake", with: Self.batchParameters, in: folder)
    let error = try #require(try await Fixture.dataError { _ = try await intake.collect(in: PipelineContext()) })
    #expect(error.diagnostics.count == 3)
    let rights = error.diagnostics[0]
    #expect(rights.code == .badRow)
    #expect(rights.location == SourceLocation(file: "batch.csv", line: 3, column: 4))
    #expect(rights.keyPath == "赋权情况")
    #expect(rights.message.zh.contains("第 2 行，列 `赋权情况`"))
    let authorised = error.diagnostics[1]
    #expect(authorised.location == SourceLocation(file: "batch.csv", line: 5, column: 5))
    #expect(authorised.keyPath == "授权谈判")
    let repeated = error.diagnostics[2]
    #expect(repeated.location?.line == 6)
    #expect(repeated.message.en.contains("repeats row 1"))
  }

  @Test func skipsAndCountsBadRowsAndLeavesOutOtherHolders() async throws {
    let folder = try Fixture.folder(["batch.csv": Self.batch])
    let intake = try Fixture.intake(
      "university.tto_intake", with: Self.batchParameters + "\non_bad_row: skip", in: folder)
    let batch = try await intake.collect(in: PipelineContext())
    #expect(batch.records.map(\.id.rawValue) == ["tto:P1"])
    #expect(batch.skipped.count == 3)
    #expect(batch.rowsRead == 5)
    let p1 = try #require(batch.records.first)
    #expect(p1.attributes["rights"] == "ownership")
    #expect(p1.attributes["tto_authorised"] == "yes")
    #expect(p1.attributes["founder_commitment"] == "full_time")
    #expect(p1.channel == .openCall)
  }

  @Test func refusesASelfRecommendationFromOutsideAUniversity() async throws {
    let forms = """
      编号,成果名称,所在高校,创业意愿
      SR-1,自荐一,复旦大学,全职
      SR-2,自荐二,中国科学院物理研究所,全职
      SR-3,自荐三,南京大学,

      """
    let folder = try Fixture.folder(["forms.csv": forms])
    let intake = try Fixture.intake(
      "university.self_recommendation", with: "file: forms.csv\nsource: self", in: folder)
    let error = try #require(try await Fixture.dataError { _ = try await intake.collect(in: PipelineContext()) })
    #expect(
      error.diagnostics.map(\.location) == [
        SourceLocation(file: "forms.csv", line: 3, column: 3), SourceLocation(file: "forms.csv", line: 4, column: 4),
      ])
    #expect(error.diagnostics.map(\.keyPath) == ["所在高校", "创业意愿"])
    #expect(error.diagnostics[0].message.zh.contains("不是高校"))

    let skipping = try Fixture.intake(
      "university.self_recommendation", with: "file: forms.csv\nsource: self\non_bad_row: skip", in: folder)
    let batch = try await skipping.collect(in: PipelineContext())
    #expect(batch.records.map(\.channel) == [.selfRecommendation])
  }

  @Test func refusesAMisspeltFieldAndAMissingHeaderAtSetUp() throws {
    let folder = try Fixture.folder(["batch.csv": Self.batch])
    let yaml = Fixture.config(sections: [
      "intake": """
        - plugin: university.tto_intake
          with:
            file: batch.csv
            source: tto
            columns: {id: 编号, title: 成果名称, rigths: 赋权情况}
        - plugin: university.tto_intake
          with:
            file: batch.csv
            source: tto
            columns: {id: 编号, title: 成果名称, founder: 创业意原}
      """
    ])
    let problems = try Fixture.diagnostics(yaml, in: folder)
    #expect(problems.count == 2)
    #expect(problems[0].code == .unknownKey)
    #expect(problems[0].suggestion == "rights")
    #expect(problems[0].keyPath == "intake[0].with.columns.rigths")
    #expect(problems[1].code == .invalidValue)
    #expect(problems[1].suggestion == "创业意愿")
    #expect(problems[1].location?.line == 14)
  }

  @Test func refusesBadStatusRowsAndUnknownProjects() async throws {
    let status = """
      编号,概念验证,企业名称,注册日期,带动就业,实习岗位
      P1,已获批,示例科技有限公司,2024-02-30,12,3
      P2,已申请,,,-3,0
      P9,未申请,,,0,0
      P1,已完成,,,,

      """
    let folder = try Fixture.folder(["status.csv": status])
    let tracking = try Fixture.followUp("university.spinoff_tracking", with: "status: status.csv", in: folder)
    let library = ["P1", "P2"].map { record($0) }
    let input = FollowUpInput(pitched: [], events: [], library: library)
    let error = try #require(try await Fixture.dataError { _ = try await tracking.plan(input, in: PipelineContext()) })
    #expect(error.diagnostics.map(\.keyPath) == ["注册日期", "带动就业", "编号", "编号"])
    #expect(error.diagnostics.map { $0.location?.line } == [2, 3, 4, 5])
    #expect(error.diagnostics.map { $0.location?.column } == [4, 5, 1, 1])
    #expect(error.diagnostics[2].message.zh.contains("不在项目库中"))
  }

  @Test func refusesAnUnknownInvestorKind() async throws {
    let investors = """
      名称,类型,关注领域
      示例天使A,天使投资,生物
      示例基金B,对冲基金,材料

      """
    let folder = try Fixture.folder(["investors.csv": investors])
    let demoDay = try Fixture.event("university.camp_demo_day", with: "investors: investors.csv", in: folder)
    let input = EventInput(selected: [Candidate(achievement: record("A"))], funnel: [])
    let error = try #require(try await Fixture.dataError { _ = try await demoDay.plan(input, in: PipelineContext()) })
    #expect(error.diagnostics.count == 1)
    #expect(error.diagnostics[0].location == SourceLocation(file: "investors.csv", line: 3, column: 2))
    #expect(error.diagnostics[0].keyPath == "类型")
  }
}
