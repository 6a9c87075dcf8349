import Foundation
import Testing

@testable import RoadshowKernel

/// The work plan (000 annex) and the run report, from configs built in code.
@Suite struct WorkPlanTests {
  func configuration(
    locale: String = "zh-CN", host: KeyValuePairs<String, Any> = ["name": "测试承办单位"],
    workPlan: KeyValuePairs<String, Any>? = nil
  ) throws -> RoadshowConfiguration {
    var entries: [(String, Any)] = [
      ("programme", ["name": "测试专场", "year": "2024"] as KeyValuePairs<String, Any>),
      ("locale", locale), ("tracks", ["test"]), ("host", host),
      ("intake", [["plugin": "test.intake"] as KeyValuePairs<String, Any>]),
      ("screening", [["plugin": "test.odd"] as KeyValuePairs<String, Any>]),
    ]
    if let workPlan { entries.append(("work_plan", workPlan)) }
    let at = SourceLocation(file: "test.yaml", line: 1, column: 1)
    let root = ConfigNode(
      .mapping(entries.map { ConfigEntry(key: $0.0, keyLocation: at, value: node($0.1)) }), at: at)
    return try RoadshowConfiguration.build(root: root, file: "test.yaml", text: "", registry: try testRegistry())
  }

  func file(_ configuration: RoadshowConfiguration, _ name: String) async throws -> (OutputFile, String) {
    let outcome = try await PipelineRunner().run(configuration, library: InMemoryLibrary())
    let file = try #require(outcome.files.first { $0.name == name })
    return (file, String(decoding: file.contents, as: UTF8.self))
  }

  static var fullPlan: KeyValuePairs<String, Any> {
    [
      "approach": "聚焦智能制造，推动成果落地。",
      "goals": ["初筛约100项", "路演10–20项"],
      "necessity": "供给质量不高、受众企业不优、对接渠道不畅。",
      "strengths": ["产业基础好"],
      "organisation": [
        ["unit": "承办单位甲", "responsibility": "组织路演"] as KeyValuePairs<String, Any>,
        ["unit": "机构乙", "responsibility": "筛选 | 辅导"] as KeyValuePairs<String, Any>,
      ],
      "support": ["专项经费", "路演场地"],
      "theme": "成果赋能制造",
    ]
  }

  @Test func fullWorkPlanHasEverySectionOfTheTemplate() async throws {
    let config = try configuration(
      host: ["name": "测试承办单位", "month": "9", "venue": "科技城", "scale": "300", "contact": "王五 0512-1"],
      workPlan: Self.fullPlan)
    #expect(config.workPlan.organisation.count == 2)
    let (file, md) = try await file(config, "work-plan.md")
    #expect(!file.isExternal)
    for heading in ["## 一、总体思路与目标", "## 二、必要性与基础优势", "## 三、组织架构与责任分工", "## 四、支撑保障", "## 五、活动安排"] {
      #expect(md.contains(heading + "\n"), "\(heading)")
    }
    #expect(md.hasPrefix("# 测试专场工作方案\n"))
    #expect(md.contains("聚焦智能制造，推动成果落地。"))
    #expect(md.contains("1. 初筛约100项\n2. 路演10–20项\n"))
    #expect(md.contains("- 产业基础好\n"))
    #expect(md.contains("| 机构乙 | 筛选 \\| 辅导 |"))
    #expect(md.contains("- 专项经费\n- 路演场地\n"))
    #expect(md.contains("| 活动时间 | 2024年9月 |"))
    #expect(md.contains("| 活动地点 | 科技城 |"))
    #expect(md.contains("| 活动规模 | 300人 |"))
    #expect(md.contains("| 活动主题 | 成果赋能制造 |"))
    #expect(md.contains("联系人及联系方式: 王五 0512-1"))
  }

  @Test func sectionsTheConfigGivesNothingForAreLeftOut() async throws {
    let (_, bare) = try await file(try configuration(), "work-plan.md")
    #expect(bare.contains("## 一、活动安排\n"))
    for missing in ["总体思路", "必要性", "组织架构", "支撑保障", "活动时间", "活动地点", "活动规模", "（模板）", "待填写"] {
      #expect(!bare.contains(missing), "\(missing)")
    }
    #expect(bare.contains("| 活动主题 | 测试专场 |"))  // the programme's name

    let (_, partial) = try await file(
      try configuration(
        workPlan: ["organisation": [["unit": "甲", "responsibility": "乙"] as KeyValuePairs<String, Any>]]),
      "work-plan.md")
    #expect(partial.contains("## 一、组织架构与责任分工\n"))
    #expect(partial.contains("## 二、活动安排\n"))
    #expect(!partial.contains("总体思路"))
  }

  @Test func theApplicationFormFillsTheApproachAndSupport() async throws {
    let (_, md) = try await file(
      try configuration(host: ["name": "测试承办单位", "work_idea": "以需求为导向。", "conditions": "提供中试平台。"]),
      "work-plan.md")
    #expect(md.contains("## 一、总体思路与目标\n\n以需求为导向。\n"))
    #expect(md.contains("## 二、支撑保障\n\n- 提供中试平台。\n"))
    // The plan's own keys win.
    let (_, own) = try await file(
      try configuration(
        host: ["name": "测试承办单位", "work_idea": "以需求为导向。", "conditions": "提供中试平台。"],
        workPlan: ["approach": "自有思路", "support": ["自有保障"]]), "work-plan.md")
    #expect(own.contains("自有思路") && !own.contains("以需求为导向"))
    #expect(own.contains("- 自有保障") && !own.contains("提供中试平台"))
  }

  @Test func englishWorkPlanHasNoChineseOfItsOwn() async throws {
    let (_, md) = try await file(
      try configuration(
        locale: "en", host: ["name": "Host", "month": "9", "scale": "300"],
        workPlan: [
          "approach": "Approach.", "goals": ["G"], "necessity": "N", "strengths": ["S"],
          "organisation": [["unit": "U", "responsibility": "R"] as KeyValuePairs<String, Any>], "support": ["P"],
        ]),
      "work-plan.md")
    for heading in [
      "## 1. Approach and goals", "## 2. Necessity and strengths", "## 3. Organisation and responsibilities",
      "## 4. Support", "## 5. Event arrangements",
    ] {
      #expect(md.contains(heading + "\n"), "\(heading)")
    }
    #expect(md.contains("| Time | September 2024 |"))
    #expect(md.contains("| Scale | 300 persons |"))
    #expect(md.contains("| Theme | 测试专场 |"))
    let own = md.replacingOccurrences(of: "测试专场", with: "")
    #expect(
      !own.unicodeScalars.contains { (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) })
  }

  @Test func workPlanKeysAreValidated() {
    #expect(throws: ConfigurationError.self) {
      try configuration(workPlan: ["organisation": [["unit": "甲"] as KeyValuePairs<String, Any>]])
    }
    #expect(throws: ConfigurationError.self) { try configuration(workPlan: ["aproach": "x"]) }
    #expect(throws: ConfigurationError.self) { try configuration(workPlan: ["goals": "not a list"]) }
  }

  @Test func chineseNumeralsNumberTheSections() {
    #expect(
      (1...12).map(ReportBuilder.chineseNumeral) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"])
  }

  // MARK: report.html

  @Test func runReportIsAHostFileWithTheFunnelOfTheRun() async throws {
    let config = try configuration(host: ["name": "<承办> & 单位"])
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    let file = try #require(outcome.files.first { $0.name == "report.html" })
    #expect(!file.isExternal)
    let html = String(decoding: file.contents, as: UTF8.self)
    #expect(html.contains("<html lang=\"zh-CN\">"))
    #expect(html.contains("&lt;承办&gt; &amp; 单位"))
    #expect(!html.contains("<承办>"))
    let funnel = try #require(outcome.record.funnel.first)
    #expect(
      attributeValues("data-count", in: html, tag: "<g class=\"stage\"") == [funnel.in]
        + outcome.record.funnel.map(\.out))
    // The heat map shows every record that entered screening: TRLs 3 to 7 (ids 1 to 5), one each.
    let cells = attributeValues("data-count", in: html, tag: "<g class=\"cell\"")
    #expect(cells.reduce(0, +) == funnel.in)
    #expect(html.contains("<title>（未填写领域） · 3: 1</title>"))
    #expect(html.contains("<title>（未填写领域） · 4: 1</title>"))
    #expect(html.contains("<title>（未填写领域） · 8: 0</title>"))
    for record in outcome.record.selected { #expect(html.contains("<td>\(record.title)</td>")) }
  }
}
