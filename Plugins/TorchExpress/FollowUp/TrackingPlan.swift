import Foundation
import RoadshowKernel

/// Follow-up (跟踪服务, 001 §4.9): every pitched project is tracked with checkpoints after the event
/// and offered services by maturity — proof of concept for early technology, incubation in the
/// middle, industrial scenario application for mature technology.
public struct TrackingPlan: FollowUpService {
  public static let description = PluginDescription(
    id: "torch.tracking_plan", kind: .followUp, track: "torch",
    title: LocalizedText(zh: "跟踪服务计划", en: "Tracking plan"),
    summary: LocalizedText(
      zh: "对所有路演项目制定跟踪计划（3/6/12个月节点）并按成熟度匹配概念验证、孵化、场景应用服务",
      en: "Tracking plan for every pitched project (3/6/12-month checkpoints) with services by maturity"),
    parameters: [
      ParameterSpec(
        "checkpoints", .list(.integer(1...120)), default: "[3, 6, 12]",
        doc: LocalizedText(zh: "路演后第几个月检查", en: "months after the event to check")),
      ParameterSpec(
        "services", .list(.choice(FollowUpServiceKind.allCases.map(\.rawValue))),
        default: "[proof_of_concept, incubation, scenario_application]",
        doc: LocalizedText(zh: "可提供的服务", en: "services offered")),
    ],
    example: """
      - plugin: torch.tracking_plan
        with:
          checkpoints: [3, 6, 12]
          services: [proof_of_concept, incubation, scenario_application]
      """)

  let checkpoints: [Int]
  let services: [FollowUpServiceKind]

  public init(parameters p: ParameterValues) throws {
    checkpoints = p.strings("checkpoints").compactMap { Int($0) }.sorted()
    services = p.strings("services").compactMap(FollowUpServiceKind.init(rawValue:))
    if checkpoints.isEmpty {
      throw PluginSetupError([
        p.problem("checkpoints", LocalizedText(zh: "至少需要一个检查节点", en: "give at least one checkpoint"), code: .outOfRange)
      ])
    }
  }

  static func check(_ months: Int, isLast: Bool) -> LocalizedText {
    switch months {
    case ...3:
      LocalizedText(zh: "对接意向落实情况：洽谈、签约意向、试用", en: "Leads followed up: talks, letters of intent, trials")
    case ...6 where !isLast:
      LocalizedText(zh: "合作进展：协议签署、概念验证或中试进展", en: "Cooperation: agreements signed, proof of concept or pilot progress")
    default:
      LocalizedText(
        zh: "落地转化成效：技术合同登记、成立企业、产业化收入；纳入年度工作总结",
        en: "Landing: registered technology contracts, companies founded, revenue; reported in the annual summary")
    }
  }

  func services(for achievement: Achievement) -> [FollowUpServiceKind] {
    let wanted: [FollowUpServiceKind]
    switch achievement.readiness.value {
    case .some(...4): wanted = [.proofOfConcept, .incubation]
    case .some(5...6): wanted = [.proofOfConcept, .incubation, .scenarioApplication]
    case .some: wanted = [.scenarioApplication, .incubation]
    case .none: wanted = [.proofOfConcept, .incubation, .scenarioApplication]
    }
    let offered = wanted.filter(services.contains)
    return offered.isEmpty ? services : offered
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let cases = input.pitched.map { candidate -> FollowUpCase in
      let a = candidate.achievement
      let milestones = Milestone.checkpoints(checkpoints, after: context.eventDate) { index, months in
        Self.check(months, isLast: index == checkpoints.count - 1)
      }
      let leads = candidate.interest.sorted { $0.level > $1.level }.filter { $0.level >= .low }.map(\.enterprise)
      return FollowUpCase(
        achievement: a.id, title: a.title, services: services(for: a), milestones: milestones, leads: leads)
    }
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "纳入长期跟踪的路演项目", en: "Pitched projects under long-term tracking"),
        value: Double(cases.count), target: Double(input.pitched.count), unit: LocalizedText(zh: "个", en: ""),
        source: "001 §4.9"),
      ProgressIndicator(
        name: LocalizedText(zh: "有企业意向线索的路演项目", en: "Pitched projects with enterprise leads"),
        value: Double(cases.filter { !$0.leads.isEmpty }.count), target: Double(input.pitched.count),
        unit: LocalizedText(zh: "个", en: ""), source: "001 §4.6"),
    ]
    return FollowUpResult(cases: cases, indicators: indicators)
  }
}
