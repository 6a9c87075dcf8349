import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowStore

extension Roadshow {
  /// `roadshow runs`: the runs recorded in the project library, newest first.
  public struct Runs: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "List recorded runs / 列出运行记录, newest first.")

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Prints the list.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let runs = try await store.runs()
      let count = try await store.count()
      context.console.out(
        zh
          ? "项目库 \(path)：\(count) 项成果，\(runs.count) 次运行"
          : "Project library \(path): \(count) record\(count == 1 ? "" : "s"), \(runs.count) run\(runs.count == 1 ? "" : "s")"
      )
      for run in runs {
        var line = "\(run.id)  \(run.status)  \(run.startedAt)  \(run.configFile)"
        if run.status == "succeeded" {
          let chain = run.funnel.first.map { first in
            ([String(first.in)] + run.funnel.map { String($0.out) }).joined(separator: "→")
          }
          line += zh ? "  入选 \(run.selectedCount ?? 0)" : "  selected \(run.selectedCount ?? 0)"
          if let chain { line += zh ? "（漏斗 \(chain)）" : " (funnel \(chain))" }
        } else if let error = run.error?.split(separator: "\n").first {
          line += "  \(error)"
        }
        context.console.out(line)
      }
    }
  }
}
