import Foundation
import RoadshowKernel

/// Intake from an agency's spreadsheet (CSV) or a JSON export, with a column mapping in the config.
///
/// Real files have Chinese headers, BOMs, quoted fields with commas and line breaks, and blank
/// rows; all of those read. A bad row is reported with file, row and column, and `on_bad_row`
/// decides whether it stops the run or is skipped and counted.
public struct TabularIntake: IntakeSource {
  public static let description = PluginDescription(
    id: "torch.csv_intake", kind: .intake, track: "torch",
    title: LocalizedText(zh: "成果征集", en: "Achievement intake"),
    summary: LocalizedText(
      zh: "从 CSV 或 JSON 文件征集成果（列映射可配置，坏行按配置停止或跳过）",
      en: "Reads achievements from a CSV or JSON file with a configurable column mapping"),
    parameters: [
      ParameterSpec(
        "file", .file, required: true,
        doc: LocalizedText(zh: "数据文件（CSV 或 JSON 数组）", en: "data file (CSV, or a JSON array of objects)")),
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(
          zh: "数据源标识，与记录编号一起构成稳定身份（重复导入时更新而不重复）",
          en: "source id; with the record id it forms the stable identity, so re-imports update")),
      ParameterSpec(
        "columns", .map(.text), required: true,
        doc: LocalizedText(
          zh: "字段 → 文件列名。字段：\(Field.allNames.joined(separator: ", "))，以及 attr.<名称>",
          en: "field → column header. Fields: \(Field.allNames.joined(separator: ", ")), and attr.<name>")),
      ParameterSpec(
        "constants", .map(.text),
        doc: LocalizedText(
          zh: "对所有记录固定取值的字段，如 channel: national_programme",
          en: "fields fixed for every record, e.g. channel: national_programme")),
      ParameterSpec(
        "format", .choice(["auto", "csv", "json"]), default: "auto",
        doc: LocalizedText(zh: "文件格式；auto 按扩展名判断", en: "file format; auto decides by extension")),
      ParameterSpec(
        "separator", .string(maxLength: 1), default: ",", doc: LocalizedText(zh: "CSV 分隔符", en: "CSV separator")),
      ParameterSpec(
        "mode", .choice(["upsert", "update_only"]), default: "upsert",
        doc: LocalizedText(
          zh: "upsert：新增并更新；update_only：只更新项目库中已有记录（如专家评估）",
          en: "upsert: add and update; update_only: only update known records (expert assessments)")),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "null_values", .list(.text), default: "[\"\", \"-\", \"无\"]",
        doc: LocalizedText(zh: "视为空值的单元格内容", en: "cell texts that mean “no value”")),
      ParameterSpec(
        "list_separators", .text, default: ";；、",
        doc: LocalizedText(
          zh: "多值字段（团队、知识产权、转化方式）的分隔字符", en: "characters separating items of list fields (team, ip, transfer modes)")),
    ],
    example: """
      - plugin: torch.csv_intake
        name: 国家重点研发计划2018
        with:
          file: data/nkrdp-projects-2018.csv
          source: nkrdp-2018
          columns: {id: project_no, title: title, institution: institution, field: programme, year: year, funds: funds_wan_yuan}
          constants: {channel: national_programme, confidentiality: cleared}
          null_values: ["", "*"]
          on_bad_row: skip
      """)

  /// The achievement fields a column can map to.
  enum Field: String, CaseIterable {
    case id, title, summary, institution, team, field, trl, prospect, province, region, channel
    case transferModes = "transfer_modes"
    case ip, confidentiality, year, funds

    static var allNames: [String] { allCases.map(\.rawValue) }

    /// The field's place in ``Values``.
    var slot: Int {
      switch self {
      case .id: 0
      case .title: 1
      case .summary: 2
      case .institution: 3
      case .team: 4
      case .field: 5
      case .trl: 6
      case .prospect: 7
      case .province: 8
      case .region: 9
      case .channel: 10
      case .transferModes: 11
      case .ip: 12
      case .confidentiality: 13
      case .year: 14
      case .funds: 15
      }
    }
  }

  /// One cell's text, with the column it came from (0 for a constant) and its header.
  struct Cell {
    var value: String
    var column: Int
    var header: String?
  }

  /// A row's values by field: a fixed slot per ``Field``, and the `attr.` fields in mapping order.
  struct Values {
    var slots = [Cell?](repeating: nil, count: Field.allCases.count)
    var attributes: [(name: String, cell: Cell)] = []

    subscript(field: Field) -> Cell? {
      get { slots[field.slot] }
      set { slots[field.slot] = newValue }
    }

    /// The cell of a mapped field, a known one or `attr.<name>`.
    subscript(name: String) -> Cell? {
      if let field = Field(rawValue: name) { return self[field] }
      return attributes.first { $0.name == name }?.cell
    }

    mutating func set(_ name: String, _ cell: Cell) {
      if let field = Field(rawValue: name) {
        self[field] = cell
      } else if let index = attributes.firstIndex(where: { $0.name == name }) {
        attributes[index].cell = cell
      } else {
        attributes.append((name, cell))
      }
    }
  }

  /// A mapped field resolved once per file: the field's slot (or its `attr.` name) and the
  /// header it reads.
  struct Mapped {
    var field: Field?
    var name: String
    var header: String
  }

  let file: URL
  let displayName: String
  let source: String
  let columns: [(field: String, header: String)]
  let constants: [(field: String, value: String)]
  let json: Bool
  let separator: Character
  let encoding: CSVEncoding
  let mode: IntakeBatch.Mode
  let skipBadRows: Bool
  let nullValues: Set<String>
  /// ``nullValues`` as a list, for ``isNull(_:)``.
  let nullList: [String]
  let listSeparators: Set<Character>

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    guard let file = p.url("file"), let fileText = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少数据文件", en: "data file is missing"), code: .missingKey)
      ])
    }
    self.file = file
    self.displayName = fileText
    self.source = p.string("source") ?? ""
    self.columns = p.pairs("columns").map { ($0.key, $0.value) }
    self.constants = p.pairs("constants").map { ($0.key, $0.value) }
    let format = p.string("format") ?? "auto"
    self.json = format == "json" || (format == "auto" && file.pathExtension.lowercased() == "json")
    self.separator = p.string("separator")?.first ?? ","
    self.mode = p.string("mode") == "update_only" ? .updateOnly : .upsert
    self.skipBadRows = p.badRowPolicy == .skip
    self.encoding = p.csvEncoding
    self.nullValues = Set(p.strings("null_values").map { $0.trimmingCharacters(in: .whitespaces) })
    self.nullList = Array(nullValues)
    self.listSeparators = Set(p.string("list_separators") ?? ";；、")

    if source.isEmpty || source.contains(":") {
      problems.append(
        p.problem(
          "source", LocalizedText(zh: "数据源标识不能为空且不能含冒号", en: "source id must be non-empty and contain no colon")))
    }
    let mapNode = p.node?["columns"]
    for entry in mapNode?.entries ?? [] {
      if Field(rawValue: entry.key) == nil && !entry.key.hasPrefix("attr.") {
        problems.append(
          Diagnostic(
            .unknownKey, at: entry.keyLocation, keyPath: p.keyPath(of: "columns") + ".\(entry.key)",
            message: LocalizedText(
              zh: "未知的字段；可用：\(Field.allNames.joined(separator: ", "))，或 attr.<名称>",
              en: "unknown field; valid: \(Field.allNames.joined(separator: ", ")), or attr.<name>"),
            suggestion: Suggestions.nearest(to: entry.key, in: Field.allNames)))
      }
    }
    if mode == .upsert && !columns.contains(where: { $0.field == "title" }) {
      problems.append(
        p.problem(
          "columns",
          LocalizedText(zh: "新增记录须映射 title 列", en: "the column mapping must map `title` when adding records"),
          code: .missingKey))
    }
    for entry in p.node?["constants"]?.entries ?? [] {
      let name = entry.key
      let path = p.keyPath(of: "constants") + ".\(name)"
      guard Field(rawValue: name) != nil || name.hasPrefix("attr.") else {
        problems.append(
          Diagnostic(
            .unknownKey, at: entry.keyLocation, keyPath: path,
            message: LocalizedText(zh: "未知的字段", en: "unknown field"),
            suggestion: Suggestions.nearest(to: name, in: Field.allNames)))
        continue
      }
      if let value = entry.value.scalar, let message = Self.checkConstant(name, value) {
        problems.append(Diagnostic(.invalidValue, at: entry.value.location, keyPath: path, message: message))
      }
    }
    // Every mapped header must exist in the file: a typo here would silently empty a field.
    if !json, problems.isEmpty, let table = p.csvHeader("file", separator: separator, problems: &problems) {
      for entry in mapNode?.entries ?? [] {
        guard let header = entry.value.scalar, table.column(header) == nil else { continue }
        problems.append(
          table.missingColumn(header, at: entry.value.location, keyPath: p.keyPath(of: "columns") + ".\(entry.key)"))
      }
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  static func checkConstant(_ field: String, _ value: String) -> LocalizedText? {
    switch field {
    case "channel" where IntakeChannel(rawValue: value) == nil:
      return LocalizedText(
        zh: "渠道应为：\(IntakeChannel.allCases.map(\.rawValue).joined(separator: ", "))",
        en: "channel must be one of: \(IntakeChannel.allCases.map(\.rawValue).joined(separator: ", "))")
    case "confidentiality" where Confidentiality(rawValue: value) == nil:
      return LocalizedText(
        zh: "保密状态应为：cleared, pending, restricted", en: "confidentiality must be one of: cleared, pending, restricted")
    case "province" where Province.parse(value) == nil:
      return Province.problem(value).message
    case "region" where Region(name: value) == nil:
      return Region.problem(value).message
    default:
      return nil
    }
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    var unreadable: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var records: [Achievement] = []
    var problems: [Diagnostic] = []
    var seen: [String: Int] = [:]
    var rowCount = 0
    // Each row becomes a record as it is read: the rows are not all held a second time.
    func take(_ result: Result<Achievement, Diagnostic>, line: Int, number: Int) {
      rowCount += 1
      switch result {
      case .success(let record):
        if let first = seen[record.id.rawValue] {
          problems.append(
            Diagnostic(
              .badRow, at: SourceLocation(file: displayName, line: line, column: 1), keyPath: "",
              message: LocalizedText(
                zh: "第 \(number) 行：编号 \(record.id) 与第 \(first) 行重复",
                en: "row \(number): id \(record.id) repeats row \(first)")))
          return
        }
        seen[record.id.rawValue] = number
        records.append(record)
      case .failure(let diagnostic):
        problems.append(diagnostic)
      }
    }
    if json {
      for row in try readJSON() {
        let cells = row.1
        let values = rowValues { header in cells[header].map { ($0.value, $0.column) } }
        let result = makeRecord(values, line: row.0.0, number: row.0.1) { cells[$0]?.column }
        take(result, line: row.0.0, number: row.0.1)
      }
    } else {
      var table = try CSVTable.read(
        file, displayName: displayName, separator: separator, encoding: encoding,
        onBadRow: skipBadRows ? .skip : .stop)
      unreadable = table.skippedRows
      warnings = table.warnings
      let rowTotal = table.rows.count
      records.reserveCapacity(rowTotal)
      seen.reserveCapacity(rowTotal)
      // The mapping is resolved once per file: each mapped field's column (the last of that
      // header); each row is then read by index into fixed slots, with no per-row lookup by name.
      let place = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { _, last in last })
      let plan = columns.compactMap { column -> (mapped: Mapped, index: Int)? in
        guard let index = place[column.header] else { return nil }
        return (Mapped(field: Field(rawValue: column.field), name: column.field, header: column.header), index)
      }
      let base = constantValues()
      // Rows become records in chunks side by side (a national list is 100,000s of rows), on
      // every core; the results are then taken in file order, so duplicates and problems read as
      // before. Each chunk's rows are handed to the task that reads them and let go when its
      // records are made: the parsed rows and the records are not all held at once.
      let chunkCount = rowTotal >= 20_000 ? min(64, max(2, rowTotal / 25_000)) : 1
      let chunkSize = max(1, (rowTotal + chunkCount - 1) / chunkCount)
      let pending = RowChunks(
        stride(from: 0, to: rowTotal, by: chunkSize).map { Array(table.rows[$0..<min($0 + chunkSize, rowTotal)]) })
      table.rows = []
      // A chunk's records, its bad rows by position in the chunk, and each row's line and
      // number: a record is one reference, a problem is large, so a national list's results
      // are not held as `Result`s.
      typealias Built = (records: [Achievement?], problems: [Int: Diagnostic], places: [(line: Int, number: Int)])
      let build = { @Sendable (chunk: Int) -> Built in
        let rows = pending.take(chunk)
        var built: Built = ([], [:], [])
        built.records.reserveCapacity(rows.count)
        built.places.reserveCapacity(rows.count)
        // A column with few distinct values (institution, field, province…) gives every record
        // the same string for the same text, not a copy per row: a national list names a few
        // hundred institutions a million times. Ids, titles and summaries are not kept.
        var shared = [[UTF8Key: String]](repeating: [:], count: plan.count)
        for (position, row) in rows.enumerated() {
          var values = base
          let fields = row.fields
          for (slot, (mapped, index)) in plan.enumerated() {
            var trimmed = (index < fields.count ? fields[index] : "").trimmingWhitespace()
            if isNull(trimmed) { continue }
            if mapped.field.map(Self.sharesValues) ?? true {
              if let known = shared[slot][UTF8Key(trimmed)] {
                trimmed = known
              } else if shared[slot].count < Self.sharedValuesPerColumn {
                shared[slot][UTF8Key(trimmed)] = trimmed
              }
            }
            let cell = Cell(value: trimmed, column: index + 1, header: mapped.header)
            if let field = mapped.field { values[field] = cell } else { values.set(mapped.name, cell) }
          }
          built.places.append((row.line, row.number))
          switch makeRecord(values, line: row.line, number: row.number, column: { place[$0].map { $0 + 1 } }) {
          case .success(let record): built.records.append(record)
          case .failure(let problem):
            built.records.append(nil)
            built.problems[position] = problem
          }
        }
        return built
      }
      var chunks = [Built](repeating: ([], [:], []), count: pending.count)
      if pending.count == 1 {
        chunks[0] = build(0)
      } else {
        await withTaskGroup(of: (Int, Built).self) { group in
          for chunk in 0..<pending.count { group.addTask { (chunk, build(chunk)) } }
          for await (chunk, built) in group { chunks[chunk] = built }
        }
      }
      for chunk in chunks.indices {
        for (position, record) in chunks[chunk].records.enumerated() {
          let (line, number) = chunks[chunk].places[position]
          if let record {
            take(.success(record), line: line, number: number)
          } else if let problem = chunks[chunk].problems[position] {
            take(.failure(problem), line: line, number: number)
          }
        }
        chunks[chunk] = ([], [:], [])
      }
    }
    problems = unreadable + problems
    if !problems.isEmpty && !skipBadRows { throw DataError(problems) }
    return IntakeBatch(
      records: records, mode: mode, skipped: problems, rowsRead: rowCount + unreadable.count, warnings: warnings)
  }

  private func readJSON() throws -> [((Int, Int), SmallMap)] {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
    } catch {
      throw DataError([
        Diagnostic(
          .badRow, at: SourceLocation(file: displayName, line: 1, column: 1), keyPath: "",
          message: LocalizedText(
            zh: "无法解析 JSON：\(error.localizedDescription)", en: "cannot parse JSON: \(error.localizedDescription)"))
      ])
    }
    guard let array = object as? [Any] else {
      throw DataError([
        Diagnostic(
          .badRow, at: SourceLocation(file: displayName, line: 1, column: 1), keyPath: "",
          message: LocalizedText(zh: "JSON 文件应为对象数组", en: "the JSON file must be an array of objects"))
      ])
    }
    return array.enumerated().map { index, element in
      var cells = SmallMap()
      for (header, value) in (element as? [String: Any]) ?? [:] {
        let text: String
        switch value {
        case let string as String: text = string
        case let number as NSNumber: text = number.stringValue
        case let list as [Any]: text = list.map { "\($0)" }.joined(separator: ";")
        case is NSNull: text = ""
        default: text = "\(value)"
        }
        cells[header] = (text, 1, nil)
      }
      return ((1, index + 1), cells)
    }
  }

  /// The constants as a row's starting values.
  private func constantValues() -> Values {
    var values = Values()
    for (field, value) in constants { values.set(field, Cell(value: value, column: 0, header: nil)) }
    return values
  }

  /// A row's values: the constants, then every mapped cell `cell(header)` gives (value and
  /// column), trimmed, unless it is a null value.
  private func rowValues(_ cell: (String) -> (String, Int)?) -> Values {
    var values = constantValues()
    for (field, header) in columns {
      guard let (value, column) = cell(header) else { continue }
      let trimmed = value.trimmingWhitespace()
      if isNull(trimmed) { continue }
      values.set(field, Cell(value: trimmed, column: column, header: header))
    }
    return values
  }

  /// The record of a row's `values`; `column(header)` gives the column of a mapped header in
  /// the row (for a problem with a field whose cell was null).
  /// Whether a field's values repeat across a list (institution, field, province…): they are
  /// then shared between records. Ids, titles and summaries are one per record.
  static func sharesValues(_ field: Field) -> Bool {
    switch field {
    case .id, .title, .summary: false
    default: true
    }
  }

  /// How many distinct values of a column are shared before the column is taken as one of
  /// mostly distinct values (its further values are kept as read).
  static let sharedValuesPerColumn = 4_096

  private func makeRecord(_ values: Values, line: Int, number: Int, column cellColumn: (String) -> Int?) -> Result<
    Achievement, Diagnostic
  > {
    func bad(_ field: String, _ zh: String, _ en: String) -> Result<Achievement, Diagnostic> {
      let mapped = columns.first(where: { $0.field == field })?.header
      let column = values[field]?.column ?? mapped.flatMap { cellColumn($0) } ?? 1
      let header = values[field]?.header ?? mapped ?? field
      return .failure(
        Diagnostic.badRow(
          file: displayName, line: line, row: number, column: max(column, 1), header: header,
          LocalizedText(zh: zh, en: en)))
    }
    let title = values[Field.title]?.value ?? ""
    if title.isEmpty && mode == .upsert {
      return bad("title", "成果名称为空", "title is empty")
    }
    if mode == .updateOnly && values[Field.id] == nil {
      return bad("id", "仅更新模式下每行必须有编号", "in update-only mode every row needs an id")
    }
    let externalID =
      values[Field.id]?.value ?? AchievementID.fingerprint(title: title, institution: values[Field.institution]?.value)
    var record = Achievement(id: AchievementID(source: source, externalID: externalID), title: title)
    record.summary = values[Field.summary]?.value
    record.institution = values[Field.institution]?.value
    record.team = split(values[Field.team]?.value)
    record.field = values[Field.field]?.value
    if let text = values[Field.trl]?.value {
      guard let readiness = TechnologyReadiness(text: text) else {
        return bad("trl", "技术成熟度应为 1–9 或“未知”，实际为 `\(text)`", "TRL must be 1–9 or unknown, got `\(text)`")
      }
      record.readiness = readiness
    }
    if let text = values[Field.prospect]?.value {
      guard let value = Double(text), (0...100).contains(value) else {
        return bad("prospect", "产业化前景应为 0–100 的数值，实际为 `\(text)`", "prospect must be a number 0–100, got `\(text)`")
      }
      record.prospect = value
    }
    if let text = values[Field.province]?.value {
      guard let province = Province.parse(text) else {
        let problem = Province.problem(text)
        let hint = problem.suggestion.map { LocalizedText(zh: "（是否想写 `\($0)`？）", en: " (did you mean `\($0)`?)") }
        return bad("province", problem.message.zh + (hint?.zh ?? ""), problem.message.en + (hint?.en ?? ""))
      }
      record.province = province
    }
    if let text = values[Field.region]?.value {
      guard let region = Region(name: text) else {
        let problem = Region.problem(text)
        let hint = problem.suggestion.map { LocalizedText(zh: "（是否想写 `\($0)`？）", en: " (did you mean `\($0)`?)") }
        return bad("region", problem.message.zh + (hint?.zh ?? ""), problem.message.en + (hint?.en ?? ""))
      }
      record.region = region
    }
    if let text = values[Field.channel]?.value {
      guard let channel = IntakeChannel(rawValue: text) else {
        return bad("channel", "无法识别的征集渠道 `\(text)`", "unknown intake channel `\(text)`")
      }
      record.channel = channel
    }
    for item in split(values[Field.transferModes]?.value) {
      guard let mode = TransferMode(text: item) else {
        return bad("transfer_modes", "无法识别的转化方式 `\(item)`", "unknown transfer mode `\(item)`")
      }
      record.transferModes.append(mode)
    }
    record.intellectualProperty = split(values[Field.ip]?.value)
    if let text = values[Field.confidentiality]?.value {
      guard let status = Confidentiality(text: text) else {
        return bad("confidentiality", "无法识别的保密状态 `\(text)`", "unknown confidentiality status `\(text)`")
      }
      record.confidentiality = status
    }
    if let text = values[Field.year]?.value {
      guard let year = Int(text), (1949...2100).contains(year) else {
        return bad("year", "年份应为整数，实际为 `\(text)`", "year must be a whole number, got `\(text)`")
      }
      record.year = year
    }
    if let text = values[Field.funds]?.value {
      let digits = text.utf8.contains(UInt8(ascii: ",")) ? text.replacingOccurrences(of: ",", with: "") : text
      guard let funds = Double(digits), funds >= 0 else {
        return bad(
          "funds", "经费应为非负数值（万元），实际为 `\(text)`", "funds must be a non-negative number (10,000 yuan), got `\(text)`")
      }
      record.fundingWanYuan = funds
    }
    for (field, cell) in values.attributes where field.hasPrefix("attr.") {
      record.attributes[String(field.dropFirst(5))] = cell.value
    }
    return .success(record)
  }

  /// Whether `text` is one of the null values. A few are compared one by one: hashing a Chinese
  /// cell for the set would normalise it first, row after row.
  private func isNull(_ text: String) -> Bool {
    nullList.count <= 8 ? nullList.contains { $0 == text } : nullValues.contains(text)
  }

  private func split(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(whereSeparator: { listSeparators.contains($0) })
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }
}

/// A handful of named values looked up by a linear scan: for the few columns of one row, cheaper
/// than hashing every name in a dictionary, row after row.
struct SmallMap {
  typealias Value = (value: String, column: Int, header: String?)
  private(set) var entries: [(key: String, value: Value)] = []

  subscript(key: String) -> Value? {
    get { entries.first { $0.key == key }?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }
}

/// The rows of a file in chunks, each taken once by the task that reads it (and then held by
/// that task alone, so that its rows are let go as soon as the task is done with them).
final class RowChunks: @unchecked Sendable {
  private let lock = NSLock()
  private var chunks: [[CSVTable.Row]]

  init(_ chunks: [[CSVTable.Row]]) { self.chunks = chunks }

  /// How many chunks there are.
  var count: Int { lock.withLock { chunks.count } }

  /// Chunk `index`'s rows; the chunk is empty afterwards.
  func take(_ index: Int) -> [CSVTable.Row] {
    lock.withLock {
      let rows = chunks[index]
      chunks[index] = []
      return rows
    }
  }
}
