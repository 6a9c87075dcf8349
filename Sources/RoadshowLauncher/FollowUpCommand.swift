import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow followup`: the follow-up ledger of pitched projects (跟踪服务台账).
  public struct FollowUpCommand: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      commandName: "followup",
      abstract: "Follow-up of pitched projects / 跟踪服务: record milestones, list what is due.",
      discussion: """
        Every pitched project is followed along the conversion chain (002 一.3): meeting → intent → \
        contract (amount) → technology contract registered (number) → transaction (transfer, \
        licence or equity; amount) → finance (investment, loan, IP pledge; party, amount) → landing \
        (where). Entries are never overwritten: a correction is a new entry with --supersedes.
        路演项目沿转化链条持续跟踪：对接洽谈 → 意向 → 签约（金额）→ 技术合同登记（登记号）→ 成果交易 → 融资 → 落地。
        记录只增不改：更正用 --supersedes 新增一条。

        Steps / 节点: check_in meeting intent contract registration transaction finance landing

        Examples / 示例:
          roadshow followup record 2018YFB1304900 --kind contract --date 2024-12-02 --amount 300 --party 示例机器人公司 --by 张三 --db library.sqlite
          roadshow followup import Samples/data/follow-up-2024.csv --by 跟踪专员 --db library.sqlite
          roadshow followup due --as-of 2025-03-31 --db library.sqlite
          roadshow followup history 2018YFB1304900 --db library.sqlite
        """,
      subcommands: [Record.self, Import.self, Due.self, History.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.FollowUpCommand {
  /// `roadshow followup record ID`: one milestone.
  public struct Record: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(abstract: "Record one follow-up milestone / 记录一条跟踪记录.")

    @Argument(help: ArgumentHelp("The achievement id / 成果编号 (with or without its source).", valueName: "id"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("The step / 跟踪节点 (contract, 签约…).", valueName: "step"))
    var kind: String

    @Option(name: .long, help: ArgumentHelp("When it happened, YYYY-MM-DD (default: today) / 日期.", valueName: "date"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("Amount in 10,000 yuan / 金额（万元）.", valueName: "wan-yuan"))
    var amount: String?

    @Option(name: .long, help: ArgumentHelp("The other party / 对方单位.", valueName: "name"))
    var party: String?

    @Option(
      name: .long, help: ArgumentHelp("Technology contract registration number / 技术合同登记号.", valueName: "number"))
    var reference: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Mode: transfer, licence, equity (transaction); investment, loan, ip_pledge, securitisation (finance) / 方式.",
        valueName: "mode"))
    var mode: String?

    @Option(name: .long, help: ArgumentHelp("Where it landed / 落地地点.", valueName: "place"))
    var place: String?

    @Option(name: .long, help: ArgumentHelp("A note / 备注.", valueName: "text"))
    var note: String?

    @Option(name: .long, help: ArgumentHelp("The entry this corrects, by number / 更正的记录号.", valueName: "number"))
    var supersedes: String?

    @Option(name: .long, help: ArgumentHelp("Who records it (default: $USER) / 记录人.", valueName: "name"))
    var by: String?

    @Flag(name: .long, help: "Print the entry as JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Records the entry.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let ledger = try Roadshow.ledger(path, context: context, locale: locale)
      let draft = FollowUp.Draft(
        achievement: id, kind: kind, date: date ?? Roadshow.Clearance.Record.today(context.now()),
        amount: amount ?? "", party: party ?? "", reference: reference ?? "", mode: mode ?? "", place: place ?? "",
        note: note ?? "", supersedes: supersedes ?? "")
      let provenance = FollowUp.Provenance(
        by: Roadshow.recorder(by), source: "command line",
        at: Roadshow.Clearance.Record.timestamp(context.now()))
      let entry: MilestoneEntry
      do {
        entry = try await FollowUp.record(draft, in: ledger, provenance: provenance)
      } catch let list as FollowUp.ProblemList {
        for problem in list.problems {
          var line =
            (zh ? "错误: --" : "error: --") + Roadshow.option(for: problem.field) + ": " + problem.message(locale)
          if let suggestion = problem.suggestion {
            line += zh ? "（是否想写 `\(suggestion)`？）" : " (did you mean `\(suggestion)`?)"
          }
          context.console.err(line)
        }
        throw ExitStatus.usage
      } catch {
        context.console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      if json {
        context.console.out(try Roadshow.jsonText(entry))
        return
      }
      context.console.out(
        zh
          ? "已记录 #\(entry.sequence ?? 0)：\(entry.achievement) \(entry.kind.name(.zhCN))（\(entry.date)）"
          : "Recorded #\(entry.sequence ?? 0): \(entry.achievement) \(entry.kind.name(.en)) (\(entry.date))")
    }
  }

  /// `roadshow followup import FILE`: a CSV of milestones.
  public struct Import: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Import a CSV of follow-up milestones / 导入跟踪记录表.",
      discussion: """
        Columns (English or Chinese headers): id 编号, kind 节点, date 日期, amount 金额, party 对方, \
        reference 登记号, mode 方式, place 地点, note 备注, supersedes 更正. Every row is checked \
        first; any problem is reported with file, row and column and nothing is recorded.
        每行先校验；有任何问题则逐条报告（文件、行、列），不记录任何内容。
        """)

    @Argument(help: ArgumentHelp("The CSV file / 跟踪记录表.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Who records them (default: $USER) / 记录人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Imports the file.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let table = try Roadshow.readTable(file, locale: locale, console: console)
      let ledger = try Roadshow.ledger(path, context: context, locale: locale)
      let ids = FollowUp.IDResolver(try await ledger.allRecords().map(\.record.id))
      let provenance = FollowUp.Provenance(
        by: Roadshow.recorder(by), source: URL(fileURLWithPath: file).lastPathComponent,
        at: Roadshow.Clearance.Record.timestamp(context.now()))
      let entries = try Roadshow.accepted(
        FollowUp.read(table, file: file, ids: ids, provenance: provenance), outcome: Roadshow.nothingRecorded,
        locale: locale, console: console)
      do {
        let recorded = try await ledger.record(entries)
        let kinds = Dictionary(grouping: recorded, by: \.kind).sorted { $0.key < $1.key }
          .map { "\($0.key.name(locale)) \($0.value.count)" }.joined(separator: zh ? "，" : ", ")
        console.out(
          zh
            ? "已记录 \(recorded.count) 条跟踪记录（\(kinds)）。"
            : "Recorded \(recorded.count) follow-up entries (\(kinds)).")
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
    }
  }

  /// `roadshow followup due`: checkpoints due or overdue.
  public struct Due: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "List follow-up that is due or overdue / 列出到期和逾期的跟踪.",
      discussion: """
        Each pitched project has checkpoints after its pitch (the follow-up plan's months; 3, 6 \
        and 12 by default). A checkpoint is met by any entry recorded after the previous one; a \
        project that landed needs no more. Exit status 0 either way.
        每个路演项目在路演后按跟踪计划的月份（默认 3、6、12 个月）设检查点；上一个检查点之后的任何记录即视为完成。
        """)

    @Option(
      name: .long, help: ArgumentHelp("The day to count from, YYYY-MM-DD (default: today) / 截止日期.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Days ahead counted as due (default 30) / 提前天数.", valueName: "days"))
    var within: Int = 30

    @Option(name: .long, help: ArgumentHelp("Only this host's events / 仅该承办单位.", valueName: "name"))
    var host: String?

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
      let day = asOf ?? Roadshow.Clearance.Record.today(context.now())
      guard CalendarDate.parse(day) != nil, within >= 0 else {
        context.console.err(
          zh
            ? "错误: --as-of 应为 YYYY-MM-DD，--within 应不小于 0"
            : "error: --as-of must be YYYY-MM-DD and --within at least 0")
        throw ExitStatus.usage
      }
      let store = try Roadshow.ledger(path, context: context, locale: locale, writable: false)
      let records = try await store.allRecords()
      let titles = Dictionary(records.map { ($0.record.id, $0.record.title) }) { first, _ in first }
      let items = FollowUp.due(
        events: try await store.events(), milestones: try await store.milestones(for: nil), titles: titles,
        asOf: day, window: within, host: host)
      if json {
        context.console.out(try Roadshow.jsonText(items))
        return
      }
      let overdue = items.filter { $0.status == .overdue }.count
      context.console.out(
        zh
          ? "截至 \(day)：逾期 \(overdue) 个，\(within) 天内到期 \(items.count - overdue) 个。"
          : "As of \(day): \(overdue) overdue, \(items.count - overdue) due within \(within) days.")
      for item in items {
        let status = item.status == .overdue ? (zh ? "逾期" : "OVERDUE") : (zh ? "到期" : "due")
        let reached = item.reached.map { $0.name(locale) } ?? (zh ? "尚无进展" : "no step yet")
        context.console.out(
          "  \(item.dueDate)  \(status)  \(item.achievement)  "
            + (zh
              ? "路演后 \(item.months) 个月（\(item.pitched)）  已到：\(reached)  \(item.title)"
              : "\(item.months) months after the pitch (\(item.pitched))  reached: \(reached)  \(item.title)"))
        if let onsite = item.onsiteReview {
          context.console.out("      " + MilestoneKind.onsiteReview.name(locale) + (zh ? "：" : ": ") + onsite)
        }
      }
    }
  }

  /// `roadshow followup history ID`: every entry of one project, corrections included.
  public struct History: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Show a project's follow-up history / 查看项目的跟踪记录.")

    @Argument(help: ArgumentHelp("The achievement id / 成果编号.", valueName: "id"))
    var id: String

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the history.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let store = try Roadshow.ledger(path, context: context, locale: locale, writable: false)
      let resolved = try await Roadshow.resolveAchievement(id, in: store, locale: locale, console: context.console)
      let entries = try await store.milestones(for: resolved)
      if json {
        context.console.out(try Roadshow.jsonText(entries))
        return
      }
      let superseded = Set(entries.compactMap(\.supersedes))
      context.console.out(
        zh ? "\(resolved) 的跟踪记录 \(entries.count) 条：" : "\(entries.count) follow-up entries for \(resolved):")
      for entry in entries {
        var parts = ["#\(entry.sequence ?? 0)", entry.date, entry.kind.name(locale)]
        if let amount = entry.amountWanYuan {
          parts.append(zh ? "\(AnnualReport.number(amount)) 万元" : "\(AnnualReport.number(amount)) ×10,000 yuan")
        }
        parts += [entry.party, entry.mode, entry.reference, entry.place, entry.note].compactMap { $0 }
        if let earlier = entry.supersedes { parts.append(zh ? "（更正 #\(earlier)）" : "(corrects #\(earlier))") }
        if let number = entry.sequence, superseded.contains(number) { parts.append(zh ? "［已被更正］" : "[superseded]") }
        parts.append(
          zh
            ? "— \(entry.recordedBy)，\(entry.source)，\(entry.recordedAt)"
            : "— \(entry.recordedBy), \(entry.source), \(entry.recordedAt)")
        context.console.out("  " + parts.joined(separator: "  "))
      }
    }
  }
}

extension Roadshow {
  /// The programme ledger a follow-up command works on: the shared library the launcher was
  /// given (``LauncherContext/sharedLibrary``), else the SQLite file at `path`, which must exist
  /// (reported, exit 1, when it does not or cannot be opened), opened read-only unless `writable`.
  static func ledger(
    _ path: String, context: LauncherContext, locale: ReportLocale, writable: Bool = true
  ) throws -> any PlatformLibrary {
    if let shared = context.sharedLibrary { return shared.library }
    let existing = try openExisting(path, locale: locale, console: context.console)
    return writable ? try openWritable(path, locale: locale, console: context.console) : existing
  }

  /// Opens an existing library for writing (migrating it); reports and exits 1 when it cannot.
  static func openWritable(_ path: String, locale: ReportLocale, console: Console) throws -> SQLiteLibrary {
    do {
      return try SQLiteLibrary(path: path)
    } catch {
      console.err(Messages.error(error, locale))
      throw ExitStatus.failed
    }
  }

  /// Who records: `--by`, else the user's login name.
  static func recorder(_ by: String?) -> String {
    if let by, !by.trimmingWhitespace().isEmpty { return by.trimmingWhitespace() }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
  }

  /// The command-line option of a draft's field.
  static func option(for field: String) -> String {
    field == "achievement" ? "id" : field
  }

  /// `value` as pretty, sorted JSON.
  static func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
