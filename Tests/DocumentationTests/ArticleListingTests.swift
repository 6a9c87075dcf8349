import Foundation
import RoadshowKernel
import Testing

/// The Swift listings of the articles are copied from the code of this target, which compiles
/// and runs: a listing that is not found here, line for line (indentation aside), has rotted.
@Suite struct ArticleListingTests {
  /// Every `.md` file of the catalogues, with its text.
  static func articles() throws -> [(name: String, text: String)] {
    try catalogues.flatMap { folder -> [(name: String, text: String)] in
      let files =
        FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
        .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
      return try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }
  }

  /// The code blocks of `text` fenced as `language`.
  static func listings(in text: String, language: String) -> [String] {
    var blocks: [String] = []
    var current: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if current == nil, trimmed == "```" + language {
        current = []
      } else if current != nil, trimmed == "```" {
        blocks.append(current!.joined(separator: "\n"))
        current = nil
      } else {
        current?.append(String(line))
      }
    }
    return blocks
  }

  /// Lines without their indentation, blank lines dropped.
  static func normalised(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// The code of this target, normalised.
  static func sources() throws -> [String] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "swift" }
    return try files.flatMap { normalised(try String(contentsOf: $0, encoding: .utf8)) }
  }

  /// Whether `lines` occur in `code` one after the other.
  static func contains(_ code: [String], _ lines: [String]) -> Bool {
    guard !lines.isEmpty, lines.count <= code.count else { return lines.isEmpty }
    for start in 0...(code.count - lines.count) where code[start] == lines[0] {
      if Array(code[start..<(start + lines.count)]) == lines { return true }
    }
    return false
  }

  @Test func theArticlesHaveSwiftListings() throws {
    let count = try Self.articles().reduce(0) { $0 + Self.listings(in: $1.text, language: "swift").count }
    #expect(count >= 10)
  }

  @Test func everySwiftListingIsCopiedFromCodeThatCompiles() throws {
    let code = try Self.sources()
    for article in try Self.articles() {
      for listing in Self.listings(in: article.text, language: "swift") {
        let lines = Self.normalised(listing)
        let found = Self.contains(code, lines)
        #expect(found, "\(article.name): this listing is not in Tests/DocumentationTests:\n\(listing)")
      }
    }
  }

  @Test func everyYAMLListingIsCopiedFromAConfigThatTheTestsValidate() throws {
    let code = try Self.sources()
    for article in try Self.articles() {
      for listing in Self.listings(in: article.text, language: "yaml") {
        #expect(
          Self.contains(code, Self.normalised(listing)),
          "\(article.name): this YAML is not in Tests/DocumentationTests:\n\(listing)")
      }
    }
  }

  @Test func theConfigurationArticleHasARowForEveryTopLevelKey() throws {
    let text = try #require(try Self.articles().first { $0.name == "ConfigurationFormat.md" }?.text)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { $0.split(separator: "|").first ?? "" }
    for key in RoadshowConfiguration.schema.map(\.name) {
      #expect(rows.contains { $0.contains("`\(key)`") }, "ConfigurationFormat.md has no row for `\(key)`")
    }
  }

  @Test func theFieldTableNamesEveryFieldOfTheRuleLanguage() throws {
    let text = try #require(try Self.articles().first { $0.name == "RecordFields.md" }?.text)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
    for field in AchievementField.names {
      #expect(rows.contains { $0.hasPrefix("| `\(field)`") }, "RecordFields.md has no row for `\(field)`")
    }
  }
}
