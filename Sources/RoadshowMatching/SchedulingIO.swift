import Foundation

/// Loading and writing the scheduling files of the benchmark workloads (`gen.py` formats).
public enum SchedulingFiles {
  /// The files ``loadProblem(directory:)`` reads from its folder.
  public static let problemFiles = ["participants.csv", "requests.csv", "event.csv"]

  /// Reads `participants.csv`, `requests.csv` and `event.csv` from a folder. A missing folder is
  /// reported as such (``CSVInputError/Kind/folderNotFound(path:expected:)``), a missing file by
  /// its path.
  public static func loadProblem(directory: URL) throws(CSVInputError) -> SchedulingProblem {
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) {
      throw CSVInputError(
        file: directory.lastPathComponent, row: 0,
        kind: .folderNotFound(path: directory.relativePath, expected: problemFiles))
    }
    if !isFolder.boolValue {
      throw CSVInputError(
        file: directory.lastPathComponent, row: 0,
        kind: .notAFolder(path: directory.relativePath, expected: problemFiles))
    }
    let event = try loadEvent(from: directory.appendingPathComponent("event.csv"))
    let participants = try loadParticipants(
      from: directory.appendingPathComponent("participants.csv"), slots: event.slots)
    let requestsFile = directory.appendingPathComponent("requests.csv")
    let requests = try requests(
      from: CSVRecords(contentsOf: requestsFile), participants: Set(participants.map(\.id)))
    return SchedulingProblem(participants: participants, requests: requests, slots: event.slots, tables: event.tables)
  }

  /// Reads `event.csv`: one record `slots,tables`, both positive integers.
  public static func loadEvent(from url: URL) throws(CSVInputError) -> (slots: Int, tables: Int) {
    try event(from: CSVRecords(contentsOf: url))
  }

  /// Parses `event.csv` records; see ``loadEvent(from:)``.
  public static func event(from csv: CSVRecords) throws(CSVInputError) -> (slots: Int, tables: Int) {
    let slots = try csv.columnIndex("slots")
    let tables = try csv.columnIndex("tables")
    guard csv.records.count == 1 else {
      throw CSVInputError(
        file: csv.file, row: csv.lineNumbers.dropFirst().first ?? 2,
        kind: .wrongRecordCount(expected: 1, found: csv.records.count))
    }
    return (
      try csv.integer(record: 0, column: slots, in: 1...10_000),
      try csv.integer(record: 0, column: tables, in: 1...1_000_000)
    )
  }

  /// Reads `participants.csv`: `id,kind,name,province,unavailable_slots`; `kind` is `holder` or
  /// `enterprise`; `unavailable_slots` is a `;`-separated list of 1-based slots, each in 1…`slots`.
  public static func loadParticipants(from url: URL, slots: Int) throws(CSVInputError) -> [MeetingParticipant] {
    try participants(from: CSVRecords(contentsOf: url), slots: slots)
  }

  /// Parses participant records; see ``loadParticipants(from:slots:)``.
  public static func participants(from csv: CSVRecords, slots: Int) throws(CSVInputError) -> [MeetingParticipant] {
    let id = try csv.columnIndex("id")
    let kind = try csv.columnIndex("kind")
    let name = try csv.columnIndex("name")
    let province = try csv.columnIndex("province")
    let unavailable = try csv.columnIndex("unavailable_slots")
    var seen: Set<String> = []
    var result: [MeetingParticipant] = []
    for (index, record) in csv.records.enumerated() {
      let identifier = try requiredID(csv, record: index, column: id, seen: &seen)
      guard let role = ParticipantKind(rawValue: record[kind].trimmedSpaces) else {
        throw csv.error(
          record: index, column: kind, .invalidValue(expected: .oneOf(["holder", "enterprise"]), found: record[kind]))
      }
      var busy: Set<Int> = []
      for part in record[unavailable].split(separator: ";") {
        let text = String(part).trimmedSpaces
        if text.isEmpty { continue }
        guard let slot = Int(text), (1...slots).contains(slot) else {
          throw csv.error(
            record: index, column: unavailable,
            .invalidValue(expected: .slotList(slots: slots), found: record[unavailable]))
        }
        busy.insert(slot)
      }
      result.append(
        MeetingParticipant(
          id: identifier, kind: role, name: record[name], province: record[province], unavailableSlots: busy))
    }
    return result
  }

  /// Parses `requests.csv` records: `id,from,to,priority`; `from` and `to` must be in `participants`,
  /// `priority` an integer 1…1000.
  public static func requests(from csv: CSVRecords, participants: Set<String>) throws(CSVInputError)
    -> [MeetingRequest]
  {
    let id = try csv.columnIndex("id")
    let from = try csv.columnIndex("from")
    let to = try csv.columnIndex("to")
    let priority = try csv.columnIndex("priority")
    var seen: Set<String> = []
    var result: [MeetingRequest] = []
    for (index, record) in csv.records.enumerated() {
      let identifier = try requiredID(csv, record: index, column: id, seen: &seen)
      for column in [from, to] where !participants.contains(record[column]) {
        throw csv.error(record: index, column: column, .unknownReference(record[column]))
      }
      result.append(
        MeetingRequest(
          id: identifier, from: record[from], to: record[to],
          priority: try csv.integer(record: index, column: priority, in: 1...1000)))
    }
    return result
  }

  /// `request,slot` CSV (the peer's output format), ordered by request id.
  public static func scheduleCSV(_ schedule: Schedule) -> String {
    CSVText.document(
      header: ["request", "slot"], rows: schedule.sortedAssignments.map { [$0.request, String($0.slot)] })
  }

  /// Writes ``scheduleCSV(_:)`` to a file.
  public static func writeSchedule(_ schedule: Schedule, to url: URL) throws {
    try Data(scheduleCSV(schedule).utf8).write(to: url, options: .atomic)
  }

  /// Reads a `request,slot` CSV (a previous schedule, or fixed meetings).
  public static func loadSchedule(from url: URL) throws(CSVInputError) -> Schedule {
    try schedule(from: CSVRecords(contentsOf: url))
  }

  /// Parses `request,slot` records; a request listed twice is an error.
  public static func schedule(from csv: CSVRecords) throws(CSVInputError) -> Schedule {
    let request = try csv.columnIndex("request")
    let slot = try csv.columnIndex("slot")
    var seen: Set<String> = []
    var assignments: [String: Int] = [:]
    for index in csv.records.indices {
      let identifier = try requiredID(csv, record: index, column: request, seen: &seen)
      assignments[identifier] = try csv.integer(record: index, column: slot, in: 1...10_000)
    }
    return Schedule(assignments: assignments)
  }
}
