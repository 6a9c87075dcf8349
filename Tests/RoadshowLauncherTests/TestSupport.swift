import Foundation
import RoadshowKernel
import RoadshowLauncher

/// Intake from a tiny CSV (`id,title,trl`), enough to drive the launcher.
struct CSVIntake: IntakeSource {
  static let description = PluginDescription(
    id: "test.csv_intake", kind: .intake, track: "test", summary: LocalizedText(zh: "读取测试 CSV", en: "reads a test CSV"),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "数据文件", en: "data file")),
      ParameterSpec("source", .text, default: "t", doc: LocalizedText(zh: "数据源", en: "source id")),
    ],
    example: "- plugin: test.csv_intake\n  with: {file: data.csv}")

  let file: URL
  let source: String

  init(parameters: ParameterValues) throws {
    guard let file = parameters.url("file") else {
      throw PluginSetupError([parameters.problem("file", LocalizedText(verbatim: "file"), code: .missingKey)])
    }
    self.file = file
    source = parameters.string("source") ?? "t"
  }

  func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try CSVTable.read(file)
    let records = table.rows.map { row in
      Achievement(
        id: AchievementID(source: source, externalID: row.fields[0]), title: row.fields.count > 1 ? row.fields[1] : "",
        institution: "测试大学", field: "智能制造",
        readiness: row.fields.count > 2
          ? Int(row.fields[2]).flatMap(TechnologyReadiness.init(level:)) ?? .unknown : .unknown)
    }
    return IntakeBatch(records: records)
  }
}

/// Passes records at or above `min_trl`; `label` and `mode` exist to exercise the validator.
struct ThresholdPolicy: ScreeningPolicy {
  static let description = PluginDescription(
    id: "test.min_trl", kind: .screening, track: "test", summary: LocalizedText(zh: "成熟度门槛", en: "TRL threshold"),
    parameters: [
      ParameterSpec("min_trl", .integer(1...9), default: "4", doc: LocalizedText(zh: "最低成熟度", en: "lowest TRL")),
      ParameterSpec("label", .string(maxLength: 10), doc: LocalizedText(zh: "标签", en: "label")),
      ParameterSpec(
        "mode", .choice(["strict", "lenient"]), default: "strict", doc: LocalizedText(zh: "模式", en: "mode")),
    ],
    example: "- plugin: test.min_trl\n  with: {min_trl: 4}")

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
    context.report(.screening, LocalizedText(verbatim: "\(candidates.count) → \(passed.count)"))
    return ScreeningResult(
      passed: passed, decisions: decisions, artifacts: [OutputFile(name: "extra/notes.txt", text: "ok")])
  }
}

/// One event; throws when `fail: true`.
struct AgendaEvent: EventFormat {
  static let description = PluginDescription(
    id: "test.agenda", kind: .event, track: "test", summary: LocalizedText(zh: "测试活动", en: "test event"),
    parameters: [ParameterSpec("fail", .boolean, default: "false", doc: LocalizedText(zh: "抛出错误", en: "throw"))],
    example: "- plugin: test.agenda")

  let fail: Bool

  init(parameters: ParameterValues) throws { fail = parameters.bool("fail") ?? false }

  func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    if fail {
      throw PipelineError(
        stage: context.stage, plugin: "test.agenda", message: LocalizedText(zh: "场地不可用", en: "venue unavailable"))
    }
    return EventResult(events: [
      RoadshowEvent(format: "test.agenda", title: "测试路演", achievements: input.selected.map(\.id))
    ])
  }
}

/// A plugin of a second track, for "track not enabled".
struct OtherPolicy: ScreeningPolicy {
  static let description = PluginDescription(
    id: "other.noop", kind: .screening, track: "other", summary: LocalizedText(verbatim: "no-op"), parameters: [],
    example: "- plugin: other.noop")
  init(parameters: ParameterValues) throws {}
  func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    ScreeningResult(
      passed: candidates,
      decisions: candidates.map {
        ScreeningDecision(achievement: $0.id, passed: true, rule: "noop", reason: LocalizedText(verbatim: "ok"))
      })
  }
}

enum Fixtures {
  static func registry() throws -> PluginRegistry {
    try PluginRegistry(modules: [
      PluginModule(
        track: TrackDescription(id: "test", name: LocalizedText(zh: "测试", en: "test"), source: "-"),
        plugins: [.intake(CSVIntake.self), .screening(ThresholdPolicy.self), .event(AgendaEvent.self)]),
      PluginModule(
        track: TrackDescription(id: "other", name: LocalizedText(zh: "其他", en: "other"), source: "-"),
        plugins: [.screening(OtherPolicy.self)]),
    ])
  }

  /// A valid config; tests edit single lines, so the line numbers are part of the fixture.
  static let validYAML = """
    programme:
      name: 测试专场
    tracks: [test]
    host:
      name: 测试承办单位
      work_idea: 聚焦智能制造
    intake:
      - plugin: test.csv_intake
        with:
          file: data.csv
    screening:
      - plugin: test.min_trl
        name: 成熟度
        with:
          min_trl: 4
    event:
      - plugin: test.agenda

    """

  static let data = "id,title,trl\n1,工业机器人,5\n2,数控机床,3\n3,激光焊接,\n"
}

/// A temporary folder with `data.csv` and a config file.
struct Workspace {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-launcher-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(Fixtures.data.utf8).write(to: folder.appendingPathComponent("data.csv"))
  }

  /// Writes `text` as `name` and returns its path.
  @discardableResult
  func write(_ text: String, as name: String = "config.yaml") throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// The valid config with line `number` (from 1) replaced by `lines`.
func yaml(replacing number: Int, with lines: String...) -> String {
  var all = Fixtures.validYAML.components(separatedBy: "\n")
  all.replaceSubrange((number - 1)...(number - 1), with: lines)
  return all.joined(separator: "\n")
}

/// Loads `text` as a config and returns its diagnostics (empty when valid).
func diagnostics(of text: String, name: String = "config.yaml") throws -> [Diagnostic] {
  let workspace = try Workspace()
  defer { workspace.remove() }
  let path = try workspace.write(text, as: name)
  let registry = try Fixtures.registry()
  do {
    _ = try ConfigLoader.load(path: path, registry: registry)
    return []
  } catch {
    return error.diagnostics
  }
}

extension Diagnostic {
  /// `line:col`, for short expectations.
  var position: String { location.map { "\($0.line):\($0.column)" } ?? "-" }
}

/// A console that keeps what commands print.
final class Capture: @unchecked Sendable {
  private let lock = NSLock()
  private var outLines: [String] = []
  private var errLines: [String] = []

  var console: Console {
    Console(
      out: { line in self.lock.withLock { self.outLines.append(line) } },
      err: { line in self.lock.withLock { self.errLines.append(line) } })
  }

  var out: String { lock.withLock { outLines.joined(separator: "\n") } }
  var err: String { lock.withLock { errLines.joined(separator: "\n") } }
}

/// Runs the launcher in-process and returns its exit code and output.
func launch(_ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
  let capture = Capture()
  let code = await Launcher.run(
    arguments: arguments, context: LauncherContext(registry: try Fixtures.registry(), console: capture.console))
  return (code, capture.out, capture.err)
}
