import Foundation

/// The language of reports and messages. Chinese (`zh-CN`) is the default; English (`en`) is
/// available for every user-facing text.
public enum ReportLocale: String, Sendable, Hashable, Codable, CaseIterable {
  /// Simplified Chinese, the default.
  case zhCN = "zh-CN"
  /// English.
  case en

  /// Parses `zh`, `zh-CN`, `zh_CN`, `en`, `en-US` and similar spellings.
  public init?(identifier: String) {
    let lower = identifier.lowercased().replacingOccurrences(of: "_", with: "-")
    if lower == "zh" || lower.hasPrefix("zh-") {
      self = .zhCN
    } else if lower == "en" || lower.hasPrefix("en-") {
      self = .en
    } else {
      return nil
    }
  }
}

/// A text in both report languages.
public struct LocalizedText: Sendable, Hashable, Codable {
  /// The Chinese text.
  public var zh: String
  /// The English text.
  public var en: String

  /// Creates a text from its Chinese and English forms.
  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  /// The same text in both languages (names, numbers, identifiers).
  public init(verbatim: String) {
    self.zh = verbatim
    self.en = verbatim
  }

  /// The text in `locale`.
  public func callAsFunction(_ locale: ReportLocale) -> String {
    switch locale {
    case .zhCN: zh
    case .en: en
    }
  }
}
