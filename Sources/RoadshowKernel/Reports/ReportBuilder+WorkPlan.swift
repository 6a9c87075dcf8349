import Foundation

extension ReportBuilder {
  /// `work-plan.md`: the host's work plan (工作方案) in the template annexed to the 2024 notice
  /// (000): overall approach and goals, necessity and strengths, organisation and
  /// responsibilities, support, and the event arrangements (time, place, scale, theme, agenda).
  ///
  /// Filled from the config like the application form: `work_plan:` gives its own parts; the
  /// approach falls back to `host.work_idea` and the support to `host.conditions`; the
  /// arrangements come from `host` (month, venue, scale), `event_date`, the theme (or the
  /// programme's name) and the planned events' agendas. A section the config gives nothing for is
  /// left out, and the others are numbered without a gap.
  func workPlan(events: [RoadshowEvent]) -> OutputFile {
    let host = configuration.host
    let plan = configuration.workPlan
    func given(_ text: String?) -> String? {
      guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
      return text
    }
    func given(_ items: [String]) -> [String] { items.compactMap(given) }

    var md = "# \(t("\(configuration.programme.name)工作方案", "Work plan: \(configuration.programme.name)"))\n\n"
    md += "- \(t("承办单位", "Host")): \(host.name)\n"
    if let contact = given(host.contact) { md += "- \(t("联系人及联系方式", "Contact")): \(contact)\n" }
    if let organiser = given(configuration.programme.organiser) {
      md += "- \(t("主办单位", "Organiser")): \(organiser)\n"
    }
    md += "\n"

    var sections: [(title: LocalizedText, body: String)] = []

    let approach = given(plan.approach) ?? given(host.workIdea)
    let goals = given(plan.goals)
    if approach != nil || !goals.isEmpty {
      var body = approach.map { "\($0)\n\n" } ?? ""
      if !goals.isEmpty {
        body += "\(t("工作目标", "Goals")):\n\n"
        body += goals.enumerated().map { "\($0 + 1). \($1)\n" }.joined() + "\n"
      }
      sections.append((LocalizedText(zh: "总体思路与目标", en: "Approach and goals"), body))
    }

    let necessity = given(plan.necessity)
    let strengths = given(plan.strengths)
    if necessity != nil || !strengths.isEmpty {
      var body = necessity.map { "\($0)\n\n" } ?? ""
      if !strengths.isEmpty {
        body += "\(t("基础优势", "Strengths")):\n\n" + strengths.map { "- \($0)\n" }.joined() + "\n"
      }
      sections.append((LocalizedText(zh: "必要性与基础优势", en: "Necessity and strengths"), body))
    }

    let units = plan.organisation.filter { given($0.unit) != nil }
    if !units.isEmpty {
      var body = "| \(t("单位", "Unit")) | \(t("责任分工", "Responsibility")) |\n|---|---|\n"
      for unit in units { body += "| \(Self.cell(unit.unit)) | \(Self.cell(unit.responsibility)) |\n" }
      sections.append((LocalizedText(zh: "组织架构与责任分工", en: "Organisation and responsibilities"), body + "\n"))
    }

    let support = given(plan.support).isEmpty ? given(host.conditions).map { [$0] } ?? [] : given(plan.support)
    if !support.isEmpty {
      sections.append((LocalizedText(zh: "支撑保障", en: "Support"), support.map { "- \($0)\n" }.joined() + "\n"))
    }

    sections.append((LocalizedText(zh: "活动安排", en: "Event arrangements"), arrangements(events: events)))

    for (index, section) in sections.enumerated() {
      let number = zh ? "\(Self.chineseNumeral(index + 1))、" : "\(index + 1). "
      md += "## \(number)\(section.title(locale))\n\n\(section.body)"
    }
    return OutputFile(name: "work-plan.md", text: md)
  }

  /// 活动安排: time, place, scale, theme and the agenda of each planned event.
  func arrangements(events: [RoadshowEvent]) -> String {
    let host = configuration.host
    var rows: [(String, String)] = []
    if let time = eventTime { rows.append((t("活动时间", "Time"), time)) }
    if let venue = host.venue { rows.append((t("活动地点", "Place"), venue)) }
    if let scale = host.scale { rows.append((t("活动规模", "Scale"), t("\(scale)人", "\(scale) persons"))) }
    let theme = configuration.workPlan.theme.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.programme.name
    rows.append((t("活动主题", "Theme"), theme))
    var md = "| \(t("项目", "Item")) | \(t("内容", "Arrangement")) |\n|---|---|\n"
    for (name, value) in rows { md += "| \(name) | \(Self.cell(value)) |\n" }
    let scheduled = events.filter { !$0.agenda.isEmpty }
    if !scheduled.isEmpty {
      md += "\n### \(t("活动日程安排", "Agenda"))\n\n"
      for event in scheduled {
        var heading = event.title
        if let date = event.date { heading += t("（\(date)）", " (\(date))") }
        md += "**\(heading)**\n\n| \(t("时间", "Time")) | \(t("环节", "Segment")) | \(t("内容", "Item")) |\n|---|---|---|\n"
        for line in agendaOutline(event.agenda) {
          md += "| \(line.time) | \(Self.cell(line.segment)) | \(Self.cell(line.detail)) |\n"
        }
        md += "\n"
      }
    }
    return md
  }

  /// `2024年9月（2024-09-20）` / `September 2024 (2024-09-20)`: the month of `event_date`, else
  /// of `host.month` and the programme year; `nil` when neither is known.
  var eventTime: String? {
    let date = configuration.eventDate
    let parts = date?.split(separator: "-").compactMap { Int($0) } ?? []
    let year = parts.count >= 2 ? parts[0] : configuration.programme.year
    guard let month = parts.count >= 2 ? parts[1] : configuration.host.month, (1...12).contains(month) else {
      return date
    }
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December",
    ]
    var text = t(
      year.map { "\($0)年\(month)月" } ?? "\(month)月", months[month - 1] + (year.map { " \($0)" } ?? ""))
    if let date { text += t("（\(date)）", " (\(date))") }
    return text
  }

  /// 一 to 十九, for section numbers.
  static func chineseNumeral(_ value: Int) -> String {
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    switch value {
    case 0...9: return digits[value]
    case 10: return "十"
    case 11...19: return "十" + digits[value - 10]
    default: return String(value)
    }
  }
}
