import Foundation

/// Who an output is for. Everything outside the host's office sees records only through the
/// ``PublicationGate``.
public enum Audience: String, Sendable, Hashable, Codable, CaseIterable {
  /// The host's office (承办单位内部): shortlists, decisions, the work summary.
  case host
  /// Parties of the programme: enterprises, experts, investors, holders (push list, agenda,
  /// itineraries, invitations).
  case participants
  /// Anyone (online catalogue, published lists).
  case `public`
  /// The experts of a review round (评审专家): what participants see, and in a blind round no
  /// holder institution, team, contacts or province either (``PublicationGate/releaseForReview(_:blind:)``).
  case expert

  /// The audience in words.
  public func name(_ locale: ReportLocale) -> String {
    switch self {
    case .host: locale == .zhCN ? "承办单位内部" : "host's office only"
    case .participants: locale == .zhCN ? "参与方" : "participants"
    case .public: locale == .zhCN ? "公开" : "public"
    case .expert: locale == .zhCN ? "评审专家" : "review experts"
    }
  }
}

/// A field of an achievement that the config may keep out of every output for participants or
/// the public (`publication: {withhold: [...]}`).
public enum PublicationField: String, Sendable, Hashable, Codable, CaseIterable {
  /// Short description (成果简介).
  case summary
  /// Holder institution (持有单位).
  case institution
  /// Team members (团队).
  case team
  /// Contact people, phones and e-mail addresses found among the record's attributes.
  case contacts
  /// Public funding (经费).
  case funding
  /// Intellectual property items (知识产权).
  case ip
  /// Province and region of the holder.
  case province
  /// Industrial prospect score from expert assessment.
  case prospect

  /// What stays inside the host's office unless the config says otherwise: names of team
  /// members, contacts, funds and IP details.
  public static let withheldByDefault: Set<PublicationField> = [.team, .contacts, .funding, .ip]

  /// Attribute keys (lower-cased) treated as contacts.
  static let contactKeys = ["contact", "phone", "mobile", "tel", "email", "e-mail", "联系人", "电话", "手机", "邮箱", "联系方式"]

  /// Whether an attribute key names a contact.
  public static func isContact(_ key: String) -> Bool {
    let key = key.lowercased()
    return contactKeys.contains { key.contains($0) }
  }
}

/// An achievement as it may leave the host's office: it passed confidentiality review (保密审查),
/// and the fields the config withholds are empty. Only ``PublicationGate`` makes one, so an
/// output built from these cannot carry an uncleared record or a withheld field.
public struct PublishedAchievement: Sendable, Hashable {
  /// Identity.
  public let id: AchievementID
  /// Title.
  public let title: String
  /// Short description, unless withheld.
  public let summary: String?
  /// Holder institution, unless withheld.
  public let institution: String?
  /// Team members, unless withheld (empty then).
  public let team: [String]
  /// Industry field.
  public let field: String?
  /// Technology maturity.
  public let readiness: TechnologyReadiness
  /// Industrial prospect, unless withheld.
  public let prospect: Double?
  /// Province, unless withheld.
  public let province: String?
  /// Region, unless the province is withheld.
  public let region: Region?
  /// Intake channel.
  public let channel: IntakeChannel
  /// Transfer modes wanted.
  public let transferModes: [TransferMode]
  /// IP items, unless withheld (empty then).
  public let intellectualProperty: [String]
  /// Year.
  public let year: Int?
  /// Public funding, unless withheld.
  public let fundingWanYuan: Double?
  /// Track-specific attributes, less contacts when contacts are withheld.
  public let attributes: [String: String]

  init(_ record: Achievement, withholding withheld: Set<PublicationField>) {
    id = record.id
    title = record.title
    summary = withheld.contains(.summary) ? nil : record.summary
    institution = withheld.contains(.institution) ? nil : record.institution
    team = withheld.contains(.team) ? [] : record.team
    field = record.field
    readiness = record.readiness
    prospect = withheld.contains(.prospect) ? nil : record.prospect
    province = withheld.contains(.province) ? nil : record.province
    region = withheld.contains(.province) ? nil : record.region
    channel = record.channel
    transferModes = record.transferModes
    intellectualProperty = withheld.contains(.ip) ? [] : record.intellectualProperty
    year = record.year
    fundingWanYuan = withheld.contains(.funding) ? nil : record.fundingWanYuan
    attributes =
      withheld.contains(.contacts)
      ? record.attributes.filter { !PublicationField.isContact($0.key) } : record.attributes
  }
}

/// Records released to one audience: the cleared ones, redacted, in the order given, and the ids
/// of those held back. An output for participants or the public is made from one of these
/// (``OutputFile/init(name:text:publication:)``).
public struct Publication: Sendable {
  /// Who it is for.
  public let audience: Audience
  /// The records that may be shown, in the order given.
  public let records: [PublishedAchievement]
  /// Records held back because they have not been cleared, in the order given.
  public let withheld: [AchievementID]
  private let index: [AchievementID: Int]

  init(audience: Audience, records: [PublishedAchievement], withheld: [AchievementID]) {
    self.audience = audience
    self.records = records
    self.withheld = withheld
    var index: [AchievementID: Int] = [:]
    for (offset, record) in records.enumerated() { index[record.id] = offset }
    self.index = index
  }

  /// The released record `id`, or `nil` when it was held back or not given.
  public subscript(_ id: AchievementID) -> PublishedAchievement? {
    index[id].map { records[$0] }
  }

  /// Whether `id` was released.
  public func contains(_ id: AchievementID) -> Bool { index[id] != nil }

  /// The same audience with nothing released: for outputs that name no record.
  public static func none(for audience: Audience) -> Publication {
    Publication(audience: audience, records: [], withheld: [])
  }
}

/// The publication gate (公开审查关口): the only way a record reaches an output for anyone outside
/// the host's office. A record passes when its confidentiality status is ``Confidentiality/cleared``;
/// the fields in ``withheld`` are removed from every record that passes. Pending records may still
/// be screened and selected; they appear in the run's internal to-do list (保密审查待办) instead.
public struct PublicationGate: Sendable {
  /// Fields kept inside the host's office.
  public var withheld: Set<PublicationField>

  /// A gate withholding `withheld` (by default team, contacts, funding and IP).
  public init(withholding withheld: Set<PublicationField> = PublicationField.withheldByDefault) {
    self.withheld = withheld
  }

  /// Releases `records` to `audience`: cleared ones redacted, the rest held back.
  public func release(_ records: [Achievement], to audience: Audience) -> Publication {
    var released: [PublishedAchievement] = []
    var held: [AchievementID] = []
    for record in records {
      if record.confidentiality == .cleared {
        released.append(PublishedAchievement(record, withholding: audience == .host ? [] : withheld))
      } else {
        held.append(record.id)
      }
    }
    return Publication(audience: audience, records: released, withheld: held)
  }

  /// Fields a blind review round withholds from experts on top of ``withheld``: whatever names
  /// the holder (institution, team, contacts, province).
  public static let blindReview: Set<PublicationField> = [.institution, .team, .contacts, .province]

  /// Releases `records` to the experts of a review round: cleared ones redacted as for
  /// participants, and in a blind round without ``blindReview`` either.
  public func releaseForReview(_ records: [Achievement], blind: Bool) -> Publication {
    let gate = PublicationGate(withholding: blind ? withheld.union(Self.blindReview) : withheld)
    return gate.release(records, to: .expert)
  }

  /// Releases the candidates' records to `audience`.
  public func release(_ candidates: [Candidate], to audience: Audience) -> Publication {
    release(candidates.map(\.achievement), to: audience)
  }
}
