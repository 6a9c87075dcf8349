import RoadshowKernel

/// National programme roadshows (国家科技计划成果路演行动, seed 002 一): the programme results
/// library classified by field and maturity, released after confidentiality review, the 1+1
/// (field + region) monthly roadshow plan with finance at the table, the transaction services
/// chain followed in the ledger, and progress against 80 roadshows, 3,000 (5,000 with local)
/// results and 1,000 landed by the end of 2025.
public enum NationalProgramme {
  /// The track.
  public static let track = TrackDescription(
    id: "national",
    name: LocalizedText(zh: "国家科技计划成果路演行动", en: "National programme roadshows"), source: "002 一")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(ResultsIntake.self),
      .screening(TierClassification.self),
      .event(ResultsListing.self),
      .event(YearPlan.self),
      .followUp(NationalProgress.self),
    ])
}

/// A technology readiness tier of the programme library (分级): early (TRL 1–3), development
/// (4–6), ready for industry (7–9).
enum ReadinessTier: String, CaseIterable {
  case early, development, ready, unknown

  init(_ readiness: TechnologyReadiness) {
    switch readiness.value {
    case .some(...3): self = .early
    case .some(4...6): self = .development
    case .some: self = .ready
    case .none: self = .unknown
    }
  }

  func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.early, .zhCN): "早期（TRL 1–3）"
    case (.early, .en): "early (TRL 1–3)"
    case (.development, .zhCN): "开发（TRL 4–6）"
    case (.development, .en): "development (TRL 4–6)"
    case (.ready, .zhCN): "可产业化（TRL 7–9）"
    case (.ready, .en): "ready (TRL 7–9)"
    case (.unknown, .zhCN): "未评估"
    case (.unknown, .en): "not assessed"
    }
  }
}
