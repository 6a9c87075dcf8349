import Foundation

/// A table read from a CSV file, the way agencies' spreadsheets really come: UTF-8 with or
/// without a BOM, quoted fields with commas, quotes and line breaks, CRLF, blank rows.
public struct CSVTable: Sendable {
  /// One data row, with the line it starts on.
  public struct Row: Sendable {
    /// Line in the file where the row starts, from 1.
    public var line: Int
    /// Row number among data rows, from 1 (the header is row 0).
    public var number: Int
    /// The fields.
    public var fields: [String]
  }

  /// The header, trimmed.
  public var header: [String]
  /// The data rows, blank rows left out.
  public var rows: [Row]
  /// The file as the user named it.
  public var file: String

  /// The column index of `name`, matched after trimming.
  public func column(_ name: String) -> Int? {
    header.firstIndex(of: name.trimmingCharacters(in: .whitespaces))
  }

  /// Reads and parses `url`.
  public static func read(_ url: URL, displayName: String? = nil, separator: Character = ",") throws -> CSVTable {
    let name = displayName ?? url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw DataError([
        Diagnostic(
          .missingFile, at: SourceLocation(file: name, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "无法读取文件：\(error.localizedDescription)", en: "cannot read file: \(error.localizedDescription)"))
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DataError([
        Diagnostic(
          .badRow, at: SourceLocation(file: name, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "文件不是 UTF-8 编码（若为 Excel 导出的 GBK，请另存为“CSV UTF-8”）",
            en: "file is not UTF-8 (if Excel saved it as GBK, save it again as “CSV UTF-8”)"))
      ])
    }
    return try parse(text, file: name, separator: separator)
  }

  /// Parses CSV text. An unterminated quote is an error at the line where it opened.
  public static func parse(_ text: String, file: String, separator: Character = ",") throws -> CSVTable {
    var scalars = Substring(text).unicodeScalars
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    let sep = separator.unicodeScalars.first ?? ","
    var records: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var line = 1
    var recordLine = 1
    var quoteLine = 1
    var inQuotes = false
    var index = scalars.startIndex
    func endField() {
      fields.append(String(field))
      field = String.UnicodeScalarView()
    }
    func endRecord() {
      endField()
      records.append((recordLine, fields))
      fields = []
    }
    while index < scalars.endIndex {
      let c = scalars[index]
      let next = scalars.index(after: index)
      if inQuotes {
        if c == "\"" {
          if next < scalars.endIndex, scalars[next] == "\"" {
            field.append("\"")
            index = scalars.index(after: next)
            continue
          }
          inQuotes = false
        } else {
          if c == "\n" { line += 1 }
          field.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        inQuotes = true
        quoteLine = line
      } else if c == sep {
        endField()
      } else if c == "\r" {
        // CRLF or lone CR ends the record
        endRecord()
        if next < scalars.endIndex, scalars[next] == "\n" {
          index = scalars.index(after: next)
        } else {
          index = next
        }
        line += 1
        recordLine = line
        continue
      } else if c == "\n" {
        endRecord()
        line += 1
        recordLine = line
      } else {
        field.append(c)
      }
      index = next
    }
    if inQuotes {
      throw DataError([
        Diagnostic(
          .badRow, at: SourceLocation(file: file, line: quoteLine, column: 1), keyPath: "",
          message: LocalizedText(zh: "引号未闭合", en: "quoted field is never closed"))
      ])
    }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    let nonBlank = records.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    guard let first = nonBlank.first else { return CSVTable(header: [], rows: [], file: file) }
    let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    let rows = nonBlank.dropFirst().enumerated().map { offset, record in
      Row(line: record.line, number: offset + 1, fields: record.fields)
    }
    return CSVTable(header: header, rows: rows, file: file)
  }
}

/// Writes CSV that spreadsheet programs open correctly with Chinese text (UTF-8 with a BOM).
public enum CSVWriter {
  /// The file's text: header, then rows, CRLF line ends, fields quoted when needed.
  public static func text(header: [String], rows: [[String]], byteOrderMark: Bool = true) -> String {
    var out = byteOrderMark ? "\u{FEFF}" : ""
    for row in [header] + rows {
      out += row.map(escape).joined(separator: ",") + "\r\n"
    }
    return out
  }

  /// Quotes a field that holds a comma, quote or line break.
  public static func escape(_ field: String) -> String {
    if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return field
  }
}
