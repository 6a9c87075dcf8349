import Foundation

/// A field of an achievement read by name, for rules written in a config and for plugins that
/// run outside the process: `trl`, `field`, `region`, `attr.crop`…
public enum AchievementField: Sendable, Hashable {
  /// The value of a field.
  public enum Value: Sendable, Hashable {
    /// Text.
    case text(String)
    /// A number.
    case number(Double)
    /// A list of texts.
    case list([String])

    /// The value as the user would write it.
    public var display: String {
      switch self {
      case .text(let text): text
      case .number(let number): number.rounded() == number ? String(Int(number)) : String(number)
      case .list(let items): items.joined(separator: "、")
      }
    }
  }

  /// The fields with a fixed name, and whether they are numeric.
  public static let named: [(name: String, numeric: Bool)] = [
    ("id", false), ("title", false), ("summary", false), ("institution", false), ("team", false),
    ("field", false), ("trl", true), ("prospect", true), ("province", false), ("region", false),
    ("channel", false), ("transfer_modes", false), ("ip", false), ("confidentiality", false),
    ("year", true), ("funds", true),
  ]

  /// Every valid name, `attr.<name>` aside.
  public static var names: [String] { named.map(\.name) }

  /// Whether `name` is a field (a fixed name or `attr.<name>`).
  public static func isValid(_ name: String) -> Bool {
    names.contains(name) || (name.hasPrefix("attr.") && name.count > 5)
  }

  /// Whether `name` holds a number.
  public static func isNumeric(_ name: String) -> Bool {
    named.first(where: { $0.name == name })?.numeric ?? false
  }

  /// The value of `name` in `record`, or `nil` when the record has none (TRL unknown, no field…).
  public static func value(_ name: String, of record: Achievement) -> Value? {
    func text(_ string: String?) -> Value? { string.flatMap { $0.isEmpty ? nil : .text($0) } }
    func list(_ items: [String]) -> Value? { items.isEmpty ? nil : .list(items) }
    switch name {
    case "id": return .text(record.id.rawValue)
    case "title": return text(record.title)
    case "summary": return text(record.summary)
    case "institution": return text(record.institution)
    case "team": return list(record.team)
    case "field": return text(record.field)
    case "trl": return record.readiness.value.map { .number(Double($0)) }
    case "prospect": return record.prospect.map(Value.number)
    case "province": return text(record.province)
    case "region": return record.region.map { .text($0.rawValue) }
    case "channel": return .text(record.channel.rawValue)
    case "transfer_modes": return list(record.transferModes.map(\.rawValue))
    case "ip": return list(record.intellectualProperty)
    case "confidentiality": return .text(record.confidentiality.rawValue)
    case "year": return record.year.map { .number(Double($0)) }
    case "funds": return record.fundingWanYuan.map(Value.number)
    default:
      guard name.hasPrefix("attr.") else { return nil }
      return text(record.attributes[String(name.dropFirst(5))])
    }
  }
}
