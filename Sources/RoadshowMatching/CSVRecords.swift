import Foundation
import RoadshowKernel

/// Where in a CSV file something went wrong, and what.
///
/// `row` is the 1-based line number where the record starts (the header is line 1), so it matches
/// what an editor shows even when a quoted field spans lines; 0 when the error concerns the whole
/// file (it is missing or cannot be read). `column` is the 1-based field index, `columnName` the
/// header name when known.
///
/// ``description`` is English; ``message(chinese:)`` gives the same text in Chinese or English.
public struct CSVInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read at all.
    case unreadable(String)
    /// No file at this path (as given by the caller).
    case fileNotFound(path: String)
    /// The path names a folder where a file was expected.
    case notAFile(path: String)
    /// No folder at this path; `expected` lists the files it should hold.
    case folderNotFound(path: String, expected: [String])
    /// The path names a file where a folder was expected; `expected` lists the files it should hold.
    case notAFolder(path: String, expected: [String])
    /// The file has no header row.
    case empty
    /// A byte sequence that is not UTF-8.
    case invalidUTF8
    /// A quoted field runs to the end of the file.
    case unterminatedQuote
    /// A quote character inside an unquoted field, or text after a closing quote.
    case unexpectedQuote
    /// The header lacks a column the loader needs.
    case missingColumn(String)
    /// A record has a different number of fields than the header.
    case wrongFieldCount(expected: Int, found: Int)
    /// A field's value has the wrong shape.
    case invalidValue(expected: Expectation, found: String)
    /// The file has another number of records than it must.
    case wrongRecordCount(expected: Int, found: Int)
    /// An identifier appears twice.
    case duplicateID(String)
    /// A record refers to an identifier that is not defined.
    case unknownReference(String)
  }

  /// What a field should have held, for ``Kind/invalidValue(expected:found:)``, in words in both
  /// languages. A string literal is a description used as is in both.
  public enum Expectation: Equatable, Sendable, ExpressibleByStringLiteral {
    /// An integer in a range.
    case integer(ClosedRange<Int>)
    /// One of a few words.
    case oneOf([String])
    /// Slot numbers in `1…slots`, separated by `;` (may be empty).
    case slotList(slots: Int)
    /// A non-empty identifier.
    case nonEmptyID
    /// A description in the caller's words, shown as is in both languages.
    case described(String)

    /// A description used as is in both languages.
    public init(stringLiteral value: String) { self = .described(value) }

    /// The expectation in words: Chinese or English.
    public func message(chinese: Bool) -> String {
      switch self {
      case .integer(let range):
        chinese
          ? "\(range.lowerBound)…\(range.upperBound) 之间的整数" : "an integer in \(range.lowerBound)…\(range.upperBound)"
      case .oneOf(let words):
        chinese ? words.joined(separator: " 或 ") : CSVInputError.list(words, conjunction: "or")
      case .slotList(let slots):
        chinese ? "以“;”分隔的时段编号（1…\(slots)）" : "slot numbers 1…\(slots) separated by ';'"
      case .nonEmptyID: chinese ? "非空的编号" : "a non-empty id"
      case .described(let text): text
      }
    }
  }

  /// The file's name as given to the parser (usually the last path component).
  public let file: String
  /// 1-based line number where the offending record starts; 0 for the whole file.
  public let row: Int
  /// 1-based field index, when the error concerns one field.
  public let column: Int?
  /// Header name of that field, when known.
  public let columnName: String?
  /// What is wrong.
  public let kind: Kind

  /// Creates an error at a location.
  public init(file: String, row: Int, column: Int? = nil, columnName: String? = nil, kind: Kind) {
    self.file = file
    self.row = row
    self.column = column
    self.columnName = columnName
    self.kind = kind
  }

  /// `file:row:column (name): message`, the way compilers report positions, in English; a missing
  /// file or folder is named by its path alone.
  public var description: String { message(chinese: false) }

  /// The error in words. English: `file:row:column (name): message`, as ``description``.
  /// Chinese: `文件 file 第 row 行第 column 列（name）：message`. A missing file or folder is named
  /// by its path alone, in both.
  public func message(chinese: Bool) -> String {
    let text = Self.text(kind, chinese: chinese)
    switch kind {
    case .fileNotFound, .notAFile, .folderNotFound, .notAFolder: return text
    default: break
    }
    if chinese {
      var place = "文件 \(file)"
      if row > 0 { place += " 第 \(row) 行" }
      if let column { place += "\(row > 0 ? "" : " ")第 \(column) 列" }
      if let columnName { place += "（\(columnName)）" }
      return "\(place)：\(text)"
    }
    var place = file
    if row > 0 { place += ":\(row)" }
    if let column { place += ":\(column)" }
    if let columnName { place += " (\(columnName))" }
    return "\(place): \(text)"
  }

  private static func text(_ kind: Kind, chinese: Bool) -> String {
    switch kind {
    case .unreadable(let reason):
      return chinese ? "无法读取文件：\(reason)" : "cannot read file: \(reason)"
    case .fileNotFound(let path):
      return chinese ? "找不到文件 \(path)" : "no such file: \(path)"
    case .notAFile(let path):
      return chinese ? "\(path) 是文件夹，不是文件" : "\(path) is a folder, not a file"
    case .folderNotFound(let path, let expected):
      return chinese
        ? "找不到文件夹 \(path)\(holding(expected, chinese: true))"
        : "no such folder: \(path)\(holding(expected, chinese: false))"
    case .notAFolder(let path, let expected):
      return chinese
        ? "\(path) 是文件，不是文件夹\(holding(expected, chinese: true))"
        : "\(path) is a file, not a folder\(holding(expected, chinese: false))"
    case .empty:
      return chinese ? "文件为空，应有一行表头（列名）" : "the file is empty; expected a header row"
    case .invalidUTF8:
      return chinese ? "文本不是有效的 UTF-8 编码（请以 UTF-8 保存）" : "the text is not valid UTF-8"
    case .unterminatedQuote:
      return chinese ? "以引号开始的字段直到文件末尾仍未闭合" : "a quoted field is not closed before the end of the file"
    case .unexpectedQuote:
      return chinese
        ? "引号位置不对（应给整个字段加引号，字段内的引号写两遍）"
        : "a quote character is misplaced (quote the whole field and double inner quotes)"
    case .missingColumn(let name):
      return chinese ? "表头缺少“\(name)”列" : "the header has no column named \"\(name)\""
    case .wrongFieldCount(let expected, let found):
      return chinese ? "应有 \(expected) 个字段，实际 \(found) 个" : "expected \(expected) fields, found \(found)"
    case .invalidValue(let expected, let found):
      let wanted = expected.message(chinese: chinese)
      if chinese {
        let space = wanted.first?.isASCII == true ? " " : ""
        return "应为\(space)\(wanted)，" + (found.isEmpty ? "实际为空" : "实际为“\(found)”")
      }
      return "expected \(wanted), found \"\(found)\""
    case .wrongRecordCount(let expected, let found):
      return chinese
        ? "应恰好有 \(expected) 条记录，实际 \(found) 条"
        : "expected exactly \(expected == 1 ? "one record" : "\(expected) records"), found \(found)"
    case .duplicateID(let id):
      return chinese ? "编号“\(id)”出现了不止一次" : "the id \"\(id)\" appears more than once"
    case .unknownReference(let id):
      return chinese ? "“\(id)”未定义" : "\"\(id)\" is not defined"
    }
  }

  /// ` (it should hold a, b and c)` / `（应包含 a、b 和 c）`, or nothing for an empty list.
  private static func holding(_ files: [String], chinese: Bool) -> String {
    guard !files.isEmpty else { return "" }
    if chinese {
      let head = files.dropLast().joined(separator: "、")
      return "（应包含 \(files.count > 1 ? head + " 和 " : "")\(files[files.count - 1])）"
    }
    return " (it should hold \(list(files, conjunction: "and")))"
  }

  /// `a`, `a or b`, `a, b or c`.
  fileprivate static func list(_ words: [String], conjunction: String) -> String {
    guard let last = words.last else { return "" }
    if words.count == 1 { return last }
    return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
  }
}

/// A parsed RFC 4180 CSV file: a header and the records under it, all fields as strings.
///
/// Accepts a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with doubled quotes and
/// embedded line breaks. Blank lines are skipped. Every record must have as many fields as the header.
public struct CSVRecords: Sendable {
  /// The file name used in error messages.
  public let file: String
  /// The header row.
  public let header: [String]
  /// The data records, each with `header.count` fields.
  public let records: [[String]]
  /// For each record, the 1-based line number where it starts.
  public let lineNumbers: [Int]

  /// Parses CSV bytes (UTF-8) with the kernel's ``CSVReader``, strictly: a misplaced quote, an
  /// unclosed one, bytes that are not UTF-8 or a record with another number of fields than the
  /// header is an error at its row. `file` names the source in errors.
  public init(data: Data, file: String) throws(CSVInputError) {
    self.file = file
    let reader = CSVReader(strictQuotes: true)
    let parsed = data.withUnsafeBytes { reader.parse($0.bindMemory(to: UInt8.self)) }
    var rows = parsed.rows
    if let header = parsed.header { rows.insert(header, at: 0) }
    if let bad = parsed.malformed.first {
      // The first problem in file order: a malformed record, unless a ragged row comes before it.
      let ragged = rows.dropFirst().first { $0.fields.count != rows[0].fields.count && $0.number < bad.number }
      if ragged == nil {
        let kind: CSVInputError.Kind
        switch bad.reason {
        case .unterminatedQuote: kind = .unterminatedQuote
        case .textAfterQuote, .unexpectedQuote: kind = .unexpectedQuote
        case .invalidUTF8: kind = .invalidUTF8
        case .fieldCount(let expected, let found): kind = .wrongFieldCount(expected: expected, found: found)
        }
        let column: Int? = if case .fieldCount = bad.reason { nil } else { bad.column }
        throw CSVInputError(file: file, row: bad.line, column: column, kind: kind)
      }
    }
    guard let first = rows.first else { throw CSVInputError(file: file, row: 1, kind: .empty) }
    header = first.fields
    for row in rows.dropFirst() where row.fields.count != first.fields.count {
      throw CSVInputError(
        file: file, row: row.line, kind: .wrongFieldCount(expected: first.fields.count, found: row.fields.count))
    }
    records = rows.dropFirst().map(\.fields)
    lineNumbers = rows.dropFirst().map(\.line)
  }

  /// Parses CSV text.
  public init(text: String, file: String) throws(CSVInputError) {
    try self.init(data: Data(text.utf8), file: file)
  }

  /// Reads and parses a file; errors name the file by its last path component, and a missing
  /// file by its path as given (``CSVInputError/Kind/fileNotFound(path:)``).
  public init(contentsOf url: URL) throws(CSVInputError) {
    let name = url.lastPathComponent
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      var isFolder: ObjCBool = false
      if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
        throw CSVInputError(file: name, row: 0, kind: .fileNotFound(path: url.relativePath))
      }
      if isFolder.boolValue { throw CSVInputError(file: name, row: 0, kind: .notAFile(path: url.relativePath)) }
      throw CSVInputError(file: name, row: 0, kind: .unreadable(error.localizedDescription))
    }
    try self.init(data: data, file: name)
  }

  /// The index of a header column, or an error naming the missing column.
  public func columnIndex(_ name: String) throws(CSVInputError) -> Int {
    guard let index = header.firstIndex(of: name) else {
      throw CSVInputError(file: file, row: 1, kind: .missingColumn(name))
    }
    return index
  }

  /// An error located at one field of one record.
  public func error(record: Int, column: Int, _ kind: CSVInputError.Kind) -> CSVInputError {
    CSVInputError(
      file: file, row: lineNumbers[record], column: column + 1,
      columnName: header.indices.contains(column) ? header[column] : nil, kind: kind)
  }

  /// Parses an integer field in `range`, or throws an error naming the row and column.
  public func integer(record: Int, column: Int, in range: ClosedRange<Int>) throws(CSVInputError) -> Int {
    let text = records[record][column].trimmedSpaces
    guard let value = Int(text), range.contains(value) else {
      throw error(
        record: record, column: column,
        .invalidValue(expected: .integer(range), found: text))
    }
    return value
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs (cheap when there are none).
  var trimmedSpaces: String {
    let utf8 = self.utf8
    guard let first = utf8.first, let last = utf8.last else { return self }
    if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return self }
    return String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}

/// Writes RFC 4180 CSV: fields holding a comma, quote or line break are quoted, quotes doubled,
/// lines end with LF.
public enum CSVText {
  /// One CSV line (without the line end).
  public static func line(_ fields: [String]) -> String {
    fields.map(escape).joined(separator: ",")
  }

  /// A whole CSV document: the header, then each row, each line ending in LF.
  public static func document(header: [String], rows: [[String]]) -> String {
    var text = line(header) + "\n"
    for row in rows { text += line(row) + "\n" }
    return text
  }

  /// Quotes a field if it needs it.
  public static func escape(_ field: String) -> String {
    guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
