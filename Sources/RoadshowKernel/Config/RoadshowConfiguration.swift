import Foundation

/// The programme a run belongs to.
public struct ProgrammeInfo: Sendable, Hashable, Codable {
  /// Name (`2024年火炬科技成果直通车（智能制造专场）`).
  public var name: String
  /// Year.
  public var year: Int?
  /// Organiser (主办单位).
  public var organiser: String?
  /// The series of events this one belongs to (a monthly series, a host's year): the re-pitch
  /// rule looks at the other events of the series. The programme name when not set.
  public var series: String?
  /// The event's stable key in the ledger: running the config again records the same event.
  /// Host, programme and date when not set.
  public var event: String?
  /// What screening does with a record already pitched at another event of the series.
  public var repitch: RepitchRule = .flag

  /// Creates programme information.
  public init(
    name: String, year: Int? = nil, organiser: String? = nil, series: String? = nil, event: String? = nil,
    repitch: RepitchRule = .flag
  ) {
    self.name = name
    self.year = year
    self.organiser = organiser
    self.series = series
    self.event = event
    self.repitch = repitch
  }

  /// The series the event belongs to: ``series``, else the programme name.
  public var seriesName: String { series ?? name }

  private enum CodingKeys: String, CodingKey { case name, year, organiser, series, event, repitch }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    year = try container.decodeIfPresent(Int.self, forKey: .year)
    organiser = try container.decodeIfPresent(String.self, forKey: .organiser)
    series = try container.decodeIfPresent(String.self, forKey: .series)
    event = try container.decodeIfPresent(String.self, forKey: .event)
    repitch = try container.decodeIfPresent(RepitchRule.self, forKey: .repitch) ?? .flag
  }
}

/// The re-pitch rule (重复路演): what screening does with a record pitched at another event of
/// the same series.
public enum RepitchRule: String, Sendable, Hashable, Codable, CaseIterable {
  /// Keep it, with a note in the selection and a warning.
  case flag
  /// Reject it in a first funnel stage, with the earlier event as the reason.
  case exclude
}

/// The host (承办单位) and the fields of its application form (001 annex 2).
public struct HostInfo: Sendable, Hashable, Codable {
  /// 承办单位
  public var name: String
  /// Province of the host.
  public var province: String?
  /// 拟对接的产业领域
  public var industryField: String?
  /// 活动时间（月份）
  public var month: Int?
  /// 活动地点
  public var venue: String?
  /// 活动规模 (persons)
  public var scale: Int?
  /// 联系人及联系方式
  public var contact: String?
  /// 工作思路 (≤150 characters)
  public var workIdea: String?
  /// 对科技成果的需求描述 (≤100 characters)
  public var achievementDemand: String?
  /// 条件保障情况 (≤100 characters)
  public var conditions: String?
  /// 省级科技管理部门审核意见
  public var provincialOpinion: String?
  /// Level in the 部省市县 network.
  public var level: HostLevel?
  /// The host above this one (for roll-ups).
  public var parent: String?

  /// Creates host information; only the name is required.
  public init(
    name: String, province: String? = nil, industryField: String? = nil, month: Int? = nil,
    venue: String? = nil, scale: Int? = nil, contact: String? = nil, workIdea: String? = nil,
    achievementDemand: String? = nil, conditions: String? = nil, provincialOpinion: String? = nil,
    level: HostLevel? = nil, parent: String? = nil
  ) {
    self.level = level
    self.parent = parent
    self.name = name
    self.province = province
    self.industryField = industryField
    self.month = month
    self.venue = venue
    self.scale = scale
    self.contact = contact
    self.workIdea = workIdea
    self.achievementDemand = achievementDemand
    self.conditions = conditions
    self.provincialOpinion = provincialOpinion
  }
}

/// The host's work plan (工作方案, the annex of the 2024 notice, 000): what the config says
/// beyond the application form. Every part is optional; the plan leaves out a section the
/// config gives nothing for.
public struct WorkPlanInfo: Sendable, Hashable, Codable {
  /// One unit of the organisation and what it is responsible for (组织架构与责任分工).
  public struct Unit: Sendable, Hashable, Codable {
    /// The unit (`苏州高新区科技创新局`).
    public var unit: String
    /// What it is responsible for.
    public var responsibility: String

    /// Creates a unit.
    public init(unit: String, responsibility: String) {
      self.unit = unit
      self.responsibility = responsibility
    }
  }

  /// 总体思路: the approach, a paragraph.
  public var approach: String?
  /// 目标: the goals, one per item.
  public var goals: [String]
  /// 必要性: why the host runs the programme, a paragraph.
  public var necessity: String?
  /// 基础优势: the host's strengths (industrial base, carriers, earlier results), one per item.
  public var strengths: [String]
  /// 组织架构与责任分工: the units and their responsibilities.
  public var organisation: [Unit]
  /// 支撑保障: funding, venues, services, policies, one per item.
  public var support: [String]
  /// 活动主题: the theme of the event; the programme's name when not given.
  public var theme: String?

  /// Creates a work plan; everything is optional.
  public init(
    approach: String? = nil, goals: [String] = [], necessity: String? = nil, strengths: [String] = [],
    organisation: [Unit] = [], support: [String] = [], theme: String? = nil
  ) {
    self.approach = approach
    self.goals = goals
    self.necessity = necessity
    self.strengths = strengths
    self.organisation = organisation
    self.support = support
    self.theme = theme
  }
}

/// A configured stage: a built plugin with the name and place it was configured at.
public struct Stage<Plugin: Sendable>: Sendable {
  /// The stage's name: its `name:`, else the plugin's title in the config's language.
  public var name: String
  /// The plugin id.
  public var pluginID: String
  /// The plugin.
  public var plugin: Plugin
  /// Where the entry is written.
  public var location: SourceLocation
}

/// A validated configuration with every plugin built: what the pipeline runner runs.
public struct RoadshowConfiguration: Sendable {
  /// The config file as the user named it.
  public var file: String
  /// Its text, recorded with every run.
  public var text: String
  /// Its folder, for relative paths.
  public var baseDirectory: URL
  /// The programme.
  public var programme: ProgrammeInfo
  /// The host.
  public var host: HostInfo
  /// Report language.
  public var locale: ReportLocale
  /// The enabled tracks.
  public var tracks: [String]
  /// The names of the enabled tracks, by id, for reports.
  public var trackNames: [String: LocalizedText] = [:]
  /// The project library file, when the config names one.
  public var library: URL?
  /// The roadshow's date, when fixed.
  public var eventDate: String?
  /// Intake sources, in order.
  public var intake: [Stage<any IntakeSource>]
  /// Screening stages: the funnel, in order.
  public var screening: [Stage<any ScreeningPolicy>]
  /// Coaching services.
  public var coaching: [Stage<any CoachingService>]
  /// Event formats.
  public var events: [Stage<any EventFormat>]
  /// Follow-up services.
  public var followUp: [Stage<any FollowUpService>]
  /// What leaves the host's office: the fields withheld from participants and the public.
  public var publication: PublicationGate = PublicationGate()
  /// The work plan's own parts (`work_plan:`); empty when the config has none.
  public var workPlan: WorkPlanInfo = WorkPlanInfo()
  /// Problems that do not stop a run but that the user should see (`validate` and `run` print
  /// them as `FILE:LINE:COL: warning: …`): a funnel that cannot narrow the library.
  public var warnings: [Diagnostic] = []

  /// The top-level keys, documented where they are declared.
  public static let schema: [ParameterSpec] = [
    ParameterSpec(
      "programme",
      .object([
        ParameterSpec("name", .text, required: true, doc: LocalizedText(zh: "活动名称", en: "programme name")),
        ParameterSpec("year", .integer(2000...2100), doc: LocalizedText(zh: "年度", en: "year")),
        ParameterSpec("organiser", .text, doc: LocalizedText(zh: "主办单位", en: "organiser")),
        ParameterSpec(
          "series", .text,
          doc: LocalizedText(
            zh: "所属系列活动（如月度系列）；默认为活动名称。重复路演规则在同一系列的其他场次中查找",
            en: "the series of events this one belongs to (e.g. a monthly series); default: the programme name")),
        ParameterSpec(
          "event", .text,
          doc: LocalizedText(
            zh: "本场活动在项目库中的编号；同一配置再次运行记为同一场。默认由承办单位、活动名称和日期组成",
            en: "this event's key in the ledger (a re-run records the same event); default: host, programme and date")),
        ParameterSpec(
          "repitch", .choice(RepitchRule.allCases.map(\.rawValue)), default: "flag",
          doc: LocalizedText(
            zh: "已在同一系列其他场次路演过的成果：flag 标注并提示，exclude 在筛选第一步排除",
            en: "records pitched at another event of the series: flag them, or exclude them in a first screening stage")
        ),
      ]), required: true, doc: LocalizedText(zh: "活动信息", en: "the programme")),
    ParameterSpec(
      "locale", .choice(["zh-CN", "en"]), default: "zh-CN",
      doc: LocalizedText(zh: "报告语言", en: "report language")),
    ParameterSpec(
      "tracks", .list(.text), required: true,
      doc: LocalizedText(zh: "启用的行动方向，如 [torch]", en: "enabled tracks, e.g. [torch]")),
    ParameterSpec(
      "library", .path,
      doc: LocalizedText(
        zh: "项目库文件（SQLite），相对于配置文件；--db 优先", en: "project library file (SQLite), relative to the config; --db wins"
      )),
    ParameterSpec("event_date", .date, doc: LocalizedText(zh: "路演日期", en: "date of the roadshow")),
    ParameterSpec(
      "host", .object(hostSchema), required: true,
      doc: LocalizedText(zh: "承办单位及申报表", en: "the host and its application form")),
    ParameterSpec(
      "work_plan", .object(workPlanSchema),
      doc: LocalizedText(
        zh: "工作方案（000 附件）：总体思路与目标、必要性与基础优势、组织架构与责任分工、支撑保障、活动主题；未填写的部分不写入 work-plan.md",
        en:
          "the work plan (000 annex): approach and goals, necessity and strengths, organisation, support, theme; work-plan.md leaves out what is not given"
      )),
    ParameterSpec("intake", .stages(.intake), required: true, doc: LocalizedText(zh: "成果征集来源", en: "intake sources")),
    ParameterSpec(
      "screening", .stages(.screening), required: true,
      doc: LocalizedText(zh: "筛选漏斗，按顺序执行", en: "the screening funnel, in order")),
    ParameterSpec("coaching", .stages(.coaching), doc: LocalizedText(zh: "路演辅导", en: "coaching")),
    ParameterSpec("event", .stages(.event), doc: LocalizedText(zh: "路演活动形式", en: "event formats")),
    ParameterSpec("follow_up", .stages(.followUp), doc: LocalizedText(zh: "跟踪服务", en: "follow-up services")),
    ParameterSpec(
      "publication",
      .object([
        ParameterSpec(
          "withhold", .list(.choice(PublicationField.allCases.map(\.rawValue))),
          default: "["
            + PublicationField.allCases.filter(PublicationField.withheldByDefault.contains).map(\.rawValue)
            .joined(separator: ", ") + "]",
          doc: LocalizedText(
            zh: "不对参与方和公众公开的字段（仅承办单位内部可见）",
            en: "fields kept out of every output for participants and the public"))
      ]),
      doc: LocalizedText(
        zh: "公开审查：只有通过保密审查（cleared）的成果出现在对外输出中",
        en: "publication: only cleared records reach outputs outside the host's office"
      )),
  ]

  /// The host's keys: the application form of 001 annex 2.
  public static let hostSchema: [ParameterSpec] = [
    ParameterSpec("name", .text, required: true, doc: LocalizedText(zh: "承办单位", en: "host organisation")),
    ParameterSpec("province", .province, doc: LocalizedText(zh: "所在省份", en: "province")),
    ParameterSpec(
      "level", .choice(HostLevel.allCases.map(\.rawValue)),
      doc: LocalizedText(
        zh: "承办单位层级（部省市县网络）：ministry 部、province 省、city 市、zone 园区、county 县",
        en: "the host's level in the network: ministry, province, city, zone, county")),
    ParameterSpec(
      "parent", .text,
      doc: LocalizedText(zh: "上级单位（汇总时使用）", en: "the host above this one, for roll-ups")),
    ParameterSpec("industry_field", .text, doc: LocalizedText(zh: "拟对接的产业领域", en: "industry field")),
    ParameterSpec("month", .integer(1...12), doc: LocalizedText(zh: "活动时间（月份）", en: "month of the event")),
    ParameterSpec("venue", .text, doc: LocalizedText(zh: "活动地点", en: "venue")),
    ParameterSpec("scale", .integer(1...100_000), doc: LocalizedText(zh: "活动规模（人）", en: "scale (persons)")),
    ParameterSpec("contact", .text, doc: LocalizedText(zh: "联系人及联系方式", en: "contact")),
    ParameterSpec(
      "work_idea", .string(maxLength: 150), doc: LocalizedText(zh: "工作思路（150字以内）", en: "work idea (≤150 chars)")),
    ParameterSpec(
      "achievement_demand", .string(maxLength: 100),
      doc: LocalizedText(zh: "对科技成果的需求描述（100字以内）", en: "demand for achievements (≤100 chars)")),
    ParameterSpec(
      "conditions", .string(maxLength: 100), doc: LocalizedText(zh: "条件保障情况（100字以内）", en: "conditions (≤100 chars)")),
    ParameterSpec(
      "provincial_opinion", .text, doc: LocalizedText(zh: "省级科技管理部门审核意见", en: "provincial review opinion")),
  ]

  /// The work plan's keys: the template annexed to the 2024 notice (000).
  public static let workPlanSchema: [ParameterSpec] = [
    ParameterSpec(
      "approach", .text,
      doc: LocalizedText(
        zh: "总体思路；未填写时用 host.work_idea", en: "overall approach (a paragraph); host.work_idea if not given")),
    ParameterSpec("goals", .list(.text), doc: LocalizedText(zh: "工作目标，每项一条", en: "goals, one per item")),
    ParameterSpec(
      "necessity", .text, doc: LocalizedText(zh: "必要性", en: "why the host runs the programme (a paragraph)")),
    ParameterSpec(
      "strengths", .list(.text),
      doc: LocalizedText(
        zh: "基础优势（产业基础、载体平台、已有成效），每项一条",
        en: "the host's strengths (industrial base, carriers, earlier results), one per item")),
    ParameterSpec(
      "organisation",
      .list(
        .object([
          ParameterSpec("unit", .text, required: true, doc: LocalizedText(zh: "单位", en: "unit")),
          ParameterSpec(
            "responsibility", .text, required: true, doc: LocalizedText(zh: "责任分工", en: "its responsibility")),
        ])),
      doc: LocalizedText(
        zh: "组织架构与责任分工：各单位及其职责", en: "organisation: each unit and its responsibility")),
    ParameterSpec(
      "support", .list(.text),
      doc: LocalizedText(
        zh: "支撑保障（经费、场地、服务、政策），每项一条；未填写时用 host.conditions",
        en: "support (funding, venues, services, policies), one per item; host.conditions if not given")),
    ParameterSpec(
      "theme", .text,
      doc: LocalizedText(zh: "活动主题；未填写时用活动名称", en: "theme of the event; the programme name if not given")),
  ]

  /// Validates `root` and builds every plugin, reporting every problem at once.
  ///
  /// - Parameters:
  ///   - root: the parsed file (`nil` for an empty file).
  ///   - file: the path as the user wrote it, for messages.
  ///   - text: the file's text, kept with the run.
  ///   - registry: the linked plugins.
  public static func build(
    root: ConfigNode?, file: String, text: String, registry: PluginRegistry
  ) throws(ConfigurationError) -> RoadshowConfiguration {
    let fileURL = URL(fileURLWithPath: file).standardizedFileURL
    let base = fileURL.deletingLastPathComponent()
    let top = SourceLocation(file: file, line: 1, column: 1)
    guard let root, root.entries != nil else {
      throw ConfigurationError([
        Diagnostic(
          .typeMismatch, at: root?.location ?? top, keyPath: "",
          message: LocalizedText(
            zh: "配置文件应为映射（键: 值），实际为\(root?.kindName.zh ?? "空文件")",
            en: "a config file must be a mapping (key: value), got \(root?.kindName.en ?? "an empty file")"))
      ])
    }

    // Tracks first: stage entries are checked against them.
    var tracks: [String] = []
    var trackDiagnostics: [Diagnostic] = []
    for (index, item) in (root["tracks"]?.items ?? []).enumerated() {
      guard let id = item.scalar else { continue }
      if registry.track(id) == nil {
        let known = registry.tracks.map(\.id)
        trackDiagnostics.append(
          Diagnostic(
            .unknownTrack, at: item.location, keyPath: KeyPath.index("tracks", index),
            message: LocalizedText(
              zh: "未知的行动方向 `\(ConfigLimits.excerpt(id))`；可用：\(known.joined(separator: ", "))",
              en: "unknown track `\(ConfigLimits.excerpt(id))`; available: \(known.joined(separator: ", "))"),
            suggestion: Suggestions.nearest(to: id, in: known)))
      } else {
        tracks.append(id)
      }
    }

    var validator = ConfigValidator(baseDirectory: base, registry: registry, enabledTracks: Set(tracks))
    for diagnostic in trackDiagnostics { validator.report(diagnostic) }
    validator.validateObject(root, specs: schema, keyPath: "")

    // Build the plugins of the entries that validated; a plugin's own checks add to the list.
    // A stage without `name:` is named by its plugin's title, in the report language.
    let locale = root["locale"]?.scalar.flatMap(ReportLocale.init(identifier:)) ?? .zhCN
    var setupProblems: [Diagnostic] = []
    func stages<P>(_ kind: PluginKind, _ cast: (AnyPlugin) -> P?) -> [Stage<P>] {
      var built: [Stage<P>] = []
      for (index, item) in (root[kind.configKey]?.items ?? []).enumerated() {
        let keyPath = KeyPath.index(kind.configKey, index)
        guard let factory = validator.stageFactories[keyPath] else { continue }
        let parameters = ParameterValues(
          node: item["with"], specs: factory.description.parameters, keyPath: KeyPath.join(keyPath, "with"),
          baseDirectory: base, entryLocation: item.location)
        do {
          if let plugin = cast(try factory.build(parameters)) {
            built.append(
              Stage(
                name: item["name"]?.scalar ?? factory.description.title(locale), pluginID: factory.description.id,
                plugin: plugin, location: item.location))
          }
        } catch let error as PluginSetupError {
          setupProblems += error.diagnostics
        } catch {
          setupProblems.append(
            Diagnostic(
              .invalidValue, at: item.location, keyPath: keyPath,
              message: LocalizedText(
                zh: "插件 `\(factory.description.id)` 无法创建：\(error)",
                en: "plugin `\(factory.description.id)` could not be set up: \(error)")))
        }
      }
      return built
    }
    let intake = stages(.intake) { if case .intake(let p) = $0 { p } else { nil } }
    let screening = stages(.screening) { if case .screening(let p) = $0 { p } else { nil } }
    let coaching = stages(.coaching) { if case .coaching(let p) = $0 { p } else { nil } }
    let events = stages(.event) { if case .event(let p) = $0 { p } else { nil } }
    let followUp = stages(.followUp) { if case .followUp(let p) = $0 { p } else { nil } }

    // A plugin's own check of a value the schema already refused would only repeat it.
    // Linear in the number of problems: the refused paths and every `.`-prefix of them in sets.
    let refused = Set(validator.diagnostics.map(\.keyPath))
    var refusedAndAbove: Set<String> = []
    for path in refused {
      refusedAndAbove.insert(path)
      for index in path.indices where path[index] == "." { refusedAndAbove.insert(String(path[..<index])) }
    }
    let fresh = setupProblems.filter { problem in
      let path = problem.keyPath
      if refusedAndAbove.contains(path) { return false }
      return !path.indices.contains { path[$0] == "." && refused.contains(String(path[..<$0])) }
    }
    let all = validator.diagnostics + fresh
    guard all.isEmpty else { throw ConfigurationError(all) }

    let values = ParameterValues(node: root, specs: schema, keyPath: "", baseDirectory: base, entryLocation: top)
    let programme = values.object("programme")
    let host = values.object("host")
    var warnings: [Diagnostic] = []
    if !screening.contains(where: \.plugin.narrows) {
      let stages = root["screening"]
      warnings.append(
        Diagnostic(
          .invalidValue, at: stages?.location ?? top, keyPath: "screening",
          message: LocalizedText(
            zh: "筛选漏斗中没有能缩小范围的阶段：项目库中的每一项都会入选并写入 selection.csv",
            en:
              "the screening funnel has no stage that narrows the library: every record will be selected and written to selection.csv"
          )))
    }
    warnings += EventSlot.clashes(events, eventDate: values.string("event_date"), hostVenue: host?.string("venue"))
    var configuration = RoadshowConfiguration(
      file: file, text: text, baseDirectory: base,
      programme: ProgrammeInfo(
        name: programme?.string("name") ?? "", year: programme?.int("year"),
        organiser: programme?.string("organiser"), series: programme?.string("series"),
        event: programme?.string("event"),
        repitch: programme?.string("repitch").flatMap(RepitchRule.init(rawValue:)) ?? .flag),
      host: HostInfo(
        name: host?.string("name") ?? "", province: host?.string("province").map { Province.parse($0) ?? $0 },
        industryField: host?.string("industry_field"), month: host?.int("month"), venue: host?.string("venue"),
        scale: host?.int("scale"), contact: host?.string("contact"), workIdea: host?.string("work_idea"),
        achievementDemand: host?.string("achievement_demand"), conditions: host?.string("conditions"),
        provincialOpinion: host?.string("provincial_opinion"),
        level: host?.string("level").flatMap(HostLevel.init(rawValue:)), parent: host?.string("parent")),
      locale: values.string("locale").flatMap(ReportLocale.init(identifier:)) ?? .zhCN,
      tracks: tracks,
      trackNames: Dictionary(tracks.compactMap { id in registry.track(id).map { (id, $0.name) } }) { first, _ in first
      },
      library: values.url("library"), eventDate: values.string("event_date"),
      intake: intake, screening: screening, coaching: coaching, events: events, followUp: followUp,
      publication: PublicationGate(
        withholding: Set(
          (values.object("publication")?.strings("withhold")
            ?? PublicationField.withheldByDefault.map(\.rawValue)).compactMap(PublicationField.init(rawValue:)))))
    configuration.warnings = warnings
    if let plan = values.object("work_plan") {
      configuration.workPlan = WorkPlanInfo(
        approach: plan.string("approach"), goals: plan.strings("goals"), necessity: plan.string("necessity"),
        strengths: plan.strings("strengths"),
        organisation: plan.objects("organisation").compactMap { unit in
          guard let name = unit.string("unit"), let responsibility = unit.string("responsibility") else { return nil }
          return WorkPlanInfo.Unit(unit: name, responsibility: responsibility)
        },
        support: plan.strings("support"), theme: plan.string("theme"))
    }
    return configuration
  }
}
