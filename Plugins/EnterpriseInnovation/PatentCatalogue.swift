import Foundation
import RoadshowKernel

/// Open patent licensing (专利开放许可, 002 三.2): a portfolio of patents mined for licensing, each
/// with explicit licence terms (fee, term, field of use, exclusivity) — from the file's columns,
/// or the defaults set here — taken into the library as records offered by licence. Patents that
/// have expired by the event are not offered and are counted in a warning.
public struct PatentCatalogue: IntakeSource {
  public static let description = PluginDescription(
    id: "enterprise.patent_catalogue", kind: .intake, track: "enterprise",
    title: LocalizedText(zh: "专利开放许可清单", en: "Open-licensing patents"),
    summary: LocalizedText(
      zh: "读取高校院所挖掘的开放许可专利清单及许可条件（费用、期限、领域、是否独占）",
      en: "Reads a portfolio of patents offered for open licensing with their terms (fee, term, field, exclusivity)"),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "专利清单（CSV）", en: "the patent list (CSV)")),
      ParameterSpec("source", .text, default: "patents", doc: LocalizedText(zh: "来源标识", en: "source id")),
      ParameterSpec(
        "separator", .choice([",", ";", "tab"]), default: ",",
        doc: LocalizedText(zh: "列分隔符", en: "column separator")),
      ParameterSpec(
        "columns",
        .object([
          ParameterSpec(
            "id", .text, default: "Case Number", doc: LocalizedText(zh: "专利编号列", en: "patent number column")),
          ParameterSpec("title", .text, default: "Title", doc: LocalizedText(zh: "名称列", en: "title column")),
          ParameterSpec("holder", .text, default: "Center", doc: LocalizedText(zh: "权利人列", en: "holder column")),
          ParameterSpec("status", .text, default: "Status", doc: LocalizedText(zh: "法律状态列", en: "legal status column")),
          ParameterSpec(
            "expires", .text, default: "Patent Expiration Date",
            doc: LocalizedText(zh: "到期日列", en: "expiry date column")),
        ]), doc: LocalizedText(zh: "列名", en: "column names")),
      ParameterSpec(
        "fee", .text, default: "negotiable",
        doc: LocalizedText(zh: "默认许可费（文件中无 licence_fee 列时）", en: "licence fee when the file has no licence_fee column")),
      ParameterSpec(
        "term_years", .integer(1...30), default: "5", doc: LocalizedText(zh: "默认许可期限（年）", en: "licence term in years")),
      ParameterSpec(
        "exclusivity", .choice(["non_exclusive", "exclusive", "sole"]), default: "non_exclusive",
        doc: LocalizedText(zh: "默认许可方式：普通、独占、排他", en: "default exclusivity")),
      ParameterSpec(
        "field_of_use", .text, default: "any", doc: LocalizedText(zh: "默认许可领域", en: "default field of use")),
      .onBadRow, .encoding,
    ],
    example: """
      - plugin: enterprise.patent_catalogue
        with:
          file: enterprise-demand/data/nasa-patents.csv
          source: nasa
          separator: ";"
      """)

  let parameters: ParameterValues
  let source: String
  let separator: Character
  let columns: [String: String]
  let terms: [String: String]

  public init(parameters p: ParameterValues) throws {
    parameters = p
    source = p.string("source") ?? "patents"
    separator =
      switch p.string("separator") {
      case ";": ";"
      case "tab": "\t"
      default: ","
      }
    let names = p.object("columns")
    var columns: [String: String] = [:]
    for (key, fallback) in [
      ("id", "Case Number"), ("title", "Title"), ("holder", "Center"), ("status", "Status"),
      ("expires", "Patent Expiration Date"),
    ] {
      columns[key] = names?.string(key) ?? fallback
    }
    self.columns = columns
    terms = [
      "licence_fee": p.string("fee") ?? "negotiable", "licence_term_years": String(p.int("term_years") ?? 5),
      "exclusivity": p.string("exclusivity") ?? "non_exclusive", "field_of_use": p.string("field_of_use") ?? "any",
    ]
  }

  /// `YYYY-MM-DD` of a date written `MM/DD/YYYY` or `D Month YYYY`, or `nil`.
  static func date(_ text: String) -> String? { PatentCatalogueDates.parse(text) }
}

/// The expiry dates of a patent list, as NASA's list writes them.
public enum PatentCatalogueDates {
  /// `YYYY-MM-DD` of a date written `MM/DD/YYYY` or `D Month YYYY`, or `nil`.
  public static func parse(_ text: String) -> String? {
    let parts = text.split(whereSeparator: { $0 == "/" || $0 == " " }).map(String.init)
    guard parts.count == 3 else { return nil }
    let months = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december",
    ]
    let (month, day, year): (Int?, Int?, Int?) =
      text.contains("/")
      ? (Int(parts[0]), Int(parts[1]), Int(parts[2]))
      : (months.firstIndex(of: parts[1].lowercased()).map { $0 + 1 }, Int(parts[0]), Int(parts[2]))
    guard let month, let day, let year, (1...12).contains(month), (1...31).contains(day) else { return nil }
    let iso = String(format: "%04d-%02d-%02d", year, month, day)
    return CalendarDate.parse(iso) == nil ? nil : iso
  }

}

extension PatentCatalogue {
  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try parameters.readCSV(separator: separator)
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for (key, header) in columns {
      if let found = table.column(header) {
        index[key] = found
      } else if ["id", "title"].contains(key) {
        problems.append(
          table.missingColumn(header, at: parameters.entryLocation, keyPath: "columns.\(key)"))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    let termColumns = ["licence_fee", "licence_term_years", "exclusivity", "field_of_use"].compactMap { name in
      table.column(name).map { (name, $0) }
    }
    let today = context.eventDate ?? ""
    var records: [Achievement] = []
    var skipped = table.skippedRows
    var expired = 0
    var seen: Set<String> = []
    for row in table.rows {
      let id = row.cell(index["id"])
      let title = row.cell(index["title"])
      var bad: [Diagnostic] = []
      if id.isEmpty || !seen.insert(id).inserted {
        bad.append(
          table.badRow(
            row, column: index["id"],
            LocalizedText(zh: "专利编号为空或重复：`\(id)`", en: "the patent number is empty or repeats: `\(id)`")))
      }
      if title.isEmpty {
        bad.append(table.badRow(row, column: index["title"], LocalizedText(zh: "名称为空", en: "the title is empty")))
      }
      let expiresText = row.cell(index["expires"])
      let expires = expiresText.isEmpty ? nil : Self.date(expiresText)
      if !expiresText.isEmpty, expires == nil {
        bad.append(
          table.badRow(
            row, column: index["expires"],
            LocalizedText(
              zh: "到期日应为 MM/DD/YYYY 或 “10 March 2015”，实际为 `\(expiresText)`",
              en: "the expiry date must be MM/DD/YYYY or like “10 March 2015”, got `\(expiresText)`")))
      }
      guard bad.isEmpty else {
        if parameters.badRowPolicy == .stop { problems += bad } else { skipped += bad }
        continue
      }
      if let expires, !today.isEmpty, expires < today {
        expired += 1
        continue
      }
      var attributes = terms
      for (name, column) in termColumns where !row.cell(column).isEmpty { attributes[name] = row.cell(column) }
      attributes["patent_status"] = row.cell(index["status"])
      if let expires { attributes["expires"] = expires }
      records.append(
        Achievement(
          id: AchievementID(source: source, externalID: id), title: title,
          institution: row.cell(index["holder"]).isEmpty ? nil : row.cell(index["holder"]), channel: .agencyMining,
          transferModes: [.licence], intellectualProperty: [id], confidentiality: .cleared, attributes: attributes))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var warnings = table.warnings
    if expired > 0 {
      warnings.append(
        table.fileProblem(
          LocalizedText(
            zh: "\(expired) 项专利在活动日期（\(today)）前已到期，不纳入开放许可清单",
            en: "\(expired) patents expired before the event (\(today)) and are not offered for licensing")))
    }
    return IntakeBatch(
      records: records, skipped: skipped, rowsRead: table.rows.count + table.skippedRows.count, warnings: warnings)
  }
}
