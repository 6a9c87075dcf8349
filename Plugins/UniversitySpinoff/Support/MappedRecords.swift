import Foundation
import RoadshowKernel

/// The record fields a column can fill: the achievement's own fields and the track's fields.
enum MappedField: String, CaseIterable {
  case id, title, summary, institution, team, field, trl, prospect, province, region, channel
  case transferModes = "transfer_modes"
  case ip, confidentiality, year, funds
  case office, authorised, rights, founder
  case founderRole = "founder_role"

  static var allNames: [String] { allCases.map(\.rawValue) }

  /// The fields stored in ``Achievement/attributes``, with their keys.
  var attributeKey: String? {
    switch self {
    case .office: SpinoffAttribute.office
    case .authorised: SpinoffAttribute.authorised
    case .rights: SpinoffAttribute.rights
    case .founder: SpinoffAttribute.founder
    case .founderRole: SpinoffAttribute.founderRole
    default: nil
    }
  }
}

/// What a reader does with a record it has built: take it, leave it out (not an error: a row of
/// another holder in a mixed list), or refuse it as a bad row.
enum Admission {
  case take
  case leaveOut
  case refuse(field: String, zh: String, en: String)
}

/// A CSV file read through a column mapping into achievements, shared by the track's intake
/// sources. Every bad cell is a ``Diagnostic`` at `file:line:column` with the column's header as
/// key path; duplicate ids are bad rows too.
struct MappedRecords {
  let file: URL
  let displayName: String
  let source: String
  let columns: [(field: String, header: String)]
  let constants: [(field: String, value: String)]
  let separator: Character
  let mode: IntakeBatch.Mode
  let nullValues: Set<String>
  let listSeparators: Set<Character>
  /// The files' encoding (`encoding`).
  var encoding: CSVEncoding = .auto
  /// What a row that cannot be read does (`on_bad_row`).
  var onBadRow: BadRowPolicy = .stop

  /// What one read produced.
  struct Result {
    var records: [Achievement]
    var problems: [Diagnostic]
    var rowsRead: Int
    var leftOut: Int
    /// The read's warnings (the encoding guessed, no data rows).
    var warnings: [Diagnostic] = []
  }

  /// Checks a `columns` mapping node and a `constants` node written in a config, returning the
  /// problems with their locations (unknown fields with the nearest valid one, bad constants,
  /// headers missing from the file).
  static func check(
    columns: [ConfigEntry], constants: [ConfigEntry], columnsPath: String, constantsPath: String,
    file: URL?, fileName: String, separator: Character, encoding: CSVEncoding = .auto
  ) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func fieldProblem(_ entry: ConfigEntry, path: String) -> Diagnostic? {
      guard MappedField(rawValue: entry.key) == nil, !entry.key.hasPrefix("attr.") else { return nil }
      return Diagnostic(
        .unknownKey, at: entry.keyLocation, keyPath: path + ".\(entry.key)",
        message: LocalizedText(
          zh: "未知的字段；可用：\(MappedField.allNames.joined(separator: ", "))，或 attr.<名称>",
          en: "unknown field; valid: \(MappedField.allNames.joined(separator: ", ")), or attr.<name>"),
        suggestion: Suggestions.nearest(to: entry.key, in: MappedField.allNames))
    }
    for entry in columns {
      if let problem = fieldProblem(entry, path: columnsPath) { problems.append(problem) }
    }
    for entry in constants {
      if let problem = fieldProblem(entry, path: constantsPath) {
        problems.append(problem)
      } else if let field = MappedField(rawValue: entry.key), let value = entry.value.scalar,
        case .failure(let message) = checkConstant(field, value)
      {
        problems.append(
          Diagnostic(
            .invalidValue, at: entry.value.location, keyPath: constantsPath + ".\(entry.key)", message: message))
      }
    }
    // A mapped header missing from the file would silently empty a field: refuse it here.
    var header: CSVTable?
    if problems.isEmpty, let file, FileManager.default.isReadableFile(atPath: file.path) {
      do {
        header = try CSVTable.readHeader(file, displayName: fileName, separator: separator, encoding: encoding)
      } catch let error as DataError {
        problems += error.diagnostics
      } catch {}
    }
    if let table = header {
      for entry in columns {
        guard let header = entry.value.scalar, table.column(header) == nil else { continue }
        problems.append(table.missingColumn(header, at: entry.value.location, keyPath: columnsPath + ".\(entry.key)"))
      }
    }
    return problems
  }

  /// Reads the file. `admit` decides on each well-formed record.
  func read(admit: (Achievement) -> Admission) throws -> Result {
    let table = try CSVTable.read(
      file, displayName: displayName, separator: separator, encoding: encoding, onBadRow: onBadRow)
    var records: [Achievement] = []
    var problems: [Diagnostic] = table.skippedRows
    var seen: [String: Int] = [:]
    var leftOut = 0
    for row in table.rows {
      var values: [String: (value: String, column: Int, header: String?)] = [:]
      for (field, value) in constants { values[field] = (value, 0, nil) }
      for (field, header) in columns {
        guard let index = table.column(header) else { continue }
        let trimmed = row.cell(index)
        if trimmed.isEmpty || nullValues.contains(trimmed) { continue }
        values[field] = (trimmed, index + 1, header)
      }
      func bad(_ field: String, _ zh: String, _ en: String) -> Diagnostic {
        let header = values[field]?.header ?? columns.first(where: { $0.field == field })?.header ?? field
        let column = values[field]?.column ?? table.column(header).map { $0 + 1 } ?? 1
        return Diagnostic.badRow(
          file: displayName, line: row.line, row: row.number, column: max(column, 1), header: header,
          LocalizedText(zh: zh, en: en))
      }
      let title = values["title"]?.value ?? ""
      if title.isEmpty && mode == .upsert {
        problems.append(bad("title", "成果名称为空", "title is empty"))
        continue
      }
      guard let externalID = values["id"]?.value, !externalID.isEmpty else {
        problems.append(bad("id", "编号为空", "id is empty"))
        continue
      }
      var record = Achievement(id: AchievementID(source: source, externalID: externalID), title: title)
      var failed: Diagnostic?
      for (name, value) in values.sorted(by: { $0.key < $1.key }) {
        if name.hasPrefix("attr.") {
          record.attributes[String(name.dropFirst(5))] = value.value
          continue
        }
        guard let field = MappedField(rawValue: name), field != .id, field != .title else { continue }
        if case .failure(let message) = Self.parse(field, value.value, into: &record, listSeparators: listSeparators) {
          failed = bad(name, message.zh, message.en)
          break
        }
      }
      if let failed {
        problems.append(failed)
        continue
      }
      switch admit(record) {
      case .take:
        break
      case .leaveOut:
        leftOut += 1
        continue
      case .refuse(let field, let zh, let en):
        problems.append(bad(field, zh, en))
        continue
      }
      if let first = seen[record.id.rawValue] {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: displayName, line: row.line, column: values["id"]?.column ?? 1),
            keyPath: values["id"]?.header ?? "id",
            message: LocalizedText(
              zh: "第 \(row.number) 行：编号 \(externalID) 与第 \(first) 行重复",
              en: "row \(row.number): id \(externalID) repeats row \(first)")))
        continue
      }
      seen[record.id.rawValue] = row.number
      records.append(record)
    }
    return Result(
      records: records, problems: problems, rowsRead: table.rows.count + table.malformed.count, leftOut: leftOut,
      warnings: table.warnings)
  }

  enum Outcome {
    case success
    case failure(LocalizedText)
  }

  /// Checks a constant's value without a record to write to.
  static func checkConstant(_ field: MappedField, _ text: String) -> Outcome {
    var scratch = Achievement(id: AchievementID("check:check"), title: "")
    return parse(field, text, into: &scratch, listSeparators: Set(";；、"))
  }

  /// Parses one cell into the record's field.
  static func parse(
    _ field: MappedField, _ text: String, into record: inout Achievement, listSeparators: Set<Character>
  ) -> Outcome {
    func split(_ text: String) -> [String] {
      text.split(whereSeparator: { listSeparators.contains($0) })
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
    }
    func fail(_ zh: String, _ en: String) -> Outcome { .failure(LocalizedText(zh: zh, en: en)) }
    switch field {
    case .id, .title:
      return .success
    case .summary: record.summary = text
    case .institution: record.institution = text
    case .team: record.team = split(text)
    case .field: record.field = text
    case .province: record.province = text
    case .ip: record.intellectualProperty = split(text)
    case .trl:
      guard let readiness = TechnologyReadiness(text: text) else {
        return fail("技术成熟度应为 1–9 或“未知”，实际为 `\(text)`", "TRL must be 1–9 or unknown, got `\(text)`")
      }
      record.readiness = readiness
    case .prospect:
      guard let value = Double(text), (0...100).contains(value) else {
        return fail("市场前景应为 0–100 的数值，实际为 `\(text)`", "market prospect must be a number 0–100, got `\(text)`")
      }
      record.prospect = value
    case .region:
      guard let region = Region(name: text) else {
        let problem = Region.problem(text)
        let hint = problem.suggestion.map { LocalizedText(zh: "（是否想写 `\($0)`？）", en: " (did you mean `\($0)`?)") }
        return fail(problem.message.zh + (hint?.zh ?? ""), problem.message.en + (hint?.en ?? ""))
      }
      record.region = region
    case .channel:
      guard let channel = IntakeChannel(rawValue: text) else {
        let valid = IntakeChannel.allCases.map(\.rawValue).joined(separator: ", ")
        return fail("征集渠道应为：\(valid)，实际为 `\(text)`", "intake channel must be one of: \(valid); got `\(text)`")
      }
      record.channel = channel
    case .transferModes:
      var modes: [TransferMode] = []
      for item in split(text) {
        guard let mode = transferMode(item) else {
          return fail("无法识别的转化方式 `\(item)`", "unknown transfer mode `\(item)`")
        }
        modes.append(mode)
      }
      record.transferModes = modes
    case .confidentiality:
      guard let status = Confidentiality(text: text) else {
        return fail(
          "保密状态应为 cleared/pending/restricted 或 已审查/待审查/涉密，实际为 `\(text)`",
          "confidentiality must be cleared, pending or restricted; got `\(text)`")
      }
      record.confidentiality = status
    case .year:
      guard let year = Int(text), (1949...2100).contains(year) else {
        return fail("年份应为整数，实际为 `\(text)`", "year must be a whole number, got `\(text)`")
      }
      record.year = year
    case .funds:
      guard let funds = Double(text.replacingOccurrences(of: ",", with: "")), funds >= 0 else {
        return fail("经费应为非负数值（万元），实际为 `\(text)`", "funds must be a non-negative number (10,000 yuan), got `\(text)`")
      }
      record.fundingWanYuan = funds
    case .office:
      record.attributes[SpinoffAttribute.office] = text
    case .authorised:
      guard let value = YesNo.parse(text) else {
        return fail("授权谈判应为 是/否（yes/no），实际为 `\(text)`", "authorisation must be yes or no, got `\(text)`")
      }
      record.attributes[SpinoffAttribute.authorised] = value ? "yes" : "no"
    case .rights:
      guard let rights = RightsStatus(text: text) else {
        return fail(
          "赋权情况应为 无/所有权/长期使用权（none/ownership/long_term_use），实际为 `\(text)`",
          "rights must be none, ownership or long_term_use; got `\(text)`")
      }
      record.attributes[SpinoffAttribute.rights] = rights.rawValue
    case .founder:
      guard let commitment = FounderCommitment(text: text) else {
        return fail(
          "创业意愿应为 全职/兼职/顾问/无（full_time/part_time/advisor/none），实际为 `\(text)`",
          "founder commitment must be full_time, part_time, advisor or none; got `\(text)`")
      }
      record.attributes[SpinoffAttribute.founder] = commitment.rawValue
    case .founderRole:
      guard let role = FounderRole(text: text) else {
        return fail("创业者身份应为 教师/学生/师生，实际为 `\(text)`", "founder role must be teacher, student or both; got `\(text)`")
      }
      record.attributes[SpinoffAttribute.founderRole] = role.rawValue
    }
    return .success
  }

  /// The kernel's wordings (``TransferMode/init(text:)``), and `创业` (starting a company) as well.
  static func transferMode(_ text: String) -> TransferMode? {
    text == "创业" ? .spinOff : TransferMode(text: text)
  }
}

/// Finds library records named in a data file by their full id (`nkrdp-2019-2020:2020YFA0…`) or by
/// the source's own record id (`2020YFA0…`) when that is unambiguous.
struct RecordLookup {
  private var full: [String: AchievementID] = [:]
  private var external: [String: [AchievementID]] = [:]

  init(_ ids: some Sequence<AchievementID>) {
    for id in ids {
      full[id.rawValue] = id
      if let colon = id.rawValue.firstIndex(of: ":") {
        external[String(id.rawValue[id.rawValue.index(after: colon)...]), default: []].append(id)
      }
    }
  }

  enum Match {
    case found(AchievementID)
    case missing
    case ambiguous([AchievementID])
  }

  func find(_ text: String) -> Match {
    if let id = full[text] { return .found(id) }
    let candidates = external[text] ?? []
    switch candidates.count {
    case 0: return .missing
    case 1: return .found(candidates[0])
    default: return .ambiguous(candidates)
    }
  }
}

/// Reads a file of people (mentors, investors) with located errors: shared by the coaching and
/// event plugins.
struct PeopleFile {
  /// Reads `url`; `headers` are the columns needed, in order.
  static func read(_ url: URL, name: String, headers: [String], encoding: CSVEncoding = .auto) throws -> (
    table: CSVTable, columns: [Int]
  ) {
    let table = try CSVTable.read(url, displayName: name, encoding: encoding)
    var columns: [Int] = []
    var problems: [Diagnostic] = []
    for header in headers {
      if let index = table.column(header) {
        columns.append(index)
      } else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: name, line: 1, column: 1), keyPath: header,
            message: LocalizedText(
              zh: "文件缺少列 `\(header)`；文件的列：\(table.header.joined(separator: ", "))",
              en: "the file has no column `\(header)`; its columns: \(table.header.joined(separator: ", "))"),
            suggestion: Suggestions.nearest(to: header, in: table.header)))
      }
    }
    if !problems.isEmpty { throw DataError(problems) }
    return (table, columns)
  }

  static func list(_ text: String) -> [String] {
    text.split(whereSeparator: { ";；、,，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }
}

/// Days added to a `YYYY-MM-DD` date.
enum Days {
  static func adding(_ days: Int, to text: String) -> String? {
    guard let date = CalendarDate.parse(text) else { return nil }
    return CalendarDate.format(date.addingTimeInterval(Double(days) * 86_400))
  }
}

extension ParameterValues {
  /// A list parameter, or `fallback` when the key is not written. (The kernel reads a declared
  /// default as one scalar, so list defaults are restated here.)
  func strings(_ name: String, otherwise fallback: [String]) -> [String] {
    contains(name) ? strings(name) : fallback
  }
}
