import Foundation
import RoadshowKernel

/// A CSV data file with the helpers every plugin of this track needs: header checks at set-up
/// time, trimmed cells, and row problems that name file, row and column.
struct DataFile {
  let table: CSVTable
  let name: String

  /// Reads `url`; `name` is the path as the config wrote it.
  static func read(_ url: URL, name: String) throws -> DataFile {
    DataFile(table: try CSVTable.read(url, displayName: name), name: name)
  }

  /// The column of `header`, or `nil`.
  func column(_ header: String) -> Int? { table.column(header) }

  /// The trimmed cell of `row` in `column` (empty when the row is short or the column absent).
  func cell(_ row: CSVTable.Row, _ column: Int?) -> String {
    guard let column, column < row.fields.count else { return "" }
    return row.fields[column].trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A bad-row diagnostic at `row`, `column` (0-based index), naming the column's header.
  func problem(_ row: CSVTable.Row, column: Int?, _ zh: String, _ en: String) -> Diagnostic {
    let header = column.flatMap { $0 < table.header.count ? table.header[$0] : nil } ?? ""
    let place = header.isEmpty ? "" : "，列 `\(header)`"
    let placeEn = header.isEmpty ? "" : ", column `\(header)`"
    return Diagnostic(
      .badRow, at: SourceLocation(file: name, line: row.line, column: (column ?? 0) + 1), keyPath: header,
      message: LocalizedText(zh: "第 \(row.number) 行\(place)：\(zh)", en: "row \(row.number)\(placeEn): \(en)"))
  }

  /// Set-up check: every header in `required` exists. Problems point at the config key that names
  /// the column (or the file parameter), with the nearest header as a suggestion.
  static func checkHeaders(
    of url: URL?, name: String?, required: [(key: String, header: String)], parameters p: ParameterValues,
    columnsKey: String?, fileKey: String
  ) -> [Diagnostic] {
    guard let url, let name, let table = try? CSVTable.read(url, displayName: name) else { return [] }
    let columns = columnsKey.flatMap { p.object($0) }
    return required.compactMap { key, header -> Diagnostic? in
      guard table.column(header) == nil else { return nil }
      let written = columns?.contains(key) == true
      return Diagnostic(
        .invalidValue, at: written ? columns?.location(of: key) : p.location(of: fileKey),
        keyPath: written ? (columns?.keyPath(of: key) ?? fileKey) : p.keyPath(of: fileKey),
        message: LocalizedText(
          zh: "文件 \(name) 中没有列 `\(header)`；文件的列：\(table.header.joined(separator: ", "))",
          en: "file \(name) has no column `\(header)`; its columns: \(table.header.joined(separator: ", "))"),
        suggestion: Suggestions.nearest(to: header, in: table.header))
    }
  }
}

/// Numbers for reports: whole numbers without decimals, others with at most `digits` decimals.
enum Format {
  static func number(_ value: Double, digits: Int = 2) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    var text = String(format: "%.\(digits)f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}

extension Array where Element: Hashable {
  /// The elements in order, each once.
  func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}

extension AchievementID {
  /// The record's id in its source (`2018YFD0100100` of `nkrdp-2018:2018YFD0100100`).
  var externalID: String {
    guard let colon = rawValue.firstIndex(of: ":") else { return rawValue }
    return String(rawValue[rawValue.index(after: colon)...])
  }
}
