import Foundation

/// Renders the standard outputs of a run in the config's language: selection and decisions (CSV),
/// agenda, coaching checklists, follow-up plan, work summary and application form (Markdown).
struct ReportBuilder {
  let configuration: RoadshowConfiguration
  let record: RunRecord
  let funnel: [FunnelStage]
  let decisions: [StageDecision]

  var locale: ReportLocale { configuration.locale }
  var zh: Bool { locale == .zhCN }

  func t(_ zh: String, _ en: String) -> String { self.zh ? zh : en }

  /// The standard files, in order; without `decisions.csv` (the second) when `withDecisions`
  /// is `false` (the runner writes it on the other core and puts it in its place).
  func standardFiles(
    selected: [Candidate], plans: [CoachingPlan], events: [RoadshowEvent], cases: [FollowUpCase],
    screened: [Achievement]? = nil, withDecisions: Bool = true
  ) -> [OutputFile] {
    var files =
      [selectionCSV(selected)] + (withDecisions ? [decisionsCSV()] : [])
      + [summary(selected: selected, plans: plans, events: events, cases: cases), applicationForm()]
    if !events.isEmpty { files.append(agenda(events, records: selected.map(\.achievement) + funnelRecords)) }
    if !plans.isEmpty { files.append(coaching(plans)) }
    if !cases.isEmpty { files.append(followUp(cases)) }
    files += [
      workPlan(events: events),
      runReport(selected: selected, plans: plans, events: events, cases: cases, screened: screened),
    ]
    return files
  }

  /// The projects chosen to pitch, with score parts.
  func selectionCSV(_ selected: [Candidate]) -> OutputFile {
    OutputFile(name: "selection.csv", text: Self.candidateTable(selected, locale: locale))
  }

  /// A table of candidates with their score parts, shared by the selection and the shortlist.
  static func candidateTable(_ candidates: [Candidate], locale: ReportLocale) -> String {
    let partNames = candidates.flatMap { $0.scoreParts.map(\.name) }.reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    let zh = locale == .zhCN
    let header =
      (zh
        ? ["排名", "编号", "成果名称", "持有单位", "领域", "技术成熟度", "总分"]
        : ["rank", "id", "title", "institution", "field", "trl", "score"])
      + partNames.map { (zh ? "得分_" : "score_") + $0 } + [zh ? "企业意向" : "interest", zh ? "备注" : "notes"]
    let rows = candidates.enumerated().map { index, candidate -> [String] in
      let a = candidate.achievement
      let parts = partNames.map { name in
        candidate.scoreParts.first(where: { $0.name == name }).map { Self.number($0.value) } ?? ""
      }
      let interest = candidate.interest.map { "\($0.enterprise)(\($0.level.name(locale)))" }.joined(separator: "; ")
      return [
        String(index + 1), a.id.rawValue, a.title, a.institution ?? "", a.field ?? "",
        a.readiness.value.map(String.init) ?? (zh ? "未评估" : "unknown"), Self.number(candidate.score),
      ] + parts + [interest, candidate.flags.map { $0(locale) }.joined(separator: "; ")]
    }
    return CSVWriter.text(header: header, rows: rows)
  }

  /// Every decision of every stage on every record.
  func decisionsCSV() -> OutputFile {
    let header =
      zh
      ? ["阶段序号", "阶段", "插件", "编号", "结果", "规则", "得分", "原因"]
      : ["position", "stage", "plugin", "id", "outcome", "rule", "score", "reason"]
    // Straight into the file's bytes, field by field: no row of strings per decision.
    let passed = t("通过", "passed")
    let rejected = t("未通过", "rejected")
    var file = CSVRowWriter(header: header, capacity: decisions.count * 192)
    for d in decisions {
      file.field(d.position)
      file.field(d.stage)
      file.field(d.plugin)
      file.field(d.decision.achievement.rawValue)
      file.field(d.decision.passed ? passed : rejected)
      file.field(d.decision.rule)
      file.field(d.decision.score.map(Self.number) ?? "")
      file.field(d.decision.reason(locale))
      file.endRow()
    }
    return OutputFile(name: "decisions.csv", contents: file.data)
  }

  /// Every record the funnel saw past its first stage, for looking up agenda items.
  var funnelRecords: [Achievement] { funnel.first.map { $0.passed.map(\.achievement) } ?? [] }

  /// The agenda, for participants: items about a record that has not been cleared keep their
  /// slot but name no project (the record goes to the confidentiality to-do list).
  func agenda(_ events: [RoadshowEvent], records: [Achievement]) -> OutputFile {
    var byID: [AchievementID: Achievement] = [:]
    for record in records where byID[record.id] == nil { byID[record.id] = record }
    let mentioned = events.flatMap { $0.agenda.compactMap(\.achievement) + $0.achievements }.uniqued()
    let publication = configuration.publication.release(
      mentioned.map { byID[$0] ?? Achievement(id: $0, title: "") }, to: .participants)
    var md = "# \(configuration.programme.name) · \(t("活动议程", "Agenda"))\n\n"
    for event in events {
      md += "## \(event.title)\n\n"
      if let date = event.date { md += "- \(t("日期", "Date")): \(date)\n" }
      if let venue = event.venue { md += "- \(event.online ? t("渠道", "Channel") : t("地点", "Venue")): \(venue)\n" }
      md += "- \(t("形式", "Format")): \(event.online ? t("线上", "online") : t("现场", "on site")) (`\(event.format)`)\n\n"
      if !event.agenda.isEmpty {
        md +=
          "| \(t("时间", "Time")) | \(t("环节", "Segment")) | \(t("内容", "Item")) | \(t("人员", "People")) |\n|---|---|---|---|\n"
        for item in event.agenda {
          var title = item.title
          var people = item.people
          if let id = item.achievement, !publication.contains(id) {
            title = t("（项目待保密审查后公布）", "(project to be announced after confidentiality review)")
            people = []
          }
          md +=
            "| \(AgendaItem.clock(item.start))–\(AgendaItem.clock(item.end)) | \(item.segment.name(locale)) | \(Self.cell(title)) | \(Self.cell(people.joined(separator: t("、", ", ")))) |\n"
        }
        md += "\n"
      }
      let shown = event.achievements.filter(publication.contains).count
      if event.online, shown > 0 {
        md += t("线上展示项目 \(shown) 项，详见附表。\n\n", "\(shown) projects displayed online; see the attached list.\n\n")
      }
    }
    let conflicts = EventConflict.find(in: events)
    if !conflicts.isEmpty {
      md += "## \(t("时间冲突（请承办单位调整）", "Conflicts to resolve"))\n\n"
      md += conflicts.map { "- \($0.message(locale))\n" }.joined()
    }
    return OutputFile(name: "agenda.md", text: md, publication: publication)
  }

  /// `skipped-rows.csv`: every row the intake sources skipped, with file, row, column and reason.
  static func skippedRows(_ skipped: [Diagnostic], locale: ReportLocale) -> OutputFile {
    let header =
      locale == .zhCN ? ["文件", "行号", "列号", "列名", "原因"] : ["file", "line", "column", "header", "reason"]
    let rows = skipped.map { diagnostic -> [String] in
      [
        diagnostic.location?.file ?? "", diagnostic.location.map { String($0.line) } ?? "",
        diagnostic.location.map { String($0.column) } ?? "", diagnostic.keyPath, diagnostic.message(locale),
      ]
    }
    return OutputFile(name: "skipped-rows.csv", text: CSVWriter.text(header: header, rows: rows))
  }

  func coaching(_ plans: [CoachingPlan]) -> OutputFile {
    var md = "# \(configuration.programme.name) · \(t("路演辅导清单", "Coaching checklists"))\n\n"
    let gaps = plans.reduce(0) { $0 + $1.missing.count }
    md += t(
      "共 \(plans.count) 个路演项目，商业计划书待补充 \(gaps) 项。\n\n",
      "\(plans.count) projects to pitch; \(gaps) business-plan items still missing.\n\n")
    for (index, plan) in plans.enumerated() {
      md += "## \(index + 1). \(plan.title)\n\n`\(plan.achievement)`\n\n"
      for item in plan.items {
        md += "- [\(item.done ? "x" : " ")] \(item.title(locale))"
        if !item.done, let advice = item.advice { md += " — \(advice(locale))" }
        md += "\n"
      }
      if !plan.sessions.isEmpty {
        md += "\n\(t("辅导安排", "Sessions")):\n" + plan.sessions.map { "- \($0)\n" }.joined()
      }
      md += "\n"
    }
    return OutputFile(name: "coaching.md", text: md)
  }

  func followUp(_ cases: [FollowUpCase]) -> OutputFile {
    var md = "# \(configuration.programme.name) · \(t("跟踪服务计划", "Follow-up plan"))\n\n"
    md += t("对全部 \(cases.count) 个路演项目进行长期跟踪。\n\n", "All \(cases.count) pitched projects are tracked.\n\n")
    for (index, item) in cases.enumerated() {
      md += "## \(index + 1). \(item.title)\n\n"
      md += "- \(t("服务", "Services")): \(item.services.map { $0.name(locale) }.joined(separator: t("、", ", ")))\n"
      if !item.leads.isEmpty {
        md += "- \(t("意向企业", "Interested enterprises")): \(item.leads.joined(separator: t("、", ", ")))\n"
      }
      md += "\n| \(t("节点", "Checkpoint")) | \(t("日期", "Due")) | \(t("检查内容", "Check")) |\n|---|---|---|\n"
      for milestone in item.milestones {
        md +=
          "| \(t("路演后 \(milestone.monthsAfterEvent) 个月", "\(milestone.monthsAfterEvent) months after")) | \(milestone.due ?? "—") | \(Self.cell(milestone.check(locale))) |\n"
      }
      md += "\n"
    }
    return OutputFile(name: "follow-up.md", text: md)
  }

  func summary(selected: [Candidate], plans: [CoachingPlan], events: [RoadshowEvent], cases: [FollowUpCase])
    -> OutputFile
  {
    let host = configuration.host
    var md = "# \(configuration.programme.name) · \(t("工作总结", "Work summary"))\n\n"
    md += "## \(t("一、基本情况", "1. Overview"))\n\n"
    md += "- \(t("承办单位", "Host")): \(host.name)\n"
    if let organiser = configuration.programme.organiser { md += "- \(t("主办单位", "Organiser")): \(organiser)\n" }
    if let field = host.industryField { md += "- \(t("对接产业领域", "Industry field")): \(field)\n" }
    if let date = configuration.eventDate { md += "- \(t("路演日期", "Date")): \(date)\n" }
    if let venue = host.venue { md += "- \(t("活动地点", "Venue")): \(venue)\n" }
    let tracks = configuration.tracks.map { configuration.trackNames[$0]?(locale) ?? $0 }
    md += "- \(t("行动方向", "Tracks")): \(tracks.joined(separator: t("、", ", ")))\n\n"

    md += "## \(t("二、成果征集", "2. Intake"))\n\n"
    md += t(
      "项目库运行前 \(record.libraryBefore) 项，运行后 \(record.libraryAfter) 项。\n\n",
      "The project library held \(record.libraryBefore) records before the run and \(record.libraryAfter) after.\n\n")
    md +=
      "| \(t("来源", "Source")) | \(t("读取行", "Rows")) | \(t("新增", "Added")) | \(t("更新", "Updated")) | \(t("未变", "Unchanged")) | \(t("跳过", "Skipped")) |\n|---|---|---|---|---|---|\n"
    for count in record.intake {
      md +=
        "| \(count.stage) | \(count.rows) | \(count.added) | \(count.updated) | \(count.unchanged) | \(count.skipped) |\n"
    }

    md += "\n## \(t("三、项目筛选", "3. Screening funnel"))\n\n"
    md +=
      "| # | \(t("阶段", "Stage")) | \(t("插件", "Plugin")) | \(t("输入", "In")) | \(t("输出", "Out")) |\n|---|---|---|---|---|\n"
    for (index, stage) in record.funnel.enumerated() {
      md += "| \(index + 1) | \(stage.stage) | `\(stage.plugin)` | \(stage.in) | \(stage.out) |\n"
    }
    let unknown = selected.filter { $0.achievement.readiness == .unknown }.count
    md +=
      "\n"
      + t(
        "最终确定路演项目 \(selected.count) 个，其中技术成熟度未评估 \(unknown) 个。\n\n",
        "\(Self.count(selected.count, "project")) chosen to pitch, \(unknown) of them with unassessed maturity.\n\n")
    // The summary stays a summary: a funnel that selects thousands lists them in selection.csv.
    for (index, candidate) in selected.prefix(Self.summaryListLimit).enumerated() {
      let a = candidate.achievement
      let about = "\(a.institution ?? "—")\(t("，", ", "))\(a.readiness)"
      md += "\(index + 1). \(a.title)\(t("（\(about)）", " (\(about))"))\n"
    }
    if selected.count > Self.summaryListLimit {
      md += t(
        "……另有 \(selected.count - Self.summaryListLimit) 个，完整名单见 selection.csv。\n",
        "… and \(selected.count - Self.summaryListLimit) more; selection.csv lists them all.\n")
    }

    md += "\n## \(t("四、路演辅导", "4. Coaching"))\n\n"
    md += t(
      "辅导项目 \(plans.count) 个，商业计划书待补充 \(record.coachingGaps) 项。\n",
      "\(plans.count) projects coached; \(record.coachingGaps) business-plan items still missing.\n")

    md += "\n## \(t("五、路演活动", "5. Events"))\n\n"
    for event in events {
      md += "- \(event.title)\(t("：", ": "))\(event.online ? t("线上", "online") : t("现场", "on site"))\(t("，", ", "))"
      md += t(
        "\(event.achievements.count) 个项目，议程 \(event.agenda.count) 项\n",
        "\(Self.count(event.achievements.count, "project")), \(Self.count(event.agenda.count, "agenda item"))\n")
    }
    if events.isEmpty { md += t("未配置活动形式。\n", "No event format configured.\n") }
    for conflict in EventConflict.find(in: events) {
      md += "- \(t("⚠ 时间冲突", "⚠ Conflict"))\(t("：", ": "))\(conflict.message(locale))\n"
    }

    md += "\n## \(t("六、跟踪服务", "6. Follow-up"))\n\n"
    md += t("跟踪项目 \(cases.count) 个。\n", "\(cases.count) projects tracked.\n")

    if !record.indicators.isEmpty {
      md += "\n## \(t("七、目标进展", "7. Progress against targets"))\n\n"
      md +=
        "| \(t("指标", "Indicator")) | \(t("当前", "Now")) | \(t("目标", "Target")) | \(t("完成率", "Done")) | \(t("依据", "Source")) |\n|---|---|---|---|---|\n"
      for indicator in record.indicators {
        let unit = indicator.unit?(locale) ?? ""
        let target = indicator.target.map { Self.number($0) + unit } ?? "—"
        let share =
          indicator.target.flatMap { $0 > 0 ? String(format: "%.1f%%", indicator.value / $0 * 100) : nil } ?? "—"
        md +=
          "| \(indicator.name(locale)) | \(Self.number(indicator.value))\(unit) | \(target) | \(share) | \(indicator.source ?? "") |\n"
      }
    }

    md += "\n## \(t("八、经验、不足与建议", "8. Lessons, problems and suggestions"))\n\n"
    // Only a funnel that collected enterprise responses can say who got none.
    if funnel.contains(where: { $0.passed.contains { !$0.interest.isEmpty } }) {
      let noResponse = selected.filter { $0.interest.isEmpty }.count
      md +=
        "- " + t("路演项目中无企业反馈意向的：\(noResponse) 个。", "Pitched projects without any enterprise response: \(noResponse).")
        + "\n"
    }
    md +=
      "- "
      + t(
        "技术成熟度未评估的路演项目：\(unknown) 个，建议组织专家补充评估。",
        "Pitched projects with unassessed maturity: \(unknown); expert assessment recommended.") + "\n"
    md += "\n" + t("本总结须于当年底前报送科技部火炬中心（001 §4.10）。\n", "Due to the Torch Centre by the end of the year (001 §4.10).\n")
    return OutputFile(name: "summary.md", text: md)
  }

  /// The host's application form (001 annex 2), filled from the config.
  func applicationForm() -> OutputFile {
    let host = configuration.host
    let year = configuration.programme.year.map(String.init) ?? ""
    var md = "# \(t("\(year)年度科技成果直通车工作申报表", "\(year) S&T Achievement Express: host application form"))\n\n"
    md += "| \(t("项目", "Field")) | \(t("内容", "Entry")) |\n|---|---|\n"
    let rows: [(String, String, String?)] = [
      ("承办单位", "Host", host.name),
      ("拟对接的产业领域", "Industry field", host.industryField),
      ("活动时间（月份）", "Month", host.month.map(String.init)),
      ("活动地点", "Venue", host.venue),
      ("活动规模", "Scale (persons)", host.scale.map(String.init)),
      ("联系人及联系方式", "Contact", host.contact),
      ("工作思路（150字以内）", "Work idea (≤150 chars)", host.workIdea),
      ("对科技成果的需求描述（100字以内）", "Demand for achievements (≤100 chars)", host.achievementDemand),
      ("条件保障情况（100字以内）", "Conditions (≤100 chars)", host.conditions),
      ("省级科技管理部门审核意见（盖章）", "Provincial review opinion (seal)", host.provincialOpinion),
    ]
    for (zhName, enName, value) in rows {
      md += "| \(t(zhName, enName)) | \(Self.cell(value ?? "")) |\n"
    }
    return OutputFile(name: "application-form.md", text: md)
  }

  static func json<T: Encodable>(_ value: T, name: String) throws -> OutputFile {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return OutputFile(name: name, contents: try encoder.encode(value))
  }

  /// How many selected projects the work summary names one by one.
  static let summaryListLimit = 100

  static func number(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    var text = ReportFormat.fixed(value, digits: 3)
    while text.utf8.last == UInt8(ascii: "0") { text.removeLast() }
    return text
  }

  static func cell(_ text: String) -> String { ReportFormat.tableCell(text) }

  /// `1 project`, `2 projects` (English only; Chinese needs no plural).
  static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
}

/// Shared table rendering for plugins that write their own candidate lists.
public enum CandidateTable {
  /// CSV text of `candidates` with rank, record fields, score parts, interest and notes.
  public static func csv(_ candidates: [Candidate], locale: ReportLocale) -> String {
    ReportBuilder.candidateTable(candidates, locale: locale)
  }
}
