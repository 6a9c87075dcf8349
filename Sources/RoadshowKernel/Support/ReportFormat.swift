import Foundation

/// Numbers and table cells as plugins write them into their Markdown and CSV reports.
public enum ReportFormat {
  /// A whole number without decimals (`12`), others with at most `digits` decimals and no trailing
  /// zeros (`8.5`, `0.33`).
  public static func number(_ value: Double, digits: Int = 2) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    var text = fixed(value, digits: digits)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// `value` with exactly `digits` decimals, as `String(format: "%.<digits>f", value)` writes it
  /// (the C library's rounding, `.` as the decimal point), without Foundation's formatter: reports
  /// of a national-scale run format hundreds of thousands of numbers.
  public static func fixed(_ value: Double, digits: Int) -> String {
    let capacity = 512
    let formatted: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
      guard let base = buffer.baseAddress, (0...40).contains(digits) else { return nil }
      let count = withVaList([Int32(digits), value]) { vsnprintf(base, capacity, "%.*f", $0) }
      guard count >= 0, count < capacity else { return nil }
      return String(decoding: UnsafeRawBufferPointer(start: base, count: Int(count)), as: UTF8.self)
    }
    return formatted ?? String(format: "%.\(digits)f", value)
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
