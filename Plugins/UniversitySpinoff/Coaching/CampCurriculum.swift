import Foundation
import RoadshowKernel

/// The training camp's curriculum (科创训练营课程, 002 §二（二）2): every admitted team takes the
/// camp modules — enterprise management, market operation, law, finance — and gets a start-up
/// mentor (双创导师) for strategy, intellectual property and financing. Each team's checklist says
/// what it must bring to the demo day, what is missing and which module or mentor helps.
///
/// Some items follow from the record itself (IP cleared by rights or authorisation, a business
/// member in the team, a full-time founder); the others come from the materials file.
public struct CampCurriculum: CoachingService {
  /// The checklist items, in the order a team works through them.
  static let items: [(key: String, module: CampModule?, title: LocalizedText, advice: LocalizedText)] = [
    (
      "ip_clearance", .intellectualProperty,
      LocalizedText(zh: "知识产权权属清晰（已赋权或学校授权谈判）", en: "IP cleared (researcher rights or authorised negotiation)"),
      LocalizedText(
        zh: "与学校技术转移机构商定赋权或许可、作价入股方案", en: "agree rights, a licence or an equity deal with the transfer office")
    ),
    (
      "founding_team", .enterpriseManagement,
      LocalizedText(zh: "创始团队（含经营管理人员）", en: "Founding team with a business member"),
      LocalizedText(zh: "补充负责经营、市场或财务的合伙人", en: "add a partner for business, market or finance")
    ),
    (
      "full_time_founder", .enterpriseManagement,
      LocalizedText(zh: "全职创始人", en: "A full-time founder"),
      LocalizedText(
        zh: "明确全职（离岗）创业人选，了解离岗创业政策", en: "name a full-time founder; learn the rules for leave to found")
    ),
    (
      "market_validation", .marketOperation,
      LocalizedText(zh: "市场验证（用户访谈、意向订单）", en: "Market validation (customer interviews, letters of intent)"),
      LocalizedText(zh: "完成不少于10家目标客户访谈并争取意向订单", en: "interview at least 10 target customers; seek letters of intent")
    ),
    (
      "equity_structure", .legal,
      LocalizedText(zh: "公司设立与股权结构方案", en: "Company set-up and equity structure"),
      LocalizedText(
        zh: "设计创始人、学校与投资人的股权结构及期权池", en: "design the founders', university's and investors' shares and an option pool")
    ),
    (
      "financial_model", .finance,
      LocalizedText(zh: "财务模型与融资计划", en: "Financial model and funding plan"),
      LocalizedText(zh: "编制三年财务预测与天使轮融资用途", en: "draw up a three-year forecast and the use of angel money")
    ),
    (
      "business_plan", nil,
      LocalizedText(zh: "商业计划书", en: "Business plan"),
      LocalizedText(zh: "结合各模块成果完成商业计划书", en: "write the business plan from the modules' work")
    ),
    (
      "pitch_deck", .financing,
      LocalizedText(zh: "路演材料（面向天使投资与引导基金子基金）", en: "Pitch deck for angel investors and sub-funds"),
      LocalizedText(zh: "准备6分钟路演材料并参加模拟路演", en: "prepare a 6-minute deck and join the rehearsal")
    ),
  ]

  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.camp_curriculum", kind: .coaching, track: "university",
    title: LocalizedText(zh: "训练营课程", en: "Camp curriculum"),
    summary: LocalizedText(
      zh: "科创训练营课程：企业管理、市场运营、法律、财务模块授课，为每支团队匹配双创导师，并列出路演日前须补齐的材料",
      en:
        "Training-camp curriculum: management, market, law and finance modules, a start-up mentor per team, and a checklist for the demo day"
    ),
    parameters: [
      ParameterSpec(
        "modules", .list(.choice(CampModule.allCases.map(\.rawValue))),
        default: "[\(CampModule.campDefaults.map(\.rawValue).joined(separator: ", "))]",
        doc: LocalizedText(zh: "训练营授课模块", en: "camp modules taught")),
      ParameterSpec(
        "mentor_services", .list(.choice(CampModule.allCases.map(\.rawValue))),
        default: "[\(CampModule.mentorDefaults.map(\.rawValue).joined(separator: ", "))]",
        doc: LocalizedText(zh: "双创导师提供的服务", en: "services the start-up mentors give")),
      ParameterSpec(
        "mentors", .file,
        doc: LocalizedText(
          zh: "导师名单（CSV：姓名、单位、擅长模块，模块以分号分隔）",
          en: "mentors (CSV: 姓名 name, 单位 organisation, 擅长模块 modules separated by semicolons)")),
      ParameterSpec(
        "max_teams_per_mentor", .integer(1...50), default: "3",
        doc: LocalizedText(zh: "每位导师最多带教团队数", en: "teams per mentor at most")),
      ParameterSpec(
        "materials", .file,
        doc: LocalizedText(
          zh: "已提交材料（CSV：编号、已完成项，多项以分号分隔；项：\(items.map(\.key).joined(separator: ", "))）",
          en:
            "submitted material (CSV: id, done items separated by semicolons; items: \(items.map(\.key).joined(separator: ", ")))"
        )
      ),
      ParameterSpec(
        "output", .outputName, default: "camp-mentors.csv",
        doc: LocalizedText(zh: "导师分配表文件名", en: "mentor assignment file name")),
      .encoding,
    ],
    example: """
      - plugin: university.camp_curriculum
        name: 科创训练营课程
        with:
          modules: [enterprise_management, market_operation, legal, finance]
          mentors: university-spinoff/data/mentors.csv
          max_teams_per_mentor: 3
          materials: university-spinoff/data/camp-materials.csv
      """)

  let modules: [CampModule]
  let services: [CampModule]
  let mentorsFile: URL?
  let mentorsName: String?
  let perMentor: Int
  let materials: URL?
  let materialsName: String?
  let output: String

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    modules = p.strings("modules", otherwise: CampModule.campDefaults.map(\.rawValue)).compactMap(
      CampModule.init(rawValue:)
    ).uniqued()
    services = p.strings("mentor_services", otherwise: CampModule.mentorDefaults.map(\.rawValue)).compactMap(
      CampModule.init(rawValue:)
    ).uniqued()
    mentorsFile = p.url("mentors")
    mentorsName = p.string("mentors")
    perMentor = p.int("max_teams_per_mentor") ?? 3
    materials = p.url("materials")
    materialsName = p.string("materials")
    output = p.string("output") ?? "camp-mentors.csv"
  }

  /// Plans the camp for every admitted team.
  public func coach(_ selected: [Candidate], in context: PipelineContext) async throws -> CoachingResult {
    let locale = context.locale
    let zh = locale == .zhCN
    let mentors =
      try mentorsFile.map { try Mentor.read($0, name: mentorsName ?? $0.lastPathComponent, encoding: encoding) } ?? []
    let done = try readMaterials(known: selected, context: context)
    let lecturers = Dictionary(
      modules.map { module in (module, mentors.first(where: { $0.modules.contains(module) })) },
      uniquingKeysWith: { first, _ in first })
    var load: [String: Int] = [:]
    var plans: [CoachingPlan] = []
    var rows: [[String]] = []
    for candidate in selected {
      let a = candidate.achievement
      let profile = SpinoffProfile(a)
      let business = a.team.contains { SpinoffReadiness.defaultBusinessRoleMatcher.matches($0) }
      let submitted = done[a.id] ?? []
      // The mentor covering most of the services, then the least loaded, then the first in the file.
      let mentor =
        mentors.enumerated()
        .filter { load[$0.element.name, default: 0] < perMentor && !Set($0.element.modules).isDisjoint(with: services) }
        .max { lhs, rhs in
          let l = (
            Set(lhs.element.modules).intersection(services).count, -load[lhs.element.name, default: 0], -lhs.offset
          )
          let r = (
            Set(rhs.element.modules).intersection(services).count, -load[rhs.element.name, default: 0], -rhs.offset
          )
          return l < r
        }?.element
      if let mentor { load[mentor.name, default: 0] += 1 }
      let items = Self.items.map { item -> ChecklistItem in
        let isDone: Bool
        switch item.key {
        case "ip_clearance": isDone = profile.ipCleared
        case "founding_team": isDone = business && a.team.count >= 2
        case "full_time_founder": isDone = profile.founder == .fullTime
        default: isDone = submitted.contains(item.key)
        }
        var advice = item.advice
        if let module = item.module {
          if let lecturer = lecturers[module] ?? nil, modules.contains(module) {
            advice = LocalizedText(
              zh: advice.zh + "（“\(module.name(.zhCN))”模块，\(lecturer.label(.zhCN))）",
              en: advice.en + " (module “\(module.name(.en))”, \(lecturer.label(.en)))")
          } else if services.contains(module), let mentor {
            advice = LocalizedText(
              zh: advice.zh + "（双创导师 \(mentor.label(.zhCN))）", en: advice.en + " (mentor \(mentor.label(.en)))")
          }
        }
        return ChecklistItem(key: item.key, title: item.title, done: isDone, advice: isDone ? nil : advice)
      }
      var sessions = modules.map { module -> String in
        let lecturer =
          (lecturers[module] ?? nil).map { zh ? "（授课：\($0.label(.zhCN))）" : " (lecturer: \($0.label(.en)))" } ?? ""
        return (zh ? "训练营·\(module.name(locale))" : "Camp: \(module.name(locale))") + lecturer
      }
      let serviceNames = services.map { $0.name(locale) }.joined(separator: zh ? "、" : ", ")
      if let mentor {
        sessions.append(
          zh ? "双创导师：\(mentor.label(.zhCN))——\(serviceNames)" : "Mentor: \(mentor.label(.en)): \(serviceNames)")
      } else if !services.isEmpty {
        sessions.append(zh ? "双创导师：待安排（导师名额已满或无匹配导师）" : "Mentor: to be arranged (no mentor free)")
      }
      let plan = CoachingPlan(achievement: a.id, title: a.title, items: items, sessions: sessions)
      plans.append(plan)
      rows.append([
        a.id.rawValue, a.title, a.institution ?? "", mentor?.label(locale) ?? (zh ? "待安排" : "to be arranged"),
        serviceNames,
        LabelFormat.list(plan.missing.map { $0.title(locale) }, locale),
      ])
    }
    let header =
      zh
      ? ["编号", "成果名称", "高校", "双创导师", "导师服务", "待补材料"]
      : ["id", "title", "university", "mentor", "services", "missing"]
    return CoachingResult(
      plans: plans, artifacts: [OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows))])
  }

  /// Reads the materials file; ids name library records in full or by the source's record id.
  func readMaterials(known: [Candidate], context: PipelineContext? = nil) throws -> [AchievementID: Set<String>] {
    guard let materials else { return [:] }
    let name = materialsName ?? materials.lastPathComponent
    let table = try CSVTable.read(materials, displayName: name, encoding: encoding)
    context?.warn(.coaching, table.warnings)
    guard table.header.count >= 2 else {
      throw DataError([
        table.fileProblem(
          LocalizedText(zh: "材料文件应有两列：编号、已完成项", en: "the materials file needs two columns: id, done items"))
      ])
    }
    let lookup = RecordLookup(known.map(\.id))
    let valid = Set(Self.items.map(\.key))
    var result: [AchievementID: Set<String>] = [:]
    var problems: [Diagnostic] = []
    for row in table.rows {
      let keys = PeopleFile.list(row.cell(1))
      for key in keys where !valid.contains(key) {
        problems.append(
          Diagnostic.badRow(
            file: name, line: row.line, row: row.number, column: 2, header: table.header[1],
            LocalizedText(
              zh: "未知的材料项 `\(key)`；可用：\(valid.sorted().joined(separator: ", "))",
              en: "unknown item `\(key)`; valid: \(valid.sorted().joined(separator: ", "))"),
            suggestion: Suggestions.nearest(to: key, in: valid)))
      }
      // Materials of teams not in the cohort simply have no effect.
      if case .found(let id) = lookup.find(row.cell(0)) {
        result[id, default: []].formUnion(keys)
      }
    }
    if !problems.isEmpty { throw DataError(problems) }
    return result
  }
}
