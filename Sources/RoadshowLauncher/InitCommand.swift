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
        comments, and beside it a few rows of invented sample data (示例数据) for each data file \
        it names, so that it validates and runs at once; replace them with your own. An existing \
        config is kept unless --force is given; existing data files are never overwritten. The \
        config's `locale:` follows --lang (zh-CN by default).
        生成使用 torch 行动方向全部阶段的配置（中英文注释），并为其引用的数据文件生成几行示例数据，
        生成后即可校验和运行；请替换为真实数据。已有配置不会被覆盖（除非 --force），已有数据文件从不覆盖。
        配置中的报告语言 locale 随 --lang 设定（默认 zh-CN）。
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
      // The data files get a few invented rows (示例数据) so that the starter validates and runs
      // at once; a data file that already exists is never overwritten.
      let folder = url.deletingLastPathComponent()
      let data = StarterConfig.dataFiles.filter {
        !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.path).path)
      }
      do {
        try OutputWriter.write(
          files: [
            OutputFile(
              name: url.lastPathComponent, text: StarterConfig.text(file: url.lastPathComponent, locale: locale))
          ]
            + data.map { OutputFile(name: $0.path, text: $0.header + "\n" + (StarterConfig.sampleRows[$0.path] ?? "")) },
          to: folder)
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(zh ? "已生成 \(out)。" : "Wrote \(out).")
      if !data.isEmpty {
        context.console.out(
          zh
            ? "并生成示例数据（请替换为真实数据；首行为列名）："
            : "and sample data (replace it with real data; the first line holds the headers):")
        for file in data { context.console.out("  \(file.path)    \(file.header)") }
      }
      let kept = StarterConfig.dataFiles.filter { file in !data.contains { $0.path == file.path } }
      for file in kept {
        context.console.out(zh ? "  保留已有的 \(file.path)" : "  kept the existing \(file.path)")
      }
      let command = "roadshow validate \(StarterConfig.shellWord(out))"
      context.console.out(zh ? "然后运行：\(command)" : "Then run: \(command)")
    }
  }
}
