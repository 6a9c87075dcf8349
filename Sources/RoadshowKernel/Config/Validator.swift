import Foundation

/// Checks a config tree against a schema and collects every problem, never stopping at the first.
public struct ConfigValidator {
  /// The problems found so far.
  public private(set) var diagnostics: [Diagnostic] = []
  /// The folder relative paths are resolved against.
  public let baseDirectory: URL
  /// The plugins that stage lists may name.
  public let registry: PluginRegistry
  /// The tracks the config enables.
  public var enabledTracks: Set<String>
  /// The factory of every usable stage entry met while validating, by the entry's key path
  /// (`screening[2]`), so that building the plugins does not validate the entries again.
  public private(set) var stageFactories: [String: PluginFactory] = [:]

  /// Creates a validator.
  public init(baseDirectory: URL, registry: PluginRegistry, enabledTracks: Set<String>) {
    self.baseDirectory = baseDirectory
    self.registry = registry
    self.enabledTracks = enabledTracks
  }

  /// Records a problem.
  public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  /// Checks a mapping against `specs`: unknown keys (with the nearest valid one), duplicates,
  /// missing required keys, and each value's type.
  public mutating func validateObject(_ node: ConfigNode, specs: [ParameterSpec], keyPath: String) {
    // An absent or empty mapping is an empty one: what it lacks is reported key by key.
    let entries: [ConfigEntry]
    if let written = node.entries {
      entries = written
    } else if node.content == .null {
      entries = []
    } else {
      report(mismatch(node, expected: ParameterType.object(specs), keyPath: keyPath))
      return
    }
    var seen: Set<String> = []
    for entry in entries {
      let path = KeyPath.join(keyPath, entry.key)
      guard seen.insert(entry.key).inserted else {
        report(
          Diagnostic(
            .duplicateKey, at: entry.keyLocation, keyPath: path,
            message: LocalizedText(zh: "键重复出现", en: "key is written twice")))
        continue
      }
      guard let spec = specs.first(where: { $0.name == entry.key }) else {
        let valid = specs.map(\.name)
        report(
          Diagnostic(
            .unknownKey, at: entry.keyLocation, keyPath: path,
            message: LocalizedText(
              zh: "未知的键；可用的键：\(valid.joined(separator: ", "))",
              en: "unknown key; valid keys: \(valid.joined(separator: ", "))"),
            suggestion: Suggestions.nearest(to: entry.key, in: valid)))
        continue
      }
      validate(entry.value, as: spec.type, keyPath: path)
    }
    for spec in specs where spec.required && !seen.contains(spec.name) {
      report(
        Diagnostic(
          .missingKey, at: node.location, keyPath: KeyPath.join(keyPath, spec.name),
          message: LocalizedText(
            zh: "缺少必填键，应为\(spec.type.name(.zhCN))：\(spec.doc.zh)",
            en: "required key is missing; expected \(spec.type.name(.en)): \(spec.doc.en)")))
    }
  }

  /// Checks one value against `type`.
  public mutating func validate(_ node: ConfigNode, as type: ParameterType, keyPath: String) {
    if node.content == .null {
      if case .object(let specs) = type.resolved { validateObject(node, specs: specs, keyPath: keyPath) }
      return  // an explicit null means "use the default"
    }
    switch type {
    case .string(let maxLength):
      guard let text = node.scalar else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      if let maxLength, text.count > maxLength {
        report(
          Diagnostic(
            .outOfRange, at: node.location, keyPath: keyPath,
            message: LocalizedText(
              zh: "文本过长：\(text.count)字，上限\(maxLength)字",
              en: "text is too long: \(text.count) characters, at most \(maxLength)")))
      }
    case .integer(let range):
      guard let value = node.scalar.flatMap(Scalars.integer) else {
        return report(mismatch(node, expected: type, keyPath: keyPath))
      }
      if let range, !range.contains(value) { report(outOfRange(node, type: type, keyPath: keyPath)) }
    case .number(let range):
      guard let value = node.scalar.flatMap(Scalars.number) else {
        return report(mismatch(node, expected: type, keyPath: keyPath))
      }
      if let range, !range.contains(value) { report(outOfRange(node, type: type, keyPath: keyPath)) }
    case .boolean:
      if node.scalar.flatMap(Scalars.boolean) == nil { report(mismatch(node, expected: type, keyPath: keyPath)) }
    case .choice(let values):
      guard let text = node.scalar else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      if !values.contains(text) {
        report(
          Diagnostic(
            .invalidValue, at: node.location, keyPath: keyPath,
            message: LocalizedText(
              zh: "取值 `\(ConfigLimits.excerpt(text))` 无效，应为\(type.name(.zhCN))",
              en: "invalid value `\(ConfigLimits.excerpt(text))`; expected \(type.name(.en))"),
            suggestion: Suggestions.nearest(to: text, in: values)))
      }
    case .file:
      guard let text = node.scalar else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      let url = ParameterValues.resolve(text, against: baseDirectory)
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) || isDirectory.boolValue {
        let nearby = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        report(
          Diagnostic(
            .missingFile, at: node.location, keyPath: keyPath,
            message: LocalizedText(
              zh: "数据文件不存在：\(ConfigLimits.excerpt(url.path, limit: 1_024))",
              en: "data file not found: \(ConfigLimits.excerpt(url.path, limit: 1_024))"),
            suggestion: Suggestions.nearest(to: url.lastPathComponent, in: nearby)))
      }
    case .path:
      if node.scalar == nil { report(mismatch(node, expected: type, keyPath: keyPath)) }
    case .outputName:
      guard let text = node.scalar else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      let parts = text.split(separator: "/", omittingEmptySubsequences: false)
      if text.isEmpty || text.hasPrefix("/") || text.contains("\\")
        || parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty || $0.hasPrefix(".") })
      {
        report(
          Diagnostic(
            .invalidValue, at: node.location, keyPath: keyPath,
            message: LocalizedText(
              zh: "输出文件名 `\(text)` 无效：应为输出目录内的相对路径（不含 `..`、不以 `/` 或 `.` 开头）",
              en:
                "invalid output name `\(text)`: expected a relative path inside the output folder (no `..`, not starting with `/` or `.`)"
            )))
      }
    case .date:
      if node.scalar.flatMap(Scalars.date) == nil { report(mismatch(node, expected: type, keyPath: keyPath)) }
    case .time:
      if node.scalar.flatMap(Scalars.time) == nil { report(mismatch(node, expected: type, keyPath: keyPath)) }
    case .province:
      guard let text = node.scalar else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      if Province.parse(text) == nil {
        let problem = Province.problem(text)
        report(
          Diagnostic(
            .invalidValue, at: node.location, keyPath: keyPath, message: problem.message,
            suggestion: problem.suggestion))
      }
    case .list(let element):
      guard let items = node.items else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      for (index, item) in items.enumerated() {
        validate(item, as: element, keyPath: KeyPath.index(keyPath, index))
      }
    case .map(let element):
      guard let entries = node.entries else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      var seen: Set<String> = []
      for entry in entries {
        if !seen.insert(entry.key).inserted {
          report(
            Diagnostic(
              .duplicateKey, at: entry.keyLocation, keyPath: KeyPath.join(keyPath, entry.key),
              message: LocalizedText(zh: "键重复出现", en: "key is written twice")))
        }
        validate(entry.value, as: element, keyPath: KeyPath.join(keyPath, entry.key))
      }
    case .object(let specs):
      validateObject(node, specs: specs, keyPath: keyPath)
    case .recursive(_, let definition):
      validate(node, as: definition(), keyPath: keyPath)
    case .stages(let kind):
      guard let items = node.items else { return report(mismatch(node, expected: type, keyPath: keyPath)) }
      for (index, item) in items.enumerated() {
        let path = KeyPath.index(keyPath, index)
        if let factory = validateStage(item, kind: kind, keyPath: path) { stageFactories[path] = factory }
      }
    }
  }

  /// The keys of a stage entry.
  public static let stageKeys: [ParameterSpec] = [
    ParameterSpec(
      "plugin", .text, required: true,
      doc: LocalizedText(zh: "插件标识，如 torch.trl_threshold", en: "plugin id, e.g. torch.trl_threshold")),
    ParameterSpec(
      "name", .text,
      doc: LocalizedText(zh: "本阶段名称（默认为插件标识）", en: "stage name (defaults to the plugin id)")),
    ParameterSpec("with", .object([]), doc: LocalizedText(zh: "插件参数", en: "the plugin's parameters")),
  ]

  /// Checks one stage entry and returns the plugin's factory when the entry names a plugin that
  /// can be used here (right kind, track enabled), even if some of its parameters are wrong: the
  /// plugin's own checks then still run, so every problem is reported at once.
  public mutating func validateStage(_ node: ConfigNode, kind: PluginKind, keyPath: String) -> PluginFactory? {
    guard let entries = node.entries else {
      report(mismatch(node, expected: .object(Self.stageKeys), keyPath: keyPath))
      return nil
    }
    // `with` is checked below against the plugin's own parameters; here only its siblings.
    var shell = node
    shell.content = .mapping(entries.filter { $0.key != "with" })
    validateObject(shell, specs: Self.stageKeys, keyPath: keyPath)
    guard let idNode = node["plugin"], let id = idNode.scalar else { return nil }
    let idPath = KeyPath.join(keyPath, "plugin")
    let idLength = id.count
    guard idLength <= ConfigLimits.maxPluginIDLength else {
      report(
        Diagnostic(
          .outOfRange, at: idNode.location, keyPath: idPath,
          message: LocalizedText(
            zh: "插件标识过长：\(idLength)字，上限\(ConfigLimits.maxPluginIDLength)字",
            en: "plugin id is too long: \(idLength) characters, at most \(ConfigLimits.maxPluginIDLength)")))
      return nil
    }
    guard let factory = registry.factory(id) else {
      let sameKind = registry.descriptions(kind: kind).map(\.id)
      report(
        Diagnostic(
          .unknownPlugin, at: idNode.location, keyPath: idPath,
          message: LocalizedText(
            zh: "未知的插件 `\(id)`；可用的\(kind.name(.zhCN))插件：\(sameKind.joined(separator: ", "))",
            en: "unknown plugin `\(id)`; \(kind.name(.en)) plugins: \(sameKind.joined(separator: ", "))"),
          suggestion: Suggestions.nearest(to: id, in: registry.descriptions().map(\.id))))
      return nil
    }
    let description = factory.description
    var usable = true
    if description.kind != kind {
      usable = false
      report(
        Diagnostic(
          .wrongKind, at: idNode.location, keyPath: idPath,
          message: LocalizedText(
            zh:
              "插件 `\(id)` 属于\(description.kind.name(.zhCN))阶段，不能用于\(kind.name(.zhCN))阶段（请移到 `\(description.kind.configKey)` 下）",
            en:
              "plugin `\(id)` is \(Self.article(description.kind.name(.en))) plugin, not \(kind.name(.en)); move it under `\(description.kind.configKey)`"
          )))
    }
    if !enabledTracks.contains(description.track) {
      usable = false
      let trackName = registry.track(description.track)?.name
      report(
        Diagnostic(
          .trackNotEnabled, at: idNode.location, keyPath: idPath,
          message: LocalizedText(
            zh:
              "插件 `\(id)` 属于行动方向 `\(description.track)`（\(trackName?.zh ?? "")），该方向未启用；请在 `tracks` 中加入 `\(description.track)`",
            en:
              "plugin `\(id)` belongs to track `\(description.track)` (\(trackName?.en ?? "")), which is not enabled; add `\(description.track)` to `tracks`"
          )))
    }
    let withNode = node["with"] ?? ConfigNode(.null, at: node.location)
    validateObject(withNode, specs: description.parameters, keyPath: KeyPath.join(keyPath, "with"))
    return usable ? factory : nil
  }

  /// `an event`, `a screening`.
  static func article(_ word: String) -> String {
    ("aeiou".contains(word.prefix(1).lowercased()) ? "an " : "a ") + word
  }

  private func mismatch(_ node: ConfigNode, expected: ParameterType, keyPath: String) -> Diagnostic {
    Diagnostic(
      .typeMismatch, at: node.location, keyPath: keyPath,
      message: LocalizedText(
        zh: "类型不符：应为\(expected.name(.zhCN))，实际为\(node.kindName.zh)",
        en: "expected \(expected.name(.en)), got \(node.kindName.en)"))
  }

  private func outOfRange(_ node: ConfigNode, type: ParameterType, keyPath: String) -> Diagnostic {
    Diagnostic(
      .outOfRange, at: node.location, keyPath: keyPath,
      message: LocalizedText(
        zh: "取值 \(ConfigLimits.excerpt(node.scalar ?? "")) 超出范围，应为\(type.name(.zhCN))",
        en: "value \(ConfigLimits.excerpt(node.scalar ?? "")) is out of range; expected \(type.name(.en))"))
  }
}
