import Foundation

extension CSVTable.Row {
  /// The cell in `column` (a 0-based index), trimmed of spaces and line breaks; empty when the row
  /// is short or there is no such column.
  public func cell(_ column: Int?) -> String {
    guard let column, column >= 0, column < fields.count else { return "" }
    let field = fields[column]
    // Unquoted fields come trimmed from the reader: only quoted ones may need it.
    guard let first = field.unicodeScalars.first, let last = field.unicodeScalars.last,
      first.properties.isWhitespace || last.properties.isWhitespace
    else { return field }
    return field.trimmingCharacters(in: .whitespacesAndNewlines)
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
    let named = self.header.filter { !$0.isEmpty }
    let columns = named.joined(separator: ", ")
    let wanted = ConfigLimits.excerpt(header)
    return Diagnostic(
      .invalidValue, at: location, keyPath: keyPath,
      message: named.isEmpty
        ? LocalizedText(
          zh: "文件 \(file) 中没有列 `\(wanted)`；文件的表头没有列名",
          en: "file \(file) has no column `\(wanted)`; its header names no columns")
        : LocalizedText(
          zh: "文件 \(file) 中没有列 `\(wanted)`；文件的列：\(columns)",
          en: "file \(file) has no column `\(wanted)`; its columns: \(columns)"),
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
  /// and counted. Read it with ``ParameterValues/badRowPolicy``.
  public static var onBadRow: ParameterSpec {
    ParameterSpec(
      "on_bad_row", .choice(["stop", "skip"]), default: "stop",
      doc: LocalizedText(zh: "坏行处理：stop 停止运行；skip 跳过并计数", en: "bad rows: stop the run, or skip and count them"))
  }

  /// `encoding` (utf-8, gb18030 or auto, default auto): the text encoding of the CSV files the
  /// plugin reads. `auto` follows a byte-order mark, else reads UTF-8 when the bytes are UTF-8,
  /// else GB18030 with a warning. Read it with ``ParameterValues/csvEncoding``.
  public static var encoding: ParameterSpec {
    ParameterSpec(
      "encoding", .choice(CSVEncoding.allCases.map(\.rawValue)), default: CSVEncoding.auto.rawValue,
      doc: LocalizedText(
        zh: "CSV 文件编码：utf-8、gb18030（含 GBK）或 auto（按 BOM 判断，否则有效 UTF-8 按 UTF-8 读，否则按 GB18030 读并警告）",
        en:
          "CSV text encoding: utf-8, gb18030 (includes GBK) or auto (a BOM decides; else UTF-8 if valid, else GB18030 with a warning)"
      ))
  }
}

extension ParameterValues {
  /// The `on_bad_row` policy (``ParameterSpec/onBadRow``); stop when the plugin has none.
  public var badRowPolicy: BadRowPolicy {
    declares("on_bad_row") ? string("on_bad_row").flatMap(BadRowPolicy.init(rawValue:)) ?? .stop : .stop
  }

  /// The `encoding` of the plugin's CSV files (``ParameterSpec/encoding``); auto when it has none.
  public var csvEncoding: CSVEncoding {
    declares("encoding") ? string("encoding").flatMap(CSVEncoding.init(rawValue:)) ?? .auto : .auto
  }

  /// Reads the CSV file named by the parameter `fileKey` with this entry's `encoding` and
  /// `on_bad_row` (see ``CSVTable/read(_:displayName:separator:encoding:onBadRow:)``); the file is
  /// named as the config writes it. Put the table's ``CSVTable/skippedRows`` and
  /// ``CSVTable/warnings`` where the user sees them.
  public func readCSV(_ fileKey: String = "file", separator: Character = ",") throws -> CSVTable {
    guard let url = url(fileKey) else {
      throw DataError([
        problem(fileKey, LocalizedText(zh: "缺少数据文件", en: "data file is missing"), code: .missingKey)
      ])
    }
    return try CSVTable.read(
      url, displayName: string(fileKey), separator: separator, encoding: csvEncoding, onBadRow: badRowPolicy)
  }
}

extension ParameterValues {
  /// Set-up check of a CSV file named by the parameter `fileKey`: every header in `required`
  /// exists. Each missing one is a diagnostic at the key of `columnsKey` that names it when the
  /// config writes that key, else at `fileKey`; it lists the file's columns and suggests the
  /// nearest. Only the header is read (``CSVTable/readHeader(_:displayName:separator:encoding:)``),
  /// in the entry's `encoding` and `separator`: an empty file, a header that cannot be read or is
  /// not in that encoding is a diagnostic at `fileKey`. A file that is absent or unreadable gives
  /// no diagnostic here (the validator and the run report it).
  public func missingColumns(
    inFile fileKey: String, required: [(key: String, header: String)], columnsKey: String?
  ) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    guard let table = csvHeader(fileKey, problems: &problems) else { return problems }
    let columns = columnsKey.flatMap { object($0) }
    return required.compactMap { key, header -> Diagnostic? in
      guard table.column(header) == nil else { return nil }
      let written = columns?.contains(key) == true
      return table.missingColumn(
        header, at: written ? columns?.location(of: key) : self.location(of: fileKey),
        keyPath: written ? (columns?.keyPath(of: key) ?? fileKey) : self.keyPath(of: fileKey))
    }
  }

  /// The header of the CSV file named by `fileKey`, for a plugin's set-up check: only the first
  /// record is read (``CSVTable/readHeader(_:displayName:separator:encoding:)``), in the entry's
  /// `encoding` and with `separator` (default: the entry's `separator`, else a comma). An empty
  /// file, or a header that cannot be read or is not in that encoding, adds a problem at `fileKey`
  /// to `problems` and gives `nil`; so does an absent or unreadable file, without a problem (the
  /// validator and the run report it).
  public func csvHeader(
    _ fileKey: String = "file", separator: Character? = nil, problems: inout [Diagnostic]
  ) -> CSVTable? {
    guard let file = url(fileKey), let name = string(fileKey), FileManager.default.isReadableFile(atPath: file.path)
    else { return nil }
    do {
      return try CSVTable.readHeader(
        file, displayName: name,
        separator: separator ?? (declares("separator") ? string("separator")?.first : nil) ?? ",", encoding: csvEncoding
      )
    } catch let error as DataError {
      problems += error.diagnostics.map { fileProblem(fileKey, $0) }
    } catch {
      return nil
    }
    return nil
  }

  /// `problem`, a problem of the data file named by `fileKey`, as a set-up diagnostic at that key.
  public func fileProblem(_ fileKey: String, _ problem: Diagnostic) -> Diagnostic {
    Diagnostic(
      .invalidValue, at: location(of: fileKey), keyPath: keyPath(of: fileKey), message: problem.message,
      suggestion: problem.suggestion)
  }
}
