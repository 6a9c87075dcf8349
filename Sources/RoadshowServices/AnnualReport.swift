import Foundation
import RoadshowKernel

/// The annual work summary and the roll-up as documents: Markdown (and HTML, see
/// ``AnnualReport/html(_:locale:rollUp:)``), in the requested language.
public enum AnnualReport {
  /// The annual summary of one host, or a roll-up when `rollUp` lists the hosts' figures.
  public static func markdown(_ figures: AnnualFigures, locale: ReportLocale, rollUp: [AnnualFigures] = []) -> String {
    let zh = locale == .zhCN
    func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
    var md = "# " + title(figures, locale: locale, rollUp: !rollUp.isEmpty) + "\n\n"
    if let level = figures.level {
      md += t("层级：\(level.name(.zhCN))", "Level: \(level.name(.en))") + "\n\n"
    }
    md += t(
      "本总结由项目库（工作台账）中记录的活动、路演项目和跟踪记录计算得出。",
      "Every figure below is counted from the events, pitches and follow-up entries recorded in the ledger.")
    md += "\n\n## " + t("一、总体情况", "1. Overview") + "\n\n"
    md += "| " + t("指标", "Figure") + " | " + t("数值", "Value") + " |\n|---|---|\n"
    for (label, value) in overview(figures, locale: locale) { md += "| \(label) | \(value) |\n" }

    md += "\n## " + t("二、活动举办", "2. Events held") + "\n\n"
    if figures.events.isEmpty {
      md += t("本年度未记录活动。\n", "No event recorded for the year.\n")
    } else {
      md +=
        "| "
        + [
          t("日期", "Date"), t("活动", "Event"), t("征集", "Collected"), t("筛选", "Screened"), t("路演", "Pitched"),
          t("参与方", "Participants"), t("一对一洽谈", "Meetings"),
        ]
        .joined(separator: " | ") + " |\n|---|---|---|---|---|---|---|\n"
      for event in figures.events {
        md +=
          "| \(event.date ?? "—") | \(ReportFormat.tableCell(event.programme)) | \(event.collected) | \(event.screened) | \(event.pitched) | \(event.participants) | \(event.meetings) |\n"
      }
    }

    md += "\n## " + t("三、转化链条", "3. Conversion chain") + "\n\n"
    md +=
      "| "
      + [t("环节", "Step"), t("项目数", "Projects"), t("记录数", "Entries"), t("金额（万元）", "Amount (10,000 yuan)")]
      .joined(separator: " | ") + " |\n|---|---|---|---|\n"
    for step in figures.chain {
      md += "| \(step.kind.name(locale)) | \(step.projects) | \(step.entries) | \(number(step.amountWanYuan)) |\n"
    }
    md += "\n" + t("逾期未跟踪的节点：\(figures.overdue) 个。", "Follow-up checkpoints overdue: \(figures.overdue).") + "\n"

    md += "\n## " + t("四、目标进展", "4. Progress against targets") + "\n\n"
    md +=
      t(
        "国家科技计划成果路演行动（002 一）到 2025 年底的目标；本单位的数值是对全国目标的贡献。",
        "The national programme roadshow targets for the end of 2025 (002 §1); a host's figures are its contribution to them."
      ) + "\n\n"
    md +=
      "| " + [t("指标", "Indicator"), t("当前", "Now"), t("目标", "Target"), t("完成率", "Done")].joined(separator: " | ")
      + " |\n|---|---|---|---|\n"
    for target in figures.targets {
      md +=
        "| \(target.name(locale)) | \(target.value) | \(target.target) | \(String(format: "%.1f%%", Double(target.value) / Double(max(target.target, 1)) * 100)) |\n"
    }

    if !rollUp.isEmpty {
      md += "\n## " + t("五、各承办单位", "5. By host") + "\n\n"
      md +=
        "| "
        + [
          t("承办单位", "Host"), t("层级", "Level"), t("上级", "Parent"), t("活动", "Events"), t("路演项目", "Pitched"),
          t("签约", "Contracts"), t("签约金额（万元）", "Contract amount"), t("落地", "Landed"),
        ]
        .joined(separator: " | ") + " |\n|---|---|---|---|---|---|---|---|\n"
      for host in rollUp {
        let contract = host.chain.first { $0.kind == .contract }
        md +=
          "| \(ReportFormat.tableCell(host.host)) | \(host.level?.name(locale) ?? "—") | \(ReportFormat.tableCell(host.parent ?? "—")) | \(host.events.count) | \(host.pitched) | \(contract?.projects ?? 0) | \(number(contract?.amountWanYuan ?? 0)) | \(host.landed) |\n"
      }
    }
    return md
  }

  /// The document's title.
  static func title(_ figures: AnnualFigures, locale: ReportLocale, rollUp: Bool) -> String {
    let zh = locale == .zhCN
    if rollUp {
      return zh
        ? "\(figures.year)年度科技成果直通车工作汇总（\(figures.host)）"
        : "\(figures.year) S&T Achievement Express: roll-up (\(figures.host))"
    }
    return zh
      ? "\(figures.host) \(figures.year)年度科技成果直通车工作总结"
      : "\(figures.host): \(figures.year) annual work summary"
  }

  /// The overview table's rows.
  static func overview(_ figures: AnnualFigures, locale: ReportLocale) -> [(String, String)] {
    let zh = locale == .zhCN
    func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
    let contract = figures.chain.first { $0.kind == .contract }
    let transaction = figures.chain.first { $0.kind == .transaction }
    let finance = figures.chain.first { $0.kind == .finance }
    var rows: [(String, String)] = []
    if figures.hosts > 1 { rows.append((t("承办单位", "Hosts"), String(figures.hosts))) }
    rows += [
      (t("举办活动（场）", "Events held"), String(figures.events.count)),
      (t("征集成果（各场次合计，条）", "Records collected (summed over events)"), String(figures.collected)),
      (t("项目库成果（项）", "Achievements in the library"), String(figures.library)),
      (t("筛选成果（各场次合计，项）", "Records screened (summed over events)"), String(figures.screened)),
      (t("路演项目（项）", "Projects pitched"), String(figures.pitched)),
      (t("参与企业（家）", "Enterprises taking part"), String(figures.enterprises)),
      (t("参与投资机构和银行（家）", "Investors and banks taking part"), String(figures.investors)),
      (t("参与专家（人）", "Experts taking part"), String(figures.experts)),
      (t("对接洽谈（场）", "Meetings"), String(figures.meetings)),
      (t("达成意向（项）", "Projects with an intent"), String(figures.chain.first { $0.kind == .intent }?.projects ?? 0)),
      (
        t("签约（项；金额，万元）", "Contracts (projects; amount, 10,000 yuan)"),
        "\(contract?.projects ?? 0)\(t("；", "; "))\(number(contract?.amountWanYuan ?? 0))"
      ),
      (
        t("成果交易（项；金额，万元）", "Transactions (projects; amount, 10,000 yuan)"),
        "\(transaction?.projects ?? 0)\(t("；", "; "))\(number(transaction?.amountWanYuan ?? 0))"
      ),
      (
        t("融资（项；金额，万元）", "Finance (projects; amount, 10,000 yuan)"),
        "\(finance?.projects ?? 0)\(t("；", "; "))\(number(finance?.amountWanYuan ?? 0))"
      ),
      (t("落地转化（项）", "Projects landed"), String(figures.landed)),
      (t("通过保密审查可公开的成果（项）", "Achievements cleared for publication"), String(figures.released)),
    ]
    return rows
  }

  /// An amount as people write it: whole numbers without decimals, else two.
  public static func number(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.2f", value)
  }
}

extension AnnualReport {
  /// The annual summary (or roll-up) as one self-contained HTML page with charts: the funnel of
  /// the year, the conversion chain, activity by month and the field × TRL heat map of the pitched
  /// projects. Opens offline and prints on A4.
  public static func html(_ figures: AnnualFigures, locale: ReportLocale, rollUp: [AnnualFigures] = []) -> String {
    let zh = locale == .zhCN
    func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
    var report = HTMLReport(
      title: title(figures, locale: locale, rollUp: !rollUp.isEmpty), locale: locale,
      subtitle: figures.level.map { t("层级：\($0.name(.zhCN))", "Level: \($0.name(.en))") },
      audienceNote: t("仅供承办单位及上级主管部门内部使用", "For the host's office and the authorities above it"))
    report.paragraph(
      t(
        "本总结由项目库（工作台账）中记录的活动、路演项目和跟踪记录计算得出。",
        "Every figure is counted from the events, pitches and follow-up entries recorded in the ledger."))
    let contract = figures.chain.first { $0.kind == .contract }
    report.keyFigures([
      KeyFigure(label: t("举办活动", "Events held"), value: String(figures.events.count)),
      KeyFigure(label: t("路演项目", "Projects pitched"), value: String(figures.pitched)),
      KeyFigure(
        label: t("签约", "Contracts"), value: String(contract?.projects ?? 0),
        detail: t("\(number(contract?.amountWanYuan ?? 0)) 万元", "\(number(contract?.amountWanYuan ?? 0)) ×10,000 yuan")),
      KeyFigure(label: t("落地转化", "Landed"), value: String(figures.landed)),
      KeyFigure(label: t("逾期跟踪", "Follow-up overdue"), value: String(figures.overdue)),
    ])

    report.section(t("一、总体情况", "1. Overview"))
    report.table(
      header: [t("指标", "Figure"), t("数值", "Value")], rows: overview(figures, locale: locale).map { [$0.0, $0.1] },
      numeric: [1])
    report.chart(
      .funnel(
        [
          FunnelBar(label: t("征集（各场次合计）", "Collected (summed)"), count: figures.collected),
          FunnelBar(label: t("筛选（各场次合计）", "Screened (summed)"), count: figures.screened),
          FunnelBar(label: t("路演项目", "Pitched"), count: figures.pitched),
          FunnelBar(label: t("签约", "Contracts"), count: contract?.projects ?? 0),
          FunnelBar(label: t("落地", "Landed"), count: figures.landed),
        ], title: t("年度漏斗", "The year's funnel"), locale: locale))

    report.section(t("二、活动举办", "2. Events held"))
    if figures.events.isEmpty {
      report.paragraph(t("本年度未记录活动。", "No event recorded for the year."))
    } else {
      report.table(
        header: [
          t("日期", "Date"), t("活动", "Event"), t("征集", "Collected"), t("筛选", "Screened"), t("路演", "Pitched"),
          t("参与方", "Participants"), t("一对一洽谈", "Meetings"),
        ],
        rows: figures.events.map {
          [
            $0.date ?? "—", $0.programme, String($0.collected), String($0.screened), String($0.pitched),
            String($0.participants), String($0.meetings),
          ]
        }, numeric: [2, 3, 4, 5, 6])
    }
    let months = AnnualFigures.monthlySeries.map { name -> MonthlySeries in
      let label =
        switch name {
        case "events": t("活动", "Events")
        case "pitches": t("路演项目", "Pitches")
        default: t("跟踪记录", "Follow-up entries")
        }
      return MonthlySeries(name: label, counts: figures.monthly[name] ?? Array(repeating: 0, count: 12))
    }
    report.chart(.monthly(months, title: t("按月活动", "Activity by month"), locale: locale))

    report.section(t("三、转化链条", "3. Conversion chain"))
    report.chart(
      .conversionChain(
        figures.chain.map { ChainStep(label: $0.kind.name(locale), count: $0.projects, amount: $0.amountWanYuan) },
        title: t("路演项目的转化链条（本年记录）", "Conversion chain of the pitched projects (this year's entries)"),
        amountUnit: t("万元", "×10,000 yuan"), locale: locale))
    report.table(
      header: [t("环节", "Step"), t("项目数", "Projects"), t("记录数", "Entries"), t("金额（万元）", "Amount (10,000 yuan)")],
      rows: figures.chain.map {
        [$0.kind.name(locale), String($0.projects), String($0.entries), number($0.amountWanYuan)]
      }, numeric: [1, 2, 3])
    report.paragraph(t("逾期未跟踪的节点：\(figures.overdue) 个。", "Follow-up checkpoints overdue: \(figures.overdue)."))

    report.section(t("四、路演项目：领域 × 技术成熟度", "4. Pitched projects by field and readiness"))
    let fields = figures.fieldByTRL.keys.sorted {
      (figures.fieldByTRL[$1]?.reduce(0, +) ?? 0, $0) < (figures.fieldByTRL[$0]?.reduce(0, +) ?? 0, $1)
    }
    report.chart(
      .heatMap(
        HeatMap(
          rows: fields, columns: (1...9).map { "TRL \($0)" } + [t("未评估", "unknown")],
          counts: fields.map { figures.fieldByTRL[$0] ?? [] }, rowTitle: t("领域", "Field"),
          columnTitle: t("技术成熟度", "Readiness")),
        title: t("路演项目：领域 × 技术成熟度", "Pitched projects: field × readiness"), locale: locale))

    report.section(t("五、目标进展", "5. Progress against targets"))
    report.paragraph(
      t(
        "国家科技计划成果路演行动（002 一）到 2025 年底的目标；本单位的数值是对全国目标的贡献。",
        "The national programme roadshow targets for the end of 2025 (002 §1); a host's figures are its contribution to them."
      ))
    report.progress(
      figures.targets.map {
        ProgressBar(
          label: $0.name(locale), share: Double($0.value) / Double(max($0.target, 1)),
          figure: "\($0.value) / \($0.target)")
      })

    if !rollUp.isEmpty {
      report.section(t("六、各承办单位", "6. By host"))
      report.table(
        header: [
          t("承办单位", "Host"), t("层级", "Level"), t("上级", "Parent"), t("活动", "Events"), t("路演项目", "Pitched"),
          t("签约", "Contracts"), t("签约金额（万元）", "Contract amount"), t("落地", "Landed"),
        ],
        rows: rollUp.map { host in
          let contract = host.chain.first { $0.kind == .contract }
          return [
            host.host, host.level?.name(locale) ?? "—", host.parent ?? "—", String(host.events.count),
            String(host.pitched), String(contract?.projects ?? 0), number(contract?.amountWanYuan ?? 0),
            String(host.landed),
          ]
        }, numeric: [3, 4, 5, 6, 7])
    }
    return report.render()
  }
}
