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
      // Read one byte past the limit, never more: a huge file (or a device) is refused unread.
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      data = try handle.read(upToCount: ConfigLimits.maxFileBytes + 1) ?? Data()
    } catch {
      throw ConfigurationError([
        Diagnostic(
          .missingFile, at: nil, keyPath: "",
          message: LocalizedText(
            zh: "无法读取配置文件 \(path)：\(error.localizedDescription)",
            en: "cannot read config file \(path): \(error.localizedDescription)"))
      ])
    }
    guard data.count <= ConfigLimits.maxFileBytes else { throw ConfigurationError([tooLargeFile(path)]) }
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
    guard text.utf8.count <= ConfigLimits.maxFileBytes else { throw ConfigurationError([tooLargeFile(file)]) }
    var source = text
    if source.unicodeScalars.first == "\u{FEFF}" { source.unicodeScalars.removeFirst() }
    guard let prepared = PreparedText(text: source) else {
      throw ConfigurationError([
        Diagnostic(
          .syntax, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "文件用尽了全部私用区字符，无法处理", en: "the file uses every private-use character and cannot be read"))
      ])
    }
    var renamed = KeyRenaming(prepared)
    var yamlNode: Yams.Node?
    // Yams holds anchors weakly in its nodes; the parser keeps them alive while they are read.
    var parser: Yams.Parser?
    var rounds = 0
    while true {
      do {
        let current = try Yams.Parser(yaml: renamed.text)
        parser = current
        yamlNode = try current.singleRoot()
        break
      } catch let error as YamlError {
        // Each round renames every repeated key of one mapping; the rounds are bounded so that a
        // file with duplicates in thousands of mappings still ends quickly.
        if case .duplicatedKeysInMapping(let keys, let context) = error, rounds < KeyRenaming.maxRounds,
          renamed.rename(keys: keys, at: context.mark)
        {
          rounds += 1
          continue
        }
        throw ConfigurationError([
          syntaxDiagnostic(error, file: file, text: source, keyName: { renamed.display($0, marker: prepared.marker) })
        ])
      } catch {
        throw ConfigurationError([
          Diagnostic(
            .syntax, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
            message: LocalizedText(zh: "无法解析：\(error)", en: "cannot parse: \(error)"))
        ])
      }
    }
    guard let yamlNode else { return Document(file: file, text: text, root: nil) }
    var converter = Converter(
      file: file, originalKeys: renamed.originals, marker: prepared.marker, aliases: prepared.aliases)
    let root = try withExtendedLifetime(parser) { () throws(ConfigurationError) in
      try converter.convert(yamlNode, keyPath: "", depth: 0)
    }
    return Document(file: file, text: text, root: root, problems: converter.problems)
  }

  static func tooLargeFile(_ file: String) -> Diagnostic {
    let megabytes = ConfigLimits.maxFileBytes / (1024 * 1024)
    return Diagnostic(
      .tooLarge, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
      message: LocalizedText(
        zh: "配置文件过大：上限 \(megabytes) MB", en: "the config file is too large: at most \(megabytes) MB"))
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
      var found = Set(all.map { "\($0.code.rawValue) \($0.location?.description ?? "")" })
      for problem in document.problems
      where found.insert("\(problem.code.rawValue) \(problem.location?.description ?? "")").inserted {
        all.append(problem)
      }
      throw ConfigurationError(all)
    }
  }

  // MARK: Errors from Yams

  static func syntaxDiagnostic(
    _ error: YamlError, file: String, text: String, keyName: (String) -> String = { $0 }
  ) -> Diagnostic {
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
    case .duplicatedKeysInMapping(let written, let context):
      let keys = written.map(keyName)
      let names = keys.map { "`\(ConfigLimits.excerpt($0))`" }.joined(separator: ", ")
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
/// every problem at once, every occurrence of the repeated keys in that mapping is renamed to a
/// placeholder of the same length (so every column stays where it was) and the text parsed again;
/// the converter renames them back and reports each occurrence after the first. One round per
/// mapping with repeated keys, however many times a key is repeated in it.
struct KeyRenaming {
  /// The most mappings with repeated keys handled in one file; past it the next one is reported
  /// as Yams found it.
  static let maxRounds = 100

  private(set) var scalars: [Unicode.Scalar]
  private var lineStarts: [Int]
  /// Placeholder → the key as parsed.
  private(set) var originals: [String: String] = [:]
  private let alphabet: [Unicode.Scalar]
  private var counters: [Int: Int] = [:]

  init(_ prepared: PreparedText) {
    scalars = prepared.scalars
    alphabet = prepared.placeholderAlphabet
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

  /// A key as the user wrote it: placeholders and alias markers undone.
  func display(_ key: String, marker: Unicode.Scalar?) -> String {
    let original = originals[key] ?? key
    guard let marker else { return original }
    return String(String.UnicodeScalarView(original.unicodeScalars.map { $0 == marker ? "*" : $0 }))
  }

  /// Renames the key `keys[0]` written at `mark` and every later occurrence of any of `keys` in
  /// the same mapping; `false` when the text at `mark` is not that key written plainly or in
  /// quotes (then the duplicate is reported as Yams found it).
  mutating func rename(keys: [String], at mark: Mark) -> Bool {
    guard let key = keys.first, mark.line >= 1, mark.line <= lineStarts.count, mark.column >= 1 else {
      return false
    }
    let start = lineStarts[mark.line - 1] + mark.column - 1
    let names = Set(keys)
    guard start < scalars.count, let first = keySpan(at: start, flow: nil, names: [key]), rename(first.span)
    else { return false }
    // A flow mapping when the key follows `{` or `,`; a block mapping otherwise.
    var before = start - 1
    while before >= 0, [" ", "\t", "\n", "\r"].contains(scalars[before]) { before -= 1 }
    if before >= 0, scalars[before] == "{" || scalars[before] == "," {
      renameInFlowMapping(after: first.end, names: names)
    } else {
      renameInBlockMapping(line: mark.line, indent: mark.column - 1, names: names)
    }
    return true
  }

  /// The later keys of a block mapping are the lines indented exactly as far as its first key,
  /// up to the first line indented less.
  private mutating func renameInBlockMapping(line: Int, indent: Int, names: Set<String>) {
    for lineIndex in line..<lineStarts.count {
      var position = lineStarts[lineIndex]
      var spaces = 0
      while position < scalars.count, scalars[position] == " " {
        position += 1
        spaces += 1
      }
      guard position < scalars.count else { return }
      if ["\n", "\r", "#"].contains(scalars[position]) { continue }
      if spaces < indent { return }
      if spaces == indent, let found = keySpan(at: position, flow: false, names: names) { _ = rename(found.span) }
    }
  }

  /// The later keys of a flow mapping follow a `,` at its own depth, up to its closing `}`.
  private mutating func renameInFlowMapping(after start: Int, names: Set<String>) {
    var index = start
    var depth = 0
    while index < scalars.count {
      switch scalars[index] {
      case "\"", "'":
        let quote = scalars[index]
        index += 1
        while index < scalars.count, scalars[index] != quote {
          index += scalars[index] == "\\" && quote == "\"" ? 2 : 1
        }
        index += 1
      case "#" where index > 0 && [" ", "\t"].contains(scalars[index - 1]):
        while index < scalars.count, scalars[index] != "\n", scalars[index] != "\r" { index += 1 }
      case "{", "[":
        depth += 1
        index += 1
      case "}", "]":
        if depth == 0 { return }
        depth -= 1
        index += 1
      case "," where depth == 0:
        index += 1
        while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
        if index < scalars.count, let found = keySpan(at: index, flow: true, names: names) {
          _ = rename(found.span)
          index = found.end
        }
      default:
        index += 1
      }
    }
  }

  /// The span of a key among `names` written at `start`, plainly or in quotes and followed by
  /// `:`; `flow` says whether `,`, `}` and `]` end a plain key (`nil`: take the first name as
  /// written, as Yams marked it). `end` is just past the key and its closing quote.
  private func keySpan(at start: Int, flow: Bool?, names: Set<String>) -> (span: Range<Int>, end: Int)? {
    let span: Range<Int>
    var end: Int
    switch scalars[start] {
    case "\"", "'":
      let quote = scalars[start]
      end = start + 1
      while end < scalars.count, scalars[end] != quote, scalars[end] != "\\" { end += 1 }
      guard end < scalars.count, scalars[end] == quote else { return nil }
      span = (start + 1)..<end
      end += 1
    default:
      if flow == nil {
        guard let name = names.first else { return nil }
        let written = Array(name.unicodeScalars)
        guard start + written.count <= scalars.count, Array(scalars[start..<(start + written.count)]) == written
        else { return nil }
        return (start..<(start + written.count), start + written.count)
      }
      end = start
      while end < scalars.count, !["\n", "\r"].contains(scalars[end]) {
        let next = end + 1 < scalars.count ? scalars[end + 1] : " "
        if scalars[end] == ":", [" ", "\t", "\n", "\r"].contains(next) || flow == true { break }
        if flow == true, [",", "}", "]"].contains(scalars[end]) { break }
        end += 1
      }
      var last = end
      while last > start, [" ", "\t"].contains(scalars[last - 1]) { last -= 1 }
      span = start..<last
    }
    guard !span.isEmpty, names.contains(Self.string(scalars[span])) else { return nil }
    if flow != nil {
      var colon = end
      while colon < scalars.count, [" ", "\t"].contains(scalars[colon]) { colon += 1 }
      guard colon < scalars.count, scalars[colon] == ":" else { return nil }
    }
    return (span, end)
  }

  private static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: slice)
    return String(view)
  }

  /// Replaces `span` by a fresh placeholder of the same length; `false` when none is left.
  private mutating func rename(_ span: Range<Int>) -> Bool {
    guard let placeholder = makePlaceholder(length: span.count) else { return false }
    originals[placeholder] = Self.string(scalars[span])
    scalars.replaceSubrange(span, with: placeholder.unicodeScalars)
    return true
  }

  /// A text of private-use characters absent from the file, `length` long, not used before.
  private mutating func makePlaceholder(length: Int) -> String? {
    guard !alphabet.isEmpty else { return nil }
    var value = counters[length, default: 0]
    counters[length] = value + 1
    var view = String.UnicodeScalarView()
    for _ in 0..<length {
      view.append(alphabet[value % alphabet.count])
      value /= alphabet.count
    }
    guard value == 0 else { return nil }  // too many placeholders for so short a key
    return String(view)
  }
}

/// Turns a Yams node tree into the kernel's ``ConfigNode`` tree, resolving the aliases that
/// ``PreparedText`` took out by reference and counting every value against ``ConfigLimits``.
struct Converter {
  let file: String
  let originalKeys: [String: String]
  /// The character that stands for the `*` of an alias; `nil` when the file has none.
  let marker: Unicode.Scalar?
  /// Every alias, by the place of its `*`.
  let aliases: [String: PreparedText.AliasSite]
  var problems: [Diagnostic] = []
  /// Values met so far, each alias counted as the values it names.
  private(set) var count = 0
  /// The latest node defined under each anchor name, with the values it holds.
  private var anchors: [String: (node: ConfigNode, size: Int, line: Int, column: Int)] = [:]

  init(
    file: String, originalKeys: [String: String], marker: Unicode.Scalar? = nil,
    aliases: [String: PreparedText.AliasSite] = [:]
  ) {
    self.file = file
    self.originalKeys = originalKeys
    self.marker = marker
    self.aliases = aliases
  }

  mutating func convert(_ node: Yams.Node, keyPath: String, depth: Int) throws(ConfigurationError) -> ConfigNode {
    let location = location(node.mark)
    if let anchor = node.anchor?.rawValue, let defined = anchors[anchor], let mark = node.mark,
      defined.line == mark.line, defined.column == mark.column
    {
      // An alias Yams resolved itself: the very node met before.
      return try reference(defined, at: location)
    }
    let before = count
    count += 1
    if count > ConfigLimits.maxNodes { throw ConfigurationError([tooMany(at: location)]) }
    if depth > ConfigLimits.maxDepth {
      throw ConfigurationError([
        Diagnostic(
          .tooLarge, at: location, keyPath: keyPath,
          message: LocalizedText(
            zh: "嵌套过深：超过 \(ConfigLimits.maxDepth) 层", en: "nested too deep: more than \(ConfigLimits.maxDepth) levels"))
      ])
    }
    let converted: ConfigNode
    switch node {
    case .scalar(let scalar):
      if let marker, scalar.style == .plain, scalar.string.unicodeScalars.first == marker,
        let site = aliases[PreparedText.place(location.line, location.column)]
      {
        count -= 1
        return try resolve(site, at: location, keyPath: keyPath)
      }
      let text = restored(scalar.string)
      if scalar.style == .plain || scalar.style == .any, ["", Tag.Name.null.rawValue].contains(scalar.tag.description),
        ["", "~", "null", "Null", "NULL"].contains(text)
      {
        converted = ConfigNode(.null, at: location)
      } else if text.unicodeScalars.count > ConfigLimits.maxScalarLength && text.count > ConfigLimits.maxScalarLength {
        problems.append(
          Diagnostic(
            .outOfRange, at: location, keyPath: keyPath,
            message: LocalizedText(
              zh: "取值过长：\(text.count)字，上限\(ConfigLimits.maxScalarLength)字",
              en: "value is too long: \(text.count) characters, at most \(ConfigLimits.maxScalarLength)")))
        converted = ConfigNode(.null, at: location)
      } else {
        converted = ConfigNode(.scalar(text), at: location)
      }
    case .sequence(let sequence):
      var items: [ConfigNode] = []
      for (index, item) in sequence.enumerated() {
        items.append(try convert(item, keyPath: KeyPath.index(keyPath, index), depth: depth + 1))
      }
      converted = ConfigNode(.sequence(items), at: location)
    case .mapping(let mapping):
      var entries: [ConfigEntry] = []
      var seen: Set<String> = []
      for (keyNode, valueNode) in mapping {
        let keyLocation = self.location(keyNode.mark)
        guard let written = try keyText(keyNode, at: keyLocation, keyPath: keyPath) else { continue }
        let key = restored(originalKeys[written] ?? written)
        let keyLength = key.count
        guard keyLength <= ConfigLimits.maxKeyLength else {
          problems.append(
            Diagnostic(
              .outOfRange, at: keyLocation, keyPath: keyPath,
              message: LocalizedText(
                zh: "键过长：\(keyLength)字，上限\(ConfigLimits.maxKeyLength)字",
                en: "key is too long: \(keyLength) characters, at most \(ConfigLimits.maxKeyLength)")))
          continue
        }
        let path = KeyPath.join(keyPath, key)
        if !seen.insert(key).inserted {
          problems.append(
            Diagnostic(
              .duplicateKey, at: keyLocation, keyPath: path,
              message: LocalizedText(zh: "键重复出现", en: "key is written twice")))
        }
        entries.append(
          ConfigEntry(
            key: key, keyLocation: keyLocation, value: try convert(valueNode, keyPath: path, depth: depth + 1)))
      }
      converted = ConfigNode(.mapping(entries), at: location)
    case .alias:
      problems.append(
        Diagnostic(
          .syntax, at: location, keyPath: keyPath,
          message: LocalizedText(zh: "不支持的 YAML 别名", en: "unsupported YAML alias")))
      converted = ConfigNode(.null, at: location)
    }
    if let anchor = node.anchor?.rawValue, let mark = node.mark {
      anchors[anchor] = (converted, count - before, mark.line, mark.column)
    }
    return converted
  }

  /// The text of a key, or `nil` (with a problem reported) when the key is not text.
  private mutating func keyText(_ keyNode: Yams.Node, at location: SourceLocation, keyPath: String)
    throws(ConfigurationError)
    -> String?
  {
    if case .scalar(let keyScalar) = keyNode {
      // An alias as a key stands for the text it names.
      if let marker, keyScalar.style == .plain, keyScalar.string.unicodeScalars.first == marker,
        let site = aliases[PreparedText.place(location.line, location.column)]
      {
        return try resolve(site, at: location, keyPath: keyPath).scalar
          ?? notText(at: location, keyPath: keyPath)
      }
      return keyScalar.string
    }
    return notText(at: location, keyPath: keyPath)
  }

  private mutating func notText(at location: SourceLocation, keyPath: String) -> String? {
    problems.append(
      Diagnostic(
        .syntax, at: location, keyPath: keyPath, message: LocalizedText(zh: "键必须是文本", en: "a key must be text")))
    return nil
  }

  /// The node an alias names, counted as the values it holds.
  private mutating func resolve(_ site: PreparedText.AliasSite, at location: SourceLocation, keyPath: String)
    throws(ConfigurationError) -> ConfigNode
  {
    guard let defined = anchors[site.name] else {
      problems.append(
        Diagnostic(
          .syntax, at: location, keyPath: keyPath,
          message: LocalizedText(
            zh: "YAML 别名 `*\(site.name)` 没有对应的锚点 `&\(site.name)`",
            en: "YAML alias `*\(site.name)` names no anchor `&\(site.name)` before it")))
      return ConfigNode(.null, at: location)
    }
    return try reference(defined, at: location)
  }

  private mutating func reference(
    _ defined: (node: ConfigNode, size: Int, line: Int, column: Int), at location: SourceLocation
  ) throws(ConfigurationError) -> ConfigNode {
    count += defined.size
    if count > ConfigLimits.maxNodes { throw ConfigurationError([tooMany(at: location)]) }
    // Problems with the value as a whole point at the alias; those inside it, at the anchor.
    var node = defined.node
    node.location = location
    return node
  }

  private func tooMany(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .tooLarge, at: location, keyPath: "",
      message: LocalizedText(
        zh: "配置展开后超过 \(ConfigLimits.maxNodes) 个值（YAML 别名按其引用的内容计数）；请减少别名的嵌套引用",
        en:
          "the config expands to more than \(ConfigLimits.maxNodes) values (a YAML alias counts as what it names); nest fewer aliases"
      ))
  }

  /// `text` with every alias marker put back to the `*` it stood for (a `*` that was not an alias).
  private func restored(_ text: String) -> String {
    guard let marker, text.unicodeScalars.contains(marker) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == marker ? "*" : $0 }))
  }

  func location(_ mark: Mark?) -> SourceLocation {
    SourceLocation(file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1))
  }
}
