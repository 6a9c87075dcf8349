import Foundation

/// The bounds a configuration file must stay within. Each is far above what a real programme
/// needs and far below what makes `roadshow validate` slow: a file past one of them is refused
/// at once, with the place that crossed it, instead of being worked through for minutes.
///
/// | limit | value | why |
/// |---|---|---|
/// | ``maxFileBytes`` | 2 MB | the samples are under 10 KB; the costliest 2 MB of YAML parses in about 1 s |
/// | ``maxNodes`` | 100,000 values after YAML aliases are expanded | a billion-laughs file is 1 KB and expands to billions |
/// | ``maxDepth`` | 64 levels of nesting | the schema nests at most 6 deep |
/// | ``maxKeyLength`` | 256 characters for a key | the longest key in the schema is under 30 |
/// | ``maxPluginIDLength`` | 128 characters for a plugin id | ids are `track.snake_name` |
/// | ``maxScalarLength`` | 4,096 characters for any value | the longest documented text is 150; paths stop at 4,096 |
/// | ``maxSuggestionLength`` | 64 characters | no "did you mean" is computed for a longer word |
public enum ConfigLimits {
  /// The largest configuration file read, in bytes (2 MB). Parsing is linear, but the costliest
  /// shape (lines of deeply nested `- - - …`) runs at about 2 MB a second in a release build.
  public static let maxFileBytes = 2 * 1024 * 1024
  /// The most values (scalars, lists and mappings) a file may hold once every YAML alias is
  /// counted as a copy of what it names.
  public static let maxNodes = 100_000
  /// The deepest nesting of lists and mappings.
  public static let maxDepth = 64
  /// The longest mapping key, in characters.
  public static let maxKeyLength = 256
  /// The longest plugin id, in characters.
  public static let maxPluginIDLength = 128
  /// The longest scalar value, in characters (a path is at most 4,096 bytes on Linux as well).
  public static let maxScalarLength = 4_096
  /// Words longer than this get no "did you mean" suggestion: the edit distance costs the
  /// product of the lengths, and no valid name is that long.
  public static let maxSuggestionLength = 64

  /// `text` cut to `limit` characters with `…` when longer, for echoing a value in a message.
  public static func excerpt(_ text: String, limit: Int = 80) -> String {
    var count = 0
    var end = text.startIndex
    while end < text.endIndex {
      if count == limit { return String(text[..<end]) + "…" }
      end = text.index(after: end)
      count += 1
    }
    return text
  }
}
