import Foundation
import Hummingbird
import HummingbirdTesting
import RoadshowKernel
import RoadshowServices
import Testing

@testable import RoadshowWeb

@Suite struct CatalogueTests {
  @Test func catalogueListsOnlyClearedRecordsAndHidesPendingOnesById() async throws {
    let fixture = try await Fixture()
    let cleared = try await fixture.seed("高精度减速器", cleared: true)
    let pending = try await fixture.seed("保密中的电池材料", cleared: false)
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      let page = try await browser.get("/")
      #expect(page.status == .ok)
      #expect(page.body.contains("高精度减速器"))
      #expect(!page.body.contains("保密中的电池材料"))
      #expect(page.body.contains(#"<meta name="viewport""#))
      #expect(page.body.contains(#"<html lang="zh-CN">"#))
      let api = try await browser.get("/api/achievements")
      #expect(api.body.contains(cleared.rawValue))
      #expect(!api.body.contains(pending.rawValue))
      #expect(!api.body.contains("保密中的电池材料"))
      #expect(try await browser.get("/achievements/" + FormData.encode(pending.rawValue)).status == .notFound)
      #expect(try await browser.get("/api/achievements/" + FormData.encode(pending.rawValue)).status == .notFound)
      #expect(try await browser.get("/api/achievements/nothing:here").status == .notFound)
      let detail = try await browser.get("/achievements/" + FormData.encode(cleared.rawValue))
      #expect(detail.status == .ok)
      #expect(detail.body.contains("高精度减速器的简介"))
    }
  }

  @Test func publishedRecordsLeaveOutWithheldFields() async throws {
    let fixture = try await Fixture()
    let id = try await fixture.seed("柔性关节", cleared: true, team: "王五、赵六", ip: "ZL2024999999")
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      for uri in ["/api/achievements", "/api/achievements/" + FormData.encode(id.rawValue)] {
        let body = try await browser.get(uri).body
        #expect(body.contains("柔性关节"))
        #expect(!body.contains("王五"))
        #expect(!body.contains("ZL2024999999"))
      }
      let page = try await browser.get("/achievements/" + FormData.encode(id.rawValue)).body
      #expect(!page.contains("王五"))
      #expect(!page.contains("ZL2024999999"))
      #expect(page.contains("（不公开）"))
    }
  }

  @Test func searchFiltersAndPagesTheCatalogue() async throws {
    let fixture = try await Fixture()
    try await fixture.seed("机器人甲", field: "智能机器人", trl: "7", province: "江苏", cleared: true)
    try await fixture.seed("机器人乙", field: "智能机器人", trl: "3", province: "四川", cleared: true)
    try await fixture.seed("电池丙", field: "新能源", trl: "8", province: "黑龙江", cleared: true)
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      func titles(_ query: String) async throws -> [String] {
        let data = Data(try await browser.get("/api/achievements" + query).body.utf8)
        return try JSONDecoder().decode(AchievementList.self, from: data).items.map(\.title).sorted()
      }
      #expect(try await titles("?field=" + FormData.encode("智能机器人")) == ["机器人乙", "机器人甲"])
      #expect(try await titles("?trl=7") == ["机器人甲", "电池丙"])
      #expect(try await titles("?province=" + FormData.encode("四川省")) == ["机器人乙"])
      #expect(try await titles("?region=northeast") == [])
      #expect(try await titles("?q=" + FormData.encode("电池")) == ["电池丙"])
      let first = try JSONDecoder().decode(
        AchievementList.self, from: Data(try await browser.get("/api/achievements?perPage=2").body.utf8))
      let second = try JSONDecoder().decode(
        AchievementList.self, from: Data(try await browser.get("/api/achievements?perPage=2&page=2").body.utf8))
      #expect(first.total == 3 && first.pages == 2 && first.items.count == 2 && second.items.count == 1)
      #expect(Set(first.items.map(\.id) + second.items.map(\.id)).count == 3)
      let html = try await browser.get("/?perPage=2&field=" + FormData.encode("智能机器人")).body
      #expect(html.contains("2 条结果"))
      #expect(html.contains("机器人甲") && html.contains("机器人乙") && !html.contains("电池丙"))
      let page2 = try await browser.get("/?perPage=1&page=2").body
      #expect(page2.contains("上一页") && page2.contains("下一页"))
    }
  }

  @Test func englishPagesWithLangParameter() async throws {
    let fixture = try await Fixture()
    let id = try await fixture.seed("传感器", cleared: true)
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      let page = try await browser.get("/?lang=en")
      #expect(page.body.contains(#"<html lang="en">"#))
      #expect(page.body.contains("Achievement catalogue"))
      #expect(page.body.contains("1 results"))
      #expect(!page.body.contains("科技成果信息公开"))
      let detail = try await browser.get("/achievements/" + FormData.encode(id.rawValue) + "?lang=en")
      #expect(detail.body.contains("Back to the catalogue"))
      #expect(detail.body.contains("(not published)"))
      let login = try await browser.get("/login?lang=en")
      #expect(login.body.contains("Username") && login.body.contains("Password"))
    }
  }

  @Test func everyPageWordHasBothLanguages() {
    for (key, entry) in PageText.entries {
      #expect(!entry.zh.isEmpty && !entry.en.isEmpty, "\(key)")
    }
  }

  @Test func apiResponsesMatchTheOpenAPIDocument() async throws {
    let fixture = try await Fixture()
    let id = try await fixture.seed("激光雷达", cleared: true)
    try await fixture.seed("未审查", cleared: false)
    try await fixture.app().test(.router) { client in
      let browser = Browser(client)
      let document = try JSONSerialization.jsonObject(with: Data(try await browser.get("/openapi.json").body.utf8))
      let validator = try SchemaValidator(document: document)
      #expect(validator.paths.contains("/api/achievements"))
      #expect(validator.paths.contains("/api/achievements/{id}"))
      let cases: [(String, String, String)] = [
        ("/api/achievements", "/api/achievements", "200"),
        ("/api/achievements?field=x&trl=3&page=2", "/api/achievements", "200"),
        ("/api/achievements/" + FormData.encode(id.rawValue), "/api/achievements/{id}", "200"),
        ("/api/achievements/missing", "/api/achievements/{id}", "404"),
      ]
      for (uri, path, status) in cases {
        let response = try await browser.get(uri)
        #expect("\(response.status.code)" == status, "\(uri)")
        let value = try JSONSerialization.jsonObject(with: Data(response.body.utf8))
        let problems = try validator.validate(value, path: path, status: status)
        #expect(problems.isEmpty, "\(uri): \(problems)")
      }
    }
  }
}

/// Checks a JSON value against the OpenAPI document's response schema: types, required and
/// unknown properties, enums, integer bounds, `$ref`s.
struct SchemaValidator {
  let document: [String: Any]
  var paths: [String] { Array((document["paths"] as? [String: Any] ?? [:]).keys) }

  init(document: Any) throws {
    guard let document = document as? [String: Any], document["openapi"] as? String == "3.1.0" else {
      throw ValidationFailure("not an OpenAPI 3.1 document")
    }
    self.document = document
  }

  struct ValidationFailure: Error {
    let text: String
    init(_ text: String) { self.text = text }
  }

  func validate(_ value: Any, path: String, status: String, method: String = "get") throws -> [String] {
    guard let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any],
      let response = (operation["responses"] as? [String: Any])?[status] as? [String: Any],
      let schema = (((response["content"] as? [String: Any])?["application/json"]) as? [String: Any])?["schema"]
        as? [String: Any]
    else { throw ValidationFailure("no schema for \(method.uppercased()) \(path) \(status)") }
    var problems: [String] = []
    check(value, schema, at: "$", into: &problems)
    return problems
  }

  func resolve(_ schema: [String: Any]) -> [String: Any] {
    guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/components/schemas/") else { return schema }
    let name = String(ref.dropFirst("#/components/schemas/".count))
    return ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any] ?? [:]
  }

  func check(_ value: Any, _ schema: [String: Any], at location: String, into problems: inout [String]) {
    let schema = resolve(schema)
    switch schema["type"] as? String {
    case "object":
      guard let object = value as? [String: Any] else { return problems.append("\(location): not an object") }
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        problems.append("\(location).\(key): missing")
      }
      let properties = schema["properties"] as? [String: Any] ?? [:]
      for (key, item) in object {
        guard let property = properties[key] as? [String: Any] else {
          if let values = schema["additionalProperties"] as? [String: Any] {
            check(item, values, at: "\(location).\(key)", into: &problems)
          } else if schema["additionalProperties"] as? Bool == false {
            problems.append("\(location).\(key): not in the schema")
          }
          continue
        }
        check(item, property, at: "\(location).\(key)", into: &problems)
      }
    case "array":
      guard let array = value as? [Any] else { return problems.append("\(location): not an array") }
      if let items = schema["items"] as? [String: Any] {
        for (offset, item) in array.enumerated() { check(item, items, at: "\(location)[\(offset)]", into: &problems) }
      }
    case "string":
      guard let string = value as? String else { return problems.append("\(location): not a string") }
      if let allowed = schema["enum"] as? [String], !allowed.contains(string) {
        problems.append("\(location): `\(string)` not in \(allowed)")
      }
    case "integer":
      // Foundation on Linux bridges 0 and 1 to Bool too, so a boolean is told apart by its text.
      guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded(),
        !["true", "false"].contains("\(value)")
      else { return problems.append("\(location): not an integer") }
      if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
        problems.append("\(location): below \(minimum)")
      }
      if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
        problems.append("\(location): above \(maximum)")
      }
    case "number":
      guard value is NSNumber, !["true", "false"].contains("\(value)") else {
        return problems.append("\(location): not a number")
      }
    case "boolean":
      guard ["true", "false", "1", "0"].contains("\(value)") else {
        return problems.append("\(location): not a boolean")
      }
    default:
      problems.append("\(location): schema without a type")
    }
  }
}

@Suite struct HTMLTests {
  @Test func optionsEscapeEveryText() {
    let html = HTML.options([(#"a"><script>"#, "<b>&'", true), ("x", "y", false)])
    #expect(
      html
        == #"<option value="a&quot;&gt;&lt;script&gt;" selected>&lt;b&gt;&amp;&#39;</option><option value="x">y</option>"#
    )
  }
}
