import Foundation
import RoadshowKernel
import Yams

/// Reads a configuration file (YAML, or JSON, which is flow-style YAML) into the kernel's
/// ``ConfigNode`` tree with `file:line:col` on every node, then validates it and builds every
/// plugin through ``RoadshowConfiguration/build(root:file:text:registry:)``.
///
/// Every problem is reported at once, in file order, as a ``ConfigurationError``.
public enum ConfigLoader {
  /// A parsed, not yet validated, configuration file.
  public struct Document: Sendable {
    /// The path as the user typed it; every location names it.
    public var file: String
    /// The file's text, kept with the run.
    public var text: String
    /// The parsed tree; `nil` for an empty file.
    public var root: ConfigNode?
    /// Problems found while parsing that do not stop validation: keys written twice (the
    /// validator finds most of them again; the lists are merged) and keys that are not text.
    public var problems: [Diagnostic]

    /// Creates a document.
    public init(file: String, text: String, root: ConfigNode?, problems: [Diagnostic] = []) {
      self.file = file
      self.text = text
      self.root = root
      self.problems = problems
    }

    /// The `locale:` the file asks for, if it names a known one; read before validation so that
    /// even the errors of an invalid file speak the user's language.
    public var locale: ReportLocale? {
      root?["locale"]?.scalar.flatMap(ReportLocale.init(identifier:))
    }
  }

  /// Reads, parses, validates and builds the configuration at `path`.
  ///
  /// - Parameters:
  ///   - path: the file as the user typed it (relative to the working directory or absolute).
  ///   - registry: the linked plugins.
  /// - Throws: every problem found, in file order: a missing or unreadable file (`missing_file`),
  ///   a syntax error (`syntax`), or the validator's diagnostics.
  public static func load(path: String, registry: PluginRegistry) throws(ConfigurationError)
    -> RoadshowConfiguration
  {
    try build(try read(path: path), registry: registry)
  }

  /// Reads and parses the file at `path` without validating it.
  public static func read(path: String) throws(ConfigurationError) -> Document {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw ConfigurationError([
        Diagnostic(
          .missingFile, at: nil, keyPath: "",
          message: LocalizedText(zh: "找不到配置文件 \(path)", en: "config file not found: \(path)"))
      ])
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ConfigurationError([
        Diagnostic(
          .missingFile, at: nil, keyPath: "",
          message: LocalizedText(
            zh: "无法读取配置文件 \(path)：\(error.localizedDescription)",
            en: "cannot read config file \(path): \(error.localizedDescription)"))
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigurationError([
        Diagnostic(
          .syntax, at: SourceLocation(file: path, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "配置文件不是 UTF-8 编码，请另存为 UTF-8", en: "the config file is not UTF-8; save it as UTF-8"))
      ])
    }
    return try parse(text, file: path)
  }

  /// Parses YAML or JSON text. `file` is the name locations carry.
  ///
  /// Plain scalars `null`, `Null`, `NULL`, `~` and nothing at all become ``ConfigNode/Content/null``;
  /// quoted scalars always stay text. A key written twice does not stop parsing: it is reported
  /// where it is written the second time, together with every other problem.
  public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Document {
    var source = text
    if source.unicodeScalars.first == "\u{FEFF}" { source.unicodeScalars.removeFirst() }
    var renamed = KeyRenaming(text: source)
    var yamlNode: Yams.Node?
    while true {
      do {
        yamlNode = try Yams.compose(yaml: renamed.text)
        break
      } catch let error as YamlError {
        if case .duplicatedKeysInMapping(let keys, let context) = error, let key = keys.first,
          renamed.rename(key: key, at: context.mark)
        {
          continue
        }
        throw ConfigurationError([syntaxDiagnostic(error, file: file, text: source)])
      } catch {
        throw ConfigurationError([
          Diagnostic(
            .syntax, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
            message: LocalizedText(zh: "无法解析：\(error)", en: "cannot parse: \(error)"))
        ])
      }
    }
    guard let yamlNode else { return Document(file: file, text: text, root: nil) }
    var converter = Converter(file: file, originalKeys: renamed.originals)
    let root = converter.convert(yamlNode, keyPath: "")
    return Document(file: file, text: text, root: root, problems: converter.problems)
  }

  /// Validates a parsed document and builds every plugin.
  public static func build(_ document: Document, registry: PluginRegistry) throws(ConfigurationError)
    -> RoadshowConfiguration
  {
    do throws(ConfigurationError) {
      let configuration = try RoadshowConfiguration.build(
        root: document.root, file: document.file, text: document.text, registry: registry)
      if !document.problems.isEmpty { throw ConfigurationError(document.problems) }
      return configuration
    } catch {
      var all = error.diagnostics
      for problem in document.problems
      where !all.contains(where: { $0.code == problem.code && $0.location == problem.location }) {
        all.append(problem)
      }
      throw ConfigurationError(all)
    }
  }

  // MARK: Errors from Yams

  static func syntaxDiagnostic(_ error: YamlError, file: String, text: String) -> Diagnostic {
    func located(_ line: Int, _ column: Int, _ detail: String) -> Diagnostic {
      Diagnostic(
        .syntax, at: SourceLocation(file: file, line: max(line, 1), column: max(column, 1)), keyPath: "",
        message: LocalizedText(zh: "YAML/JSON 语法错误：\(detail)", en: "YAML/JSON syntax error: \(detail)"))
    }
    switch error {
    case .scanner(let context?, let problem, let mark, _):
      // The scanner's context is where the broken token starts (an unterminated quote, a key
      // without its colon); the problem mark is often the end of the file.
      return located(
        context.mark.line, context.mark.column, "\(context.text): \(problem) (\(mark.line):\(mark.column))")
    case .scanner(nil, let problem, let mark, _):
      return located(mark.line, mark.column, problem)
    case .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
      var detail = problem
      if let context { detail += " (\(context.text) \(context.mark.line):\(context.mark.column))" }
      return located(mark.line, mark.column, detail)
    case .reader(let problem, let offset, _, _):
      let position = offset.map { Self.mark(ofByteOffset: $0, in: text) } ?? (line: 1, column: 1)
      return located(position.line, position.column, problem)
    case .duplicatedKeysInMapping(let keys, let context):
      let names = keys.map { "`\($0)`" }.joined(separator: ", ")
      return Diagnostic(
        .duplicateKey, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
        keyPath: keys.first ?? "",
        message: LocalizedText(zh: "键重复出现：\(names)", en: "key written twice: \(names)"))
    default:
      return located(1, 1, String(describing: error))
    }
  }

  static func mark(ofByteOffset offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var consumed = 0
    for scalar in text.unicodeScalars {
      if consumed >= offset { break }
      consumed += String(scalar).utf8.count
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}

/// Yams refuses a mapping with a key written twice and names only the first occurrence. To report
/// every problem at once, the first occurrence is renamed to a placeholder of the same length (so
/// every column stays where it was) and the text parsed again; the converter renames it back.
struct KeyRenaming {
  private(set) var scalars: [Unicode.Scalar]
  private var lineStarts: [Int]
  /// Placeholder → the key as parsed.
  private(set) var originals: [String: String] = [:]
  private var counter = 0

  init(text: String) {
    scalars = Array(text.unicodeScalars)
    lineStarts = [0]
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
        index += 1
        lineStarts.append(index + 1)
      } else if scalar == "\n" || scalar == "\r" {
        lineStarts.append(index + 1)
      }
      index += 1
    }
  }

  var text: String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  /// Renames the key `key` written at `mark`; `false` when the text there is not that key
  /// written plainly or in quotes (then the duplicate is reported as Yams found it).
  mutating func rename(key: String, at mark: Mark) -> Bool {
    guard originals.count < 10_000, mark.line >= 1, mark.line <= lineStarts.count, mark.column >= 1 else {
      return false
    }
    let start = lineStarts[mark.line - 1] + mark.column - 1
    guard start < scalars.count else { return false }
    let span: Range<Int>
    switch scalars[start] {
    case "\"":
      var end = start + 1
      while end < scalars.count, scalars[end] != "\"" {
        end += scalars[end] == "\\" ? 2 : 1
      }
      guard end < scalars.count else { return false }
      span = (start + 1)..<end
    case "'":
      var end = start + 1
      while end < scalars.count {
        if scalars[end] == "'" {
          if end + 1 < scalars.count, scalars[end + 1] == "'" {
            end += 2
            continue
          }
          break
        }
        end += 1
      }
      guard end < scalars.count else { return false }
      span = (start + 1)..<end
    default:
      let written = Array(key.unicodeScalars)
      guard start + written.count <= scalars.count, Array(scalars[start..<(start + written.count)]) == written
      else { return false }
      span = start..<(start + written.count)
    }
    guard !span.isEmpty, let placeholder = makePlaceholder(length: span.count) else { return false }
    scalars.replaceSubrange(span, with: placeholder.unicodeScalars)
    originals[placeholder] = key
    return true
  }

  /// A text of private-use characters, `length` long, that the file does not contain.
  private mutating func makePlaceholder(length: Int) -> String? {
    let base = 0xE000
    let radix = 0x1800
    while counter < 1_000_000 {
      var value = counter
      counter += 1
      var view = String.UnicodeScalarView()
      for _ in 0..<length {
        guard let scalar = Unicode.Scalar(base + value % radix) else { return nil }
        view.append(scalar)
        value /= radix
      }
      guard value == 0 else { return nil }  // too many placeholders for so short a key
      let candidate = String(view)
      if originals[candidate] == nil, !text.contains(candidate) { return candidate }
    }
    return nil
  }
}

/// Turns a Yams node tree into the kernel's ``ConfigNode`` tree.
struct Converter {
  let file: String
  let originalKeys: [String: String]
  var problems: [Diagnostic] = []

  mutating func convert(_ node: Yams.Node, keyPath: String) -> ConfigNode {
    let location = location(node.mark)
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain || scalar.style == .any, ["", Tag.Name.null.rawValue].contains(scalar.tag.description),
        ["", "~", "null", "Null", "NULL"].contains(scalar.string)
      {
        return ConfigNode(.null, at: location)
      }
      return ConfigNode(.scalar(scalar.string), at: location)
    case .sequence(let sequence):
      let items = sequence.enumerated().map { index, item in
        convert(item, keyPath: KeyPath.index(keyPath, index))
      }
      return ConfigNode(.sequence(items), at: location)
    case .mapping(let mapping):
      var entries: [ConfigEntry] = []
      var seen: Set<String> = []
      for (keyNode, valueNode) in mapping {
        guard case .scalar(let keyScalar) = keyNode else {
          problems.append(
            Diagnostic(
              .syntax, at: self.location(keyNode.mark), keyPath: keyPath,
              message: LocalizedText(zh: "键必须是文本", en: "a key must be text")))
          continue
        }
        let key = originalKeys[keyScalar.string] ?? keyScalar.string
        let path = KeyPath.join(keyPath, key)
        let keyLocation = self.location(keyNode.mark)
        if !seen.insert(key).inserted {
          problems.append(
            Diagnostic(
              .duplicateKey, at: keyLocation, keyPath: path,
              message: LocalizedText(zh: "键重复出现", en: "key is written twice")))
        }
        entries.append(ConfigEntry(key: key, keyLocation: keyLocation, value: convert(valueNode, keyPath: path)))
      }
      return ConfigNode(.mapping(entries), at: location)
    case .alias:
      problems.append(
        Diagnostic(
          .syntax, at: location, keyPath: keyPath,
          message: LocalizedText(zh: "不支持的 YAML 别名", en: "unsupported YAML alias")))
      return ConfigNode(.null, at: location)
    }
  }

  func location(_ mark: Mark?) -> SourceLocation {
    SourceLocation(file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1))
  }
}
