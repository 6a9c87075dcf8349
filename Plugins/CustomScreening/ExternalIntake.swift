import Foundation
import RoadshowKernel

/// An intake source in any language: Roadshow runs a command, writes one JSON request to its
/// standard input and reads the records from its standard output, protocol `roadshow.intake/1`
/// (docs/custom-screening.md). The program can read any source — a spreadsheet export, a web
/// service, another database — and is contained like `custom.external`: its own process group,
/// stopped on timeout, capped output, its standard error kept.
///
/// Every record is checked before the run goes on: a record without `id` or `title`, a value of
/// the wrong type or outside its range (a TRL of 12), or an id given twice stops the run with an
/// error naming the record and the field.
public struct ExternalIntake: IntakeSource {
  /// The protocol version this launcher speaks.
  public static let protocolVersion = "roadshow.intake/1"

  public static let description = PluginDescription(
    id: "custom.external_intake", kind: .intake, track: "custom",
    title: LocalizedText(zh: "外部程序征集", en: "External intake program"),
    summary: LocalizedText(
      zh: "调用外部程序（Python、Shell 等）读取任意来源的成果：标准输入输出上的 JSON 协议 roadshow.intake/1",
      en: "Collects achievements from any source through an external program speaking JSON over stdin/stdout"),
    parameters: [
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(zh: "来源名称，作为记录编号的前缀（source:id）", en: "source name, the prefix of record ids (source:id)"))
    ] + ExternalCommand.parameterSpecs + [
      ParameterSpec(
        "mode", .choice(["upsert", "update_only"]), default: "upsert",
        doc: LocalizedText(
          zh: "upsert 新增或更新记录；update_only 只更新已有记录", en: "upsert adds or updates records; update_only only updates"))
    ],
    example: """
      - plugin: custom.external_intake
        with:
          command: [python3, custom-screening/external/csv_intake.py]
          source: nkrdp-2018
          parameters: {file: data/nkrdp-projects-2018.csv, limit: 200}
      """)

  let external: ExternalCommand
  let source: String
  let mode: IntakeBatch.Mode

  public init(parameters p: ParameterValues) throws {
    external = try ExternalCommand(parameters: p)
    source = p.string("source") ?? ""
    mode = p.string("mode") == "update_only" ? .updateOnly : .upsert
    if source.isEmpty || source.contains(":") {
      throw PluginSetupError([
        p.problem(
          "source",
          LocalizedText(
            zh: "来源名称不能为空，也不能含冒号", en: "the source name must not be empty or contain `:`"))
      ])
    }
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let request: [String: Any] = [
      "protocol": Self.protocolVersion, "stage": context.stage, "locale": context.locale.rawValue,
      "parameters": external.jsonParameters, "source": source,
    ]
    let input = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
    let (outcome, log) = try await external.run(
      input: input, plugin: Self.description.id, context: context,
      logName: { stage, position in
        let name = ExternalCommand.safeFileName(stage)
        return "plugins/intake-\(position < 10 ? "0" : "")\(position)-\(name.isEmpty ? "external" : name).stderr.log"
      })
    do {
      var batch = try decode(outcome.output, context: context)
      batch.artifacts.append(log)
      return batch
    } catch var error as PipelineError {
      error.message = ExternalCommand.withTail(error.message, outcome)
      throw error
    }
  }

  func failure(_ context: PipelineContext, _ message: LocalizedText) -> PipelineError {
    PipelineError(stage: context.stage, plugin: Self.description.id, message: message)
  }

  func decode(_ output: Data, context: PipelineContext) throws -> IntakeBatch {
    guard let object = try? JSONSerialization.jsonObject(with: output) else {
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
    guard let items = reply["records"] as? [[String: Any]] else {
      throw failure(context, LocalizedText(zh: "回复缺少 records 数组", en: "the reply has no `records` array"))
    }
    var records: [Achievement] = []
    var seen: Set<String> = []
    for (index, item) in items.enumerated() {
      let record = try Self.record(item, source: source) { field, zh, en in
        let id = (item["id"] as? String).map { " \($0)" } ?? ""
        return failure(
          context,
          LocalizedText(
            zh: "第 \(index + 1) 条记录\(id)的 `\(field)`：\(zh)", en: "record \(index + 1)\(id), `\(field)`: \(en)"))
      }
      guard seen.insert(record.id.rawValue).inserted else {
        throw failure(
          context, LocalizedText(zh: "记录 \(record.id) 出现两次", en: "record \(record.id) is given twice"))
      }
      records.append(record)
    }
    return IntakeBatch(records: records, mode: mode)
  }

  /// One record of the reply; `problem(field, zh, en)` makes the error for a bad field.
  static func record(
    _ item: [String: Any], source: String, problem: (String, String, String) -> PipelineError
  ) throws -> Achievement {
    func text(_ key: String) throws -> String? {
      switch item[key] {
      case nil, is NSNull: return nil
      case let value as String: return value.isEmpty ? nil : value
      default: throw problem(key, "应为文本或 null", "expected a string or null")
      }
    }
    func texts(_ key: String) throws -> [String] {
      switch item[key] {
      case nil, is NSNull: return []
      case let value as [String]: return value
      case let value as String: return [value]
      default: throw problem(key, "应为文本列表", "expected a list of strings")
      }
    }
    func number(_ key: String) throws -> Double? {
      switch item[key] {
      case nil, is NSNull: return nil
      case let value as NSNumber:
        guard value.doubleValue.isFinite else { throw problem(key, "应为数值", "expected a number") }
        return value.doubleValue
      default: throw problem(key, "应为数值或 null", "expected a number or null")
      }
    }
    guard let id = try text("id") else { throw problem("id", "缺少编号", "is missing") }
    guard let title = try text("title") else { throw problem("title", "缺少成果名称", "is missing") }
    var readiness = TechnologyReadiness.unknown
    if let trl = try number("trl") {
      guard let whole = Int(exactly: trl), let level = TechnologyReadiness(level: whole) else {
        throw problem("trl", "应为 1–9 的整数", "expected a whole number 1–9")
      }
      readiness = level
    }
    func parsed<T>(_ key: String, _ make: (String) -> T?, _ expected: String) throws -> T? {
      guard let value = try text(key) else { return nil }
      guard let result = make(value) else { throw problem(key, "无法识别 `\(value)`", "expected \(expected)") }
      return result
    }
    let region = try parsed("region", Region.init(name:), "east, central, west or northeast")
    let channel = try parsed("channel", IntakeChannel.init(rawValue:), "one of the intake channels") ?? .other
    let confidentiality = try parsed(
      "confidentiality", Confidentiality.init(text:), "cleared, pending or restricted")
    let modes = try texts("transfer_modes").map { mode in
      guard let value = TransferMode(text: mode) else {
        throw problem("transfer_modes", "无法识别 `\(mode)`", "`\(mode)` is not a transfer mode")
      }
      return value
    }
    var attributes: [String: String] = [:]
    switch item["attributes"] {
    case nil, is NSNull: break
    case let values as [String: String]: attributes = values
    default: throw problem("attributes", "应为文本映射", "expected a mapping of strings")
    }
    var year: Int?
    if let value = try number("year") {
      // Int(exactly:) is nil for a fraction and for a number no Int holds (1e300), never a trap.
      guard let whole = Int(exactly: value) else { throw problem("year", "应为整数", "expected a whole number") }
      year = whole
    }
    return Achievement(
      id: AchievementID(source: source, externalID: id), title: title, summary: try text("summary"),
      institution: try text("institution"), team: try texts("team"), field: try text("field"), readiness: readiness,
      prospect: try number("prospect"), province: try text("province"), region: region, channel: channel,
      transferModes: modes, intellectualProperty: try texts("ip"), confidentiality: confidentiality,
      year: year, fundingWanYuan: try number("funds"), attributes: attributes)
  }
}
