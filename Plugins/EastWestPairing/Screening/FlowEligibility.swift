import Foundation
import RoadshowKernel

/// Cross-region eligibility by flow (跨区域转化资格): finds each holder's province (the record's own,
/// or by ``InstitutionResolver``), its region from `regions.csv`, and the flow it can take — A for
/// holders in the northeast and west, B for holders in the east and south. Holders in the central
/// region take neither; holders whose province cannot be found are kept for review or rejected, as
/// configured, and listed in `unmapped-institutions.csv`.
public struct FlowEligibility: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "east_west.flow_eligibility", kind: .screening, track: "east_west",
    title: LocalizedText(zh: "跨区域转化资格", en: "Flow eligibility"),
    summary: LocalizedText(
      zh: "确定持有单位所在省份和地区，按流向A（东北、西部成果就地转化）、流向B（东部、南部成果到东北、西部落地）判定跨区域转化资格",
      en:
        "Finds each holder's province and region and decides cross-region eligibility: flow A (northeast/west at home) or flow B (east/south to northeast/west)"
    ),
    parameters: [
      ParameterSpec(
        "regions", .file, required: true,
        doc: LocalizedText(
          zh: "省份—地区表（CSV：province, region），四大地区划分",
          en: "province → region table (CSV: province, region), the four-region division")),
      ParameterSpec(
        "institutions", .file,
        doc: LocalizedText(
          zh: "单位—省份对照表（CSV），优先于内置规则", en: "institution → province table (CSV), tried before the built-in rules")),
      ParameterSpec(
        "institution_columns",
        .object([
          ParameterSpec("institution", .text, default: "单位名称", doc: LocalizedText(zh: "单位列", en: "institution column")),
          ParameterSpec("province", .text, default: "省份", doc: LocalizedText(zh: "省份列", en: "province column")),
        ]), doc: LocalizedText(zh: "对照表列名", en: "columns of the institutions table")),
      ParameterSpec(
        "places", .map(.text),
        doc: LocalizedText(zh: "补充地名 → 省份规则（如 金普新区: 辽宁）", en: "extra place → province rules (e.g. 金普新区: 辽宁)")),
      ParameterSpec(
        "south_provinces", .list(.text), default: "[湖北, 湖南, 江西]",
        doc: LocalizedText(
          zh: "与东部一起计为“东部、南部”的中部省份（默认为秦岭—淮河以南的湖北、湖南、江西）",
          en:
            "central provinces counted with the east as “east and south” (default: 湖北, 湖南, 江西, south of the Qinling–Huaihe line)"
        )),
      ParameterSpec(
        "flows", .list(.choice(CrossRegionFlow.allCases.map(\.rawValue))), default: "[A, B]",
        doc: LocalizedText(zh: "本次活动对接的流向", en: "the flows this roadshow serves")),
      ParameterSpec(
        "unmapped", .choice(["review", "reject"]), default: "review",
        doc: LocalizedText(
          zh: "省份未能确定时：review 标注“待核实”后保留；reject 拒绝",
          en: "province not found: review keeps it flagged; reject rejects it")),
      ParameterSpec(
        "output", .outputName, default: "region-mapping.csv",
        doc: LocalizedText(zh: "省份、地区、流向明细文件名", en: "province, region and flow table file name")),
      .encoding,
    ],
    example: """
      - plugin: east_west.flow_eligibility
        name: 跨区域资格
        with:
          regions: east-west-pairing/data/regions.csv
          institutions: east-west-pairing/data/institution-provinces.csv
          flows: [A, B]
          unmapped: review
      """)

  let table: RegionTable
  let resolver: InstitutionResolver
  let flows: Set<CrossRegionFlow>
  let rejectUnmapped: Bool
  let output: String

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    let south = p.provinces("south_provinces")
    problems += south.problems
    var table = RegionTable(regions: [:], south: Set(south.values))
    // Missing files are already reported by the validator, at the key that names them.
    if let url = p.url("regions"), let name = p.string("regions"), FileManager.default.fileExists(atPath: url.path) {
      do {
        table = try RegionTable.read(url, name: name, south: Set(south.values), encoding: p.csvEncoding)
      } catch let error as DataError {
        problems += error.diagnostics
      }
    }
    self.table = table
    var lookup: [String: String] = [:]
    if let url = p.url("institutions"), let name = p.string("institutions"),
      FileManager.default.fileExists(atPath: url.path)
    {
      let c = p.object("institution_columns")
      do {
        lookup = try InstitutionResolver.readTable(
          url, name: name, institutionColumn: c?.string("institution") ?? "单位名称",
          provinceColumn: c?.string("province") ?? "省份", encoding: p.csvEncoding)
      } catch let error as DataError {
        problems += error.diagnostics
      }
    }
    var places: [String: String] = [:]
    for entry in p.node?["places"]?.entries ?? [] {
      guard let text = entry.value.scalar else { continue }
      if let province = Province.normalize(text) {
        places[entry.key] = province
      } else {
        problems.append(
          Diagnostic(
            .invalidValue, at: entry.value.location, keyPath: p.keyPath(of: "places") + ".\(entry.key)",
            message: LocalizedText(zh: "无法识别的省份 `\(text)`", en: "unknown province `\(text)`"),
            suggestion: Suggestions.nearest(to: text, in: Province.all)))
      }
    }
    resolver = InstitutionResolver(table: lookup, extraPlaces: places)
    flows = Set(p.strings("flows").compactMap(CrossRegionFlow.init(rawValue:)))
    rejectUnmapped = p.string("unmapped") == "reject"
    output = p.string("output") ?? "region-mapping.csv"
    if flows.isEmpty {
      problems.append(
        p.problem("flows", LocalizedText(zh: "至少需要一个流向", en: "give at least one flow"), code: .outOfRange))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    let zh = locale == .zhCN
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    var rows: [[String]] = []
    var unmapped: [String: Int] = [:]
    var updates: [Achievement] = []
    for var candidate in candidates {
      let a = candidate.achievement
      let province: String?
      let basis: LocalizedText?
      if let own = a.province.flatMap(Province.normalize) {
        (province, basis) = (own, LocalizedText(zh: "记录自带省份", en: "the record's own province"))
      } else if let found = a.institution.flatMap(resolver.resolve) {
        (province, basis) = (found.province, found.basis)
      } else {
        (province, basis) = (nil, nil)
      }
      func row(_ outcome: String, _ flow: String) -> [String] {
        [
          a.id.rawValue, a.title, a.institution ?? "", province ?? "",
          province.flatMap { table.region(of: $0)?.chineseName } ?? "",
          province.flatMap { table.group(of: $0)?.name(locale) } ?? "", basis?(locale) ?? (zh ? "未能确定" : "not found"),
          flow,
          outcome,
        ]
      }
      guard let province, let basis else {
        unmapped[a.institution ?? (zh ? "（未填写单位）" : "(no institution)"), default: 0] += 1
        if rejectUnmapped {
          decisions.append(
            ScreeningDecision(
              achievement: a.id, passed: false, rule: "unmapped",
              reason: LocalizedText(
                zh: "持有单位「\(a.institution ?? "未填写")」所在省份未能确定（按配置拒绝；可在单位对照表中补充）",
                en:
                  "the province of “\(a.institution ?? "no institution")” is unknown (rejected as configured; add it to the institutions file)"
              )))
          rows.append(row(zh ? "未通过" : "rejected", ""))
        } else {
          candidate.flags.append(LocalizedText(zh: "持有单位所在省份待核实", en: "holder's province to be checked"))
          passed.append(candidate)
          decisions.append(
            ScreeningDecision(
              achievement: a.id, passed: true, rule: "unmapped",
              reason: LocalizedText(
                zh: "持有单位「\(a.institution ?? "未填写")」所在省份未能确定，标注待核实后保留",
                en: "the province of “\(a.institution ?? "no institution")” is unknown; kept and flagged for checking"))
          )
          rows.append(row(zh ? "待核实" : "to check", ""))
        }
        continue
      }
      candidate.achievement.province = province
      candidate.achievement.region = table.region(of: province) ?? a.region
      candidate.achievement.attributes[EastWestAttribute.provinceBasis] = basis.zh
      // Where the holder is, is a fact worth keeping in the library; the flow is this event's view.
      if a.province != candidate.achievement.province || a.region != candidate.achievement.region {
        updates.append(candidate.achievement)
      }
      switch table.eligibleFlow(holder: province) {
      case .failure(let rejection):
        decisions.append(
          ScreeningDecision(achievement: a.id, passed: false, rule: rejection.rule, reason: rejection.reason))
        rows.append(row(zh ? "未通过" : "rejected", ""))
      case .success(let flow) where !flows.contains(flow):
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: "flow_not_served",
            reason: LocalizedText(
              zh: "持有单位在\(province)，属\(flow.label(.zhCN))，本次活动不对接该流向",
              en: "holder in \(Province.name(province, .en)): \(flow.label(.en)), which this roadshow does not serve")))
        rows.append(row(zh ? "未通过" : "rejected", flow.rawValue))
      case .success(let flow):
        candidate.achievement.attributes[EastWestAttribute.flow] = flow.rawValue
        passed.append(candidate)
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: true, rule: "flow_\(flow.rawValue.lowercased())",
            reason: LocalizedText(
              zh: "持有单位在\(province)（\(basis.zh)），属\(flow.name(.zhCN))",
              en: "holder in \(Province.name(province, .en)) (\(basis.en)): \(flow.name(.en))")))
        rows.append(row(zh ? "通过" : "passed", flow.rawValue))
      }
    }
    let header =
      zh
      ? ["编号", "成果名称", "持有单位", "省份", "地区", "东西部归属", "省份依据", "流向", "结果"]
      : ["id", "title", "institution", "province", "region", "side", "province basis", "flow", "outcome"]
    let unmappedRows = unmapped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { [$0.key, String($0.value)] }
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows)),
        OutputFile(
          name: "unmapped-institutions.csv",
          text: CSVWriter.text(header: zh ? ["单位名称", "成果数"] : ["institution", "records"], rows: unmappedRows)),
      ], updates: updates)
  }
}
