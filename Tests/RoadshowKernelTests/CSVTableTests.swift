import Foundation
import Testing

@testable import RoadshowKernel

@Suite struct CSVTableTests {
  @Test func readsBOMQuotedCommasLineBreaksCRLFAndBlankRows() throws {
    let text = "\u{FEFF}编号,名称,简介\r\nA1,\"机器人,关节\",\"第一行\n第二行\"\r\n\r\n,,\r\nA2,\"带\"\"引号\"\"的名称\",x\r\n"
    let table = try CSVTable.parse(text, file: "t.csv")
    #expect(table.header == ["编号", "名称", "简介"])
    #expect(table.rows.count == 2)
    #expect(table.rows[0].fields == ["A1", "机器人,关节", "第一行\n第二行"])
    #expect(table.rows[1].fields[1] == "带\"引号\"的名称")
    // The second data row starts on line 6: the quoted line break and the blank rows count.
    #expect(table.rows[1].line == 6)
    #expect(table.rows[1].number == 2)
  }

  @Test func reportsAnUnterminatedQuoteAtItsLine() {
    #expect {
      try CSVTable.parse("a,b\n1,\"open\n2,3\n", file: "bad.csv")
    } throws: { error in
      guard let error = error as? DataError, let first = error.diagnostics.first else { return false }
      return first.location == SourceLocation(file: "bad.csv", line: 2, column: 1) && first.code == .badRow
    }
  }

  @Test func readsSemicolonSeparatedFiles() throws {
    let table = try CSVTable.parse("Center;Title\nNASA Ames;Wire, repair\n", file: "n.csv", separator: ";")
    #expect(table.rows[0].fields == ["NASA Ames", "Wire, repair"])
  }

  @Test func writerQuotesWhatNeedsQuotingAndRoundTrips() throws {
    let rows = [["1", "a,b", "say \"hi\"", "two\nlines"]]
    let text = CSVWriter.text(header: ["n", "x", "y", "z"], rows: rows)
    #expect(text.hasPrefix("\u{FEFF}"))
    let back = try CSVTable.parse(text, file: "w.csv")
    #expect(back.rows.map(\.fields) == rows)
  }
}

@Suite struct SuggestionTests {
  @Test func suggestsTheNearestKeyForATypo() {
    #expect(Suggestions.nearest(to: "min_trll", in: ["min_trl", "unknown"]) == "min_trl")
    #expect(Suggestions.nearest(to: "mni_trl", in: ["min_trl", "unknown"]) == "min_trl")
    #expect(Suggestions.nearest(to: "completely_different", in: ["min_trl", "unknown"]) == nil)
  }
}

@Suite struct ModelTests {
  @Test func newerRecordWinsWhereItKnowsAndKeepsTheRest() {
    let id = AchievementID(source: "s", externalID: "1")
    let old = Achievement(id: id, title: "旧标题", institution: "清华大学", readiness: .level(5), fundingWanYuan: 100)
    let newer = Achievement(id: id, title: "", readiness: .unknown, prospect: 80)
    let merged = old.updated(with: newer)
    #expect(merged.title == "旧标题")
    #expect(merged.readiness == .level(5))
    #expect(merged.prospect == 80)
    #expect(merged.institution == "清华大学")
    #expect(merged.fundingWanYuan == 100)
  }

  @Test func readinessAcceptsOnlyOneToNine() {
    #expect(TechnologyReadiness(level: 0) == nil)
    #expect(TechnologyReadiness(level: 10) == nil)
    #expect(TechnologyReadiness(level: 9)?.value == 9)
  }

  @Test func readinessRoundTripsThroughJSONWithNullForUnknown() throws {
    let data = try JSONEncoder().encode([TechnologyReadiness.unknown, .level(4)])
    #expect(String(decoding: data, as: UTF8.self) == "[null,4]")
    #expect(try JSONDecoder().decode([TechnologyReadiness].self, from: data) == [.unknown, .level(4)])
  }

  @Test func calendarAddsMonths() {
    #expect(CalendarDate.adding(months: 3, to: "2024-09-20") == "2024-12-20")
    #expect(CalendarDate.adding(months: 6, to: "2024-09-20") == "2025-03-20")
    #expect(CalendarDate.adding(months: 1, to: "2024-02-30") == nil)
  }

  @Test func regionsParseFromEnglishAndChinese() {
    #expect(Region(name: "西部") == .west)
    #expect(Region(name: "northeast") == .northeast)
    #expect(Region(name: "南部") == nil)
  }
}

@Suite struct DefaultValueTests {
  @Test func listDefaultsAreReadAsLists() {
    #expect(Scalars.flowList(#"["", "-", "无"]"#) == ["", "-", "无"])
    #expect(Scalars.flowList("[3, 6, 12]") == ["3", "6", "12"])
    #expect(Scalars.flowList("[]") == [])
    #expect(Scalars.flowList("plain") == nil)
    let specs = [
      ParameterSpec("checkpoints", .list(.integer(nil)), default: "[3, 6]", doc: LocalizedText(verbatim: "x"))
    ]
    let values = ParameterValues(
      node: nil, specs: specs, keyPath: "", baseDirectory: URL(fileURLWithPath: "/"),
      entryLocation: SourceLocation(file: "f", line: 1, column: 1))
    #expect(values.strings("checkpoints") == ["3", "6"])
  }
}
