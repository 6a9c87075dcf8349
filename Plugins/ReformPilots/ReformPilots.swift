import Foundation
import RoadshowKernel

/// Reform pilots (科技成果转化体制机制改革试点行动, seed 002 五): the evaluation reform of the 55
/// pilot units (transfer performance in their evaluation, with indicators and weights per
/// discipline type), ownership or long-term use rights for researchers (赋权) with the negative
/// list and the due-diligence exemption checks, separate management of converted results apart
/// from the state-asset list (国有资产单列), and a summary of replicable practice by the end of 2023.
public enum ReformPilots {
  /// The track.
  public static let track = TrackDescription(
    id: "reform",
    name: LocalizedText(zh: "科技成果转化体制机制改革试点行动", en: "Reform pilots for achievement transfer"), source: "002 五")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(OwnershipCases.self),
      .screening(CaseReview.self),
      .followUp(PilotEvaluation.self),
      .followUp(StateAssets.self),
      .followUp(ReformProgress.self),
    ])
}

/// The attributes an ownership case (赋权案例) record carries.
public enum ReformAttribute {
  /// Marks a record as a reform case (`yes`).
  public static let reformCase = "reform_case"
  /// The pilot unit.
  public static let unit = "pilot_unit"
  /// The right assigned: `ownership` or `long_term_use`.
  public static let right = "right"
  /// The furthest step reached (``CaseStep``).
  public static let step = "reform_step"
  /// The date of each step, by ``CaseStep`` raw value with the prefix `date_`.
  public static func date(_ step: CaseStep) -> String { "date_" + step.rawValue }
  /// The conversion amount in 10,000 yuan.
  public static let amount = "conversion_wan_yuan"
  /// The researchers' share of the right, per cent.
  public static let researcherShare = "researcher_share"
  /// The researchers' share of the income, per cent.
  public static let incomeShare = "income_researcher_pct"
  /// The pricing method.
  public static let pricing = "pricing"
  /// The negative-list entry the case hit, when it hit one.
  public static let negativeList = "negative_list"
  /// The due-diligence exemption conditions not met, `;`-separated; empty when all are met.
  public static let exemptionMissing = "exemption_missing"
  /// The state-asset number the result had before it was managed separately.
  public static let stateAsset = "state_asset_id"
}

/// A step of an ownership case (赋权流程), in order.
public enum CaseStep: String, CaseIterable, Comparable, Sendable {
  /// The researchers applied (申请).
  case applied
  /// The unit approved (审批).
  case approved
  /// Ownership or a long-term use right assigned (赋权).
  case granted
  /// The result converted: transferred, licensed or invested (转化).
  case converted
  /// The income distributed (收益分配).
  case distributed

  /// Order along the case.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// The step's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.applied, .zhCN): "申请"
    case (.applied, .en): "applied"
    case (.approved, .zhCN): "审批"
    case (.approved, .en): "approved"
    case (.granted, .zhCN): "赋权"
    case (.granted, .en): "right assigned"
    case (.converted, .zhCN): "转化"
    case (.converted, .en): "converted"
    case (.distributed, .zhCN): "收益分配"
    case (.distributed, .en): "income distributed"
    }
  }
}

/// The right assigned to the researchers.
enum AssignedRight: String, CaseIterable {
  case ownership
  case longTermUse = "long_term_use"

  init?(text: String) {
    switch text.lowercased() {
    case "ownership", "所有权", "赋予所有权": self = .ownership
    case "long_term_use", "long-term use", "长期使用权", "赋予长期使用权": self = .longTermUse
    default: return nil
    }
  }

  func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.ownership, .zhCN): "所有权"
    case (.ownership, .en): "ownership"
    case (.longTermUse, .zhCN): "长期使用权"
    case (.longTermUse, .en): "long-term use right"
    }
  }
}

/// How a conversion was priced (定价方式).
enum Pricing: String, CaseIterable {
  case agreement, listing, auction, appraisal

  init?(text: String) {
    switch text.lowercased() {
    case "agreement", "协议定价", "协议": self = .agreement
    case "listing", "挂牌交易", "挂牌": self = .listing
    case "auction", "拍卖": self = .auction
    case "appraisal", "评估", "资产评估": self = .appraisal
    default: return nil
    }
  }

  func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.agreement, .zhCN): "协议定价"
    case (.agreement, .en): "agreed price"
    case (.listing, .zhCN): "挂牌交易"
    case (.listing, .en): "listed on an exchange"
    case (.auction, .zhCN): "拍卖"
    case (.auction, .en): "auction"
    case (.appraisal, .zhCN): "资产评估"
    case (.appraisal, .en): "appraisal"
    }
  }
}

/// Yes or no as the pilots' files write it; `nil` for anything else.
func yesNo(_ text: String) -> Bool? {
  switch text.lowercased() {
  case "yes", "y", "true", "是", "有", "已": true
  case "no", "n", "false", "否", "无", "未": false
  default: nil
  }
}

/// The column of `table` for the first of `headers` it has.
func column(_ table: CSVTable, _ headers: [String]) -> Int? { headers.lazy.compactMap(table.column).first }

/// A missing-column problem of `table` naming the headers accepted.
func missingColumn(_ table: CSVTable, _ headers: [String]) -> Diagnostic {
  table.fileProblem(
    LocalizedText(
      zh: "缺少列 `\(headers[0])`（或 \(headers.dropFirst().joined(separator: "、"))）",
      en: "missing column `\(headers[0])` (or \(headers.dropFirst().joined(separator: ", ")))"))
}

/// Seed citations in the report language: the seed numbers its actions 一 to 六.
func seedSection(_ zh: Bool, _ item: Int? = nil) -> String {
  (zh ? "002 五" : "002 §5") + (item.map { ".\($0)" } ?? "")
}

/// A number as a report writes it: `12`, `7.50`.
func format(_ value: Double) -> String {
  value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
}

/// The median of `values`, or `nil`.
func median(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Days from `start` to `end` (YYYY-MM-DD), or `nil`.
func days(from start: String?, to end: String?) -> Double? {
  guard let start, let end, let a = CalendarDate.parse(start), let b = CalendarDate.parse(end) else { return nil }
  return (b.timeIntervalSince(a) / 86_400).rounded()
}

/// The reform cases among `records`.
func reformCases(_ records: [Achievement]) -> [Achievement] {
  records.filter { $0.attributes[ReformAttribute.reformCase] == "yes" }
}
