import Foundation
import RoadshowKernel

/// A config tree written as Swift literals; mappings keep the order written.
indirect enum Tree: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral
{
  case scalar(String)
  case list([Tree])
  case map([(String, Tree)])

  init(stringLiteral value: String) { self = .scalar(value) }
  init(integerLiteral value: Int) { self = .scalar(String(value)) }
  init(booleanLiteral value: Bool) { self = .scalar(String(value)) }
  init(arrayLiteral elements: Tree...) { self = .list(elements) }
  init(dictionaryLiteral elements: (String, Tree)...) { self = .map(elements) }

  func node(file: String) -> ConfigNode {
    let at = SourceLocation(file: file, line: 1, column: 1)
    switch self {
    case .scalar(let text): return ConfigNode(.scalar(text), at: at)
    case .list(let items): return ConfigNode(.sequence(items.map { $0.node(file: file) }), at: at)
    case .map(let pairs):
      return ConfigNode(
        .mapping(pairs.map { ConfigEntry(key: $0.0, keyLocation: at, value: $0.1.node(file: file)) }), at: at)
    }
  }
}

/// Intake of records written in the config itself: `records: [{id, title, trl, field}]`.
struct InlineIntake: IntakeSource {
  static let description = PluginDescription(
    id: "test.inline_intake", kind: .intake, track: "test", summary: LocalizedText(verbatim: "records from the config"),
    parameters: [
      ParameterSpec(
        "records",
        .list(
          .object([
            ParameterSpec("id", .text, required: true, doc: LocalizedText(verbatim: "id")),
            ParameterSpec("title", .text, required: true, doc: LocalizedText(verbatim: "title")),
            ParameterSpec("trl", .integer(1...9), doc: LocalizedText(verbatim: "TRL")),
            ParameterSpec("field", .text, doc: LocalizedText(verbatim: "field")),
          ])), required: true, doc: LocalizedText(verbatim: "records"))
    ],
    example: "- plugin: test.inline_intake")

  let records: [Achievement]

  init(parameters: ParameterValues) throws {
    records = parameters.objects("records").map { item in
      Achievement(
        id: AchievementID(source: "t", externalID: item.string("id") ?? ""), title: item.string("title") ?? "",
        institution: "测试大学", field: item.string("field"),
        readiness: item.int("trl").flatMap(TechnologyReadiness.init(level:)) ?? .unknown, region: .east)
    }
  }

  func collect(in context: PipelineContext) async throws -> IntakeBatch { IntakeBatch(records: records) }
}

/// Passes records at or above `min_trl`.
struct MinimumReadiness: ScreeningPolicy {
  static let description = PluginDescription(
    id: "test.min_trl", kind: .screening, track: "test", summary: LocalizedText(verbatim: "TRL threshold"),
    parameters: [ParameterSpec("min_trl", .integer(1...9), default: "4", doc: LocalizedText(verbatim: "lowest TRL"))],
    example: "- plugin: test.min_trl")

  let minimum: Int

  init(parameters: ParameterValues) throws { minimum = parameters.int("min_trl") ?? 4 }

  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for candidate in candidates {
      let level = candidate.achievement.readiness.value ?? 0
      let ok = level >= minimum
      if ok { passed.append(candidate) }
      decisions.append(
        ScreeningDecision(
          achievement: candidate.id, passed: ok, rule: "min_trl", score: Double(level),
          reason: LocalizedText(
            zh: "技术成熟度 \(level) \(ok ? "≥" : "<") \(minimum)", en: "TRL \(level) \(ok ? "≥" : "<") \(minimum)")))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}

/// An event format that plans one event, or fails when `fail: true`.
struct TestEvent: EventFormat {
  static let description = PluginDescription(
    id: "test.event", kind: .event, track: "test", summary: LocalizedText(verbatim: "an event"),
    parameters: [ParameterSpec("fail", .boolean, default: "false", doc: LocalizedText(verbatim: "throw"))],
    example: "- plugin: test.event")

  let fail: Bool

  init(parameters: ParameterValues) throws { fail = parameters.bool("fail") ?? false }

  func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    if fail {
      throw PipelineError(
        stage: context.stage, plugin: "test.event", message: LocalizedText(zh: "场地不可用", en: "venue unavailable"))
    }
    return EventResult(events: [
      RoadshowEvent(format: "test.event", title: "路演", achievements: input.selected.map(\.id))
    ])
  }
}

enum Fixtures {
  static func registry() throws -> PluginRegistry {
    try PluginRegistry(modules: [
      PluginModule(
        track: TrackDescription(id: "test", name: LocalizedText(verbatim: "test"), source: "-"),
        plugins: [.intake(InlineIntake.self), .screening(MinimumReadiness.self), .event(TestEvent.self)])
    ])
  }

  /// A config with `records` as (id, title, trl), the threshold `minTRL`, and a failing event when `failEvent`.
  static func configuration(
    records: [(String, String, Int?)], minTRL: Int = 4, failEvent: Bool = false
  ) throws -> RoadshowConfiguration {
    let items: [Tree] = records.map { id, title, trl in
      var pairs: [(String, Tree)] = [("id", .scalar(id)), ("title", .scalar(title)), ("field", "智能制造")]
      if let trl { pairs.append(("trl", .scalar(String(trl)))) }
      return .map(pairs)
    }
    let tree: Tree = [
      "programme": ["name": "测试专场"],
      "tracks": ["test"],
      "host": ["name": "测试承办单位"],
      "intake": [["plugin": "test.inline_intake", "with": ["records": .list(items)]]],
      "screening": [["plugin": "test.min_trl", "name": "成熟度", "with": ["min_trl": .scalar(String(minTRL))]]],
      "event": [["plugin": "test.event", "with": ["fail": .scalar(String(failEvent))]]],
    ]
    let file = "/tmp/roadshow-store-tests/config.yaml"
    let text = "\(records) \(minTRL) \(failEvent)"
    return try RoadshowConfiguration.build(root: tree.node(file: file), file: file, text: text, registry: registry())
  }

  /// A fresh library file in its own temporary folder (the folder does not exist yet).
  static func libraryPath() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("roadshow-store-\(UUID().uuidString)/nested/library.sqlite").path
  }

  /// Removes the temporary folder of a library made by ``libraryPath()``.
  static func remove(_ path: String) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
    try? FileManager.default.removeItem(at: folder)
  }

  /// A run record, built through its Codable form (the kernel gives it no public initialiser).
  static func record(id: String, status: String = "succeeded", startedAt: String = "2024-06-01T09:00:00Z") throws
    -> RunRecord
  {
    let json = """
      {"id": "\(id)", "status": "\(status)", "config": "config.yaml", "programme": {"name": "测试专场"},
       "host": "测试承办单位", "locale": "zh-CN", "tracks": ["test"], "startedAt": "\(startedAt)",
       "finishedAt": "\(startedAt)", "libraryBefore": 0, "libraryAfter": 0, "intake": [], "funnel": [],
       "selected": [], "coachingPlans": 0, "coachingGaps": 0, "events": [], "followUpCases": 0,
       "indicators": [], "outputs": []}
      """
    return try JSONDecoder().decode(RunRecord.self, from: Data(json.utf8))
  }

  /// A clock that moves one minute per call, so that runs get distinct ids.
  static func clock(start: Date = Date(timeIntervalSince1970: 1_717_200_000)) -> @Sendable () -> Date {
    let counter = Counter()
    return { start.addingTimeInterval(60 * Double(counter.next())) }
  }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func next() -> Int {
    lock.withLock {
      value += 1
      return value
    }
  }
}
