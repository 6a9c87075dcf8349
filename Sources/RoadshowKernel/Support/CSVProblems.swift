import Foundation

extension CSVTable.Row {
  /// The cell in `column` (a 0-based index), trimmed of spaces and line breaks; empty when the row
  /// is short or there is no such column.
  public func cell(_ column: Int?) -> String {
    guard let column, column >= 0, column < fields.count else { return "" }
    return fields[column].trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension CSVTable {
  /// A bad-row diagnostic at `row` and `column` (a 0-based index), naming the column's header:
  /// `第 3 行，列 `省份`：…` / `row 3, column `省份`: …`, at `file:line:column`, the header as key
  /// path. Without a column (or with a blank header) it points at the row's first column and names
  /// none.
  public func badRow(_ row: Row, column: Int?, _ message: LocalizedText, suggestion: String? = nil) -> Diagnostic {
    let name = column.flatMap { $0 >= 0 && $0 < header.count ? header[$0] : nil } ?? ""
    return Diagnostic.badRow(
      file: file, line: row.line, row: row.number, column: (column ?? 0) + 1, header: name.isEmpty ? nil : name,
      message, suggestion: suggestion)
  }

  /// A problem with the file as a whole (a column it lacks, a shape it does not have), at its
  /// first line.
  public func fileProblem(_ message: LocalizedText) -> Diagnostic {
    Diagnostic(.badRow, at: SourceLocation(file: file, line: 1, column: 1), keyPath: "", message: message)
  }

  /// A set-up problem: the config names the column `header`, which this file does not have. It
  /// lists the file's columns and suggests the nearest one; `location` and `keyPath` are where the
  /// config names the column (or the file).
  public func missingColumn(_ header: String, at location: SourceLocation?, keyPath: String) -> Diagnostic {
    let columns = self.header.joined(separator: ", ")
    let named = ConfigLimits.excerpt(header)
    return Diagnostic(
      .invalidValue, at: location, keyPath: keyPath,
      message: LocalizedText(
        zh: "文件 \(file) 中没有列 `\(named)`；文件的列：\(columns)",
        en: "file \(file) has no column `\(named)`; its columns: \(columns)"),
      suggestion: Suggestions.nearest(to: header, in: self.header))
  }
}

extension Diagnostic {
  /// A data row that cannot be read, at `file:line:column` with the column's header as key path:
  /// `第 3 行，列 `trl`：…` / `row 3, column `trl`: …`, or `第 3 行：…` / `row 3: …` without a
  /// header. `row` counts data rows from 1; `line` is where the row starts in the file.
  public static func badRow(
    file: String, line: Int, row: Int, column: Int, header: String?, _ message: LocalizedText,
    suggestion: String? = nil
  ) -> Diagnostic {
    let place = header.map { "，列 `\($0)`" } ?? ""
    let placeEn = header.map { ", column `\($0)`" } ?? ""
    return Diagnostic(
      .badRow, at: SourceLocation(file: file, line: line, column: column), keyPath: header ?? "",
      message: LocalizedText(zh: "第 \(row) 行\(place)：\(message.zh)", en: "row \(row)\(placeEn): \(message.en)"),
      suggestion: suggestion)
  }
}

extension ParameterSpec {
  /// `on_bad_row` (stop or skip, default stop): whether a bad data row stops the run or is skipped
  /// and counted. Read it with `p.string("on_bad_row") == "skip"`.
  public static var onBadRow: ParameterSpec {
    ParameterSpec(
      "on_bad_row", .choice(["stop", "skip"]), default: "stop",
      doc: LocalizedText(zh: "坏行处理：stop 停止运行；skip 跳过并计数", en: "bad rows: stop the run, or skip and count them"))
  }
}

extension ParameterValues {
  /// Set-up check of a CSV file named by the parameter `fileKey`: every header in `required`
  /// exists. Each missing one is a diagnostic at the key of `columnsKey` that names it when the
  /// config writes that key, else at `fileKey`; it lists the file's columns and suggests the
  /// nearest. A file that is absent or unreadable gives no diagnostic here (the validator and the
  /// run report it).
  public func missingColumns(
    inFile fileKey: String, required: [(key: String, header: String)], columnsKey: String?
  ) -> [Diagnostic] {
    guard let file = url(fileKey), let name = string(fileKey),
      let table = try? CSVTable.read(file, displayName: name)
    else { return [] }
    let columns = columnsKey.flatMap { object($0) }
    return required.compactMap { key, header -> Diagnostic? in
      guard table.column(header) == nil else { return nil }
      let written = columns?.contains(key) == true
      return table.missingColumn(
        header, at: written ? columns?.location(of: key) : self.location(of: fileKey),
        keyPath: written ? (columns?.keyPath(of: key) ?? fileKey) : self.keyPath(of: fileKey))
    }
  }
}
