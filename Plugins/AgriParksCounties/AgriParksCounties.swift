import RoadshowKernel

/// The agriculture track (农业科技成果应用示范 / 科技计划成果"进园入县", seed 002 §二(六)):
/// national and local technology lists classified by technology field, served industry and
/// application scenario; agricultural S&T parks and leading enterprises as the demand side;
/// docking in parks and counties, online exhibitions and scheduled list publication;
/// demonstration tracking against the seed's targets along the ministry–province–city–county network.
public enum AgriParksCounties {
  /// The track.
  public static let track = TrackDescription(
    id: "agriculture",
    name: LocalizedText(zh: "农业科技成果“进园入县”", en: "Agricultural achievements into parks and counties"),
    source: "002 §二(六)")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(TechnologyListIntake.self),
      .intake(ParksAndFirmsIntake.self),
      .screening(Classification.self),
      .screening(RegionalFit.self),
      .event(ParkDocking.self),
      .event(OnlineExhibition.self),
      .event(ListPublication.self),
      .followUp(DemonstrationTracking.self),
    ])
}
