import Foundation

/// Numbers and table cells as plugins write them into their Markdown and CSV reports.
public enum ReportFormat {
  /// A whole number without decimals (`12`), others with at most `digits` decimals and no trailing
  /// zeros (`8.5`, `0.33`).
  public static func number(_ value: Double, digits: Int = 2) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    var text = String(format: "%.\(digits)f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// `text` made safe for one cell of a Markdown table: `|` escaped, line breaks as spaces.
  public static func tableCell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}

/// List helpers for reports.
extension Array where Element: Hashable {
  /// The elements in order, each once (the first time it occurs).
  public func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}
