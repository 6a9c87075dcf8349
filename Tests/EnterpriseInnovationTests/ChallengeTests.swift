import EnterpriseInnovation
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing

/// 揭榜 challenges: bids read and checked, reviewed by the panel model, a winner per challenge,
/// announced through the gate, the contract followed in the ledger.
@Suite struct ChallengeTests {
  static let bidHeader = "bid_id,challenge,team,institution,solution,trl,quote_wan_yuan,months,submitted\n"

  func bids(_ rows: String, onBadRow: String = "skip") async throws -> IntakeBatch {
    let config = try configuration(
      """
      intake:
        - plugin: enterprise.challenge_bids
          with: {file: b.csv, on_bad_row: \(onBadRow)}
      screening: []
      """, files: ["b.csv": Self.bidHeader + rows])
    return try await #require(config.intake.first).plugin.collect(in: PipelineContext(locale: .en))
  }

  @Test func bidsAreRecordsOfTheirChallengeAndBadRowsNameTheirColumn() async throws {
    let batch = try await bids(
      """
      B1,J1,Team A,Univ A,Solution A,7,500,18,2025-04-20
      B2,J1,Team B,Univ B,Solution B,12,500,18,2025-04-20
      B3,J1,Team C,Univ C,Solution C,6,-5,0,2025-04-31
      B1,J2,Team D,Univ D,Solution D,6,,,

      """)
    let record = try #require(batch.records.first)
    #expect(batch.records.count == 1)
    #expect(record.id == AchievementID("bids:B1"))
    #expect(record.attributes[ChallengeAttribute.challenge] == "J1")
    #expect(record.attributes[ChallengeAttribute.quote] == "500")
    #expect(record.readiness == .level(7) && record.confidentiality == .cleared)
    let places = batch.skipped.compactMap { d in d.location.map { "\($0.line):\($0.column)" } }
    #expect(places == ["3:6", "4:7", "4:8", "4:9", "5:1"])
    await #expect(throws: DataError.self) { _ = try await bids("B1,,Team,Univ,Sol,,,,\n", onBadRow: "stop") }
  }

  static let scores = """
    expert,achievement,advancement,maturity,prospect,team,ip,comment,recusal
    E1,bids:B1,8,8,8,8,8,,
    E2,bids:B1,9,9,9,9,9,,
    E1,bids:B2,6,6,6,6,6,,
    E2,bids:B2,7,7,7,7,7,,
    E3,bids:B2,5,5,5,5,5,,
    E3,bids:B3,6,6,6,6,6,,
    E1,bids:B4,9,9,9,9,9,,
    E2,bids:B4,9,9,9,9,9,,
    E1,bids:B5,5,5,5,5,5,,
    E3,bids:B5,3,3,3,3,3,,
    E2,bids:B6,9,9,9,9,9,,
    E3,bids:B6,9,9,9,9,9,,

    """

  func review(threshold: String = "", progress: ProgressReporter = .silent) async throws -> (
    ScreeningResult, [Candidate]
  ) {
    let rows = """
      B1,J1,Team A,Univ A,Solution A,7,500,18,2025-04-20
      B2,J1,Team B,Univ B,Solution B,6,400,18,2025-04-21
      B3,J1,Team C,Univ C,Solution C,6,300,18,2025-04-22
      B4,J2,Team D,Univ D,Solution D,6,300,18,2025-04-22
      B5,J3,Team E,Univ E,Solution E,6,300,18,2025-04-22
      B6,J1,Team F,Univ F,Solution F,6,300,18,2025-05-22

      """
    let batch = try await bids(rows)
    let config = try configuration(
      """
      intake: []
      screening:
        - plugin: enterprise.challenge_review
          with: {scores: s.csv, min_reviews: 2, deadline: 2025-04-30\(threshold)}
      """, files: ["s.csv": Self.scores])
    let stage = try #require(config.screening.first?.plugin)
    var context = PipelineContext(locale: .en, progress: progress)
    context.demands = [
      EnterpriseDemand(id: "J1", enterprise: "Energy Co", title: "storage safety"),
      EnterpriseDemand(id: "J2", enterprise: "Shipping Co", title: "scrubbers"),
      EnterpriseDemand(id: "J3", enterprise: "Robot Co", title: "reducers"),
    ]
    context.demands[1].publishable = false
    let candidates = batch.records.map { Candidate(achievement: $0) }
    return (try await stage.screen(candidates, in: context), candidates)
  }

  @Test func theBestNormalisedBidOfEachChallengeWinsWithReasons() async throws {
    let (result, _) = try await review()
    #expect(result.passed.map(\.id.externalID) == ["B1", "B5"])
    let rules = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.externalID, $0.rule) })
    #expect(
      rules == [
        "B1": "winner", "B2": "runner_up", "B3": "min_reviews", "B4": "unknown_challenge", "B5": "winner", "B6": "late",
      ])
    let reasons = Dictionary(uniqueKeysWithValues: result.decisions.map { ($0.achievement.externalID, $0.reason.en) })
    #expect(reasons["B1"]?.hasPrefix("wins: rank 1 of 2 valid bids for challenge J1 (Energy Co)") == true)
    #expect(reasons["B1"]?.contains("ahead of the runner-up") == true)
    #expect(reasons["B5"]?.contains("the only valid bid") == true)
    #expect(reasons["B4"]?.contains("not published as a challenge") == true)
    #expect(reasons["B6"]?.contains("after the deadline 2025-04-30") == true)
    // Only bids that compete appear in the review table, by challenge.
    let table = try CSVTable.parse(
      String(decoding: try #require(result.artifacts.first).contents, as: UTF8.self), file: "t")
    #expect(table.rows.map { $0.cell(2) } == ["bids:B1", "bids:B2", "bids:B5"])
    #expect(table.rows.map { $0.cell(11) } == ["winner", "", "winner"])
  }

  @Test func onlyTheListedChallengesAreOpenAndAnUnknownIdIsWarnedAbout() async throws {
    let messages = Messages()
    let (result, _) = try await review(
      threshold: ", challenges: [J1, J9]", progress: ProgressReporter { messages.append($0.message.en) })
    #expect(result.passed.map(\.id.externalID) == ["B1"])
    #expect(result.decisions.first { $0.achievement.externalID == "B5" }?.rule == "unknown_challenge")
    #expect(messages.all.contains { $0.contains("no challenges: J9") }, "\(messages.all)")
  }

  @Test func aThresholdLeavesAChallengeOpen() async throws {
    let (result, _) = try await review(threshold: ", threshold: 7")
    #expect(result.passed.map(\.id.externalID) == ["B1"])
    #expect(result.decisions.first { $0.achievement.externalID == "B5" }?.rule == "threshold")
  }

  @Test func winnersAreAnnouncedThroughTheGateAndTheirContractsFollowedInTheLedger() async throws {
    let (result, candidates) = try await review()
    var winners = result.passed
    winners[1].achievement.confidentiality = .pending
    let config = try configuration(
      """
      intake: []
      screening: []
      event:
        - plugin: enterprise.challenge_announcement
      follow_up:
        - plugin: enterprise.challenge_contracts
      """, files: [:])
    var context = PipelineContext(
      locale: .en, programme: ProgrammeInfo(name: "p", year: 2025, event: "2025-05"), host: HostInfo(name: "h"))
    context.demands = [
      EnterpriseDemand(id: "J1", enterprise: "Energy Co", title: "storage safety"),
      EnterpriseDemand(id: "J3", enterprise: "Robot Co", title: "reducers"),
      EnterpriseDemand(id: "J4", enterprise: "Chip Co", title: "packaging"),
    ]
    let event = try await #require(config.events.first?.plugin).plan(
      EventInput(selected: winners, funnel: []), in: context)
    let announcement = try #require(event.artifacts.first)
    #expect(announcement.isExternal && announcement.withheld == [winners[1].id])
    let md = String(decoding: announcement.contents, as: UTF8.self)
    #expect(md.contains("3 challenges published, 1 won, 2 still open."))
    #expect(md.contains("| J1 | Energy Co | storage safety | Team A | Univ A | Solution A |"))
    #expect(!md.contains("Team E"), "a winner not cleared is held back")
    #expect(event.events.first?.achievements == winners.map(\.id))

    // A later run: B1 was announced at the earlier event and its contract recorded, then corrected.
    func entry(_ kind: MilestoneKind, _ sequence: Int, amount: Double? = nil, supersedes: Int? = nil) -> MilestoneEntry
    {
      MilestoneEntry(
        achievement: AchievementID("bids:B1"), kind: kind, date: "2025-07-0\(sequence)", amountWanYuan: amount,
        supersedes: supersedes, recordedAt: "t", recordedBy: "b", source: "s", sequence: sequence)
    }
    context.ledger = LedgerSnapshot(
      events: [
        ProgrammeEvent(
          key: "2025-05", programme: "p", series: "s", host: LedgerHost(name: "h"), run: "r1",
          pitched: [AchievementID("bids:B1")]),
        ProgrammeEvent(
          key: "2025-04", programme: "p", series: "s", host: LedgerHost(name: "h"), run: "r0",
          pitched: [AchievementID("bids:B1")]),
      ],
      milestones: [
        entry(.contract, 1, amount: 500), entry(.contract, 2, amount: 450, supersedes: 1), entry(.registration, 3),
      ])
    let followUp = try await #require(config.followUp.first?.plugin).plan(
      FollowUpInput(pitched: [], events: [], library: candidates.map(\.achievement)), in: context)
    let values = Dictionary(uniqueKeysWithValues: followUp.indicators.map { ($0.name.en, $0.value) })
    #expect(values["Bids received"] == 6)
    #expect(values["Challenges won"] == 1)
    #expect(values["Winning bids with a signed contract"] == 1)
    #expect(values["Challenge contract amount"] == 450, "the correction stands")
    let table = String(decoding: try #require(followUp.artifacts.first).contents, as: UTF8.self)
    #expect(table.contains("| J1 | Team A | Solution A | 2025-07-02 | 2025-07-03 | — | — | 450 |"), "\(table)")
  }
}

/// Progress messages a run reported.
final class Messages: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var all: [String] { lock.withLock { lines } }
}
