import Foundation

/// The 31 provincial-level divisions of the mainland (省级行政区) by their short names (黑龙江,
/// 内蒙古, 广西…), as the ministries' lists and the tracks' data files write them.
///
/// Which region (东部、中部、西部、东北) a province belongs to is not decided here: plugins that
/// need it read it from their own data file, so that an agency can correct it without a release.
public enum Province {
  /// Short names, in the National Bureau of Statistics' order.
  public static let all: [String] = [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆",
  ]

  /// English names of the provinces, by short name (`黑龙江` → `Heilongjiang`, `内蒙古` → `Inner
  /// Mongolia`), for reports in English.
  public static let english: [String: String] = [
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi", "海南": "Hainan", "重庆": "Chongqing",
    "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu",
    "青海": "Qinghai", "宁夏": "Ningxia", "新疆": "Xinjiang",
  ]

  /// The name of `province` in `locale`: the short name in Chinese, the English name in English;
  /// text that names no province is returned as written.
  public static func name(_ province: String, _ locale: ReportLocale) -> String {
    guard locale == .en, let short = normalize(province) else { return province }
    return english[short] ?? province
  }

  /// The province a text names, in Chinese short names or in English (`Heilongjiang`,
  /// `inner mongolia`), or `nil`.
  public static func parse(_ text: String) -> String? {
    if let short = normalize(text) { return short }
    let lower = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    return english.first { $0.value.lowercased() == lower }?.key
  }

  /// What to say about text that names no province: what was expected, and the nearest province
  /// when the text looks like a typo of one (`江苏s` → `江苏`, `Jiangsuu` → `Jiangsu`).
  public static func problem(_ text: String) -> (message: LocalizedText, suggestion: String?) {
    let excerpt = ConfigLimits.excerpt(text)
    let suggestion =
      Suggestions.nearest(to: text, in: all)
      ?? Suggestions.nearest(to: text, in: all.compactMap { english[$0] })
    return (
      LocalizedText(
        zh: "无法识别的省份 `\(excerpt)`：应为 31 个省级行政区之一，写简称或全称（如 江苏、江苏省、广西壮族自治区）",
        en:
          "unknown province `\(excerpt)`: expected one of the 31 provincial-level divisions, by short or full name (江苏, 江苏省, 广西壮族自治区) or in English (Jiangsu)"
      ),
      suggestion
    )
  }

  private static let suffixes = [
    "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市",
  ]

  /// The short name of `text` (`黑龙江省` → `黑龙江`, `广西壮族自治区` → `广西`,
  /// `新疆生产建设兵团` → `新疆`), or `nil` when it names no province.
  public static func normalize(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if all.contains(trimmed) { return trimmed }
    if trimmed.hasPrefix("新疆生产建设兵团") || trimmed == "兵团" { return "新疆" }
    for suffix in suffixes where trimmed.hasSuffix(suffix) {
      let stem = String(trimmed.dropLast(suffix.count))
      if all.contains(stem) { return stem }
    }
    return nil
  }

  /// The province whose short name occurs first in `name` (`黑龙江省农业科学院` → `黑龙江`,
  /// `四川农业大学` → `四川`), or `nil`. Only province names are recognised, never cities.
  public static func named(in name: String) -> String? {
    var best: (position: Int, province: String)?
    for province in all {
      guard let range = name.range(of: province) else { continue }
      let position = name.distance(from: name.startIndex, to: range.lowerBound)
      if best == nil || position < best?.position ?? Int.max { best = (position, province) }
    }
    return best?.province
  }
}

extension ParameterValues {
  /// The provinces of the list parameter `name`, as short names in the order written. Each item
  /// that names no province is a diagnostic at that item (`unknown province`), with the nearest
  /// province as a suggestion.
  public func provinces(_ name: String) -> (values: [String], problems: [Diagnostic]) {
    var values: [String] = []
    var problems: [Diagnostic] = []
    for (offset, text) in strings(name).enumerated() {
      if let province = Province.parse(text) {
        values.append(province)
      } else {
        let problem = Province.problem(text)
        problems.append(
          Diagnostic(
            .invalidValue, at: value(name)?.items?[offset].location ?? location(of: name),
            keyPath: KeyPath.index(keyPath(of: name), offset), message: problem.message,
            suggestion: problem.suggestion))
      }
    }
    return (values, problems)
  }
}

extension Region {
  /// What to say about text that names no region: what was expected, and the nearest region when
  /// the text looks like a typo of one (`westt` → `west`, `西布` → `西部`).
  public static func problem(_ text: String) -> (message: LocalizedText, suggestion: String?) {
    let excerpt = ConfigLimits.excerpt(text)
    let suggestion =
      Suggestions.nearest(to: text, in: allCases.map(\.rawValue))
      ?? Suggestions.nearest(to: text, in: allCases.map(\.chineseName))
    return (
      LocalizedText(
        zh: "无法识别的地区 `\(excerpt)`：应为 east、central、west、northeast 或 东部、中部、西部、东北",
        en: "unknown region `\(excerpt)`: expected east, central, west or northeast (东部, 中部, 西部, 东北)"),
      suggestion
    )
  }
}
