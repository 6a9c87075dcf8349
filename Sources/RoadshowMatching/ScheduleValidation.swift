import Foundation

extension SchedulingProblem {
  /// Every rule `schedule` breaks, in a stable order (empty when the schedule is feasible).
  ///
  /// Checks: known requests and participants, slots within 1…`slots`, nobody in a slot they marked
  /// unavailable, nobody in two meetings in one slot, at most `tables` meetings per slot, and every
  /// fixed meeting held in its slot. "Each request at most once" holds by construction of ``Schedule``.
  public func validate(_ schedule: Schedule) -> [ScheduleViolation] {
    var violations: [ScheduleViolation] = []
    let requestsByID = Dictionary(requests.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let participantsByID = Dictionary(participants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var bySlot: [Int: [String]] = [:]
    var byPersonSlot: [PersonSlot: [String]] = [:]
    for (requestID, slot) in schedule.sortedAssignments {
      guard let request = requestsByID[requestID] else {
        violations.append(ScheduleViolation(kind: .unknownRequest, slot: slot, requests: [requestID]))
        continue
      }
      guard (1...max(1, slots)).contains(slot), slots > 0 else {
        violations.append(ScheduleViolation(kind: .slotOutOfRange, slot: slot, requests: [requestID]))
        continue
      }
      bySlot[slot, default: []].append(requestID)
      for person in [request.from, request.to] {
        guard let participant = participantsByID[person] else {
          violations.append(
            ScheduleViolation(kind: .unknownParticipant, slot: slot, participant: person, requests: [requestID]))
          continue
        }
        byPersonSlot[PersonSlot(person: person, slot: slot), default: []].append(requestID)
        if participant.unavailableSlots.contains(slot) {
          violations.append(
            ScheduleViolation(kind: .participantUnavailable, slot: slot, participant: person, requests: [requestID]))
        }
      }
    }
    for (key, list) in byPersonSlot.sorted(by: { ($0.key.slot, $0.key.person) < ($1.key.slot, $1.key.person) })
    where list.count > 1 {
      violations.append(
        ScheduleViolation(kind: .doubleBooked, slot: key.slot, participant: key.person, requests: list.sorted()))
    }
    for (slot, list) in bySlot.sorted(by: { $0.key < $1.key }) where list.count > tables {
      violations.append(ScheduleViolation(kind: .tablesExceeded, slot: slot, requests: list.sorted()))
    }
    for (requestID, slot) in fixed.sorted(by: { $0.key < $1.key }) where schedule.assignments[requestID] != slot {
      violations.append(ScheduleViolation(kind: .fixedMeetingMoved, slot: slot, requests: [requestID]))
    }
    return violations
  }

  /// The summed priority of the meetings `schedule` holds (unknown requests count 0).
  public func objective(of schedule: Schedule) -> Int {
    let priority = Dictionary(requests.map { ($0.id, $0.priority) }, uniquingKeysWith: { first, _ in first })
    return schedule.assignments.keys.reduce(0) { $0 + (priority[$1] ?? 0) }
  }
}

private struct PersonSlot: Hashable {
  var person: String
  var slot: Int
}
