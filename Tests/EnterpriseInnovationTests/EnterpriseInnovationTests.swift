import EnterpriseInnovation
import Foundation
import RoadshowKernel
import RoadshowLauncher
import Testing
import TorchExpress

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("enterprise-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func configuration(_ stages: String, files: [String: String]) throws -> RoadshowConfiguration {
  let folder = try temporaryDirectory()
  for (name, text) in files {
    try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  let yaml = """
    programme: {name: test, year: 2025}
    locale: en
    tracks: [torch, enterprise]
    event_date: 2025-06-18
    host: {name: test host}
    \(stages)
    """
  let file = folder.appendingPathComponent("test.yaml").path
  return try ConfigLoader.build(
    try ConfigLoader.parse(yaml, file: file),
    registry: try PluginRegistry(modules: [TorchExpress.module, EnterpriseInnovation.module]))
}

@Suite struct EnterpriseInnovationTests {
  let context = PipelineContext(locale: .en, eventDate: "2025-06-18")

  static let patents = """
    Center;Status;Case Number;Title;Patent Expiration Date;licence_fee
    NASA Ames;Issued;ARC-1;Old Sensor;10 March 2015;
    NASA Ames;Issued;ARC-2;Thermal Tile;06/16/2030;10000 USD
    NASA Glenn;Application;LEW-3;Battery Pack;;
    NASA Glenn;Issued;LEW-4;Bad Date;2030-13-01;

    """

  func catalogue(_ text: String = patents, onBadRow: String = "skip") async throws -> IntakeBatch {
    let config = try configuration(
      """
      intake:
        - plugin: enterprise.patent_catalogue
          with: {file: p.csv, source: nasa, separator: ";", term_years: 3, on_bad_row: \(onBadRow)}
      screening: []
      """, files: ["p.csv": text])
    let stage = try #require(config.intake.first)
    return try await stage.plugin.collect(in: context)
  }

  @Test func patentsCarryTheirLicenceTermsAndExpiredOnesAreNotOffered() async throws {
    let batch = try await catalogue()
    #expect(batch.records.map(\.id.rawValue) == ["nasa:ARC-2", "nasa:LEW-3"])
    let tile = try #require(batch.records.first)
    #expect(tile.attributes["licence_fee"] == "10000 USD", "a column wins over the default")
    #expect(tile.attributes["licence_term_years"] == "3")
    #expect(tile.attributes["expires"] == "2030-06-16")
    #expect(tile.transferModes == [.licence] && tile.confidentiality == .cleared)
    #expect(batch.records[1].attributes["licence_fee"] == "negotiable")
    #expect(batch.warnings.contains { $0.message.en.contains("1 patents expired") })
    #expect(batch.skipped.count == 1 && batch.skipped.first?.location?.line == 5)
    await #expect(throws: DataError.self) { _ = try await catalogue(onBadRow: "stop") }
  }

  @Test func expiryDatesAreReadInBothFormsOfTheList() {
    #expect(PatentCatalogueDates.parse("10 March 2015") == "2015-03-10")
    #expect(PatentCatalogueDates.parse("06/16/2024") == "2024-06-16")
    #expect(PatentCatalogueDates.parse("02/30/2024") == nil)
    #expect(PatentCatalogueDates.parse("March 2015") == nil)
  }

  @Test func demandListsAreReadAndOnlyAgreedOnesPublished() async throws {
    let demands = """
      id,enterprise,list,need,public
      D1,A,demand,battery safety,yes
      D2,B,scenario,substation sensing,
      D3,C,demand,secret need,no
      D4,D,scenaro,bad row,yes

      """
    let config = try configuration(
      """
      intake:
        - plugin: enterprise.demand_lists
          with: {file: d.csv, on_bad_row: skip}
      screening: []
      event:
        - plugin: enterprise.demand_publication
      """, files: ["d.csv": demands])
    let intake = try #require(config.intake.first)
    let batch = try await intake.plugin.collect(in: context)
    #expect(batch.demands.map(\.id) == ["D1", "D2", "D3"])
    #expect(batch.demands.map(\.category) == [.technology, .scenario, .technology])
    #expect(batch.skipped.first?.suggestion == "scenario")
    var eventContext = context
    eventContext.demands = batch.demands
    let event = try #require(config.events.first)
    let result = try await event.plugin.plan(EventInput(selected: [], funnel: []), in: eventContext)
    let list = try #require(result.artifacts.first { $0.name == "demand-lists.csv" })
    #expect(list.audience == .public)
    let text = String(decoding: list.contents, as: UTF8.self)
    #expect(text.contains("battery safety") && text.contains("substation sensing"))
    #expect(!text.contains("secret need"), "a demand not agreed for publication stays in the office")
  }

  @Test func progressCountsConsortiaEventsAndPatents() async throws {
    let config = try configuration(
      """
      intake: []
      screening: []
      follow_up:
        - plugin: enterprise.progress
          with: {consortia: c.csv}
      """, files: ["c.csv": "name,lead,members\nX,Lead A,a;b\nY,Lead B,c\n"])
    let stage = try #require(config.followUp.first)
    let library = [
      Achievement(
        id: AchievementID("p:1"), title: "a", institution: "U1", transferModes: [.licence], intellectualProperty: ["1"]),
      Achievement(
        id: AchievementID("p:2"), title: "b", institution: "U2", transferModes: [.licence], intellectualProperty: ["2"]),
      Achievement(id: AchievementID("p:3"), title: "c", institution: "U2"),
    ]
    var withLedger = context
    withLedger.ledger = LedgerSnapshot(events: [
      ProgrammeEvent(key: "earlier", programme: "p", series: "s", host: LedgerHost(name: "h"), run: "r")
    ])
    let result = try await stage.plugin.plan(
      FollowUpInput(pitched: [], events: [RoadshowEvent(format: "x", title: "t")], library: library), in: withLedger)
    #expect(result.indicators.map(\.value) == [2, 2, 2, 2])
    #expect(result.indicators.map(\.target) == [30, 1000, 10_000, 30])
  }
}
