import Foundation

/// The 31 provincial-level divisions of the mainland by their short names (黑龙江, 内蒙古, 广西…),
/// as the ministry's lists and `agri-parks.csv` write them.
public enum AgriProvinces {
  /// Short names, in the National Bureau of Statistics' order.
  public static let all: [String] = [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆",
  ]

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
