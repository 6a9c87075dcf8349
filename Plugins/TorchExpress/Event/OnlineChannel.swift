import Foundation
import RoadshowKernel

/// The online channel (线上对接渠道) for shortlisted projects that do not pitch on stage
/// (001 §4.8: "为未进入现场路演的科技成果项目提供线上线下的对接交流渠道"), with an optional
/// livestream of the on-site event. Records not cleared for publication stay off the catalogue.
public struct OnlineChannel: EventFormat {
  public static let description = PluginDescription(
    id: "torch.online_channel", kind: .event, track: "torch",
    title: LocalizedText(zh: "线上展示", en: "Online channel"),
    summary: LocalizedText(
      zh: "为未进入现场路演的初筛项目提供线上展示与对接渠道，并可同步直播",
      en: "Online display and docking for shortlisted projects not pitching on stage, plus livestream"),
    parameters: [
      ParameterSpec(
        "channel", .text, default: "科技成果直通车工作平台",
        doc: LocalizedText(zh: "线上渠道名称", en: "name of the online channel")),
      ParameterSpec(
        "pool_stage", .text,
        doc: LocalizedText(
          zh: "取哪个筛选阶段的通过名单（默认为倒数第二个阶段）",
          en: "which screening stage's list to display (default: the one before the last)")),
      ParameterSpec(
        "days_open", .integer(1...366), default: "30",
        doc: LocalizedText(zh: "线上展示天数", en: "days the display stays open")),
      ParameterSpec(
        "livestream", .boolean, default: "true", doc: LocalizedText(zh: "是否直播现场路演", en: "livestream the on-site event")),
      ParameterSpec(
        "livestream_start", .time, default: "09:00",
        doc: LocalizedText(zh: "直播开始时间（现场路演开始时）", en: "livestream start (when the on-site event starts)")),
      ParameterSpec(
        "livestream_end", .time, default: "17:00",
        doc: LocalizedText(zh: "直播结束时间（现场路演结束时）", en: "livestream end (when the on-site event ends)")),
      ParameterSpec(
        "catalogue", .outputName, default: "online-catalogue.csv",
        doc: LocalizedText(zh: "线上展示目录文件名", en: "catalogue file name")),
    ],
    example: """
      - plugin: torch.online_channel
        with:
          channel: 科技成果直通车工作平台
          days_open: 30
      """)

  let channel: String
  let poolStage: String?
  let daysOpen: Int
  let livestream: Bool
  let livestreamHours: (start: Int, end: Int)
  let catalogue: String

  public init(parameters p: ParameterValues) throws {
    channel = p.string("channel") ?? "科技成果直通车工作平台"
    poolStage = p.string("pool_stage")
    daysOpen = p.int("days_open") ?? 30
    livestream = p.bool("livestream") ?? true
    livestreamHours = (p.minutes("livestream_start") ?? 540, p.minutes("livestream_end") ?? 1020)
    if livestream, livestreamHours.end <= livestreamHours.start {
      throw PluginSetupError([
        p.problem(
          "livestream_end",
          LocalizedText(zh: "直播结束时间须晚于开始时间", en: "the livestream must end after it starts"), code: .outOfRange)
      ])
    }
    catalogue = p.string("catalogue") ?? "online-catalogue.csv"
  }

  public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
    guard let pool = input.notSelected(from: poolStage) else {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "找不到名为 `\(poolStage ?? "")` 的筛选阶段；可用：\(input.funnel.map(\.name).joined(separator: ", "))",
          en:
            "no screening stage named `\(poolStage ?? "")`; stages: \(input.funnel.map(\.name).joined(separator: ", "))"
        ))
    }
    let zh = context.locale == .zhCN
    let publication = context.gate.release(pool, to: .public)
    let listed = publication.records
    let withheld = publication.withheld.count
    let opens = context.eventDate
    let closes = opens.flatMap { CalendarDate.adding(months: 0, to: $0) }.flatMap { date -> String? in
      guard let start = CalendarDate.parse(date) else { return nil }
      return CalendarDate.format(start.addingTimeInterval(Double(daysOpen) * 86_400))
    }
    var agenda: [AgendaItem] = []
    if livestream {
      agenda.append(
        AgendaItem(
          start: livestreamHours.start, end: livestreamHours.end, segment: .online,
          title: zh ? "现场路演同步网络直播" : "Livestream of the on-site roadshow", people: [channel]))
    }
    let event = RoadshowEvent(
      format: Self.description.id,
      title: zh
        ? "线上展示与对接（\(listed.count)项，开放\(daysOpen)天）"
        : "Online display and docking (\(listed.count) projects, \(daysOpen) days)",
      date: opens.map { o in closes.map { "\(o) – \($0)" } ?? o }, venue: channel, online: true, agenda: agenda,
      achievements: listed.map(\.id))
    let header =
      zh
      ? ["编号", "成果名称", "持有单位", "领域", "技术成熟度", "对接方式"]
      : ["id", "title", "institution", "field", "trl", "how to connect"]
    let rows = listed.map { a -> [String] in
      [
        a.id.rawValue, a.title, a.institution ?? "", a.field ?? "",
        a.readiness.value.map(String.init) ?? (zh ? "未评估" : "unknown"),
        zh ? "\(channel)在线留言；线下对接由承办单位安排" : "message on \(channel); offline meetings arranged by the host",
      ]
    }
    var note = ""
    if withheld > 0 {
      note =
        zh ? "\n（另有 \(withheld) 项未通过保密审查，不予公开展示）\n" : "\n(\(withheld) more not cleared for publication are withheld)\n"
    }
    return EventResult(
      events: [event],
      artifacts: [
        OutputFile(name: catalogue, text: CSVWriter.text(header: header, rows: rows), publication: publication),
        OutputFile(
          name: "online-channel.md",
          text: (zh
            ? "# 线上展示与对接\n\n渠道：\(channel)；开放 \(daysOpen) 天；展示项目 \(listed.count) 项，目录见 \(catalogue)。\n"
            : "# Online display and docking\n\nChannel: \(channel); open \(daysOpen) days; \(listed.count) projects, listed in \(catalogue).\n")
            + note, publication: publication),
      ])
  }
}
