import Foundation

/// A table read from a CSV file, the way agencies' spreadsheets really come: UTF-8 (with or
/// without a BOM), UTF-16 with a BOM or GB18030; quoted fields with commas, quotes and line
/// breaks; CRLF or lone CR; blank and ragged rows. Parsing is ``CSVReader``'s, whose doc comment
/// gives the rule by which a stray quote costs at most its own row.
///
/// Rows that cannot be read are never dropped silently: they are ``malformed``, and
/// ``read(_:displayName:separator:encoding:onBadRow:)`` throws on them unless told to skip
/// (``BadRowPolicy``), in which case ``skippedRows`` gives them as diagnostics.
public struct CSVTable: Sendable {
  /// One data row, with the line it starts on.
  public struct Row: Sendable, Hashable {
    /// Line in the file where the row starts, from 1.
    public var line: Int
    /// Row number among data rows, from 1 (the header is row 0).
    public var number: Int
    /// The fields: unquoted ones without leading and trailing spaces, quoted ones as written.
    public var fields: [String]

    /// A row.
    public init(line: Int, number: Int, fields: [String]) {
      self.line = line
      self.number = number
      self.fields = fields
    }
  }

  /// A row that could not be read: where, and why.
  public struct MalformedRow: Sendable, Hashable {
    /// The file as the user named it.
    public var file: String
    /// The line where the problem is (where the offending quote opened), from 1.
    public var line: Int
    /// Row number among data rows, from 1.
    public var number: Int
    /// The field, from 1.
    public var column: Int
    /// That field's header, when the header has one.
    public var header: String?
    /// Why it could not be read.
    public var reason: CSVReader.Reason

    /// The row as a bad-row diagnostic at `file:line:1`: `第 3 行，列 `名称`：引号未闭合…` /
    /// `row 3, column `title`: quoted field is never closed…`.
    public var diagnostic: Diagnostic {
      var diagnostic = Diagnostic.badRow(
        file: file, line: line, row: number, column: 1, header: header, reason.message)
      diagnostic.keyPath = header ?? ""
      return diagnostic
    }
  }

  /// The header, trimmed.
  public var header: [String]
  /// The data rows, blank rows left out.
  public var rows: [Row]
  /// The file as the user named it.
  public var file: String
  /// The rows that could not be read, in file order (only when read with ``BadRowPolicy/skip``;
  /// with ``BadRowPolicy/stop`` they are thrown).
  public var malformed: [MalformedRow]
  /// Things the user should know that did not stop the read: the encoding was guessed, the file
  /// has no data rows.
  public var warnings: [Diagnostic]
  /// The encoding the file was read in (``CSVEncoding/utf8`` or ``CSVEncoding/gb18030``; UTF-16
  /// files report UTF-8).
  public var encoding: CSVEncoding

  /// A table.
  public init(
    header: [String], rows: [Row], file: String, malformed: [MalformedRow] = [], warnings: [Diagnostic] = [],
    encoding: CSVEncoding = .utf8
  ) {
    self.header = header
    self.rows = rows
    self.file = file
    self.malformed = malformed
    self.warnings = warnings
    self.encoding = encoding
  }

  /// The column index of `name`, matched after trimming.
  public func column(_ name: String) -> Int? {
    header.firstIndex(of: name.trimmingCharacters(in: .whitespaces))
  }

  /// The malformed rows as diagnostics, for a batch's `skipped`.
  public var skippedRows: [Diagnostic] { malformed.map(\.diagnostic) }

  /// Applies `policy` to the malformed rows: ``BadRowPolicy/stop`` throws a ``DataError`` naming
  /// them (the first 20, then how many more; the first is where the first bad row's quote
  /// opened); ``BadRowPolicy/skip`` returns them all as diagnostics to report as skipped.
  public func applying(_ policy: BadRowPolicy) throws -> [Diagnostic] {
    guard !malformed.isEmpty else { return [] }
    guard policy == .stop else { return skippedRows }
    let shown = 20
    var diagnostics = malformed.prefix(shown).map(\.diagnostic)
    if malformed.count > shown {
      diagnostics.append(
        fileProblem(
          LocalizedText(
            zh: "文件 \(file) 另有 \(malformed.count - shown) 行无法读取",
            en: "… and \(malformed.count - shown) more rows of file \(file) cannot be read")))
    }
    throw DataError(diagnostics)
  }

  /// Reads and parses `url` (see ``CSVReader``); `displayName` names it in messages. Malformed
  /// rows are thrown as a ``DataError`` with `onBadRow: .stop`, kept in ``malformed`` with
  /// `.skip`. An empty file, or one whose header cannot be read, is a ``DataError``; a file with
  /// a header but no data rows, or one read as GB18030 by `.auto`, gives a warning.
  public static func read(
    _ url: URL, displayName: String? = nil, separator: Character = ",", encoding: CSVEncoding = .auto,
    onBadRow: BadRowPolicy = .stop
  ) throws -> CSVTable {
    let name = displayName ?? url.path
    let data = try contents(of: url, name: name, prefix: nil)
    return try parse(
      data: data, file: name, separator: separator, encoding: encoding, onBadRow: onBadRow)
  }

  /// Reads the header of `url` only: the first record, from the first bytes of the file. The
  /// table has no rows. It throws as ``read(_:displayName:separator:encoding:onBadRow:)`` does for
  /// an empty file, a header that cannot be read, or one that is not in `encoding`.
  public static func readHeader(
    _ url: URL, displayName: String? = nil, separator: Character = ",", encoding: CSVEncoding = .auto
  ) throws -> CSVTable {
    let name = displayName ?? url.path
    var size = 64 * 1024
    while true {
      let data = try contents(of: url, name: name, prefix: size)
      let complete = data.count < size
      do {
        let (table, readAll) = try decodeAndParse(
          data: data, file: name, separator: separator, encoding: encoding, maxRecords: 1, complete: complete)
        // Unless the header ended before the bytes read did, it may go on past them.
        if complete || !readAll {
          return CSVTable(
            header: table.header, rows: [], file: name, warnings: table.warnings, encoding: table.encoding)
        }
      } catch {
        if complete { throw error }
      }
      size *= 4
    }
  }

  /// Parses CSV text (see ``CSVReader``), as ``read(_:displayName:separator:encoding:onBadRow:)``
  /// does a file's bytes.
  public static func parse(
    _ text: String, file: String, separator: Character = ",", onBadRow: BadRowPolicy = .stop
  ) throws -> CSVTable {
    try parse(data: Data(text.utf8), file: file, separator: separator, encoding: .utf8, onBadRow: onBadRow)
  }

  /// Parses CSV bytes in `encoding`.
  public static func parse(
    data: Data, file: String, separator: Character = ",", encoding: CSVEncoding = .auto,
    onBadRow: BadRowPolicy = .stop, strictQuotes: Bool = false
  ) throws -> CSVTable {
    var (table, _) = try decodeAndParse(
      data: data, file: file, separator: separator, encoding: encoding, maxRecords: .max, complete: true,
      strictQuotes: strictQuotes)
    _ = try table.applying(onBadRow)
    if table.rows.isEmpty && table.malformed.isEmpty {
      table.warnings.append(
        table.fileProblem(
          LocalizedText(zh: "文件 \(file) 只有表头，没有数据行", en: "file \(file) has a header but no data rows")))
    }
    return table
  }

  private static func contents(of url: URL, name: String, prefix: Int?) throws -> Data {
    do {
      guard let prefix else { return try Data(contentsOf: url, options: .alwaysMapped) }
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      return try handle.read(upToCount: prefix) ?? Data()
    } catch {
      throw DataError([
        Diagnostic(
          .missingFile, at: SourceLocation(file: name, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "无法读取文件：\(error.localizedDescription)", en: "cannot read file: \(error.localizedDescription)"))
      ])
    }
  }

  /// Decodes `data` and parses it; returns the table (malformed rows not yet applied) and where
  /// parsing stopped in the UTF-8 bytes.
  private static func decodeAndParse(
    data: Data, file: String, separator: Character, encoding: CSVEncoding, maxRecords: Int, complete: Bool,
    strictQuotes: Bool = false
  ) throws -> (CSVTable, readAll: Bool) {
    guard let sep = separator.asciiValue, sep != UInt8(ascii: "\""), sep != 0x0A, sep != 0x0D else {
      throw DataError([
        Diagnostic(
          .invalidValue, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "分隔符 `\(separator)` 不可用：应为引号和换行以外的 ASCII 字符",
            en:
              "separator `\(separator)` cannot be used: it must be an ASCII character other than a quote or line break")
        )
      ])
    }
    var reader = CSVReader(separator: sep, strictQuotes: strictQuotes, maxRecords: maxRecords)
    var warnings: [Diagnostic] = []
    var used = CSVEncoding.utf8
    var parsed: CSVReader.Parsed
    var readAll = true
    let bom = Array(data.prefix(3))
    if bom.starts(with: [0xFF, 0xFE]) || bom.starts(with: [0xFE, 0xFF]) {
      // UTF-16 (a byte-order mark says so): rare enough to decode through Foundation.
      let text = String(data: complete ? data : data.prefix(data.count & ~1), encoding: .utf16) ?? ""
      reader.checksUTF8 = false
      let bytes = Array(text.utf8)
      parsed = reader.parse(bytes)
      readAll = parsed.end >= bytes.count
    } else if encoding == .gb18030 || (encoding == .auto && !bom.starts(with: [0xEF, 0xBB, 0xBF])) {
      if encoding == .auto {
        reader.stopAtInvalidUTF8 = true
        parsed = data.withUnsafeBytes { reader.parse($0.bindMemory(to: UInt8.self)) }
        readAll = parsed.end >= data.count
      } else {
        parsed = CSVReader.Parsed(header: nil, rows: [], malformed: [], end: 0, stoppedAtInvalidUTF8: true)
      }
      if parsed.stoppedAtInvalidUTF8 {
        let converted = data.withUnsafeBytes { GB18030.utf8(from: $0.bindMemory(to: UInt8.self), complete: complete) }
        guard let converted else {
          throw DataError([
            Diagnostic(
              .badRow, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
              message: LocalizedText(
                zh: "本机无法解码 GB18030（iconv 不可用）", en: "GB18030 cannot be decoded on this machine (iconv is unavailable)")
            )
          ])
        }
        reader.stopAtInvalidUTF8 = false
        if encoding == .auto && converted.invalid > 0 {
          // Neither UTF-8 nor GB18030 throughout: most likely UTF-8 with a few broken rows, which
          // are then reported as such rather than the whole file read wrongly.
          reader.checksUTF8 = true
          parsed = data.withUnsafeBytes { reader.parse($0.bindMemory(to: UInt8.self)) }
          readAll = parsed.end >= data.count
        } else {
          reader.checksUTF8 = false
          parsed = reader.parse(converted.bytes)
          readAll = parsed.end >= converted.bytes.count
          used = .gb18030
        }
        if encoding == .auto && used == .gb18030 {
          warnings.append(
            Diagnostic(
              .badRow, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
              message: LocalizedText(
                zh: "文件 \(file) 不是 UTF-8 编码，已按 GB18030（GBK）读取；若不对，请在 encoding 中指明编码",
                en: "file \(file) is not UTF-8 and was read as GB18030 (GBK); if that is wrong, set `encoding`")))
        }
        if let line = converted.firstInvalidLine, complete, used == .gb18030 {
          warnings.append(
            Diagnostic(
              .badRow, at: SourceLocation(file: file, line: line, column: 1), keyPath: "",
              message: LocalizedText(
                zh: "文件 \(file) 中有 \(converted.invalid) 个字节不是 GB18030，已替换为 �（第一个在第 \(line) 行）",
                en:
                  "\(converted.invalid) bytes of file \(file) are not GB18030 and were replaced by � (the first on line \(line))"
              )))
        }
      }
    } else {
      parsed = data.withUnsafeBytes { reader.parse($0.bindMemory(to: UInt8.self)) }
      readAll = parsed.end >= data.count
    }
    guard let header = parsed.header else {
      if let first = parsed.malformed.first, first.number == 0 {
        let message =
          first.reason == .invalidUTF8
          ? LocalizedText(
            zh: "文件 \(file) 的表头含有不是 UTF-8 的字节：文件可能是 GB18030（GBK）编码，请设 encoding: gb18030 或 auto",
            en:
              "the header of file \(file) holds bytes that are not UTF-8: the file may be GB18030 (GBK); set encoding: gb18030 or auto"
          )
          : LocalizedText(
            zh: "文件 \(file) 的表头无法读取：\(first.reason.message.zh)",
            en: "the header of file \(file) cannot be read: \(first.reason.message.en)")
        throw DataError([
          Diagnostic(
            .badRow, at: SourceLocation(file: file, line: first.line, column: 1), keyPath: "", message: message)
        ])
      }
      throw DataError([
        Diagnostic(
          .badRow, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
          message: LocalizedText(zh: "文件 \(file) 为空：没有表头行", en: "file \(file) is empty: no header row"))
      ])
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    let malformed = parsed.malformed.map { row in
      MalformedRow(
        file: file, line: row.line, number: row.number, column: row.column,
        header: row.column - 1 < names.count && !names[row.column - 1].isEmpty ? names[row.column - 1] : nil,
        reason: row.reason)
    }
    let table = CSVTable(
      header: names, rows: parsed.rows, file: file, malformed: malformed, warnings: warnings, encoding: used)
    return (table, readAll)
  }
}

/// What to do with a data row that cannot be read: the `on_bad_row` parameter.
public enum BadRowPolicy: String, Sendable, Hashable, CaseIterable {
  /// Stop the run with an error naming the row.
  case stop
  /// Skip the row and report it.
  case skip
}

/// Writes CSV that spreadsheet programs open correctly with Chinese text (UTF-8 with a BOM).
public enum CSVWriter {
  /// The file's text: header, then rows, CRLF line ends, fields quoted when needed.
  public static func text(header: [String], rows: [[String]], byteOrderMark: Bool = true) -> String {
    String(decoding: data(header: header, rows: rows, byteOrderMark: byteOrderMark), as: UTF8.self)
  }

  /// The file's bytes, built without going through `String` concatenation: what a run writes.
  /// `rows` may be lazy (`decisions.lazy.map { … }`): each row is made, written and let go.
  public static func data(header: [String], rows: some Sequence<[String]>, byteOrderMark: Bool = true) -> Data {
    var out = Data()
    out.reserveCapacity(64 + rows.underestimatedCount * 96)
    var line: [UInt8] = []
    if byteOrderMark { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    append(header, to: &line)
    out.append(contentsOf: line)
    for row in rows {
      line.removeAll(keepingCapacity: true)
      append(row, to: &line)
      out.append(contentsOf: line)
    }
    return out
  }

  private static func append(_ row: [String], to out: inout [UInt8]) {
    for (index, field) in row.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      appendField(field, to: &out)
    }
    endRow(&out)
  }

  /// Appends one field, quoted when it holds a comma, quote or line break.
  static func appendField(_ field: String, to out: inout [UInt8]) {
    var field = field
    field.withUTF8 { bytes in
      let needsQuotes = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
      guard needsQuotes else {
        out.append(contentsOf: bytes)
        return
      }
      out.append(0x22)
      for byte in bytes {
        if byte == 0x22 { out.append(0x22) }
        out.append(byte)
      }
      out.append(0x22)
    }
  }

  /// Ends a row (CRLF).
  static func endRow(_ out: inout [UInt8]) {
    out.append(0x0D)
    out.append(0x0A)
  }

  /// Quotes a field that holds a comma, quote or line break.
  public static func escape(_ field: String) -> String {
    if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return field
  }
}

/// Text helpers the CSV reader and plugins share.
extension String {
  /// The text without leading and trailing white space: ASCII spaces, tabs and line breaks, the
  /// no-break space and the full-width (ideographic) space. Works on the UTF-8 bytes and returns
  /// the string itself when there is nothing to trim, so it is cheap on the hot path of a reader.
  public func trimmingWhitespace() -> String {
    var copy = self
    return copy.withUTF8 { bytes -> String? in
      var start = 0
      var end = bytes.count
      func width(at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return 3 }
        return 0
      }
      while start < end {
        let step = width(at: start)
        if step == 0 { break }
        start += step
      }
      while end > start {
        let byte = bytes[end - 1]
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C {
          end -= 1
        } else if byte == 0xA0, end - 2 >= start, bytes[end - 2] == 0xC2 {
          end -= 2
        } else if byte == 0x80, end - 3 >= start, bytes[end - 2] == 0x80, bytes[end - 3] == 0xE3 {
          end -= 3
        } else {
          break
        }
      }
      if start == 0 && end == bytes.count { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    } ?? self
  }
}

/// A CSV file written field by field, for tables of 100,000s of rows: no `[String]` is made per
/// row; each row is put together in one reused buffer and then added to the file's bytes.
struct CSVRowWriter {
  /// The file's bytes so far.
  private(set) var data = Data()
  private var line: [UInt8] = []
  private var fields = 0

  /// Starts a file with `header` (and the byte-order mark), room made for about `capacity` bytes.
  init(header: [String], byteOrderMark: Bool = true, capacity: Int) {
    data.reserveCapacity(64 + capacity)
    if byteOrderMark { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    for name in header { field(name) }
    endRow()
  }

  /// Adds a field to the row, quoted when needed.
  mutating func field(_ text: String) {
    if fields > 0 { line.append(UInt8(ascii: ",")) }
    CSVWriter.appendField(text, to: &line)
    fields += 1
  }

  /// Adds a whole number to the row.
  mutating func field(_ value: Int) {
    if (0..<10).contains(value) {
      if fields > 0 { line.append(UInt8(ascii: ",")) }
      line.append(UInt8(ascii: "0") + UInt8(value))
      fields += 1
    } else {
      field(String(value))
    }
  }

  /// Ends the row and adds it to the file.
  mutating func endRow() {
    CSVWriter.endRow(&line)
    data.append(contentsOf: line)
    line.removeAll(keepingCapacity: true)
    fields = 0
  }
}
