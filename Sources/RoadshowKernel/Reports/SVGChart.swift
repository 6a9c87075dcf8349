import Foundation

/// A chart as inline SVG, for ``HTMLReport`` or any page: a funnel, a conversion chain, a heat
/// map or activity by month.
///
/// Every chart is accessible (`role="img"`, `aria-label`, `<title>` and a `<desc>` that states
/// the data), labels every mark with its count, uses fonts that render Chinese on every system
/// (``HTMLReport/fontFamily``) and is deterministic: the same data gives the same bytes. Empty data
/// gives a panel that says so (暂无数据 / No data) instead of a broken chart.
public struct SVGChart: Sendable, Hashable {
  /// Which chart it is.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// ``SVGChart/funnel(_:title:locale:)``
    case funnel
    /// ``SVGChart/conversionChain(_:title:amountUnit:locale:)``
    case conversionChain = "conversion-chain"
    /// ``SVGChart/heatMap(_:title:locale:)``
    case heatMap = "heat-map"
    /// ``SVGChart/monthly(_:title:locale:)``
    case monthly
  }

  /// Which chart it is.
  public var kind: Kind
  /// The chart's title (its `aria-label` and `<title>`; ``HTMLReport`` shows it as the caption).
  public var title: String
  /// The `<svg>` element, escaped and ready to insert into HTML.
  public var svg: String
  /// Whether the data was empty and the chart is the "no data" panel.
  public var isEmpty: Bool

  /// Creates a chart from finished SVG markup (the builders below make them).
  public init(kind: Kind, title: String, svg: String, isEmpty: Bool) {
    self.kind = kind
    self.title = title
    self.svg = svg
    self.isEmpty = isEmpty
  }
}

/// One stage of a funnel: what is counted and how many.
public struct FunnelBar: Sendable, Hashable {
  /// The stage (`进入筛选`, `技术成熟度`).
  public var label: String
  /// How many (negative counts are drawn as 0).
  public var count: Int

  /// Creates a stage.
  public init(label: String, count: Int) {
    self.label = label
    self.count = count
  }
}

/// One step of a conversion chain (meeting → intent → contract → registered → transaction →
/// finance → landing): how many cases reached it and, optionally, the amount involved.
public struct ChainStep: Sendable, Hashable {
  /// The step (`签约`).
  public var label: String
  /// How many cases reached it.
  public var count: Int
  /// The amount, in the chart's unit, when the step has one (contract value, investment).
  public var amount: Double?

  /// Creates a step.
  public init(label: String, count: Int, amount: Double? = nil) {
    self.label = label
    self.count = count
    self.amount = amount
  }
}

/// A matrix of counts with labelled rows and columns, for a heat map.
public struct HeatMap: Sendable, Hashable {
  /// Row labels, top to bottom.
  public var rows: [String]
  /// Column labels, left to right.
  public var columns: [String]
  /// `counts[row][column]`; missing cells count 0, extra ones are ignored.
  public var counts: [[Int]]
  /// What the rows are (`领域`), shown above the row labels.
  public var rowTitle: String?
  /// What the columns are (`技术成熟度（TRL）`), shown above the column labels.
  public var columnTitle: String?

  /// Creates a matrix.
  public init(rows: [String], columns: [String], counts: [[Int]], rowTitle: String? = nil, columnTitle: String? = nil) {
    self.rows = rows
    self.columns = columns
    self.counts = counts
    self.rowTitle = rowTitle
    self.columnTitle = columnTitle
  }

  /// The count in one cell (0 outside the matrix or below 0).
  public func count(row: Int, column: Int) -> Int {
    guard counts.indices.contains(row), counts[row].indices.contains(column) else { return 0 }
    return max(counts[row][column], 0)
  }

  /// The sum of every cell.
  public var total: Int {
    rows.indices.reduce(0) { sum, row in sum + columns.indices.reduce(0) { $0 + count(row: row, column: $1) } }
  }

  /// Whether `text` is empty or white space only (`CharacterSet.whitespaces`). A first byte that
  /// begins no white space (a Han character, a letter) answers without Foundation.
  static func isBlank(_ text: String) -> Bool {
    guard let first = text.utf8.first else { return true }
    // Tab, space, and the lead bytes of U+00A0, U+1680, U+2000–U+205F and U+3000.
    if first != 0x09 && first != 0x20 && first != 0xC2 && first != 0xE1 && first != 0xE2 && first != 0xE3 {
      return false
    }
    return text.trimmingCharacters(in: .whitespaces).isEmpty
  }

  /// Field × technology maturity of `records`: one row per field (most records first, then by
  /// name; records without a field last), columns TRL 1–9 and unknown.
  public static func fieldByTRL(_ records: [Achievement], locale: ReportLocale) -> HeatMap {
    let zh = locale == .zhCN
    let noField = zh ? "（未填写领域）" : "(no field)"
    // Rows by field, the first spelling of each field kept; a field's bytes remember its row, so
    // that the field is hashed as a `String` (normalised first) once, not once per record.
    var rowOf: [String: Int] = [:]
    var rowOfBytes: [UTF8Key: Int] = [:]
    var names: [String] = []
    var tallies: [[Int]] = []
    func row(_ name: String) -> Int {
      if let known = rowOf[name] { return known }
      rowOf[name] = names.count
      names.append(name)
      tallies.append(Array(repeating: 0, count: 10))
      return names.count - 1
    }
    for record in records {
      let slot: Int
      if let field = record.field {
        let key = UTF8Key(field)
        if let known = rowOfBytes[key] {
          slot = known
        } else {
          slot = row(Self.isBlank(field) ? noField : field)
          rowOfBytes[key] = slot
        }
      } else {
        slot = row(noField)
      }
      let column = record.readiness.value.map { $0 - 1 } ?? 9
      tallies[slot][column] += 1
    }
    let byField = Dictionary(uniqueKeysWithValues: zip(names, tallies))
    let order = byField.keys.sorted { a, b in
      if (a == noField) != (b == noField) { return b == noField }
      let (ta, tb) = (byField[a]?.reduce(0, +) ?? 0, byField[b]?.reduce(0, +) ?? 0)
      return ta != tb ? ta > tb : a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
    return HeatMap(
      rows: order, columns: (1...9).map(String.init) + [zh ? "未评估" : "unknown"],
      counts: order.map { byField[$0] ?? [] }, rowTitle: zh ? "领域" : "Field",
      columnTitle: zh ? "技术成熟度（TRL）" : "Technology readiness (TRL)")
  }
}

/// One series of ``SVGChart/monthly(_:title:locale:)``: a count per month, January to December.
public struct MonthlySeries: Sendable, Hashable {
  /// The series' name, shown in the legend (`路演活动`).
  public var name: String
  /// Twelve counts, January first; missing months count 0, extra values are ignored.
  public var counts: [Int]

  /// Creates a series.
  public init(name: String, counts: [Int]) {
    self.name = name
    self.counts = counts
  }

  /// A series counting `dates` (`YYYY-MM-DD` or `YYYY-MM`) by month; with `year`, dates of other
  /// years are left out. Dates that cannot be read are left out.
  public static func counting(name: String, dates: [String], year: Int? = nil) -> MonthlySeries {
    var counts = Array(repeating: 0, count: 12)
    for date in dates {
      let parts = date.split(separator: "-")
      guard parts.count >= 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { continue }
      if let year, year != y { continue }
      counts[m - 1] += 1
    }
    return MonthlySeries(name: name, counts: counts)
  }

  /// The count of month `index` (0 = January), 0 when missing or below 0.
  public func count(_ index: Int) -> Int { counts.indices.contains(index) ? max(counts[index], 0) : 0 }
}

extension SVGChart {
  // MARK: Funnel

  /// A funnel: one centred bar per stage, as wide as its count, labelled with the stage, the
  /// count and the share of the stage before.
  ///
  /// - Parameters:
  ///   - stages: the stages, widest first.
  ///   - title: the chart's title.
  ///   - locale: the language of the words the chart adds ("no data").
  /// - Returns: the "no data" panel when there is no stage or every count is 0.
  public static func funnel(_ stages: [FunnelBar], title: String, locale: ReportLocale) -> SVGChart {
    let counts = stages.map { max($0.count, 0) }
    guard let top = counts.max(), top > 0 else { return empty(.funnel, title: title, locale: locale) }
    let font = 13.0
    let labelWidth = (stages.map { textWidth($0.label, font) }.max() ?? 0) + 16
    let barArea = 460.0
    let figureArea = 150.0
    let (rowHeight, gap, margin) = (30.0, 10.0, 12.0)
    let width = margin + labelWidth + barArea + figureArea + margin
    let height = margin * 2 + Double(stages.count) * rowHeight + Double(stages.count - 1) * gap
    let barX = margin + labelWidth
    var body = ""
    var previous: (x: Double, width: Double, bottom: Double)?
    for (index, stage) in stages.enumerated() {
      let count = counts[index]
      let y = margin + Double(index) * (rowHeight + gap)
      let w = count == 0 ? 0 : max(barArea * Double(count) / Double(top), 3)
      let x = barX + (barArea - w) / 2
      if let previous {
        body +=
          "<polygon points=\"\(n(previous.x)),\(n(previous.bottom)) \(n(previous.x + previous.width)),\(n(previous.bottom)) \(n(x + w)),\(n(y)) \(n(x)),\(n(y))\" fill=\"#dbe9f6\"/>\n"
      }
      let share = index > 0 && counts[index - 1] > 0 ? percent(count, of: counts[index - 1]) : nil
      let label = esc(stage.label)
      body += "<g class=\"stage\" data-label=\"\(label)\" data-count=\"\(count)\">"
      body += "<title>\(label): \(count)\(share.map { " (\($0))" } ?? "")</title>"
      body +=
        "<text x=\"\(n(barX - 8))\" y=\"\(n(y + rowHeight / 2 + 4.5))\" text-anchor=\"end\" font-size=\"\(n(font))\">\(label)</text>"
      if w > 0 {
        body +=
          "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(rowHeight))\" rx=\"2\" fill=\"\(palette[0])\"/>"
      }
      body +=
        "<text x=\"\(n(barX + barArea + 10))\" y=\"\(n(y + rowHeight / 2 + 5))\"><tspan font-size=\"14\" font-weight=\"700\">\(count)</tspan>"
      if let share { body += "<tspan dx=\"8\" font-size=\"12\" fill=\"#52606d\">\(share)</tspan>" }
      body += "</text>"
      body += "</g>\n"
      previous = (x, w, y + rowHeight)
    }
    let desc = stages.enumerated().map { "\($1.label) \(counts[$0])" }.joined(separator: " → ")
    return SVGChart(
      kind: .funnel, title: title, svg: document(.funnel, title: title, desc: desc, width: width, height: height, body),
      isEmpty: false)
  }

  // MARK: Conversion chain

  /// A conversion chain: one box per step in order, with its count and amount, and between
  /// boxes the share of the step before that reached the next.
  ///
  /// - Parameters:
  ///   - steps: the steps, in order (meeting → intent → contract → registered → transaction →
  ///     finance → landing).
  ///   - title: the chart's title.
  ///   - amountUnit: the unit written after amounts (`万元`), if any.
  ///   - locale: the language of the words the chart adds.
  /// - Returns: the "no data" panel when there is no step, or every count is 0 and no step has
  ///   an amount.
  public static func conversionChain(
    _ steps: [ChainStep], title: String, amountUnit: String? = nil, locale: ReportLocale
  ) -> SVGChart {
    let counts = steps.map { max($0.count, 0) }
    guard counts.contains(where: { $0 > 0 }) || steps.contains(where: { $0.amount != nil }) else {
      return empty(.conversionChain, title: title, locale: locale)
    }
    let unit = amountUnit.map { locale == .zhCN ? $0 : " " + $0 } ?? ""
    let amounts = steps.map { step in step.amount.map { ReportFormat.number($0) + unit } }
    let boxWidths = steps.indices.map { index in
      max(104, textWidth(steps[index].label, 13) + 20, amounts[index].map { textWidth($0, 12) + 20 } ?? 0)
    }
    let (boxHeight, gap, margin, top) = (76.0, 40.0, 12.0, 22.0)
    let width = margin * 2 + boxWidths.reduce(0, +) + gap * Double(max(steps.count - 1, 0))
    let height = margin + top + boxHeight + margin
    var body = ""
    var x = margin
    let y = margin + top
    for (index, step) in steps.enumerated() {
      let w = boxWidths[index]
      let count = counts[index]
      if index > 0 {
        let (from, to) = (x - gap + 4, x - 6)
        let mid = y + boxHeight / 2
        body +=
          "<path d=\"M\(n(from)) \(n(mid)) H\(n(to))\" stroke=\"#7b8794\" stroke-width=\"1.5\" fill=\"none\"/><path d=\"M\(n(to)) \(n(mid - 4)) L\(n(to + 5)) \(n(mid)) L\(n(to)) \(n(mid + 4)) Z\" fill=\"#7b8794\"/>"
        if counts[index - 1] > 0 {
          body +=
            "<text x=\"\(n(x - gap / 2))\" y=\"\(n(mid - 8))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52606d\">\(percent(count, of: counts[index - 1]))</text>"
        }
        body += "\n"
      }
      let label = esc(step.label)
      let reached = count > 0
      body += "<g class=\"step\" data-label=\"\(label)\" data-count=\"\(count)\""
      body += (amounts[index].map { " data-amount=\"\(esc($0))\"" } ?? "") + ">"
      body += "<title>\(label): \(count)\(amounts[index].map { ", \(esc($0))" } ?? "")</title>"
      body +=
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(boxHeight))\" rx=\"6\" fill=\"\(reached ? "#eaf2fb" : "#f5f7fa")\" stroke=\"\(reached ? palette[0] : "#bcccdc")\"/>"
      body +=
        "<text x=\"\(n(x + w / 2))\" y=\"\(n(y + 20))\" text-anchor=\"middle\" font-size=\"13\">\(label)</text>"
      body +=
        "<text x=\"\(n(x + w / 2))\" y=\"\(n(y + 46))\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"700\" fill=\"\(reached ? palette[0] : "#7b8794")\">\(count)</text>"
      if let amount = amounts[index] {
        body +=
          "<text x=\"\(n(x + w / 2))\" y=\"\(n(y + 66))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#52606d\">\(esc(amount))</text>"
      }
      body += "</g>\n"
      x += w + gap
    }
    let desc = steps.enumerated().map { index, step in
      "\(step.label) \(counts[index])" + (amounts[index].map { " (\($0))" } ?? "")
    }.joined(separator: " → ")
    return SVGChart(
      kind: .conversionChain, title: title,
      svg: document(.conversionChain, title: title, desc: desc, width: width, height: height, body), isEmpty: false)
  }

  // MARK: Heat map

  /// A heat map: one cell per row and column, coloured in five steps from the largest count, with
  /// the count written in it, row totals on the right and a legend of the colour steps below.
  ///
  /// - Parameters:
  ///   - map: the matrix (``HeatMap/fieldByTRL(_:locale:)`` makes the field × TRL one).
  ///   - title: the chart's title.
  ///   - locale: the language of the words the chart adds ("total", "no data").
  /// - Returns: the "no data" panel when the matrix has no row or column, or sums to 0.
  public static func heatMap(_ map: HeatMap, title: String, locale: ReportLocale) -> SVGChart {
    guard !map.rows.isEmpty, !map.columns.isEmpty, map.total > 0 else {
      return empty(.heatMap, title: title, locale: locale)
    }
    let zh = locale == .zhCN
    let top = map.rows.indices.flatMap { row in map.columns.indices.map { map.count(row: row, column: $0) } }.max() ?? 0
    let font = 12.0
    let cell = max(46, (map.columns.map { textWidth($0, 11) }.max() ?? 0) + 8)
    let rowHeight = 24.0
    let margin = 12.0
    let labelWidth = max((map.rows.map { textWidth($0, font) }.max() ?? 0), textWidth(map.rowTitle ?? "", 11)) + 14
    let totalLabel = zh ? "合计" : "Total"
    let totalWidth = max(56, textWidth(totalLabel, 11) + 16)
    let headerHeight = map.columnTitle == nil ? 22.0 : 40.0
    let gridX = margin + labelWidth
    let gridY = margin + headerHeight
    let gridWidth = cell * Double(map.columns.count)
    let legendY = gridY + rowHeight * Double(map.rows.count) + 18
    let width = max(gridX + gridWidth + totalWidth + margin, margin * 2 + 420)
    let height = legendY + 34 + margin
    var body = ""
    if let columnTitle = map.columnTitle {
      body +=
        "<text x=\"\(n(gridX + gridWidth / 2))\" y=\"\(n(margin + 12))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" fill=\"#52606d\">\(esc(columnTitle))</text>\n"
    }
    if let rowTitle = map.rowTitle {
      body +=
        "<text x=\"\(n(gridX - 8))\" y=\"\(n(gridY - 7))\" text-anchor=\"end\" font-size=\"11\" font-weight=\"700\" fill=\"#52606d\">\(esc(rowTitle))</text>\n"
    }
    for (column, label) in map.columns.enumerated() {
      body +=
        "<text class=\"column\" x=\"\(n(gridX + cell * Double(column) + cell / 2))\" y=\"\(n(gridY - 7))\" text-anchor=\"middle\" font-size=\"11\">\(esc(label))</text>"
    }
    body +=
      "<text x=\"\(n(gridX + gridWidth + totalWidth / 2))\" y=\"\(n(gridY - 7))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\">\(totalLabel)</text>\n"
    for (row, rowLabel) in map.rows.enumerated() {
      let y = gridY + rowHeight * Double(row)
      let label = esc(rowLabel)
      body += "<g class=\"row\" data-label=\"\(label)\">"
      body +=
        "<text x=\"\(n(gridX - 8))\" y=\"\(n(y + rowHeight / 2 + 4))\" text-anchor=\"end\" font-size=\"\(n(font))\">\(label)</text>"
      var sum = 0
      for (column, columnLabel) in map.columns.enumerated() {
        let count = map.count(row: row, column: column)
        sum += count
        let step = Self.step(count, top: top)
        let x = gridX + cell * Double(column)
        body += "<g class=\"cell\" data-row=\"\(row)\" data-column=\"\(column)\" data-count=\"\(count)\">"
        body += "<title>\(label) · \(esc(columnLabel)): \(count)</title>"
        body +=
          "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell))\" height=\"\(n(rowHeight))\" fill=\"\(heatColours[step])\" stroke=\"#fff\"/>"
        body +=
          "<text x=\"\(n(x + cell / 2))\" y=\"\(n(y + rowHeight / 2 + 4))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(step >= 4 ? "#fff" : count == 0 ? "#9aa5b1" : "#1f2933")\">\(count)</text></g>"
      }
      body +=
        "<text class=\"total\" x=\"\(n(gridX + gridWidth + totalWidth / 2))\" y=\"\(n(y + rowHeight / 2 + 4))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\">\(sum)</text>"
      body += "</g>\n"
    }
    // Legend: one swatch per colour step that holds any count.
    var legendX = margin
    let legendLabel = zh ? "图例（项）" : "Legend (records)"
    body +=
      "<text x=\"\(n(legendX))\" y=\"\(n(legendY + 13))\" font-size=\"11\" fill=\"#52606d\">\(legendLabel)</text>"
    legendX += textWidth(legendLabel, 11) + 10
    for step in 0...5 {
      guard let range = stepRange(step, top: top) else { continue }
      let text =
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
      body +=
        "<g class=\"legend\"><rect x=\"\(n(legendX))\" y=\"\(n(legendY + 2))\" width=\"16\" height=\"14\" fill=\"\(heatColours[step])\" stroke=\"#bcccdc\"/><text x=\"\(n(legendX + 20))\" y=\"\(n(legendY + 13))\" font-size=\"11\">\(text)</text></g>"
      legendX += 20 + textWidth(text, 11) + 12
    }
    body += "\n"
    let desc =
      zh
      ? "共 \(map.total) 项，\(map.rows.count) 行 × \(map.columns.count) 列，最大单元格 \(top) 项"
      : "\(map.total) in all, \(map.rows.count) rows × \(map.columns.count) columns, largest cell \(top)"
    return SVGChart(
      kind: .heatMap, title: title,
      svg: document(.heatMap, title: title, desc: desc, width: max(width, legendX + margin), height: height, body),
      isEmpty: false)
  }

  /// The colour step (0 for an empty cell, 1–5 otherwise) of `count` when the largest is `top`:
  /// the smallest step whose upper bound, `top × step / 5` rounded down, holds it.
  static func step(_ count: Int, top: Int) -> Int {
    guard count > 0, top > 0 else { return 0 }
    for step in 1...5 where count <= upperBound(step, top: top) { return step }
    return 5
  }

  /// The counts a colour step holds, `nil` when it holds none.
  static func stepRange(_ step: Int, top: Int) -> ClosedRange<Int>? {
    if step == 0 { return 0...0 }
    let lower = upperBound(step - 1, top: top) + 1
    let upper = upperBound(step, top: top)
    return lower <= upper ? lower...upper : nil
  }

  /// `top × step / 5` rounded down, without overflow.
  static func upperBound(_ step: Int, top: Int) -> Int { top / 5 * step + top % 5 * step / 5 }

  static let heatColours = ["#f5f7fa", "#dbe9f6", "#a9cce3", "#6baed6", "#3182bd", "#08519c"]

  // MARK: Monthly

  /// Activity by month: twelve groups of bars, one bar per series, each labelled with its count,
  /// a scale on the left and, for more than one series, a legend.
  ///
  /// - Parameters:
  ///   - series: the series (``MonthlySeries/counting(name:dates:year:)`` makes one from dates).
  ///   - title: the chart's title.
  ///   - locale: the language of the month names and the words the chart adds.
  /// - Returns: the "no data" panel when there is no series or every count is 0.
  public static func monthly(_ series: [MonthlySeries], title: String, locale: ReportLocale) -> SVGChart {
    let top = series.flatMap { s in (0..<12).map(s.count) }.max() ?? 0
    guard top > 0 else { return empty(.monthly, title: title, locale: locale) }
    let zh = locale == .zhCN
    let months =
      zh
      ? (1...12).map { "\($0)月" }
      : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let tick = niceStep(top)
    let scaleTop =
      ceilingDivision(top, tick).multipliedReportingOverflow(by: tick).overflow
      ? top : ceilingDivision(top, tick) * tick
    let barWidth = 14.0
    let group = max(44, Double(series.count) * (barWidth + 2) + 14)
    let margin = 12.0
    let axisWidth = textWidth(String(scaleTop), 11) + 12
    let legendHeight = series.count > 1 ? 24.0 : 0
    let plotX = margin + axisWidth
    let plotY = margin + legendHeight + 14
    let plotHeight = 180.0
    let width = plotX + group * 12 + margin
    let height = plotY + plotHeight + 24 + margin
    var body = ""
    if series.count > 1 {
      var x = plotX
      for (index, s) in series.enumerated() {
        body +=
          "<g class=\"legend\"><rect x=\"\(n(x))\" y=\"\(n(margin + 2))\" width=\"14\" height=\"12\" fill=\"\(palette[index % palette.count])\"/><text x=\"\(n(x + 18))\" y=\"\(n(margin + 12))\" font-size=\"12\">\(esc(s.name))</text></g>"
        x += 18 + textWidth(s.name, 12) + 16
      }
      body += "\n"
    }
    for value in stride(from: 0, through: scaleTop, by: tick) {
      let y = plotY + plotHeight - plotHeight * Double(value) / Double(scaleTop)
      body +=
        "<line x1=\"\(n(plotX))\" y1=\"\(n(y))\" x2=\"\(n(plotX + group * 12))\" y2=\"\(n(y))\" stroke=\"\(value == 0 ? "#7b8794" : "#e4e7eb")\"/>"
      body +=
        "<text x=\"\(n(plotX - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#52606d\">\(value)</text>"
    }
    body += "\n"
    for month in 0..<12 {
      let groupX = plotX + group * Double(month)
      let barsWidth = Double(series.count) * (barWidth + 2) - 2
      body += "<g class=\"month\" data-month=\"\(month + 1)\">"
      for (index, s) in series.enumerated() {
        let count = s.count(month)
        let h = plotHeight * Double(count) / Double(scaleTop)
        let x = groupX + (group - barsWidth) / 2 + Double(index) * (barWidth + 2)
        let y = plotY + plotHeight - h
        body += "<g class=\"bar\" data-series=\"\(esc(s.name))\" data-count=\"\(count)\">"
        body += "<title>\(esc(s.name)) · \(months[month]): \(count)</title>"
        if count > 0 {
          body +=
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(barWidth))\" height=\"\(n(h))\" fill=\"\(palette[index % palette.count])\"/>"
          body +=
            "<text x=\"\(n(x + barWidth / 2))\" y=\"\(n(y - 3))\" text-anchor=\"middle\" font-size=\"10\">\(count)</text>"
        }
        body += "</g>"
      }
      body +=
        "<text x=\"\(n(groupX + group / 2))\" y=\"\(n(plotY + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\">\(months[month])</text></g>\n"
    }
    let desc = series.map { s in
      let total = (0..<12).reduce(0) { $0 + s.count($1) }
      return zh ? "\(s.name)：全年 \(total)" : "\(s.name): \(total) in the year"
    }.joined(separator: zh ? "；" : "; ")
    return SVGChart(
      kind: .monthly, title: title,
      svg: document(.monthly, title: title, desc: desc, width: width, height: height, body),
      isEmpty: false)
  }

  /// A step of 1, 2 or 5 × 10ⁿ that divides `top` into at most five intervals.
  static func niceStep(_ top: Int) -> Int {
    var magnitude = 1
    while true {
      for factor in [1, 2, 5] {
        let (step, overflow) = factor.multipliedReportingOverflow(by: magnitude)
        if overflow { return magnitude }
        if ceilingDivision(top, step) <= 5 { return step }
      }
      let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
      if overflow { return magnitude }
      magnitude = next
    }
  }

  /// `value / divisor` rounded up, for positive numbers, without overflow.
  static func ceilingDivision(_ value: Int, _ divisor: Int) -> Int {
    value / divisor + (value % divisor == 0 ? 0 : 1)
  }

  // MARK: Shared

  /// The panel drawn when there is nothing to chart.
  static func empty(_ kind: Kind, title: String, locale: ReportLocale) -> SVGChart {
    let text = locale == .zhCN ? "暂无数据" : "No data"
    let body =
      "<rect x=\"1\" y=\"1\" width=\"478\" height=\"98\" rx=\"6\" fill=\"#f5f7fa\" stroke=\"#bcccdc\" stroke-dasharray=\"6 4\"/>"
      + "<text x=\"240\" y=\"56\" text-anchor=\"middle\" font-size=\"16\" fill=\"#52606d\">\(text)</text>\n"
    return SVGChart(
      kind: kind, title: title,
      svg: document(kind, title: title, desc: text, width: 480, height: 100, body, empty: true), isEmpty: true)
  }

  static func document(
    _ kind: Kind, title: String, desc: String, width: Double, height: Double, _ body: String, empty: Bool = false
  ) -> String {
    let w = n(width.rounded(.up))
    let h = n(height.rounded(.up))
    return
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-\(kind.rawValue)\"\(empty ? " data-empty=\"true\"" : "") viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-label=\"\(esc(title))\" font-family=\"\(HTMLReport.fontFamily)\" fill=\"#1f2933\">\n"
      + "<title>\(esc(title))</title>\n<desc>\(esc(desc))</desc>\n\(body)</svg>"
  }

  static let palette = ["#1f5fa8", "#e07b39", "#3a9d5d", "#8e5ea2", "#c94f4f", "#5a6b7b"]

  static func esc(_ text: String) -> String { HTMLReport.escape(text) }

  /// A coordinate with at most one decimal.
  static func n(_ value: Double) -> String { ReportFormat.number(value, digits: 1) }

  /// `7.3%`: `part` as a share of `whole`.
  static func percent(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "—" }
    return ReportFormat.number(Double(part) / Double(whole) * 100, digits: 1) + "%"
  }

  /// An estimate of the width of `text` at `size`: full-width characters (CJK) 1 em, others 0.6 em.
  static func textWidth(_ text: String, _ size: Double) -> Double {
    text.unicodeScalars.reduce(0.0) { $0 + (isWide($1) ? 1 : 0.6) } * size
  }

  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      true
    default: false
    }
  }
}
