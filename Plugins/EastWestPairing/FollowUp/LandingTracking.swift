import Foundation
import RoadshowKernel

/// Cross-region landing tracking (跨区域转化落地跟踪, 002 §二(四)): reads the landing status of
/// cross-region projects and counts each flow separately against its target — 1,000 achievements
/// of the northeast and west transformed at home with eastern and southern capital and industry
/// (A), and 1,000 achievements of the east and south landed in the northeast and west (B), by the
/// end of 2025. A row counts as landed when its status is a landed one and its date is on or
/// before the deadline; rows in neither flow are listed with the reason, never counted silently.
public struct LandingTracking: FollowUpService {
  static let columnSpecs = CSVColumns([
    ("id", "成果编号", LocalizedText(zh: "成果编号列（可空；用于关联项目库）", en: "achievement id column (may be empty)")),
    ("title", "成果名称", LocalizedText(zh: "成果名称列", en: "title column")),
    ("source", "成果所在省份", LocalizedText(zh: "成果（持有单位）所在省份列", en: "the achievement's (holder's) province column")),
    ("landing", "转化落地省份", LocalizedText(zh: "转化落地省份列", en: "landing province column")),
    ("partner", "合作方", LocalizedText(zh: "合作方（资本、产业方）列", en: "partner (capital or industry) column")),
    ("partner_province", "合作方省份", LocalizedText(zh: "合作方所在省份列", en: "partner's province column")),
    ("pair", "结对", LocalizedText(zh: "所属结对列（可空）", en: "pair column (may be empty)")),
    (
      "status", "进展",
      LocalizedText(zh: "进展列：意向 / 签约 / 落地", en: "status column: 意向 (intent) / 签约 (signed) / 落地 (landed)")
    ),
    ("date", "日期", LocalizedText(zh: "进展日期列（YYYY-MM-DD）", en: "status date column (YYYY-MM-DD)")),
  ])

  public static let description = PluginDescription(
    id: "east_west.landing_tracking", kind: .followUp, track: "east_west",
    title: LocalizedText(zh: "落地跟踪", en: "Landing tracking"),
    summary: LocalizedText(
      zh: "跟踪跨区域转化落地情况，按流向A、流向B分别对照“1000+1000项（2025年末）”目标计数，并按结对汇总",
      en:
        "Tracks cross-region landings and counts flow A and flow B separately against 1,000 + 1,000 by the end of 2025, by pair"
    ),
    parameters: [
      ParameterSpec(
        "file", .file, required: true, doc: LocalizedText(zh: "落地情况表（CSV）", en: "landing status table (CSV)")),
      ParameterSpec(
        "regions", .file, required: true,
        doc: LocalizedText(zh: "省份—地区表（CSV：province, region）", en: "province → region table (CSV: province, region)")),
      ParameterSpec(
        "south_provinces", .list(.text), default: "[湖北, 湖南, 江西]",
        doc: LocalizedText(zh: "与东部一起计为“东部、南部”的中部省份", en: "central provinces counted with the east as “east and south”")
      ),
      columnSpecs.parameter(),
      ParameterSpec(
        "targets",
        .object([
          ParameterSpec(
            "flow_a", .integer(0...1_000_000), default: "1000", doc: LocalizedText(zh: "流向A目标（项）", en: "flow A target")),
          ParameterSpec(
            "flow_b", .integer(0...1_000_000), default: "1000", doc: LocalizedText(zh: "流向B目标（项）", en: "flow B target")),
        ]), doc: LocalizedText(zh: "目标（默认为 002 §二(四) 所列）", en: "targets (default: those of 002 §二(四))")),
      ParameterSpec(
        "deadline", .date, default: "2025-12-31", doc: LocalizedText(zh: "目标截止日期", en: "deadline of the targets")),
      ParameterSpec(
        "checkpoints", .list(.integer(1...120)), default: "[3, 6, 12]",
        doc: LocalizedText(zh: "路演项目跟踪节点（路演后第几个月）", en: "months after the event to check pitched projects")),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "output", .outputName, default: "cross-region-landing.csv",
        doc: LocalizedText(zh: "落地明细文件名", en: "landing table file name")),
    ],
    example: """
      - plugin: east_west.landing_tracking
        name: 跨区域落地跟踪
        with:
          file: east-west-pairing/data/landing-status.csv
          regions: east-west-pairing/data/regions.csv
          deadline: 2025-12-31
      """)

  /// A landing status.
  public enum Status: String, Sendable, Hashable, CaseIterable {
    /// 意向
    case intent
    /// 签约
    case signed
    /// 落地
    case landed

    init?(text: String) {
      switch text {
      case "意向", "有意向", "intent": self = .intent
      case "签约", "已签约", "signed": self = .signed
      case "落地", "已落地", "转化落地", "转化应用", "landed": self = .landed
      default: return nil
      }
    }

    func name(_ locale: ReportLocale) -> String {
      switch (self, locale) {
      case (.intent, .zhCN): "意向"
      case (.signed, .zhCN): "签约"
      case (.landed, .zhCN): "落地"
      case (_, .en): rawValue
      }
    }
  }

  let file: URL
  let fileName: String
  let table: RegionTable
  let columns: [String: String]
  let targets: (a: Int, b: Int)
  let deadline: String
  let checkpoints: [Int]
  let skipBadRows: Bool
  let encoding: CSVEncoding
  let output: String

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    guard let file = p.url("file"), let name = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少落地情况表", en: "the landing table is missing"), code: .missingKey)
      ])
    }
    self.file = file
    fileName = name
    let south = p.provinces("south_provinces")
    problems += south.problems
    var table = RegionTable(regions: [:], south: Set(south.values))
    if let url = p.url("regions"), let regionsName = p.string("regions"),
      FileManager.default.fileExists(atPath: url.path)
    {
      do {
        table = try RegionTable.read(url, name: regionsName, south: Set(south.values), encoding: p.csvEncoding)
      } catch let error as DataError {
        problems += error.diagnostics
      }
    }
    self.table = table
    let columns = Self.columnSpecs.headers(in: p)
    self.columns = columns
    let t = p.object("targets")
    targets = (t?.int("flow_a") ?? 1000, t?.int("flow_b") ?? 1000)
    deadline = p.string("deadline") ?? "2025-12-31"
    checkpoints = p.strings("checkpoints").compactMap { Int($0) }.sorted()
    skipBadRows = p.badRowPolicy == .skip
    encoding = p.csvEncoding
    output = p.string("output") ?? "cross-region-landing.csv"
    problems += p.missingColumns(
      inFile: "file", keys: ["source", "landing", "status"], headers: columns, columnsKey: "columns")
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// One landing as read and judged.
  struct Landing {
    var id: String
    var title: String
    var source: String
    var landing: String
    var partner: String
    var partnerProvince: String?
    var pair: String
    var status: Status
    var date: String?
    var flow: Result<CrossRegionFlow, FlowRejection>
  }

  func read(_ context: PipelineContext? = nil) throws -> (landings: [Landing], problems: [Diagnostic], rows: Int) {
    let data = try CSVTable.read(
      file, displayName: fileName, encoding: encoding, onBadRow: skipBadRows ? .skip : .stop)
    context?.warn(.followUp, data.warnings)
    let index = data.columnIndices(columns)
    var landings: [Landing] = []
    var problems: [Diagnostic] = data.skippedRows
    for row in data.rows {
      func text(_ key: String) -> String { row.cell(index[key]) }
      let before = problems.count
      func province(_ key: String, required: Bool) -> String? {
        let value = text(key)
        if value.isEmpty && !required { return nil }
        guard let province = Province.parse(value) else {
          let problem = Province.problem(value)
          problems.append(data.badRow(row, column: index[key], problem.message, suggestion: problem.suggestion))
          return nil
        }
        return province
      }
      let source = province("source", required: true)
      let landing = province("landing", required: true)
      let partnerProvince = province("partner_province", required: false)
      let statusText = text("status")
      let status = Status(text: statusText)
      if status == nil {
        problems.append(
          data.badRow(
            row, column: index["status"],
            LocalizedText(
              zh: "无法识别的进展 `\(statusText)`（应为 意向、签约 或 落地）", en: "unknown status `\(statusText)` (意向, 签约 or 落地)")))
      }
      let dateText = text("date")
      if !dateText.isEmpty, CalendarDate.parse(dateText) == nil {
        problems.append(
          data.badRow(
            row, column: index["date"],
            LocalizedText(zh: "日期应为 YYYY-MM-DD，实际为 `\(dateText)`", en: "date must be YYYY-MM-DD, got `\(dateText)`")))
      }
      if status == .landed, dateText.isEmpty {
        problems.append(
          data.badRow(
            row, column: index["date"], LocalizedText(zh: "已落地的项目须填写落地日期", en: "a landed project needs its date")))
      }
      guard problems.count == before, let source, let landing, let status else { continue }
      landings.append(
        Landing(
          id: text("id"), title: text("title"), source: source, landing: landing, partner: text("partner"),
          partnerProvince: partnerProvince, pair: text("pair"), status: status, date: dateText.isEmpty ? nil : dateText,
          flow: table.landingFlow(source: source, landing: landing, partner: partnerProvince)))
    }
    return (landings, problems, data.rows.count + data.malformed.count)
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let (landings, problems, rows) = try read(context)
    if !problems.isEmpty && !skipBadRows { throw DataError(problems) }

    func counted(_ landing: Landing) -> Bool {
      landing.status == .landed && (landing.date.map { $0 <= deadline } ?? false)
    }
    var landed: [CrossRegionFlow: Int] = [:]
    var signed: [CrossRegionFlow: Int] = [:]
    var late: [CrossRegionFlow: Int] = [:]
    var byPair: [String: [CrossRegionFlow: Int]] = [:]
    var outside: [String: Int] = [:]
    var table: [[String]] = []
    for landing in landings {
      let verdict: String
      switch landing.flow {
      case .success(let flow):
        if counted(landing) {
          landed[flow, default: 0] += 1
          byPair[landing.pair.isEmpty ? (zh ? "（未结对）" : "(no pair)") : landing.pair, default: [:]][flow, default: 0] +=
            1
          verdict = zh ? "计入\(flow.label(.zhCN))" : "counted in \(flow.label(.en))"
        } else if landing.status == .landed {
          late[flow, default: 0] += 1
          verdict =
            zh
            ? "\(flow.label(.zhCN))，落地晚于 \(deadline)，不计入" : "\(flow.label(.en)), landed after \(deadline): not counted"
        } else {
          if landing.status == .signed { signed[flow, default: 0] += 1 }
          verdict =
            zh
            ? "\(flow.label(.zhCN))，尚未落地（\(landing.status.name(.zhCN))）"
            : "\(flow.label(.en)), not landed yet (\(landing.status.name(.en)))"
        }
        table.append(line(landing, flow: flow.rawValue, verdict: verdict))
      case .failure(let rejection):
        outside[rejection.reason(locale), default: 0] += 1
        table.append(line(landing, flow: "", verdict: (zh ? "不计入：" : "not counted: ") + rejection.reason(locale)))
      }
    }

    let source = SeedReference.localized("002 §二(四)", context.locale)
    let unit = LocalizedText(zh: "项", en: "")
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(
          zh: "东北、西部成果引入东部、南部资本和产业就地转化（流向A）",
          en: "Northeast/west achievements transformed at home with east/south capital (flow A)"),
        value: Double(landed[.a] ?? 0), target: Double(targets.a), unit: unit, source: source),
      ProgressIndicator(
        name: LocalizedText(
          zh: "东部、南部成果到东北、西部转化落地（流向B）", en: "East/south achievements landed in the northeast/west (flow B)"),
        value: Double(landed[.b] ?? 0), target: Double(targets.b), unit: unit, source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "流向A 已签约待落地", en: "Flow A signed, not landed yet"), value: Double(signed[.a] ?? 0),
        unit: unit,
        source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "流向B 已签约待落地", en: "Flow B signed, not landed yet"), value: Double(signed[.b] ?? 0),
        unit: unit,
        source: source),
    ]

    var leadsByID: [String: [String]] = [:]
    for landing in landings where !landing.id.isEmpty && !landing.partner.isEmpty {
      leadsByID[landing.id, default: []].append(landing.partner)
    }
    let cases = input.pitched.map { candidate -> FollowUpCase in
      let a = candidate.achievement
      let milestones = Milestone.checkpoints(checkpoints, after: context.eventDate) { index, _ in
        Self.check(index: index, count: checkpoints.count)
      }
      // Leads are the capital and industry partners of the landing file; the pair's counterpart
      // (a city or a university) is not an interested enterprise.
      let leads = ((leadsByID[a.id.rawValue] ?? []) + (leadsByID[a.id.externalID] ?? [])).uniqued()
      return FollowUpCase(
        achievement: a.id, title: a.title, services: [.transaction, .financing, .scenarioApplication],
        milestones: milestones, leads: leads)
    }

    let header =
      zh
      ? ["成果编号", "成果名称", "成果所在省份", "转化落地省份", "合作方", "合作方省份", "结对", "进展", "日期", "流向", "判定"]
      : [
        "id", "title", "source province", "landing province", "partner", "partner province", "pair", "status", "date",
        "flow", "verdict",
      ]
    var md = zh ? "# 跨区域转化落地跟踪\n\n" : "# Cross-region landing tracking\n\n"
    md +=
      zh
      ? "落地情况表 \(fileName)：读取 \(rows) 行，有效 \(landings.count) 行，跳过 \(problems.count) 行；截止日期 \(deadline)。\n\n"
      : "Landing table \(fileName): \(rows) rows read, \(landings.count) valid, \(problems.count) skipped; deadline \(deadline).\n\n"
    md +=
      zh
      ? "| 流向 | 已落地（计入） | 目标 | 已签约 | 逾期落地 |\n|---|---|---|---|---|\n"
      : "| Flow | Landed (counted) | Target | Signed | Landed late |\n|---|---|---|---|---|\n"
    for flow in CrossRegionFlow.allCases {
      md +=
        "| \(flow.name(locale)) | \(landed[flow] ?? 0) | \(flow == .a ? targets.a : targets.b) | \(signed[flow] ?? 0) | \(late[flow] ?? 0) |\n"
    }
    md +=
      zh
      ? "\n## 按结对\n\n| 结对 | 流向A | 流向B |\n|---|---|---|\n"
      : "\n## By pair\n\n| Pair | Flow A | Flow B |\n|---|---|---|\n"
    for (pair, counts) in byPair.sorted(by: { $0.key < $1.key }) {
      md += "| \(ReportFormat.tableCell(pair)) | \(counts[.a] ?? 0) | \(counts[.b] ?? 0) |\n"
    }
    if !outside.isEmpty {
      md +=
        zh
        ? "\n## 不属两类流向（不计入）\n\n| 原因 | 行数 |\n|---|---|\n"
        : "\n## In neither flow (not counted)\n\n| Reason | Rows |\n|---|---|\n"
      for (reason, count) in outside.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
        md += "| \(ReportFormat.tableCell(reason)) | \(count) |\n"
      }
    }
    return FollowUpResult(
      cases: cases, indicators: indicators,
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: table)),
        OutputFile(name: "cross-region-landing.md", text: md),
      ])
  }

  private func line(_ landing: Landing, flow: String, verdict: String) -> [String] {
    [
      landing.id, landing.title, landing.source, landing.landing, landing.partner, landing.partnerProvince ?? "",
      landing.pair,
      landing.status.rawValue, landing.date ?? "", flow, verdict,
    ]
  }

  static func check(index: Int, count: Int) -> LocalizedText {
    if index == 0 && count > 1 {
      return LocalizedText(
        zh: "两地对接意向落实：洽谈、考察、签约意向", en: "Leads of both sides followed up: talks, visits, letters of intent")
    }
    if index < count - 1 {
      return LocalizedText(zh: "合作协议签署，资本、产业资源到位情况", en: "Agreements signed; capital and industrial resources in place")
    }
    return LocalizedText(
      zh: "跨区域落地转化：落地省份、合作方、技术合同登记；按流向A、B分别计数",
      en: "Cross-region landing: province, partner, registered contract; counted under flow A or B")
  }
}
