import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowMatching
import Testing

/// A small workload made by shared/bench/gen.py (see Fixtures/workload/SOURCE.md).
let workload = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/workload")

@Suite struct EngineCommandTests {
  @Test func matchWritesRankedMatchesAndExplanations() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let result = try await launch([
      "match", workload.appendingPathComponent("achievements.csv").path,
      workload.appendingPathComponent("demands.csv").path,
      "--out", workspace.path("matches.csv"), "--top", "5", "--explain", workspace.path("why.csv"),
    ])
    #expect(result.code == 0, "\(result.err)")
    let table = try CSVTable.read(URL(fileURLWithPath: workspace.path("matches.csv")))
    #expect(table.header == ["demand", "achievement", "rank", "score"])
    let byDemand = Dictionary(grouping: table.rows, by: { $0.fields[0] })
    #expect(byDemand.count == 60)
    #expect(
      byDemand.values.allSatisfy { rows in
        rows.map { Int($0.fields[2]) ?? 0 } == Array(1...rows.count) && rows.count <= 5
      })
    // Scores fall with rank.
    for rows in byDemand.values {
      let scores = rows.compactMap { Double($0.fields[3]) }
      #expect(scores == scores.sorted(by: >))
    }
    let why = try CSVTable.read(URL(fileURLWithPath: workspace.path("why.csv")))
    #expect(why.rows.count == table.rows.count)
    #expect(why.rows.allSatisfy { !$0.fields[4].isEmpty })  // every match names its shared terms
    #expect(result.out.contains("recall@5"))
  }

  @Test func matchIsDeterministic() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    for name in ["a.csv", "b.csv"] {
      let result = try await launch([
        "match", workload.appendingPathComponent("achievements.csv").path,
        workload.appendingPathComponent("demands.csv").path,
        "--out", workspace.path(name),
      ])
      #expect(result.code == 0)
    }
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: workspace.path("a.csv")))
        == Data(contentsOf: URL(fileURLWithPath: workspace.path("b.csv"))))
  }

  @Test func matchReportsABadFileWithRowAndColumn() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let bad = try workspace.write("id,title,institution,province,field,trl\nA1,机器人,清华大学,北京,智能机器人,high\n", as: "bad.csv")
    let result = try await launch([
      "match", bad, workload.appendingPathComponent("demands.csv").path, "--out", workspace.path("m.csv"),
    ])
    #expect(result.code == 1)
    #expect(result.err.contains("文件 bad.csv 第 2 行第 6 列"), "\(result.err)")
    let english = try await launch([
      "match", bad, workload.appendingPathComponent("demands.csv").path, "--out", workspace.path("m.csv"), "--lang",
      "en",
    ])
    #expect(english.code == 1)
    #expect(english.err.contains("bad.csv:2:6"), "\(english.err)")
  }

  @Test func scheduleIsFeasibleAndItinerariesAreChineseByDefault() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let result = try await launch([
      "schedule", workload.path, "--out", workspace.path("schedule.csv"), "--itineraries", workspace.path("it.md"),
    ])
    #expect(result.code == 0, "\(result.err)")
    var problem = try SchedulingFiles.loadProblem(directory: workload)
    let schedule = try SchedulingFiles.loadSchedule(from: URL(fileURLWithPath: workspace.path("schedule.csv")))
    #expect(problem.validate(schedule).isEmpty)
    #expect(schedule.count > 0)
    let itineraries = try String(contentsOf: URL(fileURLWithPath: workspace.path("it.md")), encoding: .utf8)
    #expect(itineraries.hasPrefix("# 一对一对接行程单"))

    // A late change: the first holder can no longer meet in slot 1. Re-scheduling keeps every
    // meeting that is still possible where it was.
    let holder = try #require(problem.participants.first { $0.kind == .holder })
    let lines = try String(contentsOf: workload.appendingPathComponent("participants.csv"), encoding: .utf8)
      .components(separatedBy: "\n")
    let changed = lines.map { line -> String in
      guard line.hasPrefix(holder.id + ",") else { return line }
      var fields = line.components(separatedBy: ",")
      let busy = Set(fields[4].split(separator: ";").map(String.init) + ["1"])
      fields[4] = busy.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.joined(separator: ";")
      return fields.joined(separator: ",")
    }
    let late = workspace.folder.appendingPathComponent("late")
    try FileManager.default.createDirectory(at: late, withIntermediateDirectories: true)
    for name in ["requests.csv", "event.csv"] {
      try FileManager.default.copyItem(at: workload.appendingPathComponent(name), to: late.appendingPathComponent(name))
    }
    try changed.joined(separator: "\n").write(
      to: late.appendingPathComponent("participants.csv"), atomically: true, encoding: .utf8)
    let again = try await launch([
      "schedule", late.path, "--previous", workspace.path("schedule.csv"), "--out", workspace.path("schedule2.csv"),
      "--lang", "en",
    ])
    #expect(again.code == 0, "\(again.err)")
    problem = try SchedulingFiles.loadProblem(directory: late)
    let second = try SchedulingFiles.loadSchedule(from: URL(fileURLWithPath: workspace.path("schedule2.csv")))
    #expect(problem.validate(second).isEmpty)
    let affected = Set(problem.requests.filter { $0.to == holder.id || $0.from == holder.id }.map(\.id))
    let firstSlotOfHolder = schedule.assignments.filter { affected.contains($0.key) && $0.value == 1 }.map(\.key)
    // Only the holder's slot-1 meeting may move; every other meeting stays where it was.
    for (request, slot) in schedule.assignments where !firstSlotOfHolder.contains(request) {
      #expect(second.assignments[request] == slot, "\(request) moved")
    }
    #expect(again.out.contains("moved"))
  }

  @Test func scheduleKeepsFixedMeetings() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let problem = try SchedulingFiles.loadProblem(directory: workload)
    // Fix two meetings in slots their participants are free in.
    var fixed: [String: Int] = [:]
    for request in problem.requests where fixed.count < 2 {
      let people = problem.participants.filter { $0.id == request.from || $0.id == request.to }
      if let slot = (1...problem.slots).first(where: { s in people.allSatisfy { !$0.unavailableSlots.contains(s) } }),
        !fixed.values.contains(slot)
      {
        fixed[request.id] = slot
      }
    }
    let path = try workspace.write(
      "request,slot\n" + fixed.sorted { $0.key < $1.key }.map { "\($0.key),\($0.value)" }.joined(separator: "\n")
        + "\n",
      as: "fixed.csv")
    let result = try await launch(["schedule", workload.path, "--fixed", path, "--out", workspace.path("s.csv")])
    #expect(result.code == 0, "\(result.err)")
    let schedule = try SchedulingFiles.loadSchedule(from: URL(fileURLWithPath: workspace.path("s.csv")))
    for (request, slot) in fixed { #expect(schedule.assignments[request] == slot) }
  }
}
