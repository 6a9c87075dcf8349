import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow events`: the events the ledger holds.
  public struct EventsCommand: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      commandName: "events",
      abstract: "The events of the programme / 活动台账: list them, record who attended.",
      discussion: """
        Examples / 示例:
          roadshow events list --config Samples/torch-express-2024.yaml
          roadshow events attendance 2024-09-intelligent-manufacturing sign-in.csv --config Samples/torch-express-2024.yaml
        """,
      subcommands: [List.self, Attendance.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.EventsCommand {
  /// `roadshow events list`.
  public struct List: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(abstract: "List the recorded events / 列出活动.")

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the events.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let events = try await store.events()
      if json {
        context.console.out(try Roadshow.jsonText(events))
        return
      }
      context.console.out(zh ? "活动 \(events.count) 场：" : "\(events.count) event\(events.count == 1 ? "" : "s"):")
      for event in events {
        let attended = event.participants.filter { $0.attended == true }.count
        context.console.out(
          "  \(event.date ?? "—")  \(event.key)  \(event.programme)  "
            + (zh
              ? "路演 \(event.pitched.count) 项，参与方 \(event.participants.count)（到场 \(attended)），一对一 \(event.meetingsScheduled) 场"
              : "\(event.pitched.count) pitched, \(event.participants.count) participants (\(attended) attended), \(event.meetingsScheduled) meetings")
        )
      }
    }
  }

  /// `roadshow events attendance KEY FILE`.
  public struct Attendance: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Record who attended an event from a sign-in list / 导入到场签到表.",
      discussion: """
        Columns (English or Chinese headers): name 名称, role 角色 (enterprise, listed_company, park, \
        county, investor, bank, expert, holder), attended 到场 (yes/no). Every row is checked first; \
        any problem is reported with file, row and column and nothing is recorded.
        """)

    @Argument(help: ArgumentHelp("The event's key (roadshow events list) / 活动编号.", valueName: "event"))
    var event: String

    @Argument(help: ArgumentHelp("The sign-in CSV / 签到表.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Who records it (default: $USER) / 记录人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Records the attendance.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let table = try Roadshow.readTable(file, locale: locale, console: console)
      let store = try Roadshow.openExisting(path, locale: locale, console: console)
      let keys = try await store.events().map(\.key)
      guard keys.contains(event) else {
        var message = zh ? "错误: 项目库中没有活动 `\(event)`" : "error: no event `\(event)` in the ledger"
        if let nearest = Suggestions.nearest(to: event, in: keys) {
          message += zh ? "（是否想写 `\(nearest)`？）" : " (did you mean `\(nearest)`?)"
        }
        console.err(message)
        throw ExitStatus.usage
      }
      let entries = try Roadshow.accepted(
        EventAttendance.read(table, file: file), outcome: Roadshow.nothingRecorded, locale: locale, console: console)
      do {
        try await Roadshow.openWritable(path, locale: locale, console: console).recordAttendance(
          entries, event: event, by: Roadshow.recorder(by), at: Roadshow.Clearance.Record.timestamp(context.now()))
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let present = entries.filter { $0.attended == true }.count
      console.out(
        zh
          ? "已记录活动 \(event) 的到场情况：\(entries.count) 家（到场 \(present)）。"
          : "Recorded attendance at \(event): \(entries.count) participants (\(present) attended).")
    }
  }
}
