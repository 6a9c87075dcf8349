import Foundation

/// `application/x-www-form-urlencoded` text (a form's body, a query string) as its fields; a
/// field given twice keeps its first value.
enum FormData {
  static func parse(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = parts.first.map(decode), !name.isEmpty, fields[name] == nil else { continue }
      fields[name] = parts.count > 1 ? decode(parts[1]) : ""
    }
    return fields
  }

  static func decode(_ text: Substring) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }

  /// `text` percent-encoded for a query value or a path segment.
  static func encode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
  }

  /// RFC 3986's unreserved characters, ASCII only.
  static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

  /// A query string (`?a=1&b=2`, empty when there are no pairs) from `pairs` with values.
  static func query(_ pairs: [(String, String?)]) -> String {
    let kept = pairs.compactMap { name, value in
      value.flatMap { $0.isEmpty ? nil : "\(name)=\(encode($0))" }
    }
    return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
  }
}
