import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowStore

extension Roadshow {
  /// `roadshow why ID`: every screening decision on one achievement, with its reason.
  public struct Why: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Explain a screening result / 说明筛选结果: why was this project (not) selected?",
      discussion: """
        Prints every stage's decision on the achievement in the latest succeeded run (or --run): \
        passed or rejected, the rule, the score and the reason, in funnel order.
        按漏斗顺序列出最近一次成功运行（或 --run 指定的运行）中
        各阶段对该成果的决定：通过与否、规则、得分和原因。
        """)

    @Argument(help: ArgumentHelp("The achievement id / 成果编号 (e.g. nkrdp-2018:2018YFB1304900).", valueName: "id"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("A run id (default: the latest succeeded run) / 运行编号.", valueName: "run"))
    var run: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Prints the explanation.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let store = try Roadshow.openExisting(path, locale: locale, console: console)

      let achievementID = try await Roadshow.resolveAchievement(id, in: store, locale: locale, console: console)
      guard let achievement = try await store.achievement(achievementID) else { throw ExitStatus.failed }

      let summary: RunSummary
      if let run {
        guard let found = try await store.run(run) else {
          let ids = try await store.runs().map(\.id)
          var message = zh ? "错误: 没有编号为 `\(run)` 的运行记录" : "error: no run `\(run)` is recorded"
          if let nearest = Suggestions.nearest(to: run, in: ids) {
            message += zh ? "（是否想写 `\(nearest)`？）" : " (did you mean `\(nearest)`?)"
          }
          console.err(message)
          throw ExitStatus.failed
        }
        summary = found
      } else {
        guard let latest = try await store.latestSucceededRun() else {
          console.err(zh ? "错误: 项目库中还没有成功的运行记录" : "error: the project library has no succeeded run yet")
          throw ExitStatus.failed
        }
        summary = latest
      }

      let decisions = try await store.decisions(for: achievementID, run: summary.id)
      Self.explain(achievement, run: summary, decisions: decisions, locale: locale).forEach(console.out)
    }

    /// The explanation, line by line.
    static func explain(
      _ achievement: Achievement, run: RunSummary, decisions: [StageDecision], locale: ReportLocale
    ) -> [String] {
      let zh = locale == .zhCN
      var lines: [String] = []
      let details = [achievement.institution, achievement.field, achievement.readiness.description]
        .compactMap { $0 }.joined(separator: zh ? "，" : ", ")
      lines.append(
        zh
          ? "成果 \(achievement.id)「\(achievement.title)」（\(details)）"
          : "Achievement \(achievement.id) “\(achievement.title)” (\(details))")
      lines.append(
        zh
          ? "运行 \(run.id)（\(run.status)，\(run.startedAt)，配置 \(run.configFile)）"
          : "Run \(run.id) (\(run.status), \(run.startedAt), config \(run.configFile))")
      guard !decisions.isEmpty else {
        lines.append(
          zh
            ? "该运行没有对此成果作出筛选决定（运行时它可能尚未入库，或运行未到筛选阶段）。"
            : "This run made no screening decision on it (it may have entered the library later, or the run stopped before screening)."
        )
        return lines
      }
      for item in decisions {
        let outcome = item.decision.passed ? (zh ? "通过" : "passed") : (zh ? "未通过" : "rejected")
        var line = "  \(item.position). \(item.stage)（\(item.plugin)）: \(outcome)"
        if !zh { line = "  \(item.position). \(item.stage) (\(item.plugin)): \(outcome)" }
        line += zh ? "，规则 \(item.decision.rule)" : ", rule \(item.decision.rule)"
        if let score = item.decision.score {
          line += (zh ? "，得分 " : ", score ") + Self.number(score)
        }
        line += (zh ? "：" : ": ") + item.decision.reason(locale)
        lines.append(line)
      }
      let total = run.funnel.count
      if let rejected = decisions.first(where: { !$0.decision.passed }) {
        lines.append(
          zh
            ? "结论：在第 \(rejected.position) 阶段「\(rejected.stage)」未通过（规则 \(rejected.decision.rule)），未进入后续阶段。"
            : "Conclusion: rejected at stage \(rejected.position) “\(rejected.stage)” (rule \(rejected.decision.rule)); it went no further."
        )
        // A record level with the last one in was decided by the ranking's tie-break, not by its
        // score: say so, since "rank 101, cut-off 31.67" with a score of 31.67 reads as a mistake.
        if rejected.decision.rule.hasSuffix("_tie") {
          lines.append(
            zh
              ? "说明：该项与最后入围的项目同分，名次由同分排序规则决定（见上方原因），不是因为分数更低。"
              : "Note: its score equals that of the last record in; the ranking's tie-break (named in the reason above) placed it outside, not a lower score."
          )
        }
      } else if total == 0 || decisions.count >= total {
        lines.append(
          zh
            ? "结论：通过全部 \(decisions.count) 个筛选阶段，入选路演项目。"
            : "Conclusion: passed all \(decisions.count) screening stages and was chosen to pitch.")
      } else {
        lines.append(
          zh
            ? "结论：通过了前 \(decisions.count) 个阶段，之后的阶段没有对它作出决定。"
            : "Conclusion: passed the first \(decisions.count) stages; later stages made no decision on it.")
      }
      return lines
    }

    static func number(_ value: Double) -> String {
      if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
      var text = String(format: "%.3f", value)
      while text.hasSuffix("0") { text.removeLast() }
      return text
    }
  }

  /// Opens a library that must already exist, read-only: reading commands never create one, never
  /// migrate one and never write to the file.
  static func openExisting(_ path: String, locale: ReportLocale, console: Console) throws -> SQLiteLibrary {
    do {
      return try SQLiteLibrary(readingAt: path)
    } catch {
      var message = Messages.error(error, locale)
      switch error as? LibraryError {
      case .missing, .notALibrary:
        message +=
          locale == .zhCN
          ? "；请先运行 `roadshow run`，或用 --db / --config 指明项目库"
          : "; run `roadshow run` first, or name it with --db or --config"
      default: break
      }
      console.err(message)
      throw ExitStatus.failed
    }
  }
}
