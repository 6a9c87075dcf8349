import Foundation
import RoadshowKernel
import RoadshowMatching

/// Assigns reviewers on a `gen_review.py` workload (achievements.csv, experts.csv, round.csv) with
/// ``ReviewAssigner``, `--repeat` times (default 1), and prints the figures `peer_assign.py` prints:
/// assigned/needed, field matches, cost, and the bounds that prove the result.
func runAssign(_ arguments: Arguments, clock: Clock) throws {
  let directory = URL(fileURLWithPath: try arguments.required("dir"))
  let repeats = max(1, Int(try arguments.number("repeat", default: 1)))
  func table(_ name: String) throws -> CSVTable { try CSVTable.read(directory.appendingPathComponent(name)) }
  func column(_ table: CSVTable, _ name: String) throws -> Int {
    guard let index = table.column(name) else { throw UsageError(description: "\(table.file) has no column \(name)") }
    return index
  }
  let achievements = try table("achievements.csv")
  let experts = try table("experts.csv")
  let round = try table("round.csv")
  let (aID, aInstitution, aField) = (
    try column(achievements, "id"), try column(achievements, "institution"), try column(achievements, "field")
  )
  let (eID, eInstitution, eFields, eCapacity, eConflicts) = (
    try column(experts, "id"), try column(experts, "institution"), try column(experts, "fields"),
    try column(experts, "capacity"), try column(experts, "conflicts")
  )
  guard let row = round.rows.first, let k = Int(row.cell(try column(round, "reviews_per_achievement"))) else {
    throw UsageError(description: "round.csv has no reviews_per_achievement")
  }
  func list(_ text: String) -> [String] { text.split(separator: ";").map(String.init) }
  let pool = experts.rows.map { row in
    Expert(
      id: row.cell(eID), name: "", institution: row.cell(eInstitution), fields: list(row.cell(eFields)),
      conflicts: list(row.cell(eConflicts)), capacity: Int(row.cell(eCapacity)) ?? 0)
  }
  let items = achievements.rows.map { row in
    (
      parties: ReviewParties(achievement: AchievementID(row.cell(aID)), institutions: [row.cell(aInstitution)]),
      field: Optional(row.cell(aField))
    )
  }
  let loaded = clock.seconds
  var times: [Double] = []
  var result: ReviewAssignmentResult?
  var problem: ReviewAssignmentProblem?
  for _ in 0..<repeats {
    let start = Clock()
    let built = ReviewAssignmentProblem(achievements: items, experts: pool, reviewsPerItem: k)
    result = ReviewAssigner.assign(built)
    times.append(start.seconds)
    problem = built
  }
  guard let result, let problem else { return }
  if let out = arguments.string("out") {
    var rows: [[String]] = []
    for (index, reviewers) in result.reviewers.enumerated() {
      for j in reviewers { rows.append([problem.items[index].id, problem.reviewers[j].id]) }
    }
    try CSVWriter.data(header: ["achievement", "expert"], rows: rows, byteOrderMark: false)
      .write(to: URL(fileURLWithPath: out))
  }
  let sorted = times.sorted()
  print(
    "achievements \(problem.items.count)  experts \(problem.reviewers.count)  k \(k)  classes \(result.classes)"
      + "  phases \(result.phases)  cores \(ProcessInfo.processInfo.activeProcessorCount)")
  print(
    "load \(format(loaded, 2))s  assign best \(format(sorted[0]))s  median \(format(sorted[sorted.count / 2]))s"
      + "  (\(times.map { format($0) }.joined(separator: " ")))  peak \(format(peakMemoryMiB(), 0)) MiB")
  print(
    "assigned \(result.assigned)/\(result.needed) (cut bound \(result.assignableBound))  field_matches \(result.fieldMatches)"
      + "  cost \(result.cost)  lower bound \(result.lowerBound)  gap \(format(result.gap * 100, 2))%"
      + "  max load/capacity \(format(result.maximumLoadRatio(problem), 2))  short \(result.short.count)")
  print(
    "RESULT kind=assign seconds=\(format(sorted[sorted.count / 2])) peak_mib=\(format(peakMemoryMiB(), 1))"
      + " assigned=\(result.assigned) needed=\(result.needed) field_matches=\(result.fieldMatches) cost=\(result.cost)"
      + " lower_bound=\(result.lowerBound) optimal=\(result.isOptimal ? "yes" : "no")")
}
