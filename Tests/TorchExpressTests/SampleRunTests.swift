import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

/// The main sample, end to end on the real 2018 national key R&D programme list.
@Suite struct SampleRunTests {
  func sample(locale: String? = nil) throws -> RoadshowConfiguration {
    let url = samplesDirectory.appendingPathComponent("torch-express-2024.yaml")
    var yaml = try String(contentsOf: url, encoding: .utf8)
    if let locale { yaml = yaml.replacingOccurrences(of: "locale: zh-CN", with: "locale: \(locale)") }
    return try configuration(yaml, name: "torch-express-2024.yaml")
  }

  @Test func funnelRunsFrom1373ToAbout100ToTenToTwenty() async throws {
    let outcome = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    let record = outcome.record
    #expect(record.intake.first?.rows == 1373)
    #expect(record.libraryAfter == 1373)
    // The expert assessments only update: they never add records.
    #expect(record.intake.last?.added == 0)
    #expect((record.intake.last?.updated ?? 0) > 100)
    #expect(
      record.funnel.map(\.plugin) == [
        "torch.field_focus", "torch.trl_threshold", "torch.shortlist", "torch.enterprise_interest",
        "torch.final_selection",
      ])
    #expect(record.funnel.first?.in == 1373)
    for (earlier, later) in zip(record.funnel, record.funnel.dropFirst()) {
      #expect(earlier.out == later.in)
    }
    #expect(record.funnel[2].out == 100)
    #expect((10...20).contains(record.selected.count))
    // Every record has a decision at the first stage, and every later stage decides on all it got.
    for (index, stage) in record.funnel.enumerated() {
      #expect(outcome.decisions.filter { $0.position == index + 1 }.count == stage.in)
    }
  }

  @Test func quotasAndUnknownMaturityAreVisible() async throws {
    let outcome = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    let selected = try #require(outcome.funnel.last?.passed)
    let perField = Dictionary(grouping: selected, by: { $0.achievement.field ?? "" }).values.map(\.count)
    let perInstitution = Dictionary(grouping: selected, by: { $0.achievement.institution ?? "" }).values.map(\.count)
    #expect(perField.allSatisfy { $0 <= 5 })
    #expect(perInstitution.allSatisfy { $0 <= 2 })
    // Unknown TRL is never dropped silently: such records pass the threshold flagged for review.
    let unknown = outcome.decisions.filter { $0.decision.rule == "unknown_trl" }
    #expect(!unknown.isEmpty)
    #expect(unknown.allSatisfy { $0.decision.passed })
    let shortlist = try #require(text(outcome, "shortlist.csv"))
    #expect(shortlist.contains("TRL未评估，待专家评估"))
  }

  @Test func writesEveryOutputInChinese() async throws {
    let outcome = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    let names = Set(outcome.files.map(\.name))
    for expected in [
      "shortlist.csv", "push-list.csv", "selection.csv", "decisions.csv", "agenda.md", "coaching.md",
      "follow-up.md", "summary.md", "application-form.md", "online-catalogue.csv", "run.json",
    ] {
      #expect(names.contains(expected), "\(expected)")
    }
    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("工作总结"))
    #expect(summary.contains("| 3 | 初筛约100项 | `torch.shortlist` |"))
    let agenda = try #require(text(outcome, "agenda.md"))
    for segment in [AgendaSegment.keynote, .pitch, .expertReview, .questions, .oneToOne] {
      #expect(agenda.contains(segment.name(.zhCN)), "\(segment)")
    }
    let form = try #require(text(outcome, "application-form.md"))
    #expect(form.contains("苏州国家高新技术产业开发区管理委员会（示例）"))
    let followUp = try #require(text(outcome, "follow-up.md"))
    #expect(followUp.contains("2025-09-20"))  // 12 months after the event
  }

  @Test func writesEveryOutputInEnglishWhenAsked() async throws {
    let outcome = try await PipelineRunner().run(try sample(locale: "en"), library: InMemoryLibrary())
    let summary = try #require(text(outcome, "summary.md"))
    #expect(summary.contains("Work summary"))
    #expect(!summary.contains("工作总结"))
    let selection = try #require(text(outcome, "selection.csv"))
    #expect(selection.hasPrefix("\u{FEFF}rank,id,title"))
    let agenda = try #require(text(outcome, "agenda.md"))
    #expect(agenda.contains("One-to-one docking"))
  }

  @Test func runJSONHasTheFunnelArray() async throws {
    let outcome = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    let data = try #require(outcome.files.first(where: { $0.name == "run.json" })?.contents)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let funnel = try #require(json["funnel"] as? [[String: Any]])
    #expect(funnel.count == 5)
    for stage in funnel {
      #expect(Set(stage.keys).isSuperset(of: ["stage", "plugin", "in", "out"]))
    }
    #expect(funnel.first?["in"] as? Int == 1373)
  }

  @Test func rerunningTheSampleUpdatesInsteadOfDuplicating() async throws {
    let library = InMemoryLibrary()
    _ = try await PipelineRunner().run(try sample(), library: library)
    let second = try await PipelineRunner().run(try sample(), library: library)
    #expect(await library.records.count == 1373)
    #expect(second.record.intake.first?.added == 0)
    #expect(second.record.libraryBefore == 1373)
  }

  @Test func sameInputGivesTheSameSelection() async throws {
    let first = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    let second = try await PipelineRunner().run(try sample(), library: InMemoryLibrary())
    #expect(first.record.selected == second.record.selected)
    #expect(text(first, "shortlist.csv") == text(second, "shortlist.csv"))
  }
}
