import Foundation

/// Conversions of scalar text to typed values, shared by the validator and ``ParameterValues``
/// so that what validates is exactly what reads.
enum Scalars {
  static func integer(_ text: String) -> Int? {
    Int(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
  }

  static func number(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let value = Double(trimmed), value.isFinite else { return nil }
    return value
  }

  static func boolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "on": true
    case "false", "no", "off": false
    default: nil
    }
  }

  /// `YYYY-MM-DD` with a real calendar date.
  static func date(_ text: String) -> DateComponents? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let components = DateComponents(year: year, month: month, day: day)
    guard let date = calendar.date(from: components),
      calendar.component(.day, from: date) == day
    else { return nil }
    return components
  }

  /// The items of a one-line flow list of scalars, `[a, "b, c", 'd']`, as defaults are written.
  static func flowList(_ text: String) -> [String]? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
    var items: [String] = []
    var current = ""
    var quote: Character?
    var quoted = false
    for character in trimmed.dropFirst().dropLast() {
      if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "\"" || character == "'" {
        quote = character
        quoted = true
      } else if character == "," {
        items.append(quoted ? current : current.trimmingCharacters(in: .whitespaces))
        current = ""
        quoted = false
      } else if !(character == " " && (quoted || current.isEmpty)) {
        current.append(character)
      }
    }
    let last = quoted ? current : current.trimmingCharacters(in: .whitespaces)
    if !last.isEmpty || quoted || !items.isEmpty { items.append(last) }
    return items
  }

  /// `HH:MM` as minutes after midnight.
  static func time(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
      (0...23).contains(hour), (0...59).contains(minute)
    else { return nil }
    return hour * 60 + minute
  }
}

/// Dates for plans: adding months to an event day, formatting as `YYYY-MM-DD`.
public enum CalendarDate {
  /// Parses `YYYY-MM-DD`.
  public static func parse(_ text: String) -> Date? {
    guard let components = Scalars.date(text) else { return nil }
    return calendar.date(from: components)
  }

  /// `YYYY-MM-DD` of `date`.
  public static func format(_ date: Date) -> String {
    let c = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
  }

  /// `text` plus `months`, or `nil` when `text` is not a date.
  public static func adding(months: Int, to text: String) -> String? {
    guard let date = parse(text), let later = calendar.date(byAdding: .month, value: months, to: date) else {
      return nil
    }
    return format(later)
  }

  private static var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return calendar
  }
}
