import RoadshowKernel

/// Custom screening without writing Swift: declarative rules in the config (`custom.rule`),
/// policies in any language run as an external process (`custom.external`), and intake from any
/// source through an external program (`custom.external_intake`).
public enum CustomScreening {
  /// The track; enable it with `tracks: [..., custom]`.
  public static let track = TrackDescription(
    id: "custom", name: LocalizedText(zh: "自定义筛选", en: "Custom screening"), source: "docs/custom-screening.md")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(ExternalIntake.self), .screening(DeclarativeRule.self), .screening(ExternalProcessPolicy.self),
    ])
}
