import Foundation

/// The columns of a CSV input whose headers the config may rename: each column has a key, a
/// default header (the Chinese one as printed on the forms) and a description.
///
/// A plugin declares its columns once and gets from them the `columns:` parameter (an object with
/// one text key a column, the default header as default), the headers a config chose, the set-up
/// check of the required ones and each column's index in the table read:
///
/// ```swift
/// static let columnSpecs = CSVColumns([("province", "省份", LocalizedText(zh: "省份列", en: "province column"))])
/// // description: parameters: [columnSpecs.parameter(), …]
/// // init: columns = Self.columnSpecs.headers(in: p)
/// //       problems += p.missingColumns(inFile: "file", keys: ["province"], headers: columns, columnsKey: "columns")
/// // read: let index = data.columnIndices(columns); row.cell(index["province"])
/// ```
public struct CSVColumns: Sendable {
  /// The columns: each one's key under `columns:`, the header used when the config writes none,
  /// and what it holds; in the order they are documented.
  public var all: [(key: String, header: String, doc: LocalizedText)]

  /// The columns `(key, default header, doc)`, in the order they are documented.
  public init(_ columns: [(key: String, header: String, doc: LocalizedText)]) {
    all = columns
  }

  /// The parameter `name` (an object with one text key a column, its default header as default)
  /// that renames the columns.
  public func parameter(
    _ name: String = "columns",
    doc: LocalizedText = LocalizedText(zh: "列名（默认为中文表头）", en: "column headers (default: the Chinese ones)")
  ) -> ParameterSpec {
    ParameterSpec(name, .object(all.map { ParameterSpec($0.key, .text, default: $0.header, doc: $0.doc) }), doc: doc)
  }

  /// The header of every column, by key: the one written under `p`'s parameter `name`, else the
  /// default.
  public func headers(in p: ParameterValues, parameter name: String = "columns") -> [String: String] {
    let written = p.object(name)
    var headers: [String: String] = [:]
    for column in all { headers[column.key] = written?.string(column.key) ?? column.header }
    return headers
  }
}

extension CSVTable {
  /// The 0-based index of each header in `headers` (key → header, as from
  /// ``CSVColumns/headers(in:parameter:)``), by key; a key whose header the table lacks is absent.
  public func columnIndices(_ headers: [String: String]) -> [String: Int] {
    var index: [String: Int] = [:]
    for (key, header) in headers { index[key] = column(header) }
    return index
  }
}

extension ParameterValues {
  /// ``missingColumns(inFile:required:columnsKey:)`` for the columns `keys`, in that order, whose
  /// headers are given by `headers` (key → header); a key without a header is not checked.
  public func missingColumns(
    inFile fileKey: String, keys: [String], headers: [String: String], columnsKey: String?
  ) -> [Diagnostic] {
    missingColumns(
      inFile: fileKey, required: keys.compactMap { key in headers[key].map { (key, $0) } }, columnsKey: columnsKey)
  }
}
