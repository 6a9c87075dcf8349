import Foundation

/// Where in a CSV file something went wrong, and what.
///
/// `row` is the 1-based line number where the record starts (the header is line 1), so it matches
/// what an editor shows even when a quoted field spans lines. `column` is the 1-based field index,
/// `columnName` the header name when known.
public struct CSVInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read at all.
    case unreadable(String)
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
    case invalidValue(expected: String, found: String)
    /// An identifier appears twice.
    case duplicateID(String)
    /// A record refers to an identifier that is not defined.
    case unknownReference(String)
  }

  /// The file's name as given to the parser (usually the last path component).
  public let file: String
  /// 1-based line number where the offending record starts.
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

  /// `file:row:column (name): message`, the way compilers report positions.
  public var description: String {
    var place = "\(file):\(row)"
    if let column { place += ":\(column)" }
    if let columnName { place += " (\(columnName))" }
    let message: String
    switch kind {
    case .unreadable(let reason): message = "cannot read file: \(reason)"
    case .empty: message = "the file is empty; expected a header row"
    case .invalidUTF8: message = "the text is not valid UTF-8"
    case .unterminatedQuote: message = "a quoted field is not closed before the end of the file"
    case .unexpectedQuote: message = "a quote character is misplaced (quote the whole field and double inner quotes)"
    case .missingColumn(let name): message = "the header has no column named \"\(name)\""
    case .wrongFieldCount(let expected, let found): message = "expected \(expected) fields, found \(found)"
    case .invalidValue(let expected, let found): message = "expected \(expected), found \"\(found)\""
    case .duplicateID(let id): message = "the id \"\(id)\" appears more than once"
    case .unknownReference(let id): message = "\"\(id)\" is not defined"
    }
    return "\(place): \(message)"
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

  /// Parses CSV bytes. `file` names the source in errors.
  public init(data: Data, file: String) throws(CSVInputError) {
    self.file = file
    var rows: [[String]] = []
    var lines: [Int] = []
    let bytes = [UInt8](data)
    var error: CSVInputError?
    Self.parse(bytes, file: file) { fields, line in
      rows.append(fields)
      lines.append(line)
    } onError: {
      error = $0
    }
    if let error { throw error }
    guard let first = rows.first else { throw CSVInputError(file: file, row: 1, kind: .empty) }
    header = first
    for (index, row) in rows.enumerated().dropFirst() where row.count != first.count {
      throw CSVInputError(
        file: file, row: lines[index], kind: .wrongFieldCount(expected: first.count, found: row.count))
    }
    records = Array(rows.dropFirst())
    lineNumbers = Array(lines.dropFirst())
  }

  /// Parses CSV text.
  public init(text: String, file: String) throws(CSVInputError) {
    try self.init(data: Data(text.utf8), file: file)
  }

  /// Reads and parses a file; errors name the file by its last path component.
  public init(contentsOf url: URL) throws(CSVInputError) {
    let name = url.lastPathComponent
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
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
        .invalidValue(expected: "an integer in \(range.lowerBound)…\(range.upperBound)", found: text))
    }
    return value
  }

  private static func parse(
    _ bytes: [UInt8], file: String, onRecord: ([String], Int) -> Void, onError: (CSVInputError) -> Void
  ) {
    let quote: UInt8 = 0x22
    let comma: UInt8 = 0x2C
    let cr: UInt8 = 0x0D
    let lf: UInt8 = 0x0A
    var index = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    var line = 1
    var fields: [String] = []
    var quoted: [UInt8] = []
    var recordLine = 1
    var recordHasContent = false

    func append(_ text: String?) -> Bool {
      guard let text else {
        onError(CSVInputError(file: file, row: recordLine, column: fields.count + 1, kind: .invalidUTF8))
        return false
      }
      fields.append(text)
      return true
    }

    while index < bytes.count {
      if bytes[index] == quote {
        recordHasContent = true
        let openLine = line
        index += 1
        quoted.removeAll(keepingCapacity: true)
        var closed = false
        while index < bytes.count {
          let byte = bytes[index]
          if byte == quote {
            if index + 1 < bytes.count, bytes[index + 1] == quote {
              quoted.append(quote)
              index += 2
              continue
            }
            index += 1
            closed = true
            break
          }
          if byte == lf { line += 1 }
          quoted.append(byte)
          index += 1
        }
        if !closed {
          onError(
            CSVInputError(file: file, row: openLine, column: fields.count + 1, kind: .unterminatedQuote))
          return
        }
        if index < bytes.count, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf {
          onError(
            CSVInputError(file: file, row: recordLine, column: fields.count + 1, kind: .unexpectedQuote))
          return
        }
        guard append(decodeUTF8(quoted)) else { return }
      } else {
        let start = index
        while index < bytes.count {
          let byte = bytes[index]
          if byte == comma || byte == cr || byte == lf { break }
          if byte == quote {
            onError(
              CSVInputError(file: file, row: recordLine, column: fields.count + 1, kind: .unexpectedQuote))
            return
          }
          index += 1
        }
        if index > start { recordHasContent = true }
        guard append(decodeUTF8(bytes[start..<index])) else { return }
      }
      if index >= bytes.count { break }
      let separator = bytes[index]
      index += 1
      if separator == comma {
        recordHasContent = true
        continue
      }
      // Line end: CR, LF or CRLF.
      if separator == cr, index < bytes.count, bytes[index] == lf { index += 1 }
      if recordHasContent { onRecord(fields, recordLine) }
      fields.removeAll(keepingCapacity: true)
      recordHasContent = false
      line += 1
      recordLine = line
    }
    if recordHasContent { onRecord(fields, recordLine) }
  }
}

/// Strict UTF-8 decoding: `nil` for invalid input (never replacement characters).
private func decodeUTF8(_ bytes: some Collection<UInt8>) -> String? {
  if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
    return String(validating: bytes, as: UTF8.self)
  }
  return String(bytes: bytes, encoding: .utf8)
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
