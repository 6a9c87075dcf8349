import Foundation
import RoadshowKernel

/// The challenge list and its results (发榜与揭榜结果公布, 002 三.1): every challenge — a published
/// technology demand — with the team that won it or marked open, announced through the
/// publication gate (a winner whose bid is not cleared is held back and counted). The winners are
/// the event's projects, so the ledger records them and their contracts are followed up in its
/// milestones (`roadshow followup import`).
public struct ChallengeAnnouncement: EventFormat {
  public static let description = PluginDescription(
    id: "enterprise.challenge_announcement", kind: .event, track: "enterprise",
    title: LocalizedText(zh: "发榜与揭榜结果公布", en: "Challenges and winners announced"),
    summary: LocalizedText(
      zh: "公布榜单（已发布的技术需求）及每个榜单的揭榜方，未揭榜的标明空缺",
      en: "Announces the challenges (published technology demands) and each one's winner, or that it stays open"),
    parameters: [
      ParameterSpec(
        "challenges", .list(.text),
        doc: LocalizedText(
          zh: "作为榜单发布的需求编号；默认所有已公开的技术需求",
          en: "the demand ids published as challenges; default every published technology demand")),
      ParameterSpec(
        "output", .outputName, default: "challenge-results.md",
        doc: LocalizedText(zh: "揭榜结果公告文件名", en: "file name of the announcement")),
    ],
    example: """
      - plugin: enterprise.challenge_announcement
      """)

  let challenges: [String]
  let output: String

  public init(parameters p: ParameterValues) throws {
    challenges = p.strings("challenges")
    output = p.string("output") ?? "challenge-results.md"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let zh = context.locale == .zhCN
    let published = context.demands.filter { $0.publishable != false && ($0.category ?? .technology) == .technology }
    let listed = challenges.isEmpty ? published : published.filter { challenges.contains($0.id) }
    let winners = input.selected.map(\.achievement).filter { $0.attributes[ChallengeAttribute.challenge] != nil }
    let publication = context.gate.release(winners, to: .public)
    var byChallenge: [String: PublishedAchievement] = [:]
    for record in publication.records {
      if let challenge = record.attributes[ChallengeAttribute.challenge] { byChallenge[challenge] = record }
    }
    let awarded = listed.filter { byChallenge[$0.id] != nil }.count
    var md = zh ? "# 揭榜结果公告\n\n" : "# Challenge results\n\n"
    md +=
      zh
      ? "发布榜单 \(listed.count) 个，已揭榜 \(awarded) 个，空缺 \(listed.count - awarded) 个。\n\n"
      : "\(listed.count) challenges published, \(awarded) won, \(listed.count - awarded) still open.\n\n"
    if !listed.isEmpty {
      md +=
        zh
        ? "| 榜单 | 发榜企业 | 需求 | 揭榜团队 | 单位 | 技术方案 |\n|---|---|---|---|---|---|\n"
        : "| Challenge | Enterprise | Demand | Winning team | Institution | Solution |\n|---|---|---|---|---|---|\n"
      for demand in listed {
        let cell = ReportFormat.tableCell
        if let winner = byChallenge[demand.id] {
          md +=
            "| \(cell(demand.id)) | \(cell(demand.enterprise)) | \(cell(demand.title)) | "
            + "\(cell(winner.attributes[ChallengeAttribute.team] ?? "")) | \(cell(winner.institution ?? "")) | \(cell(winner.title)) |\n"
        } else {
          md +=
            "| \(cell(demand.id)) | \(cell(demand.enterprise)) | \(cell(demand.title)) | \(zh ? "空缺" : "open") | | |\n"
        }
      }
    }
    if !publication.withheld.isEmpty {
      md +=
        zh
        ? "\n另有 \(publication.withheld.count) 个揭榜方尚未通过保密审查，审查后公布。\n"
        : "\n\(publication.withheld.count) more winners await confidentiality clearance and are announced once cleared.\n"
    }
    let event = RoadshowEvent(
      format: Self.description.id,
      title: zh ? "揭榜结果公布（\(awarded)/\(listed.count)）" : "Challenge results (\(awarded) of \(listed.count))",
      date: context.eventDate, venue: context.host.venue, online: true, achievements: winners.map(\.id))
    return EventResult(events: [event], artifacts: [OutputFile(name: output, text: md, publication: publication)])
  }
}
