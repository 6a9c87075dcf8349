import Foundation
import Testing

@testable import RoadshowKernel

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Whether `svg` is well-formed XML (every chart must be, to work inline and on its own).
func isWellFormed(_ svg: String) -> Bool {
  XMLParser(data: Data(svg.utf8)).parse()
}

/// The integer values of `attribute` on the elements of `svg` whose opening tag matches `prefix`.
func attributeValues(_ attribute: String, in svg: String, tag prefix: String) -> [Int] {
  svg.components(separatedBy: prefix).dropFirst().compactMap { chunk in
    guard let range = chunk.range(of: " \(attribute)=\"") else { return nil }
    return Int(chunk[range.upperBound...].prefix { $0 != "\"" })
  }
}

@Suite struct SVGChartTests {
  func checkAccessible(_ chart: SVGChart, _ kind: SVGChart.Kind) {
    #expect(chart.kind == kind)
    #expect(isWellFormed(chart.svg), "\(chart.svg.prefix(300))")
    #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-\(kind.rawValue)\""))
    #expect(chart.svg.contains("role=\"img\""))
    #expect(chart.svg.contains("aria-label=\"\(HTMLReport.escape(chart.title))\""))
    #expect(chart.svg.contains("<title>\(HTMLReport.escape(chart.title))</title>"))
    #expect(chart.svg.contains("<desc>"))
    #expect(chart.svg.contains("'Noto Sans CJK SC'"))
    #expect(chart.svg.contains("viewBox=\"0 0 "))
  }

  // MARK: Funnel

  @Test func funnelLabelsEveryStageWithItsCountAndNarrows() {
    let stages = [
      FunnelBar(label: "进入筛选", count: 1373), FunnelBar(label: "对接领域", count: 160),
      FunnelBar(label: "初筛约100项", count: 100), FunnelBar(label: "确定路演项目", count: 15),
    ]
    let chart = SVGChart.funnel(stages, title: "筛选漏斗", locale: .zhCN)
    checkAccessible(chart, .funnel)
    #expect(!chart.isEmpty)
    #expect(attributeValues("data-count", in: chart.svg, tag: "<g class=\"stage\"") == [1373, 160, 100, 15])
    for stage in stages { #expect(chart.svg.contains(">\(stage.label)</text>")) }
    #expect(chart.svg.contains(">15</tspan>"))
    #expect(chart.svg.contains(">15%</tspan>"))  // 15 of 100
    // Bars narrow: widths follow the counts.
    let widths = chart.svg.components(separatedBy: "<rect ").dropFirst().compactMap { chunk -> Double? in
      guard let range = chunk.range(of: "width=\"") else { return nil }
      return Double(chunk[range.upperBound...].prefix { $0 != "\"" })
    }
    #expect(widths.count == 4)
    #expect(widths == widths.sorted(by: >))
    #expect(SVGChart.funnel(stages, title: "筛选漏斗", locale: .zhCN) == chart)  // deterministic
  }

  @Test func funnelWithoutDataIsANoDataPanel() {
    for stages in [[], [FunnelBar(label: "a", count: 0)], [FunnelBar(label: "a", count: -3)]] {
      let zh = SVGChart.funnel(stages, title: "筛选漏斗", locale: .zhCN)
      checkAccessible(zh, .funnel)
      #expect(zh.isEmpty)
      #expect(zh.svg.contains(">暂无数据</text>"))
      #expect(zh.svg.contains("data-empty=\"true\""))
      let en = SVGChart.funnel(stages, title: "Funnel", locale: .en)
      #expect(en.svg.contains(">No data</text>"))
    }
  }

  @Test func chartsEscapeLabelsAndTitles() {
    let hostile = "<script>x</script>&"
    let charts = [
      SVGChart.funnel([FunnelBar(label: hostile, count: 2)], title: hostile, locale: .en),
      .conversionChain(
        [ChainStep(label: hostile, count: 1, amount: 2)], title: hostile, amountUnit: hostile, locale: .en),
      .heatMap(
        HeatMap(rows: [hostile], columns: [hostile], counts: [[1]], rowTitle: hostile, columnTitle: hostile),
        title: hostile, locale: .en),
      .monthly(
        [MonthlySeries(name: hostile, counts: [1]), MonthlySeries(name: "b", counts: [2])], title: hostile, locale: .en),
    ]
    for chart in charts {
      #expect(!chart.svg.contains("<script"), "\(chart.kind)")
      #expect(chart.svg.contains("&lt;script&gt;x&lt;/script&gt;&amp;"), "\(chart.kind)")
      #expect(isWellFormed(chart.svg), "\(chart.kind)")
    }
  }

  // MARK: Conversion chain

  @Test func conversionChainShowsCountsAmountsAndShares() {
    let steps = [
      ChainStep(label: "洽谈", count: 40), ChainStep(label: "意向", count: 20),
      ChainStep(label: "签约", count: 10, amount: 1200), ChainStep(label: "技术合同登记", count: 8),
      ChainStep(label: "交易", count: 6, amount: 850.5), ChainStep(label: "融资", count: 3, amount: 3000),
      ChainStep(label: "落地", count: 0),
    ]
    let chart = SVGChart.conversionChain(steps, title: "转化链条", amountUnit: "万元", locale: .zhCN)
    checkAccessible(chart, .conversionChain)
    #expect(attributeValues("data-count", in: chart.svg, tag: "<g class=\"step\"") == steps.map(\.count))
    #expect(chart.svg.contains("data-amount=\"1200万元\""))
    #expect(chart.svg.contains(">850.5万元</text>"))
    #expect(chart.svg.contains(">50%</text>"))  // 20 of 40
    #expect(chart.svg.contains(">0%</text>"))  // 0 of 3
    #expect(chart.svg.components(separatedBy: "<g class=\"step\"").count == 8)
    let en = SVGChart.conversionChain(steps, title: "Chain", amountUnit: "10k yuan", locale: .en)
    #expect(en.svg.contains(">1200 10k yuan</text>"))
  }

  @Test func conversionChainWithoutDataIsANoDataPanel() {
    #expect(SVGChart.conversionChain([], title: "c", locale: .zhCN).isEmpty)
    #expect(SVGChart.conversionChain([ChainStep(label: "洽谈", count: 0)], title: "c", locale: .zhCN).isEmpty)
    // An amount alone is data.
    #expect(!SVGChart.conversionChain([ChainStep(label: "签约", count: 0, amount: 5)], title: "c", locale: .zhCN).isEmpty)
  }

  // MARK: Heat map

  static func records() -> [Achievement] {
    let spec: [(String?, TechnologyReadiness)] = [
      ("智能机器人", .level(6)), ("智能机器人", .level(6)), ("智能机器人", .level(4)), ("智能机器人", .unknown),
      ("增材制造与激光制造", .level(7)), ("增材制造与激光制造", .unknown), (nil, .level(2)), ("", .level(9)),
      ("网络协同制造与智能工厂", .level(1)),
    ]
    return spec.enumerated().map { index, item in
      Achievement(id: AchievementID("t:\(index)"), title: "成果\(index)", field: item.0, readiness: item.1)
    }
  }

  @Test func fieldByTRLCountsEveryRecordOnce() {
    let records = Self.records()
    let map = HeatMap.fieldByTRL(records, locale: .zhCN)
    #expect(map.columns == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "未评估"])
    #expect(map.rows == ["智能机器人", "增材制造与激光制造", "网络协同制造与智能工厂", "（未填写领域）"])
    #expect(map.total == records.count)
    for (row, field) in map.rows.enumerated() {
      for column in map.columns.indices {
        let expected = records.filter { record in
          let recordField = (record.field ?? "").isEmpty ? "（未填写领域）" : record.field ?? ""
          let recordColumn = record.readiness.value.map { $0 - 1 } ?? 9
          return recordField == field && recordColumn == column
        }.count
        #expect(map.count(row: row, column: column) == expected, "\(field) \(column)")
      }
    }
    #expect(HeatMap.fieldByTRL(records, locale: .en).columns.last == "unknown")
    #expect(HeatMap.fieldByTRL(records, locale: .en).rows.last == "(no field)")
  }

  @Test func heatMapCellsCarryTheRecordsCounts() {
    let records = Self.records()
    let map = HeatMap.fieldByTRL(records, locale: .zhCN)
    let chart = SVGChart.heatMap(map, title: "领域 × 技术成熟度", locale: .zhCN)
    checkAccessible(chart, .heatMap)
    let cells = chart.svg.components(separatedBy: "<g class=\"cell\" ").dropFirst()
    #expect(cells.count == map.rows.count * map.columns.count)
    var total = 0
    for cell in cells {
      let values = ["data-row", "data-column", "data-count"].map { name -> Int in
        guard let range = cell.range(of: "\(name)=\"") else { return -1 }
        return Int(cell[range.upperBound...].prefix { $0 != "\"" }) ?? -1
      }
      #expect(values[2] == map.count(row: values[0], column: values[1]))
      #expect(cell.contains(">\(values[2])</text>"))
      total += values[2]
    }
    #expect(total == records.count)
    // Row totals, column labels and a legend.
    #expect(attributeValues("x", in: chart.svg, tag: "<text class=\"total\"").count == map.rows.count)
    #expect(chart.svg.contains(">4</text></g>") || chart.svg.contains(">4</text>"))
    #expect(chart.svg.contains(">未评估</text>"))
    #expect(chart.svg.contains(">合计</text>"))
    #expect(chart.svg.contains("<g class=\"legend\">"))
    #expect(chart.svg.contains("<title>智能机器人 · 6: 2</title>"))
  }

  @Test func colourStepsCoverEveryCountOnceAndMatchTheLegend() {
    for top in 1...60 {
      for count in 0...top {
        let step = SVGChart.step(count, top: top)
        let range = SVGChart.stepRange(step, top: top)
        #expect(range?.contains(count) == true, "top \(top) count \(count) step \(step)")
      }
      #expect(SVGChart.step(top, top: top) == 5)
    }
  }

  @Test func heatMapWithoutDataIsANoDataPanel() {
    #expect(SVGChart.heatMap(HeatMap.fieldByTRL([], locale: .zhCN), title: "h", locale: .zhCN).isEmpty)
    #expect(SVGChart.heatMap(HeatMap(rows: ["a"], columns: [], counts: []), title: "h", locale: .en).isEmpty)
    #expect(SVGChart.heatMap(HeatMap(rows: ["a"], columns: ["b"], counts: [[0]]), title: "h", locale: .en).isEmpty)
    // A ragged matrix counts missing cells as 0 and ignores extra ones.
    let ragged = HeatMap(rows: ["a", "b"], columns: ["x", "y"], counts: [[1], [2, 3, 4]])
    #expect(ragged.total == 6)
    #expect(!SVGChart.heatMap(ragged, title: "h", locale: .en).isEmpty)
  }

  // MARK: Monthly

  @Test func monthlyBarsCarryTheirCounts() {
    let events = MonthlySeries(name: "路演活动", counts: [0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 1])
    let pitches = MonthlySeries.counting(
      name: "路演项目", dates: ["2024-09-20", "2024-09-21", "2024-03", "2023-09-01", "bad", "2024-13-01"], year: 2024)
    #expect(pitches.counts == [0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0])
    let chart = SVGChart.monthly([events, pitches], title: "按月活动", locale: .zhCN)
    checkAccessible(chart, .monthly)
    #expect(chart.svg.components(separatedBy: "<g class=\"month\"").count == 13)
    #expect(chart.svg.contains(">1月</text>") && chart.svg.contains(">12月</text>"))
    let counts = attributeValues("data-count", in: chart.svg, tag: "<g class=\"bar\"")
    #expect(counts.count == 24)
    #expect(counts == (0..<12).flatMap { [events.count($0), pitches.count($0)] })
    #expect(chart.svg.components(separatedBy: "<g class=\"legend\">").count == 3)
    #expect(chart.svg.contains("<title>路演活动 · 9月: 3</title>"))
    let en = SVGChart.monthly([events], title: "By month", locale: .en)
    #expect(en.svg.contains(">Jan</text>") && en.svg.contains(">Dec</text>"))
    #expect(!en.svg.contains("<g class=\"legend\">"))  // one series needs no legend
  }

  @Test func monthlyWithoutDataIsANoDataPanel() {
    #expect(SVGChart.monthly([], title: "m", locale: .zhCN).isEmpty)
    #expect(SVGChart.monthly([MonthlySeries(name: "a", counts: [])], title: "m", locale: .zhCN).isEmpty)
    #expect(
      SVGChart.monthly([MonthlySeries(name: "a", counts: Array(repeating: 0, count: 12))], title: "m", locale: .en)
        .isEmpty)
  }

  @Test func scaleStepsAreRound() {
    #expect(SVGChart.niceStep(1) == 1)
    #expect(SVGChart.niceStep(5) == 1)
    #expect(SVGChart.niceStep(7) == 2)
    #expect(SVGChart.niceStep(23) == 5)
    #expect(SVGChart.niceStep(1373) == 500)
    #expect(SVGChart.niceStep(Int.max / 2) > 0)
  }
}
