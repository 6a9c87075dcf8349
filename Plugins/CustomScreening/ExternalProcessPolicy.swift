import Foundation
import RoadshowKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A screening policy in any language: Roadshow runs a command, writes one JSON request to its
/// standard input and reads one JSON reply from its standard output. The protocol
/// (`roadshow.screening/1`) is documented in docs/custom-screening.md.
///
/// A timeout, a crash, a reply that is not JSON, a reply of another protocol version, or a reply
/// that skips or invents records each stop the run with an error naming the plugin (and the record
/// where there is one). The run then writes nothing to the library.
public struct ExternalProcessPolicy: ScreeningPolicy {
  /// The protocol version this launcher speaks.
  public static let protocolVersion = "roadshow.screening/1"

  public static let description = PluginDescription(
    id: "custom.external", kind: .screening, track: "custom",
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
        doc: LocalizedText(zh: "超时秒数，超时即终止程序并报错", en: "seconds before the program is stopped and the run fails")),
      ParameterSpec(
        "parameters", .map(.text),
        doc: LocalizedText(zh: "原样传给程序的参数", en: "parameters passed to the program as they are")),
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
          parameters: {min_trl: "4"}
          score_name: green
      """)

  let command: [String]
  let timeout: Double
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
    parameters = p.pairs("parameters")
    scoreName = p.string("score_name")
    directory = p.baseDirectory
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let request = try requestData(candidates, context: context)
    let (status, output, errors) = try await run(input: request, context: context)
    guard status == 0 else {
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序异常退出（状态 \(status)）：\(Self.tail(errors))",
          en: "the external program exited with status \(status): \(Self.tail(errors))"))
    }
    return try decode(output, candidates: candidates, context: context)
  }

  // MARK: Request

  func requestData(_ candidates: [Candidate], context: PipelineContext) throws -> Data {
    var params: [String: String] = [:]
    for (key, value) in parameters { params[key] = value }
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

  // MARK: Process

  /// Runs the command with `input` on stdin; returns its exit status, stdout and stderr.
  func run(input: Data, context: PipelineContext) async throws -> (Int32, Data, Data) {
    let command = command
    let timeout = timeout
    let directory = directory
    let outcome: Result<(Int32, Data, Data), ProcessFailure> = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: Self.runBlocking(command, input: input, timeout: timeout, directory: directory))
      }
    }
    switch outcome {
    case .success(let result): return result
    case .failure(.couldNotStart(let message)):
      throw failure(
        context,
        LocalizedText(
          zh: "无法启动外部程序 \(command.joined(separator: " "))：\(message)",
          en: "cannot start \(command.joined(separator: " ")): \(message)"))
    case .failure(.timedOut):
      throw failure(
        context,
        LocalizedText(
          zh: "外部程序超过 \(Self.seconds(timeout)) 秒未返回，已终止",
          en: "the external program did not answer within \(Self.seconds(timeout)) s and was stopped"))
    }
  }

  enum ProcessFailure: Error {
    case couldNotStart(String)
    case timedOut
  }

  static func runBlocking(_ command: [String], input: Data, timeout: Double, directory: URL) -> Result<
    (Int32, Data, Data), ProcessFailure
  > {
    // A program that exits without reading its input must not take the launcher down with SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.currentDirectoryURL = directory
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    do {
      try process.run()
    } catch {
      return .failure(.couldNotStart(error.localizedDescription))
    }
    let group = DispatchGroup()
    let buffers = Buffers()
    DispatchQueue.global().async(group: group) {
      try? stdin.fileHandleForWriting.write(contentsOf: input)
      try? stdin.fileHandleForWriting.close()
    }
    DispatchQueue.global().async(group: group) { buffers.setOut(stdout.fileHandleForReading.readDataToEndOfFile()) }
    DispatchQueue.global().async(group: group) { buffers.setErr(stderr.fileHandleForReading.readDataToEndOfFile()) }
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      process.terminate()
      if finished.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
      try? stdin.fileHandleForWriting.close()
      _ = group.wait(timeout: .now() + 2)
      return .failure(.timedOut)
    }
    _ = group.wait(timeout: .now() + 5)
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return .success((status, buffers.out, buffers.err))
  }

  /// Output collected by reader threads.
  final class Buffers: @unchecked Sendable {
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    func setOut(_ data: Data) { lock.withLock { outData = data } }
    func setErr(_ data: Data) { lock.withLock { errData = data } }
    var out: Data { lock.withLock { outData } }
    var err: Data { lock.withLock { errData } }
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

  static func tail(_ data: Data) -> String {
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? "(no output on stderr)" : String(text.suffix(400))
  }

  static func seconds(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(value)
  }
}
