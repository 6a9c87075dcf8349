import Foundation
import RoadshowKernel

/// The agriculture track's categories in both report languages. Records store a category by its
/// Chinese name (`种业与育种`), which stays the key in the library and the config; reports in
/// English show the English name. A category the table does not know (one a local list or a
/// config rule declares) is shown as written.
public enum AgriTaxonomy {
  /// Chinese category → English name, for every category of ``AgriClassifier/defaultRules`` and
  /// ``AgriClassifier/defaultProgrammes``.
  public static let english: [String: String] = [
    // 技术领域
    "种业与育种": "seed industry and breeding",
    "耕地质量与土壤改良": "farmland quality and soil improvement",
    "化肥农药减施与绿色防控": "less fertiliser and pesticide, green pest control",
    "智能农机装备": "intelligent farm machinery",
    "水产与渔业": "aquaculture and fisheries",
    "畜禽养殖与疫病防控": "livestock and poultry farming and disease control",
    "栽培与丰产增效": "cultivation and higher yields",
    "农产品加工与储运": "processing, storage and transport of farm products",
    "林业资源培育与利用": "forest resources, cultivation and use",
    "智慧农业": "smart agriculture",
    // 服务产业类型
    "种业": "seed industry",
    "粮食产业": "grain",
    "油料产业": "oilseeds",
    "园艺与经济作物产业": "horticulture and cash crops",
    "畜牧业": "animal husbandry",
    "渔业": "fisheries",
    "林业": "forestry",
    "农产品加工业": "farm-product processing",
    // 产业应用场景, 耕地场景
    "黑土地": "black soil",
    "干旱半干旱耕地": "arid and semi-arid farmland",
    "盐碱地": "saline-alkali land",
    "红黄壤": "red and yellow soils",
    "污染耕地修复": "remediation of polluted farmland",
    "丘陵山区": "hills and mountains",
    "设施农业": "protected agriculture",
    "规模化养殖": "large-scale animal farming",
    "产后加工与储运": "post-harvest processing and storage",
    "种子生产": "seed production",
    "大田生产": "field crop production",
    // 适宜作物
    "大豆": "soybean",
    "油菜": "rapeseed",
    "玉米": "maize",
    "水稻": "rice",
    "小麦": "wheat",
  ]

  /// `category` in `locale`: as stored in Chinese, its English name in English (as written when
  /// the table does not know it).
  public static func name(_ category: String, _ locale: ReportLocale) -> String {
    locale == .zhCN ? category : english[category] ?? category
  }

  /// Several categories in `locale`, joined as a list (`、` in Chinese, `, ` in English).
  public static func names(_ categories: some Sequence<String>, _ locale: ReportLocale) -> String {
    categories.map { name($0, locale) }.joined(separator: LabelFormat.enumerationSeparator(locale))
  }

  /// A value as stored on a record (several joined with `、`) in `locale`.
  public static func storedValue(_ value: String, _ locale: ReportLocale) -> String {
    guard locale == .en, !value.isEmpty else { return value }
    return names(value.components(separatedBy: "、"), locale)
  }

  /// How an axis was decided, as stored (`专项「七大农作物育种」`, `关键词「玉米、大豆」`,
  /// `清单填报`), in `locale`: in English `programme “七大农作物育种”`, `keywords “玉米”, “大豆”`,
  /// `declared by the list`. The programme and the keywords are quoted from the record as written.
  public static func basis(_ stored: String, _ locale: ReportLocale) -> String {
    guard locale == .en else { return stored }
    if stored == "清单填报" { return "declared by the list" }
    if stored.hasPrefix("专项「"), stored.hasSuffix("」") {
      return "programme “\(stored.dropFirst(3).dropLast())”"
    }
    if stored.hasPrefix("关键词「"), stored.hasSuffix("」") {
      let words = stored.dropFirst(4).dropLast().components(separatedBy: "、")
      return (words.count == 1 ? "keyword " : "keywords ") + words.map { "“\($0)”" }.joined(separator: ", ")
    }
    return stored
  }
}
