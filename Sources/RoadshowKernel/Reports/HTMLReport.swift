import Foundation

/// A self-contained HTML document for people to read on screen or print: one file with its own
/// stylesheet and inline SVG charts, no external fonts, scripts or images, so that it opens
/// offline and prints on A4 with a page break before each section.
///
/// Every text given to the builder is escaped; only ``SVGChart`` markup, which the chart builders
/// escape themselves, goes in as it is.
///
/// ```swift
/// var report = HTMLReport(title: "2024年火炬科技成果直通车 · 运行报告", locale: .zhCN)
/// report.keyFigures([KeyFigure(label: "路演项目", value: "15")])
/// report.section("筛选漏斗")
/// report.chart(.funnel([FunnelBar(label: "进入筛选", count: 1373)], title: "筛选漏斗", locale: .zhCN))
/// let html = report.render()
/// ```
public struct HTMLReport: Sendable, Hashable {
  /// One block of the document, in order.
  public enum Block: Sendable, Hashable {
    /// The start of a new section (a page break before it when printed), with its heading.
    case section(String)
    /// A sub-heading inside a section (`h3`).
    case heading(String)
    /// A paragraph.
    case paragraph(String)
    /// A paragraph in smaller, muted type (sources, explanations).
    case note(String)
    /// A bulleted (or numbered) list.
    case list([String], ordered: Bool)
    /// A table; the columns in `numeric` are right-aligned.
    case table(HTMLTable)
    /// A row of key-figure tiles.
    case keyFigures([KeyFigure])
    /// A chart, drawn inline.
    case chart(SVGChart)
    /// Label–value pairs (a definition list).
    case facts([KeyValue])
    /// Horizontal progress bars with their figures.
    case progress([ProgressBar])
  }

  /// The document's title (`<title>` and the first heading).
  public var title: String
  /// A line under the title (host, date…), if any.
  public var subtitle: String?
  /// A mark shown above the title and in the print footer (`仅供承办单位内部使用`), if any.
  public var audienceNote: String?
  /// The language of the document: its `lang` attribute and its own words.
  public var locale: ReportLocale
  /// The blocks, in order.
  public private(set) var blocks: [Block] = []

  /// Creates an empty document.
  ///
  /// - Parameters:
  ///   - title: the title, shown as the first heading and in the browser's tab.
  ///   - locale: `zh-CN` or `en`: sets `lang` and the words the document adds itself.
  ///   - subtitle: a line under the title.
  ///   - audienceNote: who the document is for, shown above the title.
  public init(title: String, locale: ReportLocale, subtitle: String? = nil, audienceNote: String? = nil) {
    self.title = title
    self.locale = locale
    self.subtitle = subtitle
    self.audienceNote = audienceNote
  }

  /// Starts a new section with a heading (`h2`); printing starts it on a new page.
  public mutating func section(_ title: String) { blocks.append(.section(title)) }

  /// Adds a sub-heading (`h3`).
  public mutating func heading(_ text: String) { blocks.append(.heading(text)) }

  /// Adds a paragraph.
  public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }

  /// Adds a paragraph in small muted type.
  public mutating func note(_ text: String) { blocks.append(.note(text)) }

  /// Adds a list; nothing when `items` is empty.
  public mutating func list(_ items: [String], ordered: Bool = false) {
    if !items.isEmpty { blocks.append(.list(items, ordered: ordered)) }
  }

  /// Adds a table.
  ///
  /// - Parameters:
  ///   - header: the column headings.
  ///   - rows: the cells; a short row is padded with empty cells, extra cells are dropped.
  ///   - numeric: the columns (from 0) to right-align.
  ///   - caption: a caption above the table.
  public mutating func table(header: [String], rows: [[String]], numeric: Set<Int> = [], caption: String? = nil) {
    blocks.append(.table(HTMLTable(header: header, rows: rows, numeric: numeric, caption: caption)))
  }

  /// Adds a row of key-figure tiles; nothing when `figures` is empty.
  public mutating func keyFigures(_ figures: [KeyFigure]) {
    if !figures.isEmpty { blocks.append(.keyFigures(figures)) }
  }

  /// Adds a chart.
  public mutating func chart(_ chart: SVGChart) { blocks.append(.chart(chart)) }

  /// Adds label–value pairs; nothing when `facts` is empty.
  public mutating func facts(_ facts: [KeyValue]) {
    if !facts.isEmpty { blocks.append(.facts(facts)) }
  }

  /// Adds progress bars; nothing when `bars` is empty.
  public mutating func progress(_ bars: [ProgressBar]) {
    if !bars.isEmpty { blocks.append(.progress(bars)) }
  }

  /// The whole document, `<!DOCTYPE html>` to `</html>`.
  public func render() -> String {
    let esc = Self.escape
    var html = "<!DOCTYPE html>\n<html lang=\"\(locale.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    html += "<title>\(esc(title))</title>\n<style>\n\(Self.stylesheet)</style>\n</head>\n<body>\n<main>\n"
    html += "<header class=\"doc-header\">\n"
    if let audienceNote { html += "<p class=\"audience\">\(esc(audienceNote))</p>\n" }
    html += "<h1>\(esc(title))</h1>\n"
    if let subtitle { html += "<p class=\"subtitle\">\(esc(subtitle))</p>\n" }
    html += "</header>\n"
    var open = false
    for block in blocks {
      if case .section(let heading) = block {
        if open { html += "</section>\n" }
        html += "<section>\n<h2>\(esc(heading))</h2>\n"
        open = true
      } else {
        html += Self.render(block, locale: locale)
      }
    }
    if open { html += "</section>\n" }
    html += "</main>\n"
    if let audienceNote { html += "<footer>\(esc(audienceNote))</footer>\n" }
    html += "</body>\n</html>\n"
    return html
  }

  static func render(_ block: Block, locale: ReportLocale) -> String {
    let esc = Self.escape
    switch block {
    case .section(let heading): return "<h2>\(esc(heading))</h2>\n"
    case .heading(let text): return "<h3>\(esc(text))</h3>\n"
    case .paragraph(let text): return "<p>\(esc(text))</p>\n"
    case .note(let text): return "<p class=\"note\">\(esc(text))</p>\n"
    case .list(let items, let ordered):
      let tag = ordered ? "ol" : "ul"
      return "<\(tag)>\n" + items.map { "<li>\(esc($0))</li>\n" }.joined() + "</\(tag)>\n"
    case .table(let table): return table.render()
    case .keyFigures(let figures):
      var html = "<div class=\"figures\">\n"
      for figure in figures {
        html += "<div class=\"figure\"><div class=\"value\">\(esc(figure.value))</div>"
        html += "<div class=\"label\">\(esc(figure.label))</div>"
        if let detail = figure.detail { html += "<div class=\"detail\">\(esc(detail))</div>" }
        html += "</div>\n"
      }
      return html + "</div>\n"
    case .chart(let chart):
      return "<figure class=\"chart\">\n\(chart.svg)\n<figcaption>\(esc(chart.title))</figcaption>\n</figure>\n"
    case .facts(let facts):
      var html = "<dl class=\"facts\">\n"
      for fact in facts { html += "<dt>\(esc(fact.label))</dt><dd>\(esc(fact.value))</dd>\n" }
      return html + "</dl>\n"
    case .progress(let bars):
      var html = "<div class=\"progress\">\n"
      for bar in bars {
        let share = bar.share.flatMap { $0.isFinite ? min(max($0, 0), 1) : nil }
        let width = share.map { ReportFormat.number($0 * 100, digits: 1) } ?? "0"
        html += "<div class=\"bar-row\"><div class=\"bar-label\">\(esc(bar.label))</div>"
        html +=
          "<div class=\"bar-track\" role=\"presentation\"><div class=\"bar-fill\" style=\"width: \(width)%\"></div></div>"
        html += "<div class=\"bar-figure\">\(esc(bar.figure))</div></div>\n"
      }
      return html + "</div>\n"
    }
  }

  /// `text` safe inside HTML or SVG text and double- or single-quoted attribute values: `&`, `<`,
  /// `>`, `"` and `'` as character references; control characters other than tab and line breaks
  /// (which XML does not allow) as U+FFFD.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
        {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// The fonts every report and chart asks for: system UI fonts, then the common CJK fonts of
  /// macOS, Windows and Linux, so Chinese renders without downloading anything.
  public static let fontFamily =
    "-apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif"

  /// The one stylesheet: readable on screen, A4 with page breaks between sections in print.
  static let stylesheet = """
    :root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1f5fa8; --tile: #f0f4f8; }
    * { box-sizing: border-box; }
    html { font-family: \(fontFamily); color: var(--ink); background: #fff; line-height: 1.6; }
    body { margin: 0; }
    main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; }
    h1 { font-size: 1.7em; margin: 0.2em 0; line-height: 1.3; }
    h2 { font-size: 1.3em; margin: 1.6em 0 0.6em; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
    h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
    p { margin: 0.5em 0; }
    .subtitle { color: var(--muted); margin: 0; }
    .audience { display: inline-block; margin: 0; padding: 1px 8px; border: 1px solid #c05621; color: #c05621;
      border-radius: 3px; font-size: 0.85em; }
    .note { color: var(--muted); font-size: 0.88em; }
    table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 0.92em; }
    caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
    th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: var(--tile); font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tbody tr:nth-child(even) { background: #fafbfc; }
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 1em 0; }
    .figure { background: var(--tile); border-left: 4px solid var(--accent); padding: 8px 12px; }
    .figure .value { font-size: 1.6em; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; }
    .figure .label { color: var(--muted); font-size: 0.9em; }
    .figure .detail { color: var(--muted); font-size: 0.8em; }
    figure.chart { margin: 1em 0; }
    figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figcaption { color: var(--muted); font-size: 0.85em; text-align: center; margin-top: 0.3em; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0.6em 0; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; }
    .progress { margin: 0.8em 0; }
    .bar-row { display: grid; grid-template-columns: minmax(120px, 2fr) 3fr minmax(90px, 1fr); gap: 10px;
      align-items: center; margin: 4px 0; }
    .bar-track { height: 12px; background: var(--tile); border: 1px solid var(--line); }
    .bar-fill { height: 100%; background: var(--accent); }
    .bar-figure { font-variant-numeric: tabular-nums; text-align: right; font-size: 0.9em; }
    footer { display: none; }
    @page { size: A4; margin: 16mm 14mm 18mm; }
    @media print {
      html { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      section + section { break-before: page; }
      h2, h3 { break-after: avoid; }
      figure, table, tr, .figures, .figure, .bar-row, dl.facts { break-inside: avoid; }
      thead { display: table-header-group; }
      tbody tr:nth-child(even) { background: none; }
      footer { display: block; position: fixed; bottom: 0; right: 0; font-size: 8pt; color: var(--muted); }
    }

    """
}

/// A table of an ``HTMLReport``.
public struct HTMLTable: Sendable, Hashable {
  /// The column headings.
  public var header: [String]
  /// The rows of cells.
  public var rows: [[String]]
  /// The columns (from 0) to right-align.
  public var numeric: Set<Int>
  /// A caption, if any.
  public var caption: String?

  /// Creates a table.
  public init(header: [String], rows: [[String]], numeric: Set<Int> = [], caption: String? = nil) {
    self.header = header
    self.rows = rows
    self.numeric = numeric
    self.caption = caption
  }

  /// The `<table>` element.
  public func render() -> String {
    let esc = HTMLReport.escape
    let width = max(header.count, rows.map(\.count).max() ?? 0)
    func cls(_ column: Int) -> String { numeric.contains(column) ? " class=\"num\"" : "" }
    var html = "<table>\n"
    if let caption { html += "<caption>\(esc(caption))</caption>\n" }
    if !header.isEmpty {
      html += "<thead><tr>"
      for column in 0..<width {
        html += "<th scope=\"col\"\(cls(column))>\(esc(column < header.count ? header[column] : ""))</th>"
      }
      html += "</tr></thead>\n"
    }
    html += "<tbody>\n"
    for row in rows {
      html += "<tr>"
      for column in 0..<width { html += "<td\(cls(column))>\(esc(column < row.count ? row[column] : ""))</td>" }
      html += "</tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }
}

/// A key figure shown as a tile: a big value and its label.
public struct KeyFigure: Sendable, Hashable {
  /// What is counted (`路演项目`).
  public var label: String
  /// The value as shown (`15`, `1,373 → 1,373`).
  public var value: String
  /// A smaller line under the label, if any.
  public var detail: String?

  /// Creates a key figure.
  public init(label: String, value: String, detail: String? = nil) {
    self.label = label
    self.value = value
    self.detail = detail
  }
}

/// A label and its value, for a definition list.
public struct KeyValue: Sendable, Hashable {
  /// The label.
  public var label: String
  /// The value.
  public var value: String

  /// Creates a pair.
  public init(_ label: String, _ value: String) {
    self.label = label
    self.value = value
  }
}

/// A progress bar: how far a figure is towards a target.
public struct ProgressBar: Sendable, Hashable {
  /// What is measured.
  public var label: String
  /// The share done, 0–1 (clamped when drawn); `nil` draws an empty track.
  public var share: Double?
  /// The figures as shown next to the bar (`15 / 80 (18.8%)`).
  public var figure: String

  /// Creates a progress bar.
  public init(label: String, share: Double?, figure: String) {
    self.label = label
    self.share = share
    self.figure = figure
  }
}
