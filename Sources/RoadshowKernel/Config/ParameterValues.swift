import Foundation

/// The validated parameters of a plugin (or any object in the config), read by name.
///
/// Values were checked against the ``ParameterSpec``s before a plugin sees them, so accessors
/// return the typed value, the declared default when the key is absent, or `nil` when there is
/// neither.
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

  /// Wraps a validated mapping.
  public init(
    node: ConfigNode?, specs: [ParameterSpec], keyPath: String, baseDirectory: URL,
    entryLocation: SourceLocation
  ) {
    self.node = node
    self.specs = specs
    self.keyPath = keyPath
    self.baseDirectory = baseDirectory
    self.entryLocation = entryLocation
  }

  /// Whether the key is written in the config.
  public func contains(_ name: String) -> Bool { node?[name] != nil }

  /// The node written for `name`, or one parsed from the declared default.
  public func value(_ name: String) -> ConfigNode? {
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
    guard let spec = specs.first(where: { $0.name == name }), case .object(let nested) = spec.type else {
      return nil
    }
    return ParameterValues(
      node: node?[name], specs: nested, keyPath: keyPath(of: name), baseDirectory: baseDirectory,
      entryLocation: location(of: name))
  }

  /// A list of objects, each read with the element's specs.
  public func objects(_ name: String) -> [ParameterValues] {
    guard let spec = specs.first(where: { $0.name == name }), case .list(.object(let nested)) = spec.type,
      let items = value(name)?.items
    else { return [] }
    return items.enumerated().map { index, item in
      ParameterValues(
        node: item, specs: nested, keyPath: KeyPath.index(keyPath(of: name), index),
        baseDirectory: baseDirectory, entryLocation: item.location)
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
