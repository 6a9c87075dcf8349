import ArgumentParser
import Foundation
import RoadshowKernel

extension Roadshow {
  /// `roadshow plugins`: the linked plugins with their documented parameters.
  public struct Plugins: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "List plugins / 列出插件: id, kind, track, summary and parameters.",
      discussion: """
        Kinds: intake, screening, coaching, event, follow_up. Use --json for tools.
        插件类型：intake（成果征集）、screening（项目筛选）、coaching（路演辅导）、
        event（路演活动）、follow_up（跟踪服务）。
        """)

    @Option(name: .long, help: ArgumentHelp("Only plugins of this kind / 只列出此类插件.", valueName: "kind"))
    var kind: KindArgument?

    @Option(name: .long, help: ArgumentHelp("Only plugins of this track / 只列出此行动方向的插件.", valueName: "track"))
    var track: String?

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Prints the list.
    public func run(in context: LauncherContext) async throws {
      let locale = language.locale()
      let registry = context.registry
      if let track, registry.track(track) == nil {
        let known = registry.tracks.map(\.id)
        var message =
          locale == .zhCN
          ? "错误: 未知的行动方向 `\(track)`；可用：\(known.joined(separator: ", "))"
          : "error: unknown track `\(track)`; available: \(known.joined(separator: ", "))"
        if let suggestion = Suggestions.nearest(to: track, in: known) {
          message += locale == .zhCN ? "（是否想写 `\(suggestion)`？）" : " (did you mean `\(suggestion)`?)"
        }
        context.console.err(message)
        throw ExitStatus.usage
      }
      let plugins = registry.descriptions(kind: kind?.kind).filter { track == nil || $0.track == track }
      if json {
        context.console.out(try Self.json(plugins, registry: registry))
      } else {
        Self.list(plugins, registry: registry, locale: locale).forEach(context.console.out)
      }
    }

    /// The human listing, grouped by track.
    static func list(_ plugins: [PluginDescription], registry: PluginRegistry, locale: ReportLocale) -> [String] {
      let zh = locale == .zhCN
      guard !plugins.isEmpty else { return [zh ? "没有符合条件的插件。" : "No plugins match."] }
      var lines: [String] = []
      let trackIDs = registry.tracks.map(\.id).filter { id in plugins.contains { $0.track == id } }
      for trackID in trackIDs {
        if let track = registry.track(trackID) {
          lines.append(
            zh
              ? "行动方向 \(track.id) — \(track.name.zh)（依据：\(track.source)）"
              : "Track \(track.id) — \(track.name.en) (source: \(track.source))")
        }
        lines.append("")
        for plugin in plugins where plugin.track == trackID {
          let kind = zh ? "\(plugin.kind.name(locale)) · \(plugin.kind.rawValue)" : plugin.kind.rawValue
          lines.append("\(plugin.id)  [\(kind)]")
          lines.append("  \(plugin.summary(locale))")
          if plugin.parameters.isEmpty {
            lines.append(zh ? "  参数：无" : "  Parameters: none")
          } else {
            lines.append(zh ? "  参数：" : "  Parameters:")
            lines += parameterLines(plugin.parameters, indent: "    ", locale: locale)
          }
          lines.append("")
        }
      }
      return lines
    }

    static func parameterLines(_ specs: [ParameterSpec], indent: String, locale: ReportLocale) -> [String] {
      let zh = locale == .zhCN
      var lines: [String] = []
      for spec in specs {
        var facts = [spec.type.name(locale)]
        if spec.required { facts.append(zh ? "必填" : "required") }
        if let value = spec.defaultValue { facts.append((zh ? "默认 " : "default ") + value) }
        let open = zh ? "（" : " ("
        let close = zh ? "）" : ")"
        let colon = zh ? "：" : ": "
        lines.append(
          "\(indent)- \(spec.name)\(open)\(facts.joined(separator: zh ? "；" : "; "))\(close)\(colon)\(spec.doc(locale))"
        )
        switch spec.type {
        case .object(let nested), .list(.object(let nested)), .map(.object(let nested)):
          lines += parameterLines(nested, indent: indent + "    ", locale: locale)
        default: break
        }
      }
      return lines
    }

    /// Machine-readable listing: both languages, type names in English.
    static func json(_ plugins: [PluginDescription], registry: PluginRegistry) throws -> String {
      let entries = plugins.map { plugin in
        PluginEntry(
          id: plugin.id, kind: plugin.kind.rawValue, track: plugin.track, summary: plugin.summary,
          parameters: plugin.parameters.map(ParameterEntry.init), example: plugin.example)
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }

    struct PluginEntry: Encodable {
      var id: String
      var kind: String
      var track: String
      var summary: LocalizedText
      var parameters: [ParameterEntry]
      var example: String
    }

    struct ParameterEntry: Encodable {
      var name: String
      var type: String
      var typeZh: String
      var required: Bool
      var `default`: String?
      var doc: LocalizedText
      var fields: [ParameterEntry]?

      init(_ spec: ParameterSpec) {
        name = spec.name
        type = spec.type.name(.en)
        typeZh = spec.type.name(.zhCN)
        required = spec.required
        self.default = spec.defaultValue
        doc = spec.doc
        switch spec.type {
        case .object(let nested), .list(.object(let nested)), .map(.object(let nested)):
          fields = nested.map(ParameterEntry.init)
        default:
          fields = nil
        }
      }

      enum CodingKeys: String, CodingKey {
        case name, type
        case typeZh = "type_zh"
        case required, `default`, doc, fields
      }
    }
  }
}

/// A plugin kind on the command line: `intake`, `screening`, `coaching`, `event`, `follow_up`.
struct KindArgument: ExpressibleByArgument, Sendable {
  var kind: PluginKind

  init?(argument: String) {
    let normalized = argument.lowercased().replacingOccurrences(of: "-", with: "_")
    guard let kind = PluginKind(rawValue: normalized == "events" ? "event" : normalized) else { return nil }
    self.kind = kind
  }

  static var allValueStrings: [String] { PluginKind.allCases.map(\.rawValue) }
}
