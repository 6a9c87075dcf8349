import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import UniversitySpinoff

/// Runs `Samples/university-spinoff/university-spinoff.yaml` end to end on the real 2019–2020
/// programme list and the sample files, and checks its outputs against the files themselves.
@Suite struct SampleRunTests {
  /// The universities of the sample config.
  static let universities = [
    "清华大学", "北京大学", "上海交通大学", "浙江大学", "复旦大学", "中国科学技术大学", "南京大学", "华中科技大学", "西安交通大学", "哈尔滨工业大学",
    "天津大学", "同济大学", "中山大学", "山东大学", "北京航空航天大学", "北京理工大学", "东南大学", "四川大学", "中南大学", "南开大学", "武汉大学",
    "大连理工大学", "上海大学", "厦门大学", "吉林大学", "西北工业大学", "合肥工业大学", "重庆大学", "西湖大学", "北京科技大学",
  ]

  static func run() async throws -> (RunOutcome, InMemoryLibrary) {
    let configuration = try ConfigLoader.load(path: Fixture.sampleConfig.path, registry: try Fixture.registry())
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner(now: { Date(timeIntervalSince1970: 1_732_233_600) }).run(
      configuration, library: library)
    return (outcome, library)
  }

  static func table(_ name: String) throws -> CSVTable {
    try CSVTable.read(Fixture.sampleFolder.appendingPathComponent("data/\(name)"), displayName: name)
  }

  static func text(_ outcome: RunOutcome, _ name: String) throws -> String {
    let file = try #require(outcome.files.first { $0.name == name }, "missing \(name)")
    return String(decoding: file.contents, as: UTF8.self)
  }

  @Test func readsOnlyTheParticipatingUniversitiesFromTheRealList() async throws {
    let (outcome, _) = try await Self.run()
    // Counted here from the file itself: university holders of the 30, hospitals excluded,
    // first row of each project number.
    let real = try Self.table("nkrdp-projects-2019-2020.csv")
    let id = try #require(real.column("project_no"))
    let institution = try #require(real.column("institution"))
    var seen: Set<String> = []
    var repeats = 0
    for row in real.rows {
      let holder = row.fields[institution]
      guard Self.universities.contains(where: { holder.hasPrefix($0) }), !holder.hasSuffix("医院") else { continue }
      if !seen.insert(row.fields[id]).inserted { repeats += 1 }
    }
    let intake = outcome.record.intake
    #expect(
      intake.map(\.plugin) == ["university.tto_intake", "university.tto_intake", "university.self_recommendation"])
    #expect(intake[0].rows == 1206)
    #expect(intake[0].added == seen.count)
    #expect(intake[0].skipped == repeats)
    #expect(repeats > 0)

    let batch = try Self.table("tto-batch.csv")
    #expect(intake[1].rows == batch.rows.count)
    #expect(intake[1].updated == batch.rows.count)
    #expect(intake[1].ignored == 0 && intake[1].added == 0)

    let forms = try Self.table("self-recommendations.csv")
    #expect(intake[2].added == forms.rows.count)
    #expect(outcome.record.libraryAfter == seen.count + forms.rows.count)
  }

  @Test func runsTheFunnelToACohortWithinItsLimits() async throws {
    let (outcome, library) = try await Self.run()
    let funnel = outcome.record.funnel
    #expect(
      funnel.map(\.plugin) == ["torch.trl_threshold", "university.spinoff_readiness", "university.camp_admission"])
    #expect(funnel[0].in == outcome.record.libraryAfter)
    for (earlier, later) in zip(funnel, funnel.dropFirst()) { #expect(later.in == earlier.out) }
    // Enough ready teams to fill the camp, and the camp is filled exactly.
    #expect(funnel[1].out >= 24)
    #expect(funnel[2].out == 24)
    let cohort = outcome.funnel[2].passed
    let perUniversity = Dictionary(grouping: cohort, by: { $0.achievement.institution ?? "" })
    #expect(perUniversity.values.allSatisfy { $0.count <= 2 })
    let ready = outcome.funnel[1].passed.filter { $0.achievement.channel == .selfRecommendation }
    #expect(cohort.filter { $0.achievement.channel == .selfRecommendation }.count >= min(4, ready.count))
    // Everyone admitted is IP-cleared and has a founder.
    for candidate in cohort {
      let profile = SpinoffProfile(candidate.achievement)
      #expect(profile.ipCleared)
      #expect(profile.founder != nil && profile.founder != FounderCommitment.none)
      #expect(candidate.score >= 55)
    }
    // One decision per record per stage, kept in the library.
    #expect(outcome.decisions.filter { $0.position == 1 }.count == outcome.record.libraryAfter)
    #expect(await library.decisions.count == outcome.decisions.count)
    let cohortFile = try CSVTable.parse(try Self.text(outcome, "camp-cohort.csv"), file: "camp-cohort.csv")
    #expect(cohortFile.rows.filter { $0.fields[1] == "录取" }.count == 24)
    #expect(cohortFile.rows.filter { $0.fields[1] == "候补" }.count == 6)
  }

  @Test func plansTheCampAndADemoDay() async throws {
    let (outcome, _) = try await Self.run()
    let events = outcome.record.events
    let camp = events.filter { $0.format == "university.camp_demo_day" }
    #expect(camp.count == 4)  // 4 modules + rehearsal in 3 days, then the demo day
    #expect(camp.map(\.date) == ["2024-11-19", "2024-11-20", "2024-11-21", "2024-11-22"])
    let training = camp.dropLast().flatMap(\.agenda)
    #expect(training.filter { $0.segment == .training }.count == 5)
    // Two-module days break for lunch between the modules.
    #expect(training.filter { $0.segment == .lunch }.count == 2)
    #expect(training.allSatisfy { $0.segment == .training || $0.segment == .lunch })
    let demoDay = try #require(camp.last)
    #expect(demoDay.agenda.filter { $0.segment == .pitch }.count == 24)
    // Investors review the pitches, labelled as such (not as technology and industry experts).
    #expect(!demoDay.agenda.contains { $0.segment == .expertReview })
    #expect(demoDay.agenda.filter { $0.segment == .investorReview }.allSatisfy { $0.people.count == 3 })
    #expect(demoDay.agenda.last?.segment == .oneToOne)
    #expect(events.contains { $0.format == "torch.online_channel" })
    #expect(outcome.record.coachingPlans == 24)
    let agenda = try Self.text(outcome, "agenda.md")
    #expect(agenda.contains("培训课程"))
    #expect(agenda.contains("科技成果持有人现场路演"))
    #expect(try Self.text(outcome, "camp-mentors.csv").contains("示例导师"))
    #expect(try Self.text(outcome, "demo-day-matching.csv").contains("示例"))
  }

  @Test func countsProgressFromTheStatusFileAgainstTheTargets() async throws {
    let (outcome, _) = try await Self.run()
    let status = try Self.table("spinoff-status.csv")
    let company = try #require(status.column("企业名称"))
    let jobs = try #require(status.column("带动就业"))
    let registered = status.rows.filter { !$0.fields[company].isEmpty }
    let jobsTotal = registered.reduce(0) { $0 + (Int($1.fields[jobs]) ?? 0) }
    #expect(registered.count > 0 && jobsTotal > 0)

    let indicators = outcome.record.indicators
    let companies = try #require(indicators.first { $0.target == 10_000 })
    #expect(companies.value == Double(registered.count))
    #expect(companies.source == "002 §二")
    let employment = try #require(indicators.first { $0.target == 200_000 })
    #expect(employment.value == Double(jobsTotal))
    #expect(employment.source == "002 §二")
    #expect(outcome.record.followUpCases == 24)

    let summary = try Self.text(outcome, "summary.md")
    #expect(summary.contains("七、目标进展"))
    #expect(summary.contains("| 高校科技成果转化创办科技型企业 | \(registered.count)家 | 10000家 |"))
    #expect(summary.contains("| 成果转化企业带动就业 | \(jobsTotal)人 | 200000人 |"))
    #expect(summary.contains("002 §二"))
    let progress = try CSVTable.parse(try Self.text(outcome, "spinoff-progress.csv"), file: "spinoff-progress.csv")
    #expect(progress.rows.count == status.rows.count)
  }
}
