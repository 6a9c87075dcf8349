import Foundation
import RoadshowKernel

/// A CSV data file with header checks, trimmed cells and row problems naming file, row and column.
struct DataFile {
  let table: CSVTable
  let name: String

  static func read(_ url: URL, name: String) throws -> DataFile {
    DataFile(table: try CSVTable.read(url, displayName: name), name: name)
  }

  func column(_ header: String) -> Int? { table.column(header) }

  func cell(_ row: CSVTable.Row, _ column: Int?) -> String {
    guard let column, column < row.fields.count else { return "" }
    return row.fields[column].trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func problem(_ row: CSVTable.Row, column: Int?, _ zh: String, _ en: String) -> Diagnostic {
    let header = column.flatMap { $0 < table.header.count ? table.header[$0] : nil } ?? ""
    let place = header.isEmpty ? "" : "，列 `\(header)`"
    let placeEn = header.isEmpty ? "" : ", column `\(header)`"
    return Diagnostic(
      .badRow, at: SourceLocation(file: name, line: row.line, column: (column ?? 0) + 1), keyPath: header,
      message: LocalizedText(zh: "第 \(row.number) 行\(place)：\(zh)", en: "row \(row.number)\(placeEn): \(en)"))
  }

  /// A problem with the file as a whole (a missing column), at its first line.
  func fileProblem(_ zh: String, _ en: String) -> Diagnostic {
    Diagnostic(
      .badRow, at: SourceLocation(file: name, line: 1, column: 1), keyPath: "", message: LocalizedText(zh: zh, en: en))
  }

  /// Set-up check: every header in `required` exists.
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

  /// Province names of a list parameter, each unknown one a diagnostic at its item.
  static func provinces(_ name: String, in p: ParameterValues) -> (values: [String], problems: [Diagnostic]) {
    var values: [String] = []
    var problems: [Diagnostic] = []
    for (offset, text) in p.strings(name).enumerated() {
      if let province = ProvinceNames.normalize(text) {
        values.append(province)
      } else {
        problems.append(
          Diagnostic(
            .invalidValue, at: p.value(name)?.items?[offset].location ?? p.location(of: name),
            keyPath: KeyPath.index(p.keyPath(of: name), offset),
            message: LocalizedText(zh: "无法识别的省份 `\(text)`", en: "unknown province `\(text)`"),
            suggestion: Suggestions.nearest(to: text, in: ProvinceNames.all)))
      }
    }
    return (values, problems)
  }
}

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
  func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}

extension AchievementID {
  var externalID: String {
    guard let colon = rawValue.firstIndex(of: ":") else { return rawValue }
    return String(rawValue[rawValue.index(after: colon)...])
  }
}
