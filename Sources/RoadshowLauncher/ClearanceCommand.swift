import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow clearance`: confidentiality review (保密审查) of records before publication.
  public struct Clearance: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      abstract: "Confidentiality review / 保密审查: record who cleared which record for publication.",
      discussion: """
        Only records whose status is `cleared` reach outputs for participants or the public (push \
        list, agenda, itineraries, catalogues, published lists). A review recorded here sets the \
        status and is kept in the record's history; a later source that says `pending` does not \
        undo it, a source that says `restricted` does. This is not expert review of a project's \
        merits.
        只有通过保密审查（cleared）的成果才会出现在面向参与方或公众的输出中。
        审查结果记入项目库并保留历史。

        Examples / 示例:
          roadshow clearance list --config Samples/torch-express-2024.yaml
          roadshow clearance record 2018YFB1304900 --decision cleared --reviewer 王审查 --config Samples/torch-express-2024.yaml
          roadshow clearance import reviews.csv --db library.sqlite
        """,
      subcommands: [List.self, Record.self, Import.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.Clearance {
  /// `roadshow clearance list`: records awaiting review, and the reviews recorded.
  public struct List: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "List records not cleared for publication, and the reviews recorded / 列出待审查成果和审查记录.")

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the list.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let waiting = try await store.achievements().filter { $0.confidentiality != .cleared }
      let history = try await store.clearanceHistory()
      if json {
        struct Entry: Encodable {
          var id: String
          var title: String
          var status: String
        }
        struct Review: Encodable {
          var id: String
          var decision: String
          var reviewer: String
          var date: String
          var note: String?
          var source: String
          var recordedAt: String
        }
        struct Listing: Encodable {
          var awaiting: [Entry]
          var reviews: [Review]
        }
        let listing = Listing(
          awaiting: waiting.map { Entry(id: $0.id.rawValue, title: $0.title, status: $0.confidentiality.rawValue) },
          reviews: history.map {
            Review(
              id: $0.id.rawValue, decision: $0.review.decision.rawValue, reviewer: $0.review.reviewer,
              date: $0.review.date, note: $0.review.note, source: $0.source, recordedAt: $0.recordedAt)
          })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        context.console.out(String(decoding: try encoder.encode(listing), as: UTF8.self))
        return
      }
      context.console.out(
        zh
          ? "未通过保密审查的成果 \(waiting.count) 项："
          : "\(waiting.count) record\(waiting.count == 1 ? "" : "s") not cleared for publication:")
      for record in waiting {
        context.console.out("  \(record.id)  [\(record.confidentiality.rawValue)]  \(record.title)")
      }
      context.console.out(
        zh ? "已记录的审查 \(history.count) 条：" : "\(history.count) review\(history.count == 1 ? "" : "s") recorded:")
      for entry in history {
        context.console.out(
          "  \(entry.review.date)  \(entry.id)  \(entry.review.decision.rawValue)  \(entry.review.reviewer)"
            + (entry.review.note.map { "  \($0)" } ?? ""))
      }
    }
  }

  /// `roadshow clearance record ID`: one review.
  public struct Record: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Record one confidentiality review / 记录一条保密审查结果.")

    @Argument(help: ArgumentHelp("The achievement id / 成果编号 (with or without its source).", valueName: "id"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("cleared, pending or restricted / 审查结论.", valueName: "decision"))
    var decision: String

    @Option(name: .long, help: ArgumentHelp("Who reviewed / 审查人.", valueName: "name"))
    var reviewer: String

    @Option(
      name: .long, help: ArgumentHelp("Date of the review, YYYY-MM-DD (default: today) / 审查日期.", valueName: "date"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("A note: the basis, a file number / 备注.", valueName: "text"))
    var note: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Records the review.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      guard let status = Confidentiality(text: decision) else {
        context.console.err(
          zh
            ? "错误: --decision 应为 cleared、pending 或 restricted（或 已审查/待审查/涉密），实际为 `\(decision)`"
            : "error: --decision must be cleared, pending or restricted, got `\(decision)`")
        throw ExitStatus.usage
      }
      let day = date ?? Self.today(context.now())
      guard CalendarDate.parse(day) != nil else {
        context.console.err(
          zh ? "错误: --date 应为 YYYY-MM-DD，实际为 `\(day)`" : "error: --date must be YYYY-MM-DD, got `\(day)`")
        throw ExitStatus.usage
      }
      guard !reviewer.trimmingCharacters(in: .whitespaces).isEmpty else {
        context.console.err(zh ? "错误: --reviewer 不能为空" : "error: --reviewer must not be empty")
        throw ExitStatus.usage
      }
      let store = try Roadshow.openExisting(path, locale: locale, console: context.console)
      let resolved = try await Roadshow.resolveAchievement(id, in: store, locale: locale, console: context.console)
      let writable = try SQLiteLibrary(path: path)
      let review = ClearanceReview(decision: status, reviewer: reviewer, date: day, note: note)
      do {
        try await writable.recordClearance(
          [(resolved, review)], source: "command line", recordedAt: Self.timestamp(context.now()))
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      context.console.out(
        zh
          ? "已记录：\(resolved) 保密审查结论为 \(status.rawValue)（\(reviewer)，\(day)）。下次运行时生效。"
          : "Recorded: \(resolved) is \(status.rawValue) (\(reviewer), \(day)). The next run uses it.")
    }

    static func today(_ now: Date) -> String { String(timestamp(now).prefix(10)) }

    static func timestamp(_ now: Date) -> String {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = [.withInternetDateTime]
      return formatter.string(from: now)
    }
  }

  /// `roadshow clearance import FILE`: a CSV of review decisions.
  public struct Import: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Import a CSV of confidentiality reviews / 导入保密审查结果表.",
      discussion: """
        Columns (English or Chinese headers): id 编号, decision 审查结论, reviewer 审查人, date 审查日期, \
        note 备注. Every row is checked first; any problem is reported with file, row and column and \
        nothing is recorded.
        每行先校验；有任何问题则逐条报告（文件、行、列），不记录任何结果。
        """)

    @Argument(help: ArgumentHelp("The CSV file / 审查结果表.", valueName: "file"))
    var file: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    static let columns: [(key: String, headers: [String], required: Bool)] = [
      ("id", ["id", "编号", "成果编号"], true), ("decision", ["decision", "审查结论", "结论"], true),
      ("reviewer", ["reviewer", "审查人"], true), ("date", ["date", "审查日期", "日期"], true),
      ("note", ["note", "备注"], false),
    ]

    /// Imports the file.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let table = try Roadshow.readTable(file, locale: locale, console: console)
      var index: [String: Int] = [:]
      var problems: [Diagnostic] = []
      for column in Self.columns {
        if let found = column.headers.lazy.compactMap(table.column).first {
          index[column.key] = found
        } else if column.required {
          problems.append(
            table.missingColumn(
              column.headers[0], at: SourceLocation(file: file, line: 1, column: 1), keyPath: column.key))
        }
      }
      let store = try Roadshow.openExisting(path, locale: locale, console: console)
      let known = try await store.ids()
      let byExternal = Dictionary(grouping: known, by: \.externalID)
      let knownSet = Set(known)
      var reviews: [(id: AchievementID, review: ClearanceReview)] = []
      if problems.isEmpty {
        for row in table.rows {
          let id = row.cell(index["id"])
          let decision = row.cell(index["decision"])
          let reviewer = row.cell(index["reviewer"])
          let date = row.cell(index["date"])
          var resolved: AchievementID?
          if knownSet.contains(AchievementID(id)) {
            resolved = AchievementID(id)
          } else if let matches = byExternal[id], matches.count == 1 {
            resolved = matches.first
          }
          guard let resolved else {
            problems.append(
              table.badRow(
                row, column: index["id"],
                LocalizedText(zh: "项目库中没有成果 `\(id)`", en: "no record `\(id)` in the project library"),
                suggestion: Suggestions.nearest(to: id, in: known.map(\.rawValue))))
            continue
          }
          guard let status = Confidentiality(text: decision) else {
            problems.append(
              table.badRow(
                row, column: index["decision"],
                LocalizedText(
                  zh: "审查结论应为 cleared、pending 或 restricted（或 已审查/待审查/涉密），实际为 `\(decision)`",
                  en: "the decision must be cleared, pending or restricted, got `\(decision)`")))
            continue
          }
          guard !reviewer.isEmpty else {
            problems.append(
              table.badRow(row, column: index["reviewer"], LocalizedText(zh: "审查人不能为空", en: "the reviewer is empty")))
            continue
          }
          guard CalendarDate.parse(date) != nil else {
            problems.append(
              table.badRow(
                row, column: index["date"],
                LocalizedText(zh: "日期应为 YYYY-MM-DD，实际为 `\(date)`", en: "the date must be YYYY-MM-DD, got `\(date)`")))
            continue
          }
          let note = row.cell(index["note"])
          reviews.append(
            (
              resolved,
              ClearanceReview(decision: status, reviewer: reviewer, date: date, note: note.isEmpty ? nil : note)
            ))
        }
      }
      guard problems.isEmpty else {
        for problem in problems { console.err(problem.rendered(locale)) }
        console.err(
          zh ? "审查结果表有 \(problems.count) 处错误；未记录任何结果。" : "\(problems.count) problems in the file; nothing was recorded."
        )
        throw ExitStatus.failed
      }
      do {
        try await SQLiteLibrary(path: path).recordClearance(
          reviews, source: URL(fileURLWithPath: file).lastPathComponent,
          recordedAt: Record.timestamp(context.now()))
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let cleared = reviews.filter { $0.review.decision == .cleared }.count
      console.out(
        zh
          ? "已记录 \(reviews.count) 条保密审查结果（通过 \(cleared) 条）。下次运行时生效。"
          : "Recorded \(reviews.count) confidentiality reviews (\(cleared) cleared). The next run uses them.")
    }
  }
}

extension Roadshow {
  /// The achievement `id` names: the stored id, or the source's own id when it is unambiguous.
  /// Reports a missing one (with the nearest id) and ends the command with exit status 1.
  static func resolveAchievement(
    _ id: String, in store: SQLiteLibrary, locale: ReportLocale, console: Console
  ) async throws -> AchievementID {
    if try await store.achievement(AchievementID(id)) != nil { return AchievementID(id) }
    return try resolveAchievement(id, among: try await store.ids(), locale: locale, console: console)
  }

  /// The same over any programme ledger (a host's rows of a shared database): its records' ids.
  static func resolveAchievement(
    _ id: String, in ledger: any PlatformLibrary, locale: ReportLocale, console: Console
  ) async throws -> AchievementID {
    if let store = ledger as? SQLiteLibrary {
      return try await resolveAchievement(id, in: store, locale: locale, console: console)
    }
    let ids = try await ledger.allRecords().map(\.record.id).sorted()
    if ids.contains(AchievementID(id)) { return AchievementID(id) }
    return try resolveAchievement(id, among: ids, locale: locale, console: console)
  }

  /// `id` as the source's own id when it is unambiguous among `ids`, else reported (with the
  /// nearest id) and exit status 1.
  static func resolveAchievement(
    _ id: String, among ids: [AchievementID], locale: ReportLocale, console: Console
  ) throws -> AchievementID {
    let zh = locale == .zhCN
    if !id.contains(":") {
      let matches = ids.filter { $0.rawValue.hasSuffix(":" + id) }
      if matches.count == 1, let only = matches.first { return only }
    }
    var message = zh ? "错误: 项目库中没有编号为 `\(id)` 的成果" : "error: no achievement `\(id)` in the project library"
    if let nearest = Suggestions.nearest(to: id, in: ids.map(\.rawValue)) {
      message += zh ? "（是否想写 `\(nearest)`？）" : " (did you mean `\(nearest)`?)"
    }
    console.err(message)
    throw ExitStatus.failed
  }
}
