import Foundation

/// The type of a configuration value; the validator checks it and the docs print it.
public indirect enum ParameterType: Sendable {
  /// Text, optionally limited in length (in characters).
  case string(maxLength: Int?)
  /// A whole number, optionally in a range.
  case integer(ClosedRange<Int>?)
  /// A number, optionally in a range.
  case number(ClosedRange<Double>?)
  /// `true` or `false`.
  case boolean
  /// One of a fixed list of words.
  case choice([String])
  /// An input file that must exist, relative to the config file.
  case file
  /// A path, relative to the config file; not checked for existence.
  case path
  /// The name of a file the plugin writes into the run's output folder: a relative path that
  /// stays inside it (no `..`, not absolute, not hidden).
  case outputName
  /// A date, `YYYY-MM-DD`.
  case date
  /// A time of day, `HH:MM`.
  case time
  /// A province (省级行政区): a short or full Chinese name or the English name (``Province``).
  case province
  /// A list of values of one type.
  case list(ParameterType)
  /// A mapping from free keys to values of one type.
  case map(ParameterType)
  /// A mapping with known keys.
  case object([ParameterSpec])
  /// A list of plugin entries of one kind (`- plugin: id` with `with:` parameters).
  case stages(PluginKind)
  /// A type that contains itself, such as a rule's condition that holds conditions: `name` is
  /// how it reads in docs and messages, `type` gives its definition when a value is checked.
  /// Nesting stops at ``ConfigLimits/maxDepth``, so checking always ends.
  case recursive(name: LocalizedText, type: @Sendable () -> ParameterType)

  /// Text without a length limit.
  public static var text: ParameterType { .string(maxLength: nil) }

  /// The type itself, or the definition of a ``recursive(name:type:)`` one.
  public var resolved: ParameterType {
    if case .recursive(_, let type) = self { return type() }
    return self
  }

  /// How the type reads in docs and error messages.
  public func name(_ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    switch self {
    case .string(let max):
      if let max { return zh ? "文本（不超过\(max)字）" : "string (at most \(max) characters)" }
      return zh ? "文本" : "string"
    case .integer(let range):
      if let range {
        return zh ? "整数 \(range.lowerBound)–\(range.upperBound)" : "integer \(range.lowerBound)–\(range.upperBound)"
      }
      return zh ? "整数" : "integer"
    case .number(let range):
      if let range {
        return (zh ? "数值 " : "number ") + "\(Self.format(range.lowerBound))–\(Self.format(range.upperBound))"
      }
      return zh ? "数值" : "number"
    case .boolean: return zh ? "布尔值（true/false）" : "boolean (true/false)"
    case .choice(let values): return (zh ? "以下之一：" : "one of: ") + values.joined(separator: ", ")
    case .file: return zh ? "文件路径（须存在）" : "file path (must exist)"
    case .path: return zh ? "路径" : "path"
    case .outputName: return zh ? "输出目录内的文件名" : "file name inside the output folder"
    case .date: return zh ? "日期 YYYY-MM-DD" : "date YYYY-MM-DD"
    case .time: return zh ? "时间 HH:MM" : "time HH:MM"
    case .province: return zh ? "省份（31 个省级行政区之一）" : "province (one of the 31 provincial-level divisions)"
    case .list(let element): return (zh ? "列表，元素为" : "list of ") + element.name(locale)
    case .map(let element): return (zh ? "映射，值为" : "mapping to ") + element.name(locale)
    case .object: return zh ? "映射" : "mapping"
    case .stages(let kind): return (zh ? "插件列表：" : "list of plugins: ") + kind.rawValue
    case .recursive(let name, _): return name(locale)
    }
  }

  static func format(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(value)
  }
}

/// One documented parameter of a plugin or of the configuration itself:
/// "`min_trl` (integer 1–9, default 4): lowest technology maturity that passes".
public struct ParameterSpec: Sendable {
  /// The key as written in the config.
  public var name: String
  /// Its type.
  public var type: ParameterType
  /// Whether the key must be present.
  public var required: Bool
  /// The default, as it would be written in YAML; `nil` when there is none.
  public var defaultValue: String?
  /// What it does.
  public var doc: LocalizedText

  /// Creates a parameter.
  public init(
    _ name: String, _ type: ParameterType, required: Bool = false, default defaultValue: String? = nil,
    doc: LocalizedText
  ) {
    self.name = name
    self.type = type
    self.required = required
    self.defaultValue = defaultValue
    self.doc = doc
  }
}
