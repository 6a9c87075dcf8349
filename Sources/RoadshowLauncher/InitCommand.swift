import ArgumentParser
import Foundation
import RoadshowKernel

extension Roadshow {
  /// `roadshow init`: writes a commented starter config.
  public struct Init: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Write a starter config / 生成示例配置 (Torch express pipeline, commented).",
      discussion: """
        Writes a config that uses every stage of the `torch` track, with Chinese and English \
        comments. It validates once the data files it names exist. An existing file is kept \
        unless --force is given.
        生成使用 torch 行动方向全部阶段的配置（中英文注释），所列数据文件就位后即可通过校验。
        已有文件不会被覆盖，除非使用 --force。
        """)

    @Option(name: .long, help: ArgumentHelp("Where to write / 输出文件 (default: roadshow.yaml).", valueName: "file"))
    var out = "roadshow.yaml"

    @Flag(name: .long, help: "Overwrite an existing file / 覆盖已有文件.")
    var force = false

    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Writes the file.
    public func run(in context: LauncherContext) async throws {
      let locale = language.locale()
      let zh = locale == .zhCN
      let url = URL(fileURLWithPath: out).standardizedFileURL
      if FileManager.default.fileExists(atPath: url.path), !force {
        context.console.err(
          zh ? "错误: \(out) 已存在；如需覆盖请加 --force" : "error: \(out) already exists; add --force to overwrite it")
        throw ExitStatus.usage
      }
      do {
        try OutputWriter.write(
          files: [OutputFile(name: url.lastPathComponent, text: StarterConfig.text)],
          to: url.deletingLastPathComponent())
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(zh ? "已生成 \(out)。" : "Wrote \(out).")
      context.console.out(
        zh ? "请准备以下数据文件（相对于该配置文件，首行为列名）：" : "Put these data files next to it (first line: the headers):")
      for file in StarterConfig.dataFiles {
        context.console.out("  \(file.path)    \(file.header)")
      }
      context.console.out(zh ? "然后运行：roadshow validate \(out)" : "Then run: roadshow validate \(out)")
    }
  }
}
