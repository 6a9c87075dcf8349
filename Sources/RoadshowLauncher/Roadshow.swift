import ArgumentParser
import Foundation
import RoadshowKernel

/// The `roadshow` command: runs S&T achievement roadshows (科技成果直通车) from a config file.
public struct Roadshow: AsyncParsableCommand {
  /// The command's name, help, version and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "roadshow",
    abstract: "科技成果直通车 · Plan S&T achievement roadshows from one config file.",
    discussion: """
      One config file (YAML or JSON) names the intake sources, the screening funnel, coaching, \
      the event and the follow-up. `roadshow` checks it, runs it against the project library \
      (an SQLite file) and writes the selection, the decisions, the agenda, the checklists, \
      the follow-up plan and the work summary into an output folder.

      一个配置文件描述成果征集、筛选漏斗、路演辅导、路演活动与跟踪服务。
      roadshow 先校验配置，再基于项目库运行，
      并把入选名单、筛选决定、议程、辅导清单、跟踪计划和工作总结写入输出目录。

      Examples / 示例:
        roadshow init
            write a commented starter config / 生成示例配置 (roadshow.yaml)
        roadshow validate roadshow.yaml
            check it; every error as FILE:LINE:COL / 校验配置，逐条列出错误
        roadshow run roadshow.yaml
            run it; outputs in roadshow-out/roadshow / 运行并输出结果
        roadshow run roadshow.yaml --out out --db library.sqlite --quiet
        roadshow plugins --kind screening --lang en
            the screening plugins and their parameters / 列出筛选插件及参数
        roadshow why nkrdp-2018:2018YFB1304900
            why was this project (not) selected? / 该项目为何（未）入选？
        roadshow runs
            the recorded runs / 运行记录
        roadshow clearance list
            records awaiting confidentiality review / 待保密审查的成果
        roadshow clearance record 2018YFB1304900 --decision cleared --reviewer 王审查
            record a confidentiality review / 记录保密审查结果
        roadshow followup import follow-up.csv
            record follow-up milestones / 导入跟踪记录
        roadshow followup due
            follow-up due or overdue / 到期和逾期的跟踪
        roadshow library stats
            field × TRL and other counts of the library / 项目库统计
        roadshow report annual --year 2024
            the annual work summary from the ledger / 年度工作总结
        roadshow events list
            the events the ledger holds / 活动台账
        roadshow review assign --round R --experts experts.csv --ids push-list.csv
            assign expert reviewers, blind / 专家评议分配
        roadshow match achievements.csv demands.csv --out matches.csv
            supply–demand matching / 供需精准匹配
        roadshow schedule workload/ --itineraries itineraries.md
            one-to-one meeting schedule / 一对一对接排程
        roadshow new plugin --kind screening --name green-tech
            a new screening plugin package / 新建筛选插件工程

      Exit codes / 退出码:
        0  success / 成功
        1  the run failed: data, plugin, library or disk / 运行失败
        2  invalid config or command line / 配置无效或用法错误
        3  the run is committed but its output folder could not be switched in; the next run
           finishes it / 已写入项目库但输出目录未能切换，下次运行时自动完成
      """,
    version: Launcher.version,
    subcommands: [
      Run.self, Validate.self, Plugins.self, Init.self, Why.self, Runs.self, Clearance.self, FollowUpCommand.self,
      EventsCommand.self, LibraryCommand.self, ReportCommand.self, ReviewCommand.self, Match.self, Schedule.self,
      New.self, Serve.self,
    ]
  )

  /// Creates the command (ArgumentParser fills in the options).
  public init() {}
}

/// The message language chosen on the command line.
struct Language: ExpressibleByArgument, Sendable {
  var locale: ReportLocale

  init?(argument: String) {
    guard let locale = ReportLocale(identifier: argument) else { return nil }
    self.locale = locale
  }

  static var allValueStrings: [String] { ReportLocale.allCases.map(\.rawValue) }
}

/// `--lang`, shared by every subcommand.
struct LanguageOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Message language / 提示语言: zh-CN or en (default: the config's `locale`, else zh-CN).",
      valueName: "lang"))
  var lang: Language?

  /// `--lang`, else the config's locale, else Chinese.
  func locale(config: ReportLocale? = nil) -> ReportLocale { lang?.locale ?? config ?? .zhCN }
}

/// `--db` and `--config`, for the commands that read the project library.
struct LibraryOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The project library (SQLite) / 项目库文件 (default: the `library:` of --config, else ./roadshow.sqlite).",
      valueName: "file"))
  var db: String?

  @Option(
    name: .long, help: ArgumentHelp("A config whose `library:` names the project library.", valueName: "config"))
  var config: String?

  /// The library path and the message language: `--lang`, else the config's `locale:`, else
  /// Chinese. A `--config` that cannot be read is reported and ends the command (exit 2).
  func resolve(language: LanguageOptions, console: Console) throws -> (path: String, locale: ReportLocale) {
    var document: ConfigLoader.Document?
    if let config {
      do throws(ConfigurationError) {
        document = try ConfigLoader.read(path: config)
      } catch {
        Messages.printDiagnostics(error, language.locale(), to: console)
        throw ExitStatus.usage
      }
    }
    let locale = language.locale(config: document?.locale)
    if let db { return (db, locale) }
    if let config, let library = document?.root?["library"]?.scalar {
      let base = URL(fileURLWithPath: config).deletingLastPathComponent()
      return (ParameterValues.resolve(library, against: base).path, locale)
    }
    return (Launcher.defaultLibrary, locale)
  }
}

extension Launcher {
  /// The library used when neither `--db` nor the config names one.
  public static let defaultLibrary = "roadshow.sqlite"
}
