import Foundation

/// Language of printed itineraries.
public enum ItineraryLocale: String, Sendable, Hashable, Codable, CaseIterable {
  /// Simplified Chinese, the default.
  case zhCN = "zh-CN"
  /// English.
  case en = "en"

  /// Accepts `zh`, `zh-CN`, `zh_CN`, `zh-Hans…` and `en`, `en-US`, `en_GB`…; `nil` for anything else.
  public init?(identifier: String) {
    let lower = identifier.lowercased()
    if lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_") {
      self = .zhCN
    } else if lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_") {
      self = .en
    } else {
      return nil
    }
  }
}

extension SchedulingProblem {
  /// A table number for every held meeting: within each slot, meetings are numbered 1, 2, … in
  /// order of the requested participant's id, then the request id, so a holder tends to keep a table.
  public func tableNumbers(for schedule: Schedule) -> [String: Int] {
    let requestsByID = Dictionary(requests.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var bySlot: [Int: [MeetingRequest]] = [:]
    for (requestID, slot) in schedule.assignments {
      if let request = requestsByID[requestID] { bySlot[slot, default: []].append(request) }
    }
    var numbers: [String: Int] = [:]
    for list in bySlot.values {
      for (index, request) in list.sorted(by: { ($0.to, $0.id) < ($1.to, $1.id) }).enumerated() {
        numbers[request.id] = index + 1
      }
    }
    return numbers
  }

  /// One participant's printable itinerary (行程单) in Markdown: a heading, then a table of their
  /// meetings in slot order (slot, table, counterpart, priority), then a count and their unavailable
  /// slots. People are shown as `name (id)`, or by name alone when the id is the name or the name
  /// behind a short tag such as `E:`. `slotLabels` replaces the default slot names (`第 3 时段` /
  /// `Slot 3`), e.g. with times. Returns `nil` for an unknown participant.
  public func itinerary(
    for participantID: String, schedule: Schedule, locale: ItineraryLocale = .zhCN, slotLabels: [Int: String] = [:]
  ) -> String? {
    guard let participant = participants.first(where: { $0.id == participantID }) else { return nil }
    let context = ItineraryContext(problem: self, schedule: schedule)
    return context.render(participant, locale: locale, slotLabels: slotLabels)
  }

  /// Every participant's itinerary, in the order of `participants`, separated by blank lines,
  /// under one top heading.
  public func itineraries(
    schedule: Schedule, locale: ItineraryLocale = .zhCN, slotLabels: [Int: String] = [:]
  ) -> String {
    let context = ItineraryContext(problem: self, schedule: schedule)
    let title = locale == .zhCN ? "# 一对一对接行程单\n" : "# One-to-one meeting itineraries\n"
    return ([title] + participants.map { context.render($0, locale: locale, slotLabels: slotLabels) })
      .joined(separator: "\n")
  }
}

struct ItineraryContext {
  let participantsByID: [String: MeetingParticipant]
  let meetingsOf: [String: [(slot: Int, request: MeetingRequest)]]
  let tables: [String: Int]

  init(problem: SchedulingProblem, schedule: Schedule) {
    participantsByID = Dictionary(problem.participants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var meetings: [String: [(slot: Int, request: MeetingRequest)]] = [:]
    for request in problem.requests {
      guard let slot = schedule.assignments[request.id] else { continue }
      meetings[request.from, default: []].append((slot, request))
      meetings[request.to, default: []].append((slot, request))
    }
    meetingsOf = meetings.mapValues { $0.sorted { ($0.slot, $0.request.id) < ($1.slot, $1.request.id) } }
    tables = problem.tableNumbers(for: schedule)
  }

  func render(_ participant: MeetingParticipant, locale: ItineraryLocale, slotLabels: [Int: String]) -> String {
    let chinese = locale == .zhCN
    let role: String
    switch participant.kind {
    case .holder: role = chinese ? "成果持有人" : "holder"
    case .enterprise: role = chinese ? "企业" : "enterprise"
    }
    var lines = ["## \(label(participant.name, participant.id)) · \(role)", ""]
    let meetings = meetingsOf[participant.id] ?? []
    if meetings.isEmpty {
      lines.append(chinese ? "暂无对接安排。" : "No meetings scheduled.")
    } else {
      lines.append(chinese ? "| 时段 | 桌号 | 对接方 | 优先级 |" : "| Slot | Table | With | Priority |")
      lines.append("| --- | --- | --- | --- |")
      for (slot, request) in meetings {
        let otherID = request.from == participant.id ? request.to : request.from
        let other = participantsByID[otherID]
        let slotName = slotLabels[slot] ?? (chinese ? "第 \(slot) 时段" : "Slot \(slot)")
        let table = tables[request.id].map(String.init) ?? "-"
        lines.append(
          "| \(escape(slotName)) | \(table) | \(label(other?.name ?? "", otherID)) | \(request.priority) |")
      }
      lines.append("")
      lines.append(chinese ? "共 \(meetings.count) 场对接。" : "\(meetings.count) meeting\(meetings.count == 1 ? "" : "s").")
    }
    if !participant.unavailableSlots.isEmpty {
      let busy = participant.unavailableSlots.sorted().map { slotLabels[$0] ?? String($0) }
      lines.append(
        chinese ? "不可参会时段：\(busy.joined(separator: "、"))。" : "Unavailable slots: \(busy.joined(separator: ", ")).")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `name (id)`, or only the name when the id adds nothing to it; see ``idAddsInformation(_:to:)``.
  private func label(_ name: String, _ id: String) -> String {
    guard !name.isEmpty else { return escape(id) }
    guard ItineraryContext.idAddsInformation(id, to: name) else { return escape(name) }
    return "\(escape(name)) (\(escape(id)))"
  }

  /// Whether showing `id` beside `name` tells the reader anything: not when the id is the name,
  /// nor when it is the name behind a short tag such as `E:` (`E:示例企业` for `示例企业`). A tag
  /// is ASCII letters and digits, starting with a letter, ending in `:`.
  static func idAddsInformation(_ id: String, to name: String) -> Bool {
    if id == name { return false }
    guard let colon = id.firstIndex(of: ":") else { return true }
    let tag = id[..<colon]
    guard let first = tag.first, first.isASCII, first.isLetter,
      tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return true }
    return id[id.index(after: colon)...] != name[...]
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
