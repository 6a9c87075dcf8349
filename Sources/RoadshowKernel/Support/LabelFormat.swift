import Foundation

/// How reports put a name and its detail, a list and a seed section reference into words in each
/// locale: Chinese uses full-width brackets and separators (`张三（某大学）`, `甲；乙`), English the
/// ASCII ones (`Zhang San (a university)`, `a; b`), so that an English report carries no Chinese
/// punctuation of Roadshow's own.
public enum LabelFormat {
  /// `name（detail）` in Chinese, `name (detail)` in English; `name` alone when `detail` is empty.
  public static func qualified(_ name: String, _ detail: String, _ locale: ReportLocale) -> String {
    guard !detail.isEmpty else { return name }
    return locale == .zhCN ? "\(name)（\(detail)）" : "\(name) (\(detail))"
  }

  /// The separator of a list inside one cell or sentence: `；` in Chinese, `; ` in English.
  public static func listSeparator(_ locale: ReportLocale) -> String { locale == .zhCN ? "；" : "; " }

  /// The separator of an enumeration of short terms: `、` in Chinese, `, ` in English.
  public static func enumerationSeparator(_ locale: ReportLocale) -> String { locale == .zhCN ? "、" : ", " }

  /// `items` joined with ``listSeparator(_:)``.
  public static func list(_ items: some Sequence<String>, _ locale: ReportLocale) -> String {
    items.joined(separator: listSeparator(locale))
  }

  /// `text` quoted: `「text」` in Chinese, `“text”` in English.
  public static func quoted(_ text: String, _ locale: ReportLocale) -> String {
    locale == .zhCN ? "「\(text)」" : "“\(text)”"
  }
}

/// A reference to a section of one of the seed documents (`002 §二(四)`), as Chinese documents
/// number them (二、 then (四) then 1.). In English the numerals become digits and the brackets ASCII:
/// `002 §2(4)`, `002 §2(2)4`.
public enum SeedReference {
  /// `reference` in `locale`: unchanged in Chinese; numerals as digits in English.
  public static func localized(_ reference: String, _ locale: ReportLocale) -> String {
    guard locale == .en else { return reference }
    var result = ""
    var pending: [Character] = []
    func flush() {
      if !pending.isEmpty { result += String(chineseNumber(pending)) }
      pending = []
    }
    for character in reference {
      if digits[character] != nil || character == "十" {
        pending.append(character)
        continue
      }
      flush()
      switch character {
      case "（": result += "("
      case "）": result += ")"
      case "、", "。": result += "."
      default: result.append(character)
      }
    }
    flush()
    return result
  }

  private static let digits: [Character: Int] = [
    "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
  ]

  /// The value of a Chinese numeral up to 99 (`十二` = 12, `二十` = 20).
  private static func chineseNumber(_ characters: [Character]) -> Int {
    guard let ten = characters.firstIndex(of: "十") else {
      return characters.reduce(0) { $0 * 10 + (digits[$1] ?? 0) }
    }
    let tens = characters[..<ten].first.flatMap { digits[$0] } ?? 1
    let ones = characters[characters.index(after: ten)...].first.flatMap { digits[$0] } ?? 0
    return tens * 10 + ones
  }
}
