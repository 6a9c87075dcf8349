import Foundation
import RoadshowKernel

/// A screening policy in any language: Roadshow runs a command, writes one JSON request to its
/// standard input and reads one JSON reply from its standard output. The protocol
/// (`roadshow.screening/1`) is documented in docs/custom-screening.md.
///
/// A timeout, a crash, too much output, a reply that is not JSON, a reply of another protocol
/// version, or a reply that skips or invents records each stop the run with an error naming the
/// plugin (and the record where there is one) and showing the end of the program's standard error.
/// The run then writes nothing to the library.
///
/// The program runs with the user's rights; Roadshow contains it without sandboxing it: its own
/// process group, stopped whole on timeout (SIGTERM, then SIGKILL after `kill_grace_seconds`) and
/// after it answered; capped output; its standard error kept as `plugins/NN-<stage>.stderr.log`.
public struct ExternalProcessPolicy: ScreeningPolicy {
  /// The protocol version this launcher speaks.
  public static let protocolVersion = "roadshow.screening/1"

  public static let description = PluginDescription(
    id: "custom.external", kind: .screening, track: "custom",
    title: LocalizedText(zh: "外部程序筛选", en: "External screening program"),
    summary: LocalizedText(
      zh: "调用外部程序（Python、Shell 等）筛选：标准输入输出上的 JSON 协议 roadshow.screening/1",
      en: "Screens by running an external program (Python, shell, …) speaking JSON over stdin/stdout"),
    parameters: ExternalCommand.parameterSpecs + [
      ParameterSpec(
        "score_name", .text,
        doc: LocalizedText(
          zh: "若设置，程序返回的 score 记为该名称的得分项并计入总分", en: "if set, the returned score is added to the total under this name"))
    ],
    example: """
      - plugin: custom.external
        with:
          command: [python3, custom-screening/external/green_tech.py]
          timeout_seconds: 20
          parameters: {min_trl: 4}
          score_name: green
      """)

  let external: ExternalCommand
  let scoreName: String?

  public init(parameters p: ParameterValues) throws {
    external = try ExternalCommand(parameters: p)
    scoreName = p.string("score_name")
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let request = try requestData(candidates, context: context)
    let (output, log) = try await external.run(
      input: request, plugin: Self.description.id, context: context, logName: Self.stderrLogName(stage:position:))
    do {
      var result = try decode(output.output, candidates: candidates, context: context)
      result.artifacts.append(log)
      return result
    } catch var error as PipelineError {
      error.message = ExternalCommand.withTail(error.message, output)
      throw error
    }
  }

  // MARK: Request

  func requestData(_ candidates: [Candidate], context: PipelineContext) throws -> Data {
    let params = external.jsonParameters
    let records: [[String: Any]] = candidates.map { candidate in
      var record: [String: Any] = [:]
      for name in AchievementField.names {
        switch AchievementField.value(name, of: candidate.achievement) {
        case .text(let text): record[name] = text
        case .number(let number): record[name] = number
        case .list(let items): record[name] = items
        case nil: record[name] = NSNull()
        }
      }
      record["attributes"] = candidate.achievement.attributes
      record["score"] = candidate.score
      record["score_parts"] = Dictionary(candidate.scoreParts.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
      record["flags"] = candidate.flags.map { $0(context.locale) }
      return record
    }
    let request: [String: Any] = [
      "protocol": Self.protocolVersion, "stage": context.stage, "locale": context.locale.rawValue,
      "parameters": params, "candidates": records,
    ]
    return try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
  }

  /// `plugins/NN-<stage>.stderr.log`, NN being the stage's position in the funnel.
  static func stderrLogName(stage: String, position: Int) -> String {
    let safe = ExternalCommand.safeFileName(stage)
    let name = safe.isEmpty ? description.id : safe
    let number = position < 10 ? "0\(position)" : "\(position)"
    return "plugins/\(number)-\(name).stderr.log"
  }

  // MARK: Reply

  func decode(_ output: Data, candidates: [Candidate], context: PipelineContext) throws -> ScreeningResult {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: output)
    } catch {
      let text = String(decoding: output.prefix(200), as: UTF8.self)
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序的输出不是 JSON：\(text.isEmpty ? "（空）" : text)",
          en: "the external program's output is not JSON: \(text.isEmpty ? "(empty)" : text)"))
    }
    guard let reply = object as? [String: Any] else {
      throw failure(context, LocalizedText(zh: "回复应为 JSON 对象", en: "the reply must be a JSON object"))
    }
    let version = reply["protocol"] as? String ?? "(none)"
    guard version == Self.protocolVersion else {
      throw failure(
        context,
        LocalizedText(
          zh: "协议版本不符：需要 \(Self.protocolVersion)，外部程序回复 \(version)",
          en: "protocol version mismatch: expected \(Self.protocolVersion), the program replied \(version)"))
    }
    guard let items = reply["decisions"] as? [[String: Any]] else {
      throw failure(context, LocalizedText(zh: "回复缺少 decisions 数组", en: "the reply has no `decisions` array"))
    }
    let byID = Dictionary(candidates.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
    var decisions: [ScreeningDecision] = []
    var passed: [Candidate] = []
    var seen: Set<String> = []
    for (index, item) in items.enumerated() {
      guard let id = item["id"] as? String, var candidate = byID[id] else {
        let id = item["id"].map { "\($0)" } ?? "(none)"
        throw failure(
          context,
          LocalizedText(
            zh: "第 \(index + 1) 条决定针对未知记录 \(id)", en: "decision \(index + 1) is about an unknown record \(id)"))
      }
      guard seen.insert(id).inserted else {
        throw failure(context, LocalizedText(zh: "记录 \(id) 有两条决定", en: "record \(id) has two decisions"))
      }
      guard let ok = item["passed"] as? Bool else {
        throw failure(
          context, LocalizedText(zh: "记录 \(id) 的决定缺少布尔值 passed", en: "the decision on \(id) has no boolean `passed`"))
      }
      let score = (item["score"] as? NSNumber)?.doubleValue
      let reason: LocalizedText
      switch item["reason"] {
      case let text as String: reason = LocalizedText(verbatim: text)
      case let pair as [String: Any]:
        let zh = pair["zh"] as? String ?? pair["en"] as? String ?? ""
        reason = LocalizedText(zh: zh, en: pair["en"] as? String ?? zh)
      default: reason = LocalizedText(zh: "（外部程序未给出原因）", en: "(no reason given by the program)")
      }
      decisions.append(
        ScreeningDecision(
          achievement: candidate.id, passed: ok, rule: item["rule"] as? String ?? "external", score: score,
          reason: reason))
      if ok {
        if let scoreName, let score { candidate.setScore(scoreName, score) }
        passed.append(candidate)
      }
    }
    if let missing = candidates.first(where: { !seen.contains($0.id.rawValue) }) {
      throw failure(
        context,
        LocalizedText(zh: "外部程序未对记录 \(missing.id) 作出决定", en: "the program gave no decision on record \(missing.id)"))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }

  func failure(_ context: PipelineContext, _ message: LocalizedText) -> PipelineError {
    PipelineError(stage: context.stage, plugin: Self.description.id, message: message)
  }

  /// The program's parameters as JSON values (see ``ExternalCommand/jsonValue(_:)``).
  static func jsonValue(_ text: String) -> Any { ExternalCommand.jsonValue(text) }
}
