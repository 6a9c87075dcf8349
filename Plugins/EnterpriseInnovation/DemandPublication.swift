import Foundation
import RoadshowKernel

/// Regular publication of the technology demand list and the application-scenario list
/// (定期发布技术需求清单和新技术应用场景清单, 002 三.1): only the demands the enterprises agreed to
/// publish; the rest stay in the host's office and are counted.
public struct DemandPublication: EventFormat {
  public static let description = PluginDescription(
    id: "enterprise.demand_publication", kind: .event, track: "enterprise",
    title: LocalizedText(zh: "需求与场景清单发布", en: "Demand and scenario lists published"),
    summary: LocalizedText(
      zh: "定期发布企业技术需求清单和新技术应用场景清单（仅企业同意公开的条目）",
      en:
        "Publishes the enterprises' technology demand list and application-scenario list (only what they agreed to publish)"
    ),
    parameters: [
      ParameterSpec(
        "output", .outputName, default: "demand-lists.csv",
        doc: LocalizedText(zh: "发布清单文件名", en: "file name of the published lists"))
    ],
    example: """
      - plugin: enterprise.demand_publication
      """)

  let output: String

  public init(parameters p: ParameterValues) throws {
    output = p.string("output") ?? "demand-lists.csv"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    let zh = context.locale == .zhCN
    let published = context.demands.filter { $0.publishable != false }
    let held = context.demands.count - published.count
    // Demands name no achievement: the release is empty, and the file is for the public.
    let publication = context.gate.release([Achievement](), to: .public)
    let header =
      zh
      ? ["清单", "编号", "企业", "需求或场景", "领域", "省份", "最低成熟度"]
      : ["list", "id", "enterprise", "demand or scenario", "field", "province", "minimum TRL"]
    func listName(_ demand: EnterpriseDemand) -> String {
      switch (demand.category ?? .technology, zh) {
      case (.technology, true): "技术需求"
      case (.technology, false): "technology demand"
      case (.scenario, true): "应用场景"
      case (.scenario, false): "application scenario"
      }
    }
    let ordered = published.sorted { ($0.category ?? .technology).rawValue < ($1.category ?? .technology).rawValue }
    let rows = ordered.map { d -> [String] in
      [
        listName(d), d.id, d.enterprise, d.title, d.field ?? "", d.province ?? "",
        d.minimumReadiness.map(String.init) ?? "",
      ]
    }
    let scenarios = published.filter { $0.category == .scenario }.count
    let enterprises = Set(published.map(\.enterprise)).count
    var md = zh ? "# 企业技术需求清单与新技术应用场景清单\n\n" : "# Technology demands and application scenarios\n\n"
    md +=
      zh
      ? "发布 \(enterprises) 家企业的技术需求 \(published.count - scenarios) 项、应用场景 \(scenarios) 项，清单见 \(output)；另有 \(held) 项企业未同意公开，仅承办单位内部使用。\n"
      : "Published: \(published.count - scenarios) technology demands and \(scenarios) application scenarios from \(enterprises) enterprises, listed in \(output); \(held) more were not agreed for publication and stay in the host's office.\n"
    let event = RoadshowEvent(
      format: Self.description.id,
      title: zh ? "需求与场景清单发布（\(published.count)项）" : "Demand and scenario lists (\(published.count))",
      date: context.eventDate, venue: context.host.venue, online: true)
    return EventResult(
      events: [event],
      artifacts: [
        OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows), publication: publication),
        OutputFile(name: "demand-lists.md", text: md, publication: publication),
      ])
  }
}
