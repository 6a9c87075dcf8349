import Foundation
import RoadshowKernel

/// Progress of the reform pilots and a summary of replicable practice (可复制可操作的经验举措,
/// 002 五: "by the end of 2023, a set of replicable measures"), generated from the ownership
/// cases in the library: how long approval and assignment took, which rights were assigned and
/// with what share, how results were converted and priced, how income was distributed, how many
/// cases met the due-diligence exemption and how many the negative list stopped. A practice is
/// replicable when at least `min_units` pilot units practised it by the `by` date.
public struct ReformProgress: FollowUpService {
  public static let description = PluginDescription(
    id: "reform.progress", kind: .followUp, track: "reform",
    title: LocalizedText(zh: "改革试点进展与可复制经验", en: "Reform progress and replicable practice"),
    summary: LocalizedText(
      zh: "由赋权案例统计赋权、转化、收益分配，生成可复制推广的经验举措（002 五：2023 年末）",
      en:
        "Counts assigned, converted and income-distributing cases and generates the replicable practice from them (002 §5: by end 2023)"
    ),
    parameters: [
      ParameterSpec(
        "by", .date, default: "2023-12-31",
        doc: LocalizedText(zh: "经验举措的截止日期（002 五：2023 年末）", en: "the date practice is counted to (002 §5: end 2023)")),
      ParameterSpec(
        "min_units", .integer(1...1000), default: "3",
        doc: LocalizedText(
          zh: "一项做法可复制所需的最少试点单位数", en: "pilot units that must practise a measure for it to count as replicable")),
      ParameterSpec(
        "output", .outputName, default: "replicable-practice.md",
        doc: LocalizedText(zh: "经验举措文件名", en: "file name of the practice summary")),
    ],
    example: """
      - plugin: reform.progress
        with:
          by: 2023-12-31
      """)

  /// One practice of the summary.
  struct Practice {
    var title: LocalizedText
    var evidence: LocalizedText
    var units: Set<String>
  }

  let by: String
  let minimumUnits: Int
  let output: String

  public init(parameters p: ParameterValues) throws {
    by = p.string("by") ?? "2023-12-31"
    minimumUnits = p.int("min_units") ?? 3
    output = p.string("output") ?? "replicable-practice.md"
  }

  /// Whether `record` reached `step` by the cut-off date.
  func reached(_ record: Achievement, _ step: CaseStep) -> Bool {
    guard let date = record.attributes[ReformAttribute.date(step)] else { return false }
    return date <= by
  }

  func practices(_ cases: [Achievement]) -> [Practice] {
    func units(_ records: [Achievement]) -> Set<String> { Set(records.compactMap(\.institution)) }
    func number(_ value: Double?) -> String { value.map(format) ?? "—" }
    let granted = cases.filter { reached($0, .granted) && $0.attributes[ReformAttribute.negativeList] == nil }
    let converted = granted.filter { reached($0, .converted) }
    let distributed = converted.filter { reached($0, .distributed) }
    var result: [Practice] = []

    let approval = median(
      granted.compactMap { days(from: $0.attributes["date_applied"], to: $0.attributes["date_approved"]) })
    let assignment = median(
      granted.compactMap { days(from: $0.attributes["date_approved"], to: $0.attributes["date_granted"]) })
    result.append(
      Practice(
        title: LocalizedText(
          zh: "赋权流程：申请、审批、赋权分步限时办理", en: "Assignment in steps with set times: application, approval, assignment"),
        evidence: LocalizedText(
          zh: "赋权 \(granted.count) 件，申请到审批中位 \(number(approval)) 天，审批到赋权中位 \(number(assignment)) 天",
          en:
            "\(count(granted.count)) assigned; application to approval took \(number(approval)) days (median), approval to assignment \(number(assignment))"
        ),
        units: units(granted)))

    let ownership = granted.filter { $0.attributes[ReformAttribute.right] == AssignedRight.ownership.rawValue }
    let longTerm = granted.filter { $0.attributes[ReformAttribute.right] == AssignedRight.longTermUse.rawValue }
    let share = median(ownership.compactMap { $0.attributes[ReformAttribute.researcherShare].flatMap(Double.init) })
    result.append(
      Practice(
        title: LocalizedText(zh: "赋予科研人员职务科技成果所有权（按份共有）", en: "Researchers given part ownership of their results"),
        evidence: LocalizedText(
          zh: "赋予所有权 \(ownership.count) 件，科研人员份额中位 \(number(share))%",
          en: "\(count(ownership.count)) of ownership, the researchers' share \(number(share))% (median)"),
        units: units(ownership)))
    result.append(
      Practice(
        title: LocalizedText(zh: "赋予科研人员长期使用权", en: "Researchers given a long-term use right"),
        evidence: LocalizedText(
          zh: "赋予长期使用权 \(longTerm.count) 件", en: "\(count(longTerm.count)) of a long-term use right"),
        units: units(longTerm)))

    for mode in [TransferMode.assignment, .licence, .equity] {
      let these = converted.filter { $0.transferModes.contains(mode) }
      let amount = these.compactMap { $0.attributes[ReformAttribute.amount].flatMap(Double.init) }.reduce(0, +)
      result.append(
        Practice(
          title: LocalizedText(
            zh: "赋权后以\(CaseReview.mode(mode.rawValue, .zhCN))方式转化",
            en: "Conversion by \(CaseReview.mode(mode.rawValue, .en)) once the right is assigned"),
          evidence: LocalizedText(
            zh: "\(these.count) 件，合计 \(format(amount)) 万元",
            en: "\(count(these.count)), \(format(amount)) × 10,000 yuan in all"),
          units: units(these)))
    }

    let income = median(distributed.compactMap { $0.attributes[ReformAttribute.incomeShare].flatMap(Double.init) })
    result.append(
      Practice(
        title: LocalizedText(zh: "转化收益按约定比例分配给科研人员", en: "Conversion income shared with researchers at an agreed rate"),
        evidence: LocalizedText(
          zh: "收益分配 \(distributed.count) 件，科研人员收益比例中位 \(number(income))%",
          en: "\(count(distributed.count)) distributed income, the researchers' share \(number(income))% (median)"),
        units: units(distributed)))

    let noticed = converted.filter {
      $0.attributes[ReformAttribute.pricing] == Pricing.agreement.rawValue
        && !($0.attributes[ReformAttribute.exemptionMissing] ?? "").contains("public_notice")
    }
    result.append(
      Practice(
        title: LocalizedText(zh: "协议定价经公示后转化", en: "Agreed prices put on public notice before conversion"),
        evidence: LocalizedText(
          zh: "协议定价并依规公示 \(noticed.count) 件（转化 \(converted.count) 件）",
          en: "\(noticed.count) agreed prices put on notice as required (of \(converted.count) conversions)"),
        units: units(noticed)))

    let exempt = converted.filter { ($0.attributes[ReformAttribute.exemptionMissing] ?? "").isEmpty }
    result.append(
      Practice(
        title: LocalizedText(
          zh: "尽职免责：集体决策、定价、公示、利益冲突申报齐备",
          en: "Due-diligence exemption: collective decision, pricing, notice and declared conflicts"),
        evidence: LocalizedText(
          zh: "条件齐备 \(exempt.count) 件（转化 \(converted.count) 件）",
          en: "\(exempt.count) of \(converted.count) conversions meet every condition"),
        units: units(exempt)))

    let stopped = cases.filter {
      $0.attributes[ReformAttribute.negativeList] != nil && !reached($0, .granted) && reached($0, .applied)
    }
    result.append(
      Practice(
        title: LocalizedText(
          zh: "负面清单前置审查，清单内成果不予赋权", en: "Negative list checked first: listed results are not assigned"),
        evidence: LocalizedText(
          zh: "按负面清单不予赋权 \(stopped.count) 件",
          en:
            "\(stopped.count == 1 ? "1 application" : "\(stopped.count) applications") refused under the negative list"),
        units: units(stopped)))
    return result
  }

  /// `1 case`, `2 cases`.
  func count(_ n: Int) -> String { n == 1 ? "1 case" : "\(n) cases" }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let cases = reformCases(input.library)
    let practices = practices(cases)
    let replicable = practices.filter { $0.units.count >= minimumUnits }
    let grantedAll = cases.filter { $0.attributes[ReformAttribute.date(.granted)] != nil }
    let convertedAll = cases.filter { $0.attributes[ReformAttribute.date(.converted)] != nil }
    let distributedAll = cases.filter { $0.attributes[ReformAttribute.date(.distributed)] != nil }
    let violations = grantedAll.filter { $0.attributes[ReformAttribute.negativeList] != nil }
    var md = zh ? "# 改革试点可复制推广的经验举措\n\n" : "# Replicable practice of the reform pilots\n\n"
    md +=
      zh
      ? "由项目库中的赋权案例 \(cases.count) 个生成，统计至 \(by)；至少 \(minimumUnits) 家试点单位实践的做法列为可复制推广（共 \(replicable.count) 项）。\n\n"
      : "Generated from the \(cases.count) ownership cases in the library, counted to \(by); a practice of \(minimumUnits) pilot units or more is replicable (\(replicable.count) of them).\n\n"
    md +=
      zh
      ? "| 做法 | 依据 | 试点单位数 | 可复制推广 |\n|---|---|---|---|\n"
      : "| Practice | Evidence | Pilot units | Replicable |\n|---|---|---|---|\n"
    for practice in practices {
      md +=
        "| \(ReportFormat.tableCell(practice.title(locale))) | \(ReportFormat.tableCell(practice.evidence(locale))) | "
        + "\(practice.units.count) | " + (practice.units.count >= minimumUnits ? (zh ? "是" : "yes") : "") + " |\n"
    }
    if !violations.isEmpty {
      md +=
        zh
        ? "\n需纠正：\(violations.count) 个命中负面清单的案例已赋权（见 ownership-checks.md）。\n"
        : "\nTo correct: \(count(violations.count)) on the negative list \(violations.count == 1 ? "was" : "were") assigned (see ownership-checks.md).\n"
    }
    let source = seedSection(zh)
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "赋予所有权或长期使用权的职务科技成果", en: "Results with ownership or a long-term use right assigned"),
        value: Double(grantedAll.count), target: nil, unit: LocalizedText(zh: "项", en: ""), source: seedSection(zh, 2)),
      ProgressIndicator(
        name: LocalizedText(zh: "赋权后转化", en: "Converted after assignment"), value: Double(convertedAll.count),
        target: Double(grantedAll.count), unit: LocalizedText(zh: "项", en: ""), source: seedSection(zh, 2)),
      ProgressIndicator(
        name: LocalizedText(zh: "完成收益分配", en: "Income distributed"), value: Double(distributedAll.count),
        target: Double(convertedAll.count), unit: LocalizedText(zh: "项", en: ""), source: seedSection(zh, 2)),
      ProgressIndicator(
        name: LocalizedText(zh: "开展赋权的试点单位", en: "Pilot units assigning rights"),
        value: Double(Set(grantedAll.compactMap(\.institution)).count), target: nil,
        unit: LocalizedText(zh: "家", en: ""),
        source: seedSection(zh, 2)),
      ProgressIndicator(
        name: LocalizedText(zh: "可复制推广的经验举措（截至 \(by)）", en: "Replicable measures (by \(by))"),
        value: Double(replicable.count), target: nil, unit: LocalizedText(zh: "项", en: ""), source: source),
    ]
    return FollowUpResult(cases: [], indicators: indicators, artifacts: [OutputFile(name: output, text: md)])
  }
}
