import Foundation
import RoadshowKernel

/// Progress of the national programme roadshows against the seed's targets for the end of 2025
/// (002 一): ≥ 80 roadshows, ≥ 3,000 results promoted and released, ≥ 5,000 with the local ones,
/// ≥ 1,000 landed — counted from the ledger's events and milestones and this run, never
/// constants; and the transaction services chain of every pitched project (挂牌 → 竞价 → 签约 →
/// 结算 → 登记 → 公示 → 凭证, then finance).
public struct NationalProgress: FollowUpService {
  public static let description = PluginDescription(
    id: "national.progress", kind: .followUp, track: "national",
    title: LocalizedText(zh: "路演行动进展与交易服务", en: "Progress and transaction services"),
    summary: LocalizedText(
      zh: "由工作台账统计路演场次、发布成果、落地转化对照 002 一 的目标，并列出路演项目的全流程交易服务进展",
      en:
        "Counts roadshows, released results and landed projects from the ledger against the targets of 002 §1, and each pitched project's transaction services"
    ),
    parameters: [
      ParameterSpec(
        "output", .outputName, default: "transaction-services.md",
        doc: LocalizedText(zh: "交易服务进展文件名", en: "file name of the transaction services table"))
    ],
    example: """
      - plugin: national.progress
      """)

  let output: String

  public init(parameters p: ParameterValues) throws {
    output = p.string("output") ?? "transaction-services.md"
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let ledger = context.ledger
    let thisKey = ProgrammeEvent.key(
      programme: context.programme, host: context.host.name, eventDate: context.eventDate)
    let holdsRoadshow = input.events.contains { !$0.achievements.isEmpty }
    let earlier = ledger.events.filter { $0.key != thisKey }
    let roadshows = earlier.count + (holdsRoadshow ? 1 : 0)
    let national = Set(
      input.library.filter { $0.channel == .nationalProgramme && $0.confidentiality == .cleared }.map(\.id))
    var promoted = national
    for event in earlier { promoted.formUnion(event.pitched) }
    promoted.formUnion(input.pitched.map(\.id))
    let standing = MilestoneEntry.standing(ledger.milestones)
    let landed = Set(standing.filter { $0.kind == .landing }.map(\.achievement))
    var finance = Set(context.participants.filter { [.investor, .bank].contains($0.role) }.map(\.name))
    for event in earlier {
      finance.formUnion(event.participants.filter { [.investor, .bank].contains($0.role) }.map(\.name))
    }
    // The seed's sections are numbered 一 to 六; English reports cite them as §1 to §6.
    let source = zh ? "002 一" : "002 §1"
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "组织开展路演活动", en: "Roadshows held"), value: Double(roadshows), target: 80,
        unit: LocalizedText(zh: "场", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "路演推广和发布科技计划成果", en: "Programme results promoted and released"),
        value: Double(national.count), target: 3000, unit: LocalizedText(zh: "项", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "累计路演推广成果（含地方）", en: "Results promoted, local ones included"),
        value: Double(promoted.count), target: 5000, unit: LocalizedText(zh: "项", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "推动科技成果落地转化", en: "Results landed"), value: Double(landed.count), target: 1000,
        unit: LocalizedText(zh: "个", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "参与路演对接的金融机构", en: "Finance institutions at the table"),
        value: Double(finance.count), target: nil, unit: LocalizedText(zh: "家", en: ""),
        source: zh ? "002 一.2" : "002 §1.2"),
    ]
    // The transaction services of every project pitched in the programme so far.
    var pitched: [AchievementID] = []
    var seen: Set<AchievementID> = []
    for id in earlier.flatMap(\.pitched) + input.pitched.map(\.id) where seen.insert(id).inserted { pitched.append(id) }
    let byProject = Dictionary(grouping: standing, by: \.achievement)
    let titles = Dictionary(input.library.map { ($0.id, $0.title) }) { first, _ in first }
    let steps = MilestoneKind.transactionServices + [.finance]
    var md = zh ? "# 路演项目全流程交易服务进展\n\n" : "# Transaction services of pitched projects\n\n"
    let started = pitched.filter { id in (byProject[id] ?? []).contains { steps.contains($0.kind) } }
    md +=
      zh
      ? "路演项目 \(pitched.count) 个，其中进入交易服务流程 \(started.count) 个（挂牌、竞价、签约、结算、合同登记、信息公示、出具凭证，以及知识产权质押、证券化、股权融资等科技金融服务）。\n\n"
      : "\(pitched.count) projects pitched, \(started.count) of them in the transaction services (listing, bidding, contract, settlement, registration, public notice, certificate, then IP pledge, securitisation or equity finance).\n\n"
    if !started.isEmpty {
      md += "| \(zh ? "成果" : "Project") | " + steps.map { $0.name(locale) }.joined(separator: " | ") + " |\n"
      md += "|---|" + steps.map { _ in "---|" }.joined() + "\n"
      for id in started {
        let entries = byProject[id] ?? []
        let cells = steps.map { kind in entries.filter { $0.kind == kind }.map(\.date).max() ?? "—" }
        md += "| \(ReportFormat.tableCell(titles[id] ?? id.rawValue)) | " + cells.joined(separator: " | ") + " |\n"
      }
    }
    return FollowUpResult(cases: [], indicators: indicators, artifacts: [OutputFile(name: output, text: md)])
  }
}
