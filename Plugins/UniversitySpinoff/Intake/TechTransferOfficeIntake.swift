import Foundation
import RoadshowKernel

/// Intake from a university technology-transfer office's batch (高校技术转移机构批量报送): a CSV
/// with a column mapping like `torch.csv_intake`, plus the track's own fields — whether the office
/// is authorised to negotiate for the university and its researchers (授权谈判, 002 §二（二）1),
/// the rights the researchers hold (赋权: none / ownership / long_term_use), the founders'
/// commitment and who founds. Those land in ``Achievement/attributes`` under the keys of
/// ``SpinoffAttribute``.
///
/// Mixed lists (a national programme list with institutes and companies among the holders) are
/// narrowed to university holders, and optionally to the universities taking part in the action;
/// the rows left out are counted, not reported as errors. A bad cell is reported with file, row
/// and column, and `on_bad_row` decides whether it stops the run or is skipped and counted.
public struct TechTransferOfficeIntake: IntakeSource {
  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.tto_intake", kind: .intake, track: "university",
    title: LocalizedText(zh: "技术转移机构报送", en: "Tech-transfer office batch"),
    summary: LocalizedText(
      zh: "从高校技术转移机构报送的成果表征集（列映射可配置；含授权谈判、赋权、创业意愿字段；只收高校持有的成果）",
      en:
        "Reads a university tech-transfer office batch (mapped CSV with authorisation, researcher rights and founder commitment; university holders only)"
    ),
    parameters: [
      ParameterSpec(
        "file", .file, required: true, doc: LocalizedText(zh: "报送文件（CSV）", en: "the batch file (CSV)")),
      ParameterSpec(
        "source", .text, required: true,
        doc: LocalizedText(
          zh: "数据源标识，与成果编号一起构成稳定身份（重复报送时更新而不重复）",
          en: "source id; with the record id it forms the stable identity, so a batch sent again updates")),
      ParameterSpec(
        "columns", .map(.text), required: true,
        doc: LocalizedText(
          zh:
            "字段 → 文件列名。id 必填；新增记录还须 title。字段：\(MappedField.allNames.joined(separator: ", "))，以及 attr.<名称>。"
            + "authorised（授权谈判）取 是/否；rights（赋权）取 无/所有权/长期使用权；founder（创业意愿）取 全职/兼职/顾问/无；founder_role 取 教师/学生/师生",
          en:
            "field → column header. id is required, and title when adding records. Fields: \(MappedField.allNames.joined(separator: ", ")), and attr.<name>. "
            + "authorised takes yes/no; rights none/ownership/long_term_use; founder full_time/part_time/advisor/none; founder_role teacher/student/both"
        )),
      ParameterSpec(
        "constants", .map(.text),
        doc: LocalizedText(
          zh: "对所有记录固定取值的字段，如 office: 某大学技术转移中心；新增记录未指定渠道时为 open_call",
          en: "fields fixed for every record, e.g. office: …; added records without a channel get open_call")),
      ParameterSpec(
        "mode", .choice(["upsert", "update_only"]), default: "upsert",
        doc: LocalizedText(
          zh: "upsert：新增并更新；update_only：只更新项目库中已有记录（如补报赋权、授权信息）",
          en:
            "upsert: add and update; update_only: only update known records (e.g. rights and authorisation sent later)")
      ),
      ParameterSpec(
        "holders", .choice(["university", "any"]), default: "university",
        doc: LocalizedText(
          zh: "university：只收持有单位为高校的行（按单位名称后缀判断，如“大学”“学院”，不含“科学院”）；any：全部收入",
          en: "university: keep only rows held by a university (by the name's suffix: 大学, 学院, not 科学院); any: keep all")),
      ParameterSpec(
        "universities", .list(.text),
        doc: LocalizedText(
          zh: "参与行动的高校（约30所）；给出时只收这些高校（含其院系、校区）持有的成果",
          en:
            "universities taking part (about 30); when given, only their records (schools and campuses included) are kept"
        )),
      .onBadRow,
      .encoding,
      ParameterSpec(
        "null_values", .list(.text), default: "[\"\", \"-\"]",
        doc: LocalizedText(
          zh: "视为空值的单元格内容（注意：“无”在赋权、创业意愿列中是有效取值，默认不视为空）",
          en: "cell texts that mean “no value” (无 is a valid rights or commitment value, so it is not one by default)")),
      ParameterSpec(
        "separator", .string(maxLength: 1), default: ",", doc: LocalizedText(zh: "CSV 分隔符", en: "CSV separator")),
      ParameterSpec(
        "list_separators", .text, default: ";；、",
        doc: LocalizedText(
          zh: "多值字段（团队、知识产权、转化方式）的分隔字符", en: "characters separating items of list fields (team, ip, transfer modes)")),
    ],
    example: """
      - plugin: university.tto_intake
        name: 参与高校国家重点研发计划成果
        with:
          file: university-spinoff/data/nkrdp-projects-2019-2020.csv
          source: nkrdp-2019-2020
          columns: {id: project_no, title: title, institution: institution, field: programme, year: year, funds: funds_wan_yuan}
          constants: {channel: national_programme, confidentiality: cleared}
          universities: [清华大学, 北京大学, 上海交通大学, 浙江大学]
          on_bad_row: skip
      """)

  let reader: MappedRecords
  let universitiesOnly: Bool
  let universities: [String]
  let skipBadRows: Bool

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  public init(parameters p: ParameterValues) throws {
    guard let file = p.url("file"), let fileName = p.string("file") else {
      throw PluginSetupError([
        p.problem("file", LocalizedText(zh: "缺少报送文件", en: "the batch file is missing"), code: .missingKey)
      ])
    }
    let source = p.string("source") ?? ""
    let separator = p.string("separator")?.first ?? ","
    let mode: IntakeBatch.Mode = p.string("mode") == "update_only" ? .updateOnly : .upsert
    var constants = p.pairs("constants").map { (field: $0.key, value: $0.value) }
    let columns = p.pairs("columns").map { (field: $0.key, header: $0.value) }
    if mode == .upsert && !columns.contains(where: { $0.field == "channel" })
      && !constants.contains(where: { $0.field == "channel" })
    {
      constants.append((field: "channel", value: IntakeChannel.openCall.rawValue))
    }
    reader = MappedRecords(
      file: file, displayName: fileName, source: source, columns: columns, constants: constants,
      separator: separator, mode: mode,
      nullValues: Set(p.strings("null_values", otherwise: ["", "-"]).map { $0.trimmingCharacters(in: .whitespaces) }),
      listSeparators: Set(p.string("list_separators") ?? ";；、"), encoding: p.csvEncoding,
      onBadRow: p.badRowPolicy)
    universitiesOnly = (p.string("holders") ?? "university") == "university"
    universities = p.strings("universities").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    skipBadRows = p.badRowPolicy == .skip

    var problems: [Diagnostic] = []
    if source.isEmpty || source.contains(":") {
      problems.append(
        p.problem(
          "source", LocalizedText(zh: "数据源标识不能为空且不能含冒号", en: "source id must be non-empty and contain no colon")))
    }
    if !columns.contains(where: { $0.field == "id" }) {
      problems.append(
        p.problem(
          "columns", LocalizedText(zh: "须映射 id 列（成果编号）", en: "the column mapping must map `id` (the record number)"),
          code: .missingKey))
    }
    if mode == .upsert && !columns.contains(where: { $0.field == "title" }) {
      problems.append(
        p.problem(
          "columns",
          LocalizedText(zh: "新增记录须映射 title 列", en: "the column mapping must map `title` when adding records"),
          code: .missingKey))
    }
    problems += MappedRecords.check(
      columns: p.node?["columns"]?.entries ?? [], constants: p.node?["constants"]?.entries ?? [],
      columnsPath: p.keyPath(of: "columns"), constantsPath: p.keyPath(of: "constants"),
      file: problems.isEmpty ? file : nil, fileName: fileName, separator: separator, encoding: p.csvEncoding)
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// Whether a holder is one this intake keeps.
  func admits(_ institution: String) -> Bool {
    if universitiesOnly && !HolderKind.isUniversity(institution) { return false }
    guard !universities.isEmpty else { return true }
    let name = institution.trimmingCharacters(in: .whitespaces)
    return universities.contains { name.hasPrefix($0) }
  }

  /// Reads the file; bad rows stop the run or are skipped and counted, as `on_bad_row` says.
  public func collect(in context: PipelineContext) async throws -> IntakeBatch {
    let result = try reader.read { record in
      guard let institution = record.institution, !institution.isEmpty else {
        if reader.mode == .upsert && (universitiesOnly || !universities.isEmpty) {
          return .refuse(
            field: "institution", zh: "持有单位为空，无法确认是否为高校成果",
            en: "the holder is empty, so it cannot be told to be a university")
        }
        return .take
      }
      return admits(institution) ? .take : .leaveOut
    }
    if !result.problems.isEmpty && !skipBadRows { throw DataError(result.problems) }
    context.report(
      .intake,
      LocalizedText(
        zh:
          "读取 \(result.rowsRead) 行：高校成果 \(result.records.count) 项，非高校或非参与高校持有 \(result.leftOut) 行未纳入，坏行 \(result.problems.count) 行",
        en:
          "\(result.rowsRead) rows: \(result.records.count) university records, \(result.leftOut) rows of other holders left out, \(result.problems.count) bad rows"
      ))
    return IntakeBatch(
      records: result.records, mode: reader.mode, skipped: result.problems, rowsRead: result.rowsRead,
      warnings: result.warnings)
  }
}
