import Foundation
import Hummingbird
import RoadshowKernel
import RoadshowServices

extension WebPlatform {
  /// The catalogue query of a request's query string.
  func catalogueQuery(_ request: Request) -> CatalogueQuery {
    let fields = FormData.parse(request.uri.query ?? "")
    return CatalogueQuery(
      text: fields["q"], field: fields["field"], minimumTRL: fields["trl"].flatMap { Int($0) },
      province: fields["province"], region: fields["region"].flatMap(Region.init(name:)),
      page: fields["page"].flatMap { Int($0) } ?? 1, perPage: fields["perPage"].flatMap { Int($0) } ?? 20)
  }

  /// `GET /`: the public catalogue (科技成果信息公开).
  func cataloguePage(_ request: Request) async throws -> Response {
    let locale = locale(request)
    let caller = try await caller(request)
    let query = catalogueQuery(request)
    let (catalogue, version) = try await catalogue.versioned()
    guard let caller else {
      return await publicPage(request, locale: locale, version: version) {
        cataloguePageHTML(request, query: query, catalogue: catalogue, locale: locale, caller: nil)
      }
    }
    return page(
      "catalogue", title: PageText.word("catalogue", locale), request: request, locale: locale, caller: caller,
      values: catalogueValues(request, query: query, catalogue: catalogue, locale: locale))
  }

  func cataloguePageHTML(
    _ request: Request, query: CatalogueQuery, catalogue: PublicCatalogue, locale: ReportLocale, caller: Caller?
  ) -> String {
    pageHTML(
      "catalogue", title: PageText.word("catalogue", locale), request: request, locale: locale, caller: caller,
      values: catalogueValues(request, query: query, catalogue: catalogue, locale: locale))
  }

  /// What the catalogue template shows for `query`.
  func catalogueValues(
    _ request: Request, query: CatalogueQuery, catalogue: PublicCatalogue, locale: ReportLocale
  ) -> [String: Any] {
    let result = catalogue.search(query)
    let lang = locale == configuration.locale ? nil : (locale == .en ? "en" : "zh-CN")
    func href(page: Int) -> String {
      "/"
        + FormData.query([
          ("q", query.text), ("field", query.field), ("trl", query.minimumTRL.map(String.init)),
          ("province", query.province), ("region", query.region?.rawValue), ("page", String(page)), ("lang", lang),
        ])
    }
    var values: [String: Any] = [
      "q": query.text ?? "", "total": result.total, "page": result.page, "pages": result.pages,
      "cards": HTML.cards(result.records.map { summaryValues($0, locale: locale) }),
      "hasRecords": !result.records.isEmpty,
      "fieldOptions": HTML.options(
        catalogue.fields.map { ($0.name, "\($0.name) (\($0.count))", $0.name == query.field) }),
      "trlOptions": HTML.options((1...9).map { ("\($0)", "TRL ≥ \($0)", $0 == query.minimumTRL) }),
      "provinceOptions": HTML.options(catalogue.provinces.map { ($0, $0, $0 == query.province) }),
      "regionOptions": HTML.options(
        Region.allCases.map { ($0.rawValue, locale == .zhCN ? $0.chineseName : $0.rawValue, $0 == query.region) }),
    ]
    if result.page > 1 { values["previousHref"] = href(page: result.page - 1) }
    if result.page < result.pages { values["nextHref"] = href(page: result.page + 1) }
    return values
  }

  /// `GET /achievements/{id}`: one released achievement; 404 for anything the gate holds back.
  func achievementPage(_ request: Request, id: String) async throws -> Response {
    let locale = locale(request)
    let caller = try await caller(request)
    let id = AchievementID(id.removingPercentEncoding ?? id)
    let (catalogue, version) = try await catalogue.versioned()
    guard let record = catalogue.achievement(id) else {
      return message(.notFound, "notFound", request: request, locale: locale, caller: caller)
    }
    guard let caller else {
      return await publicPage(request, locale: locale, version: version) {
        pageHTML(
          "achievement", title: record.title, request: request, locale: locale, caller: nil,
          values: achievementValues(record, locale: locale))
      }
    }
    return page(
      "achievement", title: record.title, request: request, locale: locale, caller: caller,
      values: achievementValues(record, locale: locale).merging(
        try await interestValues(record.id, caller: caller, locale: locale)
      ) { $1 })
  }

  /// What the achievement template shows.
  func achievementValues(_ record: PublishedAchievement, locale: ReportLocale) -> [String: Any] {
    var values = summaryValues(record, locale: locale)
    if let institution = record.institution { values["institution"] = institution }
    if !record.team.isEmpty { values["team"] = record.team.joined(separator: "、") }
    if !record.intellectualProperty.isEmpty { values["ip"] = record.intellectualProperty.joined(separator: "；") }
    values["transferModes"] = record.transferModes.map { PageText.word("mode." + $0.rawValue, locale) }
      .joined(separator: locale == .zhCN ? "、" : ", ")
    return values
  }

  /// What a catalogue entry shows.
  func summaryValues(_ record: PublishedAchievement, locale: ReportLocale) -> [String: Any] {
    var values: [String: Any] = [
      "title": record.title, "field": record.field ?? "—", "trl": record.readiness.description,
      "href": "/achievements/" + FormData.encode(record.id.rawValue) + langQuery(locale),
    ]
    if let province = record.province { values["province"] = province }
    if let year = record.year { values["year"] = year }
    if let summary = record.summary, !summary.isEmpty {
      values["summary"] = summary.count > 160 ? String(summary.prefix(160)) + "…" : summary
    }
    return values
  }

  /// `GET /api/achievements`: the catalogue as JSON (``AchievementList``).
  func achievementsJSON(_ request: Request) async throws -> Response {
    let result = try await catalogue.current().search(catalogueQuery(request))
    return try json(
      AchievementList(
        total: result.total, page: result.page, perPage: result.perPage, pages: result.pages,
        items: result.records.map(AchievementJSON.init)))
  }

  /// `GET /api/achievements/{id}`: one released achievement as JSON; 404 otherwise.
  func achievementJSON(_ request: Request, id: String) async throws -> Response {
    let id = AchievementID(id.removingPercentEncoding ?? id)
    guard let record = try await catalogue.current().achievement(id) else {
      return try json(APIError(error: "not_found", message: "no published achievement `\(id)`"), status: .notFound)
    }
    return try json(AchievementJSON(record))
  }

  func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
  }
}

/// An achievement as the API shows it: what the publication gate released, redacted.
struct AchievementJSON: Codable, Sendable {
  var id: String
  var title: String
  var summary: String?
  var institution: String?
  var team: [String]
  var field: String?
  var trl: Int?
  var province: String?
  var region: String?
  var channel: String
  var transferModes: [String]
  var intellectualProperty: [String]
  var year: Int?
  var url: String

  init(_ record: PublishedAchievement) {
    id = record.id.rawValue
    title = record.title
    summary = record.summary
    institution = record.institution
    team = record.team
    field = record.field
    trl = record.readiness.value
    province = record.province
    region = record.region?.rawValue
    channel = record.channel.rawValue
    transferModes = record.transferModes.map(\.rawValue)
    intellectualProperty = record.intellectualProperty
    year = record.year
    url = "/achievements/" + FormData.encode(record.id.rawValue)
  }
}

/// A page of the catalogue as the API shows it.
struct AchievementList: Codable, Sendable {
  var total: Int
  var page: Int
  var perPage: Int
  var pages: Int
  var items: [AchievementJSON]
}

/// An API error.
struct APIError: Codable, Sendable {
  var error: String
  var message: String
  /// The problems by field, when the input was not acceptable.
  var fields: [String: String]? = nil
}

/// HTML built in Swift, for the few fragments a template inserts as they are.
enum HTML {
  /// `text` with `&`, `<`, `>`, `"` and `'` escaped (the text itself when it has none of them).
  static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
      return text
    }
    var escaped: [UInt8] = []
    escaped.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      switch byte {
      case 0x26: escaped.append(contentsOf: "&amp;".utf8)
      case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
      case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
      case 0x22: escaped.append(contentsOf: "&quot;".utf8)
      case 0x27: escaped.append(contentsOf: "&#39;".utf8)
      default: escaped.append(byte)
      }
    }
    return String(decoding: escaped, as: UTF8.self)
  }

  /// The catalogue's cards, one `<article>` per entry of ``WebPlatform/summaryValues(_:locale:)``,
  /// every text escaped (built here rather than in the template: it is the page's hot loop).
  static func cards(_ entries: [[String: Any]]) -> String {
    var html = ""
    html.reserveCapacity(entries.count * 600)
    for entry in entries {
      func text(_ key: String) -> String? { (entry[key] as? String).map(escape) }
      html += "<article class=\"card\"><h2><a href=\"\(text("href") ?? "")\">\(text("title") ?? "")</a></h2>\n"
      html += "<div class=\"meta\">\(text("field") ?? "") · \(text("trl") ?? "")"
      if let province = text("province") { html += " · " + province }
      if let year = entry["year"] as? Int { html += " · \(year)" }
      html += "</div>\n"
      if let summary = text("summary") { html += "<p>" + summary + "</p>" }
      html += "</article>\n"
    }
    return html
  }

  /// `<option>` elements: value, label and whether it is selected, every text escaped.
  static func options(_ items: [(value: String, label: String, selected: Bool)]) -> String {
    items.map { item in
      "<option value=\"\(escape(item.value))\"\(item.selected ? " selected" : "")>\(escape(item.label))</option>"
    }.joined()
  }
}
