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
  /// `roadshow new plugin --kind screening --name NAME [--path DIR]`.
  public struct Plugin: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Create a working screening plugin package / 新建可运行的筛选插件工程.",
      discussion: """
        Writes a Swift package with the plugin module (description, parameters, example), a \
        launcher that registers it next to the Torch track, a test that runs the conformance kit, \
        and a sample config with data. It builds and passes its test as created:

          roadshow new plugin --kind screening --name green-tech
          cd green-tech && swift test && swift run green-tech-roadshow run Samples/green-tech.yaml

        生成一个 Swift 工程：插件模块（描述、参数、示例）、注册该插件的启动器、运行一致性检查的测试，
        以及示例配置和数据。生成后即可编译并通过测试。详见 docs/custom-screening.md。
        """)

    @Option(name: .long, help: "Plugin kind / 插件类型 (screening).")
    var kind = "screening"

    @Option(name: .long, help: ArgumentHelp("Plugin name, e.g. green-tech / 插件名称.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Folder to create the package in / 工程所在目录 (default: .).", valueName: "dir"))
    var path = "."

    @Option(name: .long, help: ArgumentHelp("Track id of the plugin / 插件所属行动方向 (default: local).", valueName: "track"))
    var track = "local"

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Path of the Roadshow package to depend on / Roadshow 源码路径 (default: the one this launcher was built from).",
        valueName: "dir"))
    var roadshow: String?

    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Checks every option and reports every problem at once, in the language of `--lang`
    /// (Chinese by default).
    public func validate() throws {
      let zh = language.locale() == .zhCN
      var problems: [String] = []
      if kind != "screening" {
        problems.append(
          zh
            ? "--kind：目前只能生成 `screening`（筛选）插件，实际为 `\(kind)`"
            : "--kind: only `screening` plugins are scaffolded; got `\(kind)`")
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
      let zh = language.locale() == .zhCN
      let root = URL(fileURLWithPath: roadshow ?? PluginScaffold.sourceRoot.path).standardizedFileURL
      guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) else {
        context.console.err(
          zh
            ? "错误: 在 \(root.path) 找不到 Roadshow 的 Package.swift；请用 --roadshow 指定 Roadshow 源码目录"
            : "error: no Roadshow Package.swift at \(root.path); pass --roadshow with the Roadshow source folder")
        throw ExitStatus.usage
      }
      let scaffold = PluginScaffold(name: name, track: track, roadshowPath: root.path)
      let folder = URL(fileURLWithPath: path).appendingPathComponent(scaffold.packageName).standardizedFileURL
      if FileManager.default.fileExists(atPath: folder.path) {
        context.console.err(zh ? "错误: \(folder.path) 已存在" : "error: \(folder.path) already exists")
        throw ExitStatus.usage
      }
      do {
        try OutputWriter.write(files: scaffold.files, to: folder)
      } catch {
        context.console.err(Messages.error(error, language.locale()))
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

/// The files of a new screening plugin package.
struct PluginScaffold {
  let name: String
  let track: String
  let roadshowPath: String

  /// The Roadshow package this launcher was built from.
  static var sourceRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static func words(_ name: String) -> [String] {
    name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map(String.init).filter { !$0.isEmpty }
  }

  var packageName: String { Self.words(name).map { $0.lowercased() }.joined(separator: "-") }
  var snake: String { Self.words(name).map { $0.lowercased() }.joined(separator: "_") }
  var module: String { Self.words(name).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }
  var policyType: String { module + "Policy" }
  var pluginID: String { "\(track).\(snake)" }
  /// SwiftPM names a path dependency after its folder.
  var roadshowIdentity: String { URL(fileURLWithPath: roadshowPath).lastPathComponent.lowercased() }

  var files: [OutputFile] {
    [
      OutputFile(name: "Package.swift", text: packageSwift),
      OutputFile(name: ".gitignore", text: ".build/\nPackage.resolved\n*.sqlite\nroadshow-out/\n"),
      OutputFile(name: "Sources/\(module)/\(policyType).swift", text: policySwift),
      OutputFile(name: "Sources/\(packageName)-roadshow/main.swift", text: mainSwift),
      OutputFile(name: "Tests/\(module)Tests/\(policyType)Tests.swift", text: testSwift),
      OutputFile(name: "Samples/\(packageName).yaml", text: sampleYAML),
      OutputFile(name: "Samples/data/records.csv", text: sampleCSV),
      OutputFile(name: "README.md", text: readme),
    ]
  }

  var packageSwift: String {
    """
    // swift-tools-version: 6.1
    import PackageDescription

    let package = Package(
      name: "\(packageName)",
      platforms: [.macOS(.v14)],
      dependencies: [
        // Roadshow itself; use a URL and version here once you publish your fork.
        .package(path: "\(roadshowPath)")
      ],
      targets: [
        // The plugin: depends on the kernel only.
        .target(name: "\(module)", dependencies: [.product(name: "RoadshowKernel", package: "\(roadshowIdentity)")]),
        // A launcher with the Torch track and this plugin.
        .executableTarget(
          name: "\(packageName)-roadshow",
          dependencies: [
            "\(module)",
            .product(name: "RoadshowLauncher", package: "\(roadshowIdentity)"),
            .product(name: "TorchExpress", package: "\(roadshowIdentity)"),
          ]
        ),
        .testTarget(
          name: "\(module)Tests",
          dependencies: ["\(module)", .product(name: "RoadshowPluginTesting", package: "\(roadshowIdentity)")]
        ),
      ]
    )

    """
  }

  var policySwift: String {
    """
    import Foundation
    import RoadshowKernel

    /// The module to register in a launcher: `PluginRegistry(modules: [TorchExpress.module, \(module).module])`.
    public enum \(module) {
      /// The track of this plugin; configs enable it with `tracks: [..., \(track)]`.
      public static let track = TrackDescription(
        id: "\(track)", name: LocalizedText(zh: "本机构插件", en: "Local plugins"), source: "-")

      /// The plugins of this module.
      public static let module = PluginModule(track: track, plugins: [.screening(\(policyType).self)])
    }

    /// Keeps records whose title names one of `keywords` and whose maturity reaches `min_trl`.
    /// Replace the rule in `screen` with your own; keep one decision, with its reason, per record.
    public struct \(policyType): ScreeningPolicy {
      public static let description = PluginDescription(
        id: "\(pluginID)", kind: .screening, track: "\(track)",
        summary: LocalizedText(zh: "按关键词和技术成熟度筛选（示例规则）", en: "Screens by keywords and maturity (starter rule)"),
        parameters: [
          ParameterSpec(
            "keywords", .list(.text), required: true,
            doc: LocalizedText(zh: "标题须含其一的关键词", en: "the title must contain one of these")),
          ParameterSpec(
            "min_trl", .integer(1...9), default: "4",
            doc: LocalizedText(zh: "最低技术成熟度；未评估的记录保留并标注", en: "lowest TRL; unassessed records are kept and flagged")),
        ],
        example: \"\"\"
          - plugin: \(pluginID)
            with:
              keywords: [绿色, 节能]
              min_trl: 4
          \"\"\")

      let keywords: [String]
      let minimum: Int

      public init(parameters: ParameterValues) throws {
        keywords = parameters.strings("keywords").filter { !$0.isEmpty }
        minimum = parameters.int("min_trl") ?? 4
        if keywords.isEmpty {
          throw PluginSetupError([
            parameters.problem("keywords", LocalizedText(zh: "至少需要一个关键词", en: "give at least one keyword"))
          ])
        }
      }

      public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
        var passed: [Candidate] = []
        var decisions: [ScreeningDecision] = []
        for var candidate in candidates {
          let record = candidate.achievement
          guard let word = keywords.first(where: { record.title.contains($0) }) else {
            decisions.append(
              ScreeningDecision(
                achievement: record.id, passed: false, rule: "keywords",
                reason: LocalizedText(zh: "标题不含关键词", en: "the title has none of the keywords")))
            continue
          }
          if let level = record.readiness.value, level < minimum {
            decisions.append(
              ScreeningDecision(
                achievement: record.id, passed: false, rule: "min_trl", score: Double(level),
                reason: LocalizedText(zh: "TRL \\(level) 低于 \\(minimum)", en: "TRL \\(level) is below \\(minimum)")))
            continue
          }
          if record.readiness == .unknown {
            candidate.flags.append(LocalizedText(zh: "TRL未评估", en: "TRL unknown"))
          }
          passed.append(candidate)
          decisions.append(
            ScreeningDecision(
              achievement: record.id, passed: true, rule: "keywords",
              reason: LocalizedText(zh: "标题含关键词「\\(word)」", en: "the title contains “\\(word)”")))
        }
        return ScreeningResult(passed: passed, decisions: decisions)
      }
    }

    """
  }

  var mainSwift: String {
    """
    import Foundation
    import RoadshowKernel
    import RoadshowLauncher
    import TorchExpress
    import \(module)

    // The registry is built once, as a value: the Torch track plus this package's plugin.
    let registry: PluginRegistry
    do {
      registry = try PluginRegistry(modules: [TorchExpress.module, \(module).module])
    } catch {
      FileHandle.standardError.write(Data("plugin registration failed: \\(error)\\n".utf8))
      exit(70)
    }
    await Launcher.main(registry: registry)

    """
  }

  var testSwift: String {
    """
    import Foundation
    import RoadshowKernel
    import RoadshowPluginTesting
    import Testing
    import \(module)

    let samples = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Samples")

    @Suite struct \(policyType)Tests {
      /// The conformance kit: description, example, parameter errors, contract, reasons, determinism.
      @Test func conforms() async {
        let report = await ScreeningPolicyConformance.check(\(policyType).self, samplesDirectory: samples)
        #expect(report.passed, "\\(report)")
      }

      @Test func keepsRecordsWithAKeywordAndEnoughMaturity() async throws {
        let at = SourceLocation(file: "test", line: 1, column: 1)
        let keywords = ConfigNode(.sequence([ConfigNode(.scalar("绿色"), at: at), ConfigNode(.scalar("节能"), at: at)]), at: at)
        let with = ConfigNode(.mapping([ConfigEntry(key: "keywords", keyLocation: at, value: keywords)]), at: at)
        let policy = try \(policyType)(
          parameters: ParameterValues(
            node: with, specs: \(policyType).description.parameters, keyPath: "with", baseDirectory: samples,
            entryLocation: at))
        let candidates = [
          Candidate(achievement: Achievement(id: AchievementID("t:1"), title: "绿色建材", readiness: .level(6))),
          Candidate(achievement: Achievement(id: AchievementID("t:2"), title: "节能电机", readiness: .level(2))),
          Candidate(achievement: Achievement(id: AchievementID("t:3"), title: "量子通信", readiness: .level(8))),
        ]
        let result = try await policy.screen(candidates, in: PipelineContext())
        #expect(result.passed.map(\\.id.rawValue) == ["t:1"])
        #expect(result.decisions.map(\\.rule) == ["keywords", "min_trl", "keywords"])
      }
    }

    """
  }

  var sampleYAML: String {
    """
    # A sample run of \(pluginID). Run: swift run \(packageName)-roadshow run Samples/\(packageName).yaml
    programme: {name: \(packageName) 插件示例, year: 2024}
    locale: zh-CN
    tracks: [torch, \(track)]
    host: {name: 示例承办单位}
    intake:
      - plugin: torch.csv_intake
        with:
          file: data/records.csv
          source: sample
          columns: {id: 编号, title: 成果名称, institution: 持有单位, trl: 技术成熟度}
    screening:
      - plugin: \(pluginID)
        with:
          keywords: [绿色, 节能]
          min_trl: 4

    """
  }

  var sampleCSV: String {
    """
    编号,成果名称,持有单位,技术成熟度
    S1,绿色低碳建筑材料,示例大学,6
    S2,高效节能电机,示例研究院,3
    S3,量子通信网络,示例大学,7
    S4,节能型数据中心冷却系统,示例企业,

    """
  }

  var readme: String {
    """
    # \(packageName): a Roadshow screening plugin

    Created by `roadshow new plugin --kind screening --name \(name)`.

    - `Sources/\(module)/\(policyType).swift`: the plugin (`\(pluginID)`): its description, parameters, example and rule.
    - `Sources/\(packageName)-roadshow/main.swift`: a `roadshow` launcher that registers it next to the Torch track.
    - `Tests/\(module)Tests`: the conformance kit and a behaviour test.
    - `Samples/\(packageName).yaml`: a config that runs it.

    ```sh
    swift test
    swift run \(packageName)-roadshow run Samples/\(packageName).yaml
    swift run \(packageName)-roadshow plugins --track \(track)
    ```

    The guide: docs/custom-screening.md in the Roadshow repository.

    """
  }
}
