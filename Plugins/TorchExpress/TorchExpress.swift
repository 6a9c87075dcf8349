import RoadshowKernel

/// The Torch express track (火炬科技成果直通车, seeds 000 and 001): the base pipeline.
public enum TorchExpress {
  /// The track.
  public static let track = TrackDescription(
    id: "torch", name: LocalizedText(zh: "火炬科技成果直通车", en: "Torch S&T achievement express"),
    source: "000, 001")

  /// The module to register in the launcher: `PluginRegistry(modules: [TorchExpress.module])`.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(TabularIntake.self),
      .screening(FieldFocus.self),
      .screening(ReadinessThreshold.self),
      .screening(Shortlist.self),
      .screening(EnterpriseInterestPolicy.self),
      .screening(FinalSelection.self),
      .screening(DemandMatch.self),
      .screening(PanelReview.self),
      .coaching(BusinessPlanChecklist.self),
      .event(OnSiteRoadshow.self),
      .event(OnlineChannel.self),
      .event(OneToOneDocking.self),
      .followUp(TrackingPlan.self),
    ])
}
