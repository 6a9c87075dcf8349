import Foundation
import RoadshowKernel
import RoadshowMatching

/// Expert panels (专家评议) over the ledger: assign a round's achievements to experts, build each
/// expert's packet, take scores in, and compute the panel result. The command line and the web
/// call these; no rule about a review lives in either.
public enum ExpertPanel {
  // MARK: Assignment

  /// A round's assignment and its quality.
  public struct Plan: Sendable {
    /// The round.
    public var round: ReviewRound
    /// The assignments, by achievement then expert.
    public var assignments: [ReviewAssignment]
    /// The solver's figures: assigned, bound, cost, lower bound, short achievements.
    public var result: ReviewAssignmentResult
    /// The load of each expert, by id.
    public var load: [String: Int]
  }

  /// Assigns `records` to `experts` for `round`: k distinct reviewers each, within capacity, no
  /// conflict of interest, field match preferred, load balanced (``ReviewAssigner``).
  public static func plan(round: ReviewRound, experts: [Expert], records: [Achievement]) -> Plan {
    let problem = ReviewAssignmentProblem(
      achievements: records.map { (ReviewParties($0), $0.field) }, experts: experts,
      reviewsPerItem: round.reviewersPerAchievement)
    let result = ReviewAssigner.assign(problem)
    var assignments: [ReviewAssignment] = []
    for (index, reviewers) in result.reviewers.enumerated() {
      for j in reviewers {
        assignments.append(ReviewAssignment(round: round.key, achievement: records[index].id, expert: experts[j].id))
      }
    }
    assignments.sort { ($0.achievement, $0.expert) < ($1.achievement, $1.expert) }
    var load: [String: Int] = [:]
    for (j, expert) in experts.enumerated() { load[expert.id] = result.load[j] }
    return Plan(round: round, assignments: assignments, result: result, load: load)
  }

  // MARK: Packets

  /// One expert's packet: the achievements to review as the gate released them, and the scoring
  /// sheet to fill in.
  public struct Packet: Sendable {
    /// The expert.
    public var expert: Expert
    /// The packet in Markdown.
    public var markdown: String
    /// The same packet as a self-contained HTML page (to open, print or send).
    public var html: String
    /// The scoring sheet: one row per achievement, a column per criterion, comment, recusal.
    public var sheet: String
    /// The publication behind it (its audience is ``Audience/expert``).
    public var publication: Publication
  }

  /// The packets of `round`: one per expert with assignments, built from what
  /// ``PublicationGate/releaseForReview(_:blind:)`` releases. In a blind round the packet names no
  /// holder, institution or team, and their names are struck out of titles and summaries too.
  /// Records not yet cleared stay out of the packet and are listed as held back.
  public static func packets(
    round: ReviewRound, experts: [Expert], assignments: [ReviewAssignment], records: [Achievement],
    gate: PublicationGate = PublicationGate(), locale: ReportLocale = .zhCN
  ) -> [Packet] {
    let zh = locale == .zhCN
    let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let byExpert = Dictionary(grouping: assignments.filter { $0.round == round.key }, by: \.expert)
    var packets: [Packet] = []
    for expert in experts {
      guard let mine = byExpert[expert.id], !mine.isEmpty else { continue }
      let assigned = mine.compactMap { byID[$0.achievement] }.sorted { $0.id < $1.id }
      let publication = gate.releaseForReview(assigned, blind: round.blind)
      let who = zh ? "评审专家：\(expert.name)（\(expert.id)）" : "Expert: \(expert.name) (\(expert.id))"
      let scope =
        zh
        ? "待评成果 \(publication.records.count) 项；"
          + (round.blind ? "匿名评审：材料不含持有单位、团队和联系人。" : "实名评审。")
        : "\(publication.records.count) achievements to review; "
          + (round.blind
            ? "blind review: no holder institution, team or contacts in this packet." : "the review is not blind.")
      var text = "# \(round.name)\n\n" + who + "  \n" + scope + "\n\n"
      var page = HTMLReport(
        title: round.name, locale: locale, subtitle: who,
        audienceNote: zh ? "评审材料，仅供评审专家本人使用" : "Review packet, for the expert named only")
      page.paragraph(scope)
      text +=
        zh
        ? "## 评审细则\n\n| 指标 | 编号 | 权重 | 分值 |\n|---|---|---|---|\n"
        : "## Rubric\n\n| Criterion | Column | Weight | Scale |\n|---|---|---|---|\n"
      var rubricRows: [[String]] = []
      for criterion in round.rubric.criteria {
        let row = [
          criterion.name(locale), criterion.id, format(criterion.weight),
          "\(format(criterion.minimum))–\(format(criterion.maximum))",
        ]
        rubricRows.append(row)
        text += "| \(row[0]) | `\(row[1])` | \(row[2]) | \(row[3]) |\n"
      }
      let recusalNote =
        zh
        ? "如与某项成果存在利益冲突，请在评分表 `recusal` 列写明回避理由，并不打分。"
        : "If you have a conflict of interest with an achievement, write the reason in the sheet's `recusal` column and give no scores."
      text += "\n" + recusalNote + "\n"
      page.section(zh ? "评审细则" : "Rubric")
      page.table(
        header: zh ? ["指标", "编号", "权重", "分值"] : ["Criterion", "Column", "Weight", "Scale"], rows: rubricRows,
        numeric: [2])
      page.note(recusalNote)
      page.section(zh ? "待评成果" : "Achievements to review")
      var rows: [[String]] = []
      for record in publication.records {
        let original = byID[record.id]
        let hidden = round.blind ? hiddenNames(original) : []
        func redact(_ text: String) -> String {
          var text = text
          for name in hidden { text = text.replacingOccurrences(of: name, with: zh ? "［已隐去］" : "[withheld]") }
          return text
        }
        let heading = "\(record.id.rawValue)  \(redact(record.title))"
        text += "\n## \(heading)\n\n"
        var facts: [KeyValue] = []
        if let field = record.field { facts.append(KeyValue(zh ? "领域" : "Field", field)) }
        facts.append(KeyValue(zh ? "技术成熟度" : "Technology readiness", "\(record.readiness)"))
        if !round.blind, let institution = record.institution {
          facts.append(KeyValue(zh ? "持有单位" : "Holder", institution))
        }
        if !record.team.isEmpty { facts.append(KeyValue(zh ? "团队" : "Team", record.team.joined(separator: "、"))) }
        if let year = record.year { facts.append(KeyValue(zh ? "年份" : "Year", "\(year)")) }
        for fact in facts { text += "- \(fact.label)\(zh ? "：" : ": ")\(fact.value)\n" }
        page.heading(heading)
        page.facts(facts)
        if let summary = record.summary, !summary.isEmpty {
          text += "\n" + redact(summary) + "\n"
          page.paragraph(redact(summary))
        }
        rows.append(
          [expert.id, record.id.rawValue, redact(record.title)] + round.rubric.criteria.map { _ in "" } + ["", ""])
      }
      if !publication.withheld.isEmpty {
        let held =
          zh
          ? "另有 \(publication.withheld.count) 项成果尚未通过保密审查，材料待审查后补发。"
          : "\(publication.withheld.count) more achievements await confidentiality clearance; their material follows once cleared."
        text += "\n" + held + "\n"
        page.note(held)
      }
      let sheet = CSVWriter.text(
        header: ["expert", "achievement", "title"] + round.rubric.criteria.map(\.id) + ["comment", "recusal"],
        rows: rows)
      packets.append(
        Packet(expert: expert, markdown: text, html: page.render(), sheet: sheet, publication: publication))
    }
    return packets
  }

  /// Names a blind packet strikes out: the holder, co-applicants and team (two characters or more).
  static func hiddenNames(_ record: Achievement?) -> [String] {
    guard let record else { return [] }
    let parties = ReviewParties(record)
    return (parties.institutions + parties.people).filter { $0.count >= 2 }.sorted { $0.count > $1.count }
  }

  static func format(_ value: Double) -> String { ScoreSheet.format(value) }

  // MARK: Scores in

  /// What an expert or a file gives for one review (``ScoreSheet/Draft``).
  public typealias Draft = ScoreSheet.Draft
  /// One problem with a draft (``ScoreSheet/Problem``).
  public typealias Problem = ScoreSheet.Problem
  /// Problems with a draft, as an error.
  public typealias ProblemList = ScoreSheet.ProblemList
  /// What a review is checked against (``ScoreSheet/Scoring``).
  public typealias Scoring = ScoreSheet.Scoring

  /// Checks `draft` (``ScoreSheet/check(_:in:recordedBy:source:at:)``).
  public static func check(
    _ draft: Draft, in scoring: Scoring, provenance: FollowUp.Provenance
  ) -> Result<Review, ProblemList> {
    ScoreSheet.check(draft, in: scoring, recordedBy: provenance.by, source: provenance.source, at: provenance.at)
  }

  /// Reads a scoring sheet (``ScoreSheet/read(_:file:scoring:expert:recordedBy:source:at:)``).
  public static func read(
    _ table: CSVTable, file: String, scoring: Scoring, expert: String? = nil, provenance: FollowUp.Provenance
  ) -> Result<[Review], DataError> {
    ScoreSheet.read(
      table, file: file, scoring: scoring, expert: expert, recordedBy: provenance.by, source: provenance.source,
      at: provenance.at)
  }

  /// Reads a scoring sheet and records its reviews (all or nothing).
  ///
  /// - Throws: the sheet's ``DataError`` (nothing recorded); ``ReviewLedgerError``.
  public static func importScores(
    _ table: CSVTable, file: String, round key: String, expert: String? = nil, into ledger: some ReviewLedger,
    provenance: FollowUp.Provenance
  ) async throws -> [Review] {
    guard let round = try await ledger.reviewRounds().first(where: { $0.key == key }) else {
      throw ReviewLedgerError.unknownRound(key)
    }
    let scoring = Scoring(
      round: round, experts: try await ledger.experts(round: key), assignments: try await ledger.assignments(round: key)
    )
    switch read(table, file: file, scoring: scoring, expert: expert, provenance: provenance) {
    case .failure(let error): throw error
    case .success(let reviews):
      try await ledger.record(reviews)
      return reviews
    }
  }

  // MARK: Results

  /// The panel result of round `key` from the ledger: every assigned achievement, scored by the
  /// reviews of its assigned experts.
  public static func results(round key: String, in ledger: some ReviewLedger) async throws -> PanelResults {
    guard let round = try await ledger.reviewRounds().first(where: { $0.key == key }) else {
      throw ReviewLedgerError.unknownRound(key)
    }
    let assignments = try await ledger.assignments(round: key)
    // A review whose pair a later assignment dropped no longer counts (the ledger keeps it).
    let pairs = Set(assignments.map { $0.achievement.rawValue + "\u{1F}" + $0.expert })
    let reviews = try await ledger.reviews(round: key).filter {
      pairs.contains($0.achievement.rawValue + "\u{1F}" + $0.expert)
    }
    return PanelAggregation.aggregate(
      reviews, round: round, achievements: Set(assignments.map(\.achievement)).sorted())
  }
}
