import Foundation
import RoadshowKernel
import TorchExpress

/// `roadshow-bench field-focus --file F [--extra N] [--repeat R]`: times `torch.field_focus` on
/// a library CSV with the columns of `Samples/data/nkrdp-projects-2018.csv` (`project_no`,
/// `title`, `programme`), with the main sample's fields and keywords plus `N` more keywords
/// (distinct two-character title prefixes, in file order). Prints the best of `R` runs.
func runFieldFocus(_ arguments: Arguments, clock: Clock) async throws {
  let file = try arguments.required("file")
  let extra = Int(try arguments.number("extra", default: 0))
  let repeats = max(1, Int(try arguments.number("repeat", default: 3)))
  let records = try FieldFocusBench.records(from: URL(fileURLWithPath: file))
  let loaded = clock.seconds

  var keywords = ["机器人", "数控", "智能制造", "工业互联网", "智能工厂"]
  var seen = Set(keywords)
  for record in records where keywords.count < 5 + extra {
    let prefix = String(record.title.prefix(2))
    if prefix.count == 2, seen.insert(prefix).inserted { keywords.append(prefix) }
  }
  let fields = ["智能机器人", "网络协同制造与智能工厂", "制造基础技术与关键部件", "增材制造与激光制造", "智能农机装备"]
  let policy = try FieldFocus(parameters: FieldFocusBench.parameters(fields: fields, keywords: keywords))
  let candidates = records.map { Candidate(achievement: $0) }

  var best = Double.infinity
  var passed = 0
  for _ in 0..<repeats {
    let start = clock.seconds
    let result = try await policy.screen(candidates, in: PipelineContext())
    best = min(best, clock.seconds - start)
    passed = result.passed.count
  }
  let rate = Double(records.count) / best
  print("records \(records.count)  keywords \(keywords.count)  fields \(fields.count)  load \(format(loaded, 2))s")
  print("field_focus best of \(repeats): \(format(best, 3))s  (\(format(rate / 1000, 0))k records/s)  passed \(passed)")
  print(
    "RESULT kind=field_focus seconds=\(format(best, 4)) records=\(records.count) keywords=\(keywords.count) passed=\(passed)"
  )
}

enum FieldFocusBench {
  /// The plugin's parameters as a config file would give them.
  static func parameters(fields: [String], keywords: [String]) -> ParameterValues {
    let here = SourceLocation(file: "bench", line: 1, column: 1)
    func list(_ values: [String]) -> ConfigNode {
      ConfigNode(.sequence(values.map { ConfigNode(.scalar($0), at: here) }), at: here)
    }
    let node = ConfigNode(
      .mapping([
        ConfigEntry(key: "fields", keyLocation: here, value: list(fields)),
        ConfigEntry(key: "keywords", keyLocation: here, value: list(keywords)),
      ]), at: here)
    return ParameterValues(
      node: node, specs: FieldFocus.description.parameters, keyPath: "with",
      baseDirectory: URL(fileURLWithPath: "."), entryLocation: here)
  }

  /// The records of a simple CSV (quoted cells allowed, no line breaks inside cells).
  static func records(from url: URL) throws -> [Achievement] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).makeIterator()
    guard let header = lines.next().map({ cells(String($0)) }),
      let id = header.firstIndex(of: "project_no"), let title = header.firstIndex(of: "title"),
      let field = header.firstIndex(of: "programme")
    else { throw UsageError(description: "\(url.path): expected columns project_no, title, programme") }
    var records: [Achievement] = []
    while let line = lines.next() {
      let row = cells(String(line))
      guard row.count > max(id, title, field) else { continue }
      records.append(
        Achievement(id: AchievementID(source: "bench", externalID: row[id]), title: row[title], field: row[field]))
    }
    return records
  }

  static func cells(_ line: String) -> [String] {
    var result: [String] = []
    var cell = ""
    var quoted = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              cell.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          cell.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        result.append(cell)
        cell = ""
      } else {
        cell.append(character)
      }
    }
    result.append(cell)
    return result
  }
}
