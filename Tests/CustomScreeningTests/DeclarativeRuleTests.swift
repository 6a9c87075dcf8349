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
    #expect(reasons[0] == "meets rule west_mature: trl ≥ 5")
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
