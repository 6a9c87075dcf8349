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
    parameters: [
      ParameterSpec(
        "command", .list(.text), required: true,
        doc: LocalizedText(
          zh: "命令及参数，如 [python3, external/green_tech.py]；含 / 的相对路径相对于配置文件",
          en:
            "command and arguments, e.g. [python3, external/green_tech.py]; relative paths with / are relative to the config"
        )),
      ParameterSpec(
        "timeout_seconds", .number(0.1...3600), default: "30",
        doc: LocalizedText(
          zh: "超时秒数，超时即终止程序的整个进程组并报错",
          en: "seconds before the program's whole process group is stopped and the run fails")),
      ParameterSpec(
        "kill_grace_seconds", .number(0...60), default: "2",
        doc: LocalizedText(
          zh: "终止进程组时，先发 SIGTERM，再等这么多秒后发 SIGKILL",
          en: "when the process group is stopped: seconds between SIGTERM and SIGKILL")),
      ParameterSpec(
        "max_output_mb", .number(0.001...4096), default: "64",
        doc: LocalizedText(
          zh: "标准输出上限（MiB，含空白）；超过即终止程序并报错",
          en: "limit on standard output in MiB (whitespace included); more stops the program and fails the run")),
      ParameterSpec(
        "max_stderr_mb", .number(0.001...64), default: "1",
        doc: LocalizedText(
          zh: "保留的标准错误输出末尾（MiB），写入 plugins/ 下的日志",
          en: "how much of the end of standard error is kept (MiB), written under plugins/")),
      ParameterSpec(
        "parameters", .map(.text),
        doc: LocalizedText(
          zh: "传给程序的参数：数字作为 JSON 数值，true/false 作为布尔值，其余作为文本",
          en: "parameters for the program: numbers arrive as JSON numbers, true/false as booleans, the rest as text")),
      ParameterSpec(
        "score_name", .text,
        doc: LocalizedText(
          zh: "若设置，程序返回的 score 记为该名称的得分项并计入总分", en: "if set, the returned score is added to the total under this name")),
    ],
    example: """
      - plugin: custom.external
        with:
          command: [python3, custom-screening/external/green_tech.py]
          timeout_seconds: 20
          parameters: {min_trl: 4}
          score_name: green
      """)

  let command: [String]
  let timeout: Double
  let killGrace: Double
  let maxOutputMB: Double
  let maxErrorMB: Double
  let parameters: [(key: String, value: String)]
  let scoreName: String?
  let directory: URL

  public init(parameters p: ParameterValues) throws {
    let written = p.strings("command")
    guard let executable = written.first, !executable.isEmpty else {
      throw PluginSetupError([
        p.problem("command", LocalizedText(zh: "命令不能为空", en: "the command must not be empty"), code: .missingKey)
      ])
    }
    // Paths with a slash are the plugin's own files: resolve them against the config's folder and
    // check them now, so a typo is a config error and not a failed run.
    var resolved: [String] = []
    var problems: [Diagnostic] = []
    for (index, part) in written.enumerated() {
      guard part.contains("/"), !part.hasPrefix("-") else {
        resolved.append(part)
        continue
      }
      let url = ParameterValues.resolve(part, against: p.baseDirectory)
      if !FileManager.default.fileExists(atPath: url.path) {
        let location = p.node?["command"]?.items?[index].location ?? p.location(of: "command")
        problems.append(
          Diagnostic(
            .missingFile, at: location, keyPath: KeyPath.index(p.keyPath(of: "command"), index),
            message: LocalizedText(zh: "找不到文件：\(url.path)", en: "file not found: \(url.path)")))
      }
      resolved.append(url.path)
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
    command = resolved
    timeout = p.double("timeout_seconds") ?? 30
    killGrace = p.double("kill_grace_seconds") ?? 2
    maxOutputMB = p.double("max_output_mb") ?? 64
    maxErrorMB = p.double("max_stderr_mb") ?? 1
    parameters = p.pairs("parameters")
    scoreName = p.string("score_name")
    directory = p.baseDirectory
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let request = try requestData(candidates, context: context)
    let outcome = try await run(input: request, context: context)
    let log = stderrLog(outcome, context: context)
    switch outcome.end {
    case .cancelled:
      throw CancellationError()
    case .timedOut:
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序超过 \(Self.number(timeout)) 秒未返回，已终止其进程组",
          en: "the external program did not answer within \(Self.number(timeout)) s and was stopped"),
        stderr: outcome)
    case .outputTooLarge:
      let cap = Self.number(maxOutputMB)
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序的标准输出超过 \(cap) MiB，已终止；若回复确实这么大，请调高 `max_output_mb`（现为 \(cap)）",
          en:
            "the external program wrote more than \(cap) MiB to standard output and was stopped; raise `max_output_mb` (now \(cap)) if its reply really is that large"
        ),
        stderr: outcome)
    case .exited(let status) where status != 0:
      let tail = Self.tail(outcome)
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序异常退出（状态 \(status)）：\(tail ?? "（标准错误无输出）")",
          en: "the external program exited with status \(status): \(tail ?? "(no output on stderr)")"))
    case .exited:
      do {
        var result = try decode(outcome.output, candidates: candidates, context: context)
        result.artifacts.append(log)
        return result
      } catch var error as PipelineError {
        if let tail = Self.tail(outcome) {
          error.message = LocalizedText(
            zh: error.message.zh + "\n标准错误（末尾）：\n" + tail, en: error.message.en + "\nstderr (last lines):\n" + tail)
        }
        throw error
      }
    }
  }

  // MARK: Request

  func requestData(_ candidates: [Candidate], context: PipelineContext) throws -> Data {
    var params: [String: Any] = [:]
    for (key, value) in parameters { params[key] = Self.jsonValue(value) }
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

  /// A parameter as the program receives it: a number (`6`, `0.5`, `-2`) as a JSON number,
  /// `true`/`false` as a boolean, anything else as a string. A number with a leading zero (`007`,
  /// a code) stays a string.
  static func jsonValue(_ text: String) -> Any {
    let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    let leadingZero = digits.count > 1 && digits.hasPrefix("0") && !digits.hasPrefix("0.")
    if !leadingZero, digits.first?.isNumber == true, digits.last?.isNumber == true {
      if let integer = Int(text) { return integer }
      if let number = Double(text), number.isFinite { return number }
    }
    switch text {
    case "true": return true
    case "false": return false
    default: return text
    }
  }

  // MARK: Process

  /// Runs the command, contained (see ``PluginProcess``), with `input` on its stdin.
  func run(input: Data, context: PipelineContext) async throws -> PluginProcess.Outcome {
    let limits = PluginProcess.Limits(
      timeout: timeout, killGrace: killGrace, maxOutput: Self.bytes(maxOutputMB), maxErrorTail: Self.bytes(maxErrorMB))
    do {
      return try await PluginProcess(command: command, directory: directory, limits: limits).run(input: input)
    } catch {
      throw failure(
        context,
        LocalizedText(
          zh: "无法启动外部程序 \(command.joined(separator: " "))：\(error.message)",
          en: "cannot start \(command.joined(separator: " ")): \(error.message)"))
    }
  }

  /// The program's standard error as a file for the run's output folder:
  /// `plugins/NN-<stage>.stderr.log`, NN being the stage's position in the funnel.
  func stderrLog(_ outcome: PluginProcess.Outcome, context: PipelineContext) -> OutputFile {
    var contents = Data()
    if outcome.errorDropped > 0 {
      contents.append(
        Data(
          "[roadshow: the first \(outcome.errorDropped) bytes of standard error were dropped; the last \(outcome.errorTail.count) are kept (max_stderr_mb)]\n"
            .utf8))
    }
    contents.append(outcome.errorTail)
    return OutputFile(
      name: Self.stderrLogName(stage: context.stage, position: context.position.index), contents: contents)
  }

  static func stderrLogName(stage: String, position: Int) -> String {
    let safe = String(
      stage.unicodeScalars.map { scalar -> Character in
        scalar == "/" || scalar == "\\" || scalar == ":" || scalar.properties.generalCategory == .control
          ? "_" : Character(scalar)
      })
    let name = safe.isEmpty ? description.id : safe
    let number = position < 10 ? "0\(position)" : "\(position)"
    return "plugins/\(number)-\(name).stderr.log"
  }

  static func bytes(_ megabytes: Double) -> Int { max(1, Int(megabytes * 1_048_576)) }

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

  func failure(_ context: PipelineContext, _ message: LocalizedText, stderr outcome: PluginProcess.Outcome? = nil)
    -> PipelineError
  {
    var message = message
    if let outcome, let tail = Self.tail(outcome) {
      message = LocalizedText(
        zh: message.zh + "\n标准错误（末尾）：\n" + tail, en: message.en + "\nstderr (last lines):\n" + tail)
    }
    return PipelineError(stage: context.stage, plugin: Self.description.id, message: message)
  }

  /// The last 20 lines of the program's standard error (at most 2,000 characters), or `nil` when
  /// it wrote nothing there.
  static func tail(_ outcome: PluginProcess.Outcome) -> String? {
    let text = String(decoding: outcome.errorTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    return lines.count > 2000 ? "…" + String(lines.suffix(2000)) : lines
  }

  static func number(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(value)
  }
}
