import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow report`: documents across events — the annual work summary and the roll-up.
  public struct ReportCommand: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Annual work summary and roll-up across events / 年度工作总结与汇总.",
      discussion: """
        Examples / 示例:
          roadshow report annual --year 2024 --db library.sqlite --out annual-2024
          roadshow report annual --year 2024 --host 苏州国家高新技术产业开发区管理委员会（示例） --lang en --db library.sqlite
          roadshow report rollup --year 2024 --name 江苏省科学技术厅 --level province --db suzhou.sqlite --db nanjing.sqlite --out rollup-2024
        """,
      subcommands: [Annual.self, RollUp.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.ReportCommand {
  /// `roadshow report annual`.
  public struct Annual: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "A host's annual work summary (年度工作总结) from the ledger / 年度工作总结.",
      discussion: """
        Counts the year's events, achievements collected, screened and pitched, enterprises, \
        investors and experts taking part, meetings, the conversion chain with amounts, landed \
        projects and progress against the seeds' targets, all from the ledger. Writes \
        annual-summary.md, annual-summary.html and annual-summary.json into --out.
        全部数字由项目库中记录的活动、路演项目和跟踪记录计算得出。
        """)

    @Option(name: .long, help: ArgumentHelp("The year / 年度.", valueName: "year"))
    var year: Int

    @Option(
      name: .long,
      help: ArgumentHelp("The host (default: the only host of the year's events) / 承办单位.", valueName: "name"))
    var host: String?

    @Option(
      name: .long, help: ArgumentHelp("Count up to this day, YYYY-MM-DD (default: today) / 统计截止日.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Output folder (default: annual-YEAR) / 输出目录.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print the figures as JSON instead / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Writes the summary.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let contents = try await AnnualSummary.LedgerContents.read(store)
      let hosts = AnnualSummary.hosts(in: contents, year: year)
      let chosen: String
      if let host {
        guard hosts.contains(host) else {
          var message =
            zh ? "错误: \(year) 年没有承办单位 `\(host)` 的活动记录" : "error: no event of host `\(host)` recorded for \(year)"
          if let nearest = Suggestions.nearest(to: host, in: hosts) {
            message += zh ? "（是否想写 `\(nearest)`？）" : " (did you mean `\(nearest)`?)"
          } else if !hosts.isEmpty {
            message += (zh ? "；有：" : "; known: ") + hosts.joined(separator: ", ")
          }
          context.console.err(message)
          throw ExitStatus.usage
        }
        chosen = host
      } else if hosts.count == 1, let only = hosts.first {
        chosen = only
      } else {
        context.console.err(
          hosts.isEmpty
            ? (zh
              ? "错误: 项目库中没有 \(year) 年的活动记录；先用 roadshow run 运行该年度的活动"
              : "error: the library records no event in \(year); run the year's events with roadshow run first")
            : (zh
              ? "错误: \(year) 年有多个承办单位，请用 --host 指明："
              : "error: several hosts held events in \(year); name one with --host: ")
              + hosts.joined(separator: ", "))
        throw ExitStatus.usage
      }
      let day = asOf ?? Roadshow.Clearance.Record.today(context.now())
      guard CalendarDate.parse(day) != nil else {
        context.console.err(
          zh ? "错误: --as-of 应为 YYYY-MM-DD，实际为 `\(day)`" : "error: --as-of must be YYYY-MM-DD, got `\(day)`")
        throw ExitStatus.usage
      }
      let figures = AnnualSummary.figures(contents, host: chosen, year: year, asOf: day)
      if json {
        context.console.out(try Roadshow.jsonText(figures))
        return
      }
      let folder = out ?? "annual-\(year)"
      try Roadshow.writeReport(
        folder: folder, base: "annual-summary", figures: figures, rollUp: [], locale: locale, console: context.console)
    }
  }

  /// `roadshow report rollup`.
  public struct RollUp: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      commandName: "rollup",
      abstract: "Roll up several hosts' ledgers for the level above / 汇总多个承办单位.",
      discussion: """
        Reads every --db (each host's library, or one shared library) and writes the totals and a \
        per-host table with each host's level and parent (部省市县). A project pitched by two \
        hosts counts once in the totals.
        读取各承办单位的项目库（或一个共享库），输出合计和分单位表；同一项目被多家路演只计一次。
        """)

    @Option(name: .long, help: ArgumentHelp("The year / 年度.", valueName: "year"))
    var year: Int

    @Option(name: .long, help: ArgumentHelp("Name of the roll-up (the level above) / 汇总单位.", valueName: "name"))
    var name: String

    @Option(
      name: .long,
      help: ArgumentHelp("Level of the roll-up: ministry, province, city, zone, county / 汇总层级.", valueName: "level"))
    var level: String?

    @Option(
      name: .customLong("db"), help: ArgumentHelp("A host's library; repeat for each / 项目库（可多次）.", valueName: "file"))
    var libraries: [String] = []

    @Option(name: .long, help: ArgumentHelp("Count up to this day (default: today) / 统计截止日.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Output folder (default: rollup-YEAR) / 输出目录.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print the figures as JSON instead / 输出 JSON.")
    var json = false

    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Writes the roll-up.
    public func run(in context: LauncherContext) async throws {
      let locale = language.locale()
      let zh = locale == .zhCN
      let rollLevel = level.flatMap(HostLevel.init(rawValue:))
      if let level, rollLevel == nil {
        context.console.err(
          (zh ? "错误: --level 应为 " : "error: --level must be one of ")
            + HostLevel.allCases.map(\.rawValue).joined(separator: ", ") + (zh ? "，实际为 `\(level)`" : ", got `\(level)`")
        )
        throw ExitStatus.usage
      }
      guard !libraries.isEmpty else {
        context.console.err(zh ? "错误: 至少用 --db 指明一个项目库" : "error: name at least one library with --db")
        throw ExitStatus.usage
      }
      let day = asOf ?? Roadshow.Clearance.Record.today(context.now())
      var parts: [(figures: AnnualFigures, contents: AnnualSummary.LedgerContents)] = []
      for path in libraries {
        let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
        let contents = try await AnnualSummary.LedgerContents.read(store)
        for host in AnnualSummary.hosts(in: contents, year: year) {
          parts.append((AnnualSummary.figures(contents, host: host, year: year, asOf: day), contents))
        }
      }
      let total = AnnualSummary.rollUp(parts, name: name, level: rollLevel, year: year)
      if json {
        struct Output: Encodable {
          var total: AnnualFigures
          var hosts: [AnnualFigures]
        }
        context.console.out(try Roadshow.jsonText(Output(total: total, hosts: parts.map(\.figures))))
        return
      }
      try Roadshow.writeReport(
        folder: out ?? "rollup-\(year)", base: "rollup", figures: total, rollUp: parts.map(\.figures),
        locale: locale, console: context.console)
    }
  }
}

extension Roadshow {
  /// Writes a summary's files into `folder`: Markdown, HTML and JSON.
  static func writeReport(
    folder: String, base: String, figures: AnnualFigures, rollUp: [AnnualFigures], locale: ReportLocale,
    console: Console
  ) throws {
    let zh = locale == .zhCN
    let url = URL(fileURLWithPath: folder)
    var files: [(String, Data)] = [
      ("\(base).md", Data(AnnualReport.markdown(figures, locale: locale, rollUp: rollUp).utf8))
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    files.append(("\(base).json", try encoder.encode(figures)))
    files.append(("\(base).html", Data(AnnualReport.html(figures, locale: locale, rollUp: rollUp).utf8)))
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      for (name, data) in files { try data.write(to: url.appendingPathComponent(name), options: .atomic) }
    } catch {
      console.err(
        zh
          ? "错误: 无法写入 \(folder)：\(error.localizedDescription)"
          : "error: cannot write \(folder): \(error.localizedDescription)")
      throw ExitStatus.failed
    }
    console.out(
      (zh ? "已写入 " : "Wrote ") + files.map { url.appendingPathComponent($0.0).path }.joined(separator: zh ? "、" : ", "))
  }
}
