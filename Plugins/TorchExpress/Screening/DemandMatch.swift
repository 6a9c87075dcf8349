import Foundation
import RoadshowKernel
import RoadshowMatching

/// Supply–demand matching (精准匹配) as a screening stage: reads enterprise technology demands and
/// finds, for each, the best achievements among the candidates (character n-gram similarity, no
/// word segmenter, with field and TRL constraints). Candidates matched by some demand gain a
/// `demand` score part; every match is explained by its shared terms and constraints in
/// `demand-matches.csv`.
public struct DemandMatch: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.demand_match", kind: .screening, track: "torch",
    title: LocalizedText(zh: "需求匹配", en: "Demand matching"),
    summary: LocalizedText(
      zh: "企业技术需求与成果精准匹配（字符 n-gram 相似度，附匹配依据），按匹配度加分",
      en: "Matches enterprise demands to achievements (character n-grams, explained) and scores the matches"),
    parameters: [
      ParameterSpec(
        "demands", .file, required: true,
        doc: LocalizedText(
          zh: "企业需求（CSV：id, enterprise, province, field, need；可选 min_trl）",
          en: "enterprise demands (CSV: id, enterprise, province, field, need; optional min_trl)")),
      ParameterSpec(
        "top", .integer(1...100), default: "10",
        doc: LocalizedText(zh: "每条需求取前几项成果", en: "achievements kept per demand")),
      ParameterSpec(
        "min_score", .number(0...2), default: "0.05",
        doc: LocalizedText(zh: "计为匹配的最低相似度", en: "lowest similarity that counts as a match")),
      ParameterSpec(
        "weight", .number(0...1000), default: "20", doc: LocalizedText(zh: "匹配得分的权重", en: "weight of the match score")),
      ParameterSpec(
        "field", .choice(["ignore", "bonus", "require"]), default: "bonus",
        doc: LocalizedText(zh: "领域一致：忽略、加分或必需", en: "same field: ignore, bonus or required")),
      ParameterSpec(
        "keep", .choice(["matched", "all"]), default: "matched",
        doc: LocalizedText(
          zh: "matched 只保留被需求匹配的成果；all 全部保留并加分", en: "matched keeps only matched achievements; all keeps everyone")),
      .encoding,
    ],
    example: """
      - plugin: torch.demand_match
        with:
          demands: demand-matching/data/enterprise-demands.csv
          top: 10
          keep: matched
      """)

  let demandsFile: URL
  let demandsName: String
  let top: Int
  let minimum: Double
  let weight: Double
  let field: MatchConstraint
  let keepAll: Bool

  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    guard let url = p.url("demands"), let name = p.string("demands") else {
      throw PluginSetupError([
        p.problem("demands", LocalizedText(zh: "缺少需求文件", en: "the demands file is missing"), code: .missingKey)
      ])
    }
    demandsFile = url
    demandsName = name
    top = p.int("top") ?? 10
    minimum = p.double("min_score") ?? 0.05
    weight = p.double("weight") ?? 20
    switch p.string("field") {
    case "ignore": field = .ignore
    case "require": field = .require
    default: field = .bonus(0.05)
    }
    keepAll = p.string("keep") == "all"
    var problems: [Diagnostic] = []
    if let table = p.csvHeader("demands", problems: &problems) {
      let missing = ["id", "need"].filter { table.column($0) == nil }
      if !missing.isEmpty {
        throw PluginSetupError([
          p.problem(
            "demands",
            LocalizedText(
              zh: "需求文件缺少列：\(missing.joined(separator: ", "))；文件的列：\(table.header.joined(separator: ", "))",
              en:
                "the demands file lacks the columns \(missing.joined(separator: ", ")); its columns: \(table.header.joined(separator: ", "))"
            ))
        ])
      }
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  func readDemands(_ context: PipelineContext? = nil) throws -> [MatchDemand] {
    let table = try CSVTable.read(demandsFile, displayName: demandsName, encoding: encoding)
    context?.warn(.screening, table.warnings)
    var demands: [MatchDemand] = []
    var problems: [Diagnostic] = []
    func cell(_ row: CSVTable.Row, _ name: String) -> String {
      guard let index = table.column(name), index < row.fields.count else { return "" }
      return row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }
    for row in table.rows {
      let id = cell(row, "id")
      let need = cell(row, "need")
      guard !id.isEmpty, !need.isEmpty else {
        let column = id.isEmpty ? "id" : "need"
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: demandsName, line: row.line, column: (table.column(column) ?? 0) + 1),
            keyPath: column,
            message: LocalizedText(zh: "第 \(row.number) 行：\(column) 为空", en: "row \(row.number): `\(column)` is empty"))
        )
        continue
      }
      var minimumTRL: Int?
      let text = cell(row, "min_trl")
      if !text.isEmpty {
        guard let level = Int(text), (1...9).contains(level) else {
          problems.append(
            Diagnostic(
              .badRow,
              at: SourceLocation(file: demandsName, line: row.line, column: (table.column("min_trl") ?? 0) + 1),
              keyPath: "min_trl",
              message: LocalizedText(
                zh: "第 \(row.number) 行，列 `min_trl`：应为 1–9，实际为 `\(text)`",
                en: "row \(row.number), column `min_trl`: expected 1–9, got `\(text)`")))
          continue
        }
        minimumTRL = level
      }
      demands.append(
        MatchDemand(
          id: id, enterprise: cell(row, "enterprise"), province: cell(row, "province"), field: cell(row, "field"),
          need: need, minimumTRL: minimumTRL))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return demands
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let demands = try readDemands(context)
    context.report(
      .screening,
      LocalizedText(
        zh: "匹配 \(demands.count) 条需求 × \(candidates.count) 项成果…",
        en: "matching \(demands.count) demands × \(candidates.count) achievements…"))
    let supply = candidates.map { c in
      MatchAchievement(
        id: c.id.rawValue, title: c.achievement.title, institution: c.achievement.institution ?? "",
        province: c.achievement.province ?? "", field: c.achievement.field ?? "",
        trl: c.achievement.readiness.value ?? 0,
        summary: c.achievement.summary ?? "")
    }
    let engine = MatchingEngine(achievements: supply, options: MatchOptions(field: field))
    let results = engine.matchAll(demands, limit: top)
    let demandsByID = Dictionary(demands.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var best: [String: (match: Match, demand: MatchDemand)] = [:]
    var rows: [[String]] = []
    let zh = context.locale == .zhCN
    for matches in results {
      for match in matches where match.score >= minimum {
        guard let demand = demandsByID[match.demandID] else { continue }
        if best[match.achievementID].map({ $0.match.score < match.score }) ?? true {
          best[match.achievementID] = (match, demand)
        }
        rows.append([
          match.demandID, demand.enterprise, demand.need, match.achievementID, String(match.rank),
          String(format: "%.4f", match.score), Self.terms(match, context.locale),
          match.constraints.map { zh ? $0.chineseDescription : $0.description }.joined(separator: "; "),
        ])
      }
    }
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for var candidate in candidates {
      if let (match, demand) = best[candidate.id.rawValue] {
        candidate.setScore("demand", weight * match.score)
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: true, rule: "matched", score: match.score,
            reason: LocalizedText(
              zh:
                "与\(demand.enterprise)的需求「\(demand.need)」匹配（相似度 \(String(format: "%.3f", match.score))，共同词：\(Self.terms(match, .zhCN))）",
              en:
                "matches the demand of \(demand.enterprise), “\(demand.need)” (similarity \(String(format: "%.3f", match.score)); shared terms: \(Self.terms(match, .en)))"
            )))
      } else if keepAll {
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: true, rule: "unmatched",
            reason: LocalizedText(zh: "未与任何需求匹配，保留", en: "matched no demand; kept")))
      } else {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "unmatched",
            reason: LocalizedText(
              zh: "未进入任何企业需求的前 \(top) 项匹配（或相似度低于 \(minimum)）",
              en: "not among the top \(top) matches of any enterprise demand (or similarity below \(minimum))")))
      }
    }
    passed.sort { ($0.score, $1.id) > ($1.score, $0.id) }
    let header =
      zh
      ? ["需求编号", "企业", "需求", "成果编号", "排名", "相似度", "共同词", "约束"]
      : ["demand", "enterprise", "need", "achievement", "rank", "score", "shared terms", "constraints"]
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: "demand-matches.csv", text: CSVWriter.text(header: header, rows: rows))])
  }

  /// The terms a demand and an achievement share, pieces of their own text: `机器人、器人关` in
  /// Chinese, `“机器人”, “器人关”` in English.
  static func terms(_ match: Match, _ locale: ReportLocale) -> String {
    match.sharedTerms.map { locale == .zhCN ? $0.term : "“\($0.term)”" }.joined(
      separator: LabelFormat.enumerationSeparator(locale))
  }
}
