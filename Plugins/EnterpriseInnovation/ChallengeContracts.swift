import Foundation
import RoadshowKernel

/// The contracts of 揭榜 winners followed up in the ledger (揭榜后合同跟踪, 002 三.1): every bid
/// that won a challenge at this or an earlier event of the programme, with the steps the ledger's
/// milestones record for it — contract signed, registered, funds settled, landed — and the
/// challenge figures counted from the data: challenges published, bids, challenges won, contracts
/// signed and their amount.
public struct ChallengeContracts: FollowUpService {
  public static let description = PluginDescription(
    id: "enterprise.challenge_contracts", kind: .followUp, track: "enterprise",
    title: LocalizedText(zh: "揭榜合同跟踪", en: "Challenge contracts followed up"),
    summary: LocalizedText(
      zh: "由工作台账的跟踪记录列出每个揭榜项目的签约、合同登记、结算和落地，并统计榜单、投标、揭榜和签约",
      en:
        "Lists each winning bid's contract, registration, settlement and landing from the ledger's milestones, and counts challenges, bids, wins and contracts"
    ),
    parameters: [
      ParameterSpec(
        "output", .outputName, default: "challenge-contracts.md",
        doc: LocalizedText(zh: "合同跟踪表文件名", en: "file name of the contracts table"))
    ],
    example: """
      - plugin: enterprise.challenge_contracts
      """)

  /// The steps a winning bid's contract is followed along, in order.
  public static let steps: [MilestoneKind] = [.contract, .registration, .settlement, .landing]

  let output: String

  public init(parameters p: ParameterValues) throws {
    output = p.string("output") ?? "challenge-contracts.md"
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let bids = input.library.filter { $0.attributes[ChallengeAttribute.challenge] != nil }
    let bidIDs = Set(bids.map(\.id))
    let thisKey = ProgrammeEvent.key(
      programme: context.programme, host: context.host.name, eventDate: context.eventDate)
    // Winners: bids pitched (announced) at an earlier event of the ledger, and this run's.
    var winners: [AchievementID] = []
    var seen: Set<AchievementID> = []
    for id in context.ledger.events.filter({ $0.key != thisKey }).flatMap(\.pitched) + input.pitched.map(\.id)
    where bidIDs.contains(id) && seen.insert(id).inserted {
      winners.append(id)
    }
    let byID = Dictionary(bids.map { ($0.id, $0) }) { first, _ in first }
    let standing = MilestoneEntry.standing(context.ledger.milestones).filter { seen.contains($0.achievement) }
    let byWinner = Dictionary(grouping: standing, by: \.achievement)
    let contracts = standing.filter { $0.kind == .contract }
    let signed = Set(contracts.map(\.achievement))
    // The amount of each winner's latest contract entry.
    var amounts: [AchievementID: Double] = [:]
    for entry in contracts { if let amount = entry.amountWanYuan { amounts[entry.achievement] = amount } }
    let published = context.demands.filter { $0.publishable != false && ($0.category ?? .technology) == .technology }
    let source = zh ? "002 三.1" : "002 §3.1"
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "发布榜单", en: "Challenges published"), value: Double(published.count), target: nil,
        unit: LocalizedText(zh: "个", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "揭榜投标", en: "Bids received"), value: Double(bids.count), target: nil,
        unit: LocalizedText(zh: "份", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "已揭榜的榜单", en: "Challenges won"),
        value: Double(Set(winners.compactMap { byID[$0]?.attributes[ChallengeAttribute.challenge] }).count),
        target: Double(published.count), unit: LocalizedText(zh: "个", en: ""),
        source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "揭榜项目签约", en: "Winning bids with a signed contract"), value: Double(signed.count),
        target: Double(winners.count), unit: LocalizedText(zh: "项", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "揭榜合同金额", en: "Challenge contract amount"),
        value: amounts.values.reduce(0, +), target: nil, unit: LocalizedText(zh: "万元", en: "× 10,000 yuan"),
        source: source),
    ]
    var md = zh ? "# 揭榜项目合同跟踪\n\n" : "# Contracts of the challenge winners\n\n"
    md +=
      zh
      ? "揭榜项目 \(winners.count) 个，已签约 \(signed.count) 个（合同金额合计 \(format(amounts.values.reduce(0, +))) 万元）。签约、合同登记、结算、落地由工作台账的跟踪记录统计（roadshow followup import）。\n\n"
      : "\(winners.count) winning bids, \(signed.count) with a signed contract (\(format(amounts.values.reduce(0, +))) × 10,000 yuan in all). Contracts, registrations, settlements and landings are counted from the ledger's milestones (roadshow followup import).\n\n"
    if !winners.isEmpty {
      md += "| \(zh ? "榜单" : "Challenge") | \(zh ? "揭榜团队" : "Team") | \(zh ? "技术方案" : "Solution") | "
      md +=
        Self.steps.map { $0.name(locale) }.joined(separator: " | ")
        + " | \(zh ? "合同金额（万元）" : "Amount (10,000 yuan)") |\n"
      md += "|---|---|---|" + Self.steps.map { _ in "---|" }.joined() + "---|\n"
      for id in winners {
        let record = byID[id]
        let entries = byWinner[id] ?? []
        let cells = Self.steps.map { kind in entries.filter { $0.kind == kind }.map(\.date).max() ?? "—" }
        md +=
          "| \(ReportFormat.tableCell(record?.attributes[ChallengeAttribute.challenge] ?? "")) | "
          + "\(ReportFormat.tableCell(record?.attributes[ChallengeAttribute.team] ?? "")) | "
          + "\(ReportFormat.tableCell(record?.title ?? id.rawValue)) | " + cells.joined(separator: " | ")
          + " | \(amounts[id].map(format) ?? "—") |\n"
      }
    }
    return FollowUpResult(cases: [], indicators: indicators, artifacts: [OutputFile(name: output, text: md)])
  }

  func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
  }
}
