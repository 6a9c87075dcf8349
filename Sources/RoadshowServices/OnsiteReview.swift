import Foundation
import RoadshowKernel
import RoadshowMatching

/// The on-site review at an event (现场评议, 001 §4.8: 技术及行业专家现场评议): the same review
/// model as the panel before selection — rubric, pool, conflicts, normalised scores — over the
/// projects the event pitched, every expert of the on-site panel reviewing every pitch they have
/// no conflict with. Its result opens each project's follow-up case: rank, score and the experts'
/// comments are recorded in the ledger as an ``MilestoneKind/onsiteReview`` entry dated the
/// event, which `followup due` shows beside each checkpoint.
extension ExpertPanel {
  /// The on-site round of `event`: k is the whole panel (each pitch is reviewed by every expert
  /// without a conflict), results are flagged below `minimumReviews` (three, or the whole panel
  /// when it is smaller), not blind unless asked (the experts see the pitch).
  public static func onsiteRound(
    key: String, name: String? = nil, event: ProgrammeEvent, rubric: ReviewRubric = .standard, blind: Bool = false,
    experts: [Expert], minimumReviews: Int? = nil
  ) -> ReviewRound {
    let panel = max(1, experts.count)
    return ReviewRound(
      key: key, name: name ?? key, rubric: rubric, blind: blind, reviewersPerAchievement: panel,
      minimumReviews: min(max(1, minimumReviews ?? min(3, panel)), panel), event: event.key)
  }

  /// Assigns the pitches of `event` (those of `records` it pitched) to the panel of `round`.
  ///
  /// - Throws: ``ReviewLedgerError/nothingPitched(_:)`` when the event pitched none of `records`.
  public static func onsitePlan(
    round: ReviewRound, event: ProgrammeEvent, experts: [Expert], records: [Achievement]
  ) throws -> Plan {
    let pitched = Set(event.pitched)
    let reviewed = records.filter { pitched.contains($0.id) }
    guard !reviewed.isEmpty else { throw ReviewLedgerError.nothingPitched(event.key) }
    return plan(round: round, experts: experts, records: reviewed)
  }

  /// What recording an on-site round's result in the follow-up did.
  public struct FollowUpFeed: Sendable, Hashable, Codable {
    /// The round.
    public var round: String
    /// The event.
    public var event: String
    /// The entries written now: new ones, and corrections of entries whose result changed.
    public var recorded: [MilestoneEntry]
    /// Projects whose recorded result is already the current one (nothing written).
    public var unchanged: Int
    /// Pitched projects the panel has not scored (no entry written).
    public var unreviewed: [AchievementID]
  }

  /// The follow-up entries of an on-site round's result: one ``MilestoneKind/onsiteReview`` per
  /// scored project, dated `eventDate`, its note the rank, normalised and raw score, number of
  /// reviews and recusals, and the experts' comments. An existing entry from the same round
  /// (`reference` is the round's key) with the same note is left alone; one with another note
  /// is superseded, so scores imported later correct the case instead of doubling it.
  public static func followUpEntries(
    results: PanelResults, round: ReviewRound, eventDate: String, reviews: [Review], existing: [MilestoneEntry],
    provenance: FollowUp.Provenance, locale: ReportLocale = .zhCN
  ) -> (entries: [MilestoneEntry], unchanged: Int, unreviewed: [AchievementID]) {
    let standing = MilestoneEntry.standing(existing).filter { $0.kind == .onsiteReview && $0.reference == round.key }
    let previous = Dictionary(standing.map { ($0.achievement, $0) }, uniquingKeysWith: { _, last in last })
    let byAchievement = Dictionary(grouping: Review.standing(reviews), by: \.achievement)
    let ranked = results.scores.filter { $0.rank != nil }.count
    var entries: [MilestoneEntry] = []
    var unchanged = 0
    var unreviewed: [AchievementID] = []
    for score in results.scores {
      guard let rank = score.rank, let normalised = score.normalised else {
        unreviewed.append(score.achievement)
        continue
      }
      let counted = Set(score.reviews.map(\.expert))
      var comments: [String] = []
      for review in byAchievement[score.achievement] ?? [] where counted.contains(review.expert) {
        let comment = review.comment?.trimmingWhitespace() ?? ""
        if !comment.isEmpty && !comments.contains(comment) { comments.append(comment) }
      }
      func describe(_ locale: ReportLocale) -> String {
        let zh = locale == .zhCN
        let recusals = score.recusals.count
        let reviews = score.reviews.count
        var note =
          zh
          ? "第 \(rank)/\(ranked) 名，标准化得分 \(format(normalised))（原始均分 \(format(score.raw ?? normalised))，"
            + "\(reviews) 份评审" + (recusals > 0 ? "，回避 \(recusals) 位" : "") + "）"
          : "ranked \(rank) of \(ranked), normalised score \(format(normalised)) (raw mean \(format(score.raw ?? normalised)), "
            + "\(reviews) review\(reviews == 1 ? "" : "s")"
            + (recusals > 0 ? ", \(recusals) recusal\(recusals == 1 ? "" : "s")" : "")
            + ")"
        if score.tooFewReviews { note += zh ? "，评审不足" : ", too few reviews" }
        if !comments.isEmpty { note += (zh ? "；专家意见：" : "; comments: ") + comments.joined(separator: zh ? "；" : "; ") }
        return note
      }
      let note = describe(locale)
      // The same result recorded in the other language is the same result.
      let same = Set(ReportLocale.allCases.map(describe))
      if let earlier = previous[score.achievement], let text = earlier.note, same.contains(text) {
        unchanged += 1
        continue
      }
      entries.append(
        MilestoneEntry(
          achievement: score.achievement, kind: .onsiteReview, date: eventDate, reference: round.key, note: note,
          supersedes: previous[score.achievement]?.sequence, recordedAt: provenance.at, recordedBy: provenance.by,
          source: provenance.source))
    }
    return (entries, unchanged, unreviewed)
  }

  /// Records the result of the on-site round `key` in the follow-up of the projects it scored
  /// (all or nothing; see ``followUpEntries(results:round:eventDate:reviews:existing:provenance:locale:)``).
  ///
  /// - Throws: ``ReviewLedgerError/unknownRound(_:)``, ``ReviewLedgerError/notOnsite(_:)``,
  ///   ``LedgerError/unknownEvent(_:)``.
  public static func recordFollowUp(
    round key: String, in ledger: some ProgrammeLedger & ReviewLedger, provenance: FollowUp.Provenance,
    locale: ReportLocale = .zhCN
  ) async throws -> FollowUpFeed {
    guard let round = try await ledger.reviewRounds().first(where: { $0.key == key }) else {
      throw ReviewLedgerError.unknownRound(key)
    }
    guard let eventKey = round.event else { throw ReviewLedgerError.notOnsite(key) }
    guard let event = try await ledger.events().first(where: { $0.key == eventKey }) else {
      throw LedgerError.unknownEvent(eventKey)
    }
    let results = try await results(round: key, in: ledger)
    let (entries, unchanged, unreviewed) = followUpEntries(
      results: results, round: round, eventDate: event.date ?? String(provenance.at.prefix(10)),
      reviews: try await ledger.reviews(round: key), existing: try await ledger.milestones(for: nil),
      provenance: provenance, locale: locale)
    let recorded = entries.isEmpty ? [] : try await ledger.record(entries)
    return FollowUpFeed(round: key, event: eventKey, recorded: recorded, unchanged: unchanged, unreviewed: unreviewed)
  }
}
