import Foundation
import RoadshowKernel

/// An axis on which agricultural achievements are classified. The first three are the seed's own
/// ("技术领域、服务产业类型、产业应用场景", 002 §二(六)2); crop and farmland scenario are the two
/// lists of §二(六)1 (5 crops, 4 farmland scenarios).
public enum AgriAxis: String, CaseIterable, Sendable, Hashable {
  /// 技术领域
  case techField = "tech_field"
  /// 服务产业类型
  case industry
  /// 产业应用场景
  case scenario
  /// 适宜作物 (大豆、油菜、玉米、水稻、小麦); several may apply.
  case crop
  /// 耕地场景 (黑土地、干旱半干旱耕地、盐碱地、红黄壤); several may apply.
  case farmland

  /// The key under which the value is stored in ``Achievement/attributes`` (`agri.tech_field`).
  public var attributeKey: String { "agri.\(rawValue)" }

  /// Whether a record may carry several values on this axis (joined with `、`).
  public var multiValued: Bool { self == .crop || self == .farmland }

  /// The axis's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.techField, .zhCN): "技术领域"
    case (.techField, .en): "technology field"
    case (.industry, .zhCN): "服务产业类型"
    case (.industry, .en): "served industry"
    case (.scenario, .zhCN): "产业应用场景"
    case (.scenario, .en): "application scenario"
    case (.crop, .zhCN): "适宜作物"
    case (.crop, .en): "crops"
    case (.farmland, .zhCN): "耕地场景"
    case (.farmland, .en): "farmland scenario"
    }
  }
}

/// Attribute keys the agriculture track writes besides the axes.
public enum AgriAttribute {
  /// `in` when the record is an agricultural achievement, `out` when it is not.
  public static let scope = "agri.scope"
  /// Which list the record came from: `national` (国家科技计划成果) or `local` (地方先进适用技术).
  public static let list = "agri.list"
  /// How each axis was decided, in words (`技术领域←专项「七大农作物育种」；…`).
  public static let basis = "agri.basis"
}

/// One keyword rule: a record whose title or summary contains any keyword gets `category` on `axis`.
public struct AgriRule: Sendable, Hashable {
  /// The axis.
  public var axis: AgriAxis
  /// The category given (`种业与育种`).
  public var category: String
  /// Keywords, any of which decides; matched ignoring case and full width.
  public var keywords: [String] {
    get { matcher.keywords }
    set { matcher = KeywordMatcher(newValue) }
  }
  /// The keywords, ready to match.
  public private(set) var matcher: KeywordMatcher

  /// Creates a rule.
  public init(_ axis: AgriAxis, _ category: String, _ keywords: [String]) {
    self.axis = axis
    self.category = category
    self.matcher = KeywordMatcher(keywords)
  }
}

/// What the classifier found for one record.
public struct AgriClassification: Sendable, Hashable {
  /// Whether the record is an agricultural achievement at all.
  public var inScope: Bool
  /// Why it is in or out of scope, in words.
  public var scopeReason: LocalizedText
  /// The values per axis (one for single-valued axes, any number for crop and farmland).
  public var values: [AgriAxis: [String]]
  /// How each classified axis was decided (`专项「…」`, `关键词「玉米」`, `清单填报`).
  public var basis: [AgriAxis: String]

  /// Creates a classification.
  public init(
    inScope: Bool, scopeReason: LocalizedText, values: [AgriAxis: [String]] = [:], basis: [AgriAxis: String] = [:]
  ) {
    self.inScope = inScope
    self.scopeReason = scopeReason
    self.values = values
    self.basis = basis
  }

  /// The value on `axis` (several joined with `、`), or `nil` when unclassified.
  public func value(_ axis: AgriAxis) -> String? {
    guard let list = values[axis], !list.isEmpty else { return nil }
    return list.joined(separator: "、")
  }

  /// The value on `axis` in `locale` (category names in English under `en`, several joined with
  /// `, `), or `nil` when unclassified.
  public func value(_ axis: AgriAxis, _ locale: ReportLocale) -> String? {
    guard let list = values[axis], !list.isEmpty else { return nil }
    return AgriTaxonomy.names(list, locale)
  }

  /// How each classified axis was decided, in `locale` (`technology field←programme “…”; …`).
  public func basisText(_ locale: ReportLocale) -> String {
    let parts = AgriAxis.allCases.compactMap { axis in
      basis[axis].map { "\(axis.name(locale))←\(AgriTaxonomy.basis($0, locale))" }
    }
    return LabelFormat.list(parts, locale)
  }

  /// The axes among the seed's three (技术领域、服务产业类型、产业应用场景) left unclassified.
  public var unclassifiedAxes: [AgriAxis] {
    [.techField, .industry, .scenario].filter { value($0) == nil }
  }

  /// The classification as attributes to store on the record.
  public var attributes: [String: String] {
    var result = [AgriAttribute.scope: inScope ? "in" : "out"]
    for axis in AgriAxis.allCases {
      if let value = value(axis) { result[axis.attributeKey] = value }
    }
    let basisText = AgriAxis.allCases.compactMap { axis in basis[axis].map { "\(axis.name(.zhCN))←\($0)" } }
    if !basisText.isEmpty { result[AgriAttribute.basis] = basisText.joined(separator: "；") }
    return result
  }

  /// Reads a classification stored on a record, or `nil` when the record was never classified.
  public init?(attributes: [String: String]) {
    guard let scope = attributes[AgriAttribute.scope] else { return nil }
    inScope = scope == "in"
    scopeReason =
      inScope
      ? LocalizedText(zh: "征集时已判定为农业科技成果", en: "classified as agricultural at intake")
      : LocalizedText(zh: "征集时已判定为非农业科技成果", en: "classified as non-agricultural at intake")
    var values: [AgriAxis: [String]] = [:]
    for axis in AgriAxis.allCases {
      guard let text = attributes[axis.attributeKey], !text.isEmpty else { continue }
      values[axis] = axis.multiValued ? text.components(separatedBy: "、") : [text]
    }
    self.values = values
    var basis: [AgriAxis: String] = [:]
    for part in (attributes[AgriAttribute.basis] ?? "").components(separatedBy: "；") {
      let pieces = part.components(separatedBy: "←")
      guard pieces.count == 2, let axis = AgriAxis.allCases.first(where: { $0.name(.zhCN) == pieces[0] }) else {
        continue
      }
      basis[axis] = pieces[1]
    }
    self.basis = basis
  }
}

/// The transparent keyword classifier of the agriculture track.
///
/// A record is **in scope** when its programme (专项, `Achievement.field`) is one of the
/// agricultural programmes, when the list declares its classification (local lists), or when its
/// title or summary contains a scope keyword. Only in-scope records are classified:
///
/// - technology field: the programme's field when the programme is known, else the first keyword
///   rule that matches;
/// - served industry: the first keyword rule that matches, else the programme's industry;
/// - application scenario: the first keyword rule that matches;
/// - crops and farmland scenarios: every rule that matches.
///
/// Values a list declares itself (a local list's own columns) win over every rule. Rules are
/// tried in order: extra rules from the config first, then ``defaultRules``.
public struct AgriClassifier: Sendable {
  /// The agricultural programmes (重点专项) of the national key R&D programme, with the technology
  /// field and (where the programme implies one) the served industry they stand for.
  public static let defaultProgrammes: [String: (techField: String, industry: String?)] = [
    "七大农作物育种": ("种业与育种", "种业"),
    "粮食丰产增效科技创新": ("栽培与丰产增效", "粮食产业"),
    "智能农机装备": ("智能农机装备", nil),
    "化学肥料和农药减施增效综合技术研发": ("化肥农药减施与绿色防控", nil),
    "畜禽重大疫病防控与高效安全养殖综合技术研发": ("畜禽养殖与疫病防控", "畜牧业"),
    "蓝色粮仓科技创新": ("水产与渔业", "渔业"),
    "主要经济作物优质高产与产业提质增效科技创新": ("栽培与丰产增效", "园艺与经济作物产业"),
    "农业面源和重金属污染农田综合防治与修复技术研发": ("耕地质量与土壤改良", nil),
    "现代食品加工及粮食收储运技术与装备": ("农产品加工与储运", "农产品加工业"),
    "林业资源培育及高效利用技术创新": ("林业资源培育与利用", "林业"),
  ]

  /// Words that make a record of any programme an agricultural achievement.
  public static let defaultScopeKeywords: [String] = [
    "农业", "农作物", "作物", "农田", "耕地", "种业", "育种", "新品种", "种质", "畜禽", "畜牧", "水产", "渔业", "农机",
    "农产品", "粮食", "玉米", "水稻", "小麦", "大豆", "油菜", "棉花", "果树", "蔬菜", "茶叶", "兽医", "饲料", "林业", "人工林",
  ]

  /// The built-in keyword rules, in the order they are tried within each axis.
  public static let defaultRules: [AgriRule] = [
    // 技术领域
    AgriRule(.techField, "种业与育种", ["育种", "新品种", "品种", "种质", "良种", "制种", "种子", "繁育", "种苗"]),
    AgriRule(
      .techField, "耕地质量与土壤改良",
      ["耕地", "黑土", "盐碱", "红壤", "黄壤", "酸化", "地力", "土壤", "面源污染", "污染农田"]),
    AgriRule(
      .techField, "化肥农药减施与绿色防控",
      ["化肥", "农药", "减施", "施肥", "减肥", "肥料", "绿色防控", "病虫", "植保", "黄龙病"]),
    AgriRule(
      .techField, "智能农机装备",
      ["农机", "机械化", "采棉机", "收获机", "播种机", "农业装备", "农业机械", "精量播种", "采收", "移栽", "插秧"]),
    AgriRule(.techField, "水产与渔业", ["水产", "渔业", "鱼", "虾", "蟹", "贝", "藻", "海参", "海洋牧场"]),
    AgriRule(
      .techField, "畜禽养殖与疫病防控", ["畜禽", "畜牧", "兽", "疫病", "猪", "牛", "羊", "禽", "鸡", "饲料", "饲养"]),
    AgriRule(
      .techField, "栽培与丰产增效",
      ["丰产", "高产", "栽培", "轻简", "节水", "种植", "滴灌", "灌溉", "密植", "沟播", "覆膜", "地膜", "保苗", "抗旱"]),
    AgriRule(.techField, "农产品加工与储运", ["加工", "储运", "保鲜", "冷链", "干燥", "屠宰", "食品", "收储"]),
    AgriRule(.techField, "林业资源培育与利用", ["林业", "人工林", "竹", "木材", "木基", "经济林", "林果"]),
    AgriRule(.techField, "智慧农业", ["智慧农业", "数字农业", "农业信息", "农业物联网"]),
    // 服务产业类型
    AgriRule(.industry, "种业", ["育种", "新品种", "种质", "良种", "制种", "种子", "种业"]),
    AgriRule(
      .industry, "粮食产业", ["玉米", "水稻", "粳稻", "稻", "小麦", "大豆", "粮食", "杂粮", "马铃薯", "谷子", "高粱", "粮油", "米业", "面业", "面粉"]),
    AgriRule(.industry, "油料产业", ["油菜", "花生", "油料", "向日葵", "油茶"]),
    AgriRule(
      .industry, "园艺与经济作物产业",
      [
        "棉花", "棉", "茶", "果树", "果蔬", "蔬菜", "瓜", "花卉", "柑橘", "葡萄", "梨", "桃", "热带作物", "园艺", "食用菌", "经济作物", "果业", "水果",
        "果品",
      ]),
    AgriRule(
      .industry, "畜牧业",
      ["畜禽", "畜牧", "牧业", "猪", "牛", "羊", "禽", "鸡", "蛋鸡", "蛋品", "蛋制品", "奶", "乳业", "乳品", "肉", "兽", "饲料"]),
    AgriRule(.industry, "渔业", ["水产", "渔", "鱼", "虾", "蟹", "贝", "藻", "海参"]),
    AgriRule(.industry, "林业", ["林业", "人工林", "竹", "木材", "木基", "林产", "经济林"]),
    AgriRule(.industry, "农产品加工业", ["加工", "食品", "储运", "冷链", "保鲜", "屠宰", "面制品", "饮料"]),
    // 产业应用场景 (the four farmland scenarios first)
    AgriRule(.scenario, "黑土地", ["黑土"]),
    AgriRule(.scenario, "干旱半干旱耕地", ["干旱", "旱作", "抗旱", "雨养", "节水", "旱地"]),
    AgriRule(.scenario, "盐碱地", ["盐碱"]),
    AgriRule(.scenario, "红黄壤", ["红壤", "黄壤", "酸性土", "酸化"]),
    AgriRule(.scenario, "污染耕地修复", ["污染", "重金属", "镉", "修复"]),
    AgriRule(.scenario, "丘陵山区", ["丘陵", "山区", "山地"]),
    AgriRule(.scenario, "设施农业", ["设施", "温室", "大棚"]),
    AgriRule(.scenario, "规模化养殖", ["养殖", "饲养"]),
    AgriRule(.scenario, "产后加工与储运", ["加工", "储运", "冷链", "保鲜", "干燥", "分级", "包装"]),
    AgriRule(.scenario, "种子生产", ["制种", "繁育", "种子"]),
    AgriRule(.scenario, "大田生产", ["丰产", "大田", "种植", "栽培", "减施", "玉米", "水稻", "小麦", "大豆", "油菜", "稻"]),
    // 适宜作物 (002 §二(六)1: 大豆、油菜、玉米、水稻、小麦)
    AgriRule(.crop, "大豆", ["大豆"]),
    AgriRule(.crop, "油菜", ["油菜"]),
    AgriRule(.crop, "玉米", ["玉米"]),
    AgriRule(.crop, "水稻", ["水稻", "粳稻", "籼稻", "稻"]),
    AgriRule(.crop, "小麦", ["小麦", "麦-", "-麦", "稻麦"]),
    // 耕地场景 (002 §二(六)1: 黑土地、干旱半干旱耕地、盐碱地、红黄壤)
    AgriRule(.farmland, "黑土地", ["黑土"]),
    AgriRule(.farmland, "干旱半干旱耕地", ["干旱", "旱作", "抗旱", "雨养", "旱地"]),
    AgriRule(.farmland, "盐碱地", ["盐碱"]),
    AgriRule(.farmland, "红黄壤", ["红壤", "黄壤", "酸性土"]),
  ]

  /// Programme → technology field and industry.
  public var programmes: [String: (techField: String, industry: String?)]
  /// Rules in the order they are tried.
  public var rules: [AgriRule]
  /// Scope keywords, matched ignoring case and full width.
  public var scopeKeywords: [String] {
    get { scopeMatcher.keywords }
    set { scopeMatcher = KeywordMatcher(newValue) }
  }
  private var scopeMatcher: KeywordMatcher

  /// Creates a classifier: `extraRules` are tried before the built-in rules; `programmes` adds to
  /// (and overrides) the built-in programme table.
  public init(
    extraRules: [AgriRule] = [], programmes: [String: String] = [:], scopeKeywords: [String] = []
  ) {
    var table = Self.defaultProgrammes
    for (programme, field) in programmes { table[programme] = (field, table[programme]?.industry) }
    self.programmes = table
    self.rules = extraRules + Self.defaultRules
    self.scopeMatcher = KeywordMatcher(Self.defaultScopeKeywords + scopeKeywords)
  }

  /// Classifies a record from its title, summary and programme. `declared` values (a local
  /// list's own columns) win over every rule; `declaredInScope` says the list is agricultural by
  /// construction.
  public func classify(
    title: String, summary: String? = nil, programme: String? = nil, declared: [AgriAxis: String] = [:],
    declaredInScope: Bool = false
  ) -> AgriClassification {
    let text = title + " " + (summary ?? "")
    let known = programme.flatMap { programmes[$0] }
    let scopeWord = scopeMatcher.firstMatch(in: text)
    let scopeReason: LocalizedText
    if let programme, known != nil {
      scopeReason = LocalizedText(zh: "属农业重点专项「\(programme)」", en: "in the agricultural programme “\(programme)”")
    } else if declaredInScope {
      scopeReason = LocalizedText(zh: "列入地方先进适用技术成果清单", en: "on a local applicable-technology list")
    } else if let scopeWord {
      scopeReason = LocalizedText(
        zh: "标题含农业关键词「\(scopeWord)」", en: "the title has the agricultural keyword “\(scopeWord)”")
    } else {
      return AgriClassification(
        inScope: false,
        scopeReason: LocalizedText(
          zh: "非农业科技成果：专项「\(programme ?? "未标注")」不属农业重点专项，标题也不含农业关键词",
          en:
            "not agricultural: programme “\(programme ?? "none")” is not an agricultural one and the title has no agricultural keyword"
        ))
    }

    var values: [AgriAxis: [String]] = [:]
    var basis: [AgriAxis: String] = [:]
    for axis in AgriAxis.allCases {
      if let declaredValue = declared[axis]?.trimmingCharacters(in: .whitespaces), !declaredValue.isEmpty {
        values[axis] =
          axis.multiValued
          ? declaredValue.split(whereSeparator: { "、;；,，".contains($0) }).map {
            $0.trimmingCharacters(in: .whitespaces)
          } : [declaredValue]
        basis[axis] = "清单填报"
        continue
      }
      if axis == .techField, let known, let programme {
        values[axis] = [known.techField]
        basis[axis] = "专项「\(programme)」"
        continue
      }
      let matches = rules.filter { $0.axis == axis }.compactMap { rule -> (String, String)? in
        rule.matcher.firstMatch(in: text).map { (rule.category, $0) }
      }
      if axis.multiValued {
        var categories: [String] = []
        for (category, _) in matches where !categories.contains(category) { categories.append(category) }
        if !categories.isEmpty {
          values[axis] = categories
          basis[axis] = "关键词「" + matches.map(\.1).joined(separator: "、") + "」"
        }
      } else if let (category, word) = matches.first {
        values[axis] = [category]
        basis[axis] = "关键词「\(word)」"
      } else if axis == .industry, let industry = known?.industry, let programme {
        values[axis] = [industry]
        basis[axis] = "专项「\(programme)」"
      }
    }
    return AgriClassification(inScope: true, scopeReason: scopeReason, values: values, basis: basis)
  }

  /// Classifies an achievement, its ``Achievement/field`` read as the programme. A local list
  /// record (`agri.list` = `local`) is in scope by construction, and the axes it declares win.
  public func classify(_ achievement: Achievement) -> AgriClassification {
    var declared: [AgriAxis: String] = [:]
    let local = achievement.attributes[AgriAttribute.list] == "local"
    if local {
      for axis in AgriAxis.allCases { declared[axis] = achievement.attributes[axis.attributeKey] }
    }
    return classify(
      title: achievement.title, summary: achievement.summary, programme: achievement.field, declared: declared,
      declaredInScope: local)
  }
}
