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
    if let exact = exactFixed(value, digits: digits) { return exact }
    let capacity = 512
    let formatted: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
      guard let base = buffer.baseAddress, (0...40).contains(digits) else { return nil }
      let count = withVaList([Int32(digits), value]) { vsnprintf(base, capacity, "%.*f", $0) }
      guard count >= 0, count < capacity else { return nil }
      return String(decoding: UnsafeRawBufferPointer(start: base, count: Int(count)), as: UTF8.self)
    }
    return formatted ?? String(format: "%.\(digits)f", value)
  }

  /// ``fixed(_:digits:)`` by integer arithmetic on the double's exact binary value, rounded half
  /// to even as the C library rounds (`0.125` → `0.12`, `-0.0001` → `-0.00`); `nil` outside the
  /// range it covers (not finite, 10^15 or more, more than 9 decimals, or more than 19 digits in
  /// all), which the C library then formats.
  static func exactFixed(_ value: Double, digits: Int) -> String? {
    guard value.isFinite, (0...9).contains(digits) else { return nil }
    let magnitude = value.magnitude
    guard magnitude < 1e15 else { return nil }
    // magnitude = mantissa × 2^-shift, exactly.
    let exponent = Int(magnitude.exponentBitPattern)
    let mantissa =
      exponent == 0 ? magnitude.significandBitPattern : magnitude.significandBitPattern | (1 << 52)
    let shift = exponent == 0 ? 1074 : 1075 - exponent
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    // The value in units of 10^-digits, rounded half to even.
    let units: UInt128
    if shift <= 0 {
      units = (UInt128(mantissa) << UInt128(-shift)) * UInt128(scale)
    } else if shift >= 120 {
      // mantissa × scale < 2^83: below half a unit.
      units = 0
    } else {
      let product = UInt128(mantissa) * UInt128(scale)
      let quotient = product >> UInt128(shift)
      let remainder = product - (quotient << UInt128(shift))
      let half = UInt128(1) << UInt128(shift - 1)
      units = remainder > half || (remainder == half && quotient & 1 == 1) ? quotient + 1 : quotient
    }
    guard units <= UInt128(UInt64.max) else { return nil }
    var rest = UInt64(units)
    // Digits from the last: the decimals, the point, the whole part, the sign.
    var bytes = [UInt8](repeating: 0, count: 32)
    var at = bytes.count
    for _ in 0..<digits {
      at -= 1
      bytes[at] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
    }
    if digits > 0 {
      at -= 1
      bytes[at] = UInt8(ascii: ".")
    }
    repeat {
      at -= 1
      bytes[at] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
    } while rest > 0
    if value.sign == .minus {
      at -= 1
      bytes[at] = UInt8(ascii: "-")
    }
    return String(decoding: bytes[at...], as: UTF8.self)
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
