import RoadshowKernel

/// The east–west pairing track (科技成果东西合作、南北互动, seed 002 §二(四)): cross-region
/// eligibility by flow — (A) achievements of the northeast and west transformed at home with
/// eastern and southern capital and industry, (B) achievements of the east and south landing in
/// the northeast and west — declared city, institution and university pairs, paired roadshows
/// with a host on each side, and landing tracked per flow against 1,000 + 1,000 by the end of 2025.
public enum EastWestPairing {
  /// The track.
  public static let track = TrackDescription(
    id: "east_west", name: LocalizedText(zh: "科技成果东西合作、南北互动", en: "East–west and north–south cooperation"),
    source: "002 §二(四)")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .screening(FlowEligibility.self),
      .screening(Pairing.self),
      .event(PairedRoadshow.self),
      .followUp(LandingTracking.self),
    ])
}
