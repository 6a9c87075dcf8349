import Foundation
import RoadshowKernel

/// The external program of a `custom.external` (screening) or `custom.external_intake` stage:
/// its command, limits and parameters as the config gives them, and one contained run of it
/// (``PluginProcess``) that turns every way it can fail into a ``PipelineError`` naming the
/// plugin and the stage, with the end of the program's standard error.
struct ExternalCommand: Sendable {
  /// The parameters every external stage takes.
  static let parameterSpecs: [ParameterSpec] = [
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
  ]

  let command: [String]
  let timeout: Double
  let killGrace: Double
  let maxOutputMB: Double
  let maxErrorMB: Double
  let parameters: [(key: String, value: String)]
  let directory: URL

  /// Reads the command and its limits; a script named with a `/` that does not exist is a config
  /// error at its line.
  init(parameters p: ParameterValues) throws {
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
    directory = p.baseDirectory
  }

  /// The parameters as the program receives them.
  var jsonParameters: [String: Any] {
    var values: [String: Any] = [:]
    for (key, value) in parameters { values[key] = Self.jsonValue(value) }
    return values
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

  /// Runs the program with `input` on its standard input. Returns its outcome (exited 0) and its
  /// standard error as a file named by `logName(stage, position)`; throws a ``PipelineError`` for
  /// a timeout, too much output, a non-zero exit or a program that cannot start, and
  /// `CancellationError` when the run was cancelled.
  func run(
    input: Data, plugin: String, context: PipelineContext, logName: (String, Int) -> String
  ) async throws -> (PluginProcess.Outcome, OutputFile) {
    let limits = PluginProcess.Limits(
      timeout: timeout, killGrace: killGrace, maxOutput: Self.bytes(maxOutputMB), maxErrorTail: Self.bytes(maxErrorMB))
    func failure(_ message: LocalizedText) -> PipelineError {
      PipelineError(stage: context.stage, plugin: plugin, message: message)
    }
    let outcome: PluginProcess.Outcome
    do {
      outcome = try await PluginProcess(command: command, directory: directory, limits: limits).run(input: input)
    } catch {
      throw failure(
        LocalizedText(
          zh: "无法启动外部程序 \(command.joined(separator: " "))：\(error.message)",
          en: "cannot start \(command.joined(separator: " ")): \(error.message)"))
    }
    switch outcome.end {
    case .cancelled:
      throw CancellationError()
    case .timedOut:
      throw failure(
        Self.withTail(
          LocalizedText(
            zh: "外部程序超过 \(Self.number(timeout)) 秒未返回，已终止其进程组",
            en: "the external program did not answer within \(Self.number(timeout)) s and was stopped"), outcome))
    case .outputTooLarge:
      let cap = Self.number(maxOutputMB)
      throw failure(
        Self.withTail(
          LocalizedText(
            zh: "外部程序的标准输出超过 \(cap) MiB，已终止；若回复确实这么大，请调高 `max_output_mb`（现为 \(cap)）",
            en:
              "the external program wrote more than \(cap) MiB to standard output and was stopped; raise `max_output_mb` (now \(cap)) if its reply really is that large"
          ), outcome))
    case .exited(let status) where status != 0:
      let tail = Self.tail(outcome)
      throw failure(
        LocalizedText(
          zh: "外部程序异常退出（状态 \(status)）：\(tail ?? "（标准错误无输出）")",
          en: "the external program exited with status \(status): \(tail ?? "(no output on stderr)")"))
    case .exited:
      return (outcome, stderrLog(outcome, name: logName(context.stage, context.position.index)))
    }
  }

  /// The program's standard error as a file for the run's output folder.
  func stderrLog(_ outcome: PluginProcess.Outcome, name: String) -> OutputFile {
    var contents = Data()
    if outcome.errorDropped > 0 {
      contents.append(
        Data(
          "[roadshow: the first \(outcome.errorDropped) bytes of standard error were dropped; the last \(outcome.errorTail.count) are kept (max_stderr_mb)]\n"
            .utf8))
    }
    contents.append(outcome.errorTail)
    return OutputFile(name: name, contents: contents)
  }

  /// `message` followed by the end of the program's standard error, when it wrote any.
  static func withTail(_ message: LocalizedText, _ outcome: PluginProcess.Outcome) -> LocalizedText {
    guard let tail = tail(outcome) else { return message }
    return LocalizedText(
      zh: message.zh + "\n标准错误（末尾）：\n" + tail, en: message.en + "\nstderr (last lines):\n" + tail)
  }

  /// The last 20 lines of the program's standard error (at most 2,000 characters), or `nil` when
  /// it wrote nothing there.
  static func tail(_ outcome: PluginProcess.Outcome) -> String? {
    let text = String(decoding: outcome.errorTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    return lines.count > 2000 ? "…" + String(lines.suffix(2000)) : lines
  }

  /// `name` made safe for a file name: `/`, `\\`, `:` and control characters become `_`.
  static func safeFileName(_ name: String) -> String {
    String(
      name.unicodeScalars.map { scalar -> Character in
        scalar == "/" || scalar == "\\" || scalar == ":" || scalar.properties.generalCategory == .control
          ? "_" : Character(scalar)
      })
  }

  static func bytes(_ megabytes: Double) -> Int { max(1, Int(megabytes * 1_048_576)) }

  static func number(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(value)
  }
}
