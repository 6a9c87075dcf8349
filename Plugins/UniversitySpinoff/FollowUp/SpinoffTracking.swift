import Foundation
import RoadshowKernel

/// Where a project stands with proof of concept (概念验证中心与概念验证基金, 002 §二（二）3).
enum ProofOfConcept: String, CaseIterable {
  case none
  case applied
  case approved
  case completed

  init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces)
    if let status = ProofOfConcept(rawValue: value.lowercased()) {
      self = status
      return
    }
    switch value {
    case "", "无", "未申请": self = .none
    case "已申请", "申请中", "申请": self = .applied
    case "已获批", "获批", "已立项", "立项": self = .approved
    case "已完成", "完成", "已结题": self = .completed
    default: return nil
    }
  }

  var supported: Bool { self == .approved || self == .completed }

  func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.none, .zhCN): "未申请"
    case (.none, .en): "none"
    case (.applied, .zhCN): "已申请"
    case (.applied, .en): "applied"
    case (.approved, .zhCN): "已获批"
    case (.approved, .en): "approved"
    case (.completed, .zhCN): "已完成"
    case (.completed, .en): "completed"
    }
  }
}

/// One row of the follow-up status file: where a project's spin-off stands.
struct SpinoffStatus {
  var id: AchievementID
  var proofOfConcept: ProofOfConcept
  var centre: String
  var incubator: String
  var company: String
  var registered: String
  var jobs: Int
  var internships: Int

  var hasCompany: Bool { !company.isEmpty }
}

/// Follow-up of the spin-offs (跟踪服务): every demo-day team is tracked through company
/// registration, proof of concept, incubation and the jobs and internships it creates; progress is
/// counted from the status file against the action's targets — more than 10,000 companies and
/// 200,000 jobs by the end of 2025 (002 §二).
///
/// Every number in the indicators comes from the status file: no status file, no status
/// indicators. A status row naming a project the library does not hold is refused (a typo there
/// would silently drop a company from the count) unless `on_unknown: ignore`.
public struct SpinoffTracking: FollowUpService {
  /// The status file's fields with their default headers, required ones first.
  static let form: [(key: String, header: String, required: Bool, zh: String, en: String)] = [
    ("id", "编号", true, "成果编号", "record id"),
    ("company", "企业名称", true, "注册企业名称（未注册留空）", "company registered (empty when none)"),
    ("jobs", "带动就业", true, "带动就业人数", "jobs created"),
    ("registered", "注册日期", false, "注册日期（YYYY-MM-DD）", "registration date (YYYY-MM-DD)"),
    ("internships", "实习岗位", false, "面向高校学生的实习见习岗位数", "internships for students"),
    (
      "proof_of_concept", "概念验证", false, "概念验证状态（未申请/已申请/已获批/已完成）", "proof of concept (none/applied/approved/completed)"
    ),
    ("poc_centre", "概念验证中心", false, "概念验证中心或基金", "proof-of-concept centre or fund"),
    ("incubator", "孵化载体", false, "入驻的大学科技园、孵化器或加速器", "science park, incubator or accelerator"),
  ]

  /// The action's targets by the end of 2025 (002 §二).
  static let companiesTarget = 10_000.0
  static let jobsTarget = 200_000.0
  static let targetSource = "002 §二"

  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.spinoff_tracking", kind: .followUp, track: "university",
    title: LocalizedText(zh: "创业跟踪", en: "Spin-off tracking"),
    summary: LocalizedText(
      zh: "跟踪路演团队的公司注册、概念验证、孵化与就业实习，并按状态表统计创办企业（目标1万家）和带动就业（目标20万人）进展",
      en:
        "Tracks company registration, proof of concept, incubation, jobs and internships; counts progress to 10,000 companies and 200,000 jobs from the status file"
    ),
    parameters: [
      ParameterSpec(
        "status", .file,
        doc: LocalizedText(
          zh: "转化状态表（CSV，每个成果一行：编号、企业名称、带动就业等）；不提供时只制定跟踪计划",
          en:
            "status file (CSV, one row per achievement: id, company, jobs…); without it only the tracking plan is made")
      ),
      ParameterSpec(
        "columns",
        .object(
          form.map { item in
            ParameterSpec(
              item.key, .text, default: item.header,
              doc: LocalizedText(
                zh: "\(item.zh)列\(item.required ? "（必填）" : "（文件中没有该列时忽略）")",
                en: "\(item.en) column\(item.required ? " (required)" : " (ignored when the file lacks it)")"))
          }), doc: LocalizedText(zh: "状态表的列名", en: "column headers of the status file")),
      ParameterSpec(
        "scope", .choice(["library", "pitched"]), default: "library",
        doc: LocalizedText(
          zh: "统计范围：library 为项目库中全部成果；pitched 只计本次路演团队",
          en: "what is counted: library counts every record in the library; pitched only this run's teams")),
      ParameterSpec(
        "on_unknown", .choice(["stop", "ignore"]), default: "stop",
        doc: LocalizedText(
          zh: "状态表中编号不在项目库时：stop 报错停止；ignore 不计入", en: "a status row for an unknown record: stop, or leave it out")),
      ParameterSpec(
        "as_of", .date,
        doc: LocalizedText(
          zh: "统计截止日期：只计此日及以前注册的企业", en: "count only companies registered on or before this date")),
      ParameterSpec(
        "checkpoints", .list(.integer(1...120)), default: "[1, 3, 6, 12]",
        doc: LocalizedText(zh: "路演日后第几个月检查", en: "months after the demo day to check")),
      ParameterSpec(
        "output", .outputName, default: "spinoff-progress.csv",
        doc: LocalizedText(zh: "转化进展明细文件名", en: "progress table file name")),
      .encoding,
    ],
    example: """
      - plugin: university.spinoff_tracking
        name: 衍生企业跟踪
        with:
          status: university-spinoff/data/spinoff-status.csv
          scope: library
          checkpoints: [1, 3, 6, 12]
      """)

  let statusFile: URL?
  let statusName: String?
  let columns: [String: String]
  let pitchedOnly: Bool
  let ignoreUnknown: Bool
  let asOf: String?
  let checkpoints: [Int]
  let output: String

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    statusFile = p.url("status")
    statusName = p.string("status")
    pitchedOnly = p.string("scope") == "pitched"
    ignoreUnknown = p.string("on_unknown") == "ignore"
    asOf = p.string("as_of")
    checkpoints = p.strings("checkpoints", otherwise: ["1", "3", "6", "12"]).compactMap { Int($0) }.sorted()
    output = p.string("output") ?? "spinoff-progress.csv"
    let names = p.object("columns")
    var problems: [Diagnostic] = []
    if checkpoints.isEmpty {
      problems.append(
        p.problem(
          "checkpoints", LocalizedText(zh: "至少需要一个检查节点", en: "give at least one checkpoint"), code: .outOfRange))
    }
    var columns: [String: String] = [:]
    if let statusFile, let statusName {
      let table: CSVTable
      do {
        table = try CSVTable.readHeader(statusFile, displayName: statusName, encoding: encoding)
      } catch let error as DataError {
        throw PluginSetupError(error.diagnostics)
      }
      for item in Self.form {
        let header = names?.string(item.key) ?? item.header
        if table.column(header) != nil {
          columns[item.key] = header
        } else if item.required || names?.contains(item.key) == true {
          problems.append(
            Diagnostic(
              .invalidValue, at: names?.location(of: item.key) ?? p.location(of: "status"),
              keyPath: p.keyPath(of: "columns") + ".\(item.key)",
              message: LocalizedText(
                zh: "状态表 \(statusName) 中没有列 `\(header)`（\(item.zh)）；文件的列：\(table.header.joined(separator: ", "))",
                en:
                  "status file \(statusName) has no column `\(header)` (\(item.en)); its columns: \(table.header.joined(separator: ", "))"
              ),
              suggestion: Suggestions.nearest(to: header, in: table.header)))
        }
      }
    }
    self.columns = columns
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// Reads the status file against the library's records. Every bad row is reported at once.
  func readStatus(known: [AchievementID], context: PipelineContext? = nil) throws -> [SpinoffStatus] {
    guard let statusFile else { return [] }
    let name = statusName ?? statusFile.lastPathComponent
    let table = try CSVTable.read(statusFile, displayName: name, encoding: encoding)
    context?.warn(.followUp, table.warnings)
    let lookup = RecordLookup(known)
    var statuses: [SpinoffStatus] = []
    var problems: [Diagnostic] = []
    var seen: [AchievementID: Int] = [:]
    for row in table.rows {
      func cell(_ key: String) -> (text: String, column: Int, header: String)? {
        guard let header = columns[key], let index = table.column(header) else { return nil }
        return (row.cell(index), index + 1, header)
      }
      func bad(_ key: String, _ zh: String, _ en: String) {
        let c = cell(key)
        let header = c?.header ?? key
        problems.append(
          Diagnostic.badRow(
            file: name, line: row.line, row: row.number, column: c?.column ?? 1, header: header,
            LocalizedText(zh: zh, en: en)))
      }
      func count(_ key: String, _ zhName: String, _ enName: String) -> Int? {
        guard let text = cell(key)?.text, !text.isEmpty else { return 0 }
        guard let value = Int(text), value >= 0 else {
          bad(key, "\(zhName)应为非负整数，实际为 `\(text)`", "\(enName) must be a whole number ≥ 0, got `\(text)`")
          return nil
        }
        return value
      }
      let idText = cell("id")?.text ?? ""
      let id: AchievementID
      switch lookup.find(idText) {
      case .found(let found):
        id = found
      case .missing:
        if ignoreUnknown { continue }
        bad(
          "id", idText.isEmpty ? "编号为空" : "编号 `\(idText)` 不在项目库中",
          idText.isEmpty ? "id is empty" : "id `\(idText)` is not in the project library")
        continue
      case .ambiguous(let ids):
        bad(
          "id", "编号 `\(idText)` 对应多条记录（\(ids.map(\.rawValue).joined(separator: ", "))），请写完整编号",
          "id `\(idText)` names several records (\(ids.map(\.rawValue).joined(separator: ", "))); write the full id")
        continue
      }
      if let first = seen[id] {
        bad("id", "成果 \(id) 与第 \(first) 行重复", "record \(id) repeats row \(first)")
        continue
      }
      seen[id] = row.number
      let pocText = cell("proof_of_concept")?.text ?? ""
      guard let poc = ProofOfConcept(text: pocText) else {
        bad(
          "proof_of_concept", "无法识别的概念验证状态 `\(pocText)`（未申请/已申请/已获批/已完成）",
          "unknown proof-of-concept status `\(pocText)` (none/applied/approved/completed)")
        continue
      }
      let company = cell("company")?.text ?? ""
      let registered = cell("registered")?.text ?? ""
      if !registered.isEmpty && CalendarDate.parse(registered) == nil {
        bad(
          "registered", "注册日期应为 YYYY-MM-DD，实际为 `\(registered)`",
          "registration date must be YYYY-MM-DD, got `\(registered)`")
        continue
      }
      if !registered.isEmpty && company.isEmpty {
        bad("company", "有注册日期但企业名称为空", "a registration date is given but no company")
        continue
      }
      guard let jobs = count("jobs", "带动就业人数", "jobs"),
        let internships = count("internships", "实习岗位数", "internships")
      else { continue }
      statuses.append(
        SpinoffStatus(
          id: id, proofOfConcept: poc, centre: cell("poc_centre")?.text ?? "", incubator: cell("incubator")?.text ?? "",
          company: company, registered: registered, jobs: jobs, internships: internships))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return statuses
  }

  /// Whether a status counts as a registered company by `as_of`.
  func registered(_ status: SpinoffStatus) -> Bool {
    guard status.hasCompany else { return false }
    guard let asOf else { return true }
    return status.registered.isEmpty || status.registered <= asOf
  }

  /// Opens a case per demo-day team and counts progress from the status file.
  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let statuses = try readStatus(known: input.library.map(\.id), context: context)
    let byID = Dictionary(statuses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let pitchedIDs = Set(input.pitched.map(\.id))
    let records = Dictionary(input.library.map { ($0.id, $0) }, uniquingKeysWith: { _, new in new })
    let demoDay = input.events.last(where: { $0.format == CampDemoDay.description.id })
    let start = demoDay?.date ?? context.eventDate

    let cases = input.pitched.map { candidate -> FollowUpCase in
      let a = candidate.achievement
      let status = byID[a.id]
      let profile = SpinoffProfile(a)
      var services: [FollowUpServiceKind] = []
      if !(status?.proofOfConcept.supported ?? false) { services.append(.proofOfConcept) }
      if (status?.incubator ?? "").isEmpty { services.append(.incubation) }
      services.append(.financing)
      if profile.rights != .ownership { services.append(.transaction) }
      let milestones = Milestone.checkpoints(checkpoints, after: start) { index, months in
        Self.check(months, isLast: index == checkpoints.count - 1, status: status, locale: locale)
      }
      // Leads are the enterprises that said they are interested; the demo day's review panel has
      // not, and a university or a city is never one.
      let leads = candidate.interest.sorted { $0.level > $1.level }.map(\.enterprise).uniqued()
      return FollowUpCase(achievement: a.id, title: a.title, services: services, milestones: milestones, leads: leads)
    }

    var indicators: [ProgressIndicator] = []
    var artifacts: [OutputFile] = []
    if statusFile != nil {
      let counted = statuses.filter { !pitchedOnly || pitchedIDs.contains($0.id) }
      let companies = counted.filter(registered)
      let scopeNote =
        pitchedOnly ? LocalizedText(zh: "（本次路演团队）", en: " (this run's teams)") : LocalizedText(zh: "", en: "")
      indicators = [
        ProgressIndicator(
          name: LocalizedText(
            zh: "高校科技成果转化创办科技型企业" + scopeNote.zh, en: "Companies founded on university achievements" + scopeNote.en),
          value: Double(companies.count), target: Self.companiesTarget, unit: LocalizedText(zh: "家", en: ""),
          source: SeedReference.localized(Self.targetSource, locale)),
        ProgressIndicator(
          name: LocalizedText(zh: "成果转化企业带动就业" + scopeNote.zh, en: "Jobs created by the spin-offs" + scopeNote.en),
          value: Double(companies.reduce(0) { $0 + $1.jobs }), target: Self.jobsTarget,
          unit: LocalizedText(zh: "人", en: ""), source: SeedReference.localized(Self.targetSource, locale)),
        ProgressIndicator(
          name: LocalizedText(zh: "面向高校学生的实习见习岗位", en: "Internships for students"),
          value: Double(counted.reduce(0) { $0 + $1.internships }), unit: LocalizedText(zh: "个", en: ""),
          source: SeedReference.localized("002 §二（二）4", locale)),
        ProgressIndicator(
          name: LocalizedText(zh: "获概念验证支持的项目", en: "Projects with proof-of-concept support"),
          value: Double(counted.filter { $0.proofOfConcept.supported }.count), unit: LocalizedText(zh: "项", en: ""),
          source: SeedReference.localized("002 §二（二）3", locale)),
        ProgressIndicator(
          name: LocalizedText(zh: "入驻大学科技园或孵化器的项目", en: "Projects in a science park or incubator"),
          value: Double(counted.filter { !$0.incubator.isEmpty }.count), unit: LocalizedText(zh: "项", en: ""),
          source: SeedReference.localized("002 §二（二）3", locale)),
        ProgressIndicator(
          name: LocalizedText(zh: "训练营路演团队已注册企业", en: "Demo-day teams with a registered company"),
          value: Double(statuses.filter { pitchedIDs.contains($0.id) && registered($0) }.count),
          target: Double(input.pitched.count), unit: LocalizedText(zh: "个", en: ""),
          source: SeedReference.localized("002 §二（二）2", locale)),
      ]
      artifacts = [progressTable(counted, records: records, pitched: pitchedIDs, locale: locale)]
      artifacts.append(universityTotals(counted, records: records, locale: locale))
    }
    context.report(
      .followUp,
      LocalizedText(
        zh: "跟踪 \(cases.count) 支路演团队；状态表 \(statuses.count) 行",
        en: "\(cases.count) demo-day teams tracked; \(statuses.count) status rows"))
    return FollowUpResult(cases: cases, indicators: indicators, artifacts: artifacts)
  }

  /// What is checked at a checkpoint, with where the project stands now.
  static func check(_ months: Int, isLast: Bool, status: SpinoffStatus?, locale: ReportLocale) -> LocalizedText {
    let company =
      status.flatMap { $0.hasCompany ? $0.company : nil }
      .map { LocalizedText(zh: "已注册“\($0)”", en: "registered “\($0)”") }
      ?? LocalizedText(zh: "尚未注册企业", en: "no company yet")
    let poc = (status?.proofOfConcept ?? .none)
    let incubator = status.flatMap { $0.incubator.isEmpty ? nil : $0.incubator }
    switch months {
    case ...1 where !isLast:
      return LocalizedText(
        zh: "完成企业注册并申请概念验证基金（现状：\(company.zh)；概念验证\(poc.name(.zhCN))）",
        en:
          "Register the company and apply for proof-of-concept funding (now: \(company.en); proof of concept \(poc.name(.en)))"
      )
    case ...3 where !isLast:
      return LocalizedText(
        zh: "入驻大学科技园或孵化器，对接天使投资与引导基金子基金（现状：\(incubator.map { "已入驻\($0)" } ?? "未入驻")）",
        en:
          "Move into a science park or incubator; meet angel investors and sub-funds (now: \(incubator ?? "not incubated"))"
      )
    case ...6 where !isLast:
      return LocalizedText(
        zh: "吸纳就业，向高校定向开放就业和实习见习岗位（现状：带动就业 \(status?.jobs ?? 0) 人，实习岗位 \(status?.internships ?? 0) 个）",
        en:
          "Create jobs and internships for students (now: \(status?.jobs ?? 0) jobs, \(status?.internships ?? 0) internships)"
      )
    default:
      return LocalizedText(
        zh: "年度成效：企业注册、融资、营收与就业，纳入工作总结（现状：\(company.zh)）",
        en: "Annual results: company, financing, revenue and jobs, for the work summary (now: \(company.en))")
    }
  }

  func progressTable(
    _ statuses: [SpinoffStatus], records: [AchievementID: Achievement], pitched: Set<AchievementID>,
    locale: ReportLocale
  ) -> OutputFile {
    let zh = locale == .zhCN
    let header =
      zh
      ? ["编号", "成果名称", "高校", "本次路演", "概念验证", "概念验证中心", "孵化载体", "企业名称", "注册日期", "计入企业数", "带动就业", "实习岗位"]
      : [
        "id", "title", "university", "pitched", "proof of concept", "centre", "incubator", "company", "registered",
        "counted as company", "jobs", "internships",
      ]
    let yes = zh ? "是" : "yes"
    let no = zh ? "否" : "no"
    let rows = statuses.sorted { $0.id < $1.id }.map { s -> [String] in
      let a = records[s.id]
      return [
        s.id.rawValue, a?.title ?? "", a?.institution ?? "", pitched.contains(s.id) ? yes : no,
        s.proofOfConcept.name(locale), s.centre, s.incubator, s.company, s.registered, registered(s) ? yes : no,
        String(s.jobs), String(s.internships),
      ]
    }
    return OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows))
  }

  /// Totals per university, for the universities' own evaluation (002 §二（二）1).
  func universityTotals(
    _ statuses: [SpinoffStatus], records: [AchievementID: Achievement], locale: ReportLocale
  ) -> OutputFile {
    let zh = locale == .zhCN
    var totals: [String: (companies: Int, jobs: Int, internships: Int, poc: Int)] = [:]
    for s in statuses {
      let university = records[s.id]?.institution ?? "—"
      var t = totals[university, default: (0, 0, 0, 0)]
      if registered(s) {
        t.companies += 1
        t.jobs += s.jobs
      }
      t.internships += s.internships
      if s.proofOfConcept.supported { t.poc += 1 }
      totals[university] = t
    }
    let sorted = totals.sorted {
      ($0.value.companies, $0.value.jobs, $1.key) > ($1.value.companies, $1.value.jobs, $0.key)
    }
    var md = zh ? "# 高校成果转化创业进展（按高校）\n\n" : "# Spin-off progress by university\n\n"
    md +=
      zh
      ? "| 高校 | 创办企业（家） | 带动就业（人） | 实习岗位（个） | 概念验证支持（项） |\n|---|---|---|---|---|\n"
      : "| University | Companies | Jobs | Internships | Proof of concept |\n|---|---|---|---|---|\n"
    for (university, t) in sorted {
      md += "| \(university) | \(t.companies) | \(t.jobs) | \(t.internships) | \(t.poc) |\n"
    }
    let companies = sorted.reduce(0) { $0 + $1.value.companies }
    let jobs = sorted.reduce(0) { $0 + $1.value.jobs }
    md +=
      zh
      ? "\n合计：创办企业 \(companies) 家（目标 10000 家），带动就业 \(jobs) 人（目标 200000 人），依据 002 §二。\n"
      : "\nTotal: \(companies) companies (target 10000), \(jobs) jobs (target 200000), per 002 §2.\n"
    return OutputFile(name: "spinoff-progress.md", text: md)
  }
}
