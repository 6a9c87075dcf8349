import Foundation

/// The run's confidentiality to-do list (保密审查待办): every record of the run that has not
/// passed confidentiality review and matters to it (chosen to pitch, or held back from an output
/// for participants or the public), with what it blocks. Internal to the host's office.
struct ClearanceTodo {
  struct Entry {
    var id: AchievementID
    var title: String
    var status: Confidentiality
    var selected: Bool
    var withheldFrom: [String]
  }

  var entries: [Entry] = []

  init(files: [OutputFile], selected: [Candidate], library: [AchievementID: Achievement]) {
    var blocked: [AchievementID: [String]] = [:]
    var order: [AchievementID] = []
    func note(_ id: AchievementID) {
      if blocked[id] == nil {
        blocked[id] = []
        order.append(id)
      }
    }
    for candidate in selected where candidate.achievement.confidentiality != .cleared { note(candidate.id) }
    for file in files where file.isExternal {
      for id in file.withheld {
        note(id)
        if blocked[id]?.contains(file.name) == false { blocked[id]?.append(file.name) }
      }
    }
    let chosen = Set(selected.map(\.id))
    entries = order.compactMap { id in
      guard let record = library[id], record.confidentiality != .cleared else { return nil }
      return Entry(
        id: id, title: record.title, status: record.confidentiality, selected: chosen.contains(id),
        withheldFrom: blocked[id] ?? [])
    }
  }

  /// `clearance-todo.md`.
  func file(locale: ReportLocale) -> OutputFile {
    let zh = locale == .zhCN
    var md = zh ? "# 保密审查待办\n\n" : "# Confidentiality review to-do\n\n"
    md +=
      zh
      ? "以下成果尚未通过保密审查，未出现在面向参与方或公众的任何输出中。审查通过后用 `roadshow clearance record ID --decision cleared --reviewer 姓名` 记录，再次运行即可发布。\n\n"
      : "These records have not passed confidentiality review and appear in no output for participants or the public. Once reviewed, record it with `roadshow clearance record ID --decision cleared --reviewer NAME` and run again to publish them.\n\n"
    md +=
      zh
      ? "| 编号 | 成果名称 | 状态 | 拟路演 | 因此未列入 |\n|---|---|---|---|---|\n"
      : "| ID | Title | Status | Pitching | Held back from |\n|---|---|---|---|---|\n"
    for entry in entries {
      let status =
        switch entry.status {
        case .pending: zh ? "待审查" : "pending"
        case .restricted: zh ? "不予公开" : "restricted"
        case .cleared: zh ? "已通过" : "cleared"
        }
      md +=
        "| \(entry.id) | \(ReportFormat.tableCell(entry.title)) | \(status) | \(entry.selected ? (zh ? "是" : "yes") : "") | \(entry.withheldFrom.joined(separator: ", ")) |\n"
    }
    return OutputFile(name: "clearance-todo.md", text: md)
  }
}
