import RoadshowKernel

/// A worked example of a screening plugin written in Swift: the module a tech-transfer office
/// would write for a rule of its own (docs/custom-screening.md walks through it line by line).
public enum ExampleScreening {
  /// The track; enable it with `tracks: [..., example]`.
  public static let track = TrackDescription(
    id: "example", name: LocalizedText(zh: "示例插件", en: "Example plugins"), source: "docs/custom-screening.md")

  /// The module; one line in `main` registers it.
  public static let module = PluginModule(track: track, plugins: [.screening(PatentStrength.self)])
}
