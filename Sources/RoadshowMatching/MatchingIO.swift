import Foundation
import RoadshowKernel

#if os(Linux)
  /// glibc's `malloc_trim`: gives the pages freed by the block parsing back to the system.
  @_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Loading and writing the matching files of the benchmark workloads (`gen.py` formats).
public enum MatchingFiles {
  /// Reads `achievements.csv`: `id,title,institution,province,field,trl` (extra columns are ignored;
  /// an optional `summary` column is indexed with the title). `trl` must be 1…9, ids unique.
  public static func loadAchievements(from url: URL) throws(CSVInputError) -> [MatchAchievement] {
    try achievements(from: CSVRecords(contentsOf: url))
  }

  /// Parses achievements from already-read CSV records; see ``loadAchievements(from:)``.
  public static func achievements(from csv: CSVRecords) throws(CSVInputError) -> [MatchAchievement] {
    let id = try csv.columnIndex("id")
    let title = try csv.columnIndex("title")
    let institution = try csv.columnIndex("institution")
    let province = try csv.columnIndex("province")
    let field = try csv.columnIndex("field")
    let trl = try csv.columnIndex("trl")
    let summary = csv.header.firstIndex(of: "summary")
    var seen: Set<String> = []
    var result: [MatchAchievement] = []
    result.reserveCapacity(csv.records.count)
    for (index, record) in csv.records.enumerated() {
      let identifier = try requiredID(csv, record: index, column: id, seen: &seen)
      result.append(
        MatchAchievement(
          id: identifier, title: record[title], institution: record[institution], province: record[province],
          field: record[field], trl: try csv.integer(record: index, column: trl, in: 1...9),
          summary: summary.map { record[$0] } ?? ""))
    }
    return result
  }

  /// Reads `demands.csv`: `id,enterprise,province,field,need` plus optional `target` (the known
  /// right answer, for evaluation) and optional `min_trl` (1…9, empty for none).
  public static func loadDemands(from url: URL) throws(CSVInputError) -> [MatchDemand] {
    try demands(from: CSVRecords(contentsOf: url))
  }

  /// Parses demands from already-read CSV records; see ``loadDemands(from:)``.
  public static func demands(from csv: CSVRecords) throws(CSVInputError) -> [MatchDemand] {
    let id = try csv.columnIndex("id")
    let enterprise = try csv.columnIndex("enterprise")
    let province = try csv.columnIndex("province")
    let field = try csv.columnIndex("field")
    let need = try csv.columnIndex("need")
    let target = csv.header.firstIndex(of: "target")
    let minimum = csv.header.firstIndex(of: "min_trl")
    var seen: Set<String> = []
    var result: [MatchDemand] = []
    result.reserveCapacity(csv.records.count)
    for (index, record) in csv.records.enumerated() {
      let identifier = try requiredID(csv, record: index, column: id, seen: &seen)
      var floor: Int?
      if let minimum, !record[minimum].trimmedSpaces.isEmpty {
        floor = try csv.integer(record: index, column: minimum, in: 1...9)
      }
      let goal = target.map { record[$0] }
      result.append(
        MatchDemand(
          id: identifier, enterprise: record[enterprise], province: record[province], field: record[field],
          need: record[need], minimumTRL: floor, target: goal?.isEmpty == false ? goal : nil))
    }
    return result
  }

  /// `demand,achievement,rank,score` CSV (the peer's output format), one line per match, in the
  /// given order; scores with six decimals. Without `header`, the lines only (to append a batch).
  public static func matchesCSV(_ matches: [[Match]], header: Bool = true) -> String {
    var text = header ? "demand,achievement,rank,score\n" : ""
    for list in matches {
      for match in list {
        text += CSVText.line([
          match.demandID, match.achievementID, String(match.rank), String(format: "%.6f", match.score),
        ])
        text += "\n"
      }
    }
    return text
  }

  /// Writes ``matchesCSV(_:)`` to a file.
  public static func writeMatches(_ matches: [[Match]], to url: URL) throws {
    try Data(matchesCSV(matches).utf8).write(to: url, options: .atomic)
  }

  /// Recall@k as the peer computes it: the share of demands whose `target` is among their matches
  /// (demands without a target count as misses). `results[i]` belongs to `demands[i]`.
  public static func recall(_ results: [[Match]], demands: [MatchDemand]) -> (hits: Int, total: Int) {
    var hits = 0
    for (demand, matches) in zip(demands, results) {
      if let target = demand.target, matches.contains(where: { $0.achievementID == target }) { hits += 1 }
    }
    return (hits, demands.count)
  }
}

func requiredID(_ csv: CSVRecords, record: Int, column: Int, seen: inout Set<String>) throws(CSVInputError)
  -> String
{
  let value = csv.records[record][column].trimmedSpaces
  guard !value.isEmpty else {
    throw csv.error(record: record, column: column, .invalidValue(expected: .nonEmptyID, found: value))
  }
  guard seen.insert(value).inserted else { throw csv.error(record: record, column: column, .duplicateID(value)) }
  return value
}

/// Reads `achievements.csv` block by block for ``MatchingEngine/init(contentsOf:options:)``: each
/// block ends at a line break outside quotes and is parsed with the kernel's reader as the whole
/// file would be; the texts are kept as bytes, provinces and fields shared between records.
enum AchievementBlocks {
  /// The achievements (without texts) and their indexed texts, or `nil` when the file has any
  /// problem (unreadable, malformed, a missing column, a bad value, a repeated id) or a shape
  /// left to the strict reader: the caller then loads it whole, which names the problem.
  static func read(_ url: URL, blockSize: Int) -> (documents: [MatchAchievement], texts: TextBytes)? {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    let reader = CSVReader(strictQuotes: true)
    var buffer: [UInt8] = []
    var atEnd = false
    var columns: Columns?
    var seen: Set<String> = []
    var shared: [String: String] = [:]
    var documents: [MatchAchievement] = []
    var texts = TextBytes()
    var first = true
    while !atEnd || !buffer.isEmpty {
      if !atEnd {
        let data: Data?
        do { data = try handle.read(upToCount: blockSize) } catch { return nil }
        // Foundation answers `nil` or no bytes at the end of the file.
        if let data, !data.isEmpty { buffer.append(contentsOf: data) } else { atEnd = true }
      }
      let cut = atEnd ? buffer.count : lastRecordEnd(buffer)
      if cut == 0 { continue }
      // A byte-order mark is skipped at the start of the file only.
      if !first && cut >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { return nil }
      let parsed = buffer.withUnsafeBufferPointer { reader.parse(UnsafeBufferPointer(rebasing: $0[0..<cut])) }
      guard parsed.malformed.isEmpty, parsed.end == cut else { return nil }
      var rows = parsed.rows
      if first {
        guard let header = parsed.header, let found = Columns(header.fields) else { return nil }
        columns = found
      } else if let record = parsed.header {
        rows.insert(record, at: 0)
      }
      first = false
      guard let columns else { return nil }
      for row in rows {
        let fields = row.fields
        guard fields.count == columns.count else { return nil }
        let id = fields[columns.id].trimmedSpaces
        guard !id.isEmpty, seen.insert(id).inserted else { return nil }
        guard let trl = Int(fields[columns.trl].trimmedSpaces), (1...9).contains(trl) else { return nil }
        let province = intern(fields[columns.province], in: &shared)
        let field = intern(fields[columns.field], in: &shared)
        let summary = columns.summary.map { fields[$0] } ?? ""
        texts.append(summary.isEmpty ? [fields[columns.title]] : [fields[columns.title], summary], separator: " ")
        documents.append(MatchAchievement(id: id, title: "", province: province, field: field, trl: trl))
      }
      buffer.removeFirst(cut)
    }
    #if os(Linux)
      _ = glibcMallocTrim(0)
    #endif
    return columns == nil ? nil : (documents, texts)
  }

  /// The columns ``MatchingFiles/achievements(from:)`` reads.
  struct Columns {
    let count: Int
    let id: Int
    let title: Int
    let province: Int
    let field: Int
    let trl: Int
    let summary: Int?

    init?(_ header: [String]) {
      guard let id = header.firstIndex(of: "id"), let title = header.firstIndex(of: "title"),
        header.contains("institution"), let province = header.firstIndex(of: "province"),
        let field = header.firstIndex(of: "field"), let trl = header.firstIndex(of: "trl")
      else { return nil }
      (count, self.id, self.title, self.province, self.field, self.trl) = (
        header.count, id, title, province, field, trl
      )
      summary = header.firstIndex(of: "summary")
    }
  }

  /// The offset after the last line feed outside quotes (0 when there is none).
  static func lastRecordEnd(_ bytes: [UInt8]) -> Int {
    var quoted = false
    var end = 0
    for (index, byte) in bytes.enumerated() {
      if byte == 0x22 {
        quoted.toggle()
      } else if byte == 0x0A && !quoted {
        end = index + 1
      }
    }
    return end
  }

  private static func intern(_ value: String, in shared: inout [String: String]) -> String {
    if let known = shared[value] { return known }
    shared[value] = value
    return value
  }
}
