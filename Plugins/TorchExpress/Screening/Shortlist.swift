import Foundation
import RoadshowKernel

/// The initial shortlist (初筛, about 100): ranks candidates by a transparent weighted score and
/// keeps the top `size`. Every part of the score is written to `shortlist.csv`.
///
/// score = 100 × (w_trl·TRL/9 + w_prospect·prospect/100 + w_funding·log(1+funds)/log(1+max funds)
/// + w_relevance·min(1, keyword hits/3))
public struct Shortlist: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.shortlist", kind: .screening, track: "torch",
    title: LocalizedText(zh: "初筛", en: "Shortlist"),
    summary: LocalizedText(
      zh: "按透明加权评分（成熟度、产业化前景、经费规模、关键词相关度）初筛约100项",
      en: "Shortlists about 100 by a transparent weighted score (TRL, prospect, funding, relevance)"),
    parameters: [
      ParameterSpec("size", .integer(1...5000), default: "100", doc: LocalizedText(zh: "初筛数量", en: "shortlist size")),
      ParameterSpec(
        "weights",
        .object([
          ParameterSpec("trl", .number(0...1), default: "0.4", doc: LocalizedText(zh: "技术成熟度权重", en: "weight of TRL")),
          ParameterSpec(
            "prospect", .number(0...1), default: "0.3",
            doc: LocalizedText(zh: "产业化前景权重", en: "weight of industrial prospect")),
          ParameterSpec(
            "funding", .number(0...1), default: "0.2", doc: LocalizedText(zh: "经费规模权重", en: "weight of funding scale")),
          ParameterSpec(
            "relevance", .number(0...1), default: "0.1",
            doc: LocalizedText(zh: "关键词相关度权重", en: "weight of keyword relevance")),
        ]), doc: LocalizedText(zh: "评分权重（各项 0–1）", en: "score weights (each 0–1)")),
      ParameterSpec(
        "unknown_trl_as", .integer(1...9), default: "3",
        doc: LocalizedText(
          zh: "TRL 未评估时计分采用的等级（并在名单中标注）", en: "TRL assumed for scoring when unknown (flagged in the list)")),
      ParameterSpec(
        "unknown_prospect_as", .number(0...100), default: "50",
        doc: LocalizedText(zh: "产业化前景未评估时计分采用的值", en: "prospect assumed when not assessed")),
      ParameterSpec(
        "keywords", .list(.text),
        doc: LocalizedText(
          zh: "相关度关键词（不区分英文大小写和全角半角）", en: "relevance keywords (ignoring case and full width)")),
      ParameterSpec(
        "output", .outputName, default: "shortlist.csv", doc: LocalizedText(zh: "初筛名单文件名", en: "shortlist file name")),
    ],
    example: """
      - plugin: torch.shortlist
        with:
          size: 100
          weights: {trl: 0.4, prospect: 0.3, funding: 0.2, relevance: 0.1}
          keywords: [智能, 机器人]
      """)

  let size: Int
  let weights: (trl: Double, prospect: Double, funding: Double, relevance: Double)
  let unknownTRL: Int
  let unknownProspect: Double
  let keywords: KeywordMatcher
  let output: String

  public init(parameters p: ParameterValues) throws {
    size = p.int("size") ?? 100
    let w = p.object("weights")
    weights = (
      w?.double("trl") ?? 0.4, w?.double("prospect") ?? 0.3, w?.double("funding") ?? 0.2, w?.double("relevance") ?? 0.1
    )
    unknownTRL = p.int("unknown_trl_as") ?? 3
    unknownProspect = p.double("unknown_prospect_as") ?? 50
    keywords = KeywordMatcher(p.strings("keywords").filter { !$0.isEmpty })
    output = p.string("output") ?? "shortlist.csv"
    if weights.trl + weights.prospect + weights.funding + weights.relevance <= 0 {
      throw PluginSetupError([
        p.problem("weights", LocalizedText(zh: "权重之和必须大于 0", en: "the weights must not all be zero"), code: .outOfRange)
      ])
    }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let maxFunds = candidates.compactMap(\.achievement.fundingWanYuan).max() ?? 0
    var scored = candidates.map { candidate -> Candidate in
      var c = candidate
      let a = c.achievement
      let trl = a.readiness.value ?? unknownTRL
      c.setScore("trl", weights.trl * 100 * Double(trl) / 9)
      c.setScore("prospect", weights.prospect * (a.prospect ?? unknownProspect))
      let funding = maxFunds > 0 ? log1p(a.fundingWanYuan ?? 0) / log1p(maxFunds) : 0
      c.setScore("funding", weights.funding * 100 * funding)
      let text = a.title + (a.summary ?? "")
      let hits = keywords.matchIndices(in: text).count
      c.setScore("relevance", keywords.isEmpty ? 0 : weights.relevance * 100 * min(1, Double(hits) / 3))
      if a.prospect == nil {
        c.flags.append(
          LocalizedText(
            zh: "产业化前景未评估（按\(Int(unknownProspect))分计）", en: "prospect not assessed (scored as \(Int(unknownProspect)))")
        )
      }
      return c
    }
    // Highest score first, then id order; each score is summed once, not at every comparison.
    let scores = scored.map(\.score)
    scored = scored.indices.sorted { (scores[$0], scored[$1].id) > (scores[$1], scored[$0].id) }.map { scored[$0] }
    let cutoff = scored.count > size ? scored[size - 1].score : nil
    // Records that share the cut-off score: the tie-break (id order) decides which are in.
    let tied = cutoff.map { line in scored.filter { $0.score == line }.count } ?? 0
    let tiedIn = cutoff.map { line in scored.prefix(size).filter { $0.score == line }.count } ?? 0
    // Each decision's reason is written on its own: the two halves of a long ranking are written
    // side by side.
    let ranked = scored
    let decide = { @Sendable (index: Int) -> ScreeningDecision in
      let candidate = ranked[index]
      let rank = index + 1
      let score = (candidate.score * 100).rounded() / 100
      let parts = candidate.scoreParts.map { "\($0.name) \(ReportFormat.fixed($0.value, digits: 1))" }.joined(
        separator: ", ")
      if rank <= size, let cutoff, candidate.score == cutoff, tied > tiedIn {
        return ScreeningDecision(
          achievement: candidate.id, passed: true, rule: "rank_tie", score: score,
          reason: LocalizedText(
            zh:
              "综合评分 \(score)，排名第 \(rank)/\(ranked.count)，与入围线同分；同分 \(tied) 项中前 \(tiedIn) 项入围，\(RankingTieBreak.rule.zh)，本项在其中（\(parts)）",
            en:
              "score \(score), rank \(rank) of \(ranked.count), equal to the cut-off; \(tiedIn) of the \(tied) records with this score fit in the top \(size) and \(RankingTieBreak.rule.en): this one is among them (\(parts))"
          ))
      } else if rank <= size {
        return ScreeningDecision(
          achievement: candidate.id, passed: true, rule: "rank", score: score,
          reason: LocalizedText(
            zh: "综合评分 \(score)，排名第 \(rank)/\(ranked.count)，进入前 \(size)（\(parts)）",
            en: "score \(score), rank \(rank) of \(ranked.count), within the top \(size) (\(parts))"))
      } else if let cutoff, candidate.score == cutoff {
        return ScreeningDecision(
          achievement: candidate.id, passed: false, rule: "rank_tie", score: score,
          reason: LocalizedText(
            zh:
              "综合评分 \(score)，与入围线同分，但同分 \(tied) 项中只有 \(tiedIn) 项能进入前 \(size)：\(RankingTieBreak.rule.zh)，本项排名第 \(rank)/\(ranked.count)，未入围（\(parts)）",
            en:
              "score \(score), equal to the cut-off, but only \(tiedIn) of the \(tied) records with this score fit in the top \(size): \(RankingTieBreak.rule.en), and this one ranks \(rank) of \(ranked.count), outside (\(parts))"
          ))
      } else if let cutoff, (candidate.score * 100).rounded() == (cutoff * 100).rounded() {
        let exact = ReportFormat.fixed(candidate.score, digits: 4)
        let line = ReportFormat.fixed(cutoff, digits: 4)
        return ScreeningDecision(
          achievement: candidate.id, passed: false, rule: "rank_cutoff", score: score,
          reason: LocalizedText(
            zh: "综合评分 \(exact) 低于入围线 \(line)（两者四舍五入均为 \(score)），排名第 \(rank)/\(ranked.count)，未进入前 \(size)（\(parts)）",
            en:
              "score \(exact) is below the cut-off \(line) (both \(score) when rounded), rank \(rank) of \(ranked.count), outside the top \(size) (\(parts))"
          ))
      } else {
        let line = cutoff.map { ReportFormat.fixed($0, digits: 2) } ?? "-"
        return ScreeningDecision(
          achievement: candidate.id, passed: false, rule: "rank_cutoff", score: score,
          reason: LocalizedText(
            zh: "综合评分 \(score)，排名第 \(rank)/\(ranked.count)，未进入前 \(size)（入围线 \(line)；\(parts)）",
            en: "score \(score), rank \(rank) of \(ranked.count), outside the top \(size) (cut-off \(line); \(parts))"
          ))
      }
    }
    let decisions: [ScreeningDecision]
    if ranked.count >= 4_000 {
      let middle = ranked.count / 2
      async let later = (middle..<ranked.count).map(decide)
      decisions = (0..<middle).map(decide) + (await later)
    } else {
      decisions = ranked.indices.map(decide)
    }
    let passed = Array(scored.prefix(size))
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: output, text: CandidateTable.csv(passed, locale: context.locale))])
  }
}

/// How rankings order records with equal scores (同分排序规则): by id, ascending, so that the same
/// library always gives the same shortlist. Reasons name it whenever it decided an outcome.
public enum RankingTieBreak {
  /// The rule in words.
  public static let rule = LocalizedText(
    zh: "同分时按成果编号升序排列", en: "equal scores are ordered by achievement id, ascending")
}
