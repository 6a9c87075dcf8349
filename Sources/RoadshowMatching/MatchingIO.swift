import Foundation

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
  /// given order; scores with six decimals.
  public static func matchesCSV(_ matches: [[Match]]) -> String {
    var text = "demand,achievement,rank,score\n"
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
