import ArgumentParser
import Foundation
import RoadshowKernel

extension Roadshow {
  /// `roadshow new`: scaffolds new things.
  public struct New: AsyncParsableCommand {
    /// Help and subcommands.
    public static let configuration = CommandConfiguration(
      abstract: "Create a new plugin package / 新建插件工程.",
      subcommands: [Plugin.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.New {
  /// `roadshow new plugin --kind KIND… --name NAME [--path DIR]`.
  public struct Plugin: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Create a working plugin package / 新建可运行的插件工程.",
      discussion: """
        Writes a Swift package with one module holding a plugin of each kind asked for (intake, \
        screening, coaching, event, follow-up; `--kind` may be repeated, `--kind all` makes all \
        five), a launcher that registers it next to the Torch track, a test per plugin (the \
        conformance kit for screening), and a sample config with data that runs them. It builds \
        and passes its tests as created. Its Package.swift names Roadshow by a relative path, so \
        the two folders can move together.

          roadshow new plugin --kind screening --name green-tech
          cd green-tech && swift test && swift run green-tech-roadshow run Samples/green-tech.yaml

        生成一个 Swift 工程：一个模块，含所要求的每类插件（征集、筛选、辅导、活动、跟踪；--kind 可重复，
        --kind all 生成全部五类）、注册该模块的启动器、每个插件的测试，以及运行它们的示例配置和数据。
        生成后即可编译并通过测试。Package.swift 以相对路径引用 Roadshow，两个目录可一起移动。
        详见 docs/custom-screening.md。
        """)

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Plugin kind, repeatable / 插件类型，可重复: intake, screening, coaching, event, follow-up, or all.",
        valueName: "kind"))
    var kind: [String] = ["screening"]

    @Option(name: .long, help: ArgumentHelp("Plugin name, e.g. green-tech / 插件名称.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Folder to create the package in / 工程所在目录.", valueName: "dir"))
    var path = "."

    @Option(name: .long, help: ArgumentHelp("Track id of the plugins / 插件所属行动方向.", valueName: "track"))
    var track = "local"

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Path of the Roadshow package to depend on / Roadshow 源码路径 (default: the one this launcher was built from).",
        valueName: "dir"))
    var roadshow: String?

    @Option(
      name: .long, help: ArgumentHelp("Message language / 提示语言: zh-CN or en (default: zh-CN).", valueName: "lang"))
    var lang: Language?

    /// Creates the command.
    public init() {}

    var locale: ReportLocale { lang?.locale ?? .zhCN }

    /// The kinds asked for, in pipeline order; `nil` for a word that names none.
    static func kinds(_ words: [String]) -> [PluginKind]? {
      var kinds: Set<PluginKind> = []
      for word in words {
        let normalized = word.lowercased().replacingOccurrences(of: "-", with: "_")
        if normalized == "all" {
          kinds.formUnion(PluginKind.allCases)
        } else if let kind = PluginKind(rawValue: normalized == "events" ? "event" : normalized) {
          kinds.insert(kind)
        } else {
          return nil
        }
      }
      return PluginKind.allCases.filter(kinds.contains)
    }

    /// Checks every option and reports every problem at once, in the language of `--lang`
    /// (Chinese by default).
    public func validate() throws {
      let zh = locale == .zhCN
      var problems: [String] = []
      if Self.kinds(kind) == nil {
        let words = kind.joined(separator: ", ")
        problems.append(
          zh
            ? "--kind：应为 intake、screening、coaching、event、follow-up 或 all，实际为 `\(words)`"
            : "--kind: use intake, screening, coaching, event, follow-up or all; got `\(words)`")
      }
      if PluginScaffold.words(name).isEmpty
        || name.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) == nil
      {
        problems.append(
          zh
            ? "--name：只能用英文字母、数字、- 和 _，且以字母开头（如 green-tech），实际为 `\(name)`"
            : "--name: use letters, digits, - and _, starting with a letter (e.g. green-tech); got `\(name)`")
      }
      if track.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) == nil {
        problems.append(
          zh
            ? "--track：请用小写字母、数字和下划线（snake_case），以字母开头（如 local），实际为 `\(track)`"
            : "--track: use lower-case snake_case (e.g. local); got `\(track)`")
      }
      if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    /// Writes the package.
    public func run(in context: LauncherContext) async throws {
      let zh = locale == .zhCN
      let root = URL(fileURLWithPath: roadshow ?? PluginScaffold.sourceRoot.path).standardizedFileURL
      guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) else {
        context.console.err(
          zh
            ? "错误: 在 \(root.path) 找不到 Roadshow 的 Package.swift；请用 --roadshow 指定 Roadshow 源码目录"
            : "error: no Roadshow Package.swift at \(root.path); pass --roadshow with the Roadshow source folder")
        throw ExitStatus.usage
      }
      let packageName = PluginScaffold.words(name).map { $0.lowercased() }.joined(separator: "-")
      let folder = URL(fileURLWithPath: path).appendingPathComponent(packageName).standardizedFileURL
      let scaffold = PluginScaffold(
        name: name, track: track, kinds: Self.kinds(kind) ?? [.screening], roadshow: root, folder: folder)
      if FileManager.default.fileExists(atPath: folder.path) {
        context.console.err(zh ? "错误: \(folder.path) 已存在" : "error: \(folder.path) already exists")
        throw ExitStatus.usage
      }
      do {
        try OutputWriter.write(files: scaffold.files, to: folder)
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(zh ? "已生成插件工程 \(folder.path)：" : "Created the plugin package \(folder.path):")
      for file in scaffold.files.map(\.name).sorted() { context.console.out("  \(file)") }
      context.console.out(zh ? "下一步：" : "Next:")
      context.console.out("  cd \(folder.path)")
      context.console.out("  swift test")
      context.console.out("  swift run \(scaffold.packageName)-roadshow run Samples/\(scaffold.packageName).yaml")
    }
  }
}
