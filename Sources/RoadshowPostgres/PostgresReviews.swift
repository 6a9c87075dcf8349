import Foundation
import PostgresNIO
import RoadshowKernel

/// The review ledger (专家评议) on PostgreSQL: rounds, their pools, assignments and reviews, each
/// row the host's; reviews are appended, never overwritten.
extension PostgresLibrary {
  public func saveRound(_ round: ReviewRound, experts: [Expert]) async throws {
    let tenant = host
    let rubric = try PostgresRecords.json(round.rubric)
    try await database.write(host: tenant) { session in
      try await session.run(
        """
        INSERT INTO review_round (tenant, key, name, rubric, blind, reviewers, minimum_reviews, event)
        VALUES (\(tenant), \(round.key), \(round.name), \(rubric), \(round.blind), \(round.reviewersPerAchievement),
          \(round.minimumReviews), \(round.event))
        ON CONFLICT (tenant, key) DO UPDATE SET name = excluded.name, rubric = excluded.rubric,
          blind = excluded.blind, reviewers = excluded.reviewers, minimum_reviews = excluded.minimum_reviews,
          event = excluded.event
        """)
      try await session.run("DELETE FROM review_expert WHERE tenant = \(tenant) AND round_key = \(round.key)")
      try await session.insert(
        into: "review_expert",
        columns: ["tenant", "round_key", "id", "position", "name", "institution", "fields", "conflicts", "capacity"],
        rows: experts.enumerated().map { position, expert in
          [
            .text(tenant), .text(round.key), .text(expert.id), .int(position), .text(expert.name),
            .text(expert.institution), .texts(expert.fields), .texts(expert.conflicts), .int(expert.capacity),
          ]
        }, suffix: "ON CONFLICT (tenant, round_key, id) DO NOTHING", key: { [$0[2]] })
    }
  }

  public func reviewRounds() async throws -> [ReviewRound] {
    let tenant = host
    return try await database.read { session in
      try await session.rows("SELECT * FROM review_round WHERE tenant = \(tenant) ORDER BY key").map { row in
        ReviewRound(
          key: try row.get("key"), name: try row.get("name"),
          rubric: try PostgresRecords.decode(ReviewRubric.self, try row.get("rubric")), blind: try row.get("blind"),
          reviewersPerAchievement: try row.get("reviewers"), minimumReviews: try row.get("minimum_reviews"),
          event: try row.get("event"))
      }
    }
  }

  public func experts(round key: String) async throws -> [Expert] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT * FROM review_expert WHERE tenant = \(tenant) AND round_key = \(key) ORDER BY position"
      ).map { row in
        Expert(
          id: try row.get("id"), name: try row.get("name"), institution: try row.get("institution"),
          fields: try row.get("fields"), conflicts: try row.get("conflicts"), capacity: try row.get("capacity"))
      }
    }
  }

  public func assign(_ assignments: [ReviewAssignment], round key: String) async throws {
    let tenant = host
    try await database.write(host: tenant) { session in
      guard try await session.exists("SELECT 1 FROM review_round WHERE tenant = \(tenant) AND key = \(key)") else {
        throw ReviewLedgerError.unknownRound(key)
      }
      let pool = Set(
        try await session.rows("SELECT id FROM review_expert WHERE tenant = \(tenant) AND round_key = \(key)").map {
          try $0.get("id", as: String.self)
        })
      let unknown = Set(assignments.map(\.expert)).subtracting(pool).sorted()
      guard unknown.isEmpty else { throw ReviewLedgerError.unknownExperts(unknown) }
      let missing = try await PostgresRecords.missing(assignments.map(\.achievement), tenant: tenant, in: session)
      guard missing.isEmpty else { throw LedgerError.unknownAchievements(missing) }
      try await session.run("DELETE FROM review_assignment WHERE tenant = \(tenant) AND round_key = \(key)")
      try await session.insert(
        into: "review_assignment", columns: ["tenant", "round_key", "achievement_id", "expert_id"],
        rows: assignments.map { [.text(tenant), .text(key), .text($0.achievement.rawValue), .text($0.expert)] },
        suffix: "ON CONFLICT DO NOTHING", key: { [$0[2], $0[3]] })
    }
  }

  public func assignments(round key: String) async throws -> [ReviewAssignment] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        """
        SELECT achievement_id, expert_id FROM review_assignment WHERE tenant = \(tenant) AND round_key = \(key)
        ORDER BY achievement_id, expert_id
        """
      ).map { row in
        ReviewAssignment(
          round: key, achievement: AchievementID(try row.get("achievement_id", as: String.self)),
          expert: try row.get("expert_id"))
      }
    }
  }

  public func record(_ reviews: [Review]) async throws {
    let tenant = host
    let encoded = try reviews.map { ($0, try PostgresRecords.json($0.scores)) }
    try await database.write(host: tenant) { session in
      var unassigned: [String] = []
      for review in reviews
      where try await !session.exists(
        """
        SELECT 1 FROM review_assignment WHERE tenant = \(tenant) AND round_key = \(review.round)
          AND achievement_id = \(review.achievement.rawValue) AND expert_id = \(review.expert)
        """)
      {
        unassigned.append("\(review.achievement)/\(review.expert)")
      }
      guard unassigned.isEmpty else { throw ReviewLedgerError.notAssigned(unassigned) }
      for (review, scores) in encoded {
        try await session.run(
          """
          INSERT INTO review
            (tenant, round_key, achievement_id, expert_id, scores, comment, recusal, recorded_at, recorded_by, source)
          VALUES (\(tenant), \(review.round), \(review.achievement.rawValue), \(review.expert), \(scores),
            \(review.comment), \(review.recusal), \(review.recordedAt), \(review.recordedBy), \(review.source))
          """)
      }
    }
  }

  public func reviews(round key: String) async throws -> [Review] {
    let tenant = host
    return try await database.read { session in
      try await session.rows(
        "SELECT * FROM review WHERE tenant = \(tenant) AND round_key = \(key) ORDER BY seq"
      ).map { row in
        Review(
          round: key, achievement: AchievementID(try row.get("achievement_id", as: String.self)),
          expert: try row.get("expert_id"),
          scores: try PostgresRecords.decode([String: Double].self, try row.get("scores")),
          comment: try row.get("comment"), recusal: try row.get("recusal"), recordedAt: try row.get("recorded_at"),
          recordedBy: try row.get("recorded_by"), source: try row.get("source"))
      }
    }
  }
}
