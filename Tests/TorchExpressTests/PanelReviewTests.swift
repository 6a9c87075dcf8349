import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

@Suite struct PanelReviewTests {
  func policy(_ yaml: String) throws -> any ScreeningPolicy {
    let config = try configuration(skeleton("\(minimalIntake)\nscreening:\n" + indent(yaml, 2)))
    return try #require(config.screening.first?.plugin)
  }

  func candidates() -> [Candidate] {
    ["a:1", "a:2", "a:3"].map {
      Candidate(achievement: Achievement(id: AchievementID($0), title: $0, institution: "I", confidentiality: .cleared))
    }
  }

  func sheet(_ rows: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("panel-\(UUID().uuidString).csv")
    try Data(("expert,achievement,advancement,maturity,prospect,team,ip,comment,recusal\n" + rows).utf8).write(to: url)
    return url
  }

  @Test func ranksByTheNormalisedScoreAndSaysWhyCitingReviewsAndRecusals() async throws {
    // E1 is lenient, E2 strict; a:3 has one review and one recusal. Raw: E1 9, 7; E2 6, 4, 5;
    // round mean 6.2, sd 1.7205. Normalised: a:1 (7.92 + 8.31) / 2 = 8.11; a:2 (4.48 + 4.09) / 2 = 4.29.
    let url = try sheet(
      """
      E1,a:1,9,9,9,9,9,,
      E1,a:2,7,7,7,7,7,,
      E2,a:1,6,6,6,6,6,,
      E2,a:2,4,4,4,4,4,,
      E2,a:3,5,5,5,5,5,,
      E1,a:3,,,,,,,同一课题组
      """)
    defer { try? FileManager.default.removeItem(at: url) }
    let result = try await policy(
      "- plugin: torch.panel_review\n  with: {scores: \(url.path), min_reviews: 2, threshold: 4.5}"
    ).screen(candidates(), in: PipelineContext())
    #expect(result.passed.map(\.id.rawValue) == ["a:1"])
    let first = try #require(result.decisions.first { $0.achievement.rawValue == "a:1" })
    #expect(first.passed && first.reason.en.contains("normalised") && first.reason.en.contains("2 reviews"))
    #expect(first.reason.zh.contains("标准化得分") && first.reason.zh.contains("第 1 名"))
    let low = try #require(result.decisions.first { $0.achievement.rawValue == "a:2" })
    #expect(!low.passed && low.rule == "threshold" && low.reason.en.contains("below the threshold 4.50"))
    let few = try #require(result.decisions.first { $0.achievement.rawValue == "a:3" })
    #expect(!few.passed && few.rule == "min_reviews" && few.reason.en.contains("1 recusals"))
    #expect(result.passed.first?.scoreParts.contains { $0.name == "panel_review" } == true)
  }

  @Test func aBadSheetStopsTheStageWithRowAndColumn() async throws {
    let url = try sheet("E1,a:1,9,9,12,9,9,,\nE1,a:9,9,9,9,9,9,,\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let stage = try policy("- plugin: torch.panel_review\n  with: {scores: \(url.path)}")
    do {
      _ = try await stage.screen(candidates(), in: PipelineContext())
      Issue.record("a bad sheet must stop the stage")
    } catch let error as DataError {
      let places = error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
      // The row of a:9, not a candidate of this stage, is skipped with a warning, not an error.
      #expect(places == ["2:5"])
    }
  }
}
