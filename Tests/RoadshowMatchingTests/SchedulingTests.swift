import Foundation
import Testing

@testable import RoadshowMatching

/// A seeded random instance: `holders` holders and `enterprises` enterprises, each unavailable in
/// a few slots, and `requests` distinct enterprise → holder requests with priority 1…3.
func randomProblem(
  seed: UInt64, holders: Int, enterprises: Int, requests: Int, slots: Int, tables: Int, busy: Int = 1
) -> SchedulingProblem {
  var random = SplitMix64(seed: seed)
  func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
  var participants: [MeetingParticipant] = []
  for index in 0..<holders {
    let unavailable = Set((0..<draw(busy + 1)).map { _ in 1 + draw(slots) })
    participants.append(
      MeetingParticipant(
        id: String(format: "H%02d", index), kind: .holder, name: "持有人\(index)", unavailableSlots: unavailable))
  }
  for index in 0..<enterprises {
    let unavailable = Set((0..<draw(busy + 1)).map { _ in 1 + draw(slots) })
    participants.append(
      MeetingParticipant(
        id: String(format: "E%02d", index), kind: .enterprise, name: "企业\(index)", unavailableSlots: unavailable))
  }
  var pairs = Set<[Int]>()
  var list: [MeetingRequest] = []
  while list.count < min(requests, holders * enterprises) {
    // Popular holders draw more requests, as in gen.py.
    let holder = min(draw(holders), draw(holders))
    let enterprise = draw(enterprises)
    guard pairs.insert([holder, enterprise]).inserted else { continue }
    list.append(
      MeetingRequest(
        id: String(format: "R%03d", list.count), from: String(format: "E%02d", enterprise),
        to: String(format: "H%02d", holder), priority: 1 + draw(3)))
  }
  return SchedulingProblem(participants: participants, requests: list, slots: slots, tables: tables)
}

/// Exact optimum by branch and bound: requests by priority, each either skipped or put in a feasible
/// slot. A branch is cut when its bound cannot beat the incumbent; the bound is the smallest of
/// three relaxations over the remaining requests: each holder's best priorities that fit in their
/// remaining free slots, the same for enterprises, and the best that fit in the remaining tables.
/// Starts from `incumbent` (the objective of a known feasible schedule).
func exactOptimum(_ problem: SchedulingProblem, incumbent: Int) -> Int {
  let requests = problem.requests.sorted { $0.priority > $1.priority }
  let index = Dictionary(uniqueKeysWithValues: problem.participants.enumerated().map { ($1.id, $0) })
  let from = requests.map { index[$0.from] ?? 0 }
  let to = requests.map { index[$0.to] ?? 0 }
  let slots = problem.slots
  let people = problem.participants.count
  var busy = [Bool](repeating: false, count: people * slots)
  var capacity = [Int](repeating: slots, count: people)
  for (person, participant) in problem.participants.enumerated() {
    for slot in participant.unavailableSlots {
      busy[person * slots + slot - 1] = true
      capacity[person] -= 1
    }
  }
  var count = [Int](repeating: 0, count: slots)
  var taken = [Int](repeating: 0, count: people)
  var best = incumbent

  func bound(_ position: Int, _ placed: Int) -> Int {
    var sides = [0, 0]
    for (side, ends) in [from, to].enumerated() {
      for person in 0..<people { taken[person] = 0 }
      for request in position..<requests.count where taken[ends[request]] < capacity[ends[request]] {
        taken[ends[request]] += 1
        sides[side] += requests[request].priority
      }
    }
    let tables = requests[position...].prefix(slots * problem.tables - placed).reduce(0) { $0 + $1.priority }
    return min(sides[0], sides[1], tables)
  }

  func search(_ position: Int, _ value: Int, _ placed: Int) {
    best = max(best, value)
    guard position < requests.count, value + bound(position, placed) > best else { return }
    let (sender, receiver) = (from[position], to[position])
    for slot in 0..<slots
    where count[slot] < problem.tables && !busy[sender * slots + slot] && !busy[receiver * slots + slot] {
      busy[sender * slots + slot] = true
      busy[receiver * slots + slot] = true
      capacity[sender] -= 1
      capacity[receiver] -= 1
      count[slot] += 1
      search(position + 1, value + requests[position].priority, placed + 1)
      count[slot] -= 1
      capacity[sender] += 1
      capacity[receiver] += 1
      busy[sender * slots + slot] = false
      busy[receiver * slots + slot] = false
    }
    search(position + 1, value, placed)
  }
  search(0, 0, 0)
  return best
}

@Suite struct SchedulingTests {
  /// Two holders, three enterprises, two slots, one table per slot.
  static let tiny = SchedulingProblem(
    participants: [
      MeetingParticipant(id: "H1", kind: .holder, name: "锂电池团队"),
      MeetingParticipant(id: "H2", kind: .holder, name: "水稻团队", unavailableSlots: [1]),
      MeetingParticipant(id: "E1", kind: .enterprise, name: "宁德企业"),
      MeetingParticipant(id: "E2", kind: .enterprise, name: "山东种业"),
      MeetingParticipant(id: "E3", kind: .enterprise, name: "湖南企业", unavailableSlots: [2]),
    ],
    requests: [
      MeetingRequest(id: "R1", from: "E1", to: "H1", priority: 3),
      MeetingRequest(id: "R2", from: "E2", to: "H2", priority: 1),
      MeetingRequest(id: "R3", from: "E3", to: "H1", priority: 2),
      MeetingRequest(id: "R4", from: "E3", to: "H2", priority: 3),
    ],
    slots: 2, tables: 1)

  @Test func solvesATinyInstanceOptimally() throws {
    // H2 meets only in slot 2 and E3 only in slot 1, so R4 is impossible. One table per slot:
    // slot 1 holds R1 or R3, slot 2 holds R1 or R2. R1@1 + R2@2 = 4 < R3@1 + R1@2 = 5, the
    // unique optimum; the greedy puts R1 in slot 1 first, so a chain move is needed.
    let result = try MeetingScheduler.schedule(Self.tiny)
    #expect(Self.tiny.validate(result.schedule).isEmpty)
    #expect(result.objective == 5)
    #expect(result.schedule.assignments == ["R3": 1, "R1": 2])
    #expect(result.upperBound == 5)
    #expect(result.gap == 0)
    #expect(SchedulingFiles.scheduleCSV(result.schedule) == "request,slot\nR1,2\nR3,1\n")
  }

  @Test func validatorFindsEveryKindOfViolation() {
    var problem = Self.tiny
    problem.fixed = ["R2": 2]
    let bad = Schedule(assignments: ["R1": 1, "R3": 1, "R4": 1, "R9": 1, "R2": 3])
    let kinds = Set(problem.validate(bad).map(\.kind))
    #expect(
      kinds == [
        .doubleBooked, .participantUnavailable, .tablesExceeded, .unknownRequest, .slotOutOfRange, .fixedMeetingMoved,
      ])
    let doubled = problem.validate(bad).first { $0.kind == .doubleBooked && $0.participant == "H1" }
    #expect(doubled?.requests == ["R1", "R3"])
    #expect(problem.validate(Schedule(assignments: ["R2": 2, "R3": 1])).isEmpty)
  }

  @Test(arguments: 0..<12)
  func matchesExactOptimumOnSmallRandomInstances(seed: Int) throws {
    let problem = randomProblem(seed: UInt64(seed), holders: 5, enterprises: 9, requests: 30, slots: 4, tables: 3)
    #expect(problem.requests.count == 30)
    let result = try MeetingScheduler.schedule(problem)
    #expect(problem.validate(result.schedule).isEmpty)
    #expect(problem.objective(of: result.schedule) == result.objective)
    let optimum = exactOptimum(problem, incumbent: result.objective)
    #expect(result.objective == optimum, "seed \(seed)")
    #expect(result.upperBound >= optimum)
  }

  @Test func boundIsValidAndTightWhenHoldersAreTheBottleneck() throws {
    for seed in 20..<26 {
      let problem = randomProblem(seed: UInt64(seed), holders: 3, enterprises: 20, requests: 40, slots: 5, tables: 10)
      let result = try MeetingScheduler.schedule(problem)
      let optimum = exactOptimum(problem, incumbent: result.objective)
      #expect(result.upperBound >= optimum)
      #expect(result.objective == optimum)
      #expect(try MeetingScheduler.upperBound(problem) == result.upperBound)
    }
  }

  @Test func keepsFixedMeetings() throws {
    let problem = randomProblem(seed: 7, holders: 6, enterprises: 15, requests: 60, slots: 6, tables: 4)
    let free = try MeetingScheduler.schedule(problem)
    // Fix three low-priority requests that the free schedule does not hold, in slots they can use.
    var fixed: [String: Int] = [:]
    var trial = problem
    for request in problem.requests.sorted(by: { ($0.priority, $0.id) < ($1.priority, $1.id) })
    where free.schedule.assignments[request.id] == nil && fixed.count < 3 {
      for slot in 1...problem.slots {
        trial.fixed = fixed.merging([request.id: slot]) { $1 }
        if trial.validate(Schedule(assignments: trial.fixed)).isEmpty {
          fixed[request.id] = slot
          break
        }
      }
    }
    #expect(fixed.count == 3)
    var pinned = problem
    pinned.fixed = fixed
    let result = try MeetingScheduler.schedule(pinned)
    #expect(pinned.validate(result.schedule).isEmpty)
    for (request, slot) in fixed { #expect(result.schedule.slot(of: request) == slot) }
    #expect(result.objective <= free.objective)
  }

  @Test func refusesInfeasibleFixedMeetings() {
    var problem = Self.tiny
    problem.fixed = ["R1": 1, "R3": 1]  // H1 twice in slot 1
    let error = #expect(throws: SchedulingError.self) { try MeetingScheduler.schedule(problem) }
    guard case .infeasibleFixedMeetings(let violations)? = error else {
      Issue.record("expected infeasibleFixedMeetings, got \(String(describing: error))")
      return
    }
    #expect(violations.contains { $0.kind == .doubleBooked && $0.participant == "H1" })
    problem.fixed = ["R2": 1]  // H2 is unavailable in slot 1
    let second = #expect(throws: SchedulingError.self) { try MeetingScheduler.schedule(problem) }
    guard case .infeasibleFixedMeetings(let unavailable)? = second else {
      Issue.record("expected infeasibleFixedMeetings")
      return
    }
    #expect(unavailable.map(\.kind) == [.participantUnavailable])
    problem.fixed = ["R404": 1]
    #expect(throws: SchedulingError.unknownFixedRequest("R404")) { try MeetingScheduler.schedule(problem) }
  }

  @Test func reschedulingMovesOnlyTheAffectedMeetings() throws {
    let problem = randomProblem(seed: 11, holders: 10, enterprises: 30, requests: 150, slots: 8, tables: 12)
    let before = try MeetingScheduler.schedule(problem)
    #expect(problem.validate(before.schedule).isEmpty)
    // The busiest holder becomes unavailable in the first two slots where they meet.
    let meetingsByHolder = Dictionary(
      grouping: problem.requests.filter { before.schedule.slot(of: $0.id) != nil }, by: \.to)
    let (holder, theirs) = try #require(meetingsByHolder.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) })
    let lost = Set(theirs.compactMap { before.schedule.slot(of: $0.id) }.sorted().prefix(2))
    let affected = Set(theirs.filter { lost.contains(before.schedule.slot(of: $0.id) ?? 0) }.map(\.id))
    #expect(affected.count == 2)
    var changed = problem
    let position = try #require(changed.participants.firstIndex { $0.id == holder })
    changed.participants[position].unavailableSlots.formUnion(lost)
    #expect(!changed.validate(before.schedule).isEmpty)

    let after = try MeetingScheduler.reschedule(changed, previous: before.schedule)
    #expect(changed.validate(after.schedule).isEmpty)
    let changes = try #require(after.changes)
    for (request, slot) in before.schedule.assignments where !affected.contains(request) {
      #expect(after.schedule.slot(of: request) == slot, "\(request) moved")
    }
    #expect(changes.kept == before.meetings - affected.count)
    #expect(Set(changes.moved + changes.dropped) == affected)
    #expect(changes.disturbed == affected.count)
    #expect(changes.withdrawn.isEmpty)
    #expect(
      after.objective >= before.objective
        - affected.reduce(0) { sum, id in
          sum + (problem.requests.first { $0.id == id }?.priority ?? 0)
        })
    #expect(Set(changes.added).isDisjoint(with: before.schedule.assignments.keys))
  }

  @Test func reschedulingAfterRequestsAreAddedAndRemoved() throws {
    let problem = randomProblem(seed: 5, holders: 8, enterprises: 25, requests: 100, slots: 6, tables: 10)
    let before = try MeetingScheduler.schedule(problem)
    var changed = problem
    let removed = Array(before.schedule.sortedAssignments.prefix(3).map(\.request))
    changed.requests.removeAll { removed.contains($0.id) }
    changed.requests.append(MeetingRequest(id: "R900", from: "E00", to: "H07", priority: 3))
    let after = try MeetingScheduler.reschedule(changed, previous: before.schedule)
    #expect(changed.validate(after.schedule).isEmpty)
    let changes = try #require(after.changes)
    #expect(changes.withdrawn == removed)
    #expect(changes.moved.isEmpty && changes.dropped.isEmpty)
    #expect(changes.kept == before.meetings - removed.count)
  }

  @Test func isDeterministic() throws {
    let problem = randomProblem(seed: 3, holders: 12, enterprises: 40, requests: 200, slots: 8, tables: 10)
    let first = try MeetingScheduler.schedule(problem)
    let second = try MeetingScheduler.schedule(problem)
    #expect(first == second)
  }

  @Test func rejectsMalformedProblems() {
    var problem = Self.tiny
    problem.tables = 0
    #expect(throws: SchedulingError.invalidEvent(slots: 2, tables: 0)) { try MeetingScheduler.schedule(problem) }
    problem = Self.tiny
    problem.requests.append(MeetingRequest(id: "R5", from: "E9", to: "H1"))
    #expect(throws: SchedulingError.unknownParticipant(request: "R5", participant: "E9")) {
      try MeetingScheduler.schedule(problem)
    }
    problem = Self.tiny
    problem.requests[0].priority = 0
    #expect(throws: SchedulingError.invalidPriority(request: "R1", priority: 0)) {
      try MeetingScheduler.schedule(problem)
    }
  }

  @Test func rendersItinerariesInSlotOrder() throws {
    let result = try MeetingScheduler.schedule(Self.tiny)
    let chinese = try #require(Self.tiny.itinerary(for: "H1", schedule: result.schedule))
    #expect(chinese.contains("## 锂电池团队 (H1) · 成果持有人"))
    #expect(chinese.contains("| 时段 | 桌号 | 对接方 | 优先级 |"))
    let first = try #require(chinese.range(of: "| 第 1 时段 | 1 | 湖南企业 (E3) | 2 |"))
    let second = try #require(chinese.range(of: "| 第 2 时段 | 1 | 宁德企业 (E1) | 3 |"))
    #expect(first.lowerBound < second.lowerBound)
    #expect(chinese.contains("共 2 场对接。"))
    let english = try #require(
      Self.tiny.itinerary(for: "H2", schedule: result.schedule, locale: ItineraryLocale(identifier: "en") ?? .zhCN))
    #expect(english.contains("No meetings scheduled."))
    #expect(english.contains("Unavailable slots: 1."))
    let labelled = try #require(
      Self.tiny.itinerary(for: "E1", schedule: result.schedule, locale: .en, slotLabels: [2: "14:00–14:20"]))
    #expect(labelled.contains("| 14:00–14:20 | 1 | 锂电池团队 (H1) | 3 |"))
    #expect(Self.tiny.itinerary(for: "nobody", schedule: result.schedule) == nil)
    let all = Self.tiny.itineraries(schedule: result.schedule)
    #expect(all.hasPrefix("# 一对一对接行程单"))
    #expect(all.components(separatedBy: "\n## ").count == 1 + Self.tiny.participants.count)
    #expect(ItineraryLocale(identifier: "zh_CN") == .zhCN && ItineraryLocale(identifier: "fr") == nil)
  }
}
