import Foundation
import RoadshowKernel

/// The kind of an investor at the demo day (天使投资进校园, 002 §二（二）2).
enum InvestorKind: String, CaseIterable {
  /// 天使投资（人或机构）
  case angel
  /// 国家科技成果转化引导基金子基金
  case guidanceSubFund = "guidance_sub_fund"
  /// 市场化创投基金
  case venture
  /// 银行（科技信贷）
  case bank

  init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces)
    if let kind = InvestorKind(rawValue: value.lowercased()) {
      self = kind
      return
    }
    switch value {
    case "天使投资", "天使", "天使投资人", "天使投资机构": self = .angel
    case "引导基金子基金", "子基金", "国家科技成果转化引导基金子基金", "成果转化引导基金子基金": self = .guidanceSubFund
    case "创投", "创投基金", "风险投资", "市场化基金", "VC": self = .venture
    case "银行", "科技银行", "商业银行": self = .bank
    default: return nil
    }
  }

  func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.angel, .zhCN): "天使投资"
    case (.angel, .en): "angel"
    case (.guidanceSubFund, .zhCN): "引导基金子基金"
    case (.guidanceSubFund, .en): "guidance-fund sub-fund"
    case (.venture, .zhCN): "创投基金"
    case (.venture, .en): "venture fund"
    case (.bank, .zhCN): "银行"
    case (.bank, .en): "bank"
    }
  }
}

/// An investor from the investors file.
struct Investor: Hashable {
  var name: String
  var kind: InvestorKind
  var fields: [String]

  static let headers = ["名称", "类型", "关注领域"]

  /// Reads an investors file (CSV: 名称, 类型, 关注领域). An unknown kind is a bad row at its column.
  static func read(_ url: URL, name: String, encoding: CSVEncoding = .auto) throws -> [Investor] {
    let (table, columns) = try PeopleFile.read(url, name: name, headers: headers, encoding: encoding)
    var investors: [Investor] = []
    var problems: [Diagnostic] = []
    for row in table.rows {
      let investor = row.cell(columns[0])
      let kindText = row.cell(columns[1])
      guard !investor.isEmpty else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: name, line: row.line, column: columns[0] + 1), keyPath: headers[0],
            message: LocalizedText(zh: "第 \(row.number) 行：名称为空", en: "row \(row.number): name is empty")))
        continue
      }
      guard let kind = InvestorKind(text: kindText) else {
        problems.append(
          Diagnostic.badRow(
            file: name, line: row.line, row: row.number, column: columns[1] + 1, header: headers[1],
            LocalizedText(
              zh: "无法识别的类型 `\(kindText)`（天使投资/引导基金子基金/创投基金/银行）",
              en: "unknown kind `\(kindText)` (angel, guidance_sub_fund, venture, bank)"),
            suggestion: Suggestions.nearest(to: kindText, in: InvestorKind.allCases.map(\.rawValue))))
        continue
      }
      investors.append(Investor(name: investor, kind: kind, fields: PeopleFile.list(row.cell(columns[2]))))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return investors
  }

  func matches(_ achievement: Achievement) -> Bool {
    let field = achievement.field ?? ""
    let text = achievement.title + " " + field + " " + (achievement.summary ?? "")
    return fields.contains { !$0.isEmpty && text.contains($0) }
  }
}

/// The training camp as events (科创训练营, 002 §二（二）2): camp days of training modules, then a
/// demo day (路演日) where the teams pitch to angel investors and guidance-fund sub-funds, each
/// pitch reviewed by a panel of investors whose focus fits it, ending in one-to-one meetings
/// (天使投资进校园，投资机构与高校建立项目推荐机制).
///
/// Camp days run two slots a day (morning and afternoon) from `camp_start`; the demo day is on
/// `demo_day` (by default the config's `event_date`). Writes which investors each team is
/// recommended to.
public struct CampDemoDay: EventFormat {
  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.camp_demo_day", kind: .event, track: "university",
    title: LocalizedText(zh: "训练营与路演日", en: "Camp and demo day"),
    summary: LocalizedText(
      zh: "科创训练营活动编排：分日授课（企业管理、市场运营、法律、财务）与模拟路演，最后举办面向天使投资和引导基金子基金的路演日",
      en:
        "Training camp as events: module days (management, market, law, finance) and a rehearsal, then a demo day for angel investors and guidance-fund sub-funds"
    ),
    parameters: [
      ParameterSpec(
        "title", .text,
        doc: LocalizedText(zh: "训练营名称（默认“科创训练营”）", en: "camp name (default: 科创训练营 / Training camp)")),
      ParameterSpec("venue", .text, doc: LocalizedText(zh: "地点（默认为申报表中的地点）", en: "venue (default: the host's venue)")),
      ParameterSpec(
        "camp_start", .date,
        doc: LocalizedText(
          zh: "训练营首日（默认为路演日前的连续若干天）", en: "first camp day (default: the days just before the demo day)")),
      ParameterSpec(
        "demo_day", .date,
        doc: LocalizedText(zh: "路演日（默认为配置中的 event_date）", en: "demo day (default: the config's event_date)")),
      ParameterSpec(
        "modules", .list(.choice(CampModule.allCases.map(\.rawValue))),
        default: "[\(CampModule.campDefaults.map(\.rawValue).joined(separator: ", "))]",
        doc: LocalizedText(zh: "授课模块，按顺序排课", en: "modules taught, in order")),
      ParameterSpec(
        "module_minutes", .integer(30...480), default: "180",
        doc: LocalizedText(zh: "每个模块时长（分钟）", en: "minutes per module")),
      ParameterSpec("day_start", .time, default: "09:00", doc: LocalizedText(zh: "上午开始时间", en: "morning start")),
      ParameterSpec(
        "afternoon_start", .time, default: "14:00", doc: LocalizedText(zh: "下午开始时间", en: "afternoon start")),
      ParameterSpec(
        "rehearsal", .boolean, default: "true",
        doc: LocalizedText(zh: "训练营最后安排模拟路演与导师点评", en: "end the camp with a rehearsal reviewed by mentors")),
      ParameterSpec(
        "mentors", .file,
        doc: LocalizedText(
          zh: "导师名单（CSV：姓名、单位、擅长模块），用于安排授课人", en: "mentors (CSV: 姓名, 单位, 擅长模块), to name the lecturers")),
      ParameterSpec(
        "keynotes", .list(.object(Keynote.parameterSpecs(defaultMinutes: 15))),
        doc: LocalizedText(zh: "路演日主旨演讲与经验分享", en: "demo-day keynotes and experience sharing")),
      ParameterSpec(
        "opening_minutes", .integer(0...120), default: "10",
        doc: LocalizedText(zh: "路演日开场致辞时长（分钟）", en: "demo-day opening, minutes")),
      ParameterSpec(
        "pitch_minutes", .integer(3...30), default: "6", doc: LocalizedText(zh: "每支团队路演时长", en: "minutes per pitch")),
      ParameterSpec(
        "review_minutes", .integer(0...20), default: "3",
        doc: LocalizedText(zh: "每支团队投资人点评时长", en: "investor review minutes per team")),
      ParameterSpec(
        "break_after", .integer(1...50), default: "8",
        doc: LocalizedText(zh: "每多少支团队后茶歇", en: "a break after this many pitches")),
      ParameterSpec(
        "break_minutes", .integer(0...60), default: "15", doc: LocalizedText(zh: "茶歇时长", en: "break minutes")),
      ParameterSpec(
        "docking_minutes", .integer(0...480), default: "90",
        doc: LocalizedText(zh: "投资人一对一对接时长", en: "one-to-one meetings with investors, minutes")),
      ParameterSpec(
        "investors", .file,
        doc: LocalizedText(
          zh: "投资机构（CSV：名称、类型（天使投资/引导基金子基金/创投基金/银行）、关注领域）",
          en: "investors (CSV: 名称 name, 类型 kind: angel/guidance_sub_fund/venture/bank, 关注领域 focus)")),
      ParameterSpec(
        "investors_per_review", .integer(1...9), default: "3",
        doc: LocalizedText(zh: "每支团队的点评投资人数", en: "investors reviewing each pitch")),
      ParameterSpec(
        "matching", .outputName, default: "demo-day-matching.csv",
        doc: LocalizedText(zh: "项目—投资机构推荐表文件名", en: "team–investor recommendation file name")),
      .encoding,
    ],
    example: """
      - plugin: university.camp_demo_day
        name: 训练营与路演日
        with:
          camp_start: 2024-11-18
          demo_day: 2024-11-22
          modules: [enterprise_management, market_operation, legal, finance]
          mentors: university-spinoff/data/mentors.csv
          investors: university-spinoff/data/investors.csv
          keynotes:
            - {speaker: 引导基金子基金代表, topic: 早期硬科技项目的投资逻辑, minutes: 15}
      """)

  let title: String?
  let venue: String?
  let campStart: String?
  let demoDay: String?
  let modules: [CampModule]
  let moduleMinutes: Int
  let dayStart: Int
  let afternoonStart: Int
  let rehearsal: Bool
  let mentorsFile: URL?
  let mentorsName: String?
  let keynotes: [Keynote]
  let opening: Int
  let pitch: Int
  let review: Int
  let breakAfter: Int
  let breakMinutes: Int
  let docking: Int
  let investorsFile: URL?
  let investorsName: String?
  let perReview: Int
  let matching: String

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    title = p.string("title")
    venue = p.string("venue")
    campStart = p.string("camp_start")
    demoDay = p.string("demo_day")
    modules = p.strings("modules", otherwise: CampModule.campDefaults.map(\.rawValue)).compactMap(
      CampModule.init(rawValue:)
    ).uniqued()
    moduleMinutes = p.int("module_minutes") ?? 180
    dayStart = p.minutes("day_start") ?? 540
    afternoonStart = p.minutes("afternoon_start") ?? 840
    rehearsal = p.bool("rehearsal") ?? true
    mentorsFile = p.url("mentors")
    mentorsName = p.string("mentors")
    keynotes = Keynote.list("keynotes", in: p, defaultMinutes: 15)
    opening = p.int("opening_minutes") ?? 10
    pitch = p.int("pitch_minutes") ?? 6
    review = p.int("review_minutes") ?? 3
    breakAfter = p.int("break_after") ?? 8
    breakMinutes = p.int("break_minutes") ?? 15
    docking = p.int("docking_minutes") ?? 90
    investorsFile = p.url("investors")
    investorsName = p.string("investors")
    perReview = p.int("investors_per_review") ?? 3
    matching = p.string("matching") ?? "demo-day-matching.csv"
    var problems: [Diagnostic] = []
    if afternoonStart <= dayStart {
      problems.append(
        p.problem(
          "afternoon_start",
          LocalizedText(zh: "下午开始时间须晚于上午开始时间", en: "the afternoon must start after the morning")))
    }
    if dayStart + moduleMinutes > 24 * 60 {
      problems.append(
        p.problem(
          "module_minutes", LocalizedText(zh: "模块时长超出当天", en: "a module would run past midnight"),
          code: .outOfRange))
    }
    if let start = campStart, let day = demoDay, start > day {
      problems.append(
        p.problem(
          "camp_start", LocalizedText(zh: "训练营首日晚于路演日 \(day)", en: "the camp starts after the demo day \(day)")))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// The camp's slots, in order: each module, then the rehearsal.
  func slots(_ locale: ReportLocale) -> [(title: String, module: CampModule?)] {
    modules.map { (locale == .zhCN ? "\($0.name(locale))模块" : "Module: \($0.name(locale))", $0) }
      + (rehearsal ? [(locale == .zhCN ? "模拟路演与导师点评" : "Rehearsal reviewed by mentors", nil)] : [])
  }

  /// Plans the camp days and the demo day for the admitted teams.
  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let mentors =
      try mentorsFile.map { try Mentor.read($0, name: mentorsName ?? $0.lastPathComponent, encoding: encoding) } ?? []
    let investors =
      try investorsFile.map { try Investor.read($0, name: investorsName ?? $0.lastPathComponent, encoding: encoding) }
      ?? []
    let cohort = input.selected
    let name = title ?? (zh ? "科创训练营" : "Training camp")
    let place = venue ?? context.host.venue

    // Camp days: two slots a day when a module fits the morning, else one.
    let perDay = dayStart + moduleMinutes <= afternoonStart ? 2 : 1
    let slots = slots(locale)
    let campDays = (slots.count + perDay - 1) / perDay
    let demo = demoDay ?? context.eventDate
    let firstDay = campStart ?? demo.flatMap { Days.adding(-campDays, to: $0) }
    var events: [RoadshowEvent] = []
    for day in 0..<campDays {
      let daySlots = Array(slots[(day * perDay)..<min(slots.count, (day + 1) * perDay)])
      var agenda = daySlots.enumerated().map { index, slot -> AgendaItem in
        let start = index == 0 ? dayStart : afternoonStart
        let lecturers: [String]
        if let module = slot.module {
          lecturers = mentors.filter { $0.modules.contains(module) }.prefix(2).map { $0.label(locale) }
        } else {
          lecturers = mentors.prefix(3).map { $0.label(locale) }
        }
        return AgendaItem(
          start: start, end: start + moduleMinutes, segment: .training, title: slot.title, people: lecturers)
      }
      // Lunch between the morning and the afternoon module.
      let morningEnd = dayStart + moduleMinutes
      if agenda.count > 1, afternoonStart > morningEnd {
        agenda.insert(
          AgendaItem(
            start: morningEnd, end: min(morningEnd + 60, afternoonStart), segment: .lunch, title: zh ? "午餐" : "Lunch"),
          at: 1)
      }
      let topics = daySlots.map(\.title).joined(separator: zh ? "、" : ", ")
      events.append(
        RoadshowEvent(
          format: Self.description.id,
          title: zh ? "\(name)第\(day + 1)天：\(topics)" : "\(name), day \(day + 1): \(topics)",
          date: firstDay.flatMap { Days.adding(day, to: $0) }, venue: place, online: false, agenda: agenda,
          achievements: cohort.map(\.id)))
    }

    // Demo day: pitches grouped by field, so each investor panel stays on its subject.
    let order = cohort.enumerated().sorted {
      ($0.element.achievement.field ?? "", $0.offset) < ($1.element.achievement.field ?? "", $1.offset)
    }.map(\.element)
    var agenda = AgendaBuilder(start: dayStart, locale: locale)
    agenda.add(
      opening, .opening, zh ? "主办、承办单位及高校致辞" : "Welcome by organiser, host and universities",
      people: [context.host.name])
    agenda.add(keynotes: keynotes)
    var rows: [[String]] = []
    for (index, candidate) in order.enumerated() {
      let a = candidate.achievement
      // A pitch stays with its review; lunch, when due, replaces the break.
      if index > 0, index % breakAfter == 0, !agenda.lunchIfDue(before: breakMinutes + pitch + review) {
        agenda.add(breakMinutes, .break, zh ? "茶歇" : "Break")
      }
      agenda.lunchIfDue(before: pitch + review)
      let matched = investors.filter { $0.matches(a) }
      let panel = (matched + investors.filter { !matched.contains($0) }).prefix(perReview)
      agenda.add(pitch, .pitch, a.title, people: [a.institution ?? ""].filter { !$0.isEmpty }, achievement: a.id)
      agenda.add(
        review, .investorReview, a.title,
        people: panel.map { LabelFormat.qualified($0.name, $0.kind.name(locale), locale) }, achievement: a.id)
      rows.append([
        a.id.rawValue, a.title, a.institution ?? "", a.field ?? "",
        LabelFormat.list(panel.map(\.name), locale),
        LabelFormat.list(matched.map { LabelFormat.qualified($0.name, $0.kind.name(locale), locale) }, locale),
      ])
    }
    agenda.add(
      docking, .oneToOne,
      zh ? "创业团队与天使投资、引导基金子基金一对一对接" : "Teams meet angel investors and sub-funds one to one",
      people: investors.map(\.name))
    events.append(
      RoadshowEvent(
        format: Self.description.id, title: zh ? "\(name)路演日" : "\(name): demo day", date: demo,
        venue: place, online: false, agenda: agenda.items, achievements: order.map(\.id)))
    let header =
      zh
      ? ["编号", "成果名称", "高校", "领域", "点评投资机构", "关注领域相符的投资机构"]
      : ["id", "title", "university", "field", "review panel", "investors with a matching focus"]
    return EventResult(
      events: events, artifacts: [OutputFile(name: matching, text: CSVWriter.text(header: header, rows: rows))])
  }
}
