import Foundation
import RoadshowKernel

/// Typical cases (典型案例) for the pilots' replicable practice (002 五 and 三.3): of the
/// ownership-rights cases, those converted (or with their income distributed, when asked) that
/// hit no negative-list entry and meet every due-diligence exemption condition pass; every other
/// record leaves with the reason — the step it stopped at, the negative-list entry it hit, the
/// exemption conditions it misses.
public struct CaseReview: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "reform.case_review", kind: .screening, track: "reform",
    title: LocalizedText(zh: "典型案例遴选", en: "Typical cases"),
    summary: LocalizedText(
      zh: "遴选已转化、未命中负面清单、满足尽职免责条件的赋权案例作为典型案例，其余说明理由",
      en:
        "Keeps converted ownership cases that hit no negative-list entry and meet the due-diligence exemption as typical cases; says why for the rest"
    ),
    parameters: [
      ParameterSpec(
        "step", .choice([CaseStep.converted.rawValue, CaseStep.distributed.rawValue]), default: "converted",
        doc: LocalizedText(
          zh: "典型案例须达到的环节：converted 已转化、distributed 已分配收益", en: "the step a typical case must have reached"))
    ],
    example: """
      - plugin: reform.case_review
        with:
          step: converted
      """)

  let step: CaseStep

  public init(parameters p: ParameterValues) throws {
    step = p.string("step").flatMap(CaseStep.init(rawValue:)) ?? .converted
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    func reject(_ candidate: Candidate, _ rule: String, _ reason: LocalizedText) {
      decisions.append(ScreeningDecision(achievement: candidate.id, passed: false, rule: rule, reason: reason))
    }
    for candidate in candidates {
      let attributes = candidate.achievement.attributes
      guard attributes[ReformAttribute.reformCase] == "yes" else {
        reject(candidate, "not_a_case", LocalizedText(zh: "不是赋权案例", en: "not an ownership case"))
        continue
      }
      if let entry = attributes[ReformAttribute.negativeList] {
        reject(
          candidate, "negative_list",
          LocalizedText(zh: "命中赋权负面清单 \(entry)", en: "on the negative list (\(entry))"))
        continue
      }
      let reached = attributes[ReformAttribute.step].flatMap(CaseStep.init(rawValue:))
      guard let reached, reached >= step else {
        let now =
          reached.map { LocalizedText(zh: $0.name(.zhCN), en: $0.name(.en)) }
          ?? LocalizedText(zh: "未申请", en: "not applied")
        reject(
          candidate, "step",
          LocalizedText(
            zh: "尚未\(step.name(.zhCN))（当前环节：\(now.zh)）", en: "not yet \(step.name(.en)) (now: \(now.en))"))
        continue
      }
      let missing = (attributes[ReformAttribute.exemptionMissing] ?? "").split(separator: ";").map(String.init)
      guard missing.isEmpty else {
        reject(
          candidate, "exemption",
          LocalizedText(
            zh: "尽职免责条件不全：" + missing.map { Self.condition($0, .zhCN) }.joined(separator: "、"),
            en: "due-diligence exemption incomplete: " + missing.map { Self.condition($0, .en) }.joined(separator: ", ")
          ))
        continue
      }
      let right = attributes[ReformAttribute.right].flatMap(AssignedRight.init(rawValue:))
      let mode = candidate.achievement.transferModes.first.map { $0.rawValue } ?? ""
      let amount =
        attributes[ReformAttribute.amount].map { locale == .zhCN ? "，\($0) 万元" : ", \($0) × 10,000 yuan" } ?? ""
      passed.append(candidate)
      decisions.append(
        ScreeningDecision(
          achievement: candidate.id, passed: true, rule: "typical_case",
          reason: LocalizedText(
            zh:
              "典型案例：赋予\(right?.name(.zhCN) ?? "")后\(reached.name(.zhCN))（\(Self.mode(mode, .zhCN))\(locale == .zhCN ? amount : "")），未命中负面清单，尽职免责条件齐备",
            en:
              "typical case: \(right?.name(.en) ?? "right") assigned, then \(reached.name(.en)) (\(Self.mode(mode, .en))\(locale == .en ? amount : "")), off the negative list, exemption conditions met"
          )))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }

  /// An exemption condition's name.
  static func condition(_ id: String, _ locale: ReportLocale) -> String {
    switch (id, locale) {
    case ("collective_decision", .zhCN): "集体决策"
    case ("collective_decision", .en): "collective decision"
    case ("pricing", .zhCN): "定价方式"
    case ("pricing", .en): "stated pricing"
    case ("public_notice", .zhCN): "公示"
    case ("public_notice", .en): "public notice"
    case ("objection", .zhCN): "公示无异议"
    case ("objection", .en): "notice without objection"
    case ("conflict_declared", .zhCN): "利益冲突申报"
    case ("conflict_declared", .en): "conflicts declared"
    default: id
    }
  }

  /// A conversion mode's name.
  static func mode(_ raw: String, _ locale: ReportLocale) -> String {
    switch (raw, locale) {
    case ("assignment", .zhCN): "转让"
    case ("assignment", .en): "transfer"
    case ("licence", .zhCN): "许可"
    case ("licence", .en): "licence"
    case ("equity", .zhCN): "作价投资"
    case ("equity", .en): "equity"
    default: raw
    }
  }
}
