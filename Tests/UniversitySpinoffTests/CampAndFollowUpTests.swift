import Foundation
import RoadshowKernel
import Testing
import UniversitySpinoff

@Suite struct CampAndFollowUpTests {
  static let mentors = """
    姓名,单位,擅长模块
    导师甲,甲律所,法律；融资
    导师乙,乙加速器,战略规划；知识产权；融资
    导师丙,丙会计所,财务

    """

  @Test func assignsMentorsWithinTheirLoadAndDerivesChecklistItems() async throws {
    let folder = try Fixture.folder([
      "mentors.csv": Self.mentors, "materials.csv": "编号,已完成项\nA,business_plan;pitch_deck\n",
    ])
    let yaml = Fixture.config(sections: [
      "coaching": """
        - plugin: university.camp_curriculum
          with: {mentors: mentors.csv, materials: materials.csv, max_teams_per_mentor: 1}
      """
    ])
    let coaching = try #require(try Fixture.configuration(yaml, in: folder).coaching.first).plugin
    let teams = [
      record("A", team: ["负责人", "市场负责人"], rights: "ownership", founder: "full_time"),
      record("B", team: ["负责人"], authorised: "no", founder: "part_time"),
      record("C", authorised: "yes", founder: "advisor"),
    ].map { Candidate(achievement: $0) }
    let result = try await coaching.coach(teams, in: PipelineContext())
    let mentorOf = result.plans.map { plan in plan.sessions.first { $0.hasPrefix("双创导师") } ?? "" }
    // 导师乙 covers all three services, 导师甲 one; each takes one team, the third waits.
    #expect(mentorOf[0].contains("导师乙"))
    #expect(mentorOf[1].contains("导师甲"))
    #expect(mentorOf[2].contains("待安排"))
    let done = result.plans.map { plan in Set(plan.items.filter(\.done).map(\.key)) }
    #expect(done[0] == ["ip_clearance", "founding_team", "full_time_founder", "business_plan", "pitch_deck"])
    #expect(done[1].isEmpty)
    #expect(done[2] == ["ip_clearance"])
    #expect(result.plans[1].sessions.contains("训练营·财务（授课：导师丙（丙会计所））"))
    let missingLegal = try #require(result.plans[1].items.first { $0.key == "equity_structure" })
    #expect(missingLegal.advice?.zh.contains("“法律”模块，导师甲（甲律所）") == true)
  }

  static let status = """
    编号,企业名称,注册日期,带动就业,实习岗位,概念验证,孵化载体
    A,示例甲科技有限公司,2023-05-01,10,2,已获批,示例孵化器
    B,示例乙科技有限公司,2025-03-01,20,4,已申请,
    C,,,0,1,未申请,

    """

  @Test func countsOnlyWhatTheScopeAndCutOffAllow() async throws {
    let folder = try Fixture.folder(["status.csv": Self.status])
    let library = ["A", "B", "C"].map { record($0) }
    let pitched = [Candidate(achievement: library[1]), Candidate(achievement: library[2])]
    let input = FollowUpInput(pitched: pitched, events: [], library: library)

    let all = try Fixture.followUp("university.spinoff_tracking", with: "status: status.csv", in: folder)
    let everything = try await all.plan(input, in: PipelineContext(eventDate: "2024-11-22"))
    #expect(everything.cases.map(\.achievement.rawValue) == ["t:B", "t:C"])
    #expect(everything.indicators.first { $0.target == 10_000 }?.value == 2)
    #expect(everything.indicators.first { $0.target == 200_000 }?.value == 30)
    #expect(everything.indicators.first { $0.name.en.hasPrefix("Internships") }?.value == 7)
    #expect(everything.cases[0].milestones.first?.due == "2024-12-22")
    #expect(everything.cases[0].services.contains(.proofOfConcept))
    #expect(everything.cases[0].services.contains(.incubation))

    let cutOff = try Fixture.followUp(
      "university.spinoff_tracking", with: "status: status.csv\nscope: pitched\nas_of: 2024-12-31", in: folder)
    let pitchedOnly = try await cutOff.plan(input, in: PipelineContext())
    // B registered after the cut-off, C never: no company and no jobs in scope yet.
    #expect(pitchedOnly.indicators.first { $0.target == 10_000 }?.value == 0)
    #expect(pitchedOnly.indicators.first { $0.target == 200_000 }?.value == 0)
    #expect(pitchedOnly.indicators.first { $0.name.en.hasPrefix("Internships") }?.value == 5)
  }

  @Test func makesNoProgressClaimWithoutAStatusFile() async throws {
    let tracking = try Fixture.followUp("university.spinoff_tracking", with: "checkpoints: [2]", in: Fixture.samples)
    let input = FollowUpInput(pitched: [Candidate(achievement: record("A"))], events: [], library: [record("A")])
    let result = try await tracking.plan(input, in: PipelineContext())
    #expect(result.indicators.isEmpty)
    #expect(result.cases.first?.milestones.map(\.monthsAfterEvent) == [2])
  }
}
