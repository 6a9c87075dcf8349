import Foundation

/// The validated parameters of a plugin (or any object in the config), read by name.
///
/// Values were checked against the ``ParameterSpec``s before a plugin sees them, so accessors
/// return the typed value, the declared default when the key is absent, or `nil` when there is
/// neither.
///
/// Reading a name that is not declared (`int("min_trll")` where the plugin declares `min_trl`)
/// is a programming error in the plugin: the accessor returns `nil`, and the read is recorded in
/// ``undeclaredReads`` — shared by every copy and every nested object read from it. Building a
/// plugin through its ``PluginFactory`` turns such reads into config errors naming the plugin,
/// the name and the nearest declared one, so `validate`, `run` and the conformance kit all refuse
/// the plugin instead of silently ignoring the user's value.
public struct ParameterValues: Sendable {
  /// The mapping as written; `nil` when the entry has no `with:`.
  public let node: ConfigNode?
  /// The parameters declared.
  public let specs: [ParameterSpec]
  /// The key path of the mapping, for diagnostics.
  public let keyPath: String
  /// The folder relative paths are resolved against (the config file's folder).
  public let baseDirectory: URL
  /// Where the owning entry is written, for errors about the entry as a whole.
  public let entryLocation: SourceLocation
  private let log: ReadLog

  /// Wraps a validated mapping.
  public init(
    node: ConfigNode?, specs: [ParameterSpec], keyPath: String, baseDirectory: URL,
    entryLocation: SourceLocation
  ) {
    self.init(
      node: node, specs: specs, keyPath: keyPath, baseDirectory: baseDirectory, entryLocation: entryLocation,
      log: ReadLog())
  }

  private init(
    node: ConfigNode?, specs: [ParameterSpec], keyPath: String, baseDirectory: URL, entryLocation: SourceLocation,
    log: ReadLog
  ) {
    self.node = node
    self.specs = specs
    self.keyPath = keyPath
    self.baseDirectory = baseDirectory
    self.entryLocation = entryLocation
    self.log = log
  }

  /// A name a plugin read without declaring it.
  public struct UndeclaredRead: Sendable, Hashable {
    /// The name read.
    public var name: String
    /// Its key path (`screening[0].with.min_trll`).
    public var keyPath: String
    /// The nearest declared name of the same mapping, if one is close.
    public var suggestion: String?
    /// The names declared in that mapping.
    public var declared: [String]
    /// Where the mapping (or its entry) is written.
    public var location: SourceLocation

    /// The config error reporting this read as a bug in `plugin`.
    public func diagnostic(plugin: String) -> Diagnostic {
      let list = declared.isEmpty ? "—" : declared.joined(separator: ", ")
      return Diagnostic(
        .unknownKey, at: location, keyPath: keyPath,
        message: LocalizedText(
          zh: "插件 `\(plugin)` 读取了未声明的参数 `\(name)`（已声明：\(list)）；这是插件代码的错误，配置中的值不会被读取，请修正插件",
          en:
            "plugin `\(plugin)` reads the parameter `\(name)`, which it does not declare (declared: \(list)); this is a bug in the plugin, not in the config: fix the plugin"
        ),
        suggestion: suggestion)
    }
  }

  /// Every undeclared name read so far from these values or any object read from them, in the
  /// order read, each once.
  public var undeclaredReads: [UndeclaredRead] { log.reads }

  /// Records `name` when it is not declared; returns whether it is.
  @discardableResult
  private func declared(_ name: String) -> Bool {
    if specs.contains(where: { $0.name == name }) { return true }
    let names = specs.map(\.name)
    log.record(
      UndeclaredRead(
        name: name, keyPath: keyPath(of: name), suggestion: Suggestions.nearest(to: name, in: names), declared: names,
        location: node?.location ?? entryLocation))
    return false
  }

  /// Whether the plugin declares `name`: for shared helpers that read an optional parameter only
  /// when the plugin has it (``csvEncoding``). Not recorded as a read.
  public func declares(_ name: String) -> Bool { specs.contains { $0.name == name } }

  /// Whether the key is written in the config.
  public func contains(_ name: String) -> Bool {
    declared(name)
    return node?[name] != nil
  }

  /// The node written for `name`, or one parsed from the declared default.
  public func value(_ name: String) -> ConfigNode? {
    guard declared(name) else { return nil }
    if let written = node?[name], written.content != .null { return written }
    guard let spec = specs.first(where: { $0.name == name }), let text = spec.defaultValue else { return nil }
    if case .list = spec.type, let items = Scalars.flowList(text) {
      return ConfigNode(.sequence(items.map { ConfigNode(.scalar($0), at: entryLocation) }), at: entryLocation)
    }
    return ConfigNode(.scalar(text), at: entryLocation)
  }

  /// Where `name` is written, or where the entry is.
  public func location(of name: String) -> SourceLocation {
    node?.entries?.first(where: { $0.key == name })?.value.location ?? node?.location ?? entryLocation
  }

  /// The key path of `name`.
  public func keyPath(of name: String) -> String { KeyPath.join(keyPath, name) }

  /// A text value.
  public func string(_ name: String) -> String? { value(name)?.scalar }

  /// A whole number.
  public func int(_ name: String) -> Int? { value(name)?.scalar.flatMap(Scalars.integer) }

  /// A number.
  public func double(_ name: String) -> Double? { value(name)?.scalar.flatMap(Scalars.number) }

  /// A boolean.
  public func bool(_ name: String) -> Bool? { value(name)?.scalar.flatMap(Scalars.boolean) }

  /// A time of day, in minutes after midnight.
  public func minutes(_ name: String) -> Int? { value(name)?.scalar.flatMap(Scalars.time) }

  /// A file or path, resolved against the config's folder.
  public func url(_ name: String) -> URL? {
    guard let text = string(name) else { return nil }
    return ParameterValues.resolve(text, against: baseDirectory)
  }

  /// A list of texts (`[]` when absent).
  public func strings(_ name: String) -> [String] {
    value(name)?.items?.compactMap(\.scalar) ?? []
  }

  /// A mapping of texts, keys in the order written.
  public func pairs(_ name: String) -> [(key: String, value: String)] {
    value(name)?.entries?.compactMap { entry in entry.value.scalar.map { (entry.key, $0) } } ?? []
  }

  /// A nested object, read with its own specs.
  public func object(_ name: String) -> ParameterValues? {
    guard declared(name), let spec = specs.first(where: { $0.name == name }),
      case .object(let nested) = spec.type.resolved
    else {
      return nil
    }
    return ParameterValues(
      node: node?[name], specs: nested, keyPath: keyPath(of: name), baseDirectory: baseDirectory,
      entryLocation: location(of: name), log: log)
  }

  /// A list of objects, each read with the element's specs.
  public func objects(_ name: String) -> [ParameterValues] {
    guard declared(name), let spec = specs.first(where: { $0.name == name }),
      case .list(let element) = spec.type.resolved, case .object(let nested) = element.resolved,
      let items = value(name)?.items
    else { return [] }
    return items.enumerated().map { index, item in
      ParameterValues(
        node: item, specs: nested, keyPath: KeyPath.index(keyPath(of: name), index),
        baseDirectory: baseDirectory, entryLocation: item.location, log: log)
    }
  }

  /// A diagnostic about `name`, at its location.
  public func problem(
    _ name: String, _ message: LocalizedText, code: Diagnostic.Code = .invalidValue, suggestion: String? = nil
  ) -> Diagnostic {
    Diagnostic(code, at: location(of: name), keyPath: keyPath(of: name), message: message, suggestion: suggestion)
  }

  /// Resolves a path written in a config against its folder (absolute paths stay).
  public static func resolve(_ path: String, against base: URL) -> URL {
    let expanded = (path as NSString).expandingTildeInPath
    if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
    return base.appendingPathComponent(expanded).standardizedFileURL
  }
}

/// The undeclared names read from one plugin's parameters. A reference shared by the copies of
/// one ``ParameterValues`` (and the objects read from it), guarded by a lock: building a plugin
/// is synchronous, but the values are `Sendable` and may be read from any thread.
private final class ReadLog: @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [ParameterValues.UndeclaredRead] = []

  func record(_ read: ParameterValues.UndeclaredRead) {
    lock.withLock {
      if !recorded.contains(where: { $0.keyPath == read.keyPath }) { recorded.append(read) }
    }
  }

  var reads: [ParameterValues.UndeclaredRead] { lock.withLock { recorded } }
}
