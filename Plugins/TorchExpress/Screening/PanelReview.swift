import Foundation
import RoadshowKernel
import RoadshowMatching

/// Expert panel review (专家评议): ranks or thresholds the candidates by the panel result of a
/// review round — weighted criteria, each expert's scores normalised (z-score rescaled to the
/// rubric's scale) — with reasons that cite the normalised score, the raw mean, the number of
/// reviews and any recusal. The scores come from the panel's scoring sheet (the one
/// `roadshow review import` reads); the stage adds `weight` × the normalised score to each
/// candidate's score.
public struct PanelReview: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.panel_review", kind: .screening, track: "torch",
    title: LocalizedText(zh: "专家评议", en: "Expert panel review"),
    summary: LocalizedText(
      zh: "按专家评议结果（加权指标、按专家标准化）排序或设门槛；理由写明标准化得分、评审数和回避情况",
      en:
        "Ranks or thresholds by the expert panel's result (weighted criteria, normalised per expert); reasons cite the normalised score, reviews and recusals"
    ),
    parameters: [
      ParameterSpec(
        "scores", .file, required: true,
        doc: LocalizedText(
          zh: "评分表（CSV：expert、achievement、各指标、comment、recusal）",
          en: "the panel's scoring sheet (CSV: expert, achievement, one column per criterion, comment, recusal)")),
      ParameterSpec(
        "rubric", .file,
        doc: LocalizedText(
          zh: "评审细则（CSV：id、name、name_en、weight、min、max）；默认标准细则（技术先进性、技术成熟度、产业化前景、团队、知识产权）",
          en:
            "the rubric (CSV: id, name, name_en, weight, min, max); default the standard one (advancement, maturity, prospect, team, IP)"
        )),
      ParameterSpec(
        "min_reviews", .integer(1...50), default: "2",
        doc: LocalizedText(zh: "结果有效所需的最少评审数；不足时拒绝并说明", en: "reviews needed for a result; fewer rejects, saying so")),
      ParameterSpec(
        "threshold", .number(0...1000),
        doc: LocalizedText(zh: "通过所需的最低标准化得分", en: "lowest normalised score that passes")),
      ParameterSpec(
        "top", .integer(1...100_000),
        doc: LocalizedText(zh: "按标准化得分保留前若干项", en: "keep this many, best normalised score first")),
      ParameterSpec(
        "weight", .number(0...100), default: "1",
        doc: LocalizedText(zh: "标准化得分计入总分的倍数", en: "multiple of the normalised score added to the score")),
      .encoding,
    ],
    example: """
      - plugin: torch.panel_review
        with:
          scores: data/panel-scores.csv
          min_reviews: 2
          threshold: 6
      """)

  let minimumReviews: Int
  let threshold: Double?
  let top: Int?
  let weight: Double
  let parameters: ParameterValues

  public init(parameters p: ParameterValues) throws {
    parameters = p
    minimumReviews = p.int("min_reviews") ?? 2
    threshold = p.double("threshold")
    top = p.int("top")
    weight = p.double("weight") ?? 1
  }

  /// The rubric file's, or the standard one.
  func rubric() throws -> ReviewRubric {
    guard let name = parameters.string("rubric") else { return .standard }
    switch ScoreSheet.readRubric(try parameters.readCSV("rubric"), file: name) {
    case .success(let read): return read
    case .failure(let error): throw error
    }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var table = try parameters.readCSV("scores")
    context.warn(.screening, table.warnings + table.skippedRows)
    let file = parameters.string("scores") ?? "scores"
    let round = ReviewRound(
      key: "panel", name: "panel", rubric: try rubric(), blind: true, reviewersPerAchievement: minimumReviews,
      minimumReviews: minimumReviews)
    let scoring = ScoreSheet.Scoring(round: round, achievements: candidates.map(\.id))
    // A sheet may cover records an earlier stage screened out: their rows are not counted, and
    // the run says so instead of failing.
    if let column = ["achievement", "id", "成果编号", "编号"].lazy.compactMap(table.column).first {
      let known = Set(candidates.map(\.id))
      let external = Dictionary(grouping: known, by: \.externalID).filter { $0.value.count == 1 }
      var skipped: [CSVTable.Row] = []
      table.rows.removeAll { row in
        let text = row.cell(column)
        guard !known.contains(AchievementID(text)), external[text] == nil else { return false }
        skipped.append(row)
        return true
      }
      if let first = skipped.first {
        context.warn(
          .screening,
          [
            table.badRow(
              first, column: column,
              LocalizedText(
                zh: "评分表中有 \(skipped.count) 行的成果不在本环节的候选名单中（如 `\(first.cell(column))`），这些评分不计入",
                en:
                  "\(skipped.count) rows of the sheet score achievements that are not candidates of this stage (such as `\(first.cell(column))`); they are not counted"
              ))
          ])
      }
    }
    let reviews: [Review]
    switch ScoreSheet.read(table, file: file, scoring: scoring, recordedBy: "", source: file, at: "") {
    case .success(let read): reviews = read
    case .failure(let error): throw error
    }
    let results = PanelAggregation.aggregate(reviews, round: round, achievements: candidates.map(\.id))
    var byID: [AchievementID: PanelScore] = [:]
    for score in results.scores { byID[score.achievement] = score }
    func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
    var decisions: [ScreeningDecision] = []
    var ranked: [(candidate: Candidate, score: PanelScore)] = []
    for candidate in candidates {
      guard let score = byID[candidate.id], let normalised = score.normalised, !score.tooFewReviews else {
        let count = byID[candidate.id]?.reviews.count ?? 0
        let recused = byID[candidate.id]?.recusals.count ?? 0
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "min_reviews", score: byID[candidate.id]?.normalised,
            reason: LocalizedText(
              zh: "专家评议仅 \(count) 份有效评审（回避 \(recused) 份），少于 \(minimumReviews) 份，结果不足以评定",
              en:
                "only \(count) valid panel reviews (\(recused) recusals), fewer than \(minimumReviews): too few for a result"
            )))
        continue
      }
      ranked.append((candidate, score))
      _ = normalised
    }
    ranked.sort { ($0.score.rank ?? .max) < ($1.score.rank ?? .max) }
    let cut: Set<AchievementID> =
      top.map { Set(ranked.prefix($0).map(\.candidate.id)) } ?? Set(ranked.map(\.candidate.id))
    var passed: [Candidate] = []
    for (position, entry) in ranked.enumerated() {
      var candidate = entry.candidate
      let score = entry.score
      let normalised = score.normalised ?? 0
      let recusals =
        score.recusals.isEmpty
        ? LocalizedText(zh: "", en: "")
        : LocalizedText(zh: "，回避 \(score.recusals.count) 位", en: ", \(score.recusals.count) recused")
      let outlying =
        score.outlying.isEmpty
        ? LocalizedText(zh: "", en: "")
        : LocalizedText(zh: "，离群评分 \(score.outlying.count) 份", en: ", \(score.outlying.count) outlying")
      let basis = LocalizedText(
        zh:
          "专家评议标准化得分 \(number(normalised))（原始均分 \(number(score.raw))，\(score.reviews.count) 份评审\(recusals.zh)\(outlying.zh)），第 \(position + 1) 名",
        en:
          "panel score \(number(normalised)) normalised (raw mean \(number(score.raw)), \(score.reviews.count) reviews\(recusals.en)\(outlying.en)), rank \(position + 1)"
      )
      if let threshold, normalised < threshold {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "threshold", score: normalised,
            reason: LocalizedText(
              zh: basis.zh + "，低于门槛 \(number(threshold))", en: basis.en + ", below the threshold \(number(threshold))"))
        )
        continue
      }
      if !cut.contains(candidate.id) {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "top", score: normalised,
            reason: LocalizedText(zh: basis.zh + "，未进入前 \(top ?? 0) 名", en: basis.en + ", outside the top \(top ?? 0)"))
        )
        continue
      }
      candidate.scoreParts.append(ScorePart(name: "panel_review", value: weight * normalised))
      if !score.outlying.isEmpty {
        candidate.flags.append(LocalizedText(zh: "专家评分分歧较大", en: "panel reviews disagree"))
      }
      passed.append(candidate)
      decisions.append(
        ScreeningDecision(
          achievement: candidate.id, passed: true, rule: "panel_review", score: normalised, reason: basis))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}
