import Foundation
import RoadshowKernel

/// Bids for 揭榜 challenges (揭榜比拼, 002 三 and 003 §4): teams answer a published demand with a
/// technical solution, a quote and a schedule. Each bid enters the library as a record of its own
/// (source `bids` by default), so that the panel reviews it, the winner is announced through the
/// publication gate, and its contract is followed in the ledger's milestones like any pitched
/// project. Every row is checked; each problem names file, row and column.
public struct ChallengeBids: IntakeSource {
  public static let description = PluginDescription(
    id: "enterprise.challenge_bids", kind: .intake, track: "enterprise",
    title: LocalizedText(zh: "揭榜投标", en: "Challenge bids"),
    summary: LocalizedText(
      zh: "读取揭榜团队对企业榜单（已发布的技术需求）的投标：技术方案、报价、周期，逐行校验",
      en:
        "Reads teams' bids for challenges (published technology demands): solution, quote, schedule, checked row by row"
    ),
    parameters: [
      ParameterSpec(
        "file", .file, required: true,
        doc: LocalizedText(
          zh:
            "投标表（CSV：bid_id 投标编号, challenge 榜单编号, team 揭榜团队, institution 单位, solution 技术方案；可选 lead 负责人、co_applicants 联合单位、trl、quote_wan_yuan 报价（万元）、months 周期（月）、submitted 提交日期、summary 方案摘要）",
          en:
            "the bids (CSV: bid_id, challenge, team, institution, solution; optional lead, co_applicants, trl, quote_wan_yuan, months, submitted, summary)"
        )),
      ParameterSpec(
        "source", .text, default: "bids",
        doc: LocalizedText(zh: "来源标识，构成投标记录编号的前缀", en: "source id, the prefix of the bids' record ids")),
      ParameterSpec(
        "confidentiality", .choice(Confidentiality.allCases.map(\.rawValue)), default: "cleared",
        doc: LocalizedText(
          zh: "投标记录的保密审查状态（团队投标时已同意公布揭榜结果时用 cleared）",
          en: "the bids' confidentiality (cleared when teams agreed, by bidding, that a win is announced)")),
      .onBadRow, .encoding,
    ],
    example: """
      - plugin: enterprise.challenge_bids
        with:
          file: enterprise-demand/data/challenge-bids.csv
      """)

  /// The columns, by field, with the headers accepted.
  static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("id", ["bid_id", "投标编号", "id"], true), ("challenge", ["challenge", "榜单编号", "榜单"], true),
    ("team", ["team", "揭榜团队", "团队"], true), ("institution", ["institution", "单位", "揭榜单位"], true),
    ("solution", ["solution", "技术方案", "方案"], true), ("lead", ["lead", "负责人"], false),
    ("co", ["co_applicants", "联合单位"], false), ("trl", ["trl", "技术成熟度"], false),
    ("quote", ["quote_wan_yuan", "报价（万元）", "报价"], false), ("months", ["months", "周期（月）", "周期"], false),
    ("submitted", ["submitted", "提交日期"], false), ("summary", ["summary", "方案摘要"], false),
  ]

  let parameters: ParameterValues
  let source: String
  let confidentiality: Confidentiality

  public init(parameters p: ParameterValues) throws {
    parameters = p
    source = p.string("source") ?? "bids"
    confidentiality = p.string("confidentiality").flatMap(Confidentiality.init(rawValue:)) ?? .cleared
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try parameters.readCSV()
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in Self.columns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else if column.required {
        problems.append(
          table.fileProblem(
            LocalizedText(
              zh: "缺少列 `\(column.headers[0])`（或 \(column.headers.dropFirst().joined(separator: "、"))）",
              en: "missing column `\(column.headers[0])` (or \(column.headers.dropFirst().joined(separator: ", ")))")))
      }
    }
    guard problems.isEmpty else { throw DataError(problems) }
    var records: [Achievement] = []
    var skipped = table.skippedRows
    var seen: Set<String> = []
    for row in table.rows {
      var bad: [Diagnostic] = []
      func need(_ field: String, _ zh: String, _ en: String) {
        if row.cell(index[field]).isEmpty {
          bad.append(table.badRow(row, column: index[field], LocalizedText(zh: zh, en: en)))
        }
      }
      let id = row.cell(index["id"])
      if id.isEmpty || !seen.insert(id).inserted {
        bad.append(
          table.badRow(
            row, column: index["id"],
            LocalizedText(zh: "投标编号为空或重复：`\(id)`", en: "the bid id is empty or repeats: `\(id)`")))
      }
      need("challenge", "榜单编号为空", "the challenge is empty")
      need("team", "揭榜团队为空", "the team is empty")
      need("institution", "单位为空", "the institution is empty")
      need("solution", "技术方案为空", "the solution is empty")
      let trlText = row.cell(index["trl"])
      let readiness =
        trlText.isEmpty ? TechnologyReadiness.unknown : Int(trlText).flatMap(TechnologyReadiness.init(level:))
      if readiness == nil {
        bad.append(
          table.badRow(
            row, column: index["trl"],
            LocalizedText(
              zh: "技术成熟度应为 1–9 的整数，实际为 `\(trlText)`", en: "the TRL must be a whole number 1–9, got `\(trlText)`")))
      }
      let quoteText = row.cell(index["quote"])
      if !quoteText.isEmpty, Double(quoteText).map({ $0.isFinite && $0 >= 0 }) != true {
        bad.append(
          table.badRow(
            row, column: index["quote"],
            LocalizedText(
              zh: "报价应为不小于 0 的数（万元），实际为 `\(quoteText)`",
              en: "the quote must be a number ≥ 0 (10,000 yuan), got `\(quoteText)`")))
      }
      let monthsText = row.cell(index["months"])
      if !monthsText.isEmpty, Int(monthsText).map({ (1...120).contains($0) }) != true {
        bad.append(
          table.badRow(
            row, column: index["months"],
            LocalizedText(
              zh: "周期应为 1–120 个月，实际为 `\(monthsText)`", en: "the schedule must be 1–120 months, got `\(monthsText)`")))
      }
      let submitted = row.cell(index["submitted"])
      if !submitted.isEmpty, CalendarDate.parse(submitted) == nil {
        bad.append(
          table.badRow(
            row, column: index["submitted"],
            LocalizedText(
              zh: "提交日期应为 YYYY-MM-DD，实际为 `\(submitted)`",
              en: "the submission date must be YYYY-MM-DD, got `\(submitted)`")))
      }
      guard bad.isEmpty, let readiness else {
        if parameters.badRowPolicy == .stop { problems += bad } else { skipped += bad }
        continue
      }
      var attributes = [
        ChallengeAttribute.challenge: row.cell(index["challenge"]), ChallengeAttribute.team: row.cell(index["team"]),
      ]
      for (field, key) in [
        ("quote", ChallengeAttribute.quote), ("months", ChallengeAttribute.months),
        ("submitted", ChallengeAttribute.submitted), ("co", "co_applicants"),
      ] where !row.cell(index[field]).isEmpty {
        attributes[key] = row.cell(index[field])
      }
      let lead = row.cell(index["lead"])
      let summary = row.cell(index["summary"])
      records.append(
        Achievement(
          id: AchievementID(source: source, externalID: id), title: row.cell(index["solution"]),
          summary: summary.isEmpty ? nil : summary, institution: row.cell(index["institution"]),
          team: lead.isEmpty ? [] : [lead], readiness: readiness, channel: .openCall, transferModes: [.commissioned],
          confidentiality: confidentiality, attributes: attributes))
    }
    guard problems.isEmpty else { throw DataError(problems) }
    return IntakeBatch(
      records: records, skipped: skipped, rowsRead: table.rows.count + table.skippedRows.count,
      warnings: table.warnings)
  }
}

/// The attributes a bid record carries.
public enum ChallengeAttribute {
  /// The challenge (the demand's id) the bid answers.
  public static let challenge = "challenge"
  /// The bidding team's name.
  public static let team = "challenge_team"
  /// The quote, in 10,000 yuan.
  public static let quote = "quote_wan_yuan"
  /// The schedule, in months.
  public static let months = "months"
  /// When the bid was submitted (YYYY-MM-DD).
  public static let submitted = "submitted"
}
