import Foundation
import PostgresNIO
import RoadshowKernel
import RoadshowServices

/// One host's notices, event registrations and interest responses (schema `v5-onsite-engagement`).
extension PostgresPlatformStore {
  public func addNotice(_ notice: Notice) async throws -> Notice {
    let tenant = host
    return try await database.write(host: tenant) { session in
      let rows = try await session.rows(
        """
        INSERT INTO platform_notice (tenant, publisher, audience, title, body, published_by, published_at)
        VALUES (\(tenant), \(notice.publisher), \(notice.audience.rawValue), \(notice.title), \(notice.body),
          \(notice.publishedBy), \(notice.publishedAt))
        RETURNING id
        """)
      var stored = notice
      stored.id = try rows.first.map { try $0.get("id", as: Int.self) }
      return stored
    }
  }

  public func notices() async throws -> [Notice] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT * FROM platform_notice WHERE tenant = \(tenant) ORDER BY published_at DESC, id DESC"
      ).compactMap { row in
        guard let audience = NoticeAudience(rawValue: try row.get("audience", as: String.self)) else { return nil }
        return Notice(
          id: try row.get("id"), publisher: try row.get("publisher"), audience: audience, title: try row.get("title"),
          body: try row.get("body"), publishedBy: try row.get("published_by"),
          publishedAt: try row.get("published_at"))
      }
    }
  }

  public func register(_ registration: EventRegistration) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      try await session.run(
        """
        INSERT INTO platform_registration (tenant, event_key, username, organisation, contact, demand, registered_at)
        VALUES (\(tenant), \(registration.event), \(registration.username), \(registration.organisation),
          \(registration.contact), \(registration.demand), \(registration.registeredAt))
        ON CONFLICT (tenant, event_key, username) DO UPDATE SET organisation = excluded.organisation,
          contact = excluded.contact, demand = excluded.demand, registered_at = excluded.registered_at
        """)
    }
  }

  public func registrations(event: String?) async throws -> [EventRegistration] {
    let tenant = host
    return try await database.read { session in
      let rows =
        if let event {
          try await session.rows(
            """
            SELECT * FROM platform_registration WHERE tenant = \(tenant) AND event_key = \(event)
            ORDER BY registered_at, username
            """)
        } else {
          try await session.rows(
            "SELECT * FROM platform_registration WHERE tenant = \(tenant) ORDER BY registered_at, username")
        }
      return try rows.map { row in
        EventRegistration(
          event: try row.get("event_key"), username: try row.get("username"),
          organisation: try row.get("organisation"), contact: try row.get("contact"), demand: try row.get("demand"),
          registeredAt: try row.get("registered_at"))
      }
    }
  }

  public func respond(_ response: InterestResponse) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      try await session.run(
        """
        INSERT INTO platform_interest (tenant, achievement_id, username, organisation, level, note, recorded_at)
        VALUES (\(tenant), \(response.achievement.rawValue), \(response.username), \(response.organisation),
          \(response.level.rawValue), \(response.note), \(response.recordedAt))
        """)
    }
  }

  public func responses() async throws -> [InterestResponse] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT * FROM platform_interest WHERE tenant = \(tenant) ORDER BY sequence"
      ).compactMap { row in
        guard let level = InterestLevel(rawValue: try row.get("level", as: String.self)) else { return nil }
        return InterestResponse(
          achievement: AchievementID(try row.get("achievement_id", as: String.self)), username: try row.get("username"),
          organisation: try row.get("organisation"), level: level, note: try row.get("note"),
          recordedAt: try row.get("recorded_at"))
      }
    }
  }
}
