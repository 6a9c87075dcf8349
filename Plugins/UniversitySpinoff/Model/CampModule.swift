import Foundation
import RoadshowKernel

/// A module of the training camp or a service of the start-up mentors (双创导师).
///
/// The camp trains enterprise management, market operation, law and finance (企业管理、市场运营
/// 与法律财务); mentors then give selected teams strategy, intellectual-property and financing
/// services (战略规划、知识产权、融资, 002 §二（二）2).
public enum CampModule: String, Sendable, Hashable, Codable, CaseIterable {
  /// 企业管理
  case enterpriseManagement = "enterprise_management"
  /// 市场运营
  case marketOperation = "market_operation"
  /// 法律（公司设立、股权、合规）
  case legal
  /// 财务（财务模型、税务）
  case finance
  /// 战略规划
  case strategy
  /// 知识产权（布局、作价入股）
  case intellectualProperty = "intellectual_property"
  /// 融资（天使轮、引导基金子基金）
  case financing

  /// The four camp modules the seed names.
  public static let campDefaults: [CampModule] = [.enterpriseManagement, .marketOperation, .legal, .finance]
  /// The mentors' services the seed names.
  public static let mentorDefaults: [CampModule] = [.strategy, .intellectualProperty, .financing]

  /// Accepts the raw value or the Chinese name.
  public init?(text: String) {
    let value = text.trimmingCharacters(in: .whitespaces)
    if let module = CampModule(rawValue: value.lowercased()) {
      self = module
    } else if let module = CampModule.allCases.first(where: { $0.name(.zhCN) == value }) {
      self = module
    } else {
      return nil
    }
  }

  /// The module's name in `locale`.
  public func name(_ locale: ReportLocale) -> String {
    switch (self, locale) {
    case (.enterpriseManagement, .zhCN): "企业管理"
    case (.enterpriseManagement, .en): "enterprise management"
    case (.marketOperation, .zhCN): "市场运营"
    case (.marketOperation, .en): "market operation"
    case (.legal, .zhCN): "法律"
    case (.legal, .en): "law"
    case (.finance, .zhCN): "财务"
    case (.finance, .en): "finance"
    case (.strategy, .zhCN): "战略规划"
    case (.strategy, .en): "strategy"
    case (.intellectualProperty, .zhCN): "知识产权"
    case (.intellectualProperty, .en): "intellectual property"
    case (.financing, .zhCN): "融资"
    case (.financing, .en): "financing"
    }
  }
}

/// A start-up mentor (双创导师) or camp lecturer from the mentors file.
struct Mentor: Hashable {
  var name: String
  var organisation: String
  var modules: [CampModule]

  func label(_ locale: ReportLocale) -> String { LabelFormat.qualified(name, organisation, locale) }

  /// The headers of the mentors file.
  static let headers = ["姓名", "单位", "擅长模块"]

  /// Reads a mentors file (CSV: 姓名, 单位, 擅长模块 — modules by id or Chinese name, separated by
  /// semicolons). An unknown module is a bad row at its column.
  static func read(_ url: URL, name: String, encoding: CSVEncoding = .auto) throws -> [Mentor] {
    let (table, columns) = try PeopleFile.read(url, name: name, headers: headers, encoding: encoding)
    var mentors: [Mentor] = []
    var problems: [Diagnostic] = []
    for row in table.rows {
      let person = row.cell(columns[0])
      guard !person.isEmpty else {
        problems.append(
          Diagnostic(
            .badRow, at: SourceLocation(file: name, line: row.line, column: columns[0] + 1), keyPath: headers[0],
            message: LocalizedText(zh: "第 \(row.number) 行：姓名为空", en: "row \(row.number): name is empty")))
        continue
      }
      var modules: [CampModule] = []
      for item in PeopleFile.list(row.cell(columns[2])) {
        guard let module = CampModule(text: item) else {
          let valid = CampModule.allCases.map { "\($0.rawValue)/\($0.name(.zhCN))" }.joined(separator: ", ")
          problems.append(
            Diagnostic.badRow(
              file: name, line: row.line, row: row.number, column: columns[2] + 1, header: headers[2],
              LocalizedText(zh: "未知的模块 `\(item)`；可用：\(valid)", en: "unknown module `\(item)`; valid: \(valid)"),
              suggestion: Suggestions.nearest(to: item, in: CampModule.allCases.map(\.rawValue))))
          continue
        }
        modules.append(module)
      }
      mentors.append(Mentor(name: person, organisation: row.cell(columns[1]), modules: modules))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return mentors
  }
}
