import Foundation

/// The five kinds of extension point, in pipeline order.
public enum PluginKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Intake (征集): where achievements come from.
  case intake
  /// Screening (筛选): one stage of the funnel.
  case screening
  /// Coaching (辅导培训): preparing the selected holders.
  case coaching
  /// Event format (路演对接): what happens at the roadshow.
  case event
  /// Follow-up (跟踪服务): tracking pitched projects until they land.
  case followUp = "follow_up"

  /// The config key of the stage list for this kind.
  public var configKey: String { rawValue }

  /// The kind's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.intake, .zhCN): "成果征集"
    case (.intake, .en): "intake"
    case (.screening, .zhCN): "项目筛选"
    case (.screening, .en): "screening"
    case (.coaching, .zhCN): "路演辅导"
    case (.coaching, .en): "coaching"
    case (.event, .zhCN): "路演活动"
    case (.event, .en): "event"
    case (.followUp, .zhCN): "跟踪服务"
    case (.followUp, .en): "follow-up"
    }
  }
}

/// What a plugin says about itself: stable id, kind, track, a one-line summary, its documented
/// parameters and an example config entry that the test suite validates and runs.
public struct PluginDescription: Sendable {
  /// Stable snake_case id, prefixed by the track: `torch.trl_threshold`.
  public var id: String
  /// The extension point it implements.
  public var kind: PluginKind
  /// The track it belongs to; a config must enable the track to use the plugin.
  public var track: String
  /// One line on what it does.
  public var summary: LocalizedText
  /// A short name, the stage's name in reports when its config entry has no `name:`.
  public var title: LocalizedText
  /// Its parameters, documented where they are declared.
  public var parameters: [ParameterSpec]
  /// An example stage entry (YAML, starting with `- plugin: <id>`), paths relative to `Samples/`.
  public var example: String
  /// For screening plugins: whether the plugin can reject a record at all (`false` for one that
  /// only scores or annotates). `true` by default; a plugin whose parameters decide says so
  /// through ``ScreeningPolicy/narrows``.
  public var narrows: Bool
  /// The source file and line where the description is written (filled in by the compiler), so
  /// that the conformance kit can report a problem in ``example`` at the plugin's own source.
  public var source: SourceLocation

  /// Creates a description.
  public init(
    id: String, kind: PluginKind, track: String, title: LocalizedText? = nil, summary: LocalizedText,
    parameters: [ParameterSpec], example: String, narrows: Bool = true, file: String = #filePath,
    line: Int = #line
  ) {
    self.source = SourceLocation(file: file, line: line, column: 1)
    self.id = id
    self.kind = kind
    self.track = track
    self.summary = summary
    self.title = title ?? Self.defaultTitle(id: id, summary: summary)
    self.parameters = parameters
    self.example = example
    self.narrows = narrows
  }
}

extension PluginDescription {
  /// A title for a plugin that declares none: its id without the track, in words
  /// (`torch.tracking_plan` → `Tracking plan`), and the Chinese summary up to its first clause.
  static func defaultTitle(id: String, summary: LocalizedText) -> LocalizedText {
    let words = (id.split(separator: ".").last.map(String.init) ?? id).replacingOccurrences(of: "_", with: " ")
    let en = words.prefix(1).uppercased() + words.dropFirst()
    let zh = summary.zh.split(whereSeparator: { "（(：:，,；;".contains($0) }).first.map(String.init) ?? summary.zh
    return LocalizedText(zh: zh.isEmpty ? en : zh, en: en)
  }
}

/// A track (行动方向): a named set of plugins an agency enables in its config.
public struct TrackDescription: Sendable, Hashable {
  /// Stable id used in `tracks: [...]`.
  public var id: String
  /// Its name.
  public var name: LocalizedText
  /// The seed document and section that define it.
  public var source: String

  /// Creates a track description.
  public init(id: String, name: LocalizedText, source: String) {
    self.id = id
    self.name = name
    self.source = source
  }
}

/// A problem a plugin finds in its own parameters when it is built (cross-field checks, file
/// headers). Each diagnostic carries its location, so it reads like any other config error.
public struct PluginSetupError: Error, Sendable {
  /// The problems.
  public var diagnostics: [Diagnostic]

  /// Wraps the problems.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
