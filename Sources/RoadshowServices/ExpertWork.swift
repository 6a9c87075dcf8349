import Foundation
import RoadshowKernel
import RoadshowMatching

/// An expert's review work on the platform (评审任务): the achievements assigned to them, each
/// as the publication gate releases it for review (blind where the round is), and their scores,
/// checked and recorded by the same rules as a scoring sheet (``ScoreSheet``). An expert sees
/// and scores only what is assigned to them; anything else is "not found", so ids do not leak.
public enum ExpertWork {
  /// Where one assignment stands.
  public enum Status: String, Sendable, Hashable, Codable {
    /// Not yet scored.
    case pending
    /// Scored.
    case scored
    /// Recused (回避).
    case recused
  }

  /// One achievement assigned to the expert in one round.
  public struct Task: Sendable, Hashable {
    /// The round.
    public var round: ReviewRound
    /// The achievement as released for review: `nil` while it awaits confidentiality clearance.
    public var achievement: PublishedAchievement?
    /// Its title and summary to show: in a blind round, with the holder's and team's names
    /// struck out where the text names them.
    public var title: String
    /// See ``title``.
    public var summary: String?
    /// Its id.
    public var id: AchievementID
    /// Where it stands.
    public var status: Status
    /// The expert's standing review, if any.
    public var review: Review?
  }

  /// Every task of `expert` (an id in the rounds' pools), by round then achievement.
  public static func tasks(
    expert: String, in ledger: some ProgrammeLedger & ReviewLedger, gate: PublicationGate = PublicationGate(),
    locale: ReportLocale = .zhCN
  ) async throws -> [Task] {
    let struck = locale == .zhCN ? "［已隐去］" : "[withheld]"
    var tasks: [Task] = []
    let records = try await ledger.achievements()
    let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for round in try await ledger.reviewRounds() {
      let mine = try await ledger.assignments(round: round.key).filter { $0.expert == expert }
      guard !mine.isEmpty else { continue }
      let standing = Review.standing(try await ledger.reviews(round: round.key)).filter { $0.expert == expert }
      let reviews = Dictionary(standing.map { ($0.achievement, $0) }, uniquingKeysWith: { _, last in last })
      let released = gate.releaseForReview(mine.compactMap { byID[$0.achievement] }, blind: round.blind)
      let shown = Dictionary(released.records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      for assignment in mine {
        let review = reviews[assignment.achievement]
        let status: Status = review == nil ? .pending : (review?.isRecusal == true ? .recused : .scored)
        let record = shown[assignment.achievement]
        var title = record?.title ?? ""
        var summary = record?.summary
        if round.blind, let original = byID[assignment.achievement] {
          // Names the gate leaves in free text (a title naming its holder) are struck out too.
          for name in ExpertPanel.hiddenNames(original) {
            title = title.replacingOccurrences(of: name, with: struck)
            summary = summary?.replacingOccurrences(of: name, with: struck)
          }
        }
        tasks.append(
          Task(
            round: round, achievement: record, title: title, summary: summary, id: assignment.achievement,
            status: status, review: review))
      }
    }
    return tasks.sorted { ($0.round.key, $0.id) < ($1.round.key, $1.id) }
  }

  /// The task of `expert` for `achievement` in round `round`.
  ///
  /// - Throws: ``PlatformError/notFound`` when it is not assigned to them (or does not exist).
  public static func task(
    expert: String, round: String, achievement: AchievementID, in ledger: some ProgrammeLedger & ReviewLedger,
    gate: PublicationGate = PublicationGate(), locale: ReportLocale = .zhCN
  ) async throws -> Task {
    guard
      let task = try await tasks(expert: expert, in: ledger, gate: gate, locale: locale).first(where: {
        $0.round.key == round && $0.id == achievement
      })
    else { throw PlatformError.notFound }
    return task
  }

  /// Checks and records the expert's scores (or recusal) for one task, exactly as a scoring sheet
  /// row would be; a later submission replaces the earlier one in results (both are kept).
  ///
  /// - Throws: ``PlatformError/notFound`` for a task that is not theirs; ``ScoreSheet/ProblemList``
  ///   by field (a criterion id, `recusal`) when the input is not acceptable (nothing recorded).
  public static func submit(
    expert: String, round key: String, achievement: AchievementID, scores: [String: String], comment: String,
    recusal: String, in ledger: some ProgrammeLedger & ReviewLedger, provenance: FollowUp.Provenance
  ) async throws -> Review {
    let task = try await task(expert: expert, round: key, achievement: achievement, in: ledger)
    // A record that has not been cleared is not shown, so it cannot be scored either.
    guard task.achievement != nil else { throw PlatformError.notFound }
    let scoring = ScoreSheet.Scoring(
      round: task.round, experts: try await ledger.experts(round: key),
      assignments: try await ledger.assignments(round: key))
    let draft = ScoreSheet.Draft(
      expert: expert, achievement: achievement.rawValue, scores: scores, comment: comment, recusal: recusal)
    switch ExpertPanel.check(draft, in: scoring, provenance: provenance) {
    case .failure(let problems): throw problems
    case .success(let review):
      try await ledger.record([review])
      return review
    }
  }
}
