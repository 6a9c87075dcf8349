import Foundation
import RoadshowKernel
import RoadshowMatching

/// Review of 揭榜 bids and one winner per challenge (揭榜比拼, 002 三.1): the bids of each
/// challenge are scored by the expert panel with the kernel's review model — a rubric of weighted
/// criteria, each expert's scores normalised (``PanelAggregation``), read from the panel's
/// scoring sheet (``ScoreSheet``) — and the best bid of each challenge wins, with reasons that cite
/// its normalised score, its lead over the runner-up, its reviews and recusals. A challenge is a
/// published technology demand (the demand lists' id); a bid for a demand that is not published,
/// or submitted after the deadline, does not compete, and the reason says so.
public struct ChallengeReview: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "enterprise.challenge_review", kind: .screening, track: "enterprise",
    title: LocalizedText(zh: "揭榜评审", en: "Challenge review"),
    summary: LocalizedText(
      zh: "专家评议揭榜投标（加权指标、按专家标准化），每个榜单选出一个揭榜方并说明理由",
      en:
        "Panel review of challenge bids (weighted criteria, normalised per expert); one winner per challenge, with reasons"
    ),
    parameters: [
      ParameterSpec(
        "scores", .file, required: true,
        doc: LocalizedText(
          zh: "评分表（CSV：expert、achievement 投标记录编号、各指标、comment、recusal）",
          en:
            "the panel's scoring sheet (CSV: expert, achievement = the bid's record id, one column per criterion, comment, recusal)"
        )),
      ParameterSpec(
        "rubric", .file,
        doc: LocalizedText(
          zh: "评审细则（CSV：id、name、name_en、weight、min、max）；默认标准细则",
          en: "the rubric (CSV: id, name, name_en, weight, min, max); default the standard one")),
      ParameterSpec(
        "min_reviews", .integer(1...50), default: "2",
        doc: LocalizedText(zh: "投标参与评选所需的最少有效评审数", en: "valid reviews a bid needs to compete")),
      ParameterSpec(
        "threshold", .number(0...1000),
        doc: LocalizedText(
          zh: "揭榜所需的最低标准化得分；无投标达到时该榜单空缺", en: "lowest normalised score that wins; below it the challenge stays open")),
      ParameterSpec(
        "challenges", .list(.text),
        doc: LocalizedText(
          zh: "作为榜单发布的需求编号；默认所有已公开的技术需求",
          en: "the demand ids published as challenges; default every published technology demand")),
      ParameterSpec(
        "deadline", .date,
        doc: LocalizedText(zh: "投标截止日期；之后提交的投标不参与评选", en: "bids submitted after this date do not compete")),
      ParameterSpec(
        "output", .outputName, default: "challenge-review.csv",
        doc: LocalizedText(zh: "评审结果表文件名", en: "file name of the review table")),
      .encoding,
    ],
    example: """
      - plugin: enterprise.challenge_review
        with:
          scores: enterprise-demand/data/challenge-scores.csv
          min_reviews: 2
      """)

  let parameters: ParameterValues
  let minimumReviews: Int
  let threshold: Double?
  let challenges: [String]
  let deadline: String?
  let output: String

  public init(parameters p: ParameterValues) throws {
    parameters = p
    minimumReviews = p.int("min_reviews") ?? 2
    threshold = p.double("threshold")
    challenges = p.strings("challenges")
    deadline = p.string("deadline")
    output = p.string("output") ?? "challenge-review.csv"
  }

  func rubric() throws -> ReviewRubric {
    guard let name = parameters.string("rubric") else { return .standard }
    switch ScoreSheet.readRubric(try parameters.readCSV("rubric"), file: name) {
    case .success(let read): return read
    case .failure(let error): throw error
    }
  }

  /// The challenges of the run: the listed demand ids, else every published technology demand.
  func open(in context: PipelineContext) -> [String: EnterpriseDemand] {
    let published = context.demands.filter { $0.publishable != false && ($0.category ?? .technology) == .technology }
    let wanted = challenges.isEmpty ? Set(published.map(\.id)) : Set(challenges)
    return Dictionary(published.filter { wanted.contains($0.id) }.map { ($0.id, $0) }) { first, _ in first }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let zh = context.locale == .zhCN
    let table = try parameters.readCSV("scores")
    context.warn(.screening, table.warnings + table.skippedRows)
    let file = parameters.string("scores") ?? "scores"
    let round = ReviewRound(
      key: "challenge", name: "challenge", rubric: try rubric(), blind: true, reviewersPerAchievement: minimumReviews,
      minimumReviews: minimumReviews)
    let bids = candidates.filter { $0.achievement.attributes[ChallengeAttribute.challenge] != nil }
    let scoring = ScoreSheet.Scoring(round: round, achievements: bids.map(\.id))
    let reviews: [Review]
    switch ScoreSheet.read(table, file: file, scoring: scoring, recordedBy: "", source: file, at: "") {
    case .success(let read): reviews = read
    case .failure(let error): throw error
    }
    let results = PanelAggregation.aggregate(reviews, round: round, achievements: bids.map(\.id))
    let open = open(in: context)
    let unknown = challenges.filter { open[$0] == nil }
    if !unknown.isEmpty {
      context.warn(
        .screening,
        [
          parameters.problem(
            "challenges",
            LocalizedText(
              zh: "这些需求编号不是已公开的技术需求，不作为榜单：\(unknown.joined(separator: "、"))",
              en:
                "these ids are not published technology demands and are no challenges: \(unknown.joined(separator: ", "))"
            ))
        ])
    }
    func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }

    var decisions: [ScreeningDecision] = []
    var competing: [String: [(candidate: Candidate, score: PanelScore)]] = [:]
    for candidate in candidates {
      guard let challenge = candidate.achievement.attributes[ChallengeAttribute.challenge] else {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "not_a_bid",
            reason: LocalizedText(zh: "不是揭榜投标", en: "not a bid for a challenge")))
        continue
      }
      guard open[challenge] != nil else {
        let known = context.demands.contains { $0.id == challenge }
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "unknown_challenge",
            reason: known
              ? LocalizedText(
                zh: "需求 `\(challenge)` 未作为榜单发布（未公开或不在榜单之列）",
                en: "demand `\(challenge)` is not published as a challenge")
              : LocalizedText(
                zh: "没有编号为 `\(challenge)` 的榜单"
                  + (Suggestions.nearest(to: challenge, in: Array(open.keys)).map { "（是否为 `\($0)`？）" } ?? ""),
                en: "there is no challenge `\(challenge)`"
                  + (Suggestions.nearest(to: challenge, in: Array(open.keys)).map { " (did you mean `\($0)`?)" } ?? ""))
          ))
        continue
      }
      if let deadline, let submitted = candidate.achievement.attributes[ChallengeAttribute.submitted],
        submitted > deadline
      {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "late",
            reason: LocalizedText(
              zh: "投标于 \(submitted) 提交，晚于截止日期 \(deadline)",
              en: "submitted on \(submitted), after the deadline \(deadline)")))
        continue
      }
      guard let score = results[candidate.id], score.normalised != nil, !score.tooFewReviews else {
        let count = results[candidate.id]?.reviews.count ?? 0
        let recused = results[candidate.id]?.recusals.count ?? 0
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: false, rule: "min_reviews", score: results[candidate.id]?.normalised,
            reason: LocalizedText(
              zh: "仅 \(count) 份有效评审（回避 \(recused) 份），少于 \(minimumReviews) 份，不参与评选",
              en: "only \(count) valid reviews (\(recused) recusals), fewer than \(minimumReviews): does not compete")))
        continue
      }
      competing[challenge, default: []].append((candidate, score))
    }

    var passed: [Candidate] = []
    var rows: [[String]] = []
    for challenge in competing.keys.sorted() {
      let ranked = (competing[challenge] ?? []).sorted { a, b in
        if a.score.normalised != b.score.normalised { return (a.score.normalised ?? 0) > (b.score.normalised ?? 0) }
        // Equal scores: the lower quote, then the bid id.
        let qa = Double(a.candidate.achievement.attributes[ChallengeAttribute.quote] ?? "") ?? .infinity
        let qb = Double(b.candidate.achievement.attributes[ChallengeAttribute.quote] ?? "") ?? .infinity
        return qa != qb ? qa < qb : a.candidate.id < b.candidate.id
      }
      let enterprise = open[challenge]?.enterprise ?? ""
      for (position, entry) in ranked.enumerated() {
        let normalised = entry.score.normalised ?? 0
        let recusals =
          entry.score.recusals.isEmpty
          ? ("", "") : ("，回避 \(entry.score.recusals.count) 位", ", \(entry.score.recusals.count) recused")
        let basis = LocalizedText(
          zh:
            "榜单 \(challenge)（\(enterprise)）\(ranked.count) 份有效投标中第 \(position + 1) 名：标准化得分 \(number(normalised))（原始均分 \(number(entry.score.raw))，\(entry.score.reviews.count) 份评审\(recusals.0)）",
          en:
            "rank \(position + 1) of \(ranked.count) valid bids for challenge \(challenge) (\(enterprise)): normalised score \(number(normalised)) (raw mean \(number(entry.score.raw)), \(entry.score.reviews.count) reviews\(recusals.1))"
        )
        let decision: ScreeningDecision
        if position == 0, threshold.map({ normalised >= $0 }) ?? true {
          let lead =
            ranked.count > 1
            ? LocalizedText(
              zh: "，领先第二名 \(number(normalised - (ranked[1].score.normalised ?? 0))) 分",
              en: ", \(number(normalised - (ranked[1].score.normalised ?? 0))) ahead of the runner-up")
            : LocalizedText(zh: "，唯一有效投标", en: ", the only valid bid")
          decision = ScreeningDecision(
            achievement: entry.candidate.id, passed: true, rule: "winner", score: normalised,
            reason: LocalizedText(zh: "揭榜：" + basis.zh + lead.zh, en: "wins: " + basis.en + lead.en))
          var winner = entry.candidate
          winner.setScore("challenge_review", normalised)
          if !entry.score.outlying.isEmpty {
            winner.flags.append(LocalizedText(zh: "专家评分分歧较大", en: "panel reviews disagree"))
          }
          passed.append(winner)
        } else if position == 0, let threshold {
          decision = ScreeningDecision(
            achievement: entry.candidate.id, passed: false, rule: "threshold", score: normalised,
            reason: LocalizedText(
              zh: basis.zh + "，低于揭榜门槛 \(number(threshold))，榜单空缺",
              en: basis.en + ", below the threshold \(number(threshold)): the challenge stays open"))
        } else {
          decision = ScreeningDecision(
            achievement: entry.candidate.id, passed: false, rule: "runner_up", score: normalised,
            reason: LocalizedText(
              zh: basis.zh + "，低于第一名 \(number((ranked[0].score.normalised ?? 0) - normalised)) 分",
              en: basis.en + ", \(number((ranked[0].score.normalised ?? 0) - normalised)) behind the first"))
        }
        decisions.append(decision)
        let a = entry.candidate.achievement
        rows.append([
          challenge, enterprise, a.id.rawValue, a.attributes[ChallengeAttribute.team] ?? "", a.institution ?? "",
          a.title, a.attributes[ChallengeAttribute.quote] ?? "", number(entry.score.normalised),
          number(entry.score.raw),
          String(entry.score.reviews.count), String(position + 1), decision.passed ? (zh ? "揭榜" : "winner") : "",
          decision.reason(context.locale),
        ])
      }
    }
    let header =
      zh
      ? ["榜单", "发榜企业", "投标", "揭榜团队", "单位", "技术方案", "报价（万元）", "标准化得分", "原始均分", "评审数", "名次", "结果", "理由"]
      : [
        "challenge", "enterprise", "bid", "team", "institution", "solution", "quote (10,000 yuan)", "normalised score",
        "raw mean", "reviews", "rank", "result", "reason",
      ]
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows))])
  }
}
