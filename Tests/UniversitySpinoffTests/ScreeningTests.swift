import Foundation
import RoadshowKernel
import Testing
import UniversitySpinoff

@Suite struct ReadinessTests {
  let records = [
    // Full team with a business member, ownership, authorised, IP, prospect 80, full-time founder.
    record(
      "A", team: ["负责人", "技术骨干", "市场负责人"], prospect: 80, ip: ["发明专利2项"], rights: "ownership", authorised: "yes",
      founder: "full_time"),
    // Nobody holds rights and the office may not negotiate.
    record("B", team: ["负责人", "技术骨干", "财务负责人"], prospect: 90, rights: "none", authorised: "no", founder: "full_time"),
    // Cleared by long-term use; small team, market not assessed, part-time founder: 39.83.
    record("C", team: ["负责人"], rights: "long_term_use", founder: "part_time"),
    // Cleared, but the commitment was never reported.
    record("D", team: ["负责人", "技术骨干", "工程师"], prospect: 70, rights: "ownership"),
    // Cleared by authorisation, but no one will found.
    record("E", team: ["负责人", "技术骨干", "工程师"], prospect: 70, authorised: "yes", founder: "none"),
  ]

  func screen(_ parameters: String = "{min_score: 55}") async throws -> ScreeningResult {
    let policy = try Fixture.screening("university.spinoff_readiness", with: parameters)
    return try await policy.screen(records.map { Candidate(achievement: $0) }, in: PipelineContext())
  }

  @Test func scoresFourTransparentParts() async throws {
    let result = try await screen()
    let a = try #require(result.passed.first { $0.id.rawValue == "t:A" })
    let parts = Dictionary(uniqueKeysWithValues: a.scoreParts.map { ($0.name, $0.value) })
    #expect(abs((parts["team"] ?? -1) - 25) < 1e-9)
    #expect(abs((parts["ip"] ?? -1) - 30) < 1e-9)
    #expect(abs((parts["market"] ?? -1) - 20) < 1e-9)
    #expect(abs((parts["commitment"] ?? -1) - 20) < 1e-9)
    #expect(abs(a.score - 95) < 1e-9)
  }

  @Test func decidesEveryRecordWithItsReason() async throws {
    let result = try await screen()
    #expect(result.passed.map(\.id.rawValue) == ["t:A"])
    let decisions = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.rawValue, $0) })
    #expect(decisions.count == 5)
    #expect(decisions["t:A"]?.passed == true)
    #expect(decisions["t:A"]?.reason.zh.contains("95") == true)
    #expect(decisions["t:B"]?.rule == "ip_clearance")
    #expect(decisions["t:B"]?.reason.zh.contains("未赋权") == true)
    #expect(decisions["t:C"]?.rule == "min_score")
    #expect(decisions["t:C"]?.score == 39.83)
    #expect(decisions["t:C"]?.reason.en.contains("below 55") == true)
    #expect(decisions["t:D"]?.rule == "founder")
    #expect(decisions["t:D"]?.reason.zh.contains("未填报") == true)
    #expect(decisions["t:E"]?.rule == "founder")
    #expect(decisions["t:E"]?.reason.en == "no one will found (team 17.5, IP 9, market 17.5, commitment 0)")
  }

  @Test func flagsWhatItAssumedAndWritesTheScoreTable() async throws {
    let result = try await screen()
    let file = try #require(result.artifacts.first { $0.name == "readiness.csv" })
    let table = try CSVTable.parse(String(decoding: file.contents, as: UTF8.self), file: "readiness.csv")
    #expect(table.rows.count == 5)
    #expect(table.header.contains("得分_commitment"))
    let c = try #require(table.rows.first { $0.fields[1] == "t:C" })
    #expect(c.fields.last?.contains("市场前景未评估（按40分计）") == true)
  }

  @Test func normalisesTheWeightsAndCanWaiveTheHardRules() async throws {
    let result = try await screen(
      "{weights: {team: 1, ip: 1, market: 1, commitment: 1}, min_score: 0, require_ip_clearance: false, require_founder: false}"
    )
    #expect(result.passed.count == 5)
    let b = try #require(result.passed.first { $0.id.rawValue == "t:B" })
    // team 25, ip 0, market 0.25 × 90, commitment 25
    #expect(abs(b.score - 72.5) < 1e-9)
  }

  @Test func refusesAllZeroWeights() throws {
    let yaml = Fixture.config(sections: [
      "screening":
        "  - plugin: university.spinoff_readiness\n    with: {weights: {team: 0, ip: 0, market: 0, commitment: 0}}"
    ])
    let problems = try Fixture.diagnostics(yaml, in: Fixture.samples)
    #expect(problems.map(\.code) == [.outOfRange])
    #expect(problems.first?.keyPath == "screening[0].with.weights")
  }
}

@Suite struct CampAdmissionTests {
  /// Candidates with a fixed score, best first: three from 甲大学, one self-recommended.
  let candidates: [Candidate] = [
    ("a", "甲大学", 90.0, IntakeChannel.nationalProgramme), ("b", "甲大学", 85, .nationalProgramme),
    ("c", "甲大学", 80, .nationalProgramme), ("d", "乙大学", 70, .nationalProgramme),
    ("e", "丙大学", 60, .selfRecommendation), ("f", "丁大学", 50, .nationalProgramme),
    ("g", "戊大学", 40, .nationalProgramme),
  ].map { id, institution, score, channel in
    Candidate(
      achievement: record(id, institution: institution, channel: channel),
      scoreParts: [ScorePart(name: "x", value: score)])
  }

  @Test func respectsCohortQuotaReservedSeatsAndWaitlist() async throws {
    let policy = try Fixture.screening(
      "university.camp_admission",
      with: "{cohort_size: 3, max_per_institution: 2, reserve_self_recommended: 1, waitlist: 2}")
    let result = try await policy.screen(candidates.shuffled(), in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:a", "t:b", "t:e"])
    let rules = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.rawValue, $0.rule) })
    #expect(
      rules == [
        "t:a": "admitted", "t:b": "admitted", "t:e": "reserved_seat", "t:c": "quota_institution", "t:d": "waitlist",
        "t:f": "waitlist", "t:g": "cohort_full",
      ])
    let d = try #require(result.decisions.first { $0.achievement.rawValue == "t:d" })
    #expect(d.reason.zh.contains("候补第 1 位"))
    let file = try #require(result.artifacts.first { $0.name == "camp-cohort.csv" })
    let table = try CSVTable.parse(String(decoding: file.contents, as: UTF8.self), file: "camp-cohort.csv")
    #expect(table.rows.map { $0.fields[1] } == ["录取", "录取", "录取", "候补", "候补"])
  }

  @Test func releasesReservedSeatsWhenNoSelfRecommendedTeamIsLeft() async throws {
    let policy = try Fixture.screening(
      "university.camp_admission", with: "{cohort_size: 4, reserve_self_recommended: 2, waitlist: 0}")
    let result = try await policy.screen(candidates, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:a", "t:b", "t:c", "t:e"])
    #expect(result.decisions.filter { $0.rule == "reserved_seat" }.count == 1)
  }

  @Test func countsATopSelfRecommendedTeamAsAdmittedOnMerit() async throws {
    var best = candidates
    best[4].scoreParts = [ScorePart(name: "x", value: 95)]  // the self-recommended team leads
    let policy = try Fixture.screening(
      "university.camp_admission", with: "{cohort_size: 3, reserve_self_recommended: 1, waitlist: 0}")
    let result = try await policy.screen(best, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:e", "t:a", "t:b"])
    #expect(result.decisions.filter { $0.rule == "reserved_seat" }.isEmpty)
    #expect(result.decisions.first { $0.achievement.rawValue == "t:e" }?.rule == "admitted")
  }

  @Test func refusesMoreReservedSeatsThanTheCohort() throws {
    let yaml = Fixture.config(sections: [
      "screening": "  - plugin: university.camp_admission\n    with: {cohort_size: 2, reserve_self_recommended: 3}"
    ])
    let problems = try Fixture.diagnostics(yaml, in: Fixture.samples)
    #expect(problems.map(\.keyPath) == ["screening[0].with.reserve_self_recommended"])
  }
}
