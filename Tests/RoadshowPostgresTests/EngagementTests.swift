import Foundation
import RoadshowKernel
import RoadshowPostgres
import RoadshowServices
import Testing

/// Notices, registrations and interest responses on PostgreSQL, each host's its own.
@Suite(.enabled(if: TestServer.enabled, TestServer.reason))
struct EngagementTests {
  @Test func noticesRegistrationsAndResponsesRoundTripAndStayWithTheirHost() async throws {
    let database = try await TestServer.database()
    let a = try PostgresPlatformStore(database: database, host: TestServer.host("host-A"))
    let b = try PostgresPlatformStore(database: database, host: TestServer.host("host-B"))
    let first = try await a.addNotice(
      Notice(
        publisher: "甲", audience: .enterprises, title: "报名通知", body: "请报名", publishedBy: "host-a",
        publishedAt: "2026-11-01T00:00:00Z"))
    let second = try await a.addNotice(
      Notice(
        publisher: "甲", audience: .everyone, title: "公开通知", body: "公开", publishedBy: "host-a",
        publishedAt: "2026-11-02T00:00:00Z"))
    #expect(first.id != nil && second.id != nil && first.id != second.id)
    #expect(try await a.notices().map(\.title) == ["公开通知", "报名通知"])
    try await a.register(
      EventRegistration(
        event: "e1", username: "ent", organisation: "某企业", contact: "王 1", demand: "", registeredAt: "t1"))
    try await a.register(
      EventRegistration(
        event: "e1", username: "ent", organisation: "某企业", contact: "王 2", demand: "视觉", registeredAt: "t2"))
    #expect(try await a.registrations(event: "e1").map(\.contact) == ["王 2"])
    try await a.respond(
      InterestResponse(
        achievement: AchievementID("x:1"), username: "ent", organisation: "某企业", level: .low, note: "",
        recordedAt: "t1"))
    try await a.respond(
      InterestResponse(
        achievement: AchievementID("x:1"), username: "ent", organisation: "某企业", level: .high, note: "洽谈",
        recordedAt: "t2"))
    #expect(try await a.responses().map(\.level) == [.low, .high])
    let standing = try await EngagementService(store: a).standingResponses()
    #expect(standing.map(\.level) == [.high])
    // Host B sees none of it.
    #expect(try await b.notices().isEmpty)
    #expect(try await b.registrations(event: nil).isEmpty)
    #expect(try await b.responses().isEmpty)
  }
}
