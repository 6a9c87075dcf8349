import Foundation
import RoadshowKernel

/// Enterprise interest (征求企业对接意愿): writes the shortlist to push to local enterprises as a
/// response form, reads their filled-in responses back, and adds interest to the score.
///
/// interest score = `weight` × Σ response levels (none 0, low 1, medium 2, high 3).
public struct EnterpriseInterestPolicy: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.enterprise_interest", kind: .screening, track: "torch",
    title: LocalizedText(zh: "企业对接意愿", en: "Enterprise interest"),
    summary: LocalizedText(
      zh: "导出推送给地方企业的初筛名单（意向回执表），读回企业对接意愿与建议并计分",
      en: "Exports the shortlist to push to local enterprises and reads their interest and comments back"),
    parameters: [
      ParameterSpec(
        "responses", .file,
        doc: LocalizedText(
          zh: "企业回执（CSV：编号、企业、意向、建议）；未提供时只导出推送名单",
          en: "enterprise responses (CSV: id, enterprise, interest, comment); without it only the push list is written")
      ),
      ParameterSpec(
        "columns",
        .object([
          ParameterSpec(
            "id", .text, doc: LocalizedText(zh: "成果编号列（默认 编号 或 id）", en: "achievement id column (default 编号 or id)")),
          ParameterSpec(
            "enterprise", .text,
            doc: LocalizedText(zh: "企业列（默认 企业名称 或 enterprise）", en: "enterprise column (default 企业名称 or enterprise)")),
          ParameterSpec(
            "level", .text,
            doc: LocalizedText(
              zh: "意向列（无/了解/有意向/强烈意向 或 0–3；默认 对接意向 或 interest）",
              en: "interest column (none/low/medium/high or 0–3; default 对接意向 or interest)")),
          ParameterSpec(
            "comment", .text,
            doc: LocalizedText(zh: "建议列（默认 意见建议 或 comment）", en: "comment column (default 意见建议 or comment)")),
        ]),
        doc: LocalizedText(
          zh: "回执文件的列名；未设置的列，推送名单按报告语言写中文或英文列名，读回时两种都认",
          en:
            "column names of the responses file; a column not set is written in the report language (Chinese or English) on the push list and read back under either name"
        )),
      ParameterSpec(
        "weight", .number(0...100), default: "5", doc: LocalizedText(zh: "每一级意向的加分", en: "points per interest level")),
      ParameterSpec(
        "min_level", .choice(["none", "low", "medium", "high"]), default: "none",
        doc: LocalizedText(
          zh: "保留所需的最高意向等级；none 表示全部保留（未反馈的也保留并标注）",
          en: "interest level needed to stay; none keeps everyone (those without response flagged)")),
      ParameterSpec(
        "push_list", .outputName, default: "push-list.csv",
        doc: LocalizedText(zh: "推送名单文件名", en: "push list file name")),
      .encoding,
    ],
    example: """
      - plugin: torch.enterprise_interest
        with:
          responses: data/enterprise-responses.csv
          weight: 5
      """)

  let responsesFile: URL?
  let responsesName: String?
  /// The response columns: a name the config sets, else the Chinese and English defaults.
  let columns: (id: ResponseColumn, enterprise: ResponseColumn, level: ResponseColumn, comment: ResponseColumn)
  let weight: Double
  let minimum: InterestLevel
  let pushList: String

  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    responsesFile = p.url("responses")
    responsesName = p.string("responses")
    let c = p.object("columns")
    columns = (
      ResponseColumn(set: c?.string("id"), zh: "编号", en: "id"),
      ResponseColumn(set: c?.string("enterprise"), zh: "企业名称", en: "enterprise"),
      ResponseColumn(set: c?.string("level"), zh: "对接意向", en: "interest"),
      ResponseColumn(set: c?.string("comment"), zh: "意见建议", en: "comment")
    )
    weight = p.double("weight") ?? 5
    minimum = InterestLevel(rawValue: p.string("min_level") ?? "none") ?? .none
    pushList = p.string("push_list") ?? "push-list.csv"
    var problems: [Diagnostic] = []
    if let name = responsesName, let table = p.csvHeader("responses", problems: &problems) {
      for (key, column) in [("id", columns.id), ("enterprise", columns.enterprise), ("level", columns.level)]
      where column.index(in: table) == nil {
        let header = column.names.joined(separator: "` / `")
        problems.append(
          Diagnostic(
            .invalidValue, at: c?.location(of: key) ?? p.location(of: "responses"),
            keyPath: p.keyPath(of: "columns") + ".\(key)",
            message: LocalizedText(
              zh: "回执文件 \(name) 中没有列 `\(header)`；文件的列：\(table.header.joined(separator: ", "))",
              en:
                "responses file \(name) has no column `\(header)`; its columns: \(table.header.joined(separator: ", "))"
            ),
            suggestion: Suggestions.nearest(to: column.names[0], in: table.header)))
      }
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// Rejects records only when `min_level` asks for an interest level.
  public var narrows: Bool { minimum != .none }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let push = pushListFile(candidates, locale: context.locale, gate: context.gate)
    var responses: [AchievementID: [EnterpriseInterest]] = [:]
    if let file = responsesFile {
      responses = try readResponses(file, known: candidates, context: context)
    }
    var kept: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for var candidate in candidates {
      let answers = responses[candidate.id] ?? []
      candidate.interest = answers
      let total = answers.reduce(0) { $0 + $1.level.weight }
      candidate.setScore("interest", weight * total)
      let best = answers.map(\.level).max() ?? .none
      let summary = LocalizedText(
        zh: answers.map { "\($0.enterprise)：\($0.level.name(.zhCN))" }.joined(separator: "；"),
        en: answers.map { "\($0.enterprise): \($0.level.name(.en))" }.joined(separator: "; "))
      if answers.isEmpty {
        candidate.flags.append(LocalizedText(zh: "未收到企业反馈", en: "no enterprise response"))
      }
      if best >= minimum {
        kept.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: true, rule: answers.isEmpty ? "no_response" : "interest",
            score: weight * total,
            reason: answers.isEmpty
              ? LocalizedText(zh: "暂无企业反馈，保留", en: "no enterprise response yet; kept")
              : LocalizedText(
                zh: "\(answers.count) 家企业反馈（\(summary.zh)），意向加分 \(weight * total)",
                en:
                  "\(answers.count) enterprise response\(answers.count == 1 ? "" : "s") (\(summary.en)); interest adds \(weight * total)"
              )))
      } else {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "min_level", score: weight * total,
            reason: LocalizedText(
              zh: "最高对接意向「\(best.name(.zhCN))」低于要求「\(minimum.name(.zhCN))」",
              en: "highest interest “\(best.rawValue)” is below the required “\(minimum.rawValue)”")))
      }
    }
    kept.sort { ($0.score, $1.id) > ($1.score, $0.id) }
    return ScreeningResult(passed: kept, decisions: decisions, artifacts: [push])
  }

  /// The list pushed to enterprises: one row per shortlisted project cleared for publication, with
  /// empty response columns in the same layout the responses file is read in.
  func pushListFile(_ candidates: [Candidate], locale: ReportLocale, gate: PublicationGate) -> OutputFile {
    let zh = locale == .zhCN
    let publication = gate.release(candidates, to: .participants)
    let header =
      [columns.id.name(locale)]
      + (zh ? ["成果名称", "持有单位", "领域", "技术成熟度"] : ["title", "institution", "field", "trl"])
      + [columns.enterprise, columns.level, columns.comment].map { $0.name(locale) }
    let rows = publication.records.map { a -> [String] in
      [
        a.id.rawValue, a.title, a.institution ?? "", a.field ?? "",
        a.readiness.value.map(String.init) ?? (zh ? "未评估" : "unknown"), "", "", "",
      ]
    }
    return OutputFile(name: pushList, text: CSVWriter.text(header: header, rows: rows), publication: publication)
  }

  func readResponses(_ file: URL, known: [Candidate], context: PipelineContext? = nil) throws -> [AchievementID:
    [EnterpriseInterest]]
  {
    let name = responsesName ?? file.lastPathComponent
    let table = try CSVTable.read(file, displayName: name, encoding: encoding)
    context?.warn(.screening, table.warnings)
    guard let idColumn = columns.id.index(in: table), let enterpriseColumn = columns.enterprise.index(in: table),
      let levelColumn = columns.level.index(in: table)
    else {
      throw DataError([
        table.fileProblem(LocalizedText(zh: "回执文件缺少必需的列", en: "the responses file lacks a required column"))
      ])
    }
    let commentColumn = columns.comment.index(in: table)
    // Responses may name the full library id or the source's own record id.
    var byExternal: [String: AchievementID] = [:]
    for candidate in known {
      byExternal[candidate.id.rawValue] = candidate.id
      byExternal[candidate.id.externalID] = candidate.id
    }
    var result: [AchievementID: [EnterpriseInterest]] = [:]
    var problems: [Diagnostic] = []
    for row in table.rows {
      let levelText = row.cell(levelColumn)
      // The push list comes back with most rows unanswered: an empty interest cell is no response.
      if levelText.isEmpty { continue }
      guard let level = InterestLevel(text: levelText) else {
        problems.append(
          Diagnostic.badRow(
            file: name, line: row.line, row: row.number, column: levelColumn + 1, header: table.header[levelColumn],
            LocalizedText(
              zh: "无法识别的意向 `\(levelText)`（应为 无意向/了解/有意向/强烈意向 或 0–3）",
              en: "unknown interest `\(levelText)` (none/low/medium/high or 0–3)")))
        continue
      }
      let enterprise = row.cell(enterpriseColumn)
      guard !enterprise.isEmpty else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: name, line: row.line, column: enterpriseColumn + 1),
            keyPath: table.header[enterpriseColumn],
            message: LocalizedText(zh: "第 \(row.number) 行：企业名称为空", en: "row \(row.number): enterprise is empty")))
        continue
      }
      // A response to a project no longer in the funnel is not an error: it simply has no effect.
      guard let id = byExternal[row.cell(idColumn)] else { continue }
      let comment = commentColumn.map(row.cell)
      result[id, default: []].append(
        EnterpriseInterest(
          achievement: id, enterprise: enterprise, level: level, comment: comment?.isEmpty == false ? comment : nil))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return result
  }
}

/// A column of the responses file: the name the config sets, else a default in each report
/// language. The push list is written with the name in the report language and read back under
/// either, so a list sent out in English and returned works in a Chinese run too.
struct ResponseColumn: Sendable {
  /// The names the column is looked up by, the set one alone or the Chinese and English defaults.
  let names: [String]
  let localized: LocalizedText

  init(set: String?, zh: String, en: String) {
    if let set {
      names = [set]
      localized = LocalizedText(verbatim: set)
    } else {
      names = [zh, en]
      localized = LocalizedText(zh: zh, en: en)
    }
  }

  /// The header written on the push list.
  func name(_ locale: ReportLocale) -> String { localized(locale) }

  /// The first of `names` that `table` has.
  func index(in table: CSVTable) -> Int? { names.lazy.compactMap(table.column).first }
}
