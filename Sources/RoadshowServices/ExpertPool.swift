import Foundation
import RoadshowKernel
import RoadshowMatching

extension ExpertPanel {
  /// The columns of an expert file, English and Chinese headers (`gen_review.py`'s layout reads).
  public static let expertColumns: [(field: String, headers: [String], required: Bool)] = [
    ("id", ["id", "expert", "编号", "专家编号"], true),
    ("name", ["name", "姓名"], true),
    ("institution", ["institution", "单位", "所在单位"], true),
    ("fields", ["fields", "field", "领域", "专业领域"], false),
    ("capacity", ["capacity", "评审上限", "上限"], true),
    ("conflicts", ["conflicts", "回避", "回避单位", "利益冲突"], false),
  ]

  /// Reads an expert pool: every row checked (an id missing or repeated, a capacity that is not
  /// a whole number ≥ 0), every problem with file, row and column. Lists are `;`-separated.
  public static func readExperts(_ table: CSVTable, file: String) -> Result<[Expert], DataError> {
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in expertColumns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else if column.required {
        problems.append(
          table.missingColumn(
            column.headers[0], at: SourceLocation(file: file, line: 1, column: 1), keyPath: column.field))
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    func list(_ text: String) -> [String] {
      text.split(whereSeparator: { ";；".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
    var experts: [Expert] = []
    var seen: Set<String> = []
    for row in table.rows {
      let id = row.cell(index["id"])
      if id.isEmpty {
        problems.append(
          table.badRow(row, column: index["id"], LocalizedText(zh: "缺少专家编号", en: "the expert id is missing")))
      } else if !seen.insert(id).inserted {
        problems.append(
          table.badRow(
            row, column: index["id"], LocalizedText(zh: "专家编号 `\(id)` 重复", en: "expert id `\(id)` appears twice")))
      }
      let capacityText = row.cell(index["capacity"])
      guard let capacity = Int(capacityText), capacity >= 0 else {
        problems.append(
          table.badRow(
            row, column: index["capacity"],
            LocalizedText(
              zh: "评审上限应为不小于 0 的整数，实际为 `\(capacityText)`",
              en: "the capacity must be a whole number ≥ 0, got `\(capacityText)`")))
        continue
      }
      experts.append(
        Expert(
          id: id, name: row.cell(index["name"]), institution: row.cell(index["institution"]),
          fields: list(row.cell(index["fields"])), conflicts: list(row.cell(index["conflicts"])), capacity: capacity))
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    return .success(experts)
  }

  /// Reads a rubric file (``ScoreSheet/readRubric(_:file:)``).
  public static func readRubric(_ table: CSVTable, file: String) -> Result<ReviewRubric, DataError> {
    ScoreSheet.readRubric(table, file: file)
  }
}
