import Foundation
import RoadshowKernel

/// Progress of the enterprise innovation action against its seed figures (002 三): innovation
/// consortia led by leading enterprises (30), scientist–entrepreneur–investor exchange events
/// (≥ 1,000), patents mined for open licensing (10,000 from about 30 universities) — counted from
/// the consortia file, the ledger's events and the library.
public struct EnterpriseProgress: FollowUpService {
  public static let description = PluginDescription(
    id: "enterprise.progress", kind: .followUp, track: "enterprise",
    title: LocalizedText(zh: "助力企业创新行动进展", en: "Enterprise innovation progress"),
    summary: LocalizedText(
      zh: "统计创新联合体、交流对接活动、开放许可专利，对照 002 三 的目标",
      en: "Counts innovation consortia, exchange events and open-licensing patents against the seed's figures"),
    parameters: [
      ParameterSpec(
        "consortia", .file,
        doc: LocalizedText(
          zh: "创新联合体（CSV：name 名称, lead 牵头企业, members 成员，分号分隔）",
          en: "innovation consortia (CSV: name, lead, members separated by ;)"))
    ],
    example: """
      - plugin: enterprise.progress
      """)

  let consortia: URL?
  let consortiaName: String?

  public init(parameters p: ParameterValues) throws {
    consortia = p.url("consortia")
    consortiaName = p.string("consortia")
  }

  public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
    let zh = context.locale == .zhCN
    var consortiaCount = 0
    if let consortia {
      let table = try CSVTable.read(consortia, displayName: consortiaName)
      let name = ["name", "名称"].lazy.compactMap(table.column).first
      let lead = ["lead", "牵头企业"].lazy.compactMap(table.column).first
      var problems: [Diagnostic] = []
      for row in table.rows where row.cell(name).isEmpty || row.cell(lead).isEmpty {
        problems.append(
          table.badRow(
            row, column: row.cell(name).isEmpty ? name : lead,
            LocalizedText(zh: "联合体名称和牵头企业不能为空", en: "a consortium needs a name and a lead enterprise")))
      }
      guard problems.isEmpty else { throw DataError(problems) }
      consortiaCount = table.rows.count
    }
    let thisKey = ProgrammeEvent.key(
      programme: context.programme, host: context.host.name, eventDate: context.eventDate)
    let events = context.ledger.events.filter { $0.key != thisKey }.count + (input.events.isEmpty ? 0 : 1)
    let patents = input.library.filter { $0.transferModes.contains(.licence) && !$0.intellectualProperty.isEmpty }
    let holders = Set(patents.compactMap(\.institution)).count
    let source = seedSection(zh)
    let indicators = [
      ProgressIndicator(
        name: LocalizedText(zh: "科技领军企业牵头组建创新联合体", en: "Innovation consortia led by leading enterprises"),
        value: Double(consortiaCount), target: 30, unit: LocalizedText(zh: "个", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "科学家、企业家、投资机构交流对接活动", en: "Scientist–entrepreneur–investor exchange events"),
        value: Double(events), target: 1000, unit: LocalizedText(zh: "场", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "挖掘开放许可专利", en: "Patents mined for open licensing"), value: Double(patents.count),
        target: 10_000, unit: LocalizedText(zh: "项", en: ""), source: source),
      ProgressIndicator(
        name: LocalizedText(zh: "提供开放许可专利的单位", en: "Holders offering patents for open licensing"),
        value: Double(holders), target: 30, unit: LocalizedText(zh: "家", en: ""), source: source),
    ]
    return FollowUpResult(cases: [], indicators: indicators)
  }
}
