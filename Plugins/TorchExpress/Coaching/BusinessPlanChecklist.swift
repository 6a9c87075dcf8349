import Foundation
import RoadshowKernel

/// Coaching (路演辅导): a business-plan (商业计划书) checklist per selected project, stressing what
/// 001 §4.8 asks the coaching to bring out (technical lead, industrial feasibility, market
/// prospect), with what is still missing and what to do about it.
public struct BusinessPlanChecklist: CoachingService {
  /// The checklist items, in the order a business plan presents them.
  static let items: [(key: String, title: LocalizedText, advice: LocalizedText)] = [
    (
      "technical_lead", LocalizedText(zh: "技术领先性（与国内外同类技术对比）", en: "Technical lead (compared with similar technology)"),
      LocalizedText(zh: "补充与国内外同类技术的关键指标对比", en: "add a comparison of key figures with similar technology")
    ),
    (
      "maturity_evidence",
      LocalizedText(zh: "技术成熟度证明（样机、中试、应用案例）", en: "Maturity evidence (prototype, pilot, use cases)"),
      LocalizedText(
        zh: "提供样机、中试或应用数据，并请专家评定 TRL", en: "provide prototype, pilot or use data and have experts rate the TRL")
    ),
    (
      "industrial_feasibility",
      LocalizedText(zh: "产业化可行性（工艺、成本、配套）", en: "Industrial feasibility (process, cost, supply chain)"),
      LocalizedText(zh: "说明量产工艺、成本测算和产业链配套需求", en: "explain the production process, cost and supply-chain needs")
    ),
    (
      "market", LocalizedText(zh: "市场前景（规模、客户、竞争）", en: "Market prospect (size, customers, competition)"),
      LocalizedText(zh: "补充目标市场规模、典型客户和竞争分析", en: "add market size, typical customers and competition")
    ),
    (
      "ip", LocalizedText(zh: "知识产权（专利、软著及权属）", en: "Intellectual property (patents, ownership)"),
      LocalizedText(zh: "列明专利清单及权属，确认可转化", en: "list patents and their ownership; confirm they can be transferred")
    ),
    (
      "transfer_mode",
      LocalizedText(zh: "合作方式（转让、许可、作价投资、合作开发）", en: "Transfer mode (assignment, licence, equity, joint development)"),
      LocalizedText(zh: "明确希望的转化方式和合作条件", en: "state the transfer mode and terms wanted")
    ),
    (
      "team", LocalizedText(zh: "团队介绍", en: "Team"),
      LocalizedText(zh: "介绍核心成员及分工", en: "introduce the core members and their roles")
    ),
    (
      "financing", LocalizedText(zh: "资金需求与使用计划", en: "Funding needs and use"),
      LocalizedText(zh: "说明融资或合作资金需求及用途", en: "state the funding or partner investment needed and its use")
    ),
  ]

  public static let description = PluginDescription(
    id: "torch.business_plan_checklist", kind: .coaching, track: "torch",
    title: LocalizedText(zh: "商业计划书辅导", en: "Business-plan coaching"),
    summary: LocalizedText(
      zh: "为每个路演项目生成商业计划书检查清单，指出缺项与辅导安排",
      en: "Business-plan checklist per selected project, with what is missing and coaching sessions"),
    parameters: [
      ParameterSpec(
        "submissions", .file,
        doc: LocalizedText(
          zh: "已提交材料（CSV：编号、已完成项，多项以分号分隔）", en: "submitted material (CSV: id, done items separated by semicolons)")),
      ParameterSpec(
        "items", .list(.choice(items.map(\.key))),
        doc: LocalizedText(zh: "检查项（默认全部）", en: "items to check (default: all)")),
      ParameterSpec(
        "sessions", .list(.text),
        doc: LocalizedText(zh: "每个项目的辅导安排", en: "coaching sessions for every project")),
      .encoding,
    ],
    example: """
      - plugin: torch.business_plan_checklist
        with:
          submissions: data/business-plans.csv
          sessions: [路演材料一对一辅导, 模拟路演]
      """)

  let submissions: URL?
  let submissionsName: String?
  let keys: [String]
  let sessions: [String]

  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    submissions = p.url("submissions")
    submissionsName = p.string("submissions")
    let chosen = p.strings("items")
    keys = chosen.isEmpty ? Self.items.map(\.key) : chosen
    sessions = p.strings("sessions")
  }

  public func coach(_ selected: [Candidate], in context: PipelineContext) async throws -> CoachingResult {
    let submitted = try readSubmissions(context)
    let plans = selected.map { candidate -> CoachingPlan in
      let a = candidate.achievement
      let done = submitted[a.id.rawValue] ?? submitted[a.id.externalID] ?? []
      let items = Self.items.filter { keys.contains($0.key) }.map { item -> ChecklistItem in
        let derived: Bool
        switch item.key {
        case "maturity_evidence": derived = a.readiness != .unknown
        case "ip": derived = !a.intellectualProperty.isEmpty
        case "transfer_mode": derived = !a.transferModes.isEmpty
        case "team": derived = !a.team.isEmpty
        default: derived = false
        }
        let isDone = derived || done.contains(item.key)
        return ChecklistItem(key: item.key, title: item.title, done: isDone, advice: isDone ? nil : item.advice)
      }
      return CoachingPlan(achievement: a.id, title: a.title, items: items, sessions: sessions)
    }
    return CoachingResult(plans: plans)
  }

  private func readSubmissions(_ context: PipelineContext) throws -> [String: Set<String>] {
    guard let submissions else { return [:] }
    let name = submissionsName ?? submissions.lastPathComponent
    let table = try CSVTable.read(submissions, displayName: name, encoding: encoding)
    context.warn(.coaching, table.warnings)
    guard table.header.count >= 2 else {
      throw DataError([
        table.fileProblem(
          LocalizedText(zh: "材料文件应有两列：编号、已完成项", en: "the submissions file needs two columns: id, done items"))
      ])
    }
    let valid = Set(Self.items.map(\.key))
    var result: [String: Set<String>] = [:]
    var problems: [Diagnostic] = []
    for row in table.rows {
      let id = row.fields[0].trimmingCharacters(in: .whitespaces)
      let done =
        row.fields.count > 1
        ? row.fields[1].split(whereSeparator: { ";；、".contains($0) }).map {
          $0.trimmingCharacters(in: .whitespaces)
        } : []
      for key in done where !valid.contains(key) {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: name, line: row.line, column: 2), keyPath: table.header[1],
            message: LocalizedText(
              zh: "第 \(row.number) 行：未知的检查项 `\(key)`；可用：\(valid.sorted().joined(separator: ", "))",
              en: "row \(row.number): unknown checklist item `\(key)`; valid: \(valid.sorted().joined(separator: ", "))"
            ),
            suggestion: Suggestions.nearest(to: key, in: valid)))
      }
      result[id, default: []].formUnion(done)
    }
    if !problems.isEmpty { throw DataError(problems) }
    return result
  }
}
