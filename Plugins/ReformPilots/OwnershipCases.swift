import Foundation
import RoadshowKernel

/// Ownership-rights cases (赋予科研人员职务科技成果所有权或长期使用权, 002 五.2): each case's steps
/// — application → approval → ownership or long-term use right → conversion → income
/// distribution — checked row by row (dates in order, no step without the one before), then
/// checked against the negative list (负面清单: results that may not be assigned) and the
/// due-diligence exemption conditions (尽职免责: collective decision, stated pricing, public
/// notice without objection for an agreed price, conflicts of interest declared). Each case
/// enters the library as a record of its own, so a converted result is its own ledger entry;
/// each finding is reported with file, row and column and written to `ownership-checks.md`.
public struct OwnershipCases: IntakeSource {
  public static let description = PluginDescription(
    id: "reform.ownership_cases", kind: .intake, track: "reform",
    title: LocalizedText(zh: "赋权案例", en: "Ownership-rights cases"),
    summary: LocalizedText(
      zh: "读取职务科技成果赋权案例（申请→审批→赋予所有权或长期使用权→转化→收益分配），核对负面清单和尽职免责条件",
      en:
        "Reads ownership-rights cases (application → approval → ownership or long-term use → conversion → income distribution), checked against the negative list and the due-diligence exemption"
    ),
    parameters: [
      ParameterSpec(
        "file", .file, required: true,
        doc: LocalizedText(
          zh:
            "赋权案例表（CSV：case_id 案例编号, unit 试点单位, title 成果名称；可选 field、category 成果类别、right 赋权方式、researcher_share 科研人员份额%、applied/approved/granted/converted/distributed 各环节日期、conversion_mode 转化方式、amount_wan_yuan 转化金额、income_researcher_pct 科研人员收益比例%、collective_decision 集体决策、pricing 定价方式、notice_start 公示日期、notice_days 公示天数、objection 异议、conflict_declared 利益冲突申报、state_asset_id 原国有资产编号）",
          en:
            "the cases (CSV: case_id, unit, title; optional field, category, right, researcher_share %, applied/approved/granted/converted/distributed dates, conversion_mode, amount_wan_yuan, income_researcher_pct, collective_decision, pricing, notice_start, notice_days, objection, conflict_declared, state_asset_id)"
        )),
      ParameterSpec(
        "negative_list", .file,
        doc: LocalizedText(
          zh: "赋权负面清单（CSV：id 编号, item 事项, keywords 关键词，分号分隔）",
          en: "the negative list (CSV: id, item, keywords separated by ;)")),
      ParameterSpec(
        "notice_days", .integer(1...90), default: "15",
        doc: LocalizedText(
          zh: "协议定价须公示的最少天数（尽职免责条件）", en: "days an agreed price must be on public notice (exemption condition)")),
      ParameterSpec(
        "source", .text, default: "reform",
        doc: LocalizedText(zh: "来源标识，构成案例记录编号的前缀", en: "source id, the prefix of the case records' ids")),
      ParameterSpec(
        "confidentiality", .choice(Confidentiality.allCases.map(\.rawValue)), default: "pending",
        doc: LocalizedText(
          zh: "案例记录的保密审查状态（需对外展示典型案例时用 cleared）",
          en: "the case records' confidentiality (cleared when typical cases are to be shown outside)")),
      ParameterSpec(
        "output", .outputName, default: "ownership-checks.md",
        doc: LocalizedText(zh: "核查结果文件名", en: "file name of the checks")),
      .onBadRow, .encoding,
    ],
    example: """
      - plugin: reform.ownership_cases
        with:
          file: reform-pilots/data/ownership-cases.csv
          negative_list: reform-pilots/data/negative-list.csv
      """)

  static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("id", ["case_id", "案例编号", "id"], true), ("unit", ["unit", "试点单位", "单位"], true),
    ("title", ["title", "成果名称"], true), ("field", ["field", "领域"], false),
    ("category", ["category", "成果类别"], false), ("right", ["right", "赋权方式"], false),
    ("share", ["researcher_share", "科研人员份额"], false),
    ("applied", ["applied", "申请日期"], false), ("approved", ["approved", "审批日期"], false),
    ("granted", ["granted", "赋权日期"], false), ("converted", ["converted", "转化日期"], false),
    ("distributed", ["distributed", "收益分配日期"], false), ("mode", ["conversion_mode", "转化方式"], false),
    ("amount", ["amount_wan_yuan", "转化金额（万元）", "转化金额"], false),
    ("income", ["income_researcher_pct", "科研人员收益比例"], false),
    ("collective", ["collective_decision", "集体决策"], false), ("pricing", ["pricing", "定价方式"], false),
    ("notice", ["notice_start", "公示日期"], false), ("noticeDays", ["notice_days", "公示天数"], false),
    ("objection", ["objection", "异议"], false), ("conflict", ["conflict_declared", "利益冲突申报"], false),
    ("asset", ["state_asset_id", "原国有资产编号"], false),
  ]

  /// One entry of the negative list.
  struct NegativeEntry {
    var id: String
    var item: String
    var keywords: [String]
  }

  let parameters: ParameterValues
  let source: String
  let noticeDays: Int
  let output: String
  let confidentiality: Confidentiality

  public init(parameters p: ParameterValues) throws {
    parameters = p
    confidentiality = p.string("confidentiality").flatMap(Confidentiality.init(rawValue:)) ?? .pending
    source = p.string("source") ?? "reform"
    noticeDays = p.int("notice_days") ?? 15
    output = p.string("output") ?? "ownership-checks.md"
  }

  func negativeList() throws -> [NegativeEntry] {
    guard parameters.string("negative_list") != nil else { return [] }
    let table = try parameters.readCSV("negative_list")
    let id = column(table, ["id", "编号"])
    let item = column(table, ["item", "事项"])
    let keywords = column(table, ["keywords", "关键词"])
    var problems: [Diagnostic] = []
    for (found, headers) in [(id, ["id", "编号"]), (item, ["item", "事项"])] where found == nil {
      problems.append(missingColumn(table, headers))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var entries: [NegativeEntry] = []
    for row in table.rows {
      if row.cell(id).isEmpty || row.cell(item).isEmpty {
        problems.append(
          table.badRow(
            row, column: row.cell(id).isEmpty ? id : item,
            LocalizedText(zh: "负面清单条目需要编号和事项", en: "a negative-list entry needs an id and an item")))
        continue
      }
      entries.append(
        NegativeEntry(
          id: row.cell(id), item: row.cell(item),
          keywords: row.cell(keywords).split(whereSeparator: { ";；、".contains($0) }).map {
            String($0).trimmingWhitespace()
          }.filter { !$0.isEmpty }))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return entries
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let negative = try negativeList()
    let table = try parameters.readCSV()
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for spec in Self.columns {
      if let found = column(table, spec.headers) {
        index[spec.field] = found
      } else if spec.required {
        problems.append(missingColumn(table, spec.headers))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var records: [Achievement] = []
    var skipped = table.skippedRows
    var findings: [Diagnostic] = []
    var seen: Set<String> = []
    for row in table.rows {
      var bad: [Diagnostic] = []
      func problem(_ field: String, _ zh: String, _ en: String, suggestion: String? = nil) {
        bad.append(table.badRow(row, column: index[field], LocalizedText(zh: zh, en: en), suggestion: suggestion))
      }
      let id = row.cell(index["id"])
      if id.isEmpty || !seen.insert(id).inserted {
        problem("id", "案例编号为空或重复：`\(id)`", "the case id is empty or repeats: `\(id)`")
      }
      if row.cell(index["unit"]).isEmpty { problem("unit", "试点单位为空", "the pilot unit is empty") }
      if row.cell(index["title"]).isEmpty { problem("title", "成果名称为空", "the title is empty") }
      // The steps: each date valid, none without the one before, in order.
      var dates: [CaseStep: String] = [:]
      var previous: (step: CaseStep, date: String)?
      for step in CaseStep.allCases {
        let text = row.cell(index[step.rawValue])
        guard !text.isEmpty else { continue }
        guard CalendarDate.parse(text) != nil else {
          problem(
            step.rawValue, "\(step.name(.zhCN))日期应为 YYYY-MM-DD，实际为 `\(text)`",
            "the \(step.name(.en)) date must be YYYY-MM-DD, got `\(text)`")
          continue
        }
        if let before = CaseStep.allCases.last(where: { $0 < step }), dates[before] == nil, previous?.step != before {
          problem(
            step.rawValue, "有\(step.name(.zhCN))日期但缺少\(before.name(.zhCN))日期",
            "a \(step.name(.en)) date without a \(before.name(.en)) date")
        }
        if let previous, text < previous.date {
          problem(
            step.rawValue, "\(step.name(.zhCN))日期 \(text) 早于\(previous.step.name(.zhCN))日期 \(previous.date)",
            "the \(step.name(.en)) date \(text) is before the \(previous.step.name(.en)) date \(previous.date)")
        }
        dates[step] = text
        previous = (step, text)
      }
      let rightText = row.cell(index["right"])
      let right = rightText.isEmpty ? nil : AssignedRight(text: rightText)
      if !rightText.isEmpty, right == nil {
        problem(
          "right", "赋权方式应为 ownership（所有权）或 long_term_use（长期使用权），实际为 `\(rightText)`",
          "the right must be ownership or long_term_use, got `\(rightText)`",
          suggestion: Suggestions.nearest(to: rightText, in: AssignedRight.allCases.map(\.rawValue)))
      } else if right == nil, dates[.granted] != nil {
        problem("right", "已赋权的案例须写明赋权方式", "a case with a right assigned must say which right")
      }
      func percent(_ field: String, _ zh: String, _ en: String) -> Double? {
        let text = row.cell(index[field])
        guard !text.isEmpty else { return nil }
        guard let value = Double(text), (0...100).contains(value) else {
          problem(field, "\(zh)应为 0–100，实际为 `\(text)`", "\(en) must be 0–100, got `\(text)`")
          return nil
        }
        return value
      }
      let share = percent("share", "科研人员份额", "the researchers' share")
      let income = percent("income", "科研人员收益比例", "the researchers' income share")
      let modeText = row.cell(index["mode"])
      let mode = modeText.isEmpty ? nil : TransferMode(text: modeText)
      if !modeText.isEmpty, mode == nil || ![.assignment, .licence, .equity].contains(mode) {
        problem(
          "mode", "转化方式应为 转让、许可 或 作价投资，实际为 `\(modeText)`",
          "the conversion mode must be assignment, licence or equity, got `\(modeText)`")
      } else if mode == nil, dates[.converted] != nil {
        problem("mode", "已转化的案例须写明转化方式", "a converted case must say how it was converted")
      }
      let amountText = row.cell(index["amount"])
      if !amountText.isEmpty, Double(amountText).map({ $0.isFinite && $0 >= 0 }) != true {
        problem(
          "amount", "转化金额应为不小于 0 的数（万元），实际为 `\(amountText)`",
          "the amount must be a number ≥ 0 (10,000 yuan), got `\(amountText)`")
      }
      var flags: [String: Bool] = [:]
      for field in ["collective", "objection", "conflict"] {
        let text = row.cell(index[field])
        guard !text.isEmpty else { continue }
        if let value = yesNo(text) {
          flags[field] = value
        } else {
          problem(field, "应为 是/否，实际为 `\(text)`", "must be yes or no, got `\(text)`")
        }
      }
      let pricingText = row.cell(index["pricing"])
      let pricing = pricingText.isEmpty ? nil : Pricing(text: pricingText)
      if !pricingText.isEmpty, pricing == nil {
        problem(
          "pricing", "定价方式应为 agreement（协议定价）、listing（挂牌交易）、auction（拍卖）或 appraisal（评估），实际为 `\(pricingText)`",
          "the pricing must be agreement, listing, auction or appraisal, got `\(pricingText)`",
          suggestion: Suggestions.nearest(to: pricingText, in: Pricing.allCases.map(\.rawValue)))
      }
      let notice = row.cell(index["notice"])
      if !notice.isEmpty, CalendarDate.parse(notice) == nil {
        problem("notice", "公示日期应为 YYYY-MM-DD，实际为 `\(notice)`", "the notice date must be YYYY-MM-DD, got `\(notice)`")
      }
      let noticeDaysText = row.cell(index["noticeDays"])
      let noticeLength = noticeDaysText.isEmpty ? nil : Int(noticeDaysText)
      if !noticeDaysText.isEmpty, noticeLength.map({ $0 >= 0 }) != true {
        problem(
          "noticeDays", "公示天数应为不小于 0 的整数，实际为 `\(noticeDaysText)`",
          "the notice days must be a whole number ≥ 0, got `\(noticeDaysText)`")
      }
      guard bad.isEmpty else {
        if parameters.badRowPolicy == .stop { problems += bad } else { skipped += bad }
        continue
      }

      // The checks: findings, not bad rows — the case stays in the library with what was found.
      func finding(_ field: String, _ zh: String, _ en: String) -> Diagnostic {
        table.badRow(row, column: index[field], LocalizedText(zh: zh, en: en))
      }
      let title = row.cell(index["title"])
      let categories = row.cell(index["category"]).split(whereSeparator: { ";；、".contains($0) }).map {
        String($0).trimmingWhitespace()
      }
      let hit = negative.first { entry in
        categories.contains(entry.id) || categories.contains(entry.item)
          || entry.keywords.contains { title.contains($0) || row.cell(index["field"]).contains($0) }
      }
      var attributes: [String: String] = [
        ReformAttribute.reformCase: "yes", ReformAttribute.unit: row.cell(index["unit"]),
      ]
      if let hit {
        attributes[ReformAttribute.negativeList] = hit.id
        if dates[.granted] != nil {
          findings.append(
            finding(
              categories.contains(hit.id) || categories.contains(hit.item)
                ? "category" : hit.keywords.contains(where: title.contains) ? "title" : "field",
              "命中负面清单 \(hit.id)（\(hit.item)），不应赋权，但已于 \(dates[.granted] ?? "") 赋权",
              "on the negative list, \(hit.id) (\(hit.item)): it may not be assigned, yet was on \(dates[.granted] ?? "")"
            ))
        }
      }
      var missing: [String] = []
      if dates[.converted] != nil {
        if flags["collective"] != true {
          missing.append("collective_decision")
          findings.append(
            finding(
              "collective", "尽职免责条件未满足：转化未经集体决策",
              "due-diligence exemption not met: no collective decision on the conversion"))
        }
        if pricing == nil {
          missing.append("pricing")
          findings.append(
            finding("pricing", "尽职免责条件未满足：未写明定价方式", "due-diligence exemption not met: the pricing is not stated"))
        }
        if pricing == .agreement {
          let converted = dates[.converted] ?? ""
          let noticed = !notice.isEmpty && notice <= converted && (noticeLength ?? 0) >= noticeDays
          if !noticed {
            missing.append("public_notice")
            findings.append(
              finding(
                notice.isEmpty ? "notice" : "noticeDays",
                "尽职免责条件未满足：协议定价须在转化前公示不少于 \(noticeDays) 天",
                "due-diligence exemption not met: an agreed price must be on public notice for \(noticeDays) days or more before the conversion"
              ))
          } else if flags["objection"] == true {
            missing.append("objection")
            findings.append(
              finding(
                "objection", "尽职免责条件未满足：公示期间有异议", "due-diligence exemption not met: the notice drew an objection"))
          }
        }
        if flags["conflict"] != true {
          missing.append("conflict_declared")
          findings.append(
            finding(
              "conflict", "尽职免责条件未满足：未申报利益冲突", "due-diligence exemption not met: conflicts of interest not declared"))
        }
        attributes[ReformAttribute.exemptionMissing] = missing.joined(separator: ";")
      }
      if let right { attributes[ReformAttribute.right] = right.rawValue }
      if let last = CaseStep.allCases.last(where: { dates[$0] != nil }) {
        attributes[ReformAttribute.step] = last.rawValue
      }
      for (step, date) in dates { attributes[ReformAttribute.date(step)] = date }
      if !amountText.isEmpty { attributes[ReformAttribute.amount] = amountText }
      if let share { attributes[ReformAttribute.researcherShare] = format(share) }
      if let income { attributes[ReformAttribute.incomeShare] = format(income) }
      if let pricing { attributes[ReformAttribute.pricing] = pricing.rawValue }
      if !row.cell(index["asset"]).isEmpty { attributes[ReformAttribute.stateAsset] = row.cell(index["asset"]) }
      records.append(
        Achievement(
          id: AchievementID(source: source, externalID: id), title: title, institution: row.cell(index["unit"]),
          field: row.cell(index["field"]).isEmpty ? nil : row.cell(index["field"]), channel: .other,
          transferModes: mode.map { [$0] } ?? [], confidentiality: confidentiality,
          year: dates.values.min().flatMap { Int($0.prefix(4)) },
          fundingWanYuan: nil, attributes: attributes))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return IntakeBatch(
      records: records, skipped: skipped, rowsRead: table.rows.count + table.skippedRows.count,
      artifacts: [OutputFile(name: output, text: report(findings, cases: records.count, locale: context.locale))],
      warnings: table.warnings + findings)
  }

  func report(_ findings: [Diagnostic], cases: Int, locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    var md =
      zh ? "# 赋权案例核查（负面清单与尽职免责）\n\n" : "# Ownership cases checked (negative list and due-diligence exemption)\n\n"
    md +=
      zh
      ? "核查案例 \(cases) 个，发现问题 \(findings.count) 项。\n\n"
      : "\(cases) cases checked, \(findings.count) findings.\n\n"
    for finding in findings { md += "- " + finding.rendered(locale, warning: true) + "\n" }
    return md
  }
}
