import Foundation
import RoadshowKernel

/// The demand side of "进园入县": national agricultural S&T parks (国家农业科技园区) and
/// agricultural leading enterprises (农业产业化龙头企业), read as participants by province.
///
/// Parks become participants with role `park`; enterprises role `enterprise`, their served
/// industry inferred from the name by the classifier's industry rules (`种业`, `畜牧业`…) so that
/// matching and invitations can use it. An enterprise listed in several years is one participant
/// (its latest year kept). A row with an empty name or an unknown province is a bad row.
public struct ParksAndFirmsIntake: IntakeSource {
  public static let description = PluginDescription(
    id: "agriculture.parks_and_firms", kind: .intake, track: "agriculture",
    title: LocalizedText(zh: "园区与龙头企业名单", en: "Parks and leading firms"),
    summary: LocalizedText(
      zh: "读取国家农业科技园区名单和农业产业化龙头企业名单，作为按省份分布的需求方",
      en:
        "Reads the national agricultural S&T parks and the agricultural leading enterprises as demand-side participants by province"
    ),
    parameters: [
      ParameterSpec(
        "parks", .file,
        doc: LocalizedText(
          zh: "农业科技园区名单（CSV：batch, name, province）", en: "agricultural S&T parks (CSV: batch, name, province)")),
      ParameterSpec(
        "firms", .file,
        doc: LocalizedText(
          zh: "农业产业化龙头企业名单（CSV：year, name, province）",
          en: "agricultural leading enterprises (CSV: year, name, province)")),
      ParameterSpec(
        "columns",
        .object([
          ParameterSpec("name", .text, default: "name", doc: LocalizedText(zh: "名称列", en: "name column")),
          ParameterSpec("province", .text, default: "province", doc: LocalizedText(zh: "省份列", en: "province column")),
          ParameterSpec("batch", .text, default: "batch", doc: LocalizedText(zh: "园区批次列", en: "park batch column")),
          ParameterSpec(
            "year", .text, default: "year", doc: LocalizedText(zh: "企业名单年份列", en: "enterprise list year column")),
        ]), doc: LocalizedText(zh: "两个文件的列名", en: "column names of both files")),
      ParameterSpec(
        "firm_years", .list(.integer(1990...2100)),
        doc: LocalizedText(zh: "只读取这些年份的龙头企业名单（默认全部）", en: "only these years of the enterprise lists (default: all)")),
      ParameterSpec(
        "provinces", .list(.text),
        doc: LocalizedText(zh: "只读取这些省份（默认全部）", en: "only these provinces (default: all)")),
      .onBadRow,
      .encoding,
    ],
    example: """
      - plugin: agriculture.parks_and_firms
        name: 园区与龙头企业
        with:
          parks: agri-parks-counties/data/agri-parks.csv
          firms: agri-parks-counties/data/agri-leading-firms.csv
          firm_years: [2023, 2025]
      """)

  let parks: (url: URL, name: String)?
  let firms: (url: URL, name: String)?
  let nameColumn: String
  let provinceColumn: String
  let batchColumn: String
  let yearColumn: String
  let years: Set<Int>
  let provinces: Set<String>
  let skipBadRows: Bool
  let encoding: CSVEncoding

  public init(parameters p: ParameterValues) throws {
    parks = p.url("parks").flatMap { url in p.string("parks").map { (url, $0) } }
    firms = p.url("firms").flatMap { url in p.string("firms").map { (url, $0) } }
    let c = p.object("columns")
    nameColumn = c?.string("name") ?? "name"
    provinceColumn = c?.string("province") ?? "province"
    batchColumn = c?.string("batch") ?? "batch"
    yearColumn = c?.string("year") ?? "year"
    years = Set(p.strings("firm_years").compactMap { Int($0) })
    skipBadRows = p.badRowPolicy == .skip
    encoding = p.csvEncoding
    let listed = p.provinces("provinces")
    var problems = listed.problems
    provinces = Set(listed.values)
    if parks == nil && firms == nil {
      problems.append(
        Diagnostic(
          .missingKey, at: p.node?.location ?? p.entryLocation, keyPath: p.keyPath,
          message: LocalizedText(zh: "至少需要 parks 或 firms 之一", en: "give at least one of `parks` or `firms`")))
    }
    for fileKey in ["parks", "firms"] {
      problems += p.missingColumns(
        inFile: fileKey, required: [("name", nameColumn), ("province", provinceColumn)], columnsKey: "columns")
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    var participants: [Participant] = []
    var problems: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var rows = 0
    let classifier = AgriClassifier()
    if let parks {
      let data = try CSVTable.read(
        parks.url, displayName: parks.name, encoding: encoding, onBadRow: skipBadRows ? .skip : .stop)
      rows += data.rows.count + data.malformed.count
      problems += data.skippedRows
      warnings += data.warnings
      let name = data.column(nameColumn)
      let province = data.column(provinceColumn)
      let batch = data.column(batchColumn)
      var seen: Set<String> = []
      for row in data.rows {
        switch read(row, data: data, name: name, province: province) {
        case .failure(let problem): problems.append(problem)
        case .success(let entry):
          guard provinces.isEmpty || provinces.contains(entry.province), seen.insert(entry.name).inserted else {
            continue
          }
          let batchText = row.cell(batch)
          participants.append(
            Participant(
              id: "park:\(entry.name)", name: entry.name, role: .park,
              organisation: batchText.isEmpty ? nil : "第\(Int(batchText).map(String.init) ?? batchText)批国家农业科技园区",
              province: entry.province))
        }
      }
    }
    if let firms {
      let data = try CSVTable.read(
        firms.url, displayName: firms.name, encoding: encoding, onBadRow: skipBadRows ? .skip : .stop)
      rows += data.rows.count + data.malformed.count
      problems += data.skippedRows
      warnings += data.warnings
      let name = data.column(nameColumn)
      let province = data.column(provinceColumn)
      let year = data.column(yearColumn)
      var latest: [String: (year: Int, participant: Participant)] = [:]
      var order: [String] = []
      for row in data.rows {
        let yearText = row.cell(year)
        let listYear = Int(yearText) ?? 0
        if year != nil, !yearText.isEmpty, Int(yearText) == nil {
          problems.append(
            data.badRow(
              row, column: year,
              LocalizedText(zh: "年份应为整数，实际为 `\(yearText)`", en: "year must be a whole number, got `\(yearText)`")))
          continue
        }
        if !years.isEmpty && !years.contains(listYear) { continue }
        switch read(row, data: data, name: name, province: province) {
        case .failure(let problem): problems.append(problem)
        case .success(let entry):
          guard provinces.isEmpty || provinces.contains(entry.province) else { continue }
          let industry = classifier.classify(title: entry.name, declaredInScope: true).value(.industry)
          let participant = Participant(
            id: "firm:\(entry.name)", name: entry.name, role: .enterprise,
            organisation: listYear > 0 ? "\(listYear)年农业产业化龙头企业" : "农业产业化龙头企业", province: entry.province,
            fields: industry.map { [$0] } ?? [])
          if let known = latest[entry.name] {
            if listYear >= known.year { latest[entry.name] = (listYear, participant) }
          } else {
            latest[entry.name] = (listYear, participant)
            order.append(entry.name)
          }
        }
      }
      participants += order.compactMap { latest[$0]?.participant }
    }
    if !problems.isEmpty && !skipBadRows { throw DataError(problems) }
    let parkCount = participants.filter { $0.role == .park }.count
    context.report(
      .intake,
      LocalizedText(
        zh: "农业科技园区 \(parkCount) 个，龙头企业 \(participants.count - parkCount) 家",
        en: "\(parkCount) agricultural S&T parks, \(participants.count - parkCount) leading enterprises"))
    return IntakeBatch(
      records: [], skipped: problems, participants: participants, rowsRead: rows, warnings: warnings)
  }

  private func read(_ row: CSVTable.Row, data: CSVTable, name: Int?, province: Int?) -> Result<
    (name: String, province: String), Diagnostic
  > {
    let nameText = row.cell(name)
    guard !nameText.isEmpty else {
      return .failure(data.badRow(row, column: name, LocalizedText(zh: "名称为空", en: "name is empty")))
    }
    let provinceText = row.cell(province)
    guard let normalized = Province.parse(provinceText) else {
      let problem = Province.problem(provinceText)
      return .failure(data.badRow(row, column: province, problem.message, suggestion: problem.suggestion))
    }
    return .success((nameText, normalized))
  }
}
