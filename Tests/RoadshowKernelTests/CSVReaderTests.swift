import Foundation
import Testing

@testable import RoadshowKernel

/// The repository's root, found from this file so tests run from any directory.
private let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// A folder of its own for one test, removed by the caller.
private func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

private func dataError(_ body: () throws -> Void) -> DataError? {
  do {
    try body()
  } catch let error as DataError {
    return error
  } catch {
    return nil
  }
  return nil
}

@Suite struct CSVMessyInputTests {
  @Test func loneCRAndCRLFAndLFEndRowsAlike() throws {
    let table = try CSVTable.parse("a,b\rx,1\r\ny,2\nz,3", file: "cr.csv")
    #expect(table.rows.map(\.fields) == [["x", "1"], ["y", "2"], ["z", "3"]])
    #expect(table.rows.map(\.line) == [2, 3, 4])
  }

  @Test func raggedRowsAreKeptAndCellsOfShortRowsAreEmpty() throws {
    let table = try CSVTable.parse("a,b,c\n1\n1,2,3,4\n", file: "ragged.csv")
    #expect(table.rows.map(\.fields) == [["1"], ["1", "2", "3", "4"]])
    #expect(table.rows[0].cell(2) == "")
    #expect(table.malformed.isEmpty)
  }

  @Test func blankRowsAndSeparatorOnlyRowsAreLeftOutButCountLines() throws {
    let table = try CSVTable.parse("a,b\n\n,,\n \t,\"\"\nx,y\n", file: "blank.csv")
    #expect(table.rows.map(\.fields) == [["x", "y"]])
    #expect(table.rows[0].line == 5)
    #expect(table.rows[0].number == 1)
  }

  @Test func unquotedFieldsLoseSpacesAndFullWidthSpacesQuotedOnesKeepThem() throws {
    let table = try CSVTable.parse("a,b,c\n\u{3000} 清华大学\t ,  \" 引号内 \" ,x\n", file: "space.csv")
    #expect(table.rows[0].fields == ["清华大学", " 引号内 ", "x"])
    #expect(table.rows[0].cell(1) == "引号内")
  }

  @Test func aQuoteInsideAnUnquotedFieldIsText() throws {
    let table = try CSVTable.parse("size,name\n5\",屏幕\n", file: "inch.csv")
    #expect(table.rows[0].fields == ["5\"", "屏幕"])
  }

  @Test func utf16WithAByteOrderMarkIsRead() throws {
    var data = Data([0xFF, 0xFE])
    data.append("编号,名称\n1,机器人\n".data(using: .utf16LittleEndian) ?? Data())
    let table = try CSVTable.parse(data: data, file: "u16.csv")
    #expect(table.header == ["编号", "名称"])
    #expect(table.rows[0].fields == ["1", "机器人"])
  }
}

@Suite struct CSVStrayQuoteTests {
  /// The 2018 list with a row whose title opens a quote it never closes, after data row 500.
  func injected() throws -> (url: URL, folder: URL, badLine: Int) {
    let source = try String(
      contentsOf: packageRoot.appendingPathComponent("Samples/data/nkrdp-projects-2018.csv"), encoding: .utf8)
    var lines = source.components(separatedBy: "\n")
    let bad = "2018,2018YFZ9999999,\"未闭合引号的标题,某大学,纳米科技,100,"
    lines.insert(bad, at: 501)
    let folder = try temporaryFolder()
    let url = folder.appendingPathComponent("nkrdp-bad.csv")
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return (url, folder, 502)
  }

  @Test func stopNamesTheRowWhereTheQuoteOpened() throws {
    let (url, folder, badLine) = try injected()
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = try #require(dataError { _ = try CSVTable.read(url, displayName: "nkrdp-bad.csv") })
    #expect(error.diagnostics.count == 1)
    let first = try #require(error.diagnostics.first)
    #expect(first.location == SourceLocation(file: "nkrdp-bad.csv", line: badLine, column: 1))
    // The stray quote runs into the next quoted title of the list, whose opening quote it takes
    // for its closing one.
    #expect(first.message.en.hasPrefix("row 501, column `title`: quote not closed properly"))
    #expect(first.message.zh.hasPrefix("第 501 行，列 `title`：引号未正确闭合"))
  }

  @Test func skipKeepsEveryOtherRowAndReportsTheBadOne() throws {
    let (url, folder, badLine) = try injected()
    defer { try? FileManager.default.removeItem(at: folder) }
    let table = try CSVTable.read(url, displayName: "nkrdp-bad.csv", onBadRow: .skip)
    #expect(table.rows.count == 1373)
    #expect(table.malformed.count == 1)
    #expect(table.malformed.first?.line == badLine)
    #expect(table.malformed.first?.number == 501)
    #expect(table.malformed.first?.column == 3)
    #expect(table.malformed.first?.reason == .textAfterQuote)
    // The row after the bad one keeps its own line and is numbered after it.
    #expect(table.rows[500].line == badLine + 1)
    #expect(table.rows[500].number == 502)
    let skipped = try table.applying(.skip)
    #expect(skipped.count == 1)
    #expect(throws: DataError.self) { _ = try table.applying(.stop) }
  }

  @Test func aQuoteOpenUntilTheEndOfTheFileCostsOnlyItsRow() throws {
    let text = "id,title,n\n1,x,2\n2,\"open,3\n3,y,4\n4,z,5"
    let table = try CSVTable.parse(text, file: "t.csv", onBadRow: .skip)
    #expect(table.rows.map(\.fields) == [["1", "x", "2"], ["3", "y", "4"], ["4", "z", "5"]])
    #expect(table.malformed.map(\.reason) == [.unterminatedQuote])
    #expect(table.malformed.map(\.line) == [3])
    #expect(table.malformed.map(\.number) == [2])
  }

  @Test func aClosingQuoteFollowedByTextCostsOnlyItsRow() throws {
    let text = "id,title,n\n1,\"甲\"乙,3\n2,\"丙\",4\n"
    let table = try CSVTable.parse(text, file: "t.csv", onBadRow: .skip)
    #expect(table.rows.map(\.fields) == [["2", "丙", "4"]])
    #expect(table.malformed.map(\.reason) == [.textAfterQuote])
    #expect(table.malformed.map(\.line) == [2])
  }

  @Test func aStrayQuoteBeforeAQuotedFieldLaterIsCaught() throws {
    let text = "id,title,n\n1,\"open,3\n2,x,4\n3,\"有引号\",5\n"
    let table = try CSVTable.parse(text, file: "t.csv", onBadRow: .skip)
    #expect(table.rows.map(\.fields) == [["2", "x", "4"], ["3", "有引号", "5"]])
    #expect(table.malformed.map(\.line) == [2])
  }

  @Test func aMultiLineRowWithAnotherFieldCountIsMalformed() throws {
    // The quote opened on line 2 closes on line 3, before a separator: the field count gives it away.
    let text = "id,title,n\n1,\"open,3\n2\",x,4,5\n3,y,6\n"
    let table = try CSVTable.parse(text, file: "t.csv", onBadRow: .skip)
    #expect(table.malformed.count == 1)
    #expect(table.malformed.first?.reason == .fieldCount(expected: 3, found: 5))
    #expect(table.rows.map(\.fields).contains(["3", "y", "6"]))
  }

  @Test func legitimateMultiLineFieldsStayOneRow() throws {
    let text = "id,note,n\n1,\"第一行\n第二行\",3\n2,x,4\n"
    let table = try CSVTable.parse(text, file: "t.csv")
    #expect(table.rows.map(\.fields) == [["1", "第一行\n第二行", "3"], ["2", "x", "4"]])
    #expect(table.rows.map(\.line) == [2, 4])
  }

  @Test func stopNamesTwentyRowsAndCountsTheRest() throws {
    let text = "id,title\n" + (1...25).map { "\($0),\"a\"b" }.joined(separator: "\n")
    let error = try #require(dataError { _ = try CSVTable.parse(text, file: "many.csv") })
    #expect(error.diagnostics.count == 21)
    #expect(error.diagnostics.last?.message.en == "… and 5 more rows of file many.csv cannot be read")
  }

  @Test func aMalformedHeaderIsAnErrorWhateverThePolicy() throws {
    let error = try #require(dataError { _ = try CSVTable.parse("\"id,name\n1,2\n", file: "h.csv", onBadRow: .skip) })
    #expect(error.diagnostics.first?.message.en.contains("header") == true)
  }
}

@Suite struct CSVEncodingTests {
  let gb18030 = fixtures.appendingPathComponent("gb18030.csv")
  let expectedRows = [
    ["G1", "高精度机器人关节，减速器", "哈尔滨工业大学", "智能机器人"],
    ["G2", "盐碱地水稻新品种", "中国农业科学院", "现代农业"],
    ["G3", "含“引号”和,逗号", "浙江大学", "新材料"],
  ]

  @Test func gb18030IsDecodedWhenNamed() throws {
    let table = try CSVTable.read(gb18030, displayName: "gb18030.csv", encoding: .gb18030)
    #expect(table.header == ["编号", "成果名称", "单位", "领域"])
    #expect(table.rows.map(\.fields) == expectedRows)
    #expect(table.encoding == .gb18030)
    #expect(table.warnings.isEmpty)
  }

  @Test func autoFallsBackToGB18030WithAWarningNamingTheFile() throws {
    let table = try CSVTable.read(gb18030, displayName: "data/gb18030.csv")
    #expect(table.rows.map(\.fields) == expectedRows)
    #expect(table.encoding == .gb18030)
    #expect(table.warnings.count == 1)
    #expect(table.warnings.first?.message.en.contains("data/gb18030.csv") == true)
    #expect(table.warnings.first?.message.en.contains("GB18030") == true)
    #expect(table.warnings.first?.message.zh.contains("GB18030") == true)
  }

  @Test func autoReadsUTF8AsUTF8WithoutAWarning() throws {
    let table = try CSVTable.parse(data: Data("编号,名称\n1,机器人\n".utf8), file: "u.csv", encoding: .auto)
    #expect(table.encoding == .utf8)
    #expect(table.warnings.isEmpty)
  }

  @Test func namingUTF8ForAGB18030FileFailsAtTheHeader() throws {
    let error = try #require(
      dataError { _ = try CSVTable.readHeader(gb18030, displayName: "gb18030.csv", encoding: .utf8) })
    #expect(error.diagnostics.first?.message.en.contains("not UTF-8") == true)
    #expect(error.diagnostics.first?.message.en.contains("gb18030") == true)
  }

  @Test func invalidUTF8InADataRowCostsThatRow() throws {
    var bytes = Array("id,name\n1,ok\n2,".utf8)
    bytes += [0xE9, 0x94]
    bytes += Array("\n3,fine\n".utf8)
    let table = try CSVTable.parse(data: Data(bytes), file: "u.csv", encoding: .utf8, onBadRow: .skip)
    #expect(table.rows.map(\.fields) == [["1", "ok"], ["3", "fine"]])
    #expect(table.malformed.map(\.reason) == [.invalidUTF8])
    #expect(table.malformed.map(\.line) == [3])
  }

  @Test func theScanChecksUTF8AsStrictlyAsTheStandardLibrary() throws {
    let invalid: [[UInt8]] = [
      [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE6, 0x9C], [0xFF],
    ]
    let valid: [[UInt8]] = [
      [0xC2, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
    ]
    for (sequence, isValid) in invalid.map({ ($0, false) }) + valid.map({ ($0, true) }) {
      for quoted in [false, true] {
        var bytes = Array("a,b\n1,".utf8)
        bytes += quoted ? [0x22] + sequence + [0x22] : sequence
        bytes += Array("\n2,x".utf8)
        let table = try CSVTable.parse(data: Data(bytes), file: "u.csv", encoding: .utf8, onBadRow: .skip)
        #expect(table.malformed.count == (isValid ? 0 : 1), "\(sequence) quoted: \(quoted)")
        #expect(table.rows.count == (isValid ? 2 : 1))
        if isValid { #expect(Array(table.rows[0].fields[1].utf8) == sequence) }
      }
    }
  }

  @Test func autoKeepsUTF8WhenOnlyARowIsBroken() throws {
    var bytes = Array("编号,名称\n1,机器人\n2,".utf8)
    bytes += [0xE6, 0x9C]
    bytes += Array(",\n3,传感器\n".utf8)
    let table = try CSVTable.parse(data: Data(bytes), file: "u.csv", encoding: .auto, onBadRow: .skip)
    #expect(table.encoding == .utf8)
    #expect(table.rows.map(\.fields) == [["1", "机器人"], ["3", "传感器"]])
    #expect(table.malformed.map(\.line) == [3])
    #expect(table.warnings.isEmpty)
  }

  @Test func readHeaderReadsOnlyTheFirstRecord() throws {
    let table = try CSVTable.readHeader(gb18030, displayName: "gb18030.csv")
    #expect(table.header == ["编号", "成果名称", "单位", "领域"])
    #expect(table.rows.isEmpty)
    #expect(table.encoding == .gb18030)
  }

  @Test func readHeaderFindsAHeaderLongerThanTheFirstChunk() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("wide.csv")
    let names = (0..<20_000).map { "列\($0)" }
    try (names.joined(separator: ",") + "\n" + names.map { _ in "1" }.joined(separator: ",") + "\n")
      .write(to: url, atomically: true, encoding: .utf8)
    let table = try CSVTable.readHeader(url)
    #expect(table.header == names)
  }
}

@Suite struct CSVOddFileTests {
  @Test func anEmptyFileSaysSo() throws {
    for text in ["", "\u{FEFF}", "\n\n", ",,\r\n"] {
      let error = try #require(dataError { _ = try CSVTable.parse(text, file: "empty.csv") })
      #expect(error.diagnostics.first?.message.en == "file empty.csv is empty: no header row")
      #expect(error.diagnostics.first?.message.zh == "文件 empty.csv 为空：没有表头行")
    }
  }

  @Test func aHeaderOnlyFileWarns() throws {
    let table = try CSVTable.parse("id,name\n", file: "header.csv")
    #expect(table.rows.isEmpty)
    #expect(table.warnings.map(\.message.en) == ["file header.csv has a header but no data rows"])
  }

  @Test func theMissingColumnMessageNeverEndsWithABlankList() {
    let table = CSVTable(header: ["", ""], rows: [], file: "blank-header.csv")
    let diagnostic = table.missingColumn("省份", at: nil, keyPath: "with.columns.province")
    #expect(!diagnostic.message.en.hasSuffix(": "))
    #expect(diagnostic.message.en.contains("names no columns"))
    #expect(!diagnostic.message.zh.hasSuffix("："))
  }
}

@Suite struct CSVSetUpCheckTests {
  let specs = [
    ParameterSpec("file", .file, required: true, doc: LocalizedText(verbatim: "file")), .encoding, .onBadRow,
  ]

  func values(_ yaml: [(String, String)]) -> ParameterValues {
    let node = ConfigNode(
      .mapping(
        yaml.map { key, value in
          ConfigEntry(
            key: key, keyLocation: SourceLocation(file: "c.yaml", line: 1, column: 1),
            value: ConfigNode(.scalar(value), at: SourceLocation(file: "c.yaml", line: 1, column: 7)))
        }), at: SourceLocation(file: "c.yaml", line: 1, column: 1))
    return ParameterValues(
      node: node, specs: specs, keyPath: "intake[0].with", baseDirectory: fixtures,
      entryLocation: SourceLocation(file: "c.yaml", line: 1, column: 1))
  }

  @Test func validateFindsAWrongEncodingFromTheHeaderAlone() {
    let p = values([("file", "gb18030.csv"), ("encoding", "utf-8")])
    let problems = p.missingColumns(inFile: "file", required: [("id", "编号")], columnsKey: nil)
    #expect(problems.count == 1)
    #expect(problems.first?.keyPath == "intake[0].with.file")
    #expect(problems.first?.message.en.contains("not UTF-8") == true)
  }

  @Test func validateFindsAMissingColumnInAGB18030File() {
    let p = values([("file", "gb18030.csv")])
    let problems = p.missingColumns(inFile: "file", required: [("id", "编号"), ("province", "省份")], columnsKey: nil)
    #expect(problems.count == 1)
    #expect(problems.first?.message.en.hasSuffix("its columns: 编号, 成果名称, 单位, 领域") == true)
  }

  @Test func readCSVAppliesTheEntrysPolicyAndEncoding() throws {
    let p = values([("file", "gb18030.csv"), ("on_bad_row", "skip")])
    #expect(p.badRowPolicy == .skip)
    #expect(p.csvEncoding == .auto)
    let table = try p.readCSV("file")
    #expect(table.rows.count == 3)
    #expect(table.file == "gb18030.csv")
  }
}
