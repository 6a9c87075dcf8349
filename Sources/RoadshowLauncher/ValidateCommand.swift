import ArgumentParser
import Foundation
import RoadshowKernel

extension Roadshow {
  /// `roadshow validate CONFIG`: every problem at once, or `CONFIG: OK`.
  public struct Validate: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Check a config / 校验配置: every problem at once, as FILE:LINE:COL.",
      discussion: """
        Checks keys, types, ranges, lengths, plugin ids, tracks and data files, and lets every \
        plugin check its own parameters. Warnings (a funnel that would select the whole \
        library) are printed as FILE:LINE:COL: warning: and leave the exit status alone. \
        Exit 0 when valid, 2 when not. Refused at once: files over \
        2 MB, more than 100,000 values once YAML aliases are expanded, nesting over 64 levels, keys \
        over 256 characters, plugin ids over 128, values over 4,096.
        检查键名、类型、取值范围、文本长度、插件、行动方向和数据文件，
        并由各插件检查自己的参数；有效时退出码为 0，否则为 2。
        以下情况立即拒绝：文件超过 2 MB、YAML 别名展开后超过 100,000 个值、嵌套超过 64 层、
        键超过 256 字、插件标识超过 128 字、取值超过 4,096 字。
        """)

    @Argument(help: ArgumentHelp("The config file (YAML or JSON) / 配置文件", valueName: "config"))
    var config: String

    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Validates and prints the result.
    public func run(in context: LauncherContext) async throws {
      var document: ConfigLoader.Document?
      do throws(ConfigurationError) {
        let read = try ConfigLoader.read(path: config)
        document = read
        let configuration = try ConfigLoader.build(read, registry: context.registry)
        let locale = language.locale(config: configuration.locale)
        for warning in configuration.warnings { context.console.err(warning.rendered(locale, warning: true)) }
        let plugins =
          configuration.intake.count + configuration.screening.count + configuration.coaching.count
          + configuration.events.count + configuration.followUp.count
        let tracks = configuration.tracks.joined(separator: ", ")
        context.console.out(
          locale == .zhCN
            ? "\(config): OK（\(plugins) 个插件，行动方向：\(tracks)）"
            : "\(config): OK (\(plugins) plugins, tracks: \(tracks))")
      } catch {
        Messages.printDiagnostics(error, language.locale(config: document?.locale), to: context.console)
        throw ExitStatus.usage
      }
    }
  }
}
