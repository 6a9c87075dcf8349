import Foundation
import Testing

@testable import RoadshowKernel

@Suite struct HTMLReportTests {
  static let hostile = "<script>alert(\"x\")</script> R&D 'quoted'"

  @Test func escapesEveryTextItIsGiven() {
    var report = HTMLReport(
      title: Self.hostile, locale: .zhCN, subtitle: Self.hostile, audienceNote: "内部 & <b>")
    report.section(Self.hostile)
    report.heading(Self.hostile)
    report.paragraph(Self.hostile)
    report.note(Self.hostile)
    report.list([Self.hostile, "机器人&控制"])
    report.table(header: [Self.hostile], rows: [[Self.hostile], ["机器人&控制"]], caption: Self.hostile)
    report.keyFigures([KeyFigure(label: Self.hostile, value: "<1>", detail: Self.hostile)])
    report.facts([KeyValue(Self.hostile, Self.hostile)])
    report.progress([ProgressBar(label: Self.hostile, share: 0.5, figure: Self.hostile)])
    report.chart(.funnel([FunnelBar(label: Self.hostile, count: 3)], title: Self.hostile, locale: .zhCN))
    let html = report.render()
    #expect(!html.contains("<script"))
    #expect(!html.contains("<b>"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; R&amp;D &#39;quoted&#39;"))
    #expect(html.contains("<li>机器人&amp;控制</li>"))
    #expect(html.contains("<td>机器人&amp;控制</td>"))
    #expect(html.contains("<div class=\"value\">&lt;1&gt;</div>"))
    // No bare `&` anywhere: every ampersand starts a character reference.
    let bare = html.ranges(of: "&").filter { range in
      let rest = html[range.lowerBound...].prefix(8)
      return
        !(rest.hasPrefix("&amp;") || rest.hasPrefix("&lt;") || rest.hasPrefix("&gt;")
        || rest.hasPrefix("&quot;") || rest.hasPrefix("&#39;"))
    }
    #expect(bare.isEmpty)
  }

  @Test func escapeHandlesControlCharactersAndKeepsChinese() {
    #expect(HTMLReport.escape("a\u{0}b\u{7}c\td\ne") == "a\u{FFFD}b\u{FFFD}c\td\ne")
    #expect(HTMLReport.escape("智能制造（示例）") == "智能制造（示例）")
    #expect(HTMLReport.escape("") == "")
  }

  @Test func isOneSelfContainedDocumentInItsLanguage() {
    for locale in ReportLocale.allCases {
      var report = HTMLReport(title: "T", locale: locale)
      report.section("A")
      report.paragraph("x")
      report.section("B")
      report.chart(.monthly([], title: "m", locale: locale))
      let html = report.render()
      #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(locale.rawValue)\">"))
      #expect(html.contains("<meta charset=\"utf-8\">"))
      #expect(html.hasSuffix("</html>\n"))
      #expect(html.components(separatedBy: "<style>").count == 2)
      #expect(html.components(separatedBy: "<section>").count == 3)
      #expect(html.components(separatedBy: "</section>").count == 3)
      // Opens offline: nothing is fetched.
      for external in ["<script", "<link", "<img", "@import", "url(", "https://", "src="] {
        #expect(!html.contains(external), "\(external)")
      }
      // The only URL is the SVG namespace, which is never fetched.
      #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http") == false)
    }
  }

  @Test func printsOnA4WithAPageBreakBetweenSections() {
    let css = HTMLReport.stylesheet
    #expect(css.contains("@page { size: A4;"))
    #expect(css.contains("@media print"))
    #expect(css.contains("section + section { break-before: page; }"))
    #expect(css.contains("break-inside: avoid"))
    #expect(css.contains("'Noto Sans CJK SC'") && css.contains("'Microsoft YaHei'") && css.contains("'PingFang SC'"))
  }

  @Test func tablesAreRectangularAndAlignNumbers() {
    let table = HTMLTable(header: ["名称", "数量"], rows: [["甲"], ["乙", "2", "多余"]], numeric: [1])
    let html = table.render()
    #expect(html.contains("<th scope=\"col\">名称</th><th scope=\"col\" class=\"num\">数量</th><th scope=\"col\"></th>"))
    #expect(html.contains("<tr><td>甲</td><td class=\"num\"></td><td></td></tr>"))
    #expect(html.contains("<tr><td>乙</td><td class=\"num\">2</td><td>多余</td></tr>"))
  }

  @Test func emptyListsAndTilesAddNothing() {
    var report = HTMLReport(title: "T", locale: .en)
    report.list([])
    report.keyFigures([])
    report.facts([])
    report.progress([])
    #expect(report.blocks.isEmpty)
  }

  @Test func progressBarsAreClampedAndSurviveBadShares() {
    var report = HTMLReport(title: "T", locale: .en)
    report.progress([
      ProgressBar(label: "over", share: 1.7, figure: "170%"), ProgressBar(label: "nan", share: .nan, figure: "—"),
      ProgressBar(label: "half", share: 0.5, figure: "50%"),
    ])
    let html = report.render()
    #expect(html.contains("width: 100%"))
    #expect(html.contains("width: 0%"))
    #expect(html.contains("width: 50%"))
    #expect(!html.contains("nan%"))
  }
}
