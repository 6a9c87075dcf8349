import Foundation
import RoadshowKernel

/// A scoring sheet (评分表): one expert's or the whole panel's, checked row by row. The one
/// reader of review scores, used by the import use case and by the panel screening stage.
public enum ScoreSheet {
  /// What an expert or a file gives for one review, before it is checked.
  public struct Draft: Sendable, Hashable {
    /// The expert as written.
    public var expert: String
    /// The achievement as written.
    public var achievement: String
    /// Criterion id → score as written; a criterion absent from the dictionary is missing.
    public var scores: [String: String]
    /// The comment.
    public var comment: String
    /// The reason for a recusal; empty when the expert reviewed.
    public var recusal: String

    /// Creates a draft.
    public init(
      expert: String, achievement: String, scores: [String: String], comment: String = "", recusal: String = ""
    ) {
      self.expert = expert
      self.achievement = achievement
      self.scores = scores
      self.comment = comment
      self.recusal = recusal
    }
  }

  /// One problem with a draft, by field (`expert`, `achievement`, `recusal` or a criterion id).
  public struct Problem: Sendable, Hashable {
    /// The field.
    public var field: String
    /// What is wrong.
    public var message: LocalizedText
    /// The nearest valid value, for a typo.
    public var suggestion: String?
  }

  /// Problems with a draft, as an error.
  public struct ProblemList: Error, Sendable {
    /// The problems.
    public var problems: [Problem]
  }

  /// What a review is checked against: the round, its pool and its assignments.
  public struct Scoring: Sendable {
    /// The round.
    public var round: ReviewRound
    let experts: Set<String>
    let expertIDs: [String]
    let assigned: [String: Set<AchievementID>]
    let ids: Resolver

    /// The context of `round`.
    public init(round: ReviewRound, experts: [Expert], assignments: [ReviewAssignment]) {
      self.round = round
      expertIDs = experts.map(\.id)
      self.experts = Set(expertIDs)
      var assigned: [String: Set<AchievementID>] = [:]
      for assignment in assignments where assignment.round == round.key {
        assigned[assignment.expert, default: []].insert(assignment.achievement)
      }
      self.assigned = assigned
      ids = Resolver(Array(Set(assignments.map(\.achievement))))
    }

    /// The context of a panel sheet read without a pool or assignments (a screening stage):
    /// any expert, any of `achievements`.
    public init(round: ReviewRound, achievements: [AchievementID]) {
      self.round = round
      expertIDs = []
      experts = []
      assigned = [:]
      ids = Resolver(achievements)
      anyExpert = true
    }

    /// Whether the sheet's experts and pairs go unchecked (no pool given).
    var anyExpert = false
  }

  /// Checks `draft` and builds its review, or returns every problem with it: an expert not in the
  /// pool, an achievement not assigned to the expert, a score missing, not a number or off the
  /// criterion's scale, scores given with a recusal.
  public static func check(
    _ draft: Draft, in scoring: Scoring, recordedBy: String, source: String, at: String
  ) -> Result<Review, ProblemList> {
    var problems: [Problem] = []
    let expert = draft.expert.trimmingWhitespace()
    if expert.isEmpty || (!scoring.anyExpert && !scoring.experts.contains(expert)) {
      problems.append(
        Problem(
          field: "expert",
          message: LocalizedText(
            zh: "本轮专家库中没有专家 `\(expert)`", en: "no expert `\(expert)` in the round's pool"),
          suggestion: Suggestions.nearest(to: expert, in: scoring.expertIDs)))
    }
    let id = scoring.ids.resolve(draft.achievement)
    if id == nil {
      problems.append(
        Problem(
          field: "achievement",
          message: LocalizedText(
            zh: "成果 `\(draft.achievement)` 未分配在本轮评审中",
            en: "achievement `\(draft.achievement)` is not assigned in this round"),
          suggestion: scoring.ids.nearest(draft.achievement)))
    } else if let id, !scoring.anyExpert, scoring.experts.contains(expert),
      scoring.assigned[expert]?.contains(id) != true
    {
      problems.append(
        Problem(
          field: "achievement",
          message: LocalizedText(
            zh: "成果 `\(draft.achievement)` 未分配给专家 `\(expert)`",
            en: "achievement `\(draft.achievement)` is not assigned to expert `\(expert)`")))
    }
    let recusal = draft.recusal.trimmingWhitespace()
    var scores: [String: Double] = [:]
    for criterion in scoring.round.rubric.criteria {
      let text = (draft.scores[criterion.id] ?? "").trimmingWhitespace()
      if !recusal.isEmpty {
        if !text.isEmpty {
          problems.append(
            Problem(
              field: criterion.id,
              message: LocalizedText(
                zh: "已申请回避，不应再打分（`\(criterion.id)` 为 `\(text)`）",
                en: "a recusal gives no scores (`\(criterion.id)` is `\(text)`)")))
        }
        continue
      }
      let scale = "\(format(criterion.minimum))–\(format(criterion.maximum))"
      if text.isEmpty {
        problems.append(
          Problem(
            field: criterion.id,
            message: LocalizedText(
              zh: "缺少指标「\(criterion.name.zh)」的评分（\(scale)）",
              en: "the score for “\(criterion.name.en)” is missing (\(scale))")))
      } else if let value = Double(text), criterion.accepts(value) {
        scores[criterion.id] = value
      } else {
        problems.append(
          Problem(
            field: criterion.id,
            message: LocalizedText(
              zh: "指标「\(criterion.name.zh)」的评分应在 \(scale) 之间，实际为 `\(text)`",
              en: "the score for “\(criterion.name.en)” must lie in \(scale), got `\(text)`")))
      }
    }
    guard problems.isEmpty, let id else { return .failure(ProblemList(problems: problems)) }
    let comment = draft.comment.trimmingWhitespace()
    return .success(
      Review(
        round: scoring.round.key, achievement: id, expert: expert, scores: scores,
        comment: comment.isEmpty ? nil : comment, recusal: recusal.isEmpty ? nil : recusal,
        recordedAt: at, recordedBy: recordedBy, source: source))
  }

  /// Reads a scoring sheet: one expert's (its `expert` column, or `expert` given) or the whole
  /// panel's. Every row is checked and every problem reported with file, row and column; the
  /// reviews only when there is none. Criterion columns are named by id or by Chinese or English
  /// name.
  public static func read(
    _ table: CSVTable, file: String, scoring: Scoring, expert: String? = nil, recordedBy: String, source: String,
    at: String
  ) -> Result<[Review], DataError> {
    var problems: [Diagnostic] = []
    func find(_ headers: [String]) -> Int? { headers.lazy.compactMap(table.column).first }
    let location = SourceLocation(file: file, line: 1, column: 1)
    let expertColumn = find(["expert", "专家编号", "专家"])
    if expertColumn == nil && expert == nil {
      problems.append(table.missingColumn("expert", at: location, keyPath: "expert"))
    }
    let achievementColumn = find(["achievement", "id", "成果编号", "编号"])
    if achievementColumn == nil {
      problems.append(table.missingColumn("achievement", at: location, keyPath: "achievement"))
    }
    var criterionColumns: [String: Int] = [:]
    for criterion in scoring.round.rubric.criteria {
      if let found = find([criterion.id, criterion.name.zh, criterion.name.en]) {
        criterionColumns[criterion.id] = found
      } else {
        problems.append(table.missingColumn(criterion.id, at: location, keyPath: criterion.id))
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    let commentColumn = find(["comment", "评语", "意见"])
    let recusalColumn = find(["recusal", "回避", "回避理由"])
    var reviews: [Review] = []
    var seen: Set<String> = []
    for row in table.rows {
      let who = expertColumn.map { row.cell($0) } ?? expert ?? ""
      var scores: [String: String] = [:]
      for (criterion, column) in criterionColumns { scores[criterion] = row.cell(column) }
      let draft = Draft(
        expert: who.isEmpty ? (expert ?? "") : who, achievement: row.cell(achievementColumn), scores: scores,
        comment: row.cell(commentColumn), recusal: row.cell(recusalColumn))
      switch check(draft, in: scoring, recordedBy: recordedBy, source: source, at: at) {
      case .success(let review):
        if !seen.insert(review.expert + "\u{1F}" + review.achievement.rawValue).inserted {
          problems.append(
            table.badRow(
              row, column: achievementColumn,
              LocalizedText(
                zh: "专家 `\(review.expert)` 对成果 `\(review.achievement)` 的评分在本文件中重复",
                en: "expert `\(review.expert)` scores `\(review.achievement)` twice in this file")))
        }
        reviews.append(review)
      case .failure(let list):
        for problem in list.problems {
          let column: Int? =
            switch problem.field {
            case "expert": expertColumn
            case "achievement": achievementColumn
            case "recusal": recusalColumn
            default: criterionColumns[problem.field]
            }
          problems.append(table.badRow(row, column: column, problem.message, suggestion: problem.suggestion))
        }
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    return .success(reviews)
  }

  /// Reads a rubric file (`id,name,name_en,weight,min,max`; `name_en` defaults to the id, `min` to
  /// 0, `max` to 10), every row checked, then the rubric as a whole.
  public static func readRubric(_ table: CSVTable, file: String) -> Result<ReviewRubric, DataError> {
    var problems: [Diagnostic] = []
    let location = SourceLocation(file: file, line: 1, column: 1)
    let id = table.column("id")
    let name = ["name", "名称", "指标"].lazy.compactMap(table.column).first
    let weight = ["weight", "权重"].lazy.compactMap(table.column).first
    if id == nil { problems.append(table.missingColumn("id", at: location, keyPath: "id")) }
    if name == nil { problems.append(table.missingColumn("name", at: location, keyPath: "name")) }
    if weight == nil { problems.append(table.missingColumn("weight", at: location, keyPath: "weight")) }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    let english = table.column("name_en")
    let minimum = ["min", "minimum", "最低分"].lazy.compactMap(table.column).first
    let maximum = ["max", "maximum", "满分"].lazy.compactMap(table.column).first
    var criteria: [ReviewCriterion] = []
    for row in table.rows {
      func number(_ column: Int?, _ fallback: Double) -> Double? {
        let text = row.cell(column)
        guard !text.isEmpty else { return fallback }
        guard let value = Double(text), value.isFinite else {
          problems.append(
            table.badRow(
              row, column: column, LocalizedText(zh: "应为数，实际为 `\(text)`", en: "expected a number, got `\(text)`")))
          return nil
        }
        return value
      }
      let key = row.cell(id)
      guard let w = number(weight, .nan), let low = number(minimum, 0), let high = number(maximum, 10) else { continue }
      let english = row.cell(english)
      criteria.append(
        ReviewCriterion(
          id: key, name: LocalizedText(zh: row.cell(name), en: english.isEmpty ? key : english), weight: w,
          minimum: low, maximum: high))
    }
    for problem in ReviewRubric(criteria: criteria).problems where problems.isEmpty {
      problems.append(table.fileProblem(problem))
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    return .success(ReviewRubric(criteria: criteria))
  }

  /// Resolves achievement ids written by people: the stored id, or the source's own id when one
  /// record has it.
  struct Resolver: Sendable {
    let known: Set<AchievementID>
    let byExternal: [String: [AchievementID]]
    let all: [String]

    init(_ ids: [AchievementID]) {
      known = Set(ids)
      byExternal = Dictionary(grouping: ids, by: \.externalID)
      all = ids.map(\.rawValue)
    }

    func resolve(_ text: String) -> AchievementID? {
      let text = text.trimmingWhitespace()
      if known.contains(AchievementID(text)) { return AchievementID(text) }
      if let matches = byExternal[text], matches.count == 1 { return matches.first }
      return nil
    }

    func nearest(_ text: String) -> String? { Suggestions.nearest(to: text, in: all) }
  }

  /// A score or weight as written: `8`, `7.50`.
  public static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
  }
}
