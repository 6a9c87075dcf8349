import Foundation
import Testing

@testable import RoadshowMatching

@Suite struct CSVTests {
  @Test func parsesQuotesBOMAndLineBreaks() throws {
    let text = "\u{FEFF}id,title,note\r\n1,\"锂电池, 正极\",\"他说\"\"好\"\"\"\r\n\r\n2,\"两\n行\",\n"
    let csv = try CSVRecords(text: text, file: "a.csv")
    #expect(csv.header == ["id", "title", "note"])
    #expect(csv.records == [["1", "锂电池, 正极", "他说\"好\""], ["2", "两\n行", ""]])
    #expect(csv.lineNumbers == [2, 4])
  }

  @Test func writerRoundTrips() throws {
    let rows = [["a,b", "say \"hi\"", "x"], ["多\n行", "", "plain"]]
    let text = CSVText.document(header: ["one", "two", "three"], rows: rows)
    let parsed = try CSVRecords(text: text, file: "round.csv")
    #expect(parsed.records == rows)
  }

  @Test func unterminatedQuoteNamesFileRowAndColumn() {
    #expect(throws: CSVInputError(file: "d.csv", row: 3, column: 2, kind: .unterminatedQuote)) {
      try CSVRecords(text: "id,need\n1,ok\n2,\"never closed\n", file: "d.csv")
    }
  }

  @Test func invalidUTF8IsLocated() {
    let bytes: [UInt8] = Array("id,need\n1,".utf8) + [0xE9, 0x94] + Array("\n".utf8)
    #expect(throws: CSVInputError(file: "d.csv", row: 2, column: 2, kind: .invalidUTF8)) {
      try CSVRecords(data: Data(bytes), file: "d.csv")
    }
  }

  @Test func strayQuoteIsAnError() {
    #expect(throws: CSVInputError(file: "d.csv", row: 2, column: 2, kind: .unexpectedQuote)) {
      try CSVRecords(text: "id,need\n1,ab\"c\n", file: "d.csv")
    }
  }

  @Test func wrongFieldCountNamesTheRow() {
    #expect(throws: CSVInputError(file: "d.csv", row: 3, kind: .wrongFieldCount(expected: 2, found: 3))) {
      try CSVRecords(text: "id,need\n1,a\n2,b,c\n", file: "d.csv")
    }
  }

  @Test func badTRLNamesFileRowAndColumn() throws {
    let text = """
      id,title,institution,province,field,trl
      A1,锂电池,清华大学,北京,新能源,7
      A2,水稻,农科院,湖南,农业,十
      """
    let csv = try CSVRecords(text: text, file: "achievements.csv")
    let error = #expect(throws: CSVInputError.self) { try MatchingFiles.achievements(from: csv) }
    #expect(error?.file == "achievements.csv")
    #expect(error?.row == 3)
    #expect(error?.column == 6)
    #expect(error?.columnName == "trl")
    #expect(error?.description.hasPrefix("achievements.csv:3:6 (trl):") == true)
  }

  @Test func missingColumnAndDuplicateID() throws {
    let noTRL = try CSVRecords(text: "id,title,institution,province,field\nA1,t,i,p,f\n", file: "a.csv")
    #expect(throws: CSVInputError(file: "a.csv", row: 1, kind: .missingColumn("trl"))) {
      try MatchingFiles.achievements(from: noTRL)
    }
    let twice = try CSVRecords(
      text: "id,enterprise,province,field,need\nD1,e,p,f,n\nD1,e,p,f,m\n", file: "demands.csv")
    #expect(
      throws: CSVInputError(file: "demands.csv", row: 3, column: 1, columnName: "id", kind: .duplicateID("D1"))
    ) { try MatchingFiles.demands(from: twice) }
  }

  @Test func requestNamingUnknownParticipantIsLocated() throws {
    let csv = try CSVRecords(text: "id,from,to,priority\nR1,E1,H1,2\nR2,E9,H1,1\n", file: "requests.csv")
    #expect(
      throws: CSVInputError(
        file: "requests.csv", row: 3, column: 2, columnName: "from", kind: .unknownReference("E9"))
    ) { try SchedulingFiles.requests(from: csv, participants: ["E1", "H1"]) }
  }

  @Test func unavailableSlotOutOfRangeIsLocated() throws {
    let csv = try CSVRecords(
      text: "id,kind,name,province,unavailable_slots\nH1,holder,甲,北京,1;2\nE1,enterprise,乙,上海,3;17\n",
      file: "participants.csv")
    let error = #expect(throws: CSVInputError.self) { try SchedulingFiles.participants(from: csv, slots: 16) }
    #expect(error?.row == 3)
    #expect(error?.column == 5)
    #expect(error?.columnName == "unavailable_slots")
  }

  @Test func loadsGenPyShapedFilesFromDisk() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "slots,tables\n4,2\n".write(
      to: directory.appendingPathComponent("event.csv"), atomically: true, encoding: .utf8)
    try "id,kind,name,province,unavailable_slots\nH0000,holder,甲,北京,2;3\nE0000,enterprise,企业0000,上海,\n"
      .write(to: directory.appendingPathComponent("participants.csv"), atomically: true, encoding: .utf8)
    try "id,from,to,priority\nR000000,E0000,H0000,3\n".write(
      to: directory.appendingPathComponent("requests.csv"), atomically: true, encoding: .utf8)
    let problem = try SchedulingFiles.loadProblem(directory: directory)
    #expect(problem.slots == 4 && problem.tables == 2)
    #expect(problem.participants[0].unavailableSlots == [2, 3])
    #expect(problem.requests == [MeetingRequest(id: "R000000", from: "E0000", to: "H0000", priority: 3)])
    let missing = #expect(throws: CSVInputError.self) {
      try MatchingFiles.loadAchievements(from: directory.appendingPathComponent("achievements.csv"))
    }
    #expect(missing?.file == "achievements.csv")
  }
}
