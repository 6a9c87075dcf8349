import Foundation
import RoadshowKernel
import RoadshowLauncher

/// Plugins built from YAML, for behaviour tests.
extension RoadshowPlugin {
  /// Builds the plugin from a YAML snippet, validated exactly as `roadshow validate` validates a
  /// stage entry: for a behaviour test in one call.
  ///
  /// ```swift
  /// let policy = try PatentStrength(yaml: "min_score: 6\nwithout_ip: reject")
  /// ```
  ///
  /// The snippet is either the entry's `with:` mapping (as above; an empty snippet means no
  /// `with:`) or a whole stage entry as written in a config, such as the plugin's own example:
  ///
  /// ```swift
  /// let policy = try PatentStrength(yaml: PatentStrength.description.example)
  /// ```
  ///
  /// The parameters are checked against `PluginDescription.parameters` (unknown
  /// keys with the nearest valid one, missing required keys, types, ranges, choices, files that
  /// do not exist), then `init(parameters:)` runs and may add its own problems. Every problem is
  /// thrown together, located in the snippet: its first line is line 1 of `file`.
  ///
  /// - Parameters:
  ///   - yaml: the `with:` mapping, or a stage entry (`- plugin: id` with an optional `with:`).
  ///   - baseDirectory: the folder relative paths (`file: data/rows.csv`) are resolved against, as
  ///     the config file's folder would be; the current directory when `nil`.
  ///   - file: the name diagnostics give the snippet.
  /// - Throws: `ConfigurationError` with every problem: a YAML syntax error, a
  ///   parameter the schema refuses, an entry for another plugin, or a problem the plugin's own
  ///   `init(parameters:)` reports (a `PluginSetupError`, or any other error, at
  ///   the entry).
  public init(yaml: String, baseDirectory: URL? = nil, file: String = "test.yaml") throws(ConfigurationError) {
    let description = Self.description
    let parameters = try ParameterValues(
      yaml: yaml, specs: description.parameters, pluginID: description.id, baseDirectory: baseDirectory, file: file)
    do {
      self = try Self(parameters: parameters)
    } catch let error as PluginSetupError {
      throw ConfigurationError(error.diagnostics)
    } catch {
      throw ConfigurationError([
        Diagnostic(
          .invalidValue, at: parameters.entryLocation, keyPath: parameters.keyPath,
          message: LocalizedText(
            zh: "插件 `\(description.id)` 无法创建：\(error)",
            en: "plugin `\(description.id)` could not be set up: \(error)"))
      ])
    }
  }
}

/// Parameters read from YAML, for tests of code that reads them without a plugin.
extension ParameterValues {
  /// Parses and validates a YAML mapping against `specs`, as the launcher does with a stage's
  /// `with:`: for testing code that reads `ParameterValues` without a plugin
  /// (a nested object's reader, the CSV helpers).
  ///
  /// ```swift
  /// let specs = [ParameterSpec("file", .file, required: true, doc: LocalizedText(verbatim: "file")), .encoding]
  /// let values = try ParameterValues(yaml: "file: rows.csv\nencoding: gb18030", specs: specs, baseDirectory: data)
  /// let table = try values.readCSV("file")
  /// ```
  ///
  /// Stage lists (`.stages` parameters) are checked against a registry without plugins, so any
  /// plugin they name is refused: build such a plugin from a whole config instead.
  ///
  /// - Parameters:
  ///   - yaml: the mapping (empty for none), or a stage entry (`- plugin: id` with a `with:`).
  ///   - specs: the parameters declared.
  ///   - pluginID: when given, a stage entry must name this plugin.
  ///   - baseDirectory: the folder relative paths are resolved against; the current directory when
  ///     `nil`.
  ///   - file: the name diagnostics give the snippet.
  /// - Throws: `ConfigurationError` with every problem found, located in the
  ///   snippet.
  public init(
    yaml: String, specs: [ParameterSpec], pluginID: String? = nil, baseDirectory: URL? = nil,
    file: String = "test.yaml"
  ) throws(ConfigurationError) {
    let base =
      baseDirectory?.standardizedFileURL
      ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    let top = SourceLocation(file: file, line: 1, column: 1)
    let root = try ConfigLoader.parse(yaml, file: file).root
    // A stage entry (`- plugin: id`, as in a config and in a description's example) or its
    // `with:` mapping alone.
    let keyPath = "with"
    var entryLocation = top
    var node = root
    if let items = root?.items {
      guard items.count == 1, let entry = items.first, entry["plugin"] != nil else {
        throw ConfigurationError([
          Diagnostic(
            .typeMismatch, at: root?.location ?? top, keyPath: "",
            message: LocalizedText(
              zh: "应为一个阶段条目（- plugin: …）或其 with: 映射",
              en: "expected one stage entry (- plugin: …) or its with: mapping"))
        ])
      }
      if let pluginID, let written = entry["plugin"], written.scalar != pluginID {
        throw ConfigurationError([
          Diagnostic(
            .unknownPlugin, at: written.location, keyPath: "plugin",
            message: LocalizedText(
              zh: "条目的插件为 `\(written.scalar ?? "")`，应为 `\(pluginID)`",
              en: "the entry is for `\(written.scalar ?? "")`, not `\(pluginID)`"),
            suggestion: pluginID)
        ])
      }
      entryLocation = entry.location
      node = entry["with"]
    }
    let registry: PluginRegistry
    do {
      registry = try PluginRegistry(modules: [])
    } catch {
      throw ConfigurationError([
        Diagnostic(.invalidValue, at: top, keyPath: "", message: LocalizedText(verbatim: "\(error)"))
      ])
    }
    var validator = ConfigValidator(baseDirectory: base, registry: registry, enabledTracks: [])
    validator.validateObject(node ?? ConfigNode(.null, at: entryLocation), specs: specs, keyPath: keyPath)
    guard validator.diagnostics.isEmpty else { throw ConfigurationError(validator.diagnostics) }
    if node?.content == .null { node = nil }
    self.init(node: node, specs: specs, keyPath: keyPath, baseDirectory: base, entryLocation: entryLocation)
  }
}
