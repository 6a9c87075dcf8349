import ArgumentParser
import Foundation
import RoadshowKernel
import RoadshowMatching
import RoadshowServices
import RoadshowStore

extension Roadshow {
  /// `roadshow review`: expert panels (专家评议).
  public struct ReviewCommand: AsyncParsableCommand {
    /// Help, name and subcommands.
    public static let configuration = CommandConfiguration(
      commandName: "review",
      abstract: "Expert panels / 专家评议: assign reviewers, write packets, import scores, show results.",
      discussion: """
        A review round has a rubric (weighted criteria, each on its scale), an expert pool (fields, \
        institution, declared conflicts, capacity) and k reviewers per achievement. Assignment is \
        exact (minimum-cost flow): no expert reviews an achievement of their own institution, a \
        co-applicant or a declared conflict; field matches come first, then balanced load. Results \
        normalise each expert's scores (z-score rescaled to the scale; raw mean kept beside it).
        评审轮次包含评审细则（指标、权重、分值）、专家库（领域、单位、利益冲突申报、评审上限）和每项成果的评审人数。
        分配为精确最优（最小费用流）：本单位、共同申报单位和申报回避的成果一律不分配；优先领域匹配，其次均衡工作量。
        汇总时按专家做标准化（z 分数换回分值区间），并保留原始均分。

        Examples / 示例:
          roadshow review assign --round 2024-panel --experts Samples/data/panel-experts.csv --ids out/shortlist.csv --db library.sqlite
          roadshow review packets --round 2024-panel --out packets --db library.sqlite
          roadshow review import Samples/data/panel-scores.csv --round 2024-panel --by 评审秘书 --db library.sqlite
          roadshow review results --round 2024-panel --json --db library.sqlite
        """,
      subcommands: [Assign.self, Packets.self, Import.self, Results.self])

    /// Creates the command.
    public init() {}
  }
}

extension Roadshow.ReviewCommand {
  /// Reads a CSV file, printing its problems (exit 1) when it cannot.
  static func table(_ file: String, locale: ReportLocale, console: Console) throws -> CSVTable {
    try Roadshow.readTable(file, locale: locale, console: console)
  }

  /// The value of a read, or its problems printed (exit 1).
  static func value<T>(_ result: Result<T, DataError>, locale: ReportLocale, console: Console) throws -> T {
    try Roadshow.accepted(
      result, outcome: LocalizedText(zh: "未写入任何内容。", en: "nothing was written."), locale: locale,
      console: console)
  }

  /// The round `key`, or a message (exit 1).
  static func round(_ key: String, in ledger: SQLiteLibrary, locale: ReportLocale, console: Console) async throws
    -> ReviewRound
  {
    guard let round = try await ledger.reviewRounds().first(where: { $0.key == key }) else {
      console.err((locale == .zhCN ? "错误: " : "error: ") + ReviewLedgerError.unknownRound(key).message(locale))
      throw ExitStatus.failed
    }
    return round
  }

  /// `roadshow review assign`: defines a round and assigns its achievements.
  public struct Assign: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Define a round and assign reviewers / 设定评审轮次并分配评审专家.",
      discussion: """
        The expert file has the columns id 编号, name 姓名, institution 单位, fields 领域 (;-separated), \
        capacity 评审上限, conflicts 回避单位 (;-separated institutions, people or achievement ids). \
        The rubric file (optional) has id, name, name_en, weight, min, max; without it the standard \
        rubric is used (技术先进性 30, 技术成熟度 20, 产业化前景 25, 团队 15, 知识产权 10; 0–10). \
        Achievements: those listed in --ids (a CSV with an id column, such as a run's shortlist), \
        else every achievement in the library. Assigning again replaces the round's assignments.
        专家表列：编号、姓名、单位、领域（分号分隔）、评审上限、回避单位。未给出 --rubric 时使用标准评审细则。
        """)

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Option(name: .long, help: ArgumentHelp("The round's name (default: the key) / 轮次名称.", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("The expert pool, CSV / 专家库.", valueName: "file"))
    var experts: String

    @Option(name: .long, help: ArgumentHelp("The rubric, CSV / 评审细则.", valueName: "file"))
    var rubric: String?

    @Option(
      name: .long, help: ArgumentHelp("The achievements to review, CSV with an id column / 待评成果.", valueName: "file"))
    var ids: String?

    @Option(name: .long, help: ArgumentHelp("Reviewers per achievement (default 3) / 每项评审人数.", valueName: "k"))
    var reviewers: Int = 3

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Fewer reviews than this flag a result (default: --reviewers) / 结果有效所需的最少评审数.", valueName: "n"))
    var minReviews: Int?

    @Flag(name: .long, help: "Not blind: packets name the holder / 实名评审（默认匿名）.")
    var open = false

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Assigns.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      guard reviewers >= 1 else {
        console.err(zh ? "错误: --reviewers 应不小于 1" : "error: --reviewers must be at least 1")
        throw ExitStatus.usage
      }
      let pool = try value(
        ExpertPanel.readExperts(try table(experts, locale: locale, console: console), file: experts), locale: locale,
        console: console)
      var rubricValue = ReviewRubric.standard
      if let rubric {
        rubricValue = try value(
          ExpertPanel.readRubric(try table(rubric, locale: locale, console: console), file: rubric), locale: locale,
          console: console)
      }
      _ = try Roadshow.openExisting(path, locale: locale, console: console)
      let ledger = try Roadshow.openWritable(path, locale: locale, console: console)
      var records = try await ledger.achievements()
      if let ids {
        let list = try table(ids, locale: locale, console: console)
        guard let column = ["id", "achievement", "编号", "成果编号"].lazy.compactMap(list.column).first else {
          console.err(list.missingColumn("id", at: nil, keyPath: "ids").rendered(locale))
          throw ExitStatus.failed
        }
        let resolver = FollowUp.IDResolver(records.map(\.id))
        var wanted: Set<AchievementID> = []
        var problems: [Diagnostic] = []
        for row in list.rows {
          if let id = resolver.resolve(row.cell(column)) {
            wanted.insert(id)
          } else {
            problems.append(
              list.badRow(
                row, column: column,
                LocalizedText(
                  zh: "项目库中没有成果 `\(row.cell(column))`", en: "no record `\(row.cell(column))` in the library"),
                suggestion: resolver.nearest(row.cell(column))))
          }
        }
        _ = try value(problems.isEmpty ? .success(()) : .failure(DataError(problems)), locale: locale, console: console)
        records = records.filter { wanted.contains($0.id) }
      }
      let reviewRound = ReviewRound(
        key: round, name: name ?? round, rubric: rubricValue, blind: !open, reviewersPerAchievement: reviewers,
        minimumReviews: minReviews.map { min(max(1, $0), reviewers) })
      let plan = ExpertPanel.plan(round: reviewRound, experts: pool, records: records)
      do {
        try await ledger.saveRound(reviewRound, experts: pool)
        try await ledger.assign(plan.assignments, round: round)
      } catch let error as ReviewLedgerError {
        console.err((zh ? "错误: " : "error: ") + error.message(locale))
        throw ExitStatus.failed
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let result = plan.result
      if json {
        struct Summary: Encodable {
          var round: String
          var achievements: Int
          var experts: Int
          var assigned: Int
          var needed: Int
          var assignableBound: Int
          var fieldMatches: Int
          var cost: Int
          var lowerBound: Int
          var optimal: Bool
          var short: [ShortItem]
          var load: [String: Int]
          var assignments: [ReviewAssignment]
        }
        console.out(
          try Roadshow.jsonText(
            Summary(
              round: round, achievements: records.count, experts: pool.count, assigned: result.assigned,
              needed: result.needed, assignableBound: result.assignableBound, fieldMatches: result.fieldMatches,
              cost: result.cost, lowerBound: result.lowerBound, optimal: result.isOptimal, short: result.short,
              load: plan.load, assignments: plan.assignments)))
        return
      }
      console.out(
        zh
          ? "评审轮次 \(round)：成果 \(records.count) 项，专家 \(pool.count) 位，每项 \(reviewers) 位（\(open ? "实名" : "匿名")评审）。"
          : "Round \(round): \(records.count) achievements, \(pool.count) experts, \(reviewers) each (\(open ? "not blind" : "blind"))."
      )
      console.out(
        zh
          ? "已分配 \(result.assigned)/\(result.needed) 次评审（可分配上限 \(result.assignableBound)），领域匹配 \(result.fieldMatches) 次；"
            + "目标值 \(result.cost)，下界 \(result.lowerBound)，"
            + (result.isOptimal ? "已证明最优。" : "差距 \(String(format: "%.2f", result.gap * 100))%。")
          : "Assigned \(result.assigned)/\(result.needed) reviews (at most \(result.assignableBound) possible), \(result.fieldMatches) in the expert's field; "
            + "cost \(result.cost), lower bound \(result.lowerBound), "
            + (result.isOptimal ? "proven optimal." : "gap \(String(format: "%.2f", result.gap * 100))%."))
      for item in result.short {
        let why =
          item.reason == .conflicts
          ? (zh ? "无利益冲突的专家只有 \(item.eligible) 位" : "only \(item.eligible) experts without a conflict")
          : (zh ? "专家评审上限已满" : "the pool's capacity ran out")
        console.out(
          zh
            ? "  评审不足：\(item.id) 仅 \(item.assigned)/\(reviewers) 位（\(why)）"
            : "  short: \(item.id) has \(item.assigned)/\(reviewers) reviewers (\(why))")
      }
    }
  }

  /// `roadshow review packets`: one packet and scoring sheet per expert.
  public struct Packets: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Write each expert's packet and scoring sheet / 生成专家评审材料和评分表.",
      discussion: """
        Writes EXPERT.md (the achievements as the publication gate releases them to experts) and \
        EXPERT.csv (the scoring sheet) per expert. In a blind round the packets carry no holder, \
        institution, team or contacts. Records not yet cleared are held back and counted.
        每位专家一份材料（EXPERT.md）和评分表（EXPERT.csv）；匿名评审时不含持有单位、团队和联系人；未通过保密审查的成果暂不发送。
        """)

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Option(name: .long, help: ArgumentHelp("The folder to write / 输出目录.", valueName: "dir"))
    var out: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Writes the packets.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let console = context.console
      let ledger = try Roadshow.openExisting(path, locale: locale, console: console)
      let reviewRound = try await Roadshow.ReviewCommand.round(round, in: ledger, locale: locale, console: console)
      let packets = ExpertPanel.packets(
        round: reviewRound, experts: try await ledger.experts(round: round),
        assignments: try await ledger.assignments(round: round), records: try await ledger.achievements(),
        locale: locale)
      let folder = URL(fileURLWithPath: out)
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for packet in packets {
          try Data(packet.markdown.utf8).write(to: folder.appendingPathComponent("\(packet.expert.id).md"))
          try Data(packet.sheet.utf8).write(to: folder.appendingPathComponent("\(packet.expert.id).csv"))
        }
      } catch {
        console.err(Messages.error(error, locale))
        throw ExitStatus.failed
      }
      let held = Set(packets.flatMap(\.publication.withheld)).count
      console.out(
        locale == .zhCN
          ? "已为 \(packets.count) 位专家生成评审材料和评分表：\(out)" + (held > 0 ? "（\(held) 项成果待保密审查，暂未发送）" : "")
          : "Wrote packets and scoring sheets for \(packets.count) experts to \(out)"
            + (held > 0 ? " (\(held) achievements await clearance and were held back)" : ""))
    }
  }

  /// `roadshow review import FILE`: scores in.
  public struct Import: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Import scores: one expert's sheet or the panel's / 导入评分表.",
      discussion: """
        Columns: expert 专家编号 (or --expert for one expert's sheet), achievement 成果编号, one per \
        criterion (its id or name), comment 评语, recusal 回避理由. Every row is checked first \
        (unknown expert, achievement not assigned to the expert, score missing or off the scale, \
        scores given with a recusal); any problem is reported with file, row and column and \
        nothing is recorded. A later sheet for the same pair replaces the earlier scores.
        每行先校验（未知专家、未分配的成果、缺少评分或超出分值、回避却打分）；有问题则逐条报告（文件、行、列），不记录任何内容。
        """)

    @Argument(help: ArgumentHelp("The scoring sheet, CSV / 评分表.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Option(
      name: .long, help: ArgumentHelp("The expert, for a sheet without an expert column / 专家编号.", valueName: "id"))
    var expert: String?

    @Option(name: .long, help: ArgumentHelp("Who records them (default: $USER) / 记录人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Imports the sheet.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let console = context.console
      let sheet = try Roadshow.ReviewCommand.table(file, locale: locale, console: console)
      _ = try Roadshow.openExisting(path, locale: locale, console: console)
      let ledger = try Roadshow.openWritable(path, locale: locale, console: console)
      _ = try await Roadshow.ReviewCommand.round(round, in: ledger, locale: locale, console: console)
      let provenance = FollowUp.Provenance(
        by: Roadshow.recorder(by), source: URL(fileURLWithPath: file).lastPathComponent,
        at: Roadshow.Clearance.Record.timestamp(context.now()))
      let reviews: [Review]
      do {
        reviews = try await ExpertPanel.importScores(
          sheet, file: file, round: round, expert: expert, into: ledger, provenance: provenance)
      } catch let error as DataError {
        _ = try Roadshow.ReviewCommand.value(Result<Void, DataError>.failure(error), locale: locale, console: console)
        return
      } catch let error as ReviewLedgerError {
        console.err((locale == .zhCN ? "错误: " : "error: ") + error.message(locale))
        throw ExitStatus.failed
      }
      let recusals = reviews.filter(\.isRecusal).count
      console.out(
        locale == .zhCN
          ? "已记录 \(reviews.count) 条评审（其中回避 \(recusals) 条）。"
          : "Recorded \(reviews.count) reviews (\(recusals) recusals).")
    }
  }

  /// `roadshow review results`: the panel result.
  public struct Results: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Show a round's results / 查看评审结果.",
      discussion: """
        Per achievement: the normalised score (per-expert z-scores rescaled to the rubric's scale), \
        the raw mean, the number of reviews, recusals, and flags for too few reviews and for \
        outlying reviews; for the round, the agreement between reviewers (ICC(1)).
        每项成果：标准化得分、原始均分、评审数、回避，以及评审不足和离群评分标记；整轮：评审一致性（ICC(1)）。
        """)

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the results.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let ledger = try Roadshow.openExisting(path, locale: locale, console: console)
      _ = try await Roadshow.ReviewCommand.round(round, in: ledger, locale: locale, console: console)
      let results = try await ExpertPanel.results(round: round, in: ledger)
      if json {
        console.out(try Roadshow.jsonText(results))
        return
      }
      func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
      console.out(
        zh
          ? "评审轮次 \(round)：成果 \(results.scores.count) 项；评审一致性 ICC(1) = \(number(results.agreement))。"
          : "Round \(round): \(results.scores.count) achievements; agreement ICC(1) = \(number(results.agreement)).")
      for score in results.scores {
        var flags: [String] = []
        if score.tooFewReviews { flags.append(zh ? "评审不足" : "too few reviews") }
        if !score.outlying.isEmpty {
          let experts = score.outlying.map(\.expert).joined(separator: ",")
          flags.append(zh ? "离群评分：\(experts)" : "outlying: \(experts)")
        }
        if !score.recusals.isEmpty {
          let experts = score.recusals.keys.sorted().joined(separator: ",")
          flags.append(zh ? "回避：\(experts)" : "recused: \(experts)")
        }
        console.out(
          "  \(score.rank.map { "#\($0)" } ?? "—")  \(score.achievement)  "
            + (zh
              ? "标准化 \(number(score.normalised))  原始 \(number(score.raw))  评审 \(score.reviews.count)"
              : "normalised \(number(score.normalised))  raw \(number(score.raw))  reviews \(score.reviews.count)")
            + (flags.isEmpty ? "" : "  [" + flags.joined(separator: zh ? "；" : "; ") + "]"))
      }
    }
  }
}
