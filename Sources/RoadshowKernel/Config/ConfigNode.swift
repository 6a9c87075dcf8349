import Foundation

/// A position in a configuration or data file: `file:line:col`, counted from 1.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file as the user named it.
  public var file: String
  /// Line, from 1.
  public var line: Int
  /// Column, from 1 (in Unicode scalars).
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}

/// A parsed configuration value with the place it was written. YAML and JSON both parse into
/// this tree, so validation is the same for both and every error can point at its line.
public struct ConfigNode: Sendable, Hashable {
  /// The shape of a node.
  public enum Content: Sendable, Hashable {
    /// A scalar, as written (without quotes).
    case scalar(String)
    /// An explicit null (`null`, `~`, or nothing).
    case null
    /// A list.
    case sequence([ConfigNode])
    /// A mapping, keys in the order written.
    case mapping([ConfigEntry])
  }

  /// What the node holds.
  public var content: Content
  /// Where it starts.
  public var location: SourceLocation

  /// Creates a node.
  public init(_ content: Content, at location: SourceLocation) {
    self.content = content
    self.location = location
  }

  /// The scalar text, if this is a scalar.
  public var scalar: String? {
    if case .scalar(let text) = content { return text }
    return nil
  }

  /// The entries, if this is a mapping.
  public var entries: [ConfigEntry]? {
    if case .mapping(let entries) = content { return entries }
    return nil
  }

  /// The items, if this is a sequence.
  public var items: [ConfigNode]? {
    if case .sequence(let items) = content { return items }
    return nil
  }

  /// The value of `key`, if this is a mapping that has it.
  public subscript(key: String) -> ConfigNode? {
    entries?.first(where: { $0.key == key })?.value
  }

  /// A short name for the node's shape, for error messages.
  public var kindName: LocalizedText {
    switch content {
    case .scalar(let text): LocalizedText(verbatim: "`\(ConfigLimits.excerpt(text))`")
    case .null: LocalizedText(zh: "空值", en: "null")
    case .sequence: LocalizedText(zh: "列表", en: "a list")
    case .mapping: LocalizedText(zh: "映射", en: "a mapping")
    }
  }
}

/// One `key: value` pair of a mapping.
public struct ConfigEntry: Sendable, Hashable {
  /// The key.
  public var key: String
  /// Where the key is written.
  public var keyLocation: SourceLocation
  /// The value.
  public var value: ConfigNode

  /// Creates an entry.
  public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
    self.key = key
    self.keyLocation = keyLocation
    self.value = value
  }
}
