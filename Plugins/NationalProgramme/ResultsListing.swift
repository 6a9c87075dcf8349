import Foundation
import RoadshowKernel

/// The regular public listing of released programme results (常态化对外公开和推介, 002 一.1):
/// every result of the library that passed confidentiality review, redacted by the publication
/// gate; the rest are counted, never named.
public struct ResultsListing: EventFormat {
  public static let description = PluginDescription(
    id: "national.results_listing", kind: .event, track: "national",
    title: LocalizedText(zh: "成果公开发布", en: "Public listing of results"),
    summary: LocalizedText(
      zh: "经保密审查后常态化对外公开和推介科技计划成果（仅通过审查的成果，按公开规则隐去字段）",
      en: "Regular public listing of programme results that passed confidentiality review, redacted by the gate"),
    parameters: [
      ParameterSpec(
        "channel", .text,
        doc: LocalizedText(
          zh: "发布渠道（默认：国家科技计划成果库（公开））",
          en: "where the listing is published (default: the public national programme results library)")),
      ParameterSpec(
        "output", .outputName, default: "released-results.csv",
        doc: LocalizedText(zh: "公开发布清单文件名", en: "file name of the public listing")),
    ],
    example: """
      - plugin: national.results_listing
        with:
          channel: 国家科技计划成果库（公开）
      """)

  let channel: String?
  let output: String

  public init(parameters p: ParameterValues) throws {
    channel = p.string("channel")
    output = p.string("output") ?? "released-results.csv"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let zh = context.locale == .zhCN
    let channel =
      self.channel ?? (zh ? "国家科技计划成果库（公开）" : "the public national programme results library")
    // The library as it entered screening: the first stage's list, which classification passes whole.
    let pool = input.funnel.first?.passed ?? input.selected
    let publication = context.gate.release(pool, to: .public)
    let header =
      zh
      ? ["编号", "成果名称", "承担单位", "产业领域", "技术成熟度", "转化方式", "拟重点转化区域"]
      : ["id", "title", "institution", "field", "trl", "transfer modes", "target region"]
    let rows = publication.records.map { a -> [String] in
      [
        a.id.rawValue, a.title, a.institution ?? "", a.field ?? "", a.readiness.value.map(String.init) ?? "",
        a.transferModes.map { Self.modeName($0, zh: zh) }.joined(separator: zh ? "、" : ", "),
        a.attributes["target_region"] ?? "",
      ]
    }
    let note =
      zh
      ? "# 科技计划成果公开发布\n\n渠道：\(channel)。公开成果 \(publication.records.count) 项，清单见 \(output)；另有 \(publication.withheld.count) 项尚未通过保密审查，暂不公开。\n"
      : "# Public listing of programme results\n\nChannel: \(channel). \(publication.records.count) results listed in \(output); \(publication.withheld.count) more have not passed confidentiality review and are not listed.\n"
    let event = RoadshowEvent(
      format: Self.description.id,
      title: zh ? "科技计划成果公开发布（\(publication.records.count)项）" : "Public listing (\(publication.records.count) results)",
      date: context.eventDate, venue: channel, online: true, achievements: publication.records.map(\.id))
    return EventResult(
      events: [event],
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows), publication: publication),
        OutputFile(name: "released-results.md", text: note, publication: publication),
      ])
  }

  static func modeName(_ mode: TransferMode, zh: Bool) -> String {
    switch mode {
    case .assignment: zh ? "转让" : "assignment"
    case .licence: zh ? "许可" : "licence"
    case .equity: zh ? "作价投资" : "equity"
    case .jointDevelopment: zh ? "合作开发" : "joint development"
    case .commissioned: zh ? "委托研发" : "commissioned R&D"
    case .spinOff: zh ? "创办企业" : "spin-off"
    }
  }
}
