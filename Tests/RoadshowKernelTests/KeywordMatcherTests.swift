import Foundation
import Testing

@testable import RoadshowKernel

@Suite struct KeywordMatcherTests {
  @Test func ignoresASCIICaseAndFullWidthForms() {
    for keyword in ["ROBOT", "robot", "ＲＯＢＯＴ", "Ｒobot"] {
      let matcher = KeywordMatcher([keyword])
      for text in ["ROBOTIC THUMB ASSEMBLY", "a robot arm", "ＲＯＢＯＴ手臂", "Robotics"] {
        #expect(matcher.firstMatch(in: text) == keyword, "\(keyword) in \(text)")
      }
      #expect(matcher.firstMatch(in: "ROBUST CONTROL") == nil)
    }
    #expect(KeywordMatcher(["ＡＩ"]).firstMatch(in: "基于AI的质检") == "ＡＩ")
    #expect(KeywordMatcher(["AI"]).firstMatch(in: "基于ＡＩ的质检") == "AI")
    #expect(KeywordMatcher(["工业 互联网"]).matches("工业\u{3000}互联网平台"))
    #expect(KeywordMatcher.normalized("ＡＢＣ\u{3000}Ｘｙｚ！") == "abc xyz!")
  }

  @Test func matchesChineseKeywordsByteForByte() {
    let matcher = KeywordMatcher(["机器人", "数控", "智能工厂"])
    #expect(matcher.firstMatch(in: "面向智能工厂的数控机床") == "数控")
    #expect(matcher.allMatches(in: "面向智能工厂的数控机床") == ["数控", "智能工厂"])
    #expect(matcher.firstMatch(in: "土壤修复技术") == nil)
    // A keyword never matches a part of another character's bytes.
    #expect(KeywordMatcher(["人"]).firstMatch(in: "机器") == nil)
    // Chinese is not case-folded or width-folded: full-width digits fold, ideographs do not.
    #expect(KeywordMatcher(["5G"]).matches("５Ｇ基站"))
  }

  @Test func reportsTheFirstKeywordInKeywordOrderWhateverItsPosition() {
    let matcher = KeywordMatcher(["智能制造", "智能", "制造", "造"])
    #expect(matcher.firstMatch(in: "增材制造") == "制造")
    #expect(matcher.firstMatch(in: "面向智能制造") == "智能制造")
    #expect(matcher.allMatches(in: "面向智能制造") == ["智能制造", "智能", "制造", "造"])
    // Overlapping and nested Latin keywords, found in one pass.
    let latin = KeywordMatcher(["she", "he", "hers", "his"])
    #expect(latin.allMatches(in: "USHERS") == ["she", "he", "hers"])
    #expect(latin.firstMatch(in: "this") == "his")
    // The same keyword twice: the first as written.
    #expect(KeywordMatcher(["Laser", "LASER"]).firstMatch(in: "laser") == "Laser")
    #expect(KeywordMatcher(["Laser", "LASER"]).matchIndices(in: "laser") == [0, 1])
  }

  @Test func emptyKeywordListsAndEmptyKeywordsNeverMatch() {
    #expect(KeywordMatcher([]).isEmpty)
    #expect(KeywordMatcher([]).firstMatch(in: "anything") == nil)
    #expect(KeywordMatcher([""]).isEmpty)
    #expect(KeywordMatcher(["", "x"]).firstMatch(in: "X-ray") == "x")
    #expect(KeywordMatcher(["robot"]).firstMatch(in: "") == nil)
    #expect(KeywordMatcher(["robot"]).allMatches(in: "") == [])
  }

  @Test func agreesWithLowercasedContainsOnTheNASAPatentList() throws {
    let url = try #require(Self.nasaPatents, "nasa-patents.csv not found beside the repository")
    let text = try String(contentsOf: url, encoding: .utf8)
    let titles = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> String? in
      let cells = line.split(separator: ";", omittingEmptySubsequences: false)
      return cells.count > 4 ? String(cells[4]) : nil
    }
    #expect(titles.count > 1_000)
    let keywords = ["robot", "Laser", "SENSOR", "ｎａｎｏ"]
    let matcher = KeywordMatcher(keywords)
    for title in titles {
      let expected = keywords.filter { title.lowercased().contains(KeywordMatcher.normalized($0)) }
      #expect(matcher.allMatches(in: title) == expected, "\(title)")
    }
    let robots = titles.filter { KeywordMatcher(["robot"]).matches($0) }
    #expect(robots.contains("ROBOTIC THUMB ASSEMBLY"))
    #expect(robots.count > titles.filter { $0.contains("robot") }.count)
  }

  /// `shared/data/nasa-patents.csv`, beside the repository or beside its worktree folder.
  static var nasaPatents: URL? {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<5 {
      folder = folder.deletingLastPathComponent()
      let candidate = folder.appendingPathComponent("shared/data/nasa-patents.csv")
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    return nil
  }
}
