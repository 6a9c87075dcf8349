import Foundation
import Testing

@testable import RoadshowKernel

/// `Achievement` keeps its fields in one shared box: copies must still behave as independent
/// values, and equality, hashing and coding must be those of the fields.
@Suite struct AchievementValueTests {
  func sample() -> Achievement {
    Achievement(
      id: AchievementID(source: "nkrdp-2018", externalID: "2018YFB1304900"), title: "工业机器人关节减速器",
      summary: "简介", institution: "某大学", team: ["张三"], field: "智能机器人", readiness: .level(6), prospect: 72.5,
      province: "江苏", region: .east, channel: .nationalProgramme, transferModes: [.licence],
      intellectualProperty: ["发明专利2项"], confidentiality: .cleared, year: 2018, fundingWanYuan: 1200,
      attributes: ["crop": "水稻"],
      clearance: ClearanceReview(decision: .cleared, reviewer: "王审查", date: "2024-08-01"))
  }

  @Test func aChangedCopyLeavesTheOriginalAlone() {
    let original = sample()
    var copy = original
    #expect(copy == original)
    copy.title = "另一个标题"
    copy.team.append("李四")
    copy.attributes["scenario"] = "工厂"
    copy.confidentiality = .restricted
    #expect(original.title == "工业机器人关节减速器")
    #expect(original.team == ["张三"])
    #expect(original.attributes == ["crop": "水稻"])
    #expect(original.confidentiality == .cleared)
    #expect(copy.team == ["张三", "李四"])
    #expect(copy != original)
  }

  @Test func equalityAndHashingAreTheFieldsButWhereConfidentialityCameFrom() {
    let a = sample()
    var b = Achievement(id: a.id, title: a.title)
    b.summary = a.summary
    b.institution = a.institution
    b.team = a.team
    b.field = a.field
    b.readiness = a.readiness
    b.prospect = a.prospect
    b.province = a.province
    b.region = a.region
    b.channel = a.channel
    b.transferModes = a.transferModes
    b.intellectualProperty = a.intellectualProperty
    b.confidentiality = a.confidentiality
    b.year = a.year
    b.fundingWanYuan = a.fundingWanYuan
    b.attributes = a.attributes
    b.clearance = a.clearance
    b.confidentialityStated = false
    #expect(a == b)
    #expect(a.hashValue == b.hashValue)
    #expect(Set([a, b]).count == 1)
    b.prospect = 72.4
    #expect(a != b)
  }

  @Test func codingKeepsEveryField() throws {
    let record = sample()
    let data = try JSONEncoder().encode(record)
    let decoded = try JSONDecoder().decode(Achievement.self, from: data)
    #expect(decoded == record)
    #expect(decoded.confidentialityStated)
    let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
    #expect(
      keys == [
        "attributes", "channel", "clearance", "confidentiality", "field", "fundingWanYuan", "id", "institution",
        "intellectualProperty", "prospect", "province", "readiness", "region", "summary", "team", "title",
        "transferModes", "year",
      ])
    // Absent optionals are left out, as before.
    let bare =
      try JSONSerialization.jsonObject(
        with: JSONEncoder().encode(Achievement(id: record.id, title: "标题"))) as? [String: Any]
    #expect(bare?["summary"] == nil)
    #expect(bare?["title"] as? String == "标题")
  }

  @Test func anUpdateThatChangesNothingIsTheSameRecord() {
    let stored = sample()
    var incoming = Achievement(id: stored.id, title: stored.title)
    incoming.field = stored.field
    incoming.fundingWanYuan = stored.fundingWanYuan
    #expect(stored.updated(with: incoming) == stored)
    incoming.fundingWanYuan = 1300
    let updated = stored.updated(with: incoming)
    #expect(updated.fundingWanYuan == 1300)
    #expect(stored.fundingWanYuan == 1200)
    #expect(updated.summary == stored.summary)
    // Stating a status: restricted always wins; where the status came from stays the stored one's.
    incoming.confidentiality = .restricted
    let restricted = stored.updated(with: incoming)
    #expect(restricted.confidentiality == .restricted)
    #expect(restricted.confidentialityStated == stored.confidentialityStated)
  }

  @Test func fixedDecimalsAreWhatStringFormatWrites() {
    for value in [0, 0.5, 1.25, 2.675, -3.14159, 1e-7, 123_456.789_5, 1e20, 0.0005, 0.0015, 99.995] {
      for digits in [0, 1, 2, 3, 4] {
        #expect(ReportFormat.fixed(value, digits: digits) == String(format: "%.\(digits)f", value))
      }
    }
  }

  /// The integer formatter agrees with the C library on ties, tiny and negative values, values
  /// near the range's ends and many random ones (scores, shares, funds).
  @Test func exactDecimalsAgreeWithTheCLibrary() {
    var generator = SystemRandomNumberGenerator()
    var values: [Double] = [
      0, -0.0, 0.125, 0.375, 2.5, 3.5, -2.5, 0.045, 1.005, 5e-324, -1e-300, 0.049_999_999_999_999_996,
      999_999_999_999_999.9, 1e15 - 1, 4.35, 72.5, 33.333_333_333_333_336, 1.0 / 3, 2.0 / 3, 0.1 + 0.2,
    ]
    for _ in 0..<20_000 {
      values.append(Double.random(in: -100...100, using: &generator))
      values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 1000)
      values.append(Double(Int.random(in: 0...20_000, using: &generator)) / 8)
      values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
    }
    var covered = 0
    for value in values {
      for digits in 0...9 {
        let expected = String(format: "%.\(digits)f", value)
        #expect(ReportFormat.fixed(value, digits: digits) == expected, "\(value) with \(digits) decimals")
        if let exact = ReportFormat.exactFixed(value, digits: digits) {
          covered += 1
          #expect(exact == expected, "\(value) with \(digits) decimals")
        }
      }
    }
    // The integer path is the one that ran for most of them.
    #expect(covered > values.count * 5)
  }

  /// Sorting ids by key then bytes gives the order `sorted()` gives, shared prefixes or not.
  @Test func orderedIDsAreSortedIDs() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("0123456789ABCFYX:-é中\u{0}")
    for round in 0..<50 {
      let prefix = round % 2 == 0 ? "nkrdp-2018:2018YF" : ""
      var ids = Set<AchievementID>()
      for _ in 0..<Int.random(in: 0...400, using: &generator) {
        let length = Int.random(in: 0...12, using: &generator)
        let tail = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
        ids.insert(AchievementID(prefix + tail))
      }
      let list = Array(ids)
      #expect(AchievementID.ordered(list) == list.sorted())
      #expect(AchievementID.ordered(list.sorted()) == list.sorted())
    }
  }
}
