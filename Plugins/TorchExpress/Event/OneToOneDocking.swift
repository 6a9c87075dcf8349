import Foundation
import RoadshowKernel
import RoadshowMatching

/// The one-to-one docking (台下"一对一"对接) after the pitches, scheduled: every enterprise that
/// showed interest in a pitched project asks for a meeting with its holder (priority = interest
/// level), and the meetings are placed in time slots and at tables so that nobody is in two
/// meetings at once and the summed priority of the meetings held is as high as possible.
/// Writes the schedule and a printable itinerary per participant.
public struct OneToOneDocking: EventFormat {
  public static let description = PluginDescription(
    id: "torch.one_to_one", kind: .event, track: "torch",
    title: LocalizedText(zh: "一对一对接", en: "One-to-one docking"),
    summary: LocalizedText(
      zh: "一对一对接排程：按企业意向生成洽谈请求，分配时段与桌位，输出日程与每人行程单",
      en: "Schedules the one-to-one meetings from enterprise interest: slots, tables, itineraries"),
    parameters: [
      ParameterSpec(
        "start", .time, default: "14:00", doc: LocalizedText(zh: "第一时段开始时间", en: "start of the first slot")),
      ParameterSpec(
        "slot_minutes", .integer(5...120), default: "20", doc: LocalizedText(zh: "每时段分钟数", en: "minutes per slot")),
      ParameterSpec("slots", .integer(1...48), default: "8", doc: LocalizedText(zh: "时段数", en: "number of slots")),
      ParameterSpec("tables", .integer(1...500), default: "10", doc: LocalizedText(zh: "洽谈桌数", en: "number of tables")),
      ParameterSpec(
        "min_level", .choice(["low", "medium", "high"]), default: "low",
        doc: LocalizedText(zh: "生成洽谈请求所需的最低意向", en: "lowest interest that asks for a meeting")),
      ParameterSpec(
        "availability", .file,
        doc: LocalizedText(
          zh: "不可用时段（CSV：参与者、不可用时段，时段以分号分隔；参与者为企业名称或成果编号）",
          en:
            "unavailable slots (CSV: participant, slots separated by semicolons; an enterprise name or an achievement id)"
        )),
      ParameterSpec(
        "fixed", .file,
        doc: LocalizedText(
          zh: "人工固定的洽谈（CSV：企业、成果编号、时段）", en: "meetings fixed by hand (CSV: enterprise, achievement id, slot)")),
      ParameterSpec(
        "time_limit_seconds", .number(0.1...60), default: "2",
        doc: LocalizedText(zh: "排程搜索时间上限", en: "time limit of the scheduling search")),
      .encoding,
    ],
    example: """
      - plugin: torch.one_to_one
        with:
          start: "14:00"
          slot_minutes: 20
          slots: 8
          tables: 10
      """)

  let start: Int
  let slotMinutes: Int
  let slots: Int
  let tables: Int
  let minimum: InterestLevel
  let availability: (url: URL, name: String)?
  let fixed: (url: URL, name: String)?
  let timeLimit: Double

  let encoding: CSVEncoding

  public var plannedSlot: EventSlot? {
    EventSlot(date: nil, venue: nil, start: start, minutes: slots * slotMinutes)
  }

  public init(parameters p: ParameterValues) throws {
    encoding = p.csvEncoding
    start = p.minutes("start") ?? 14 * 60
    slotMinutes = p.int("slot_minutes") ?? 20
    slots = p.int("slots") ?? 8
    tables = p.int("tables") ?? 10
    minimum = InterestLevel(rawValue: p.string("min_level") ?? "low") ?? .low
    availability = p.url("availability").flatMap { url in p.string("availability").map { (url, $0) } }
    fixed = p.url("fixed").flatMap { url in p.string("fixed").map { (url, $0) } }
    timeLimit = p.double("time_limit_seconds") ?? 2
    if start + slots * slotMinutes > 24 * 60 {
      throw PluginSetupError([
        p.problem("slots", LocalizedText(zh: "时段超出当天 24:00", en: "the slots run past midnight"), code: .outOfRange)
      ])
    }
  }

  func slotLabel(_ slot: Int) -> String {
    let from = start + (slot - 1) * slotMinutes
    return "\(AgendaItem.clock(from))–\(AgendaItem.clock(from + slotMinutes))"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let zh = context.locale == .zhCN
    // Holders are the pitched projects cleared for publication (the schedule and itineraries go
    // to every participant); enterprises are those that responded with enough interest.
    let publication = context.gate.release(input.selected, to: .participants)
    let cleared = input.selected.filter { publication.contains($0.id) }
    var participants: [MeetingParticipant] = publication.records.map { a in
      MeetingParticipant(
        id: a.id.rawValue, kind: .holder,
        name: zh ? "\(a.title)（\(a.institution ?? "—")）" : "\(a.title) (\(a.institution ?? "—"))")
    }
    var requests: [MeetingRequest] = []
    var enterprises: [String] = []
    for candidate in cleared {
      for interest in candidate.interest.sorted(by: { $0.enterprise < $1.enterprise }) where interest.level >= minimum {
        if !enterprises.contains(interest.enterprise) { enterprises.append(interest.enterprise) }
        requests.append(
          MeetingRequest(
            id: "R\(String(format: "%04d", requests.count + 1))", from: "E:\(interest.enterprise)",
            to: candidate.id.rawValue,
            priority: Int(interest.level.weight)))
      }
    }
    participants += enterprises.sorted().map { MeetingParticipant(id: "E:\($0)", kind: .enterprise, name: $0) }
    try applyAvailability(to: &participants, context: context)
    let fixedMeetings = try readFixed(requests: requests, context: context)
    let problem = SchedulingProblem(
      participants: participants, requests: requests, slots: slots, tables: tables, fixed: fixedMeetings)
    context.report(
      .event,
      LocalizedText(
        zh: "排程 \(requests.count) 个洽谈请求（\(slots) 个时段 × \(tables) 桌）…",
        en: "scheduling \(requests.count) meeting requests (\(slots) slots × \(tables) tables)…"))
    let result: ScheduleResult
    do throws(SchedulingError) {
      result = try MeetingScheduler.schedule(problem, options: SchedulingOptions(timeLimit: timeLimit))
    } catch {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "无法排程：\(error.message(chinese: true))", en: "cannot schedule: \(error.message(chinese: false))"))
    }
    let violations = problem.validate(result.schedule)
    guard violations.isEmpty else {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "排程结果不可行：\(violations.map { $0.message(chinese: true) }.joined(separator: "；"))",
          en: "the schedule is infeasible: \(violations.map(\.description).joined(separator: "; "))"))
    }
    let tablesByRequest = problem.tableNumbers(for: result.schedule)
    let requestsByID = Dictionary(requests.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let names = Dictionary(participants.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    var agenda: [AgendaItem] = []
    for slot in 1...slots {
      let held = result.schedule.sortedAssignments.filter { $0.slot == slot }
      let from = start + (slot - 1) * slotMinutes
      agenda.append(
        AgendaItem(
          start: from, end: from + slotMinutes, segment: .oneToOne,
          title: zh ? "第 \(slot) 时段：\(held.count) 场洽谈" : "Slot \(slot): \(held.count) meetings"))
    }
    let header =
      zh
      ? ["时段", "时间", "桌号", "企业", "成果编号", "成果", "优先级"]
      : ["slot", "time", "table", "enterprise", "achievement", "project", "priority"]
    let rows = result.schedule.sortedAssignments.compactMap { assignment -> [String]? in
      guard let request = requestsByID[assignment.request] else { return nil }
      return [
        String(assignment.slot), slotLabel(assignment.slot), String(tablesByRequest[request.id] ?? 0),
        String(request.from.dropFirst(2)), request.to, names[request.to] ?? "", String(request.priority),
      ]
    }.sorted { ($0[0].count, $0[0], Int($0[2]) ?? 0) < ($1[0].count, $1[0], Int($1[2]) ?? 0) }
    let unscheduled = requests.filter { result.schedule.assignments[$0.id] == nil }
    let labels = Dictionary(uniqueKeysWithValues: (1...slots).map { ($0, slotLabel($0)) })
    var itineraries = problem.itineraries(schedule: result.schedule, locale: zh ? .zhCN : .en, slotLabels: labels)
    itineraries +=
      "\n"
      + (zh
        ? "共 \(requests.count) 个请求，安排 \(result.meetings) 场，优先级合计 \(result.objective)（上界 \(result.upperBound)）；未安排 \(unscheduled.count) 个。\n"
        : "\(requests.count) requests, \(result.meetings) meetings held, summed priority \(result.objective) (upper bound \(result.upperBound)); \(unscheduled.count) not scheduled.\n")
    let event = RoadshowEvent(
      format: Self.description.id, title: zh ? "台下“一对一”对接" : "One-to-one docking", date: context.eventDate,
      venue: context.host.venue, online: false, agenda: agenda, achievements: cleared.map(\.id),
      meetings: result.meetings)
    return EventResult(
      events: [event],
      artifacts: [
        OutputFile(
          name: "one-to-one-schedule.csv", text: CSVWriter.text(header: header, rows: rows), publication: publication),
        OutputFile(name: "itineraries.md", text: itineraries, publication: publication),
      ])
  }

  private func applyAvailability(to participants: inout [MeetingParticipant], context: PipelineContext) throws {
    guard let availability else { return }
    let table = try CSVTable.read(availability.url, displayName: availability.name, encoding: encoding)
    context.warn(.event, table.warnings)
    var index: [String: Int] = [:]
    for (position, participant) in participants.enumerated() {
      index[participant.id] = position
      if participant.kind == .enterprise { index[String(participant.id.dropFirst(2))] = position }
      if let colon = participant.id.firstIndex(of: ":"), participant.kind == .holder {
        index[String(participant.id[participant.id.index(after: colon)...])] = position
      }
    }
    var problems: [Diagnostic] = []
    for row in table.rows {
      let who = row.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
      let text = row.fields.count > 1 ? row.fields[1] : ""
      var busy: Set<Int> = []
      for part in text.split(whereSeparator: { ";；, ".contains($0) }) {
        guard let slot = Int(part), (1...slots).contains(slot) else {
          problems.append(
            Diagnostic(
              .badRow, at: SourceLocation(file: availability.name, line: row.line, column: 2),
              keyPath: table.header.count > 1 ? table.header[1] : "",
              message: LocalizedText(
                zh: "第 \(row.number) 行：时段 `\(part)` 不在 1–\(slots) 内",
                en: "row \(row.number): slot `\(part)` is not within 1–\(slots)")))
          continue
        }
        busy.insert(slot)
      }
      // Someone who is not taking part this time is not an error: the file may list everyone.
      if let position = index[who] { participants[position].unavailableSlots.formUnion(busy) }
    }
    if !problems.isEmpty { throw DataError(problems) }
  }

  private func readFixed(requests: [MeetingRequest], context: PipelineContext) throws -> [String: Int] {
    guard let fixed else { return [:] }
    let table = try CSVTable.read(fixed.url, displayName: fixed.name, encoding: encoding)
    context.warn(.event, table.warnings)
    var result: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for row in table.rows {
      func cell(_ i: Int) -> String { i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespaces) : "" }
      let enterprise = cell(0)
      let achievement = cell(1)
      guard let slot = Int(cell(2)), (1...slots).contains(slot) else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: fixed.name, line: row.line, column: 3),
            keyPath: table.header.count > 2 ? table.header[2] : "",
            message: LocalizedText(
              zh: "第 \(row.number) 行：时段 `\(cell(2))` 不在 1–\(slots) 内",
              en: "row \(row.number): slot `\(cell(2))` is not within 1–\(slots)")))
        continue
      }
      guard
        let request = requests.first(where: {
          $0.from == "E:\(enterprise)" && ($0.to == achievement || $0.to.hasSuffix(":\(achievement)"))
        })
      else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: fixed.name, line: row.line, column: 1), keyPath: table.header.first ?? "",
            message: LocalizedText(
              zh: "第 \(row.number) 行：\(enterprise) 与 \(achievement) 之间没有洽谈请求（企业未对该路演项目表达意向）",
              en:
                "row \(row.number): no meeting request between \(enterprise) and \(achievement) (no interest in that pitched project)"
            )))
        continue
      }
      result[request.id] = slot
    }
    if !problems.isEmpty { throw DataError(problems) }
    return result
  }
}
