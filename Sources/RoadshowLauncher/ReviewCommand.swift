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
          roadshow review onsite --event 2024-09-intelligent-manufacturing --round 2024-09-onsite --experts Samples/data/onsite-experts-2024-09.csv --db library.sqlite
          roadshow review results --round 2024-09-onsite --record-follow-up --by 路演秘书 --db library.sqlite
        """,
      subcommands: [Assign.self, Onsite.self, Packets.self, Import.self, Results.self])

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

  /// The expert pool and rubric files, read and checked (their problems printed, exit 1).
  static func panel(experts: String, rubric: String?, locale: ReportLocale, console: Console) throws
    -> (experts: [Expert], rubric: ReviewRubric)
  {
    let pool = try value(
      ExpertPanel.readExperts(try table(experts, locale: locale, console: console), file: experts), locale: locale,
      console: console)
    guard let rubric else { return (pool, .standard) }
    let criteria = try value(
      ExpertPanel.readRubric(try table(rubric, locale: locale, console: console), file: rubric), locale: locale,
      console: console)
    return (pool, criteria)
  }

  /// Prints how an assignment went: assigned against needed, the bound, and short achievements.
  static func report(_ plan: ExpertPanel.Plan, reviewers: Int, locale: ReportLocale, console: Console) {
    let zh = locale == .zhCN
    let result = plan.result
    console.out(
      zh
        ? "已分配 \(result.assigned)/\(result.needed) 次评审（可分配上限 \(result.assignableBound)），领域匹配 \(result.fieldMatches) 次；"
          + "目标值 \(result.cost)，下界 \(result.lowerBound)，"
          + (result.isOptimal ? "已证明最优。" : "差距 \(String(format: "%.2f", result.gap * 100))%。")
        : "Assigned \(result.assigned)/\(result.needed) reviews (at most \(result.assignableBound) possible), \(result.fieldMatches) in the expert's field; "
          + "cost \(result.cost), lower bound \(result.lowerBound), "
          + (result.isOptimal ? "proven optimal." : "gap \(String(format: "%.2f", result.gap * 100))%."))
    for item in result.short {
      if plan.round.event != nil && item.reason == .conflicts {
        console.out(
          zh
            ? "  回避：\(item.id) 由 \(item.assigned)/\(reviewers) 位专家评议（其余专家有利益冲突）"
            : "  conflicts: \(item.id) is reviewed by \(item.assigned) of \(reviewers) experts (the others have a conflict of interest)"
        )
        continue
      }
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

  /// An assignment as JSON: its figures, each expert's load and the assignments.
  static func json(_ plan: ExpertPanel.Plan, achievements: Int, experts: Int) throws -> String {
    struct Summary: Encodable {
      var round: String
      var event: String?
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
    let result = plan.result
    return try Roadshow.jsonText(
      Summary(
        round: plan.round.key, event: plan.round.event, achievements: achievements, experts: experts,
        assigned: result.assigned, needed: result.needed, assignableBound: result.assignableBound,
        fieldMatches: result.fieldMatches, cost: result.cost, lowerBound: result.lowerBound,
        optimal: result.isOptimal, short: result.short, load: plan.load, assignments: plan.assignments))
  }

  /// Saves a round and its assignments, printing a ledger's refusal (exit 1).
  static func save(
    _ plan: ExpertPanel.Plan, experts: [Expert], in ledger: SQLiteLibrary, locale: ReportLocale, console: Console
  )
    async throws
  {
    do {
      try await ledger.saveRound(plan.round, experts: experts)
      try await ledger.assign(plan.assignments, round: plan.round.key)
    } catch let error as ReviewLedgerError {
      console.err((locale == .zhCN ? "错误: " : "error: ") + error.message(locale))
      throw ExitStatus.failed
    } catch {
      console.err(Messages.error(error, locale))
      throw ExitStatus.failed
    }
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
      let (pool, rubricValue) = try Roadshow.ReviewCommand.panel(
        experts: experts, rubric: rubric, locale: locale, console: console)
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
      try await Roadshow.ReviewCommand.save(plan, experts: pool, in: ledger, locale: locale, console: console)
      if json {
        console.out(try Roadshow.ReviewCommand.json(plan, achievements: records.count, experts: pool.count))
        return
      }
      console.out(
        zh
          ? "评审轮次 \(round)：成果 \(records.count) 项，专家 \(pool.count) 位，每项 \(reviewers) 位（\(open ? "实名" : "匿名")评审）。"
          : "Round \(round): \(records.count) achievements, \(pool.count) experts, \(reviewers) each (\(open ? "not blind" : "blind"))."
      )
      Roadshow.ReviewCommand.report(plan, reviewers: reviewers, locale: locale, console: console)
    }
  }

  /// `roadshow review onsite`: the on-site review (现场评议) of an event's pitches.
  public struct Onsite: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Set up an event's on-site review / 设定活动的现场评议.",
      discussion: """
        The on-site review at a roadshow (现场评议) uses the panel's model: the projects the event \
        pitched (from the ledger) are each given to every expert of the on-site panel who has no \
        conflict with them. Packets, scores and results then work as for any round; \
        `review results --record-follow-up` writes each project's rank, score and the experts' \
        comments into its follow-up case, and `followup due` shows them beside every checkpoint. \
        Not blind unless --blind: the experts see the pitch.
        现场评议沿用专家评议的模型：该场活动的路演项目逐一分给无利益冲突的全部现场专家；之后的评审材料、评分导入和结果与其他轮次相同；
        `review results --record-follow-up` 把名次、得分和专家意见记入每个项目的跟踪台账，`followup due` 在各跟踪节点旁显示。
        """)

    @Option(name: .long, help: ArgumentHelp("The event's key in the ledger / 活动编号.", valueName: "key"))
    var event: String

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Option(name: .long, help: ArgumentHelp("The round's name (default: the key) / 轮次名称.", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("The on-site panel, CSV / 现场评议专家.", valueName: "file"))
    var experts: String

    @Option(name: .long, help: ArgumentHelp("The rubric, CSV / 评审细则.", valueName: "file"))
    var rubric: String?

    @Option(
      name: .long,
      help: ArgumentHelp("Fewer reviews than this flag a result (default 3) / 结果有效所需的最少评审数.", valueName: "n"))
    var minReviews: Int?

    @Flag(name: .long, help: "Blind: packets do not name the holder / 匿名评审（默认实名）.")
    var blind = false

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Sets the round up.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      let (pool, rubricValue) = try Roadshow.ReviewCommand.panel(
        experts: experts, rubric: rubric, locale: locale, console: console)
      _ = try Roadshow.openExisting(path, locale: locale, console: console)
      let ledger = try Roadshow.openWritable(path, locale: locale, console: console)
      let events = try await ledger.events()
      guard let programmeEvent = events.first(where: { $0.key == event }) else {
        let suggestion = Suggestions.nearest(to: event, in: events.map(\.key))
        console.err(
          (zh ? "错误: " : "error: ") + LedgerError.unknownEvent(event).message(locale)
            + (suggestion.map { zh ? "；是否为 `\($0)`？" : "; did you mean `\($0)`?" } ?? ""))
        throw ExitStatus.failed
      }
      let reviewRound = ExpertPanel.onsiteRound(
        key: round, name: name, event: programmeEvent, rubric: rubricValue, blind: blind, experts: pool,
        minimumReviews: minReviews)
      let plan: ExpertPanel.Plan
      do {
        plan = try ExpertPanel.onsitePlan(
          round: reviewRound, event: programmeEvent, experts: pool, records: try await ledger.achievements())
      } catch let error as ReviewLedgerError {
        console.err((zh ? "错误: " : "error: ") + error.message(locale))
        throw ExitStatus.failed
      }
      try await Roadshow.ReviewCommand.save(plan, experts: pool, in: ledger, locale: locale, console: console)
      let pitches = plan.result.needed / max(1, reviewRound.reviewersPerAchievement)
      if json {
        console.out(try Roadshow.ReviewCommand.json(plan, achievements: pitches, experts: pool.count))
        return
      }
      console.out(
        zh
          ? "现场评议 \(round)（活动 \(event)，\(programmeEvent.date ?? "日期未定")）：路演项目 \(pitches) 项，现场专家 \(pool.count) 位"
            + "（\(blind ? "匿名" : "实名")评审）。"
          : "On-site review \(round) (event \(event), \(programmeEvent.date ?? "no date")): \(pitches) pitched projects, "
            + "\(pool.count) experts on the panel (\(blind ? "blind" : "not blind")).")
      Roadshow.ReviewCommand.report(
        plan, reviewers: reviewRound.reviewersPerAchievement, locale: locale, console: console)
    }
  }

  /// `roadshow review packets`: one packet and scoring sheet per expert.
  public struct Packets: RegistryCommand {
    /// Help and name.
    public static let configuration = CommandConfiguration(
      abstract: "Write each expert's packet and scoring sheet / 生成专家评审材料和评分表.",
      discussion: """
        Writes EXPERT.md and EXPERT.html (the achievements as the publication gate releases them to \
        experts) and EXPERT.csv (the scoring sheet) per expert. In a blind round the packets carry no holder, \
        institution, team or contacts. Records not yet cleared are held back and counted.
        每位专家一份材料（EXPERT.md、EXPERT.html）和评分表（EXPERT.csv）；匿名评审时不含持有单位、团队和联系人；未通过保密审查的成果暂不发送。
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
          try Data(packet.html.utf8).write(to: folder.appendingPathComponent("\(packet.expert.id).html"))
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
        For an on-site round (`review onsite`), --record-follow-up writes each scored project's rank, \
        score and comments into its follow-up case (an `onsite_review` entry dated the event); run \
        again after more scores arrive, it corrects the entries whose result changed and leaves the rest.
        现场评议轮次可加 --record-follow-up，把名次、得分和专家意见记入跟踪台账；补录评分后再运行，只更正有变化的记录。
        """)

    @Option(name: .long, help: ArgumentHelp("The round's key / 评审轮次编号.", valueName: "key"))
    var round: String

    @Flag(name: .long, help: "Print JSON / 输出 JSON.")
    var json = false

    @Flag(
      name: .long,
      help: "On-site round: record the result in each project's follow-up / 现场评议结果记入跟踪台账.")
    var recordFollowUp = false

    @Option(name: .long, help: ArgumentHelp("Who records them (default: $USER) / 记录人.", valueName: "name"))
    var by: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var language: LanguageOptions

    /// Creates the command.
    public init() {}

    /// Prints the results.
    public func run(in context: LauncherContext) async throws {
      let (path, locale) = try library.resolve(language: language, console: context.console)
      let zh = locale == .zhCN
      let console = context.console
      if recordFollowUp {
        try await record(path: path, locale: locale, context: context)
        return
      }
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

    /// Records an on-site round's result in the follow-up.
    func record(path: String, locale: ReportLocale, context: LauncherContext) async throws {
      let zh = locale == .zhCN
      let console = context.console
      _ = try Roadshow.openExisting(path, locale: locale, console: console)
      let ledger = try Roadshow.openWritable(path, locale: locale, console: console)
      let provenance = FollowUp.Provenance(
        by: Roadshow.recorder(by), source: "review:\(round)", at: Roadshow.Clearance.Record.timestamp(context.now()))
      let feed: ExpertPanel.FollowUpFeed
      do {
        feed = try await ExpertPanel.recordFollowUp(round: round, in: ledger, provenance: provenance, locale: locale)
      } catch let error as ReviewLedgerError {
        console.err((zh ? "错误: " : "error: ") + error.message(locale))
        throw ExitStatus.failed
      } catch let error as LedgerError {
        console.err((zh ? "错误: " : "error: ") + error.message(locale))
        throw ExitStatus.failed
      }
      if json {
        console.out(try Roadshow.jsonText(feed))
        return
      }
      let corrected = feed.recorded.filter { $0.supersedes != nil }.count
      console.out(
        zh
          ? "现场评议 \(round) 的结果已记入跟踪台账（活动 \(feed.event)）：新记 \(feed.recorded.count - corrected) 项，"
            + "更正 \(corrected) 项，未变 \(feed.unchanged) 项。"
          : "Recorded the on-site review \(round) in the follow-up (event \(feed.event)): \(feed.recorded.count - corrected) new, "
            + "\(corrected) corrected, \(feed.unchanged) unchanged.")
      if !feed.unreviewed.isEmpty {
        let list = feed.unreviewed.map(\.rawValue).joined(separator: ", ")
        console.out(zh ? "  尚无评分（未记录）：\(list)" : "  not scored yet (nothing recorded): \(list)")
      }
    }
  }
}
