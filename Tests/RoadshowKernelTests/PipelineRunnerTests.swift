import Foundation
import Testing

@testable import RoadshowKernel

/// Minimal plugins for driving the runner without any track module.
struct FixedIntake: IntakeSource {
  static let description = PluginDescription(
    id: "test.intake", kind: .intake, track: "test", summary: LocalizedText(verbatim: "fixed records"), parameters: [],
    example: "- plugin: test.intake")
  init(parameters: ParameterValues) throws {}
  func collect(in context: PipelineContext) async throws -> IntakeBatch {
    IntakeBatch(
      records: (1...5).map {
        Achievement(id: AchievementID(source: "t", externalID: "\($0)"), title: "成果\($0)", readiness: .level($0 + 2))
      })
  }
}

/// Keeps records with an odd id, and (when `broken`) forgets to decide on the last one.
struct OddPolicy: ScreeningPolicy {
  static let description = PluginDescription(
    id: "test.odd", kind: .screening, track: "test", summary: LocalizedText(verbatim: "odd ids"),
    parameters: [ParameterSpec("broken", .boolean, default: "false", doc: LocalizedText(verbatim: "omit a decision"))],
    example: "- plugin: test.odd")
  let broken: Bool
  init(parameters: ParameterValues) throws { broken = parameters.bool("broken") ?? false }
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var decisions = candidates.map { c in
      let odd = (Int(c.id.rawValue.split(separator: ":").last ?? "") ?? 0) % 2 == 1
      return ScreeningDecision(
        achievement: c.id, passed: odd, rule: "odd", reason: LocalizedText(verbatim: odd ? "odd" : "even"))
    }
    if broken { decisions.removeLast() }
    let passed = candidates.filter { c in decisions.contains { $0.achievement == c.id && $0.passed } }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}

func testRegistry() throws -> PluginRegistry {
  try PluginRegistry(modules: [
    PluginModule(
      track: TrackDescription(id: "test", name: LocalizedText(verbatim: "test"), source: "-"),
      plugins: [.intake(FixedIntake.self), .screening(OddPolicy.self)])
  ])
}

/// Builds a config tree from nested Swift values (ordered pairs for mappings).
func node(_ value: Any, line: Int = 1) -> ConfigNode {
  let at = SourceLocation(file: "test.yaml", line: line, column: 1)
  switch value {
  case let pairs as KeyValuePairs<String, Any>:
    return ConfigNode(
      .mapping(pairs.map { ConfigEntry(key: $0.key, keyLocation: at, value: node($0.value, line: line)) }), at: at)
  case let list as [Any]:
    return ConfigNode(.sequence(list.map { node($0, line: line) }), at: at)
  default:
    return ConfigNode(.scalar("\(value)"), at: at)
  }
}

func configuration(broken: Bool = false) throws -> RoadshowConfiguration {
  let root = node(
    [
      "programme": ["name": "测试"] as KeyValuePairs<String, Any>,
      "tracks": ["test"],
      "host": ["name": "测试承办单位"] as KeyValuePairs<String, Any>,
      "intake": [["plugin": "test.intake"] as KeyValuePairs<String, Any>],
      "screening": [
        ["plugin": "test.odd", "with": ["broken": broken ? "true" : "false"] as KeyValuePairs<String, Any>]
          as KeyValuePairs<String, Any>
      ],
    ] as KeyValuePairs<String, Any>)
  return try RoadshowConfiguration.build(root: root, file: "test.yaml", text: "", registry: try testRegistry())
}

@Suite struct PipelineRunnerTests {
  @Test func runsTheFunnelAndKeepsEveryDecision() async throws {
    let library = InMemoryLibrary()
    let outcome = try await PipelineRunner().run(try configuration(), library: library)
    #expect(outcome.record.funnel.map(\.in) == [5])
    #expect(outcome.record.funnel.map(\.out) == [3])
    #expect(outcome.decisions.count == 5)
    #expect(outcome.decisions.filter { !$0.decision.passed }.map(\.decision.reason.en) == ["even", "even"])
    #expect(await library.records.count == 5)
    #expect(outcome.files.map(\.name).contains("run.json"))
    #expect(outcome.files.map(\.name).contains("summary.md"))
  }

  @Test func rerunningTheSameIntakeDoesNotDuplicate() async throws {
    let library = InMemoryLibrary()
    _ = try await PipelineRunner().run(try configuration(), library: library)
    let second = try await PipelineRunner().run(try configuration(), library: library)
    #expect(await library.records.count == 5)
    #expect(second.record.intake.first?.added == 0)
    #expect(second.record.intake.first?.unchanged == 5)
  }

  @Test func aPolicyThatSkipsADecisionFailsTheRunAndLeavesTheLibraryUnchanged() async throws {
    let library = InMemoryLibrary()
    await #expect(throws: PipelineError.self) {
      _ = try await PipelineRunner().run(try configuration(broken: true), library: library)
    }
    #expect(await library.records.isEmpty)
    #expect(await library.runs.map(\.status) == ["failed"])
  }

  @Test func aCancelledRunWritesNothing() async throws {
    let library = InMemoryLibrary()
    let config = try configuration()
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await PipelineRunner().run(config, library: library)
    }
    await #expect(throws: CancellationError.self) { _ = try await task.value }
    #expect(await library.records.isEmpty)
  }
}

/// Learns each record's province and keeps it (an update), and can be told to update a stranger.
struct ProvinceFinder: ScreeningPolicy {
  static let description = PluginDescription(
    id: "test.province", kind: .screening, track: "test", summary: LocalizedText(verbatim: "finds provinces"),
    parameters: [
      ParameterSpec("stranger", .boolean, default: "false", doc: LocalizedText(verbatim: "update an unknown id"))
    ],
    example: "- plugin: test.province")
  let stranger: Bool
  init(parameters: ParameterValues) throws { stranger = parameters.bool("stranger") ?? false }
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var updates = candidates.map { c -> Achievement in
      var a = c.achievement
      a.province = "吉林"
      return a
    }
    if stranger { updates.append(Achievement(id: AchievementID("t:999"), title: "stranger")) }
    return ScreeningResult(
      passed: candidates,
      decisions: candidates.map {
        ScreeningDecision(achievement: $0.id, passed: true, rule: "p", reason: LocalizedText(verbatim: "ok"))
      },
      updates: updates)
  }
}

@Suite struct ScreeningUpdateTests {
  func configuration(stranger: Bool) throws -> RoadshowConfiguration {
    let registry = try PluginRegistry(modules: [
      PluginModule(
        track: TrackDescription(id: "test", name: LocalizedText(verbatim: "test"), source: "-"),
        plugins: [.intake(FixedIntake.self), .screening(ProvinceFinder.self)])
    ])
    let root = node(
      [
        "programme": ["name": "测试"] as KeyValuePairs<String, Any>,
        "tracks": ["test"],
        "host": ["name": "测试"] as KeyValuePairs<String, Any>,
        "intake": [["plugin": "test.intake"] as KeyValuePairs<String, Any>],
        "screening": [
          ["plugin": "test.province", "with": ["stranger": stranger ? "true" : "false"] as KeyValuePairs<String, Any>]
            as KeyValuePairs<String, Any>
        ],
      ] as KeyValuePairs<String, Any>)
    return try RoadshowConfiguration.build(root: root, file: "test.yaml", text: "", registry: registry)
  }

  @Test func whatAStageLearnsIsKeptInTheLibrary() async throws {
    let library = InMemoryLibrary()
    _ = try await PipelineRunner().run(try configuration(stranger: false), library: library)
    let records = await library.achievements()
    #expect(records.count == 5)
    #expect(records.allSatisfy { $0.province == "吉林" })
    #expect(records.allSatisfy { $0.readiness != .unknown })  // the rest of each record is kept
  }

  @Test func updatingARecordNotGivenFailsTheRunAndWritesNothing() async throws {
    let library = InMemoryLibrary()
    await #expect(throws: PipelineError.self) {
      _ = try await PipelineRunner().run(try configuration(stranger: true), library: library)
    }
    #expect(await library.records.isEmpty)
  }
}
