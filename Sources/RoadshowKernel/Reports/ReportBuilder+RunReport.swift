import Foundation

extension ReportBuilder {
  /// `report.html`: the run for people to look at, in one self-contained file next to
  /// `summary.md` (opens offline, prints on A4): key figures, the funnel chart, the field × TRL
  /// heat map of the records screened, the projects chosen, the events, follow-up and progress.
  ///
  /// It is a file for the host's office: it may name records not yet cleared for publication.
  ///
  /// - Parameter screened: the records whose fields and maturity the heat map shows; by default
  ///   the records that passed the funnel's first stage (the report builder is not given the
  ///   library the first stage screened).
  func runReport(
    selected: [Candidate], plans: [CoachingPlan], events: [RoadshowEvent], cases: [FollowUpCase],
    screened: [Achievement]? = nil
  ) -> OutputFile {
    let host = configuration.host
    let subtitle = [host.name, configuration.eventDate, t("运行 ", "run ") + record.id].compactMap { $0 }
      .joined(separator: " · ")
    var report = HTMLReport(
      title: "\(configuration.programme.name) · \(t("运行报告", "Run report"))", locale: locale, subtitle: subtitle,
      audienceNote: t(
        "仅供承办单位内部使用：可能含未经保密审查的成果", "For the host's office only: may name records not yet cleared for publication"))

    // Key figures.
    report.section(t("关键数据", "Key figures"))
    let entered = record.funnel.first?.in ?? 0
    let onSite = events.filter { !$0.online }.count
    report.keyFigures([
      KeyFigure(
        label: t("项目库（运行后）", "Project library (after)"), value: String(record.libraryAfter),
        detail: t("运行前 \(record.libraryBefore) 项", "before the run: \(record.libraryBefore)")),
      KeyFigure(label: t("进入筛选", "Entered screening"), value: String(entered)),
      KeyFigure(
        label: t("筛选阶段", "Screening stages"), value: String(record.funnel.count),
        detail: record.funnel.map { String($0.out) }.joined(separator: " → ")),
      KeyFigure(
        label: t("路演项目", "Projects to pitch"), value: String(selected.count),
        detail: t(
          "技术成熟度未评估 \(selected.filter { $0.achievement.readiness == .unknown }.count) 个",
          "unassessed maturity: \(selected.filter { $0.achievement.readiness == .unknown }.count)")),
      KeyFigure(
        label: t("路演活动", "Events"), value: String(events.count),
        detail: t("现场 \(onSite) 场，线上 \(events.count - onSite) 场", "on site \(onSite), online \(events.count - onSite)")),
      KeyFigure(
        label: t("辅导项目", "Projects coached"), value: String(plans.count),
        detail: t("待补充 \(record.coachingGaps) 项", "\(record.coachingGaps) items missing")),
      KeyFigure(label: t("跟踪项目", "Follow-up cases"), value: String(cases.count)),
    ])
    if !record.intake.isEmpty {
      report.table(
        header: [
          t("征集来源", "Intake source"), t("读取行", "Rows"), t("新增", "Added"), t("更新", "Updated"),
          t("未变", "Unchanged"), t("跳过", "Skipped"),
        ],
        rows: record.intake.map {
          [$0.stage, String($0.rows), String($0.added), String($0.updated), String($0.unchanged), String($0.skipped)]
        }, numeric: [1, 2, 3, 4, 5])
    }

    // The funnel.
    report.section(t("筛选漏斗", "Screening funnel"))
    let bars =
      (record.funnel.first.map { [FunnelBar(label: t("进入筛选", "Entered screening"), count: $0.in)] } ?? [])
      + record.funnel.map { FunnelBar(label: $0.stage, count: $0.out) }
    report.chart(.funnel(bars, title: t("筛选漏斗：各阶段通过数", "Screening funnel: records passing each stage"), locale: locale))
    report.table(
      header: ["#", t("阶段", "Stage"), t("插件", "Plugin"), t("输入", "In"), t("输出", "Out"), t("通过率", "Passed")],
      rows: record.funnel.enumerated().map { index, stage in
        [
          String(index + 1), stage.stage, stage.plugin, String(stage.in), String(stage.out),
          SVGChart.percent(stage.out, of: stage.in),
        ]
      }, numeric: [0, 3, 4, 5])

    // Field × TRL.
    report.section(t("领域 × 技术成熟度", "Field × technology readiness"))
    let records = screened ?? funnelRecords
    if screened != nil {
      report.paragraph(t("进入筛选的成果共 \(records.count) 项。", "\(records.count) records entered screening."))
    } else if let first = record.funnel.first {
      report.paragraph(
        t(
          "通过第一阶段“\(first.stage)”的成果共 \(records.count) 项（进入筛选 \(first.in) 项）。",
          "\(records.count) records passed the first stage, \(first.stage) (\(first.in) entered screening)."))
    }
    report.chart(
      .heatMap(
        .fieldByTRL(records, locale: locale),
        title: t("成果数量：领域 × 技术成熟度", "Records by field and technology readiness"), locale: locale))

    // The projects chosen.
    report.section(t("路演项目", "Projects to pitch"))
    report.table(
      header: [
        "#", t("成果名称", "Title"), t("持有单位", "Institution"), t("领域", "Field"), t("技术成熟度", "TRL"), t("总分", "Score"),
        t("企业反馈", "Enterprise responses"),
      ],
      rows: selected.prefix(Self.summaryListLimit).enumerated().map { index, candidate in
        let a = candidate.achievement
        return [
          String(index + 1), a.title, a.institution ?? "", a.field ?? "",
          a.readiness.value.map(String.init) ?? t("未评估", "unknown"),
          Self.number((candidate.score * 1000).rounded() / 1000),
          String(candidate.interest.count),
        ]
      }, numeric: [0, 4, 5, 6])
    if selected.count > Self.summaryListLimit {
      report.note(
        t(
          "另有 \(selected.count - Self.summaryListLimit) 个，完整名单见 selection.csv。",
          "… and \(selected.count - Self.summaryListLimit) more; selection.csv lists them all."))
    }
    if selected.isEmpty { report.paragraph(t("未选出路演项目。", "No project was chosen to pitch.")) }

    // Events.
    report.section(t("路演活动", "Events"))
    if events.isEmpty {
      report.paragraph(t("未配置活动形式。", "No event format configured."))
    } else {
      report.table(
        header: [
          t("活动", "Event"), t("日期", "Date"), t("形式", "Format"), t("地点或渠道", "Venue or channel"),
          t("项目", "Projects"), t("议程", "Agenda items"),
        ],
        rows: events.map { event in
          [
            event.title, event.date ?? "—", event.online ? t("线上", "online") : t("现场", "on site"), event.venue ?? "—",
            String(event.achievements.count), String(event.agenda.count),
          ]
        }, numeric: [4, 5])
      for event in events where !event.agenda.isEmpty {
        report.heading(event.title + (event.date.map { " · \($0)" } ?? ""))
        report.table(
          header: [t("时间", "Time"), t("环节", "Segment"), t("内容", "Item")],
          rows: agendaOutline(event.agenda).map { [$0.time, $0.segment, $0.detail] })
      }
    }

    // Follow-up and progress.
    report.section(t("跟踪服务与目标进展", "Follow-up and progress"))
    report.paragraph(t("跟踪项目 \(cases.count) 个。", "\(cases.count) projects tracked."))
    let services = FollowUpServiceKind.allCases.compactMap { kind -> [String]? in
      let count = cases.filter { $0.services.contains(kind) }.count
      return count > 0 ? [kind.name(locale), String(count)] : nil
    }
    if !services.isEmpty {
      report.table(header: [t("服务", "Service"), t("项目数", "Projects")], rows: services, numeric: [1])
    }
    let checkpoints = Dictionary(grouping: cases.flatMap(\.milestones), by: \.monthsAfterEvent).sorted {
      $0.key < $1.key
    }
    if !checkpoints.isEmpty {
      report.table(
        header: [t("节点", "Checkpoint"), t("日期", "Due"), t("项目数", "Projects")],
        rows: checkpoints.map { months, milestones in
          [
            t("路演后 \(months) 个月", "\(months) months after"),
            milestones.compactMap(\.due).uniqued().joined(separator: ", ").nonEmpty ?? "—", String(milestones.count),
          ]
        }, numeric: [2])
    }
    let targeted = record.indicators.filter { $0.target != nil }
    report.progress(
      targeted.map { indicator in
        let unit = indicator.unit?(locale) ?? ""
        let target = indicator.target ?? 0
        let share = target > 0 ? indicator.value / target : nil
        var figure = "\(Self.number(indicator.value))\(unit) / \(Self.number(target))\(unit)"
        if let share { figure += " (\(ReportFormat.number(share * 100, digits: 1))%)" }
        return ProgressBar(
          label: indicator.name(locale) + (indicator.source.map { " [\($0)]" } ?? ""), share: share, figure: figure)
      })
    report.facts(
      record.indicators.filter { $0.target == nil }.map {
        KeyValue($0.name(locale), Self.number($0.value) + ($0.unit?(locale) ?? ""))
      })
    report.note(
      t(
        "本报告由 roadshow 根据本次运行生成；数字与 run.json、summary.md 一致。",
        "Generated by roadshow from this run; the figures are those of run.json and summary.md."))
    return OutputFile(name: "report.html", text: report.render())
  }

  /// The agenda in outline, for reports read as a whole (the run report, the work plan): the
  /// items about projects in a row (pitch, review, questions) as one line with the number of
  /// projects, other items in a row of the same segment as one line with their titles.
  func agendaOutline(_ agenda: [AgendaItem]) -> [(time: String, segment: String, detail: String)] {
    var blocks: [(start: Int, end: Int, projects: Bool, items: [AgendaItem])] = []
    for item in agenda {
      let projects = item.achievement != nil
      if let last = blocks.last, last.projects == projects,
        projects || last.items.first?.segment == item.segment
      {
        blocks[blocks.count - 1].end = max(last.end, item.end)
        blocks[blocks.count - 1].items.append(item)
      } else {
        blocks.append((item.start, item.end, projects, [item]))
      }
    }
    return blocks.map { block in
      let time = block.end > block.start ? "\(AgendaItem.clock(block.start))–\(AgendaItem.clock(block.end))" : "—"
      let segments = block.items.map(\.segment).uniqued().map { $0.name(locale) }.joined(separator: t("、", ", "))
      if block.projects {
        let count = block.items.compactMap(\.achievement).uniqued().count
        return (time, segments, t("\(count) 个项目", Self.count(count, "project")))
      }
      let titles = block.items.map(\.title).uniqued()
      let detail =
        titles.count <= 3 ? titles.joined(separator: t("；", "; ")) : t("\(titles.count) 项", "\(titles.count) items")
      return (time, segments, detail)
    }
  }
}

extension String {
  /// `nil` for the empty string.
  fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
