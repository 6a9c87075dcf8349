import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowStore

extension Roadshow {
  /// `roadshow run CONFIG`: validates, runs the pipeline against the library, writes the outputs.
  public struct Run: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Run a config / 运行配置: intake → screening → coaching → event → follow-up.",
      discussion: """
        The config is validated first; if anything is wrong every problem is printed as \
        FILE:LINE:COL and nothing runs (exit 2). The project library is --db, else the config's \
        `library:`, else ./roadshow.sqlite; it is written in one transaction, begun when intake \
        ends (other writers wait for the run) and committed at the end. \
        Progress goes to standard error, the summary to standard output.
        先校验配置，有错则逐条列出并退出（退出码 2），不执行任何操作；
        项目库在一个事务中写入（征集结束时开始、运行结束时提交，其间其他写入需等待），运行失败时保持原样。
        """)

    @Argument(help: ArgumentHelp("The config file (YAML or JSON) / 配置文件", valueName: "config"))
    var config: String

    @Option(
      name: .long,
      help: ArgumentHelp("Output folder / 输出目录 (default: roadshow-out/<config name>).", valueName: "dir"))
    var out: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Project library file / 项目库文件 (default: the config's `library:`, else ./roadshow.sqlite).",
        valueName: "file"))
    var db: String?

    @Flag(name: .long, help: "Print no progress / 不显示进度.")
    var quiet = false

    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Validates, runs and writes; see the command's help.
    public func run(in context: LauncherContext) async throws {
      let console = context.console
      var document: ConfigLoader.Document?
      let configuration: RoadshowConfiguration
      do throws(ConfigurationError) {
        let read = try ConfigLoader.read(path: config)
        document = read
        configuration = try ConfigLoader.build(read, registry: context.registry)
      } catch {
        Messages.printDiagnostics(error, language.locale(config: document?.locale), to: console)
        throw ExitStatus.usage
      }
      let locale = language.locale(config: configuration.locale)
      let zh = locale == .zhCN
      for warning in configuration.warnings { console.err(warning.rendered(locale, warning: true)) }

      // The output folder and the library change together or not at all: the outputs are staged
      // beside the folder, the library is committed, then the staged folder is switched in.
      let folder = URL(fileURLWithPath: out ?? Self.defaultOutput(for: config)).standardizedFileURL
      let delivery = OutputDelivery(target: folder)
      let folderLock: DeliveryLock
      do {
        try delivery.check()
        folderLock = try delivery.lock()
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }

      let target: SharedLibrary
      // What marks this run's staged folder: the SQLite file's resolved path, or the shared library's identity.
      let libraryMark: String
      do {
        if let given = context.sharedLibrary {
          target = given
        } else {
          let path = db ?? configuration.library?.path ?? Launcher.defaultLibrary
          var opened = try SQLiteLibrary(path: path)
          opened.writesWhileRunning = !context.runsBesidePlatform
          let sqlite = opened
          let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
          target = SharedLibrary(library: sqlite, name: path, identity: file) { id in try await sqlite.run(id)?.status }
        }
        libraryMark = target.identity
        // A run killed earlier may have left its folder half switched: finish or undo it first.
        let recovered = try await delivery.recover(library: libraryMark) { id in
          try await target.runStatus(id) == "succeeded"
        }
        for step in recovered {
          switch step {
          case .finished(let run):
            console.err(
              zh ? "已完成上次被中断的运行 \(run) 的输出目录切换。" : "finished switching in the output folder of interrupted run \(run).")
          case .discarded(let run):
            console.err(zh ? "已清理未完成运行 \(run) 的暂存输出。" : "removed the staged outputs of unfinished run \(run).")
          case .restored:
            console.err(zh ? "已恢复上次被中断前的输出目录。" : "restored the output folder from before an interrupted run.")
          }
        }
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let libraryPath = target.name
      // The command that finishes an interrupted switch: the one that knows this library's runs.
      let rerun = context.sharedLibrary == nil ? "roadshow run" : "roadshow-web run --postgres"

      let printer = quiet ? nil : ProgressPrinter(console: console, locale: locale)
      let progress = printer?.reporter ?? .silent
      let outcome: RunOutcome
      do {
        outcome = try await PipelineRunner(progress: progress, now: context.now).run(
          configuration, library: target.library
        ) {
          outcome in
          try delivery.stage(outcome.files, run: outcome.record.id, library: libraryMark)
          FaultInjection.point("after-stage")
        }
      } catch {
        printer?.endLine()
        // A staged folder of this run is not committed: recovery removes it.
        _ = try? await delivery.recover(library: libraryMark) { id in try await target.runStatus(id) == "succeeded" }
        if let unrecorded = error as? UnrecordedRunFailure {
          console.err(Messages.error(unrecorded.error, locale))
          let reason =
            (unrecorded.recording as? LibraryError)?.message(locale)
            ?? PipelineRunner.describe(unrecorded.recording, locale)
          console.err(
            zh
              ? "运行失败，项目库和输出目录均未改动；失败也未能记入项目库：\(reason)"
              : "the run failed; the project library and the output folder are unchanged, and the failure could not be recorded either: \(reason)"
          )
          throw ExitStatus.failed
        }
        console.err(Messages.error(error, locale))
        // Where to look: the run history of the SQLite file, or of the library given instead.
        let history = context.sharedLibrary == nil ? "roadshow runs --db \(libraryPath)" : libraryPath
        console.err(
          zh
            ? "运行失败，项目库和输出目录均未改动；失败已记录（\(history)）。"
            : "the run failed; the project library and the output folder are unchanged and the failure is recorded (\(history))."
        )
        throw ExitStatus.failed
      }
      FaultInjection.point("after-commit")

      do {
        try delivery.switchIn(run: outcome.record.id)
      } catch {
        console.err(Messages.error(error, locale))
        console.err(
          zh
            ? "运行 \(outcome.record.id) 已写入项目库，但输出目录未能切换；下次运行 \(rerun) 时会自动完成切换。"
            : "run \(outcome.record.id) is committed to the library but its output folder could not be switched in; the next `\(rerun)` finishes the switch."
        )
        throw ExitStatus.committedUndelivered
      }
      withExtendedLifetime(folderLock) {}

      // Skipped rows are not errors (the config said to skip them) but the user sees each one.
      for diagnostic in outcome.skipped.prefix(20) {
        console.err(diagnostic.rendered(locale, warning: true) + (zh ? "（已跳过）" : " (skipped)"))
      }
      if outcome.skipped.count > 20 {
        console.err(
          zh
            ? "……另有 \(outcome.skipped.count - 20) 行被跳过，全部见 skipped-rows.csv"
            : "… and \(outcome.skipped.count - 20) more rows skipped; all are listed in skipped-rows.csv")
      }
      for warning in outcome.warnings {
        let text = warning(locale)
        // A data file's warning comes rendered as `FILE:LINE:COL: warning: …` already.
        let located = text.contains(": warning: ") || text.contains(": 警告: ")
        console.err(located ? text : (zh ? "提示：" : "warning: ") + text)
      }
      for line in Self.summary(outcome.record, folder: folder, library: libraryPath, locale: locale) {
        console.out(line)
      }
    }

    /// `roadshow-out/<config file name without extension>`.
    static func defaultOutput(for config: String) -> String {
      let name = URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
      return "roadshow-out/\(name.isEmpty ? "run" : name)"
    }

    /// `1 project`, `2 projects`.
    static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    /// The funnel and where the files are, in a few lines.
    static func summary(_ record: RunRecord, folder: URL, library: String, locale: ReportLocale) -> [String] {
      let zh = locale == .zhCN
      var lines: [String] = []
      lines.append(zh ? "运行 \(record.id) 完成。" : "Run \(record.id) succeeded.")
      lines.append(
        zh
          ? "项目库：运行前 \(record.libraryBefore) 项，运行后 \(record.libraryAfter) 项（\(library)）"
          : "Project library: \(count(record.libraryBefore, "record")) before, \(record.libraryAfter) after (\(library))"
      )
      for count in record.intake {
        lines.append(
          zh
            ? "  征集 \(count.stage)：读取 \(count.rows) 行，新增 \(count.added)，更新 \(count.updated)，跳过 \(count.skipped)"
              + (count.merged.map { "，其中 \($0) 条与其他来源的同一成果合并（roadshow library merges）" } ?? "")
            : "  intake \(count.stage): \(count.rows) rows, \(count.added) added, \(count.updated) updated, \(count.skipped) skipped"
              + (count.merged.map { ", \($0) of them merged with another source's record (roadshow library merges)" }
                ?? "")
        )
      }
      if let first = record.funnel.first {
        let chain = ([String(first.in)] + record.funnel.map { String($0.out) }).joined(separator: " → ")
        lines.append((zh ? "筛选漏斗：" : "Screening funnel: ") + chain)
        for (index, stage) in record.funnel.enumerated() {
          lines.append("  \(index + 1). \(stage.stage): \(stage.in) → \(stage.out)")
        }
      }
      lines.append(
        zh ? "确定路演项目 \(record.selected.count) 个。" : "\(count(record.selected.count, "project")) chosen to pitch.")
      if record.coachingPlans > 0 {
        lines.append(
          zh
            ? "辅导计划 \(record.coachingPlans) 份，商业计划书待补充 \(record.coachingGaps) 项。"
            : "\(count(record.coachingPlans, "coaching plan")), \(count(record.coachingGaps, "business-plan item")) missing."
        )
      }
      if !record.events.isEmpty {
        lines.append(
          zh
            ? "路演活动 \(record.events.count) 场：\(record.events.map(\.title).joined(separator: "；"))"
            : "\(count(record.events.count, "event")): \(record.events.map(\.title).joined(separator: "; "))")
      }
      if record.followUpCases > 0 {
        lines.append(zh ? "跟踪项目 \(record.followUpCases) 个。" : "\(count(record.followUpCases, "project")) tracked.")
      }
      lines.append((zh ? "输出目录：" : "Outputs: ") + folder.path)
      return lines
    }
  }
}
