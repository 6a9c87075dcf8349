import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an English-speaking user meets: every sample run with `locale: en` writes outputs in which
/// the only Chinese is the records' own text. Whatever the inputs contain (every cell of the CSV
/// files the config names, every scalar of the config) is taken out of each output line first;
/// any CJK character or full-width punctuation left over is Roadshow's own and is reported with
/// its file and line. A piece of record text that an English sentence quotes (“玉米”, the keyword
/// that classified a title; “大连”, the place found in an institution's name) is the record's own
/// text too: text between “ and ” that occurs in some input is taken out as well.
@Suite struct EnglishOutputTests {
  /// `--lang en` only changes messages, not reports: the test runs an English copy of each config,
  /// written next to the original so that its relative paths resolve.
  @Test(arguments: sampleConfigs)
  func englishRunOfEverySampleHasNoChineseOfItsOwn(path: String) async throws {
    let original = repository.appendingPathComponent(path)
    let copy = original.deletingPathExtension().appendingPathExtension("en-test.yaml")
    let text = try String(contentsOf: original, encoding: .utf8)
    try EnglishCheck.englishConfig(text).write(to: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: copy) }

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-en-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let (status, err) = try await launch([
      "run", copy.path, "--out", out.path, "--db", folder.appendingPathComponent("library.sqlite").path, "--quiet",
    ])
    #expect(status == 0, "\(err)")
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("run.json")))
    #expect(record.locale == .en)

    var inputs = try EnglishCheck.inputStrings(config: copy)
    for finding in try EnglishCheck.findings(in: out, inputs: &inputs) {
      Issue.record("\(path) → \(finding)")
    }
  }

  @Test func findsRoadshowsOwnChineseButNotTheRecords() {
    var inputs = EnglishCheck.Inputs(["在传统制造结构件上增材制造精细结构", "中国第二重型机械集团公司"])
    #expect(inputs.leftover(in: "1. 在传统制造结构件上增材制造精细结构 (中国第二重型机械集团公司, TRL 6)") == "")
    #expect(inputs.leftover(in: "1. 在传统制造结构件上增材制造精细结构（中国第二重型机械集团公司，TRL 6）") == "（，）")
    #expect(inputs.leftover(in: "项目 在传统制造结构件上增材制造精细结构") == "项目")
    #expect(inputs.leftover(in: "score：12") == "：")
    // A quoted piece of a record's text is the record's; an unquoted one, or a quoted word no
    // input has, is not.
    #expect(inputs.leftover(in: "keyword “增材制造” in the title") == "")
    #expect(inputs.leftover(in: "keyword 增材制造 in the title") == "增材制造")
    #expect(inputs.leftover(in: "keyword “农业” in the title") == "农业")
    #expect(inputs.leftover(in: "“增材”、“制造”") == "、")
  }

  @Test func htmlIsReadAsTheTextItShows() {
    #expect(
      EnglishCheck.unescapeHTML("机器人&amp;控制 &lt;b&gt; &quot;a&quot; &#39;b&#39; &amp;lt;")
        == "机器人&控制 <b> \"a\" 'b' &lt;")
    var inputs = EnglishCheck.Inputs(["机器人&控制"])
    #expect(inputs.leftover(in: EnglishCheck.unescapeHTML("<td>机器人&amp;控制</td>")) == "")
  }

  @Test func englishConfigReplacesOrAddsTheLocale() {
    #expect(EnglishCheck.englishConfig("a: 1\nlocale: zh-CN   # or en\nb: 2\n") == "a: 1\nlocale: en\nb: 2\n")
    #expect(EnglishCheck.englishConfig("# comment\na: 1\n") == "locale: en\n# comment\na: 1\n")
  }
}

/// The pieces of ``EnglishOutputTests``: the English copy of a config, the strings its inputs
/// contain, and the search of an output folder.
enum EnglishCheck {
  /// `text` with its top-level `locale:` line set to `en` (added at the top when missing).
  static func englishConfig(_ text: String) -> String {
    var lines = text.components(separatedBy: "\n")
    if let index = lines.firstIndex(where: { $0.hasPrefix("locale:") }) {
      lines[index] = "locale: en"
      return lines.joined(separator: "\n")
    }
    return "locale: en\n" + text
  }

  /// A character of Roadshow's own Chinese when no input contains it: CJK ideographs, CJK symbols
  /// and punctuation (，。、「」…), full-width forms (（）：；，).
  static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FFFF: true
    default: false
    }
  }

  /// Every string the inputs contain, indexed by first character for a scan of each output line.
  struct Inputs {
    private var byFirst: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    /// Every input string, UTF-8, separated by a byte no text has and ended by a zero, for quoted
    /// pieces.
    private var haystack: [UInt8] = []
    /// Whether a quoted piece occurs in the inputs, as found so far.
    private var quoted: [String: Bool] = [:]

    init(_ strings: some Sequence<String>) {
      var all = Set<String>()
      for string in strings {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { continue }
        all.insert(trimmed)
        // Lists in one cell (`玉米;大豆`, `a、b`) come out as their parts.
        for part in trimmed.split(whereSeparator: { ";；、,，/|".contains($0) }) {
          let piece = part.trimmingCharacters(in: .whitespaces)
          if !piece.isEmpty { all.insert(piece) }
        }
      }
      for string in all.sorted() where string.unicodeScalars.contains(where: EnglishCheck.isChinese) {
        haystack += Array(string.utf8) + [1]
      }
      haystack.append(0)
      for string in all.sorted(by: { $0.unicodeScalars.count > $1.unicodeScalars.count }) {
        let scalars = Array(string.unicodeScalars)
        guard let first = scalars.first, scalars.contains(where: EnglishCheck.isChinese) else { continue }
        byFirst[first, default: []].append(scalars)
      }
    }

    /// Whether `piece` occurs in some input string.
    private mutating func occurs(_ piece: String) -> Bool {
      if let known = quoted[piece] { return known }
      let needle = Array(piece.utf8) + [0]
      let found = haystack.withUnsafeBufferPointer { hay in
        needle.withUnsafeBufferPointer { text in
          hay.withMemoryRebound(to: CChar.self) { hay in
            text.withMemoryRebound(to: CChar.self) { text in
              guard let hay = hay.baseAddress, let text = text.baseAddress else { return false }
              return strstr(hay, text) != nil
            }
          }
        }
      }
      quoted[piece] = found
      return found
    }

    /// The Chinese characters of `line` that no input string covers, in order.
    mutating func leftover(in line: String) -> String {
      let scalars = Array(line.unicodeScalars)
      guard scalars.contains(where: EnglishCheck.isChinese) else { return "" }
      var covered = [Bool](repeating: false, count: scalars.count)
      for index in scalars.indices {
        for candidate in byFirst[scalars[index]] ?? []
        where index + candidate.count <= scalars.count
          && scalars[index..<index + candidate.count].elementsEqual(candidate)
        {
          for position in index..<index + candidate.count { covered[position] = true }
          break
        }
      }
      var open: Int?
      for (index, scalar) in scalars.enumerated() {
        if scalar == "“" {
          open = index
        } else if scalar == "”", let start = open {
          open = nil
          let piece = String(String.UnicodeScalarView(scalars[(start + 1)..<index]))
          if !piece.isEmpty, occurs(piece) {
            for position in start...index { covered[position] = true }
          }
        }
      }
      var rest = String.UnicodeScalarView()
      for (index, scalar) in scalars.enumerated() where !covered[index] && EnglishCheck.isChinese(scalar) {
        rest.append(scalar)
      }
      return String(rest)
    }
  }

  /// Every scalar of the config and every header and cell of the CSV files (and every string of
  /// the JSON files) it names.
  static func inputStrings(config: URL) throws -> Inputs {
    let document = try ConfigLoader.read(path: config.path)
    var scalars: [String] = []
    func walk(_ node: ConfigNode?) {
      guard let node else { return }
      switch node.content {
      case .scalar(let text): scalars.append(text)
      case .null: break
      case .sequence(let items): for item in items { walk(item) }
      case .mapping(let entries): for entry in entries { walk(entry.value) }
      }
    }
    walk(document.root)
    var strings = scalars
    let base = config.deletingLastPathComponent()
    for scalar in Set(scalars) where !scalar.isEmpty && !scalar.contains("\n") {
      let file = URL(fileURLWithPath: scalar, relativeTo: base).standardizedFileURL
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else {
        continue
      }
      switch file.pathExtension.lowercased() {
      case "csv", "tsv", "txt":
        let table = try CSVTable.read(
          file, separator: file.pathExtension.lowercased() == "tsv" ? "\t" : ",", onBadRow: .skip)
        strings += table.header
        for row in table.rows { strings += row.fields }
      case "json":
        strings += jsonStrings(try JSONSerialization.jsonObject(with: Data(contentsOf: file)), skippingKey: nil)
      default:
        // A program the config runs (an external screening plugin): its string literals.
        guard let source = try? String(contentsOf: file, encoding: .utf8) else { continue }
        let literal = try Regex(#""([^"\n]*)"|'([^'\n]*)'"#)
        strings += source.matches(of: literal).compactMap { match in
          (match.output[1].substring ?? match.output[2].substring).map(String.init)
        }
      }
    }
    return Inputs(strings)
  }

  /// The strings of a JSON value, keys included, without the values under `skippingKey`.
  static func jsonStrings(_ value: Any, skippingKey: String?) -> [String] {
    switch value {
    case let text as String: [text]
    case let list as [Any]: list.flatMap { jsonStrings($0, skippingKey: skippingKey) }
    case let object as [String: Any]:
      object.flatMap { key, value in key == skippingKey ? [] : [key] + jsonStrings(value, skippingKey: skippingKey) }
    default: []
    }
  }

  /// `text` with the character references ``HTMLReport/escape(_:)`` writes turned back.
  static func unescapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// `file:line: leftover — line` for every output line with Chinese no input accounts for.
  /// `run.json` keeps every text in both languages by design (`{"zh": …, "en": …}`): its `zh`
  /// values are left out.
  static func findings(in folder: URL, inputs: inout Inputs) throws -> [String] {
    var findings: [String] = []
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
    let files = walker.compactMap { $0 as? URL }.filter { ["csv", "md", "json", "html"].contains($0.pathExtension) }
    for file in files.sorted(by: { $0.path < $1.path }) {
      let name = String(file.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
      if file.pathExtension == "json" {
        let value = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        for string in Set(jsonStrings(value, skippingKey: "zh")).sorted() {
          let rest = inputs.leftover(in: string)
          if !rest.isEmpty { findings.append("\(name): \(rest) — \(string.prefix(160))") }
        }
        continue
      }
      // CSV rows end in CRLF, which a `Character` holds as one: split on scalars.
      var text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
      // HTML escapes what the inputs contain (`R&D` is `R&amp;D`): read it as text.
      if file.pathExtension == "html" { text = unescapeHTML(text) }
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        // A quote inside a CSV field is written twice (`"银屑病""新血证论"""`): read it once.
        let field = file.pathExtension == "csv" ? line.replacingOccurrences(of: "\"\"", with: "\"") : String(line)
        let rest = inputs.leftover(in: field)
        if !rest.isEmpty { findings.append("\(name):\(index + 1): \(rest) — \(line.prefix(160))") }
      }
    }
    return findings
  }
}
