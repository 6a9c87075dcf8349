import Foundation
import RoadshowKernel

/// Spin-off readiness (创业准备度): how ready a university achievement is to become a company,
/// scored in four transparent parts and decided with a reason.
///
/// With the weights normalised to sum to 1, each part is worth up to `100 × weight`:
/// - team = 100·w_team·(0.7·min(1, members / min_team) + 0.3·[a member with a business role])
/// - ip = 100·w_ip·(0.5·rights + 0.3·[office authorised to negotiate] + 0.2·[IP items listed]),
///   rights: ownership 1, long-term use 0.8, none or not reported 0
/// - market = w_market·prospect (0–100; `unknown_market_as` when not assessed, flagged)
/// - commitment = 100·w_commitment·(full time 1, part time 0.6, adviser 0.3, none 0)
///
/// A record passes when its score reaches `min_score`. Before the score, two rules can reject it
/// outright: no company can take in an achievement whose researchers hold no rights while the
/// office may not negotiate (`ip_clearance`), and nobody founds without a founder (`founder`).
public struct SpinoffReadiness: ScreeningPolicy {
  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.spinoff_readiness", kind: .screening, track: "university",
    title: LocalizedText(zh: "创业准备度", en: "Spin-off readiness"),
    summary: LocalizedText(
      zh: "创业准备度评分（团队、知识产权权属与授权、市场、创业投入四项透明计分），并检查赋权或授权与创始人意愿",
      en:
        "Spin-off readiness: a transparent four-part score (team, IP rights and authorisation, market, founder commitment)"
    ),
    parameters: [
      ParameterSpec(
        "weights",
        .object([
          ParameterSpec(
            "team", .number(0...1), default: "0.25", doc: LocalizedText(zh: "团队权重", en: "weight of the team")),
          ParameterSpec(
            "ip", .number(0...1), default: "0.3",
            doc: LocalizedText(zh: "知识产权权属与授权权重", en: "weight of IP rights and authorisation")),
          ParameterSpec(
            "market", .number(0...1), default: "0.25", doc: LocalizedText(zh: "市场前景权重", en: "weight of the market")),
          ParameterSpec(
            "commitment", .number(0...1), default: "0.2",
            doc: LocalizedText(zh: "创业投入（创始人全职/兼职）权重", en: "weight of founder commitment")),
        ]),
        doc: LocalizedText(zh: "评分权重（各项 0–1，按总和归一）", en: "score weights (each 0–1, normalised to sum 1)")),
      ParameterSpec(
        "min_score", .number(0...100), default: "60",
        doc: LocalizedText(zh: "通过所需的最低准备度（0–100）", en: "lowest readiness score that passes (0–100)")),
      ParameterSpec(
        "min_team", .integer(1...20), default: "3",
        doc: LocalizedText(zh: "团队得满分所需的成员数", en: "team members needed for the full team part")),
      ParameterSpec(
        "business_roles", .list(.text), default: "[\(defaultBusinessRoles.joined(separator: ", "))]",
        doc: LocalizedText(
          zh: "团队成员分工中表示经营管理能力的词", en: "words in team roles that show business skills")),
      ParameterSpec(
        "unknown_market_as", .number(0...100), default: "40",
        doc: LocalizedText(
          zh: "市场前景未评估时计分采用的值（并标注）", en: "market prospect assumed when not assessed (flagged)")),
      ParameterSpec(
        "require_ip_clearance", .boolean, default: "true",
        doc: LocalizedText(
          zh: "是否要求已赋权（所有权或长期使用权）或学校已授权技术转移机构谈判",
          en: "require researcher rights (ownership or long-term use) or an office authorised to negotiate")),
      ParameterSpec(
        "require_founder", .boolean, default: "true",
        doc: LocalizedText(
          zh: "是否要求有人创业（创业意愿为全职、兼职或顾问；未填报视为无）",
          en: "require someone to found (full time, part time or adviser; not reported counts as none)")),
      ParameterSpec(
        "output", .outputName, default: "readiness.csv",
        doc: LocalizedText(zh: "评分明细文件名（含全部参评项目）", en: "score table file name (every scored project)")),
    ],
    example: """
      - plugin: university.spinoff_readiness
        name: 创业准备度
        with:
          weights: {team: 0.25, ip: 0.3, market: 0.25, commitment: 0.2}
          min_score: 55
          min_team: 3
      """)

  /// Words in a team member's role that show business skills (经营管理能力).
  static let defaultBusinessRoles = ["经营", "管理", "市场", "商务", "财务", "运营", "销售", "CEO"]
  static let defaultBusinessRoleMatcher = KeywordMatcher(defaultBusinessRoles)

  struct Weights {
    var team: Double
    var ip: Double
    var market: Double
    var commitment: Double
  }

  let weights: Weights
  let minScore: Double
  let minTeam: Int
  let businessRoles: KeywordMatcher
  let unknownMarket: Double
  let requireClearance: Bool
  let requireFounder: Bool
  let output: String

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  public init(parameters p: ParameterValues) throws {
    let w = p.object("weights")
    let raw = Weights(
      team: w?.double("team") ?? 0.25, ip: w?.double("ip") ?? 0.3, market: w?.double("market") ?? 0.25,
      commitment: w?.double("commitment") ?? 0.2)
    let total = raw.team + raw.ip + raw.market + raw.commitment
    guard total > 0 else {
      throw PluginSetupError([
        p.problem("weights", LocalizedText(zh: "权重之和必须大于 0", en: "the weights must not all be zero"), code: .outOfRange)
      ])
    }
    weights = Weights(
      team: raw.team / total, ip: raw.ip / total, market: raw.market / total, commitment: raw.commitment / total)
    minScore = p.double("min_score") ?? 60
    minTeam = p.int("min_team") ?? 3
    businessRoles = KeywordMatcher(
      p.strings("business_roles", otherwise: Self.defaultBusinessRoles).filter { !$0.isEmpty })
    unknownMarket = p.double("unknown_market_as") ?? 40
    requireClearance = p.bool("require_ip_clearance") ?? true
    requireFounder = p.bool("require_founder") ?? true
    output = p.string("output") ?? "readiness.csv"
  }

  /// The candidate with its four score parts set and notes on what was assumed.
  func scored(_ candidate: Candidate) -> Candidate {
    var c = candidate
    let a = c.achievement
    let profile = SpinoffProfile(a)
    let members = Double(a.team.count)
    let business = a.team.contains { businessRoles.matches($0) }
    c.setScore("team", 100 * weights.team * (0.7 * min(1, members / Double(minTeam)) + 0.3 * (business ? 1 : 0)))
    let rights: Double
    switch profile.rights {
    case .ownership: rights = 1
    case .longTermUse: rights = 0.8
    case .some(RightsStatus.none), nil: rights = 0
    }
    let ip = 0.5 * rights + 0.3 * (profile.authorised == true ? 1 : 0) + 0.2 * (a.intellectualProperty.isEmpty ? 0 : 1)
    c.setScore("ip", 100 * weights.ip * ip)
    c.setScore("market", weights.market * (a.prospect ?? unknownMarket))
    c.setScore("commitment", 100 * weights.commitment * (profile.founder?.factor ?? 0))
    if a.prospect == nil {
      c.flags.append(
        LocalizedText(
          zh: "市场前景未评估（按\(Self.format(unknownMarket))分计）",
          en: "market prospect not assessed (scored as \(Self.format(unknownMarket)))"))
    }
    if profile.rights == nil && profile.authorised == nil {
      c.flags.append(LocalizedText(zh: "赋权及授权谈判情况未报送", en: "rights and authorisation not reported"))
    }
    return c
  }

  /// Decides on every candidate, with its rule, score and reason.
  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let ranked = candidates.map(scored).sorted { ($0.score, $1.id) > ($1.score, $0.id) }
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for candidate in ranked {
      let profile = SpinoffProfile(candidate.achievement)
      let score = Self.round(candidate.score)
      let parts = Self.parts(candidate)
      func decide(_ pass: Bool, _ rule: String, _ zh: String, _ en: String) {
        decisions.append(
          ScreeningDecision(
            achievement: candidate.id, passed: pass, rule: rule, score: score,
            reason: LocalizedText(zh: zh + "（\(parts.zh)）", en: en + " (\(parts.en))")))
      }
      if requireClearance && !profile.ipCleared {
        let rights = profile.rights.map { $0.name(.zhCN) } ?? "未报送"
        let authorised = profile.authorised.map { $0 ? "已授权" : "未授权" } ?? "未报送"
        decide(
          false, "ip_clearance",
          "知识产权权属未理顺：赋权情况「\(rights)」，技术转移机构授权谈判「\(authorised)」，成果无法作价入股新企业",
          "IP not cleared: researcher rights “\(profile.rights?.name(.en) ?? "not reported")”, office authorised "
            + "“\(profile.authorised.map { $0 ? "yes" : "no" } ?? "not reported")”; no company can take it in")
      } else if requireFounder && (profile.founder ?? FounderCommitment.none) == FounderCommitment.none {
        decide(
          false, "founder",
          profile.founder == nil ? "创业意愿未填报，无人牵头创办企业" : "团队无创业意愿",
          profile.founder == nil ? "founder commitment not reported; no one to found the company" : "no one will found")
      } else if score < minScore {
        decide(
          false, "min_score", "创业准备度 \(Self.format(score)) 低于门槛 \(Self.format(minScore))",
          "readiness \(Self.format(score)) is below \(Self.format(minScore))")
      } else {
        passed.append(candidate)
        decide(
          true, "min_score", "创业准备度 \(Self.format(score)) ≥ \(Self.format(minScore))",
          "readiness \(Self.format(score)) ≥ \(Self.format(minScore))")
      }
    }
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: output, text: CandidateTable.csv(ranked, locale: context.locale))])
  }

  /// The parts in words: `团队 20，知识产权 24，市场 17.5，创业投入 12`.
  static func parts(_ candidate: Candidate) -> LocalizedText {
    let names: [String: (zh: String, en: String)] = [
      "team": ("团队", "team"), "ip": ("知识产权", "IP"), "market": ("市场", "market"),
      "commitment": ("创业投入", "commitment"),
    ]
    let known = candidate.scoreParts.filter { names[$0.name] != nil }
    return LocalizedText(
      zh: known.map { "\(names[$0.name]?.zh ?? $0.name) \(format(round($0.value)))" }.joined(separator: "，"),
      en: known.map { "\(names[$0.name]?.en ?? $0.name) \(format(round($0.value)))" }.joined(separator: ", "))
  }

  static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }

  static func format(_ value: Double) -> String {
    value.rounded() == value
      ? String(Int(value))
      : String(format: "%.2f", value).replacingOccurrences(
        of: #"\.?0+$"#, with: "", options: .regularExpression)
  }
}
