import Foundation

/// One-to-one meeting scheduling (一对一对接): assigns requests to slots to maximise the summed
/// priority of the meetings held, under the rules of ``SchedulingProblem``.
///
/// The method is a greedy pass by priority (fewest feasible slots first, then id) followed by local
/// improvement: alternating chains of meeting moves between two slots (Kempe chains) that free a
/// slot for an unscheduled meeting, and tentative ejections of blocking meetings that are kept only
/// when the summed priority rises. If the objective is still below the upper bound, a seeded
/// ruin-and-recreate phase follows. The search stops at the upper bound (proven optimal), when it
/// stops finding gains, or at the time limit. It is reproducible: ties are broken by request id and
/// the only randomness comes from `options.seed`.
public enum MeetingScheduler {
  /// Schedules `problem` from scratch, keeping its fixed meetings.
  public static func schedule(
    _ problem: SchedulingProblem, options: SchedulingOptions = SchedulingOptions()
  ) throws(SchedulingError) -> ScheduleResult {
    let compiled = try CompiledSchedulingProblem(problem)
    let search = ScheduleSearch(compiled, options: options)
    try search.placeFixed(problem)
    search.run()
    return ScheduleResult(
      schedule: search.schedule(), objective: search.objective, upperBound: search.upperBound, changes: nil)
  }

  /// Re-schedules after late changes (participants unavailable in more slots, requests added or
  /// removed, fewer tables) with as few changes as possible: fixed meetings first, then every
  /// previous meeting that is still feasible stays in its slot and is never moved; only the rest
  /// (displaced and new requests) is scheduled around them. `changes` reports what moved.
  public static func reschedule(
    _ problem: SchedulingProblem, previous: Schedule, options: SchedulingOptions = SchedulingOptions()
  ) throws(SchedulingError) -> ScheduleResult {
    let compiled = try CompiledSchedulingProblem(problem)
    let search = ScheduleSearch(compiled, options: options)
    try search.placeFixed(problem)
    search.pin(previous)
    search.run()
    let schedule = search.schedule()
    var changes = ScheduleChanges(kept: 0, moved: [], dropped: [], withdrawn: [], added: [])
    for (requestID, slot) in previous.sortedAssignments {
      if compiled.requestIndex[requestID] == nil {
        changes.withdrawn.append(requestID)
      } else if let now = schedule.assignments[requestID] {
        if now == slot { changes.kept += 1 } else { changes.moved.append(requestID) }
      } else {
        changes.dropped.append(requestID)
      }
    }
    changes.added = schedule.sortedAssignments.map(\.request).filter { previous.assignments[$0] == nil }
    return ScheduleResult(
      schedule: schedule, objective: search.objective, upperBound: search.upperBound, changes: changes)
  }

  /// An upper bound on the objective of any feasible schedule, from a relaxation that forgets
  /// which slot each meeting takes: a max-weight b-matching in which every participant sits in at
  /// most as many meetings as they have available slots and the event holds at most
  /// `slots × tables`, solved exactly by min-cost flow. Requests whose two participants share no
  /// available slot are left out. When a schedule reaches it, the schedule is proven optimal.
  public static func upperBound(_ problem: SchedulingProblem) throws(SchedulingError) -> Int {
    try CompiledSchedulingProblem(problem).upperBound()
  }
}

/// The problem with ids replaced by dense indices.
struct CompiledSchedulingProblem {
  let slots: Int
  let tables: Int
  let participantIDs: [String]
  let requestIDs: [String]
  let requestIndex: [String: Int]
  let from: [Int32]
  let to: [Int32]
  let weight: [Int32]
  /// `unavailable[participant * slots + slot]`, slots 0-based.
  let unavailable: [Bool]
  /// Number of slots in which both participants of a request are available.
  let feasibleSlots: [Int32]
  /// Position of each request in id order.
  let idRank: [Int32]

  init(_ problem: SchedulingProblem) throws(SchedulingError) {
    guard problem.slots > 0, problem.tables > 0 else {
      throw .invalidEvent(slots: problem.slots, tables: problem.tables)
    }
    slots = problem.slots
    tables = problem.tables
    var participantIndex: [String: Int32] = [:]
    var unavailable = [Bool](repeating: false, count: problem.participants.count * slots)
    for (index, participant) in problem.participants.enumerated() {
      guard participantIndex.updateValue(Int32(index), forKey: participant.id) == nil else {
        throw .duplicateID(participant.id)
      }
      for slot in participant.unavailableSlots where (1...slots).contains(slot) {
        unavailable[index * slots + slot - 1] = true
      }
    }
    var requestIndex: [String: Int] = [:]
    var from: [Int32] = []
    var to: [Int32] = []
    var weight: [Int32] = []
    var feasible: [Int32] = []
    for (index, request) in problem.requests.enumerated() {
      guard requestIndex.updateValue(index, forKey: request.id) == nil else { throw .duplicateID(request.id) }
      guard let sender = participantIndex[request.from] else {
        throw .unknownParticipant(request: request.id, participant: request.from)
      }
      guard let receiver = participantIndex[request.to] else {
        throw .unknownParticipant(request: request.id, participant: request.to)
      }
      guard request.priority >= 1 else { throw .invalidPriority(request: request.id, priority: request.priority) }
      from.append(sender)
      to.append(receiver)
      weight.append(Int32(clamping: request.priority))
      var count: Int32 = 0
      for slot in 0..<slots
      where sender != receiver && !unavailable[Int(sender) * slots + slot]
        && !unavailable[Int(receiver) * slots + slot]
      {
        count += 1
      }
      feasible.append(count)
    }
    for requestID in problem.fixed.keys.sorted() where requestIndex[requestID] == nil {
      throw .unknownFixedRequest(requestID)
    }
    var rank = [Int32](repeating: 0, count: problem.requests.count)
    for (position, index) in problem.requests.indices.sorted(by: { problem.requests[$0].id < problem.requests[$1].id })
      .enumerated()
    {
      rank[index] = Int32(position)
    }
    participantIDs = problem.participants.map(\.id)
    requestIDs = problem.requests.map(\.id)
    self.requestIndex = requestIndex
    self.from = from
    self.to = to
    self.weight = weight
    self.unavailable = unavailable
    self.feasibleSlots = feasible
    self.idRank = rank
  }

  func upperBound() -> Int {
    var bySender: [[Int32]] = Array(repeating: [], count: participantIDs.count)
    var byReceiver: [[Int32]] = Array(repeating: [], count: participantIDs.count)
    var all: [Int32] = []
    for request in requestIDs.indices where feasibleSlots[request] > 0 {
      bySender[Int(from[request])].append(weight[request])
      byReceiver[Int(to[request])].append(weight[request])
      all.append(weight[request])
    }
    func side(_ lists: [[Int32]]) -> Int {
      var total = 0
      for (person, list) in lists.enumerated() where !list.isEmpty {
        let capacity = (0..<slots).reduce(0) { $0 + (unavailable[person * slots + $1] ? 0 : 1) }
        total += list.sorted(by: >).prefix(capacity).reduce(0) { $0 + Int($1) }
      }
      return total
    }
    let tableBound = all.sorted(by: >).prefix(slots * tables).reduce(0) { $0 + Int($1) }
    // The flow bound is never above the three simple ones; they are kept as a cheap safeguard.
    return min(side(bySender), side(byReceiver), tableBound, flowBound())
  }
}

/// The mutable search state. Internal; one per call, never shared.
final class ScheduleSearch {
  let problem: CompiledSchedulingProblem
  let options: SchedulingOptions
  let slots: Int
  let tables: Int32
  var slotOf: [Int32]
  /// `occupant[participant * slots + slot]`: the request held there, or -1.
  var occupant: [Int32]
  var count: [Int32]
  var locked: [Bool]
  var objective = 0
  /// Undo log: (request, slot it had before the change, or -1 if it was unscheduled).
  var journal: [(request: Int32, previous: Int32)] = []
  var recording = false
  let upperBound: Int

  init(_ problem: CompiledSchedulingProblem, options: SchedulingOptions) {
    self.problem = problem
    self.options = options
    slots = problem.slots
    tables = Int32(clamping: problem.tables)
    slotOf = [Int32](repeating: -1, count: problem.requestIDs.count)
    occupant = [Int32](repeating: -1, count: problem.participantIDs.count * problem.slots)
    count = [Int32](repeating: 0, count: problem.slots)
    locked = [Bool](repeating: false, count: problem.requestIDs.count)
    upperBound = problem.upperBound()
  }

  // MARK: State changes

  @inline(__always) func available(_ person: Int32, _ slot: Int) -> Bool {
    !problem.unavailable[Int(person) * slots + slot]
  }

  @inline(__always) func occupantOf(_ person: Int32, _ slot: Int) -> Int32 { occupant[Int(person) * slots + slot] }

  func canPlace(_ request: Int, _ slot: Int) -> Bool {
    let sender = problem.from[request]
    let receiver = problem.to[request]
    return count[slot] < tables && sender != receiver && available(sender, slot) && available(receiver, slot)
      && occupantOf(sender, slot) < 0 && occupantOf(receiver, slot) < 0
  }

  func place(_ request: Int, _ slot: Int) {
    slotOf[request] = Int32(slot)
    occupant[Int(problem.from[request]) * slots + slot] = Int32(request)
    occupant[Int(problem.to[request]) * slots + slot] = Int32(request)
    count[slot] += 1
    objective += Int(problem.weight[request])
    if recording { journal.append((Int32(request), -1)) }
  }

  func remove(_ request: Int) {
    let slot = Int(slotOf[request])
    slotOf[request] = -1
    occupant[Int(problem.from[request]) * slots + slot] = -1
    occupant[Int(problem.to[request]) * slots + slot] = -1
    count[slot] -= 1
    objective -= Int(problem.weight[request])
    if recording { journal.append((Int32(request), Int32(slot))) }
  }

  func undo(to mark: Int) {
    let wasRecording = recording
    recording = false
    while journal.count > mark {
      let (request, previous) = journal.removeLast()
      if previous < 0 { remove(Int(request)) } else { place(Int(request), Int(previous)) }
    }
    recording = wasRecording
  }

  // MARK: Setup

  func placeFixed(_ original: SchedulingProblem) throws(SchedulingError) {
    var violations: [ScheduleViolation] = []
    for (requestID, slot) in original.fixed.sorted(by: { $0.key < $1.key }) {
      guard let request = problem.requestIndex[requestID] else { throw .unknownFixedRequest(requestID) }
      guard (1...slots).contains(slot) else {
        violations.append(ScheduleViolation(kind: .slotOutOfRange, slot: slot, requests: [requestID]))
        continue
      }
      if canPlace(request, slot - 1) {
        place(request, slot - 1)
        locked[request] = true
      } else {
        // Let the checker name every broken rule.
        var trial = Schedule(assignments: [:])
        for (other, otherSlot) in original.fixed where other != requestID {
          if let index = problem.requestIndex[other], slotOf[index] >= 0 { trial.assignments[other] = otherSlot }
        }
        trial.assignments[requestID] = slot
        var relaxed = original
        relaxed.fixed = [:]
        let found = relaxed.validate(trial).filter { $0.requests.contains(requestID) }
        violations.append(
          contentsOf: found.isEmpty
            ? [ScheduleViolation(kind: .fixedMeetingMoved, slot: slot, requests: [requestID])]
            : found)
      }
    }
    if !violations.isEmpty { throw .infeasibleFixedMeetings(violations) }
  }

  /// Keeps every previous meeting that is still feasible (highest priority first), never to be moved.
  func pin(_ previous: Schedule) {
    var kept: [(request: Int, slot: Int)] = []
    for (requestID, slot) in previous.assignments {
      guard let request = problem.requestIndex[requestID], (1...slots).contains(slot), slotOf[request] < 0 else {
        continue
      }
      kept.append((request, slot - 1))
    }
    kept.sort {
      let (a, b) = (problem.weight[$0.request], problem.weight[$1.request])
      return a > b || (a == b && problem.idRank[$0.request] < problem.idRank[$1.request])
    }
    for (request, slot) in kept where canPlace(request, slot) {
      place(request, slot)
      locked[request] = true
    }
  }

  func schedule() -> Schedule {
    var assignments: [String: Int] = [:]
    for (request, slot) in slotOf.enumerated() where slot >= 0 {
      assignments[problem.requestIDs[request]] = Int(slot) + 1
    }
    return Schedule(assignments: assignments)
  }

  // MARK: Search

  func run() {
    let start = DispatchTime.now().uptimeNanoseconds
    let budget = UInt64(max(0, options.timeLimit) * 1e9)
    func timeLeft() -> Bool { DispatchTime.now().uptimeNanoseconds - start < budget }
    let order = problem.requestIDs.indices.filter { problem.feasibleSlots[$0] > 0 }.sorted {
      let (a, b) = (problem.weight[$0], problem.weight[$1])
      if a != b { return a > b }
      let (fa, fb) = (problem.feasibleSlots[$0], problem.feasibleSlots[$1])
      if fa != fb { return fa < fb }
      return problem.idRank[$0] < problem.idRank[$1]
    }
    for request in order where slotOf[request] < 0 {
      if objective >= upperBound { return }
      _ = insertDirect(request) || insertByChain(request)
    }
    var improved = true
    while improved && objective < upperBound && timeLeft() {
      improved = false
      for request in order where slotOf[request] < 0 {
        if objective >= upperBound || !timeLeft() { return }
        if insertDirect(request) || insertByChain(request) || insertByEjection(request) { improved = true }
      }
    }
    perturb(order: order, timeLeft: timeLeft)
  }

  /// Ruin and recreate around one unscheduled request at a time: take out some meetings of its two
  /// participants, hold it, then refill their open requests by priority. Keeps results that are at
  /// least as good (sideways steps let the search cross plateaus), undoes the rest. Stops at the
  /// bound, after `perturbationRounds` rounds without a strict gain, or at the time limit.
  func perturb(order: [Int], timeLeft: () -> Bool) {
    guard options.perturbationRounds > 0, !order.isEmpty else { return }
    var requestsOf: [[Int32]] = Array(repeating: [], count: problem.participantIDs.count)
    for request in order {
      requestsOf[Int(problem.from[request])].append(Int32(request))
      requestsOf[Int(problem.to[request])].append(Int32(request))
    }
    var random = SplitMix64(seed: options.seed)
    var stale = 0
    var touched: [Int32] = []
    var refill: [Int32] = []
    while objective < upperBound && stale < options.perturbationRounds {
      if stale % 64 == 0 && !timeLeft() { return }
      stale += 1
      var request = order[Int(random.next() % UInt64(order.count))]
      var tries = 0
      while slotOf[request] >= 0 && tries < 16 {
        request = order[Int(random.next() % UInt64(order.count))]
        tries += 1
      }
      if slotOf[request] >= 0 { continue }
      let before = objective
      let mark = journal.count
      recording = true
      touched.removeAll(keepingCapacity: true)
      let ends = [problem.from[request], problem.to[request]]
      let removals = 1 + Int(random.next() % 3)
      for _ in 0..<removals {
        let person = ends[Int(random.next() % 2)]
        let slot = Int(random.next() % UInt64(slots))
        let meeting = occupantOf(person, slot)
        if meeting >= 0 && !locked[Int(meeting)] {
          touched.append(problem.from[Int(meeting)])
          touched.append(problem.to[Int(meeting)])
          remove(Int(meeting))
        }
      }
      _ = insertDirect(request) || insertByChain(request) || insertByEjection(request)
      refill.removeAll(keepingCapacity: true)
      for person in touched { refill.append(contentsOf: requestsOf[Int(person)]) }
      refill.sort {
        let (a, b) = (problem.weight[Int($0)], problem.weight[Int($1)])
        return a > b || (a == b && problem.idRank[Int($0)] < problem.idRank[Int($1)])
      }
      for candidate in refill where slotOf[Int(candidate)] < 0 {
        _ = insertDirect(Int(candidate)) || insertByChain(Int(candidate))
      }
      recording = false
      if objective >= before {
        if objective > before { stale = 0 }
        journal.removeAll(keepingCapacity: true)
      } else {
        undo(to: mark)
      }
    }
  }

  /// Places the request in a free slot, if one exists: the least loaded, then the earliest.
  func insertDirect(_ request: Int) -> Bool {
    var best = -1
    for slot in 0..<slots where canPlace(request, slot) {
      if best < 0 || count[slot] < count[best] { best = slot }
    }
    guard best >= 0 else { return false }
    place(request, best)
    return true
  }

  /// Frees a slot for the request by moving meetings along an alternating chain between two slots.
  func insertByChain(_ request: Int) -> Bool {
    let sender = problem.from[request]
    let receiver = problem.to[request]
    guard sender != receiver else { return false }
    var bestChain: [Int32] = []
    var bestSlots = (-1, -1)
    for a in 0..<slots where available(sender, a) && available(receiver, a) {
      let senderMeeting = occupantOf(sender, a)
      let receiverMeeting = occupantOf(receiver, a)
      if senderMeeting < 0 && receiverMeeting < 0 {
        if count[a] < tables {
          place(request, a)
          return true
        }
        if relieve(a) {
          place(request, a)
          return true
        }
        continue
      }
      if senderMeeting >= 0 && receiverMeeting >= 0 { continue }
      let (pivot, blocker) = senderMeeting < 0 ? (receiver, receiverMeeting) : (sender, senderMeeting)
      if locked[Int(blocker)] { continue }
      for b in 0..<slots where b != a && occupantOf(pivot, b) < 0 && available(pivot, b) {
        guard let chain = chain(from: blocker, pivot: pivot, a, b) else { continue }
        let endsInB = chain.count % 2 == 1
        if endsInB ? count[b] >= tables : count[a] >= tables { continue }
        if bestSlots.0 < 0 || chain.count < bestChain.count {
          bestChain = chain
          bestSlots = (a, b)
          if chain.count == 1 { break }
        }
      }
      if bestChain.count == 1 { break }
    }
    guard bestSlots.0 >= 0 else { return false }
    let (a, b) = bestSlots
    for meeting in bestChain { remove(Int(meeting)) }
    for (position, meeting) in bestChain.enumerated() { place(Int(meeting), position % 2 == 0 ? b : a) }
    place(request, a)
    return true
  }

  /// The meetings to move, alternately a→b and b→a, so that `pivot` becomes free in `a`; `nil`
  /// when a meeting on the way is locked, cannot use its new slot, or the chain is too long.
  func chain(from first: Int32, pivot: Int32, _ a: Int, _ b: Int) -> [Int32]? {
    var moves: [Int32] = []
    var current = first
    var shared = pivot
    var target = b
    while true {
      let meeting = Int(current)
      if locked[meeting] { return nil }
      let other = problem.from[meeting] == shared ? problem.to[meeting] : problem.from[meeting]
      if !available(other, target) || !available(shared, target) { return nil }
      moves.append(current)
      let next = occupantOf(other, target)
      if next < 0 { return moves }
      if moves.count >= options.maximumChainLength || moves.contains(next) { return nil }
      shared = other
      current = next
      target = target == b ? a : b
    }
  }

  /// Moves one meeting out of the full slot `a` into a slot with a free table where both its
  /// participants are free.
  func relieve(_ a: Int) -> Bool {
    for meeting in slotOf.indices where slotOf[meeting] == Int32(a) && !locked[meeting] {
      for b in 0..<slots where b != a && canPlace(meeting, b) {
        remove(meeting)
        place(meeting, b)
        return true
      }
    }
    return false
  }

  /// Tries, slot by slot, to eject the meetings in the way, hold the request, and re-insert the
  /// ejected ones elsewhere; keeps the first attempt that raises the objective.
  func insertByEjection(_ request: Int) -> Bool {
    let sender = problem.from[request]
    let receiver = problem.to[request]
    guard sender != receiver else { return false }
    let gain = Int(problem.weight[request])
    for a in 0..<slots where available(sender, a) && available(receiver, a) {
      var blockers: [Int] = []
      for meeting in [occupantOf(sender, a), occupantOf(receiver, a)] where meeting >= 0 {
        blockers.append(Int(meeting))
      }
      if blockers.isEmpty {
        guard let cheapest = cheapestMeeting(in: a) else { continue }
        blockers.append(cheapest)
      }
      if blockers.contains(where: { locked[$0] }) { continue }
      // Ejecting more than the request is worth can only pay off if all come back; try it only
      // for single blockers of equal worth.
      let loss = blockers.reduce(0) { $0 + Int(problem.weight[$1]) }
      if loss > gain || (loss == gain && blockers.count > 1) { continue }
      let before = objective
      let mark = journal.count
      let wasRecording = recording
      recording = true
      for meeting in blockers { remove(meeting) }
      place(request, a)
      for meeting in blockers { _ = insertDirect(meeting) || insertByChain(meeting) }
      if objective > before {
        recording = wasRecording
        if !wasRecording { journal.removeAll(keepingCapacity: true) }
        return true
      }
      undo(to: mark)
      recording = wasRecording
    }
    return false
  }

  func cheapestMeeting(in slot: Int) -> Int? {
    var best: Int?
    for meeting in slotOf.indices where slotOf[meeting] == Int32(slot) && !locked[meeting] {
      if let current = best {
        let (a, b) = (problem.weight[meeting], problem.weight[current])
        if a < b || (a == b && problem.idRank[meeting] > problem.idRank[current]) { best = meeting }
      } else {
        best = meeting
      }
    }
    return best
  }
}

/// A small seeded generator (SplitMix64), so that the search is reproducible.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
