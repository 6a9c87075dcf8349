import Foundation
import RoadshowKernel
import RoadshowLauncher

/// One check that a plugin did not pass.
public struct ConformanceFailure: Sendable, CustomStringConvertible {
  /// The check (`description`, `example_builds`, `determinism`…).
  public var check: String
  /// What is wrong.
  public var message: String

  public var description: String { "[\(check)] \(message)" }
}

/// The result of running the conformance checks on one plugin.
public struct ConformanceReport: Sendable, CustomStringConvertible {
  /// The plugin checked.
  public var plugin: String
  /// The checks run, in order.
  public var checks: [String]
  /// The failures; empty when the plugin conforms.
  public var failures: [ConformanceFailure]

  /// Creates a report.
  public init(plugin: String, checks: [String], failures: [ConformanceFailure]) {
    self.plugin = plugin
    self.checks = checks
    self.failures = failures
  }

  /// Whether every check passed.
  public var passed: Bool { failures.isEmpty }

  public var description: String {
    passed
      ? "\(plugin): \(checks.count) checks passed"
      : "\(plugin): \(failures.count) of \(checks.count) checks failed\n"
        + failures.map { "  \($0)" }.joined(separator: "\n")
  }
}

#if canImport(Testing)
  import Testing

  extension ScreeningPolicyConformance {
    /// Runs every check (``check(_:samplesDirectory:candidates:)``) and records one Swift Testing
    /// issue per failed check, at the caller's line, so that each message is shown once:
    ///
    /// ```swift
    /// @Test func conforms() async {
    ///   await ScreeningPolicyConformance.expectConforms(MyPolicy.self, samplesDirectory: samples)
    /// }
    /// ```
    @discardableResult
    public static func expectConforms<Policy: ScreeningPolicy>(
      _ policy: Policy.Type, samplesDirectory: URL, candidates: [Candidate] = sampleCandidates,
      sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async -> ConformanceReport {
      let report = await check(policy, samplesDirectory: samplesDirectory, candidates: candidates)
      for failure in report.failures {
        Issue.record(Comment(rawValue: "\(report.plugin) \(failure)"), sourceLocation: sourceLocation)
      }
      return report
    }
  }
#endif

/// The conformance kit for screening policies: "your ScreeningPolicy passes these checks".
///
/// Add `RoadshowPluginTesting` to your test target and write:
///
/// ```swift
/// @Test func conforms() async {
///   await ScreeningPolicyConformance.expectConforms(MyPolicy.self, samplesDirectory: samples)
/// }
/// ```
///
/// (one issue per failed check), or inspect the ``ConformanceReport`` of ``check(_:samplesDirectory:candidates:)``.
///
/// The checks: the description is complete (id `track.name`, zh and en summary, every parameter
/// documented, an example entry); the example validates and builds (a problem in it is reported
/// at the plugin's own source, where `example:` is written); `init(parameters:)` reads no
/// parameter it does not declare (`ParameterValues.undeclaredReads`); an unknown parameter is
/// refused with the nearest valid name; a value of the wrong type is refused with its line; the
/// screening contract holds (one decision per candidate, none invented, passed list matches);
/// every decision has a rule and a reason in both languages; the same input gives the same
/// output; an empty input gives an empty result; no file it writes for participants or the public
/// names a record that has not passed confidentiality review (``PublicationConformance``).
public enum ScreeningPolicyConformance {
  /// The names of the checks, in the order they run.
  public static let checkNames = [
    "description", "example_builds", "undeclared_parameter", "unknown_parameter", "wrong_type", "contract", "reasons",
    "determinism",
    "empty_input", "publication",
  ]

  /// Runs every check on `policy`.
  ///
  /// - Parameters:
  ///   - policy: the plugin type.
  ///   - samplesDirectory: the folder the example's relative paths are resolved against.
  ///   - candidates: the records to screen (default: ``sampleCandidates``, a varied set with
  ///     unknown maturity, missing fields and Chinese text).
  public static func check<Policy: ScreeningPolicy>(
    _ policy: Policy.Type, samplesDirectory: URL, candidates: [Candidate] = sampleCandidates
  ) async -> ConformanceReport {
    let description = Policy.description
    var failures: [ConformanceFailure] = []
    func fail(_ check: String, _ message: String) {
      failures.append(ConformanceFailure(check: check, message: message))
    }

    // description
    if description.id.range(of: #"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"#, options: .regularExpression) == nil {
      fail("description", "id `\(description.id)` is not `track.snake_case_name`")
    }
    if !description.id.hasPrefix(description.track + ".") {
      fail("description", "id `\(description.id)` does not start with its track `\(description.track).`")
    }
    if description.summary.zh.isEmpty || description.summary.en.isEmpty {
      fail("description", "the summary needs both a Chinese and an English text")
    }
    var names: Set<String> = []
    for parameter in description.parameters {
      if !names.insert(parameter.name).inserted {
        fail("description", "parameter `\(parameter.name)` is declared twice")
      }
      if parameter.doc.zh.isEmpty || parameter.doc.en.isEmpty {
        fail("description", "parameter `\(parameter.name)` needs a doc in both languages")
      }
    }
    if !description.example.hasPrefix("- plugin: \(description.id)") {
      fail("description", "the example must start with `- plugin: \(description.id)`")
    }

    let registry: PluginRegistry
    do {
      registry = try PluginRegistry(modules: [
        PluginModule(
          track: TrackDescription(id: description.track, name: LocalizedText(verbatim: description.track), source: "-"),
          plugins: [.screening(Policy.self)]),
        kitModule,
      ])
    } catch {
      fail("example_builds", "cannot register the plugin: \(error)")
      return ConformanceReport(plugin: description.id, checks: checkNames, failures: failures)
    }

    // undeclared_parameter: what init(parameters:) reads, with the example's values and with none
    let undeclared = undeclaredReads(Policy.self, example: description.example, in: samplesDirectory)
    for read in undeclared {
      let nearest = read.suggestion.map { "; did you mean `\($0)`?" } ?? ""
      fail(
        "undeclared_parameter",
        "init(parameters:) reads `\(read.name)`, which the description does not declare (declared: "
          + "\(read.declared.isEmpty ? "none" : read.declared.joined(separator: ", ")))\(nearest) "
          + "Such a read always gives nil, so the user's value would be ignored.")
    }

    // example_builds
    var built: (any ScreeningPolicy)?
    do {
      let config = try configuration(
        screening: description.example, track: description.track, in: samplesDirectory, registry: registry)
      built = config.screening.first?.plugin
      if built == nil { fail("example_builds", "the example built no screening stage") }
    } catch let error as ConfigurationError {
      // Undeclared reads are reported above, once.
      let paths = Set(undeclared.map { $0.keyPath.replacingOccurrences(of: "with.", with: "screening[0].with.") })
      let problems = error.diagnostics.filter { !paths.contains($0.keyPath) }
      if !problems.isEmpty {
        let source = ExampleSource(description)
        fail(
          "example_builds",
          "the example (`example:` of \(description.id)) does not validate:\n"
            + problems.map { "    " + source.relocate($0).rendered(.en) }.joined(separator: "\n"))
      }
    } catch {
      fail("example_builds", "the example does not build: \(error)")
    }

    // unknown_parameter
    let typo = (description.parameters.first?.name ?? "parameter") + "x"
    let typoEntry = "- plugin: \(description.id)\n  with:\n    \(typo): 1"
    do {
      _ = try configuration(screening: typoEntry, track: description.track, in: samplesDirectory, registry: registry)
      fail("unknown_parameter", "an unknown parameter `\(typo)` was accepted")
    } catch let error as ConfigurationError {
      let found = error.diagnostics.first { $0.code == .unknownKey && $0.keyPath.hasSuffix(".with.\(typo)") }
      if found == nil {
        fail("unknown_parameter", "`\(typo)` was refused, but not as an unknown key:\n" + error.rendered(.en))
      } else if let first = description.parameters.first, found?.suggestion != first.name {
        fail("unknown_parameter", "`\(typo)` should suggest `\(first.name)`")
      } else if found?.location?.line != 14 {
        fail(
          "unknown_parameter",
          "the unknown key is reported at the wrong line: \(found?.location.map(String.init(describing:)) ?? "none")")
      }
    } catch {
      fail("unknown_parameter", "unexpected error: \(error)")
    }

    // wrong_type
    if let numeric = description.parameters.first(where: {
      switch $0.type {
      case .integer, .number, .boolean: true
      default: false
      }
    }) {
      let entry = "- plugin: \(description.id)\n  with:\n    \(numeric.name): not-a-number"
      do {
        _ = try configuration(screening: entry, track: description.track, in: samplesDirectory, registry: registry)
        fail("wrong_type", "`\(numeric.name): not-a-number` was accepted")
      } catch let error as ConfigurationError {
        if !error.diagnostics.contains(where: { $0.code == .typeMismatch && $0.location?.line == 14 }) {
          fail(
            "wrong_type",
            "`\(numeric.name): not-a-number` was not reported as a type mismatch at line 14:\n" + error.rendered(.en))
        }
      } catch {
        fail("wrong_type", "unexpected error: \(error)")
      }
    }

    guard let policy = built else {
      return ConformanceReport(plugin: description.id, checks: checkNames, failures: failures)
    }
    let context = PipelineContext(stage: description.id)
    do {
      // contract and reasons
      let first = try await policy.screen(candidates, in: context)
      do {
        try PipelineRunner.check(first, against: candidates, stage: description.id, plugin: description.id)
      } catch {
        fail("contract", "\(error)")
      }
      for problem in PublicationConformance.failures(in: first.artifacts, records: candidates.map(\.achievement)) {
        failures.append(problem)
      }
      for decision in first.decisions
      where decision.rule.isEmpty || decision.reason.zh.isEmpty || decision.reason.en.isEmpty {
        fail("reasons", "the decision on \(decision.achievement) lacks a rule or a reason in both languages")
        break
      }
      // determinism
      let second = try await policy.screen(candidates, in: context)
      if first.decisions != second.decisions || first.passed.map(\.id) != second.passed.map(\.id)
        || first.passed.map(\.scoreParts) != second.passed.map(\.scoreParts)
      {
        fail("determinism", "two runs on the same input gave different results")
      }
      // empty_input
      let empty = try await policy.screen([], in: context)
      if !empty.decisions.isEmpty || !empty.passed.isEmpty {
        fail("empty_input", "an empty input gave decisions or candidates")
      }
    } catch {
      fail("contract", "screening the sample candidates threw: \(error)")
    }
    return ConformanceReport(plugin: description.id, checks: checkNames, failures: failures)
  }

  /// A varied set of records: assessed and unknown maturity, missing fields, IP and none, regions;
  /// records 2 and 5 await confidentiality review, 4 is restricted, 8 says nothing about it.
  public static let sampleCandidates: [Candidate] = {
    let rows: [(String, String, String?, String?, TechnologyReadiness, Double?, Region?, [String])] = [
      ("1", "高精度工业机器人关节减速器", "清华大学", "智能机器人", .level(7), 85, .east, ["发明专利5项"]),
      ("2", "面向智能工厂的工业互联网平台", "浙江大学", "网络协同制造与智能工厂", .level(6), 78, .east, ["发明专利2项", "软件著作权3项"]),
      ("3", "盐碱地水稻高产栽培技术", "东北农业大学", "粮食丰产增效科技创新", .level(5), 70, .northeast, []),
      ("4", "碳纤维复合材料低成本制备", "吉林大学", "战略性先进电子材料", .unknown, nil, .northeast, ["发明专利1项"]),
      ("5", "量子精密测量原理验证", "中国科学技术大学", "量子调控与量子信息", .level(2), 60, .central, []),
      ("6", "旱作区玉米节水品种", "西北农林科技大学", "七大农作物育种", .level(8), 82, .west, ["植物新品种权2项"]),
      ("7", "激光增材制造钛合金构件", "西北工业大学", "增材制造与激光制造", .level(6), nil, .west, ["发明专利3项", "实用新型4项"]),
      ("8", "未标注领域的成果", nil, nil, .unknown, nil, nil, []),
    ]
    let statuses: [String: Confidentiality] = ["2": .pending, "4": .restricted, "5": .pending]
    return rows.map { row in
      Candidate(
        achievement: Achievement(
          id: AchievementID(source: "kit", externalID: row.0), title: row.1, institution: row.2, field: row.3,
          readiness: row.4, prospect: row.5, region: row.6, intellectualProperty: row.7,
          confidentiality: row.0 == "8" ? nil : statuses[row.0] ?? .cleared))
    }
  }()

  // MARK: Support

  /// The names `Policy.init(parameters:)` reads without declaring them, built once with the
  /// example's `with:` and once with no parameters (reads behind a branch of either count).
  static func undeclaredReads<Policy: ScreeningPolicy>(_ policy: Policy.Type, example: String, in directory: URL)
    -> [ParameterValues.UndeclaredRead]
  {
    let at = SourceLocation(file: "example", line: 1, column: 1)
    let document = try? ConfigLoader.parse(example, file: directory.appendingPathComponent("example.yaml").path)
    let written = document?.root?.items?.first?["with"]
    var reads: [ParameterValues.UndeclaredRead] = []
    for node in [written, nil] {
      let values = ParameterValues(
        node: node, specs: Policy.description.parameters, keyPath: "with", baseDirectory: directory, entryLocation: at)
      _ = try? Policy(parameters: values)
      for read in values.undeclaredReads where !reads.contains(where: { $0.keyPath == read.keyPath }) {
        reads.append(read)
      }
    }
    return reads
  }

  struct KitIntake: IntakeSource {
    static let description = PluginDescription(
      id: "conformance.fixed", kind: .intake, track: "conformance",
      summary: LocalizedText(zh: "一致性检查用的固定记录", en: "fixed records for the conformance checks"), parameters: [],
      example: "- plugin: conformance.fixed")
    init(parameters: ParameterValues) throws {}
    func collect(in context: PipelineContext) async throws -> IntakeBatch {
      IntakeBatch(records: ScreeningPolicyConformance.sampleCandidates.map(\.achievement))
    }
  }

  static let kitModule = PluginModule(
    track: TrackDescription(id: "conformance", name: LocalizedText(verbatim: "conformance"), source: "-"),
    plugins: [.intake(KitIntake.self)])

  /// A config whose screening list is `entry`; the entry's first line is line 12 of the file, so
  /// its `with:` keys are on line 14.
  static func configuration(screening entry: String, track: String, in directory: URL, registry: PluginRegistry) throws
    -> RoadshowConfiguration
  {
    let indented = entry.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(
      separator: "\n")
    let yaml = """
      # conformance check
      programme:
        name: conformance
      locale: zh-CN
      tracks: [\(track), conformance]
      host:
        name: conformance
      intake:
        - plugin: conformance.fixed
      # the entry under test
      screening:
      \(indented)
      """
    let file = directory.appendingPathComponent("conformance-check.yaml").path
    return try ConfigLoader.build(try ConfigLoader.parse(yaml, file: file), registry: registry)
  }
}

/// Where a plugin's `example:` is written in its source, to report the example's problems there
/// instead of at the config the kit writes around it (which exists only in memory).
struct ExampleSource {
  /// The source file; `nil` when it cannot be read (the plugin was built elsewhere).
  var file: String?
  /// The source line (from 1) of the example's first line (`- plugin: …`).
  var line: Int
  /// The columns the multi-line string's indentation takes; `nil` for a one-line literal, whose
  /// problems are all reported at `example:`.
  var indent: Int?
  /// The column of `example:`.
  var column: Int

  init(_ description: PluginDescription) {
    line = description.source.line
    column = 1
    indent = nil
    guard let text = try? String(contentsOfFile: description.source.file, encoding: .utf8) else {
      file = nil
      return
    }
    file = description.source.file
    let lines = text.components(separatedBy: "\n")
    guard
      let start = lines.indices.dropFirst(max(0, description.source.line - 1)).first(where: {
        lines[$0].contains("example:")
      })
    else { return }
    let opening = lines[start]
    line = start + 1
    column =
      (opening.range(of: "example:").map { opening.distance(from: opening.startIndex, to: $0.lowerBound) } ?? 0) + 1
    guard opening.trimmingCharacters(in: .whitespaces).hasSuffix("\"\"\""),
      let closing = lines.indices.dropFirst(start + 1).first(where: {
        lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("\"\"\"")
      })
    else { return }
    line = start + 2
    indent = lines[closing].prefix { $0 == " " || $0 == "\t" }.count
  }

  /// `diagnostic` moved from the kit's config (entry from line 12, indented by 2) to the source.
  func relocate(_ diagnostic: Diagnostic) -> Diagnostic {
    var moved = diagnostic
    if moved.keyPath.hasPrefix("screening[0].") { moved.keyPath.removeFirst("screening[0].".count) }
    guard let file, let location = diagnostic.location, location.line >= 12 else {
      if file == nil { moved.location = nil }
      return moved
    }
    if let indent {
      moved.location = SourceLocation(file: file, line: line + location.line - 12, column: indent + location.column - 2)
    } else {
      moved.location = SourceLocation(file: file, line: line, column: column)
    }
    return moved
  }
}

/// The publication check of the conformance kit, for a plugin of any kind: the files it writes for
/// participants or the public name no record of `records` that has not passed confidentiality
/// review, by id or title.
///
/// ```swift
/// let result = try await MyEvent(parameters: …).plan(input, in: PipelineContext())
/// #expect(PublicationConformance.failures(in: result.artifacts, records: records).isEmpty)
/// ```
public enum PublicationConformance {
  /// One failure per external file that names an uncleared record.
  public static func failures(in files: [OutputFile], records: [Achievement]) -> [ConformanceFailure] {
    let scan = ConfidentialityScan(records: records)
    return files.filter(\.isExternal).compactMap { file in
      let found = scan.findings(in: file.contents)
      guard !found.isEmpty else { return nil }
      return ConformanceFailure(
        check: "publication",
        message:
          "\(file.name) (for \(file.audience.rawValue)) names records that have not passed confidentiality review: "
          + found.map(\.rawValue).joined(separator: ", "))
    }
  }
}
