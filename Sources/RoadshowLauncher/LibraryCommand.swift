import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow library`: the project library as a whole.
  public struct LibraryCommand: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      commandName: "library",
      abstract: "The project library / 项目库: statistics, export, merged records.",
      discussion: """
        Examples / 示例:
          roadshow library stats --db library.sqlite
          roadshow library export --format csv --min-trl 6 --province 江苏 --out export.csv --db library.sqlite
          roadshow library export --published --format json --db library.sqlite
          roadshow library merges --db library.sqlite
          roadshow library link nkrdp-2019:2019YFB0000 nkrdp-2018:2018YFB1304900 --db library.sqlite
          roadshow library unmerge nkrdp-2019:2019YFB0000 --db library.sqlite
        """,
      subcommands: [Stats.self, Export.self, Merges.self, Link.self, Unmerge.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.LibraryCommand {
  /// `roadshow library stats`.
  public struct Stats: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Library statistics: field × TRL, by source, channel, province, region / 项目库统计.")

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the statistics.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let stats = LibraryViews.statistics(try await store.allRecords())
      if json {
        context.console.out(try Roadshow.jsonText(stats))
        return
      }
      let out = context.console
      out.out(
        zh
          ? "项目库 \(path)：成果 \(stats.achievements) 项（另有 \(stats.merged) 条来源记录已合并），通过保密审查 \(stats.cleared) 项。"
          : "Library \(path): \(stats.achievements) achievements (\(stats.merged) source records merged into them), \(stats.cleared) cleared for publication."
      )
      out.out("")
      out.out(zh ? "领域 × 技术成熟度：" : "Field × TRL:")
      let header = (1...9).map { String($0) } + ["?"]
      let width = max(8, stats.fieldByTRL.keys.map(\.count).max() ?? 8)
      out.out(
        "  " + "".padding(toLength: width, withPad: " ", startingAt: 0) + header.map { $0.leftPad(5) }.joined()
          + "  Σ".leftPad(7))
      for (field, counts) in stats.fieldByTRL.sorted(by: { $0.value.reduce(0, +) > $1.value.reduce(0, +) }) {
        out.out(
          "  " + field.padding(toLength: width, withPad: " ", startingAt: 0)
            + counts.map { String($0).leftPad(5) }.joined() + String(counts.reduce(0, +)).leftPad(7))
      }
      for (title, values) in [
        (zh ? "按来源" : "By source", stats.bySource), (zh ? "按征集渠道" : "By channel", stats.byChannel),
        (zh ? "按省份" : "By province", stats.byProvince), (zh ? "按区域" : "By region", stats.byRegion),
        (zh ? "按保密审查" : "By confidentiality", stats.byStatus),
      ] {
        out.out("")
        out.out(title + (zh ? "：" : ":"))
        for (key, count) in values.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
          out.out("  \(String(count).leftPad(7))  \(key)")
        }
      }
    }
  }

  /// `roadshow library export`.
  public struct Export: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Export the library as CSV or JSON, with filters / 导出项目库.",
      discussion: """
        --published exports only records cleared for publication, without the fields the \
        publication gate withholds (team, contacts, funding, IP by default): the file can leave \
        the host's office. Without it the export is for the host's office only.
        --published 只导出通过保密审查的成果，并去掉不公开的字段，可对外提供；否则仅供承办单位内部使用。
        """)

    @Option(name: .long, help: ArgumentHelp("csv or json (default csv) / 格式.", valueName: "format"))
    var format: String = "csv"

    @Option(name: .long, help: ArgumentHelp("Write to this file (default: standard output) / 输出文件.", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Field contains / 领域包含.", valueName: "text"))
    var field: String?

    @Option(name: .long, help: ArgumentHelp("Province / 省份.", valueName: "name"))
    var province: String?

    @Option(name: .long, help: ArgumentHelp("TRL at least / 技术成熟度不低于.", valueName: "level"))
    var minTrl: Int?

    @Option(name: .long, help: ArgumentHelp("Source (the id's prefix) / 来源.", valueName: "source"))
    var source: String?

    @Option(name: .long, help: ArgumentHelp("cleared, pending or restricted / 保密审查状态.", valueName: "status"))
    var status: String?

    @Flag(name: .long, help: "Only what may leave the host's office / 仅可公开部分.")
    var published = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Writes the export.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      var problems: [String] = []
      if !["csv", "json"].contains(format) {
        problems.append(zh ? "--format 应为 csv 或 json，实际为 `\(format)`" : "--format must be csv or json, got `\(format)`")
      }
      if let minTrl, !(1...9).contains(minTrl) {
        problems.append(zh ? "--min-trl 应为 1–9，实际为 \(minTrl)" : "--min-trl must be 1–9, got \(minTrl)")
      }
      let wantedStatus = status.flatMap(Confidentiality.init(text:))
      if let status, wantedStatus == nil {
        problems.append(
          zh
            ? "--status 应为 cleared、pending 或 restricted，实际为 `\(status)`"
            : "--status must be cleared, pending or restricted, got `\(status)`")
      }
      guard problems.isEmpty else {
        for problem in problems { context.console.err((zh ? "错误: " : "error: ") + problem) }
        throw ExitStatus.usage
      }
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let filter = LibraryViews.Filter(
        field: field, province: province, minTRL: minTrl, source: source, status: wantedStatus, published: published)
      let rows = LibraryViews.exportRows(try await store.allRecords(), filter: filter, gate: PublicationGate())
      let header = LibraryViews.exportHeader(locale)
      let data: Data
      if format == "csv" {
        data = CSVWriter.data(header: header, rows: rows)
      } else {
        let keys = LibraryViews.exportHeader(.en)
        let objects = rows.map { row in Dictionary(uniqueKeysWithValues: zip(keys, row).filter { !$0.1.isEmpty }) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        data = try encoder.encode(objects)
      }
      guard let out else {
        context.console.out(String(decoding: data, as: UTF8.self))
        return
      }
      do {
        try data.write(to: URL(fileURLWithPath: out), options: .atomic)
      } catch {
        context.console.err(
          zh
            ? "错误: 无法写入 \(out)：\(error.localizedDescription)"
            : "error: cannot write \(out): \(error.localizedDescription)")
        throw ExitStatus.failed
      }
      context.console.err(zh ? "已导出 \(rows.count) 项到 \(out)" : "Exported \(rows.count) records to \(out)")
    }
  }

  /// `roadshow library merges`.
  public struct Merges: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Show the records merged as one achievement / 列出合并的同一成果.")

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the links.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let links = try await store.links()
      if json {
        context.console.out(try Roadshow.jsonText(links))
        return
      }
      let active = links.filter(\.isActive)
      context.console.out(
        zh
          ? "合并 \(active.count) 处（已撤销 \(links.count - active.count) 处）："
          : "\(active.count) merge\(active.count == 1 ? "" : "s") (\(links.count - active.count) undone):")
      let titles = Dictionary(try await store.allRecords().map { ($0.record.id, $0.record.title) }) { a, _ in a }
      for link in links {
        let why =
          link.reason == .declared
          ? (zh ? "人工声明" : "declared") : (zh ? "名称与持有单位相同" : "same title and institution")
        var line =
          "  \(link.record) → \(link.into)  [\(why)]  \(titles[link.into] ?? "")  (\(link.linkedBy), \(link.linkedAt))"
        if let undone = link.undoneAt {
          line += zh ? "  已撤销（\(link.undoneBy ?? "")，\(undone)）" : "  undone (\(link.undoneBy ?? ""), \(undone))"
        }
        context.console.out(line)
      }
      if !active.isEmpty {
        context.console.out(
          zh ? "撤销：roadshow library unmerge 来源记录编号" : "To undo one: roadshow library unmerge SOURCE-RECORD-ID")
      }
    }
  }

  /// `roadshow library link RECORD INTO`.
  public struct Link: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Declare two records one achievement / 声明两条记录为同一成果.")

    @Argument(help: ArgumentHelp("The record to merge / 被合并的记录.", valueName: "record"))
    var record: String

    @Argument(help: ArgumentHelp("The record it is the same as / 保留的记录.", valueName: "into"))
    var into: String

    @Option(name: .long, help: ArgumentHelp("Who decides (default: $USER) / 操作人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Links the records.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let from = try await Roadshow.resolveAchievement(record, in: store, locale: locale, console: context.console)
      let to = try await Roadshow.resolveAchievement(into, in: store, locale: locale, console: context.console)
      do {
        try await Roadshow.openWritable(path, locale: locale, console: context.console).link(
          from, into: to, by: Roadshow.recorder(by), at: Roadshow.Clearance.Record.timestamp(context.now()))
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(
        zh
          ? "已合并：\(from) → \(to)。撤销：roadshow library unmerge \(from)"
          : "Merged \(from) into \(to). Undo: roadshow library unmerge \(from)")
    }
  }

  /// `roadshow library unmerge RECORD`.
  public struct Unmerge: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Undo a merge: the record is an achievement of its own again / 撤销合并.")

    @Argument(help: ArgumentHelp("The merged record / 被合并的记录.", valueName: "record"))
    var record: String

    @Option(name: .long, help: ArgumentHelp("Who decides (default: $USER) / 操作人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Undoes the merge.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let id = try await Roadshow.resolveAchievement(record, in: store, locale: locale, console: context.console)
      do {
        try await Roadshow.openWritable(path, locale: locale, console: context.console).unlink(
          id, by: Roadshow.recorder(by), at: Roadshow.Clearance.Record.timestamp(context.now()))
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(
        zh
          ? "已撤销合并：\(id) 重新成为独立成果；之后的运行不会再自动合并这两条记录。"
          : "Merge undone: \(id) is an achievement of its own again; later runs will not merge the pair again.")
    }
  }
}

extension String {
  /// The string right-aligned in `width` columns.
  func leftPad(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
