import Foundation
import RoadshowKernel

/// Demonstration tracking (应用示范跟踪, 002 §二(六)1): reads the demonstration reports of the
/// counties (area in mu, yield of the demonstration field and of the control, variety), measures
/// them against the seed's targets — 100 breakthrough varieties demonstrated with +8 % yield per mu
/// and 500 million mu in all; 300,000 mu of core farmland-quality demonstration with +10 % grain
/// yield — and rolls them up along the four-level network ministry–province–city–county (部省市县).
///
/// Yield change = (demonstration − control) / control, averaged over rows weighted by area. Every
/// pitched project gets a demonstration follow-up case (sowing, mid-season check, yield measurement).
public struct DemonstrationTracking: FollowUpService {
  static let columnSpecs = CSVColumns([
    (
      "id", "成果编号",
      LocalizedText(zh: "成果编号列（可空；用于关联项目库）", en: "achievement id column (may be empty; links to the library)")
    ),
    ("kind", "示范类型", LocalizedText(zh: "示范类型列：新品种 / 耕地质量", en: "kind column: 新品种 (variety) / 耕地质量 (farmland quality)")),
    ("variety", "品种名称", LocalizedText(zh: "品种名称列（新品种示范必填）", en: "variety column (required for variety rows)")),
    ("crop", "作物", LocalizedText(zh: "作物列", en: "crop column")),
    ("farmland", "耕地场景", LocalizedText(zh: "耕地场景列", en: "farmland scenario column")),
    ("province", "省份", LocalizedText(zh: "省份列", en: "province column")),
    ("city", "地市", LocalizedText(zh: "地市列", en: "city column")),
    ("county", "县（市、区）", LocalizedText(zh: "县（市、区）列", en: "county column")),
    ("area", "示范面积（亩）", LocalizedText(zh: "示范面积（亩）列", en: "demonstration area (mu) column")),
    ("baseline", "对照单产（公斤/亩）", LocalizedText(zh: "对照单产列", en: "control yield (kg/mu) column")),
    ("yield", "示范单产（公斤/亩）", LocalizedText(zh: "示范单产列", en: "demonstration yield (kg/mu) column")),
    (
      "core", "核心示范",
      LocalizedText(
        zh: "是否核心示范列（是/否；无此列时耕地质量示范均计为核心示范）",
        en: "core demonstration column (是/否; without it every farmland row is core)")
    ),
  ])

  public static let description = PluginDescription(
    id: "agriculture.demonstration_tracking", kind: .followUp, track: "agriculture",
    title: LocalizedText(zh: "示范跟踪", en: "Demonstration tracking"),
    summary: LocalizedText(
      zh: "跟踪新品种和耕地质量提升示范（面积、增产、品种），对照100个新品种增产8%、30万亩核心示范增产10%目标，按部省市县四级汇总",
      en:
        "Tracks variety and farmland-quality demonstrations (area, yield change, varieties) against the seed's targets and rolls them up ministry–province–city–county"
    ),
    parameters: [
      ParameterSpec(
        "file", .file, required: true, doc: LocalizedText(zh: "示范跟踪表（CSV）", en: "demonstration tracking table (CSV)")),
      columnSpecs.parameter(),
      ParameterSpec(
        "targets",
        .object([
          ParameterSpec(
            "varieties", .integer(1...100_000), default: "100",
            doc: LocalizedText(zh: "突破性新品种转化示范（个）", en: "breakthrough varieties demonstrated")),
          ParameterSpec(
            "variety_yield_gain", .number(0...100), default: "8",
            doc: LocalizedText(zh: "新品种亩均增产（%）", en: "variety yield gain per mu (%)")),
          ParameterSpec(
            "variety_area", .number(0...1e10), default: "500000000",
            doc: LocalizedText(zh: "新品种累计示范面积（亩）", en: "cumulative variety demonstration area (mu)")),
          ParameterSpec(
            "farmland_area", .number(0...1e10), default: "300000",
            doc: LocalizedText(zh: "耕地质量提升核心示范面积（亩）", en: "core farmland-quality demonstration area (mu)")),
          ParameterSpec(
            "farmland_yield_gain", .number(0...100), default: "10",
            doc: LocalizedText(zh: "核心示范粮食单产提升（%）", en: "grain yield gain of the core demonstration (%)")),
        ]), doc: LocalizedText(zh: "目标（默认为 002 §二(六) 所列）", en: "targets (default: those of 002 §二(六))")),
      ParameterSpec(
        "ministry", .text,
        doc: LocalizedText(
          zh: "四级网络的部级名称（默认：科技部农村科技司、农村中心）",
          en:
            "the ministry level's name in the network (default: MOST Department of Rural S&T and China Rural Technology Development Center)"
        )),
      ParameterSpec(
        "checkpoints", .list(.integer(1...120)), default: "[2, 5, 8]",
        doc: LocalizedText(
          zh: "路演项目示范跟踪节点（路演后第几个月：播种、田间检查、测产验收）",
          en: "months after the event for sowing, field check and yield measurement")),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "rollup", .outputName, default: "demonstration-rollup.csv",
        doc: LocalizedText(zh: "四级汇总表文件名", en: "roll-up file name")),
    ],
    example: """
      - plugin: agriculture.demonstration_tracking
        name: 示范跟踪
        with:
          file: agri-parks-counties/data/demonstration-tracking.csv
          targets: {varieties: 100, variety_yield_gain: 8, farmland_area: 300000, farmland_yield_gain: 10}
      """)

  /// One demonstration report, as read.
  public struct Report: Sendable, Hashable {
    /// Kind of demonstration.
    public enum Kind: String, Sendable, Hashable {
      /// 新品种转化示范
      case variety
      /// 耕地质量提升示范
      case farmland
    }
    /// The achievement's id as written (may be empty).
    public var achievement: String
    /// Kind.
    public var kind: Kind
    /// Variety name, for variety rows.
    public var variety: String
    /// Crop.
    public var crop: String
    /// Farmland scenario.
    public var farmland: String
    /// Province (short name).
    public var province: String
    /// City (地市).
    public var city: String
    /// County (县、市、区).
    public var county: String
    /// Area in mu.
    public var area: Double
    /// Control yield, kg/mu.
    public var baseline: Double
    /// Demonstration yield, kg/mu.
    public var yield: Double
    /// Whether it counts as core demonstration.
    public var core: Bool

    /// Yield change in percent.
    public var gain: Double { (yield - baseline) / baseline * 100 }
  }

  /// Totals of a set of reports.
  public struct Totals: Sendable, Hashable {
    /// Reports counted.
    public var reports = 0
    /// Distinct varieties.
    public var varieties: Set<String> = []
    /// Variety demonstration area, mu.
    public var varietyArea = 0.0
    /// Σ area × gain of variety rows.
    var varietyWeighted = 0.0
    /// Core farmland demonstration area, mu.
    public var farmlandArea = 0.0
    /// Σ area × gain of core farmland rows.
    var farmlandWeighted = 0.0

    /// Area-weighted yield gain of variety rows, %.
    public var varietyGain: Double? { varietyArea > 0 ? varietyWeighted / varietyArea : nil }
    /// Area-weighted yield gain of core farmland rows, %.
    public var farmlandGain: Double? { farmlandArea > 0 ? farmlandWeighted / farmlandArea : nil }

    /// Adds a report.
    public mutating func add(_ report: Report) {
      reports += 1
      switch report.kind {
      case .variety:
        varieties.insert(report.variety)
        varietyArea += report.area
        varietyWeighted += report.area * report.gain
      case .farmland where report.core:
        farmlandArea += report.area
        farmlandWeighted += report.area * report.gain
      case .farmland:
        break
      }
    }
  }

  let file: URL
  let fileName: String
  let columns: [String: String]
  let targets: (varieties: Double, varietyGain: Double, varietyArea: Double, farmlandArea: Double, farmlandGain: Double)
  let configuredMinistry: String?
  let checkpoints: [Int]
  let skipBadRows: Bool
  let encoding: CSVEncoding
  let rollup: String

  public init(parameters p: ParameterValues) throws {
    guard let file = p.url("file"), let name = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少示范跟踪表", en: "the tracking table is missing"), code: .missingKey)
      ])
    }
    self.file = file
    fileName = name
    let columns = Self.columnSpecs.headers(in: p)
    self.columns = columns
    let t = p.object("targets")
    targets = (
      Double(t?.int("varieties") ?? 100), t?.double("variety_yield_gain") ?? 8, t?.double("variety_area") ?? 5e8,
      t?.double("farmland_area") ?? 300_000, t?.double("farmland_yield_gain") ?? 10
    )
    configuredMinistry = p.string("ministry")
    checkpoints = p.strings("checkpoints").compactMap { Int($0) }.sorted()
    skipBadRows = p.badRowPolicy == .skip
    encoding = p.csvEncoding
    rollup = p.string("rollup") ?? "demonstration-rollup.csv"
    let problems = p.missingColumns(
      inFile: "file", keys: ["kind", "province", "city", "county", "area", "baseline", "yield"], headers: columns,
      columnsKey: "columns")
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// Reads every report; bad rows are returned with file, row and column.
  func read(_ context: PipelineContext? = nil) throws -> (reports: [Report], problems: [Diagnostic], rows: Int) {
    let data = try CSVTable.read(
      file, displayName: fileName, encoding: encoding, onBadRow: skipBadRows ? .skip : .stop)
    context?.warn(.followUp, data.warnings)
    let index = data.columnIndices(columns)
    var reports: [Report] = []
    var problems: [Diagnostic] = data.skippedRows
    for row in data.rows {
      func text(_ key: String) -> String { row.cell(index[key]) }
      func bad(_ key: String, _ zh: String, _ en: String) {
        problems.append(data.badRow(row, column: index[key], LocalizedText(zh: zh, en: en)))
      }
      func number(_ key: String, _ name: (zh: String, en: String), positive: Bool) -> Double? {
        let value = text(key)
        guard let number = Double(value.replacingOccurrences(of: ",", with: "")), number.isFinite,
          positive ? number > 0 : number >= 0
        else {
          bad(
            key, "\(name.zh)应为\(positive ? "正数" : "非负数")，实际为 `\(value)`",
            "\(name.en) must be a \(positive ? "positive" : "non-negative") number, got `\(value)`")
          return nil
        }
        return number
      }
      let before = problems.count
      let kindText = text("kind")
      let kind: Report.Kind?
      switch kindText {
      case "新品种", "新品种示范", "品种", "variety": kind = .variety
      case "耕地质量", "耕地质量提升", "耕地", "farmland": kind = .farmland
      default:
        kind = nil
        bad("kind", "无法识别的示范类型 `\(kindText)`（应为 新品种 或 耕地质量）", "unknown kind `\(kindText)` (新品种 or 耕地质量)")
      }
      let provinceText = text("province")
      let province = Province.normalize(provinceText)
      if province == nil { bad("province", "无法识别的省份 `\(provinceText)`", "unknown province `\(provinceText)`") }
      if text("city").isEmpty { bad("city", "地市为空", "city is empty") }
      if text("county").isEmpty { bad("county", "县（市、区）为空", "county is empty") }
      let area = number("area", ("示范面积", "area"), positive: true)
      let baseline = number("baseline", ("对照单产", "control yield"), positive: true)
      let yield = number("yield", ("示范单产", "demonstration yield"), positive: false)
      if kind == .variety, text("variety").isEmpty {
        bad("variety", "新品种示范须填写品种名称", "a variety row needs the variety's name")
      }
      let coreText = text("core")
      let core: Bool
      switch coreText {
      case "是", "核心", "yes", "true", "1": core = true
      case "否", "辐射", "no", "false", "0": core = false
      case "": core = index["core"] == nil || kind == .variety ? true : false
      default:
        core = false
        bad("core", "核心示范应为 是 或 否，实际为 `\(coreText)`", "core must be 是 or 否, got `\(coreText)`")
      }
      guard problems.count == before, let kind, let province, let area, let baseline, let yield else { continue }
      reports.append(
        Report(
          achievement: text("id"), kind: kind, variety: text("variety"), crop: text("crop"), farmland: text("farmland"),
          province: province, city: text("city"), county: text("county"), area: area, baseline: baseline, yield: yield,
          core: core))
    }
    return (reports, problems, data.rows.count + data.malformed.count)
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let ministry =
      configuredMinistry
      ?? (context.locale == .zhCN
        ? "科技部农村科技司、农村中心" : "MOST Department of Rural S&T and China Rural Technology Development Center")
    let locale = context.locale
    let zh = locale == .zhCN
    let (reports, problems, rows) = try read(context)
    if !problems.isEmpty && !skipBadRows { throw DataError(problems) }

    var total = Totals()
    var byProvince: [String: Totals] = [:]
    var byCity: [String: Totals] = [:]
    var byCounty: [String: Totals] = [:]
    var varietyTotals: [String: Totals] = [:]
    for report in reports {
      total.add(report)
      byProvince[report.province, default: Totals()].add(report)
      byCity[report.province + "/" + report.city, default: Totals()].add(report)
      byCounty[report.province + "/" + report.city + "/" + report.county, default: Totals()].add(report)
      if report.kind == .variety { varietyTotals[report.variety, default: Totals()].add(report) }
    }
    let meeting = varietyTotals.filter { ($0.value.varietyGain ?? -.infinity) >= targets.varietyGain }.count

    // Link reports to the library by full or source id.
    var known: [String: AchievementID] = [:]
    for record in input.library {
      known[record.id.rawValue] = record.id
      known[record.id.externalID] = record.id
    }
    var sites: [AchievementID: [String]] = [:]
    var unlinked = 0
    for report in reports where !report.achievement.isEmpty {
      guard let id = known[report.achievement] else {
        unlinked += 1
        continue
      }
      sites[id, default: []].append("\(report.province)\(report.city)\(report.county)")
    }

    let source = SeedReference.localized("002 §二(六)1", locale)
    let mu = LocalizedText(zh: "亩", en: " mu")
    let percent = LocalizedText(verbatim: "%")
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "突破性新品种转化示范", en: "Breakthrough varieties demonstrated"),
        value: Double(total.varieties.count), target: targets.varieties, unit: LocalizedText(zh: "个", en: ""),
        source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "新品种示范亩均增产", en: "Yield gain per mu of variety demonstrations"),
        value: Self.rounded(total.varietyGain ?? 0), target: targets.varietyGain, unit: percent, source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "新品种累计示范面积", en: "Cumulative variety demonstration area"),
        value: total.varietyArea, target: targets.varietyArea, unit: mu, source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "耕地质量提升核心示范面积", en: "Core farmland-quality demonstration area"),
        value: total.farmlandArea, target: targets.farmlandArea, unit: mu, source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "核心示范粮食单产提升", en: "Grain yield gain of the core demonstration"),
        value: Self.rounded(total.farmlandGain ?? 0), target: targets.farmlandGain, unit: percent, source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "已开展示范的路演项目", en: "Pitched projects already demonstrated"),
        value: Double(input.pitched.filter { sites[$0.id] != nil }.count), target: Double(input.pitched.count),
        unit: LocalizedText(zh: "个", en: ""), source: SeedReference.localized("002 §二(六)2", locale)),
    ]

    let cases = input.pitched.map { candidate -> FollowUpCase in
      let a = candidate.achievement
      // Demonstration sites are counties and parks, not interested enterprises: they go with the
      // first checkpoint, and the case has no leads of its own.
      let places = (sites[a.id] ?? []).uniqued()
      let milestones = Milestone.checkpoints(checkpoints, after: context.eventDate) { index, _ in
        let check = Self.check(index: index, count: checkpoints.count)
        guard index == 0, !places.isEmpty else { return check }
        return LocalizedText(
          zh: check.zh + "（已报示范地：\(places.joined(separator: "、"))）",
          en: check.en + " (demonstration sites reported: \(places.joined(separator: "; ")))")
      }
      var services: [FollowUpServiceKind] = [.scenarioApplication]
      if (a.readiness.value ?? 0) <= 5 { services.insert(.proofOfConcept, at: 0) }
      return FollowUpCase(achievement: a.id, title: a.title, services: services, milestones: milestones)
    }

    // The roll-up: ministry, then each province with its cities and counties.
    let header =
      zh
      ? ["层级", "名称", "上级", "示范点数", "新品种数", "新品种示范面积（亩）", "新品种亩均增产（%）", "核心示范面积（亩）", "核心示范单产提升（%）"]
      : [
        "level", "name", "parent", "reports", "varieties", "variety area (mu)", "variety yield gain (%)",
        "core area (mu)", "core yield gain (%)",
      ]
    func line(_ level: String, _ name: String, _ parent: String, _ t: Totals) -> [String] {
      [
        level, name, parent, String(t.reports), String(t.varieties.count), ReportFormat.number(t.varietyArea),
        t.varietyGain.map { ReportFormat.number($0) } ?? "", ReportFormat.number(t.farmlandArea),
        t.farmlandGain.map { ReportFormat.number($0) } ?? "",
      ]
    }
    var table = [line(zh ? "部" : "ministry", ministry, "", total)]
    for province in byProvince.keys.sorted(by: {
      (Province.all.firstIndex(of: $0) ?? 99) < (Province.all.firstIndex(of: $1) ?? 99)
    }) {
      table.append(line(zh ? "省" : "province", province, ministry, byProvince[province] ?? Totals()))
      for cityKey in byCity.keys.sorted() where cityKey.hasPrefix(province + "/") {
        let city = String(cityKey.dropFirst(province.count + 1))
        table.append(line(zh ? "市" : "city", city, province, byCity[cityKey] ?? Totals()))
        for countyKey in byCounty.keys.sorted() where countyKey.hasPrefix(cityKey + "/") {
          table.append(
            line(
              zh ? "县" : "county", String(countyKey.dropFirst(cityKey.count + 1)), city, byCounty[countyKey] ?? Totals()
            ))
        }
      }
    }

    var md = zh ? "# 农业科技成果应用示范跟踪\n\n" : "# Demonstration tracking\n\n"
    md +=
      zh
      ? "示范跟踪表 \(fileName)：读取 \(rows) 行，有效 \(reports.count) 行，跳过 \(problems.count) 行；关联项目库 \(reports.filter { !$0.achievement.isEmpty }.count - unlinked) 行，编号未在项目库中 \(unlinked) 行。\n\n"
      : "Tracking table \(fileName): \(rows) rows read, \(reports.count) valid, \(problems.count) skipped; \(reports.filter { !$0.achievement.isEmpty }.count - unlinked) linked to the library, \(unlinked) with ids not in the library.\n\n"
    md +=
      zh
      ? "- 新品种：\(total.varieties.count) 个，示范面积 \(ReportFormat.number(total.varietyArea)) 亩，亩均增产 \(ReportFormat.number(total.varietyGain ?? 0))%；增产达 \(ReportFormat.number(targets.varietyGain))% 的品种 \(meeting) 个。\n- 耕地质量提升核心示范：\(ReportFormat.number(total.farmlandArea)) 亩，粮食单产提升 \(ReportFormat.number(total.farmlandGain ?? 0))%。\n\n"
      : "- Varieties: \(total.varieties.count), \(ReportFormat.number(total.varietyArea)) mu, yield +\(ReportFormat.number(total.varietyGain ?? 0))% per mu; \(meeting) reach +\(ReportFormat.number(targets.varietyGain))%.\n- Core farmland-quality demonstration: \(ReportFormat.number(total.farmlandArea)) mu, grain yield +\(ReportFormat.number(total.farmlandGain ?? 0))%.\n\n"
    md += zh ? "## 部省市县四级汇总（省级）\n\n" : "## Roll-up by province\n\n"
    md +=
      "| \(header[1]) | \(header[3]) | \(header[4]) | \(header[5]) | \(header[6]) | \(header[7]) | \(header[8]) |\n|---|---|---|---|---|---|---|\n"
    for row in table where row[0] == (zh ? "部" : "ministry") || row[0] == (zh ? "省" : "province") {
      md += "| \(row[1]) | \(row[3]) | \(row[4]) | \(row[5]) | \(row[6]) | \(row[7]) | \(row[8]) |\n"
    }
    md += zh ? "\n市、县两级见 \(rollup)。\n" : "\nCities and counties are in \(rollup).\n"
    return FollowUpResult(
      cases: cases, indicators: indicators,
      artifacts: [
        OutputFile(name: rollup, text: CSVWriter.text(header: header, rows: table)),
        OutputFile(name: "demonstration-tracking.md", text: md),
      ])
  }

  static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

  static func check(index: Int, count: Int) -> LocalizedText {
    if index == 0 && count > 1 {
      return LocalizedText(
        zh: "落实示范园区（县）和示范田，完成播种（定植），登记示范面积与品种",
        en: "Demonstration park or county and fields fixed; sown or planted; area and variety registered")
    }
    if index < count - 1 {
      return LocalizedText(zh: "田间长势与关键技术到位情况检查", en: "Field check: crop growth and key techniques in place")
    }
    return LocalizedText(
      zh: "测产验收：示范面积、亩产、增产幅度，报县—市—省—部四级汇总",
      en: "Yield measurement: area, yield per mu, gain; reported county–city–province–ministry")
  }
}
