import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowMatching

extension Roadshow {
  /// `roadshow match`: supply–demand matching on CSV files.
  public struct Match: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Match enterprise demands to achievements / 供需精准匹配.",
      discussion: """
        Reads achievements.csv (id,title,institution,province,field,trl) and demands.csv \
        (id,enterprise,province,field,need[,min_trl]) — the format of shared/bench/gen.py — and \
        writes, for every demand, its best achievements as `demand,achievement,rank,score`. \
        Chinese text needs no word segmenter: similarity is over character n-grams, combined \
        with field, province and TRL constraints. --explain writes why each match was made.
        读取成果与需求 CSV，为每条需求输出最匹配的成果（demand,achievement,rank,score）；--explain 输出匹配依据。

          roadshow match achievements.csv demands.csv --out matches.csv --top 10 --explain why.csv
        """)

    @Argument(help: ArgumentHelp("achievements.csv", valueName: "achievements"))
    var achievements: String

    @Argument(help: ArgumentHelp("demands.csv", valueName: "demands"))
    var demands: String

    @Option(name: .long, help: ArgumentHelp("Output CSV / 输出文件.", valueName: "file"))
    var out = "matches.csv"

    @Option(name: .long, help: "Achievements per demand / 每条需求的结果数.")
    var top = 10

    @Option(name: .long, help: "Same field: ignore, bonus or require / 领域一致：忽略、加分或必需.")
    var field = "bonus"

    @Option(name: .long, help: "Same province: ignore, bonus or require / 省份一致.")
    var province = "ignore"

    @Option(name: .customLong("min-trl"), help: "Lowest TRL returned / 最低技术成熟度.")
    var minimumTRL: Int?

    @Option(
      name: .long,
      help: ArgumentHelp("Also write each match's shared terms and constraints / 输出匹配依据.", valueName: "file"))
    var explain: String?

    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Reports every bad option at once, in the language of `--lang` (Chinese by default).
    public func validate() throws {
      let zh = language.locale() == .zhCN
      var problems: [String] = []
      if !(1...1000).contains(top) {
        problems.append(zh ? "--top 须为 1–1000，实际为 \(top)" : "--top must be 1–1000, got \(top)")
      }
      for (option, value) in [("--field", field), ("--province", province)] where Self.constraint(value) == nil {
        problems.append(
          zh
            ? "\(option) 须为 ignore（忽略）、bonus（加分）或 require（必需），实际为 `\(value)`"
            : "\(option) must be ignore, bonus or require, got `\(value)`")
      }
      if let minimumTRL, !(1...9).contains(minimumTRL) {
        problems.append(zh ? "--min-trl 须为 1–9，实际为 \(minimumTRL)" : "--min-trl must be 1–9, got \(minimumTRL)")
      }
      if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    static func constraint(_ text: String) -> MatchConstraint? {
      switch text {
      case "ignore": .ignore
      case "bonus": .bonus(0.05)
      case "require": .require
      default: nil
      }
    }

    /// Loads, matches and writes.
    public func run(in context: LauncherContext) async throws {
      let zh = language.locale() == .zhCN
      let console = context.console
      let supply: [MatchAchievement]
      let wanted: [MatchDemand]
      do throws(CSVInputError) {
        supply = try MatchingFiles.loadAchievements(from: URL(fileURLWithPath: achievements))
        wanted = try MatchingFiles.loadDemands(from: URL(fileURLWithPath: demands))
      } catch {
        console.err((zh ? "错误: " : "error: ") + error.message(chinese: zh))
        throw ExitStatus.failed
      }
      console.err(
        zh
          ? "读取成果 \(supply.count) 项、需求 \(wanted.count) 条；建立索引…"
          : "\(supply.count) achievements, \(wanted.count) demands; indexing…")
      let options = MatchOptions(
        field: Self.constraint(field) ?? .bonus(0.05), province: Self.constraint(province) ?? .ignore,
        minimumTRL: minimumTRL)
      let engine = MatchingEngine(achievements: supply, options: options)
      console.err(zh ? "匹配中…" : "matching…")
      let results = engine.matchAll(wanted, limit: top)
      var files = [
        OutputFile(name: URL(fileURLWithPath: out).lastPathComponent, text: MatchingFiles.matchesCSV(results))
      ]
      let outFolder = URL(fileURLWithPath: out).deletingLastPathComponent()
      do {
        try OutputWriter.write(files: files, to: outFolder)
        if let explain {
          let rows = results.flatMap { $0 }.map { match in
            [
              match.demandID, match.achievementID, String(match.rank), String(format: "%.6f", match.score),
              match.sharedTerms.map(\.term).joined(separator: " "),
              match.constraints.map { zh ? $0.chineseDescription : $0.description }.joined(separator: "; "),
            ]
          }
          files = [
            OutputFile(
              name: URL(fileURLWithPath: explain).lastPathComponent,
              text: CSVWriter.text(
                header: ["demand", "achievement", "rank", "score", "shared_terms", "constraints"], rows: rows,
                byteOrderMark: false))
          ]
          try OutputWriter.write(files: files, to: URL(fileURLWithPath: explain).deletingLastPathComponent())
        }
      } catch {
        console.err(Messages.error(error, language.locale()))
        throw ExitStatus.failed
      }
      let matched = results.filter { !$0.isEmpty }.count
      console.out(
        zh
          ? "已写入 \(out)：\(wanted.count) 条需求中 \(matched) 条有匹配，共 \(results.reduce(0) { $0 + $1.count }) 行。"
          : "Wrote \(out): \(matched) of \(wanted.count) demands matched, \(results.reduce(0) { $0 + $1.count }) rows.")
      let known = wanted.filter { $0.target != nil }
      if !known.isEmpty {
        let (hits, total) = MatchingFiles.recall(results, demands: wanted)
        console.out(
          String(
            format: zh ? "recall@%d（按 target 列）：%.4f" : "recall@%d (from the target column): %.4f", top,
            Double(hits) / Double(max(total, 1))))
      }
    }
  }

  /// `roadshow schedule`: one-to-one meeting scheduling on CSV files.
  public struct Schedule: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Schedule one-to-one meetings / 一对一对接排程.",
      discussion: """
        Reads participants.csv (id,kind,name,province,unavailable_slots), requests.csv \
        (id,from,to,priority) and event.csv (slots,tables) from DIR — the format of \
        shared/bench/gen.py — and writes `request,slot`: nobody in two meetings at once, nobody \
        in an unavailable slot, at most `tables` meetings per slot, the summed priority as high \
        as possible. --fixed keeps meetings fixed by hand; --previous re-schedules after late \
        changes moving as few meetings as possible. --itineraries writes a printable itinerary \
        per participant (Chinese by default; --lang en).
        读取参与者、洽谈请求与活动设置，输出 request,slot 排程；--fixed 保留人工固定的洽谈；
        --previous 在变更后重排并尽量少移动；--itineraries 输出每人行程单。

          roadshow schedule workload/ --out schedule.csv --itineraries itineraries.md
          roadshow schedule workload/ --previous schedule.csv --out schedule-v2.csv
        """)

    @Argument(help: ArgumentHelp("Folder with participants.csv, requests.csv, event.csv.", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("Output CSV / 输出文件.", valueName: "file"))
    var out = "schedule.csv"

    @Option(name: .long, help: ArgumentHelp("Meetings fixed by hand (request,slot) / 人工固定的洽谈.", valueName: "file"))
    var fixed: String?

    @Option(
      name: .long,
      help: ArgumentHelp("The schedule to change as little as possible (request,slot) / 原排程.", valueName: "file"))
    var previous: String?

    @Option(
      name: .long, help: ArgumentHelp("Write every participant's itinerary (Markdown) / 输出行程单.", valueName: "file"))
    var itineraries: String?

    @Option(name: .customLong("time-limit"), help: "Search time limit in seconds / 搜索时间上限（秒）.")
    var timeLimit = 2.0

    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Reports a bad option in the language of `--lang` (Chinese by default).
    public func validate() throws {
      if !(timeLimit > 0 && timeLimit <= 3600) {
        throw ValidationError(
          language.locale() == .zhCN
            ? "--time-limit 须大于 0 且不超过 3600（秒），实际为 \(timeLimit)"
            : "--time-limit must be in (0, 3600], got \(timeLimit)")
      }
    }

    /// Loads, schedules, checks and writes.
    public func run(in context: LauncherContext) async throws {
      let locale = language.locale()
      let zh = locale == .zhCN
      let console = context.console
      var problem: SchedulingProblem
      var before: RoadshowMatching.Schedule?
      do throws(CSVInputError) {
        problem = try SchedulingFiles.loadProblem(directory: URL(fileURLWithPath: directory))
        if let fixed { problem.fixed = try SchedulingFiles.loadSchedule(from: URL(fileURLWithPath: fixed)).assignments }
        if let previous { before = try SchedulingFiles.loadSchedule(from: URL(fileURLWithPath: previous)) }
      } catch {
        console.err((zh ? "错误: " : "error: ") + error.message(chinese: zh))
        throw ExitStatus.failed
      }
      console.err(
        zh
          ? "参与者 \(problem.participants.count)，请求 \(problem.requests.count)，\(problem.slots) 个时段 × \(problem.tables) 桌；排程中…"
          : "\(problem.participants.count) participants, \(problem.requests.count) requests, \(problem.slots) slots × \(problem.tables) tables; scheduling…"
      )
      let result: ScheduleResult
      do throws(SchedulingError) {
        let options = SchedulingOptions(timeLimit: timeLimit)
        if let before {
          result = try MeetingScheduler.reschedule(problem, previous: before, options: options)
        } else {
          result = try MeetingScheduler.schedule(problem, options: options)
        }
      } catch {
        console.err((zh ? "错误: " : "error: ") + error.message(chinese: zh))
        throw ExitStatus.failed
      }
      let violations = problem.validate(result.schedule)
      guard violations.isEmpty else {
        for violation in violations {
          console.err((zh ? "错误: 排程不可行：" : "error: infeasible schedule: ") + violation.message(chinese: zh))
        }
        throw ExitStatus.failed
      }
      var files = [
        OutputFile(
          name: URL(fileURLWithPath: out).lastPathComponent, text: SchedulingFiles.scheduleCSV(result.schedule))
      ]
      do {
        try OutputWriter.write(files: files, to: URL(fileURLWithPath: out).deletingLastPathComponent())
        if let itineraries {
          files = [
            OutputFile(
              name: URL(fileURLWithPath: itineraries).lastPathComponent,
              text: problem.itineraries(schedule: result.schedule, locale: zh ? .zhCN : .en))
          ]
          try OutputWriter.write(files: files, to: URL(fileURLWithPath: itineraries).deletingLastPathComponent())
        }
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let share = result.upperBound > 0 ? Double(result.objective) / Double(result.upperBound) * 100 : 100
      console.out(
        zh
          ? "已写入 \(out)：安排 \(result.meetings) 场洽谈，优先级合计 \(result.objective)，上界 \(result.upperBound)（\(String(format: "%.2f", share))%），排程可行。"
          : "Wrote \(out): \(result.meetings) meetings, summed priority \(result.objective), upper bound \(result.upperBound) (\(String(format: "%.2f", share)) %), feasible."
      )
      if let changes = result.changes {
        console.out(
          zh
            ? "与原排程相比：保留 \(changes.kept)，移动 \(changes.moved.count)，取消 \(changes.dropped.count)，撤回 \(changes.withdrawn.count)，新增 \(changes.added.count)。"
            : "Against the previous schedule: \(changes.kept) kept, \(changes.moved.count) moved, \(changes.dropped.count) dropped, \(changes.withdrawn.count) withdrawn, \(changes.added.count) added."
        )
      }
    }
  }
}
