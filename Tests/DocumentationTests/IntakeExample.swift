import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of WritingAnIntakeSource.md.

/// Intake (征集): an expert assessment sheet, one row per achievement already in the library,
/// giving its technology readiness level.
public struct ExpertSheet: IntakeSource {
  static let columns = CSVColumns([
    ("id", "编号", LocalizedText(zh: "成果编号", en: "the achievement's id in its source")),
    ("trl", "技术成熟度", LocalizedText(zh: "技术成熟度（1–9）", en: "technology readiness level (1–9)")),
  ])

  public static let description = PluginDescription(
    id: "local.expert_sheet", kind: .intake, track: "local",
    summary: LocalizedText(zh: "读取专家评估表中的技术成熟度", en: "reads technology readiness from an expert sheet"),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "评估表（CSV）", en: "the sheet (CSV)")),
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(zh: "被评估记录所属的来源", en: "the source of the records assessed")),
      columns.parameter(), .encoding, .onBadRow,
    ],
    example: """
      - plugin: local.expert_sheet
        with:
          file: data/expert-assessments.csv
          source: nkrdp-2018
          columns: {id: project_no, trl: trl}
      """)

  let parameters: ParameterValues
  let source: String
  let headers: [String: String]

  public init(parameters p: ParameterValues) throws {
    parameters = p
    source = p.string("source") ?? ""
    headers = Self.columns.headers(in: p)
    // What the schema cannot check: the file has the columns the config names.
    let problems = p.missingColumns(inFile: "file", keys: ["id", "trl"], headers: headers, columnsKey: "columns")
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let table = try parameters.readCSV("file")
    let index = table.columnIndices(headers)
    var records: [Achievement] = []
    var skipped = try table.applying(parameters.badRowPolicy)
    for row in table.rows {
      let id = row.cell(index["id"])
      guard !id.isEmpty else { continue }
      let cell = row.cell(index["trl"])
      guard let readiness = cell.isEmpty ? .unknown : TechnologyReadiness(text: cell) else {
        let problem = table.badRow(
          row, column: index["trl"], LocalizedText(zh: "无法识别的技术成熟度：\(cell)", en: "not a TRL: \(cell)"))
        if parameters.badRowPolicy == .stop { throw DataError([problem]) }
        skipped.append(problem)
        continue
      }
      records.append(Achievement(id: AchievementID(source: source, externalID: id), title: "", readiness: readiness))
    }
    return IntakeBatch(
      records: records, mode: .updateOnly, skipped: skipped, rowsRead: table.rows.count + table.malformed.count,
      warnings: table.warnings)
  }
}

@Suite struct IntakeExampleTests {
  @Test func readsTheSampleSheetAsUpdatesToKnownRecords() async throws {
    let intake = try ExpertSheet(yaml: ExpertSheet.description.example, baseDirectory: samples)
    let batch = try await intake.collect(in: PipelineContext())
    #expect(batch.mode == .updateOnly)
    #expect(batch.records.first?.id == AchievementID("nkrdp-2018:2018YFB1004000"))
    #expect(batch.records.first?.readiness == .level(7))
  }

  @Test func aColumnTheFileLacksIsAConfigError() throws {
    let error = #expect(throws: ConfigurationError.self) {
      try ExpertSheet(
        yaml: "file: data/expert-assessments.csv\nsource: nkrdp-2018\ncolumns: {id: project_no, trl: TRL}",
        baseDirectory: samples)
    }
    #expect(error?.diagnostics.first?.keyPath == "with.columns.trl")
    #expect(error?.diagnostics.first?.suggestion == "trl")
  }
}
