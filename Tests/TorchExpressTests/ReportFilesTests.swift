import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

/// The main sample's `report.html` and `work-plan.md`.
@Suite struct ReportFilesTests {
  func run(locale: String? = nil) async throws -> RunOutcome {
    let url = samplesDirectory.appendingPathComponent("torch-express-2024.yaml")
    var yaml = try String(contentsOf: url, encoding: .utf8)
    if let locale { yaml = yaml.replacingOccurrences(of: "locale: zh-CN", with: "locale: \(locale)") }
    return try await PipelineRunner().run(
      try configuration(yaml, name: "torch-express-2024.yaml"), library: InMemoryLibrary())
  }

  /// The integer values of `attribute` on the elements whose opening tag starts with `prefix`.
  func values(_ attribute: String, in html: String, tag prefix: String) -> [Int] {
    html.components(separatedBy: prefix).dropFirst().compactMap { chunk in
      guard let range = chunk.range(of: " \(attribute)=\"") else { return nil }
      return Int(chunk[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  @Test func reportShowsTheFunnelOfRunJSON() async throws {
    let outcome = try await run()
    let file = try #require(outcome.files.first { $0.name == "report.html" })
    #expect(!file.isExternal)  // for the host's office
    let html = String(decoding: file.contents, as: UTF8.self)
    let runJSON = try JSONDecoder().decode(
      RunRecord.self, from: try #require(outcome.files.first { $0.name == "run.json" }).contents)
    let funnel = runJSON.funnel
    #expect(funnel.count == 5)
    let first = try #require(funnel.first)
    // The chart: entered screening, then each stage's output.
    #expect(values("data-count", in: html, tag: "<g class=\"stage\"") == [first.in] + funnel.map(\.out))
    // The table: every stage's name, plugin, in and out.
    for stage in funnel {
      #expect(
        html.contains(
          "<td>\(HTMLReport.escape(stage.stage))</td><td>\(stage.plugin)</td><td class=\"num\">\(stage.in)</td><td class=\"num\">\(stage.out)</td>"
        ), "\(stage.stage)")
    }
    // Key figures.
    #expect(html.contains("<div class=\"value\">\(runJSON.libraryAfter)</div><div class=\"label\">项目库（运行后）</div>"))
    #expect(html.contains("<div class=\"value\">\(runJSON.selected.count)</div><div class=\"label\">路演项目</div>"))
    #expect(html.contains("<div class=\"value\">\(runJSON.events.count)</div><div class=\"label\">路演活动</div>"))
    #expect(html.contains("<div class=\"value\">\(runJSON.followUpCases)</div><div class=\"label\">跟踪项目</div>"))
    for selected in runJSON.selected { #expect(html.contains("<td>\(HTMLReport.escape(selected.title))</td>")) }
    for event in runJSON.events { #expect(html.contains("<td>\(HTMLReport.escape(event.title))</td>")) }
    #expect(html.contains("<div class=\"progress\">"))
  }

  @Test func heatMapCountsAreTheScreenedRecordsFieldsAndLevels() async throws {
    let outcome = try await run()
    let html = try #require(text(outcome, "report.html"))
    // Every record that entered screening is counted once.
    let first = try #require(outcome.record.funnel.first)
    #expect(values("data-count", in: html, tag: "<g class=\"cell\"").reduce(0, +) == first.in)
    // The focus fields' records all pass the first stage (field_focus), so their cells can be
    // recomputed from that stage's list.
    let records = try #require(outcome.funnel.first).passed.map(\.achievement)
    let focus: Set<String> = ["智能机器人", "网络协同制造与智能工厂"]
    let fields = Set(records.compactMap(\.field)).intersection(focus)
    #expect(fields.count > 1)
    for field in fields {
      for level in 1...9 {
        let count = records.filter { $0.field == field && $0.readiness.value == level }.count
        #expect(html.contains("<title>\(HTMLReport.escape(field)) · \(level): \(count)</title>"), "\(field) \(level)")
      }
      let unknown = records.filter { $0.field == field && $0.readiness == .unknown }.count
      #expect(html.contains("<title>\(HTMLReport.escape(field)) · 未评估: \(unknown)</title>"), "\(field)")
    }
  }

  @Test func englishReportSpeaksEnglish() async throws {
    let outcome = try await run(locale: "en")
    let html = try #require(text(outcome, "report.html"))
    #expect(html.contains("<html lang=\"en\">"))
    for heading in ["Key figures", "Screening funnel", "Field × technology readiness", "Projects to pitch", "Events"] {
      #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
    }
    #expect(html.contains(">unknown</text>"))
  }

  @Test func workPlanFollowsTheTemplateOfThe2024Notice() async throws {
    let outcome = try await run()
    let md = try #require(text(outcome, "work-plan.md"))
    #expect(md.hasPrefix("# 2024年火炬科技成果直通车（智能制造专场）工作方案\n"))
    for heading in ["## 一、总体思路与目标", "## 二、必要性与基础优势", "## 三、组织架构与责任分工", "## 四、支撑保障", "## 五、活动安排"] {
      #expect(md.contains(heading + "\n"), "\(heading)")
    }
    #expect(md.contains("| 深圳证券交易所 | "))
    #expect(md.contains("| 活动时间 | 2024年9月（2024-09-20） |"))
    #expect(md.contains("| 活动地点 | 苏州高新区科技城会议中心（示例） |"))
    #expect(md.contains("| 活动规模 | 300人 |"))
    #expect(md.contains("| 活动主题 | 国家科技计划成果赋能智能制造（示例） |"))
    #expect(md.contains("### 活动日程安排"))
    // The agenda in outline: every pitched project is counted once.
    let projects = md.matches(of: /\| (\d+) 个项目 \|/).compactMap { Int($0.output.1) }
    #expect(projects.reduce(0, +) == outcome.record.selected.count)

    let english = try #require(text(try await run(locale: "en"), "work-plan.md"))
    #expect(english.contains("## 5. Event arrangements\n"))
    #expect(english.contains("| Time | September 2024 (2024-09-20) |"))
  }
}
