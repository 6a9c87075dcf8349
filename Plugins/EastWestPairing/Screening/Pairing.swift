import Foundation
import RoadshowKernel

/// A declared pairing (结对): two sides, one in the northeast or west and one in the east or south,
/// with the fields it is about.
public struct PairDeclaration: Sendable, Hashable {
  /// One side of a pair.
  public struct Side: Sendable, Hashable {
    /// City, area or institution (`吉林市`, `深圳农业基因组研究所`).
    public var name: String
    /// Its provinces (one for a city or an institution; several for `东部高校`).
    public var provinces: [String]
    /// Institutions (or parts of names, like `大学`) that stand for the side; when empty, every
    /// holder in the provinces does.
    public var institutions: [String]

    /// Creates a side.
    public init(name: String, provinces: [String], institutions: [String] = []) {
      self.name = name
      self.provinces = provinces
      self.institutions = institutions
    }

    /// The first province, for reports.
    public var province: String { provinces.first ?? "" }

    /// Whether a holder belongs to this side: its province is one of the side's (or unknown, when
    /// the side names institutions) and, when the side names institutions, its name contains one.
    public func includes(institution: String?, province holder: String?) -> Bool {
      if institutions.isEmpty { return holder.map(provinces.contains) ?? false }
      guard let institution, institutions.contains(where: { institution.contains($0) }) else { return false }
      return holder.map(provinces.contains) ?? true
    }
  }

  /// Pair name (`吉林—株洲 碳纤维`).
  public var name: String
  /// `city`, `institution` or `university`.
  public var kind: String
  /// The northeast or west side (东北、西部一侧).
  public var westSide: Side
  /// The east or south side (东部、南部一侧).
  public var eastSide: Side
  /// Field keywords; when empty, any field. Matched ignoring case and full width.
  public var keywords: [String] {
    get { matcher.keywords }
    set { matcher = KeywordMatcher(newValue) }
  }
  private var matcher: KeywordMatcher

  /// Creates a pair.
  public init(name: String, kind: String, westSide: Side, eastSide: Side, keywords: [String] = []) {
    self.name = name
    self.kind = kind
    self.westSide = westSide
    self.eastSide = eastSide
    self.matcher = KeywordMatcher(keywords)
  }

  /// The flow under which `achievement` belongs to this pair, or `nil`: holders on the west side
  /// take flow A (their partner is the east side), holders on the east side flow B (they land on
  /// the west side). The title or field must name a keyword when the pair has any.
  public func flow(for achievement: Achievement) -> CrossRegionFlow? {
    let text = achievement.title + " " + (achievement.summary ?? "") + " " + (achievement.field ?? "")
    guard keywords.isEmpty || matcher.matches(text) else { return nil }
    if westSide.includes(institution: achievement.institution, province: achievement.province) { return .a }
    if eastSide.includes(institution: achievement.institution, province: achievement.province) { return .b }
    return nil
  }
}

/// Pairing (结对对接): city or institution pairs declared in the config (the seed's own: 吉林–株洲
/// carbon fibre, 齐齐哈尔–广州 CNC machine tools, 深圳–哈尔滨 maize breeding…) and one-to-one
/// university pairs (20 universities paired with northeast and west ones). A record is matched to
/// the first pair, in the order written, that it belongs to (the first one the roadshow serves, when
/// `event_pairs` is given); its flow follows from its side and must agree with the flow found by
/// `east_west.flow_eligibility`.
public struct Pairing: ScreeningPolicy {
  static let sideSpecs: [ParameterSpec] = [
    ParameterSpec("name", .text, required: true, doc: LocalizedText(zh: "城市、地区或单位名称", en: "city, area or institution")),
    ParameterSpec(
      "province", .text, doc: LocalizedText(zh: "所在省份（与 provinces 二选一）", en: "its province (or `provinces`)")),
    ParameterSpec(
      "provinces", .list(.text),
      doc: LocalizedText(zh: "涉及多个省份时的省份列表（如“东部高校”）", en: "several provinces (e.g. “eastern universities”)")),
    ParameterSpec(
      "institutions", .list(.text),
      doc: LocalizedText(
        zh: "代表该侧的单位或名称片段（如“大学”；不写则所在省份的全部持有单位）",
        en: "institutions or parts of names (e.g. 大学) standing for the side (default: every holder in its provinces)")),
  ]

  public static let description = PluginDescription(
    id: "east_west.pairing", kind: .screening, track: "east_west",
    title: LocalizedText(zh: "结对", en: "Pairing"),
    summary: LocalizedText(
      zh: "按配置的城市、单位结对和高校一对一结对匹配成果，确定结对、流向和对方（合作方或落地地）",
      en:
        "Matches achievements to the declared city or institution pairs and one-to-one university pairs, with flow and counterpart"
    ),
    parameters: [
      ParameterSpec(
        "pairs",
        .list(
          .object([
            ParameterSpec("name", .text, required: true, doc: LocalizedText(zh: "结对名称", en: "pair name")),
            ParameterSpec(
              "kind", .choice(["city", "institution"]), default: "city",
              doc: LocalizedText(zh: "city：城市结对；institution：单位结对", en: "city or institution pair")),
            ParameterSpec(
              "west_side", .object(sideSpecs), required: true,
              doc: LocalizedText(zh: "东北、西部一侧", en: "the northeast or west side")),
            ParameterSpec(
              "east_side", .object(sideSpecs), required: true,
              doc: LocalizedText(zh: "东部、南部一侧", en: "the east or south side")),
            ParameterSpec(
              "keywords", .list(.text),
              doc: LocalizedText(
                zh: "合作领域关键词（不写则不限；不区分英文大小写和全角半角）",
                en: "field keywords (default: any field; ignoring case and full width)")),
          ])), doc: LocalizedText(zh: "城市、单位结对", en: "city and institution pairs")),
      ParameterSpec(
        "university_pairs",
        .list(
          .object([
            ParameterSpec(
              "east", .text, required: true, doc: LocalizedText(zh: "东部、南部高校", en: "east or south university")),
            ParameterSpec("east_province", .text, required: true, doc: LocalizedText(zh: "其所在省份", en: "its province")),
            ParameterSpec(
              "west", .text, required: true, doc: LocalizedText(zh: "东北、西部高校", en: "northeast or west university")),
            ParameterSpec("west_province", .text, required: true, doc: LocalizedText(zh: "其所在省份", en: "its province")),
          ])), doc: LocalizedText(zh: "高校一对一结对", en: "one-to-one university pairs")),
      ParameterSpec(
        "event_pairs", .list(.text),
        doc: LocalizedText(
          zh: "本次活动对接的结对（默认为全部）；其他结对的成果在结对表中列出但不通过",
          en: "the pairs this roadshow serves (default: all); records of other pairs are listed but do not pass")),
      ParameterSpec(
        "require_pair", .boolean, default: "true",
        doc: LocalizedText(
          zh: "是否只保留纳入结对的成果（false 时未结对的标注后保留）", en: "keep only paired records (false keeps the others, flagged)")),
      ParameterSpec(
        "weight", .number(0...100), default: "10", doc: LocalizedText(zh: "结对加分", en: "points for being paired")),
      ParameterSpec(
        "output", .outputName, default: "pairings.csv", doc: LocalizedText(zh: "结对明细文件名", en: "pairing table file name")
      ),
    ],
    example: """
      - plugin: east_west.pairing
        name: 结对
        with:
          pairs:
            - name: 深圳—哈尔滨 玉米育种
              kind: institution
              west_side: {name: 哈尔滨, province: 黑龙江}
              east_side: {name: 中国农业科学院深圳农业基因组研究所, province: 广东, institutions: [中国农业科学院深圳农业基因组研究所]}
              keywords: [玉米, 育种, 基因组]
          university_pairs:
            - {east: 浙江大学, east_province: 浙江, west: 贵州大学, west_province: 贵州}
          require_pair: true
      """)

  let pairs: [PairDeclaration]
  let eventPairs: Set<String>
  let requirePair: Bool
  let weight: Double
  let output: String

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    func province(_ values: ParameterValues, _ key: String) -> String {
      let text = values.string(key) ?? ""
      if let province = Province.parse(text) { return province }
      let problem = Province.problem(text)
      problems.append(values.problem(key, problem.message, suggestion: problem.suggestion))
      return text
    }
    func side(_ values: ParameterValues?) -> PairDeclaration.Side? {
      guard let values else { return nil }
      var provinces = values.string("province").map { _ in [province(values, "province")] } ?? []
      let listed = values.provinces("provinces")
      problems += listed.problems
      provinces += listed.values
      if provinces.isEmpty {
        problems.append(
          Diagnostic(
            .missingKey, at: values.node?.location ?? values.entryLocation, keyPath: values.keyPath,
            message: LocalizedText(zh: "须写 province 或 provinces", en: "write `province` or `provinces`")))
      }
      return PairDeclaration.Side(
        name: values.string("name") ?? "", provinces: provinces, institutions: values.strings("institutions"))
    }
    var pairs: [PairDeclaration] = []
    var names: Set<String> = []
    for entry in p.objects("pairs") {
      guard let west = side(entry.object("west_side")), let east = side(entry.object("east_side")) else { continue }
      let name = entry.string("name") ?? ""
      if !names.insert(name).inserted {
        problems.append(
          entry.problem("name", LocalizedText(zh: "结对名称「\(name)」重复", en: "pair name “\(name)” is used twice")))
      }
      pairs.append(
        PairDeclaration(
          name: name, kind: entry.string("kind") ?? "city", westSide: west, eastSide: east,
          keywords: entry.strings("keywords").filter { !$0.isEmpty }))
    }
    for entry in p.objects("university_pairs") {
      let east = entry.string("east") ?? ""
      let west = entry.string("west") ?? ""
      let name = "\(east)—\(west)"
      if !names.insert(name).inserted {
        problems.append(
          entry.problem("east", LocalizedText(zh: "结对「\(name)」重复", en: "pair “\(name)” is declared twice")))
      }
      pairs.append(
        PairDeclaration(
          name: name, kind: "university",
          westSide: PairDeclaration.Side(
            name: west, provinces: [province(entry, "west_province")], institutions: [west]),
          eastSide: PairDeclaration.Side(
            name: east, provinces: [province(entry, "east_province")], institutions: [east])))
    }
    self.pairs = pairs
    eventPairs = Set(p.strings("event_pairs"))
    for (offset, name) in p.strings("event_pairs").enumerated() where !names.contains(name) {
      problems.append(
        Diagnostic(
          .invalidValue, at: p.value("event_pairs")?.items?[offset].location ?? p.location(of: "event_pairs"),
          keyPath: KeyPath.index(p.keyPath(of: "event_pairs"), offset),
          message: LocalizedText(zh: "没有名为「\(name)」的结对", en: "no pair is named “\(name)”"),
          suggestion: Suggestions.nearest(to: name, in: names)))
    }
    requirePair = p.bool("require_pair") ?? true
    weight = p.double("weight") ?? 10
    output = p.string("output") ?? "pairings.csv"
    if pairs.isEmpty {
      problems.append(
        Diagnostic(
          .missingKey, at: p.node?.location ?? p.entryLocation, keyPath: p.keyPath,
          message: LocalizedText(
            zh: "至少需要一个结对（pairs 或 university_pairs）", en: "declare at least one pair (`pairs` or `university_pairs`)")))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    let zh = locale == .zhCN
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    var rows: [[String]] = []
    var counts: [String: [CrossRegionFlow: Int]] = [:]
    for var candidate in candidates {
      let a = candidate.achievement
      let known = a.attributes[EastWestAttribute.flow].flatMap(CrossRegionFlow.init(rawValue:))
      let matches = pairs.compactMap { pair -> (PairDeclaration, CrossRegionFlow)? in
        guard let flow = pair.flow(for: a), known == nil || known == flow else { return nil }
        return (pair, flow)
      }
      // A record fitting several pairs goes to the first one this roadshow serves.
      let served = matches.first { eventPairs.isEmpty || eventPairs.contains($0.0.name) }
      guard let (pair, flow) = served ?? matches.first else {
        if requirePair {
          decisions.append(
            ScreeningDecision(
              achievement: a.id, passed: false, rule: "no_pair",
              reason: LocalizedText(
                zh: "持有单位「\(a.institution ?? "未填写")」（\(a.province ?? "省份未定")）不属任何结对的一方，或领域不符",
                en:
                  "“\(a.institution ?? "no institution")” (\(a.province ?? "province unknown")) is on no pair's side, or the field does not fit"
              )))
        } else {
          candidate.flags.append(LocalizedText(zh: "未纳入结对", en: "not paired"))
          passed.append(candidate)
          decisions.append(
            ScreeningDecision(
              achievement: a.id, passed: true, rule: "unpaired",
              reason: LocalizedText(zh: "未纳入结对，保留并标注", en: "not paired; kept and flagged")))
        }
        continue
      }
      let counterpart = flow == .a ? pair.eastSide : pair.westSide
      counts[pair.name, default: [:]][flow, default: 0] += 1
      rows.append([
        pair.name, pair.kind, flow.rawValue, a.id.rawValue, a.title, a.institution ?? "", a.province ?? "",
        counterpart.name,
        counterpart.province,
      ])
      guard eventPairs.isEmpty || eventPairs.contains(pair.name) else {
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: "pair_not_served",
            reason: LocalizedText(
              zh: "属结对「\(pair.name)」（\(flow.label(.zhCN))），不在本次活动对接的结对之内",
              en: "belongs to pair “\(pair.name)” (\(flow.label(.en))), which this roadshow does not serve")))
        continue
      }
      candidate.achievement.attributes[EastWestAttribute.flow] = flow.rawValue
      candidate.achievement.attributes[EastWestAttribute.pair] = pair.name
      candidate.achievement.attributes[EastWestAttribute.partner] = counterpart.name
      candidate.achievement.attributes[EastWestAttribute.partnerProvince] = counterpart.province
      candidate.setScore("pair", weight)
      passed.append(candidate)
      let others = matches.map(\.0.name).filter { $0 != pair.name }
      let also =
        others.isEmpty
        ? LocalizedText(verbatim: "")
        : LocalizedText(
          zh: "；另符合：\(others.joined(separator: "、"))", en: "; also fits: \(others.joined(separator: ", "))")
      decisions.append(
        ScreeningDecision(
          achievement: a.id, passed: true, rule: "pair", score: weight,
          reason: LocalizedText(
            zh: flow == .a
              ? "结对「\(pair.name)」：\(pair.westSide.name)一侧成果，引入\(counterpart.name)资本和产业就地转化（流向A）\(also.zh)"
              : "结对「\(pair.name)」：\(pair.eastSide.name)一侧成果，到\(counterpart.name)转化落地（流向B）\(also.zh)",
            en: flow == .a
              ? "pair “\(pair.name)”: from the \(pair.westSide.name) side, transformed at home with \(counterpart.name) capital and industry (flow A)\(also.en)"
              : "pair “\(pair.name)”: from the \(pair.eastSide.name) side, landing in \(counterpart.name) (flow B)\(also.en)"
          )))
    }
    passed.sort { ($0.score, $1.id) > ($1.score, $0.id) }
    let header =
      zh
      ? ["结对", "类型", "流向", "编号", "成果名称", "持有单位", "省份", "对方", "对方省份"]
      : ["pair", "kind", "flow", "id", "title", "institution", "province", "counterpart", "counterpart province"]
    var md =
      zh
      ? "# 结对匹配\n\n| 结对 | 类型 | 流向A | 流向B | 本次对接 |\n|---|---|---|---|---|\n"
      : "# Pairing\n\n| Pair | Kind | Flow A | Flow B | Served |\n|---|---|---|---|---|\n"
    for pair in pairs {
      let served = eventPairs.isEmpty || eventPairs.contains(pair.name) ? (zh ? "是" : "yes") : (zh ? "否" : "no")
      md +=
        "| \(ReportFormat.tableCell(pair.name)) | \(pair.kind) | \(counts[pair.name]?[.a] ?? 0) | \(counts[pair.name]?[.b] ?? 0) | \(served) |\n"
    }
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows)),
        OutputFile(name: "pairings.md", text: md),
      ])
  }
}
