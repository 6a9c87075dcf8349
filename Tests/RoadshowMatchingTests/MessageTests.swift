import Foundation
import Testing

@testable import RoadshowMatching

/// The engines' errors read naturally in Chinese (the product's default) and in English;
/// `description` stays the English text.
@Suite struct CSVInputErrorMessageTests {
  @Test func aBadFieldNamesFileRowColumnAndHeaderInBothLanguages() throws {
    let csv = try CSVRecords(
      text: "id,title,institution,province,field,trl\nA1,机器人,清华大学,北京,智能机器人,high\n", file: "bad.csv")
    let error = try #require(#expect(throws: CSVInputError.self) { try MatchingFiles.achievements(from: csv) })
    #expect(error.message(chinese: true) == "文件 bad.csv 第 2 行第 6 列（trl）：应为 1…9 之间的整数，实际为“high”")
    #expect(error.message(chinese: false) == "bad.csv:2:6 (trl): expected an integer in 1…9, found \"high\"")
    #expect(error.description == error.message(chinese: false))
  }

  @Test func everyKindHasAChineseText() {
    let cases: [(CSVInputError, zh: String, en: String)] = [
      (
        CSVInputError(file: "a.csv", row: 1, kind: .missingColumn("trl")),
        "文件 a.csv 第 1 行：表头缺少“trl”列", "a.csv:1: the header has no column named \"trl\""
      ),
      (
        CSVInputError(file: "d.csv", row: 3, column: 1, columnName: "id", kind: .duplicateID("D1")),
        "文件 d.csv 第 3 行第 1 列（id）：编号“D1”出现了不止一次", "d.csv:3:1 (id): the id \"D1\" appears more than once"
      ),
      (
        CSVInputError(file: "d.csv", row: 3, kind: .wrongFieldCount(expected: 2, found: 3)),
        "文件 d.csv 第 3 行：应有 2 个字段，实际 3 个", "d.csv:3: expected 2 fields, found 3"
      ),
      (
        CSVInputError(file: "d.csv", row: 3, column: 2, kind: .unterminatedQuote),
        "文件 d.csv 第 3 行第 2 列：以引号开始的字段直到文件末尾仍未闭合",
        "d.csv:3:2: a quoted field is not closed before the end of the file"
      ),
      (
        CSVInputError(
          file: "participants.csv", row: 2, column: 2, columnName: "kind",
          kind: .invalidValue(expected: .oneOf(["holder", "enterprise"]), found: "")),
        "文件 participants.csv 第 2 行第 2 列（kind）：应为 holder 或 enterprise，实际为空",
        "participants.csv:2:2 (kind): expected holder or enterprise, found \"\""
      ),
      (
        CSVInputError(
          file: "requests.csv", row: 3, column: 1, columnName: "id",
          kind: .invalidValue(expected: .nonEmptyID, found: "")
        ),
        "文件 requests.csv 第 3 行第 1 列（id）：应为非空的编号，实际为空", "requests.csv:3:1 (id): expected a non-empty id, found \"\""
      ),
      (
        CSVInputError(file: "requests.csv", row: 3, column: 2, columnName: "from", kind: .unknownReference("E9")),
        "文件 requests.csv 第 3 行第 2 列（from）：“E9”未定义", "requests.csv:3:2 (from): \"E9\" is not defined"
      ),
      (
        CSVInputError(file: "x.csv", row: 1, kind: .empty), "文件 x.csv 第 1 行：文件为空，应有一行表头（列名）",
        "x.csv:1: the file is empty; expected a header row"
      ),
    ]
    for (error, zh, en) in cases {
      #expect(error.message(chinese: true) == zh)
      #expect(error.message(chinese: false) == en)
      #expect(error.description == en)
    }
  }

  @Test func eventFileWithTwoRecordsSaysHowManyItHas() throws {
    let csv = try CSVRecords(text: "slots,tables\n3,2\n4,4\n", file: "event.csv")
    let error = try #require(#expect(throws: CSVInputError.self) { try SchedulingFiles.event(from: csv) })
    #expect(error.kind == .wrongRecordCount(expected: 1, found: 2))
    #expect(error.message(chinese: true) == "文件 event.csv 第 3 行：应恰好有 1 条记录，实际 2 条")
    #expect(error.message(chinese: false) == "event.csv:3: expected exactly one record, found 2")
  }

  @Test func aStringLiteralExpectationIsShownAsIs() {
    let error = CSVInputError(file: "a.csv", row: 2, column: 1, kind: .invalidValue(expected: "A 或 B", found: "C"))
    #expect(error.message(chinese: true) == "文件 a.csv 第 2 行第 1 列：应为 A 或 B，实际为“C”")
    #expect(error.message(chinese: false) == "a.csv:2:1: expected A 或 B, found \"C\"")
  }
}

/// A missing file or folder is named plainly by its path, not as `event.csv:0: cannot read file`.
@Suite struct MissingInputTests {
  private func folder() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rm-missing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  @Test func aMissingFileIsNamedByItsPath() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("achievements.csv")
    let error = try #require(#expect(throws: CSVInputError.self) { try MatchingFiles.loadAchievements(from: url) })
    #expect(error.kind == .fileNotFound(path: url.path))
    #expect(error.file == "achievements.csv")
    #expect(error.message(chinese: true) == "找不到文件 \(url.path)")
    #expect(error.message(chinese: false) == "no such file: \(url.path)")
    #expect(!error.description.contains(":0"))
  }

  @Test func aFolderWhereAFileBelongsIsSaidSo() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let error = try #require(#expect(throws: CSVInputError.self) { try CSVRecords(contentsOf: directory) })
    #expect(error.kind == .notAFile(path: directory.path))
    #expect(error.message(chinese: true) == "\(directory.path) 是文件夹，不是文件")
    #expect(error.message(chinese: false) == "\(directory.path) is a folder, not a file")
  }

  @Test func aMissingSchedulingFolderIsNamedWithTheFilesItShouldHold() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("nonexistent")
    let error = try #require(
      #expect(throws: CSVInputError.self) { try SchedulingFiles.loadProblem(directory: missing) })
    #expect(error.kind == .folderNotFound(path: missing.path, expected: SchedulingFiles.problemFiles))
    #expect(
      error.message(chinese: true) == "找不到文件夹 \(missing.path)（应包含 participants.csv、requests.csv 和 event.csv）")
    #expect(
      error.message(chinese: false)
        == "no such folder: \(missing.path) (it should hold participants.csv, requests.csv and event.csv)")

    let file = directory.appendingPathComponent("event.csv")
    try "slots,tables\n4,2\n".write(to: file, atomically: true, encoding: .utf8)
    let notFolder = try #require(
      #expect(throws: CSVInputError.self) { try SchedulingFiles.loadProblem(directory: file) })
    #expect(notFolder.message(chinese: true).hasPrefix("\(file.path) 是文件，不是文件夹（应包含 "))
    #expect(notFolder.message(chinese: false).hasPrefix("\(file.path) is a file, not a folder (it should hold "))
  }

  @Test func aMissingFileInTheSchedulingFolderIsNamed() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "slots,tables\n4,2\n".write(
      to: directory.appendingPathComponent("event.csv"), atomically: true, encoding: .utf8)
    try "id,kind,name,province,unavailable_slots\nH1,holder,甲,北京,\n".write(
      to: directory.appendingPathComponent("participants.csv"), atomically: true, encoding: .utf8)
    let error = try #require(
      #expect(throws: CSVInputError.self) { try SchedulingFiles.loadProblem(directory: directory) })
    let path = directory.appendingPathComponent("requests.csv").path
    #expect(error.message(chinese: true) == "找不到文件 \(path)")
    #expect(error.message(chinese: false) == "no such file: \(path)")
  }
}

@Suite struct SchedulingMessageTests {
  @Test func violationsInBothLanguages() {
    let cases: [(ScheduleViolation, zh: String, en: String)] = [
      (
        ScheduleViolation(kind: .participantUnavailable, slot: 1, participant: "H2", requests: ["R2"]),
        "H2 在第 1 时段不可参会，却被安排了 R2", "H2 is unavailable in slot 1 but meets for R2"
      ),
      (
        ScheduleViolation(kind: .doubleBooked, slot: 1, participant: "H1", requests: ["R1", "R3"]),
        "H1 在第 1 时段有多场洽谈：R1、R3", "H1 has several meetings in slot 1: R1, R3"
      ),
      (
        ScheduleViolation(kind: .tablesExceeded, slot: 2, requests: ["R1", "R2", "R3"]), "第 2 时段的洽谈多于桌数：共 3 场",
        "more meetings than tables in slot 2: 3 meetings"
      ),
      (
        ScheduleViolation(kind: .slotOutOfRange, slot: 9, requests: ["R1"]), "请求 R1 被排在第 9 时段，超出活动的时段范围",
        "request R1 is assigned to slot 9, outside the event's slots"
      ),
      (
        ScheduleViolation(kind: .fixedMeetingMoved, slot: 2, requests: ["R1"]), "固定洽谈 R1 未安排在第 2 时段",
        "fixed meeting R1 is not held in slot 2"
      ),
      (ScheduleViolation(kind: .unknownRequest, slot: 1, requests: ["R9"]), "排程中有未知的洽谈请求 R9", "unknown request R9"),
      (
        ScheduleViolation(kind: .unknownParticipant, slot: 1, participant: "E9", requests: ["R5"]),
        "请求 R5 指向不存在的参与者 E9", "request R5 names unknown participant E9"
      ),
    ]
    for (violation, zh, en) in cases {
      #expect(violation.message(chinese: true) == zh)
      #expect(violation.message(chinese: false) == en)
      #expect(violation.description == en)
    }
  }

  @Test func errorsInBothLanguages() {
    let cases: [(SchedulingError, zh: String, en: String)] = [
      (.invalidEvent(slots: 2, tables: 0), "时段数（2）和桌数（0）都必须是正数", "slots (2) and tables (0) must be positive"),
      (.duplicateID("H1"), "编号“H1”被使用了两次", "the id \"H1\" is used twice"),
      (
        .unknownParticipant(request: "R5", participant: "E9"), "请求 R5 指向不存在的参与者 E9",
        "request R5 names unknown participant E9"
      ),
      (.invalidPriority(request: "R1", priority: 0), "请求 R1 的优先级为 0，应不小于 1", "request R1 has priority 0; expected ≥ 1"),
      (.unknownFixedRequest("R404"), "固定洽谈指向不存在的请求 R404", "fixed meeting names unknown request R404"),
    ]
    for (error, zh, en) in cases {
      #expect(error.message(chinese: true) == zh)
      #expect(error.message(chinese: false) == en)
      #expect(error.description == en)
    }
  }

  @Test func infeasibleFixedMeetingsListEveryViolation() {
    let problem = SchedulingProblem(
      participants: [
        MeetingParticipant(id: "H1", kind: .holder), MeetingParticipant(id: "H2", kind: .holder, unavailableSlots: [1]),
        MeetingParticipant(id: "E1", kind: .enterprise), MeetingParticipant(id: "E2", kind: .enterprise),
      ],
      requests: [
        MeetingRequest(id: "R1", from: "E1", to: "H1"), MeetingRequest(id: "R2", from: "E2", to: "H2"),
      ],
      slots: 2, tables: 2, fixed: ["R2": 1])
    let error = #expect(throws: SchedulingError.self) { try MeetingScheduler.schedule(problem) }
    #expect(error?.message(chinese: true) == "固定洽谈无法全部安排：H2 在第 1 时段不可参会，却被安排了 R2")
    #expect(
      error?.message(chinese: false)
        == "the fixed meetings cannot all be held: H2 is unavailable in slot 1 but meets for R2")
  }
}

/// Itineraries show an id beside a name only when it says something the name does not.
@Suite struct ItineraryLabelTests {
  /// Enterprises as the one-to-one docking plugin names them (`E:` + name), and as gen.py does
  /// (`E0335`, `企业0335`).
  static let problem = SchedulingProblem(
    participants: [
      MeetingParticipant(id: "nkrdp-2018:2018YFB1106000", kind: .holder, name: "增材制造精细结构"),
      MeetingParticipant(id: "E:示例企业智能装备", kind: .enterprise, name: "示例企业智能装备"),
      MeetingParticipant(id: "E0335", kind: .enterprise, name: "企业0335"),
      MeetingParticipant(id: "E7", kind: .enterprise),
      MeetingParticipant(id: "E:其他名称", kind: .enterprise, name: "示例企业"),
    ],
    requests: [
      MeetingRequest(id: "R1", from: "E:示例企业智能装备", to: "nkrdp-2018:2018YFB1106000", priority: 3),
      MeetingRequest(id: "R2", from: "E0335", to: "nkrdp-2018:2018YFB1106000", priority: 2),
      MeetingRequest(id: "R3", from: "E7", to: "nkrdp-2018:2018YFB1106000", priority: 1),
      MeetingRequest(id: "R4", from: "E:其他名称", to: "nkrdp-2018:2018YFB1106000", priority: 1),
    ],
    slots: 4, tables: 2)
  static let schedule = Schedule(assignments: ["R1": 1, "R2": 2, "R3": 3, "R4": 4])

  @Test func aPrefixedNameIsShownOnceAndAnInformativeIDIsKept() throws {
    for locale in ItineraryLocale.allCases {
      let holder = try #require(
        Self.problem.itinerary(for: "nkrdp-2018:2018YFB1106000", schedule: Self.schedule, locale: locale))
      #expect(holder.contains("## 增材制造精细结构 (nkrdp-2018:2018YFB1106000) · "))
      #expect(holder.contains("| 1 | 示例企业智能装备 | 3 |"), "\(holder)")
      #expect(!holder.contains("(E:示例企业智能装备)"))
      #expect(holder.contains("| 1 | 企业0335 (E0335) | 2 |"))  // gen.py: the id is not the name
      #expect(holder.contains("| 1 | E7 | 1 |"))  // no name: the id once, not `E7 (E7)`
      #expect(holder.contains("| 1 | 示例企业 (E:其他名称) | 1 |"))  // the tagged id differs from the name
    }
    let chinese = try #require(Self.problem.itinerary(for: "E:示例企业智能装备", schedule: Self.schedule))
    #expect(chinese.hasPrefix("## 示例企业智能装备 · 企业\n"))
    #expect(chinese.contains("| 第 1 时段 | 1 | 增材制造精细结构 (nkrdp-2018:2018YFB1106000) | 3 |"))
    let english = try #require(Self.problem.itinerary(for: "E:示例企业智能装备", schedule: Self.schedule, locale: .en))
    #expect(english.hasPrefix("## 示例企业智能装备 · enterprise\n"))
    #expect(english.contains("| Slot 1 | 1 | 增材制造精细结构 (nkrdp-2018:2018YFB1106000) | 3 |"))
    let generated = try #require(Self.problem.itinerary(for: "E0335", schedule: Self.schedule, locale: .en))
    #expect(generated.hasPrefix("## 企业0335 (E0335) · enterprise\n"))
  }

  @Test func whichIDsAddInformation() {
    #expect(!ItineraryContext.idAddsInformation("E:示例企业", to: "示例企业"))
    #expect(!ItineraryContext.idAddsInformation("H1", to: "H1"))
    #expect(!ItineraryContext.idAddsInformation("ENT2:示例企业", to: "示例企业"))
    #expect(ItineraryContext.idAddsInformation("E0335", to: "企业0335"))
    #expect(ItineraryContext.idAddsInformation("E:示例企业甲", to: "示例企业"))
    // Not a short tag: a source with punctuation, an empty tag, a tag that is not ASCII.
    #expect(ItineraryContext.idAddsInformation("nkrdp-2018:2018YFB1106000", to: "2018YFB1106000"))
    #expect(ItineraryContext.idAddsInformation(":示例企业", to: "示例企业"))
    #expect(ItineraryContext.idAddsInformation("企业:示例企业", to: "示例企业"))
  }
}
