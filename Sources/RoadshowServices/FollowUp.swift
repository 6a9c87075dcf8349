import Foundation
import RoadshowKernel

/// Follow-up (跟踪服务) use cases over the programme ledger: record a milestone, import a file of
/// them, list what is due. The command line and the web platform call these; no rule about a
/// milestone lives in either.
public enum FollowUp {
  /// What a person or a file gives for one milestone, before it is checked.
  public struct Draft: Sendable, Hashable {
    /// The achievement as written: the stored id, or its source's own id when unambiguous.
    public var achievement: String
    /// The step as written (`contract`, `签约`…).
    public var kind: String
    /// The date as written (YYYY-MM-DD).
    public var date: String
    /// Amount in 10,000 yuan, as written.
    public var amount: String = ""
    /// The other party.
    public var party: String = ""
    /// The contract registration number.
    public var reference: String = ""
    /// Transaction or finance mode.
    public var mode: String = ""
    /// Where it landed.
    public var place: String = ""
    /// A note.
    public var note: String = ""
    /// The entry this corrects, as written.
    public var supersedes: String = ""

    /// Creates a draft.
    public init(
      achievement: String, kind: String, date: String, amount: String = "", party: String = "",
      reference: String = "", mode: String = "", place: String = "", note: String = "", supersedes: String = ""
    ) {
      self.achievement = achievement
      self.kind = kind
      self.date = date
      self.amount = amount
      self.party = party
      self.reference = reference
      self.mode = mode
      self.place = place
      self.note = note
      self.supersedes = supersedes
    }
  }

  /// One problem with a draft, by field, so a form can show it next to the field and a file can
  /// name its column.
  public struct Problem: Sendable, Hashable {
    /// The field: `achievement`, `kind`, `date`, `amount`, `party`, `reference`, `mode`, `place`,
    /// `supersedes`.
    public var field: String
    /// What is wrong.
    public var message: LocalizedText
    /// The nearest valid value, for a typo.
    public var suggestion: String?
  }

  /// Who records and from where.
  public struct Provenance: Sendable, Hashable {
    /// Who.
    public var by: String
    /// From where: `command line`, a file name, `web`.
    public var source: String
    /// When, ISO 8601.
    public var at: String

    /// Creates provenance.
    public init(by: String, source: String, at: String) {
      self.by = by
      self.source = source
      self.at = at
    }
  }

  /// Resolves achievement ids written by people: the stored id, or the source's own id when one
  /// record has it.
  public struct IDResolver: Sendable {
    let known: Set<AchievementID>
    let byExternal: [String: [AchievementID]]
    let all: [String]

    /// A resolver over `ids`.
    public init(_ ids: [AchievementID]) {
      known = Set(ids)
      byExternal = Dictionary(grouping: ids, by: \.externalID)
      all = ids.map(\.rawValue)
    }

    /// The id `text` names, or `nil`.
    public func resolve(_ text: String) -> AchievementID? {
      let text = text.trimmingWhitespace()
      if known.contains(AchievementID(text)) { return AchievementID(text) }
      if let matches = byExternal[text], matches.count == 1 { return matches.first }
      return nil
    }

    /// The nearest known id, for a typo: written with its source or without.
    public func nearest(_ text: String) -> String? {
      if let full = Suggestions.nearest(to: text, in: all) { return full }
      guard let external = Suggestions.nearest(to: text, in: Array(byExternal.keys)),
        let matches = byExternal[external], matches.count == 1
      else { return nil }
      return matches.first?.rawValue
    }
  }

  /// Checks `draft` and builds its entry, or returns every problem with it.
  public static func check(
    _ draft: Draft, ids: IDResolver, provenance: Provenance
  ) -> Result<MilestoneEntry, ProblemList> {
    var problems: [Problem] = []
    let id = ids.resolve(draft.achievement)
    if id == nil {
      problems.append(
        Problem(
          field: "achievement",
          message: LocalizedText(
            zh: "项目库中没有成果 `\(draft.achievement)`", en: "no record `\(draft.achievement)` in the project library"),
          suggestion: ids.nearest(draft.achievement)))
    }
    let kind = MilestoneKind(text: draft.kind)
    if kind == nil {
      let names = MilestoneKind.allCases.map(\.rawValue)
      problems.append(
        Problem(
          field: "kind",
          message: LocalizedText(
            zh: "跟踪节点应为 \(names.joined(separator: "、"))（或其中文名称），实际为 `\(draft.kind)`",
            en: "the step must be one of \(names.joined(separator: ", ")), got `\(draft.kind)`"),
          suggestion: Suggestions.nearest(to: draft.kind, in: names)))
    }
    let date = draft.date.trimmingWhitespace()
    if CalendarDate.parse(date) == nil {
      problems.append(
        Problem(
          field: "date",
          message: LocalizedText(zh: "日期应为 YYYY-MM-DD，实际为 `\(date)`", en: "the date must be YYYY-MM-DD, got `\(date)`"))
      )
    }
    let amountText = draft.amount.trimmingWhitespace()
    var amount: Double?
    if !amountText.isEmpty {
      if let value = Double(amountText.replacingOccurrences(of: ",", with: "")), value >= 0, value.isFinite {
        amount = value
      } else {
        problems.append(
          Problem(
            field: "amount",
            message: LocalizedText(
              zh: "金额应为不小于 0 的数（万元），实际为 `\(amountText)`",
              en: "the amount must be a number ≥ 0 (10,000 yuan), got `\(amountText)`")))
      }
    }
    func text(_ value: String) -> String? {
      let value = value.trimmingWhitespace()
      return value.isEmpty ? nil : value
    }
    let mode = text(draft.mode)?.lowercased()
    if let kind {
      func require(_ field: String, _ present: Bool, _ zh: String, _ en: String) {
        guard !present else { return }
        problems.append(
          Problem(
            field: field,
            message: LocalizedText(
              zh: "「\(kind.name(.zhCN))」须填写\(zh)", en: "a “\(kind.name(.en))” entry needs \(en)")))
      }
      switch kind {
      case .contract:
        require("amount", amount != nil || !amountText.isEmpty, "合同金额", "the contract amount")
        require("party", text(draft.party) != nil, "签约企业", "the party that signed")
      case .registration:
        require("reference", text(draft.reference) != nil, "技术合同登记号", "the registration number")
      case .transaction:
        require("mode", mode != nil, "交易方式（transfer 转让、licence 许可、equity 作价入股）", "the mode (transfer, licence, equity)")
        require("amount", amount != nil || !amountText.isEmpty, "交易金额", "the amount")
      case .finance:
        require(
          "mode", mode != nil, "融资方式（investment、loan、ip_pledge、securitisation）",
          "the mode (investment, loan, ip_pledge, securitisation)")
        require("party", text(draft.party) != nil, "出资方", "the investor or lender")
        require("amount", amount != nil || !amountText.isEmpty, "融资金额", "the amount")
      case .landing:
        require("place", text(draft.place) != nil, "落地地点", "where it landed")
      case .settlement:
        require("amount", amount != nil || !amountText.isEmpty, "结算金额", "the amount settled")
      case .certificate:
        require("reference", text(draft.reference) != nil, "凭证编号", "the certificate number")
      case .listing:
        require("party", text(draft.party) != nil, "挂牌的交易机构", "the exchange it is listed on")
      case .checkIn, .onsiteReview, .meeting, .intent, .bidding, .publicNotice:
        break
      }
      if let mode, !kind.modes.isEmpty, !kind.modes.contains(mode) {
        problems.append(
          Problem(
            field: "mode",
            message: LocalizedText(
              zh: "「\(kind.name(.zhCN))」的方式应为 \(kind.modes.joined(separator: "、"))，实际为 `\(mode)`",
              en: "a “\(kind.name(.en))” mode must be one of \(kind.modes.joined(separator: ", ")), got `\(mode)`"),
            suggestion: Suggestions.nearest(to: mode, in: kind.modes)))
      }
    }
    var supersedes: Int?
    if let value = text(draft.supersedes) {
      if let number = Int(value.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), number > 0 {
        supersedes = number
      } else {
        problems.append(
          Problem(
            field: "supersedes",
            message: LocalizedText(
              zh: "更正的记录号应为正整数，实际为 `\(value)`", en: "the entry corrected must be a positive number, got `\(value)`")))
      }
    }
    guard problems.isEmpty, let id, let kind else { return .failure(ProblemList(problems)) }
    return .success(
      MilestoneEntry(
        achievement: id, kind: kind, date: date, amountWanYuan: amount, party: text(draft.party),
        reference: text(draft.reference), mode: mode, place: text(draft.place), note: text(draft.note),
        supersedes: supersedes, recordedAt: provenance.at, recordedBy: provenance.by, source: provenance.source))
  }

  /// Problems with a draft, as an error.
  public struct ProblemList: Error, Sendable {
    /// The problems.
    public var problems: [Problem]

    /// Wraps problems.
    public init(_ problems: [Problem]) { self.problems = problems }
  }

  /// Records one milestone after checking it.
  ///
  /// - Throws: ``ProblemList`` with every problem of the draft (nothing recorded); a
  ///   ``LedgerError`` from the ledger.
  public static func record(
    _ draft: Draft, in ledger: some ProgrammeLedger, provenance: Provenance
  ) async throws -> MilestoneEntry {
    let ids = IDResolver(try await ledger.allRecords().map(\.record.id))
    switch check(draft, ids: ids, provenance: provenance) {
    case .failure(let problems): throw problems
    case .success(let entry):
      guard let recorded = try await ledger.record([entry]).first else { throw LedgerError.unknownEntry(0) }
      return recorded
    }
  }

  /// The columns of a milestone file, English and Chinese headers.
  public static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("achievement", ["id", "achievement", "编号", "成果编号"], true),
    ("kind", ["kind", "step", "节点", "跟踪节点", "类型"], true),
    ("date", ["date", "日期"], true),
    ("amount", ["amount", "amount_wan_yuan", "金额", "金额（万元）", "金额(万元)"], false),
    ("party", ["party", "对方", "企业", "合作方"], false),
    ("reference", ["reference", "registration_no", "登记号", "合同登记号"], false),
    ("mode", ["mode", "方式"], false),
    ("place", ["place", "地点", "落地地点"], false),
    ("note", ["note", "备注", "说明"], false),
    ("supersedes", ["supersedes", "更正"], false),
  ]

  /// Reads a milestone file: every row checked, every problem reported with file, row and
  /// column; the entries only when there is none.
  public static func read(
    _ table: CSVTable, file: String, ids: IDResolver, provenance: Provenance
  ) -> Result<[MilestoneEntry], DataError> {
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in columns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else if column.required {
        problems.append(
          table.missingColumn(
            column.headers[0], at: SourceLocation(file: file, line: 1, column: 1), keyPath: column.field))
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    var entries: [MilestoneEntry] = []
    for row in table.rows {
      let draft = Draft(
        achievement: row.cell(index["achievement"]), kind: row.cell(index["kind"]), date: row.cell(index["date"]),
        amount: row.cell(index["amount"]), party: row.cell(index["party"]), reference: row.cell(index["reference"]),
        mode: row.cell(index["mode"]), place: row.cell(index["place"]), note: row.cell(index["note"]),
        supersedes: row.cell(index["supersedes"]))
      switch check(draft, ids: ids, provenance: provenance) {
      case .success(let entry): entries.append(entry)
      case .failure(let list):
        for problem in list.problems {
          problems.append(
            table.badRow(row, column: index[problem.field], problem.message, suggestion: problem.suggestion))
        }
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    return .success(entries)
  }

  // MARK: Due and overdue

  /// Where a pitched project stands at a checkpoint.
  public enum Status: String, Sendable, Hashable, Codable {
    /// The checkpoint passed with no entry since the previous one.
    case overdue
    /// The checkpoint falls within the window ahead.
    case due
  }

  /// A follow-up checkpoint that needs someone's attention.
  public struct DueItem: Sendable, Hashable, Codable {
    /// The achievement.
    public var achievement: AchievementID
    /// Its title.
    public var title: String
    /// The event it pitched at.
    public var event: String
    /// The event's programme.
    public var programme: String
    /// The host.
    public var host: String
    /// The pitch date.
    public var pitched: String
    /// Months after the pitch.
    public var months: Int
    /// The checkpoint's date.
    public var dueDate: String
    /// Due or overdue.
    public var status: Status
    /// The furthest step reached so far, if any.
    public var reached: MilestoneKind?
    /// The date of the latest entry, if any.
    public var lastEntry: String?
    /// The on-site review's verdict at the pitch (现场评议: rank, score, comments), when the
    /// event's panel recorded one.
    public var onsiteReview: String?
  }

  /// The checkpoints due within `window` days after `asOf`, and those overdue: a checkpoint is
  /// met by any standing entry dated after the previous checkpoint (or the pitch); a project that
  /// landed needs no more checkpoints. Events without a date are skipped.
  public static func due(
    events: [ProgrammeEvent], milestones: [MilestoneEntry], titles: [AchievementID: String], asOf: String,
    window: Int = 30, host: String? = nil
  ) -> [DueItem] {
    let standing = MilestoneEntry.standing(milestones)
    let byAchievement = Dictionary(grouping: standing, by: \.achievement)
    let horizon =
      CalendarDate.parse(asOf).flatMap { Calendar(identifier: .gregorian).date(byAdding: .day, value: window, to: $0) }
      .map(CalendarDate.format) ?? asOf
    var items: [DueItem] = []
    // The latest pitch of a project decides its checkpoints.
    var latest: [AchievementID: ProgrammeEvent] = [:]
    for event in events where host == nil || event.host.name == host {
      guard let date = event.date, date <= asOf else { continue }
      for id in event.pitched where (latest[id]?.date ?? "") <= date { latest[id] = event }
    }
    for (id, event) in latest.sorted(by: { $0.key < $1.key }) {
      guard let pitched = event.date else { continue }
      let entries = (byAchievement[id] ?? []).sorted { $0.date < $1.date }
      if entries.contains(where: { $0.kind == .landing }) { continue }
      // The furthest step along the conversion chain; else the latest service step.
      let reached =
        entries.compactMap { MilestoneKind.chain.firstIndex(of: $0.kind) }.max().map { MilestoneKind.chain[$0] }
        ?? entries.last { $0.kind != .checkIn && $0.kind != .onsiteReview }?.kind
      var previous = pitched
      for months in event.checkpoints.sorted() {
        guard let dueDate = CalendarDate.adding(months: months, to: pitched) else { continue }
        defer { previous = dueDate }
        let met = entries.contains { $0.date > previous && $0.date <= max(dueDate, asOf) }
        if met { continue }
        let status: Status
        if dueDate < asOf {
          status = .overdue
        } else if dueDate <= horizon {
          status = .due
        } else {
          break
        }
        items.append(
          DueItem(
            achievement: id, title: titles[id] ?? "", event: event.key, programme: event.programme,
            host: event.host.name, pitched: pitched, months: months, dueDate: dueDate, status: status,
            reached: reached, lastEntry: entries.last?.date,
            onsiteReview: entries.last { $0.kind == .onsiteReview && $0.date == pitched }?.note))
      }
    }
    return items.sorted { ($0.dueDate, $0.achievement) < ($1.dueDate, $1.achievement) }
  }
}

/// Event use cases: reading an attendance list (到场签到表).
public enum EventAttendance {
  /// The columns of an attendance file.
  public static let columns: [(field: String, headers: [String], required: Bool)] = [
    ("name", ["name", "名称", "单位", "姓名"], true), ("role", ["role", "角色", "类型"], true),
    ("attended", ["attended", "到场", "是否到场"], true),
  ]

  /// Reads an attendance file: every row checked, every problem with file, row and column.
  public static func read(_ table: CSVTable, file: String) -> Result<[EventParticipant], DataError> {
    var index: [String: Int] = [:]
    var problems: [Diagnostic] = []
    for column in columns {
      if let found = column.headers.lazy.compactMap(table.column).first {
        index[column.field] = found
      } else {
        problems.append(
          table.missingColumn(
            column.headers[0], at: SourceLocation(file: file, line: 1, column: 1), keyPath: column.field))
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    var entries: [EventParticipant] = []
    let roles = ParticipantRole.allCases.map(\.rawValue)
    for row in table.rows {
      let name = row.cell(index["name"])
      let roleText = row.cell(index["role"])
      let attendedText = row.cell(index["attended"]).lowercased()
      if name.isEmpty {
        problems.append(table.badRow(row, column: index["name"], LocalizedText(zh: "名称为空", en: "the name is empty")))
      }
      let role = ParticipantRole(rawValue: roleText)
      if role == nil {
        problems.append(
          table.badRow(
            row, column: index["role"],
            LocalizedText(
              zh: "角色应为 \(roles.joined(separator: "、"))，实际为 `\(roleText)`",
              en: "the role must be one of \(roles.joined(separator: ", ")), got `\(roleText)`"),
            suggestion: Suggestions.nearest(to: roleText, in: roles)))
      }
      let attended: Bool?
      switch attendedText {
      case "yes", "y", "true", "1", "是", "到场": attended = true
      case "no", "n", "false", "0", "否", "未到": attended = false
      default:
        attended = nil
        problems.append(
          table.badRow(
            row, column: index["attended"],
            LocalizedText(
              zh: "是否到场应为 是/否，实际为 `\(attendedText)`", en: "attended must be yes or no, got `\(attendedText)`")))
      }
      if let role, let attended, !name.isEmpty {
        entries.append(EventParticipant(name: name, role: role, attended: attended))
      }
    }
    guard problems.isEmpty else { return .failure(DataError(problems)) }
    return .success(entries)
  }
}
