import Foundation
import RoadshowKernel

/// Researchers' self-recommendation (科研人员自主推荐): teachers and students who want to found a
/// company on their achievement fill in a form (遴选有意愿携带突破性科技成果参与创业的老师和学生,
/// 002 §二（二）2). Every record comes in on the `self_recommendation` channel.
///
/// The form's columns have Chinese default headers and can be renamed. The recommender's
/// university, the achievement's title and the founders' commitment are required; a holder that
/// is not a university, or a value that cannot be read, is a bad row at its file, row and column.
public struct SelfRecommendationIntake: IntakeSource {
  /// The form's fields with their default headers, required ones first.
  static let form: [(field: MappedField, header: String, required: Bool, zh: String, en: String)] = [
    (.id, "编号", true, "自荐编号", "form number"),
    (.title, "成果名称", true, "成果名称", "title of the achievement"),
    (.institution, "所在高校", true, "所在高校", "the recommender's university"),
    (.founder, "创业意愿", true, "创业意愿（全职/兼职/顾问/无）", "founder commitment (full_time/part_time/advisor/none)"),
    (.founderRole, "创业者身份", false, "创业者身份（教师/学生/师生）", "who founds (teacher/student/both)"),
    (.summary, "成果简介", false, "成果简介", "summary"),
    (.team, "团队成员", false, "团队成员及分工（分号分隔）", "team members and roles (semicolon-separated)"),
    (.field, "领域", false, "产业领域", "industry field"),
    (.trl, "技术成熟度", false, "技术成熟度（1–9）", "TRL (1–9)"),
    (.prospect, "市场前景", false, "市场前景（0–100，可由技术转移机构评估）", "market prospect (0–100)"),
    (.rights, "赋权情况", false, "赋权情况（无/所有权/长期使用权）", "researchers' rights (none/ownership/long_term_use)"),
    (.authorised, "单位授权谈判", false, "学校是否授权技术转移机构谈判（是/否）", "office authorised to negotiate (yes/no)"),
    (.ip, "知识产权", false, "知识产权（分号分隔）", "intellectual property (semicolon-separated)"),
    (.province, "省份", false, "所在省份", "province"),
  ]

  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.self_recommendation", kind: .intake, track: "university",
    title: LocalizedText(zh: "自荐征集", en: "Self-recommendations"),
    summary: LocalizedText(
      zh: "征集高校教师、学生携带成果创业的自荐表（渠道：科研人员自主推荐；非高校单位为坏行）",
      en:
        "Reads self-recommendations of university teachers and students who want to found a company (self-recommendation channel)"
    ),
    parameters: [
      ParameterSpec("file", .file, required: true, doc: LocalizedText(zh: "自荐表（CSV）", en: "the forms (CSV)")),
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(
          zh: "自荐批次标识，与自荐编号一起构成稳定身份", en: "batch id; with the form number it forms the stable identity")),
      ParameterSpec(
        "columns",
        .object(
          form.map { item in
            ParameterSpec(
              item.field.rawValue, .text, default: item.header,
              doc: LocalizedText(
                zh: "\(item.zh)列\(item.required ? "（必填）" : "（文件中没有该列时忽略）")",
                en: "\(item.en) column\(item.required ? " (required)" : " (ignored when the file lacks it)")"))
          }),
        doc: LocalizedText(zh: "自荐表的列名（默认为中文表头）", en: "column headers of the form (Chinese defaults)")),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "null_values", .list(.text), default: "[\"\", \"-\"]",
        doc: LocalizedText(zh: "视为空值的单元格内容", en: "cell texts that mean “no value”")),
    ],
    example: """
      - plugin: university.self_recommendation
        name: 师生创业自荐
        with:
          file: university-spinoff/data/self-recommendations.csv
          source: self-2024
          on_bad_row: stop
      """)

  let reader: MappedRecords
  let skipBadRows: Bool

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  public init(parameters p: ParameterValues) throws {
    guard let file = p.url("file"), let fileName = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少自荐表", en: "the forms file is missing"), code: .missingKey)
      ])
    }
    let source = p.string("source") ?? ""
    var problems: [Diagnostic] = []
    if source.isEmpty || source.contains(":") {
      problems.append(
        p.problem(
          "source", LocalizedText(zh: "批次标识不能为空且不能含冒号", en: "batch id must be non-empty and contain no colon")))
    }
    let names = p.object("columns")
    guard let table = p.csvHeader("file", problems: &problems) else {
      if problems.isEmpty {
        problems.append(
          p.problem(
            "file", LocalizedText(zh: "无法读取自荐表 \(fileName)", en: "cannot read the forms file \(fileName)"),
            code: .missingFile))
      }
      throw PluginSetupError(problems)
    }
    var columns: [(field: String, header: String)] = []
    for item in Self.form {
      let header = names?.string(item.field.rawValue) ?? item.header
      if table.column(header) != nil {
        columns.append((item.field.rawValue, header))
      } else if item.required || names?.contains(item.field.rawValue) == true {
        problems.append(
          Diagnostic(
            .invalidValue, at: names?.location(of: item.field.rawValue) ?? p.location(of: "file"),
            keyPath: p.keyPath(of: "columns") + ".\(item.field.rawValue)",
            message: LocalizedText(
              zh: "自荐表 \(fileName) 中没有列 `\(header)`（\(item.zh)）；文件的列：\(table.header.joined(separator: ", "))",
              en:
                "forms file \(fileName) has no column `\(header)` (\(item.en)); its columns: \(table.header.joined(separator: ", "))"
            ),
            suggestion: Suggestions.nearest(to: header, in: table.header)))
      }
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
    reader = MappedRecords(
      file: file, displayName: fileName, source: source, columns: columns,
      constants: [(field: "channel", value: IntakeChannel.selfRecommendation.rawValue)], separator: ",",
      mode: .upsert,
      nullValues: Set(p.strings("null_values", otherwise: ["", "-"]).map { $0.trimmingCharacters(in: .whitespaces) }),
      listSeparators: Set(";；、"), encoding: p.csvEncoding, onBadRow: p.badRowPolicy)
    skipBadRows = p.badRowPolicy == .skip
  }

  /// Reads the file; bad rows stop the run or are skipped and counted, as `on_bad_row` says.
  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let result = try reader.read { record in
      guard let institution = record.institution, !institution.isEmpty else {
        return .refuse(field: "institution", zh: "所在高校为空", en: "the university is empty")
      }
      guard HolderKind.isUniversity(institution) else {
        return .refuse(
          field: "institution", zh: "所在单位「\(institution)」不是高校：自荐限高校教师和学生",
          en: "“\(institution)” is not a university; self-recommendation is for university teachers and students")
      }
      guard record.attributes[SpinoffAttribute.founder] != nil else {
        return .refuse(field: "founder", zh: "创业意愿未填写", en: "founder commitment is empty")
      }
      return .take
    }
    if !result.problems.isEmpty && !skipBadRows { throw DataError(result.problems) }
    context.report(
      .intake,
      LocalizedText(
        zh: "自荐 \(result.rowsRead) 份：收入 \(result.records.count) 份，坏行 \(result.problems.count) 行",
        en: "\(result.rowsRead) forms: \(result.records.count) taken, \(result.problems.count) bad rows"))
    return IntakeBatch(
      records: result.records, mode: .upsert, skipped: result.problems, rowsRead: result.rowsRead,
      warnings: result.warnings)
  }
}
