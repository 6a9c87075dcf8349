import CustomScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

@Suite struct DeclarativeRuleTests {
  func errors(_ screening: String) -> [Diagnostic] {
    do {
      _ = try config(screening: screening)
      return []
    } catch let error as ConfigurationError {
      return error.diagnostics
    } catch {
      return []
    }
  }

  @Test func unknownFieldIsReportedWithLineColumnAndSuggestion() {
    let found = errors(
      """
        - plugin: custom.rule
          with:
            all:
              - {field: trl, at_least: 5}
              - {field: regoin, in: [west]}
      """)
    #expect(found.count == 1)
    #expect(found.first?.location?.line == 14)
    #expect(found.first?.suggestion == "region")
    #expect(found.first?.keyPath == "screening[0].with.all[1].field")
  }

  @Test func everyBadConditionIsReportedAtOnce() {
    let found = errors(
      """
        - plugin: custom.rule
          with:
            all:
              - {field: title, at_least: 5}
              - {field: trl, at_least: 5, at_most: 7}
            any:
              - {field: trl, at_least: high}
      """)
    // a numeric test on a text field, two operators in one condition, a non-number bound
    #expect(found.map(\.location?.line) == [13, 14, 16])
    #expect(found.last?.code == .typeMismatch)
  }

  @Test func theRuleDecidesWithReasons() async throws {
    let config = try config(
      screening: """
          - plugin: custom.rule
            with:
              rule: west_mature
              all: [{field: trl, at_least: 5}]
              none: [{field: title, contains: 综述}]
        """)
    let policy = try #require(config.screening.first?.plugin)
    let input = candidates([("西部技术", .level(6)), ("低成熟度", .level(3)), ("未评估", .unknown), ("技术综述", .level(8))])
    let result = try await policy.screen(input, in: PipelineContext(locale: .en))
    #expect(result.passed.map(\.id.rawValue) == ["t:1"])
    let reasons = result.decisions.map(\.reason.en)
    #expect(reasons[0] == "meets rule west_mature: trl ≥ 5; none of: title contains “综述”")
    #expect(reasons[1] == "fails rule west_mature: trl ≥ 5")
    #expect(reasons[2] == "fails rule west_mature: trl ≥ 5 [no value: trl]")
    #expect(reasons[3].contains("must not: title contains “综述”"))
  }

  @Test func theDeclarativeSampleRunsEndToEnd() async throws {
    let url = samplesDirectory.appendingPathComponent("custom-screening/declarative-rule.yaml")
    let config = try ConfigLoader.load(path: url.path, registry: try registry())
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let rule = try #require(outcome.funnel.first)
    #expect(rule.inCount == 1373)
    #expect(!rule.passed.isEmpty)
    for candidate in rule.passed {
      #expect((candidate.achievement.readiness.value ?? 0) >= 6)
      #expect(candidate.achievement.intellectualProperty.contains { $0.contains("发明专利") })
      #expect(!candidate.achievement.title.contains("机理"))
    }
    #expect(outcome.record.selected.count == min(10, rule.passed.count))
  }
}

/// Nesting, negation and list tests: rules that say "keep universities and institutes; keep
/// companies only at TRL ≥ 6".
@Suite struct DeclarativeNestingTests {
  /// The rule of `with` (indented YAML lines under `with:`) as a policy.
  func rule(_ with: String) throws -> any ScreeningPolicy {
    let config = try config(screening: "  - plugin: custom.rule\n    with:\n" + with)
    return try #require(config.screening.first?.plugin)
  }

  func record(_ id: String, institution: String, trl: TechnologyReadiness) -> Candidate {
    Candidate(
      achievement: Achievement(id: AchievementID("t:\(id)"), title: "成果\(id)", institution: institution, readiness: trl)
    )
  }

  static let institutesOrMatureCompanies = """
          rule: r
          any:
            - {field: institution, contains_any: [大学, 研究院, 研究所]}
            - not: {field: institution, contains_any: [公司, 集团]}
            - all:
                - {field: institution, contains_any: [公司, 集团]}
                - {field: trl, at_least: 6}
    """

  @Test func nestedAllInsideAnyWithNotKeepsInstitutesAndOnlyMatureCompanies() async throws {
    let policy = try rule(Self.institutesOrMatureCompanies)
    let input = [
      record("1", institution: "清华大学", trl: .level(2)),
      record("2", institution: "某某科技有限公司", trl: .level(7)),
      record("3", institution: "某某科技有限公司", trl: .level(4)),
      record("4", institution: "广东省人民医院", trl: .unknown),
      record("5", institution: "某某集团", trl: .unknown),
    ]
    let result = try await policy.screen(input, in: PipelineContext(locale: .en))
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:2", "t:4"])
    let reasons = result.decisions.map(\.reason.en)
    // A passing record names the one condition of the `any` that held, and the keyword matched.
    #expect(reasons[0] == "meets rule r: institution contains “大学”")
    #expect(reasons[1] == "meets rule r: institution contains “公司”; trl ≥ 6")
    #expect(reasons[3] == "meets rule r: not (institution contains one of “公司”, “集团”)")
    #expect(reasons[2].hasPrefix("fails rule r: none of: "), "\(reasons[2])")
    #expect(reasons[2].contains("must not: institution contains “公司”"), "\(reasons[2])")
    // An unknown TRL leaves the company undecided: when_missing (fail) decides, and says so.
    #expect(reasons[4].hasSuffix("trl ≥ 6 [no value: trl]"), "\(reasons[4])")
    #expect(result.decisions[0].reason.zh == "满足规则 r：institution 含「大学」")
  }

  @Test func englishReasonsHaveNoChineseOfTheRulesOwn() async throws {
    let policy = try rule(Self.institutesOrMatureCompanies + "\n      none: [{field: title, contains: 综述}]")
    let input = [
      record("1", institution: "某某公司", trl: .level(3)), record("2", institution: "北京大学", trl: .level(3)),
    ]
    let result = try await policy.screen(input, in: PipelineContext(locale: .zhCN))
    for decision in result.decisions {
      // Only the config's own words (大学, 公司, …) may be Chinese in the English reason.
      var english = decision.reason.en
      for word in ["大学", "研究院", "研究所", "公司", "集团", "综述"] {
        english = english.replacingOccurrences(of: word, with: "")
      }
      #expect(
        !english.unicodeScalars.contains {
          (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
        }, "\(decision.reason.en)")
    }
    #expect(result.decisions[0].reason.en.contains("none of: "))
    #expect(result.decisions[0].reason.zh.contains("不满足任一："))
  }

  @Test func notNoneAndListTestsNestAtAnyDepth() async throws {
    let policy = try rule(
      """
              not:
                any:
                  - all:
                      - not: {field: title, contains_all: [激光, 焊接]}
                      - any:
                          - {field: ip, in: [发明专利1项]}
                          - none: [{field: trl, at_most: 3}]
      """)
    let input = [
      ("1", "激光焊接装备", 8), ("2", "激光切割", 8), ("3", "激光切割", 2),
    ].map { id, title, trl in
      Candidate(
        achievement: Achievement(
          id: AchievementID("t:\(id)"), title: title, readiness: .level(trl), intellectualProperty: ["实用新型1项"]))
    }
    let result = try await policy.screen(input, in: PipelineContext())
    // t:1 has both words, so the inner `not` fails and the rule's `not` holds; t:2 has TRL > 3;
    // t:3 has TRL ≤ 3 and no listed patent.
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:3"])
  }

  @Test func errorsInNestedConditionsAreLocatedWithKeyPathExpectationAndSuggestion() throws {
    func diagnostics(_ with: String) -> [Diagnostic] {
      do {
        _ = try rule(with)
        return []
      } catch let error as ConfigurationError {
        return error.diagnostics
      } catch {
        Issue.record("unexpected \(error)")
        return []
      }
    }
    let found = diagnostics(
      """
              any:
                - all:
                    - {field: instituton, contains_any: [大学]}
                    - not: {field: trl, at_lest: 6}
                - {field: title, contains_any: []}
                - {field: trl, at_least: 5, all: [{field: trl, at_most: 7}]}
                - {contains: 大学}
      """)
    let byPath = Dictionary(found.map { ($0.keyPath, $0) }, uniquingKeysWith: { first, _ in first })
    let typo = try #require(byPath["screening[0].with.any[0].all[0].field"], "\(found)")
    #expect(typo.suggestion == "institution")
    #expect(typo.location?.line == 14)
    let key = try #require(byPath["screening[0].with.any[0].all[1].not.at_lest"], "\(found)")
    #expect(key.code == .unknownKey && key.suggestion == "at_least" && key.location?.line == 15)
    let empty = try #require(byPath["screening[0].with.any[1].contains_any"], "\(found)")
    #expect(empty.message.en.contains("needs a list of at least one text"))
    let mixed = try #require(byPath["screening[0].with.any[2]"], "\(found)")
    #expect(mixed.message.en.contains("a condition is one group or one field test"))
    #expect(mixed.message.en.contains("expected `field` with one test"))
    let noField = try #require(byPath["screening[0].with.any[3].field"], "\(found)")
    #expect(noField.code == .missingKey && noField.location?.line == 18)
    #expect(found.count == 5, "\(found.map { $0.rendered(.en) })")
    // Each message reads as the product's others: FILE:LINE:COL, key path, what was expected.
    #expect(typo.rendered(.en).contains("test.yaml:14:"))
    #expect(noField.rendered(.zhCN).contains("条件缺少 `field`"))
  }

  @Test func theNestedSampleRejectsOnlyCompaniesBelowTRLSix() async throws {
    let url = samplesDirectory.appendingPathComponent("custom-screening/nested-rule.yaml")
    let config = try ConfigLoader.load(path: url.path, registry: try registry())
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner().run(config, library: library)
    let records = await library.records
    let stage = try #require(outcome.funnel.first)
    #expect(stage.inCount == 1373)
    let companyWords = ["公司", "集团", "厂"]
    let academicWords = ["大学", "学院", "研究院", "研究所", "科学院"]
    let decisions = outcome.decisions.filter { $0.position == 1 }.map(\.decision)
    #expect(decisions.count == 1373)
    var rejected = 0
    for decision in decisions where !decision.passed {
      rejected += 1
      let record = try #require(records[decision.achievement])
      let institution = record.institution ?? ""
      // Every rejected record is a company that is not also academic, below TRL 6 or unassessed.
      #expect(companyWords.contains(where: institution.contains), "\(institution)")
      #expect(!academicWords.contains(where: institution.contains), "\(institution)")
      #expect((record.readiness.value ?? 0) < 6, "\(institution) \(record.readiness)")
    }
    #expect(rejected > 50 && rejected < 301, "\(rejected)")
    #expect(stage.passed.count == 1373 - rejected)
    // Hospitals are kept: for being academic, or for not being a company.
    let hospitals = decisions.filter {
      let name = records[$0.achievement]?.institution ?? ""
      return name.contains("医院") && !companyWords.contains(where: name.contains)
    }
    #expect(!hospitals.isEmpty)
    for hospital in hospitals {
      let name = records[hospital.achievement]?.institution ?? ""
      #expect(hospital.passed, "\(name): \(hospital.reason.en)")
      #expect(
        hospital.reason.en.hasSuffix(
          academicWords.contains(where: name.contains)
            ? "institution contains “\(academicWords.first(where: name.contains) ?? "")”"
            : "not (institution contains one of “公司”, “集团”, “厂”)"), "\(hospital.reason.en)")
    }
  }
}

@Suite struct DeclarativeContainsTests {
  @Test func containsIgnoresCaseAndFullWidth() async throws {
    let config = try configuration(
      """
      programme: {name: 测试}
      tracks: [torch, custom]
      host: {name: 测试}
      intake:
        - plugin: torch.csv_intake
          with: {file: \(samplesDirectory.path)/data/nkrdp-projects-2018.csv, source: nkrdp-2018, columns: {id: project_no, title: title, field: programme}, null_values: ["", "*"]}
      screening:
        - plugin: custom.rule
          with:
            all:
              - {field: title, contains: ＣＮＣ}
      """)
    let rule = try #require(config.screening.first?.plugin)
    let records = [
      Achievement(id: AchievementID("t:1"), title: "cnc machine"),
      Achievement(id: AchievementID("t:2"), title: "五轴CNC加工"),
      Achievement(id: AchievementID("t:3"), title: "数控机床"),
    ]
    let result = try await rule.screen(records.map { Candidate(achievement: $0) }, in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["t:1", "t:2"])
  }
}
