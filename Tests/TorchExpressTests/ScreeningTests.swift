import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

@Suite struct ScreeningTests {
  func records() -> [Achievement] {
    [
      Achievement(
        id: AchievementID("a:1"), title: "机器人关节", institution: "甲大学", field: "智能机器人", readiness: .level(7),
        prospect: 80, confidentiality: .cleared, fundingWanYuan: 1000),
      Achievement(
        id: AchievementID("a:2"), title: "机器人视觉", institution: "甲大学", field: "智能机器人", readiness: .level(3),
        prospect: 90, confidentiality: .cleared, fundingWanYuan: 2000),
      Achievement(
        id: AchievementID("a:3"), title: "激光焊接", institution: "乙研究所", field: "增材制造与激光制造", readiness: .unknown,
        confidentiality: .cleared, fundingWanYuan: 500),
      Achievement(
        id: AchievementID("a:4"), title: "土壤修复", institution: "丙大学", field: "场地土壤污染成因与治理技术", readiness: .level(8),
        prospect: 70, confidentiality: .cleared),
    ]
  }

  func policy(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("\(minimalIntake)\nscreening:\n" + indent(yaml, 2)))
    return try #require(config.screening.first?.plugin)
  }

  @Test func unknownMaturityIsRejectedOnlyWhenConfiguredAndAlwaysWithAReason() async throws {
    let candidates = records().map { Candidate(achievement: $0) }
    let review = try await policy("- plugin: torch.trl_threshold\n  with: {min_trl: 4}").screen(
      candidates, in: PipelineContext())
    #expect(review.passed.map(\.id.rawValue) == ["a:1", "a:3", "a:4"])
    #expect(review.passed[1].flags.map(\.en) == ["TRL unknown, expert review needed"])
    let reject = try await policy("- plugin: torch.trl_threshold\n  with: {min_trl: 4, unknown: reject}").screen(
      candidates, in: PipelineContext())
    #expect(reject.passed.map(\.id.rawValue) == ["a:1", "a:4"])
    let decision = try #require(reject.decisions.first { $0.achievement.rawValue == "a:3" })
    #expect(decision.rule == "unknown_trl" && !decision.passed)
    let low = try #require(reject.decisions.first { $0.achievement.rawValue == "a:2" })
    #expect(low.reason.zh.contains("低于门槛 4"))
  }

  @Test func shortlistScoreIsTheSumOfItsVisibleParts() async throws {
    let candidates = records().map { Candidate(achievement: $0) }
    let result = try await policy("- plugin: torch.shortlist\n  with: {size: 2, keywords: [机器人]}").screen(
      candidates, in: PipelineContext())
    #expect(result.passed.count == 2)
    for candidate in result.passed {
      #expect(Set(candidate.scoreParts.map(\.name)) == ["trl", "prospect", "funding", "relevance"])
    }
    // Sorted by score, best first, and the cut-off is explained.
    #expect(result.passed[0].score >= result.passed[1].score)
    let cut = result.decisions.filter { !$0.passed }
    #expect(cut.count == 2)
    #expect(cut.allSatisfy { $0.rule == "rank_cutoff" && $0.reason.en.contains("outside the top 2") })
    // a:1: TRL 7 → 0.4×100×7/9; prospect 80 → 0.3×80; funding log(1001)/log(2001) × 20; relevance 1/3 × 10.
    let first = try #require(result.passed.first { $0.id.rawValue == "a:1" })
    let expected = 40.0 * 7 / 9 + 24 + 20 * log1p(1000) / log1p(2000) + 10.0 / 3
    #expect(abs(first.score - expected) < 1e-9)
  }

  @Test func finalSelectionRespectsQuotasAndSaysWhy() async throws {
    var candidates = records().map { Candidate(achievement: $0) }
    for index in candidates.indices { candidates[index].setScore("s", Double(10 - index)) }
    let result = try await policy("- plugin: torch.final_selection\n  with: {count: 3, max_per_institution: 1}").screen(
      candidates, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["a:1", "a:3", "a:4"])
    let skipped = try #require(result.decisions.first { $0.achievement.rawValue == "a:2" })
    #expect(skipped.rule == "quota_institution")
    #expect(skipped.reason.zh.contains("甲大学"))
  }

  @Test func enterpriseResponsesWithAnUnknownLevelNameRowAndColumn() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "编号,企业名称,对接意向,意见建议\n1,某企业,强烈意向,好\n2,某企业,非常想要,\n"
      .write(to: directory.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
    let config = try configuration(
      skeleton(
        """
        \(minimalIntake.replacingOccurrences(of: "data/nkrdp", with: "\(samplesDirectory.path)/data/nkrdp"))
        screening:
          - plugin: torch.enterprise_interest
            with: {responses: responses.csv}
        """), in: directory)
    let policy = try #require(config.screening.first?.plugin)
    let candidates = records().map { Candidate(achievement: $0) }
    do {
      _ = try await policy.screen(candidates, in: PipelineContext())
      Issue.record("expected a data error")
    } catch let error as DataError {
      let d = try #require(error.diagnostics.first)
      #expect(d.location?.line == 3)
      #expect(d.location?.column == 3)
      #expect(d.message.en.contains("非常想要"))
    }
  }

  @Test func enterpriseInterestReadsResponsesByRecordIdAndWritesThePushList() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "编号,企业名称,对接意向,意见建议\n1,某企业,强烈意向,想试用\na:1,另一企业,2,\n9,无关企业,3,\n"
      .write(to: directory.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
    let config = try configuration(
      skeleton(
        """
        \(minimalIntake.replacingOccurrences(of: "data/nkrdp", with: "\(samplesDirectory.path)/data/nkrdp"))
        screening:
          - plugin: torch.enterprise_interest
            with: {responses: responses.csv, weight: 5}
        """), in: directory)
    let policy = try #require(config.screening.first?.plugin)
    let result = try await policy.screen(records().map { Candidate(achievement: $0) }, in: PipelineContext())
    let first = try #require(result.passed.first)
    #expect(first.id.rawValue == "a:1")
    #expect(first.interest.count == 2)
    #expect(first.score == 25)  // 5 × (3 + 2)
    #expect(result.passed.count == 4)  // min_level none keeps everyone
    let push = try #require(result.artifacts.first { $0.name == "push-list.csv" })
    let table = try CSVTable.parse(String(decoding: push.contents, as: UTF8.self), file: "push-list.csv")
    #expect(table.rows.count == 4)
    #expect(table.header.contains("对接意向"))
  }
}

@Suite struct PushListRoundTripTests {
  /// The push list is sent out, a few rows are filled in, and it is read back as the responses.
  @Test func aPartlyFilledPushListReadsBack() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let records = (1...4).map {
      Achievement(id: AchievementID("a:\($0)"), title: "成果\($0)", readiness: .level(5), confidentiality: .cleared)
    }
    let yaml = skeleton(
      """
      \(minimalIntake.replacingOccurrences(of: "data/nkrdp", with: "\(samplesDirectory.path)/data/nkrdp"))
      screening:
        - plugin: torch.enterprise_interest
          with: {responses: push-list.csv}
      """)
    // First pass: no responses file yet, so write the push list with an empty template.
    try "编号,企业名称,对接意向,意见建议\n".write(
      to: directory.appendingPathComponent("push-list.csv"), atomically: true, encoding: .utf8)
    let policy = try #require(try configuration(yaml, in: directory).screening.first?.plugin)
    let first = try await policy.screen(records.map { Candidate(achievement: $0) }, in: PipelineContext())
    let push = try #require(first.artifacts.first { $0.name == "push-list.csv" })
    var table = try CSVTable.parse(String(decoding: push.contents, as: UTF8.self), file: "push-list.csv")
    // An enterprise fills in two of the four rows.
    let enterprise = try #require(table.column("企业名称"))
    let level = try #require(table.column("对接意向"))
    table.rows[1].fields[enterprise] = "某企业"
    table.rows[1].fields[level] = "强烈意向"
    table.rows[3].fields[enterprise] = "另一企业"
    table.rows[3].fields[level] = "了解"
    try CSVWriter.text(header: table.header, rows: table.rows.map(\.fields)).write(
      to: directory.appendingPathComponent("push-list.csv"), atomically: true, encoding: .utf8)
    let second = try await policy.screen(records.map { Candidate(achievement: $0) }, in: PipelineContext())
    #expect(second.passed.map(\.id.rawValue).prefix(2) == ["a:2", "a:4"])
    #expect(second.passed.filter { !$0.interest.isEmpty }.count == 2)
  }
}

@Suite struct KeywordScreeningTests {
  func policy(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("\(minimalIntake)\nscreening:\n" + indent(yaml, 2)))
    return try #require(config.screening.first?.plugin)
  }

  @Test func fieldFocusKeywordsIgnoreCaseAndFullWidthAndNameTheKeywordAsWritten() async throws {
    let records = [
      Achievement(id: AchievementID("n:1"), title: "ROBOTIC THUMB ASSEMBLY"),
      Achievement(id: AchievementID("n:2"), title: "基于ＡＩ的视觉质检"),
      Achievement(id: AchievementID("n:3"), title: "Robot test rig"),
      Achievement(id: AchievementID("n:4"), title: "土壤修复", field: "智能机器人"),
      Achievement(id: AchievementID("n:5"), title: "Polyimide Wire Insulation"),
    ]
    let result = try await policy(
      "- plugin: torch.field_focus\n  with: {fields: [智能机器人], keywords: [robot, AI], exclude_keywords: [ＴＥＳＴ]}"
    ).screen(records.map { Candidate(achievement: $0) }, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["n:1", "n:2", "n:4"])
    let reasons = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.rawValue, $0) })
    #expect(reasons["n:1"]?.reason.en == "title contains the focus keyword “robot”")
    #expect(reasons["n:2"]?.reason.zh == "标题含对接关键词「AI」")
    #expect(reasons["n:3"]?.rule == "exclude_keyword")
    #expect(reasons["n:3"]?.reason.zh == "含排除关键词「ＴＥＳＴ」")
    // Field names stay exact.
    #expect(reasons["n:4"]?.rule == "field")
    #expect(reasons["n:5"]?.rule == "out_of_focus")
  }

  @Test func aFunnelOfStagesThatNeverRejectIsWarnedAbout() throws {
    let quiet = try configuration(skeleton("\(minimalIntake)\nscreening:\n  - plugin: torch.enterprise_interest"))
    #expect(quiet.warnings.count == 1)
    #expect(quiet.warnings.first?.keyPath == "screening")
    #expect(quiet.warnings.first?.message.en.hasPrefix("the screening funnel has no stage that narrows") == true)
    let empty = try configuration(skeleton("\(minimalIntake)\nscreening: []"))
    #expect(empty.warnings.count == 1)
    let narrowing = try configuration(
      skeleton(
        "\(minimalIntake)\nscreening:\n  - plugin: torch.enterprise_interest\n"
          + indent(minimalScreening, 0)
          .replacingOccurrences(of: "screening:\n", with: "")))
    #expect(narrowing.warnings.isEmpty)
  }
}

/// Rankings name the rule that orders equal scores wherever it decided an outcome.
@Suite struct TieBreakTests {
  func policy(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("\(minimalIntake)\nscreening:\n" + indent(yaml, 2)))
    return try #require(config.screening.first?.plugin)
  }

  /// Five records alike in every scored part: the same score.
  var alike: [Candidate] {
    (1...5).map {
      Candidate(
        achievement: Achievement(
          id: AchievementID("t:\($0)"), title: "同分项目\($0)", readiness: .level(5), prospect: 50,
          confidentiality: .cleared))
    }
  }

  @Test func shortlistSaysHowManyShareTheCutOffAndHowTheyAreOrdered() async throws {
    let result = try await policy("- plugin: torch.shortlist\n  with: {size: 3}").screen(alike, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:2", "t:3"])
    let out = result.decisions.filter { !$0.passed }
    #expect(out.map(\.achievement.rawValue) == ["t:4", "t:5"])
    #expect(out.allSatisfy { $0.rule == "rank_tie" })
    let reason = try #require(out.first?.reason)
    #expect(reason.en.contains("only 3 of the 5 records with this score fit in the top 3"))
    #expect(reason.en.contains("equal scores are ordered by achievement id, ascending"))
    #expect(reason.zh.contains("同分时按成果编号升序排列"))
    let kept = result.decisions.filter(\.passed)
    #expect(kept.allSatisfy { $0.rule == "rank_tie" && $0.reason.en.contains("this one is among them") })
  }

  @Test func withoutATieTheCutOffReasonIsUnchanged() async throws {
    var distinct = alike
    for index in distinct.indices { distinct[index].achievement.prospect = Double(50 + index) }
    let result = try await policy("- plugin: torch.shortlist\n  with: {size: 3}").screen(
      distinct, in: PipelineContext())
    #expect(result.decisions.filter { !$0.passed }.allSatisfy { $0.rule == "rank_cutoff" })
    #expect(result.decisions.filter(\.passed).allSatisfy { $0.rule == "rank" })
  }

  @Test func finalSelectionNamesTheTieBreakWhenPlacesRunOutWithinATie() async throws {
    let result = try await policy("- plugin: torch.final_selection\n  with: {count: 2}").screen(
      alike, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:2"])
    let out = result.decisions.filter { !$0.passed }
    #expect(out.allSatisfy { $0.rule == "count_tie" && $0.reason.en.contains("ordered by achievement id") })
  }
}

/// Fields with a known domain: a province must be one.
@Suite struct ProvinceFieldTests {
  @Test func theHostsProvinceIsCheckedWithLocationAndSuggestion() throws {
    let yaml = skeleton("\(minimalIntake)\n\(minimalScreening)").replacingOccurrences(
      of: "host: {name: 测试承办单位, venue: 测试会场}", with: "host: {name: 测试承办单位, venue: 测试会场, province: 江苏s}")
    #expect {
      try configuration(yaml)
    } throws: { error in
      guard let error = error as? ConfigurationError, let d = error.diagnostics.first else { return false }
      return d.keyPath == "host.province" && d.location?.line == 5 && d.suggestion == "江苏"
        && d.message.en.contains("expected one of the 31 provincial-level divisions")
    }
    let number = yaml.replacingOccurrences(of: "province: 江苏s", with: "province: 12345")
    #expect(throws: ConfigurationError.self) { try configuration(number) }
    let full = yaml.replacingOccurrences(of: "province: 江苏s", with: "province: 江苏省")
    #expect(try configuration(full).host.province == "江苏")
  }

  func rows(_ province: String) -> String {
    "编号,成果名称,省份\nP1,机器人关节,江苏\nP2,激光焊接,\(province)\n"
  }

  func config(_ directory: URL, onBadRow: String) throws -> RoadshowConfiguration {
    try configuration(
      skeleton(
        """
        intake:
          - plugin: torch.csv_intake
            with:
              file: rows.csv
              source: t
              on_bad_row: \(onBadRow)
              columns: {id: 编号, title: 成果名称, province: 省份}
        \(minimalScreening)
        """), in: directory)
  }

  @Test func aDataRowWithAnUnknownProvinceIsABadRowAtItsColumn() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try rows("12345").write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
    do {
      _ = try await PipelineRunner().run(try config(directory, onBadRow: "stop"), library: InMemoryLibrary())
      Issue.record("expected a data error")
    } catch let error as DataError {
      let d = try #require(error.diagnostics.first)
      #expect(d.location?.line == 3 && d.location?.column == 3)
      #expect(d.message.en.contains("unknown province `12345`: expected one of the 31"))
    }
    let outcome = try await PipelineRunner().run(try config(directory, onBadRow: "skip"), library: InMemoryLibrary())
    #expect(outcome.skipped.count == 1)
    #expect(outcome.record.intake.first?.added == 1)
  }

  @Test func aProvinceTypoInADataRowSuggestsTheProvinceAndFullNamesAreShortened() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try rows("浙江s").write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
    do {
      _ = try await PipelineRunner().run(try config(directory, onBadRow: "stop"), library: InMemoryLibrary())
      Issue.record("expected a data error")
    } catch let error as DataError {
      #expect(error.diagnostics.first?.message.en.contains("did you mean `浙江`?") == true)
    }
    try rows("浙江省").write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
    let library = InMemoryLibrary()
    _ = try await PipelineRunner().run(try config(directory, onBadRow: "stop"), library: library)
    #expect(await library.records.values.map(\.province).contains("浙江"))
  }

  @Test func aRegionTypoInADataRowIsABadRowWithSuggestion() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "编号,成果名称,地区\nP1,机器人关节,east\nP2,激光焊接,westt\n".write(
      to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
    let yaml = skeleton(
      """
      intake:
        - plugin: torch.csv_intake
          with:
            file: rows.csv
            source: t
            columns: {id: 编号, title: 成果名称, region: 地区}
      \(minimalScreening)
      """)
    do {
      _ = try await PipelineRunner().run(try configuration(yaml, in: directory), library: InMemoryLibrary())
      Issue.record("expected a data error")
    } catch let error as DataError {
      let d = try #require(error.diagnostics.first)
      #expect(d.location?.line == 3 && d.location?.column == 3)
      #expect(d.message.en.contains("unknown region `westt`: expected east, central, west or northeast"))
      #expect(d.message.en.contains("did you mean `west`?"))
    }
  }

  @Test func aDateThatIsNoCalendarDateIsAConfigError() throws {
    let yaml = skeleton("\(minimalIntake)\n\(minimalScreening)").replacingOccurrences(
      of: "event_date: 2024-09-20", with: "event_date: 2024-02-30")
    #expect {
      try configuration(yaml)
    } throws: { error in
      guard let error = error as? ConfigurationError, let d = error.diagnostics.first else { return false }
      return d.keyPath == "event_date" && d.location?.line == 4 && d.message.en.contains("date YYYY-MM-DD")
    }
  }
}

extension ScreeningTests {
  /// A national library is screened in halves side by side: the decisions come in input order,
  /// each the same as the record's own screening alone gives.
  @Test func fieldFocusOnALargeLibraryDecidesEachRecordAsAlone() async throws {
    let fields = ["智能机器人", "纳米科技", "场地土壤污染成因与治理技术", "增材制造与激光制造"]
    let large: [Candidate] = (0..<24_001).map { (index: Int) -> Candidate in
      Candidate(
        achievement: Achievement(
          id: AchievementID("n:\(index)"), title: index % 7 == 0 ? "数控机床\(index)" : "成果\(index)",
          field: fields[index % fields.count]))
    }
    let focus = try policy("- plugin: torch.field_focus\n  with: {fields: [智能机器人], keywords: [数控]}")
    let result = try await focus.screen(large, in: PipelineContext())
    #expect(result.decisions.map(\.achievement) == large.map(\.id))
    for (candidate, decision) in zip(large, result.decisions) {
      let alone = try await focus.screen([candidate], in: PipelineContext())
      #expect(alone.decisions == [decision])
    }
    let expected = large.filter { (candidate: Candidate) -> Bool in
      candidate.achievement.field == "智能机器人" || candidate.achievement.title.hasPrefix("数控")
    }
    #expect(result.passed.map(\.id) == expected.map(\.id))
  }

  /// A long ranking's reasons are written in halves side by side: one decision per rank, in
  /// rank order, the rank each reason names.
  @Test func shortlistOfALongRankingGivesEachRankItsReason() async throws {
    let many: [Candidate] = (0..<5_001).map { (index: Int) -> Candidate in
      Candidate(
        achievement: Achievement(
          id: AchievementID("n:\(index)"), title: "成果\(index)", readiness: .level(1 + index % 9),
          prospect: Double(index % 101), fundingWanYuan: Double(index % 37)))
    }
    let result = try await policy("- plugin: torch.shortlist\n  with: {size: 100}").screen(many, in: PipelineContext())
    #expect(result.decisions.count == many.count)
    #expect(Set(result.decisions.map(\.achievement)) == Set(many.map(\.id)))
    for (index, decision) in result.decisions.enumerated() {
      #expect(
        decision.reason.en.contains("rank \(index + 1) of 5001")
          || decision.reason.en.contains("ranks \(index + 1) of 5001"))
      #expect(decision.passed == (index < 100))
    }
    #expect(result.passed.map(\.id) == result.decisions.prefix(100).map(\.achievement))
  }
}
