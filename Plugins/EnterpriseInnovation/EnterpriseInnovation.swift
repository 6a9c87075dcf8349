import RoadshowKernel

/// Enterprise innovation (科技成果助力企业创新行动, seed 002 三): technology demand lists and
/// application-scenario lists collected from leading enterprises and published regularly, 揭榜
/// challenges (bids reviewed by the expert panel, a winner per challenge, its contract followed in
/// the ledger), open patent licensing (专利开放许可) matched to small firms' demands, and progress against 30
/// innovation consortia, 1,000 exchange events and 10,000 patents mined for open licensing.
public enum EnterpriseInnovation {
  /// The track.
  public static let track = TrackDescription(
    id: "enterprise",
    name: LocalizedText(zh: "科技成果助力企业创新行动", en: "Achievements for enterprise innovation"), source: "002 三")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(DemandLists.self),
      .intake(PatentCatalogue.self),
      .intake(ChallengeBids.self),
      .screening(ChallengeReview.self),
      .event(DemandPublication.self),
      .event(ChallengeAnnouncement.self),
      .followUp(EnterpriseProgress.self),
      .followUp(ChallengeContracts.self),
    ])
}

/// Seed citations in the report language: the seed numbers its actions 一 to 六.
func seedSection(_ zh: Bool) -> String { zh ? "002 三" : "002 §3" }
