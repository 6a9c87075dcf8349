import Foundation

/// One problem found in a configuration or data file, with where it is and what would fix it.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  /// The kind of problem; stable, for tests and tools.
  public enum Code: String, Sendable, Hashable, Codable {
    /// The file is not valid YAML or JSON.
    case syntax
    /// A key that the schema does not know.
    case unknownKey = "unknown_key"
    /// A key the schema requires is absent.
    case missingKey = "missing_key"
    /// A key written twice.
    case duplicateKey = "duplicate_key"
    /// A value of the wrong type.
    case typeMismatch = "type_mismatch"
    /// A number outside its range or a text over its length.
    case outOfRange = "out_of_range"
    /// A value outside its list of choices, or otherwise invalid.
    case invalidValue = "invalid_value"
    /// A data file that does not exist or cannot be read.
    case missingFile = "missing_file"
    /// A plugin id that no linked module provides.
    case unknownPlugin = "unknown_plugin"
    /// A plugin used at a stage of another kind.
    case wrongKind = "wrong_kind"
    /// A track id that no linked module provides.
    case unknownTrack = "unknown_track"
    /// A plugin of a track the config has not enabled.
    case trackNotEnabled = "track_not_enabled"
    /// A data row that cannot be read.
    case badRow = "bad_row"
    /// A file past one of ``ConfigLimits``: too large, nested too deep, or aliases that expand
    /// to too many values.
    case tooLarge = "too_large"
  }

  /// The kind of problem.
  public var code: Code
  /// Where it is; `nil` only when the file itself is missing.
  public var location: SourceLocation?
  /// The key path (`screening[1].with.min_trl`), empty at the top.
  public var keyPath: String
  /// What is wrong and what was expected.
  public var message: LocalizedText
  /// The nearest valid name, for a typo.
  public var suggestion: String?

  /// Creates a diagnostic.
  public init(
    _ code: Code, at location: SourceLocation?, keyPath: String, message: LocalizedText,
    suggestion: String? = nil
  ) {
    self.code = code
    self.location = location
    self.keyPath = keyPath
    self.message = message
    self.suggestion = suggestion
  }

  /// `FILE:LINE:COL: error: KEY: MESSAGE (did you mean `X`?)`, in `locale`; `warning:` instead
  /// of `error:` for problems that did not stop anything (a skipped row).
  public func rendered(_ locale: ReportLocale, warning: Bool = false) -> String {
    var text = location.map { "\($0): " } ?? ""
    switch (locale, warning) {
    case (.zhCN, false): text += "错误: "
    case (.zhCN, true): text += "警告: "
    case (.en, false): text += "error: "
    case (.en, true): text += "warning: "
    }
    if !keyPath.isEmpty && code != .badRow { text += "`\(keyPath)`: " }
    text += message(locale)
    if let suggestion {
      text += locale == .zhCN ? "（是否想写 `\(suggestion)`？）" : " (did you mean `\(suggestion)`?)"
    }
    return text
  }

  public var description: String { rendered(.en) }

  /// This diagnostic with a file name written relative to a config file (`data/x.csv`) turned
  /// into one a user can open from where they ran the command: relative to the current folder
  /// when the file lies below it, absolute otherwise.
  public func relocated(against base: URL) -> Diagnostic {
    guard var location, !location.file.hasPrefix("/") else { return self }
    let path = base.appendingPathComponent(location.file).standardizedFileURL.path
    let here = FileManager.default.currentDirectoryPath
    location.file = path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    var copy = self
    copy.location = location
    return copy
  }
}

/// Everything wrong with a configuration, reported at once. Nothing runs while there is one.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
  /// The problems, in file order.
  public var diagnostics: [Diagnostic]

  /// Wraps the problems found.
  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics.sorted { lhs, rhs in
      let l = lhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
      let r = rhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
      return l < r
    }
  }

  /// Every problem on its own line, in `locale`.
  public func rendered(_ locale: ReportLocale) -> String {
    diagnostics.map { $0.rendered(locale) }.joined(separator: "\n")
  }

  public var description: String { rendered(.en) }
}

/// Builds the key path of a nested value.
public enum KeyPath {
  /// `parent.key`, or `key` at the top.
  public static func join(_ parent: String, _ key: String) -> String {
    parent.isEmpty ? key : "\(parent).\(key)"
  }

  /// `parent[index]`.
  public static func index(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }
}
