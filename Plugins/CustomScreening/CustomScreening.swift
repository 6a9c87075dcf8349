import RoadshowKernel

/// Custom screening without writing Swift: declarative rules in the config (`custom.rule`) and
/// policies in any language run as an external process (`custom.external`).
public enum CustomScreening {
  /// The track; enable it with `tracks: [..., custom]`.
  public static let track = TrackDescription(
    id: "custom", name: LocalizedText(zh: "自定义筛选", en: "Custom screening"), source: "docs/custom-screening.md")

  /// The module to register in the launcher.
  public static let module = PluginModule(
    track: track, plugins: [.screening(DeclarativeRule.self), .screening(ExternalProcessPolicy.self)])
}
