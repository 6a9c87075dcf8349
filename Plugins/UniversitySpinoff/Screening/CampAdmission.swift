import Foundation
import RoadshowKernel

/// Admission to the training camp (科创训练营, 002 §二（二）2): the best-scored teams up to the
/// cohort size, with an optional cap per university and seats reserved for self-recommended
/// teams; the next ones form a ranked waiting list. Writes the cohort and the waiting list.
///
/// Seats are filled in two passes: first the reserved seats, by the best self-recommended teams;
/// then every other seat by score. A reserved team that outscored a team admitted on merit is
/// recorded as admitted on merit (`admitted`); only the others hold a `reserved_seat`. Each
/// team's decision names its rank and the rule that decided.
public struct CampAdmission: ScreeningPolicy {
  /// Id, kind, track, summary, documented parameters and the example the tests run.
  public static let description = PluginDescription(
    id: "university.camp_admission", kind: .screening, track: "university",
    title: LocalizedText(zh: "训练营录取", en: "Camp admission"),
    summary: LocalizedText(
      zh: "科创训练营录取：按准备度择优录取至营员规模，可设每校名额上限和自荐团队保留名额，其余列入候补",
      en:
        "Training-camp admission: best teams up to the cohort size, with a per-university cap, reserved self-recommended seats and a waiting list"
    ),
    parameters: [
      ParameterSpec(
        "cohort_size", .integer(1...500), default: "30",
        doc: LocalizedText(zh: "训练营录取团队数", en: "teams admitted to the camp")),
      ParameterSpec(
        "max_per_institution", .integer(1...100),
        doc: LocalizedText(zh: "每所高校最多录取数", en: "at most this many per university")),
      ParameterSpec(
        "reserve_self_recommended", .integer(0...100), default: "0",
        doc: LocalizedText(
          zh: "为自荐团队保留的名额（自荐团队不足时释放给其他团队）",
          en: "seats kept for self-recommended teams (released when there are not enough)")),
      ParameterSpec(
        "waitlist", .integer(0...100), default: "5",
        doc: LocalizedText(zh: "候补名单人数", en: "length of the waiting list")),
      ParameterSpec(
        "output", .outputName, default: "camp-cohort.csv",
        doc: LocalizedText(zh: "营员及候补名单文件名", en: "cohort and waiting-list file name")),
    ],
    example: """
      - plugin: university.camp_admission
        name: 训练营录取
        with:
          cohort_size: 24
          max_per_institution: 2
          reserve_self_recommended: 4
          waitlist: 6
      """)

  let cohortSize: Int
  let perInstitution: Int?
  let reserved: Int
  let waitlist: Int
  let output: String

  /// Builds the plugin from its validated `with:` parameters; checks what the schema cannot.
  public init(parameters p: ParameterValues) throws {
    cohortSize = p.int("cohort_size") ?? 30
    perInstitution = p.int("max_per_institution")
    reserved = p.int("reserve_self_recommended") ?? 0
    waitlist = p.int("waitlist") ?? 5
    output = p.string("output") ?? "camp-cohort.csv"
    if reserved > cohortSize {
      throw PluginSetupError([
        p.problem(
          "reserve_self_recommended",
          LocalizedText(
            zh: "保留名额 \(reserved) 超过营员规模 \(cohortSize)",
            en: "\(reserved) reserved seats exceed the cohort of \(cohortSize)"),
          code: .outOfRange)
      ])
    }
  }

  /// Decides on every candidate, with its rule, score and reason.
  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let ranked = candidates.sorted { ($0.score, $1.id) > ($1.score, $0.id) }
    let rank = Dictionary(ranked.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
    var admitted: [AchievementID: String] = [:]
    var perUniversity: [String: Int] = [:]
    func institution(_ c: Candidate) -> String { c.achievement.institution ?? "—" }
    func fits(_ c: Candidate) -> Bool {
      guard let limit = perInstitution else { return true }
      return perUniversity[institution(c), default: 0] < limit
    }
    func admit(_ c: Candidate, _ rule: String) {
      admitted[c.id] = rule
      perUniversity[institution(c), default: 0] += 1
    }
    var reservedTaken = 0
    for c in ranked where c.achievement.channel == .selfRecommendation && reservedTaken < reserved {
      if fits(c) {
        admit(c, "reserved_seat")
        reservedTaken += 1
      }
    }
    for c in ranked where admitted[c.id] == nil && admitted.count < cohortSize && fits(c) {
      admit(c, "admitted")
    }
    // A self-recommended team that outscored someone admitted on merit needed no reserved seat.
    let meritLine = ranked.filter { admitted[$0.id] == "admitted" }.compactMap { rank[$0.id] }.max() ?? 0
    for c in ranked where admitted[c.id] == "reserved_seat" && (rank[c.id] ?? 0) < meritLine {
      admitted[c.id] = "admitted"
    }
    var passed: [Candidate] = []
    var waiting: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for c in ranked {
      let score = SpinoffReadiness.round(c.score)
      let position = rank[c.id] ?? 0
      let scoreText = SpinoffReadiness.format(score)
      func decide(_ pass: Bool, _ rule: String, _ zh: String, _ en: String) {
        decisions.append(
          ScreeningDecision(
            achievement: c.id, passed: pass, rule: rule, score: score, reason: LocalizedText(zh: zh, en: en)))
      }
      if let rule = admitted[c.id] {
        passed.append(c)
        if rule == "reserved_seat" {
          decide(
            true, rule, "自荐团队，准备度 \(scoreText)（第 \(position) 名），录取至自荐保留名额",
            "self-recommended team, readiness \(scoreText) (rank \(position)); admitted to a reserved seat")
        } else {
          decide(
            true, rule, "准备度 \(scoreText)，第 \(position) 名，录取为第 \(passed.count) 支营员团队",
            "readiness \(scoreText), rank \(position); admitted as team \(passed.count)")
        }
      } else if !fits(c), let limit = perInstitution {
        decide(
          false, "quota_institution", "「\(institution(c))」已录取 \(limit) 支团队，达到每校上限（准备度 \(scoreText)，第 \(position) 名）",
          "“\(institution(c))” already has its \(limit) teams (readiness \(scoreText), rank \(position))")
      } else if waiting.count < waitlist {
        waiting.append(c)
        decide(
          false, "waitlist", "营员名额（\(cohortSize)支）已满，列入候补第 \(waiting.count) 位（准备度 \(scoreText)，第 \(position) 名）",
          "all \(cohortSize) places are taken; waiting list no. \(waiting.count) (readiness \(scoreText), rank \(position))"
        )
      } else {
        decide(
          false, "cohort_full", "营员名额（\(cohortSize)支）与候补名单均已满（准备度 \(scoreText)，第 \(position) 名）",
          "all \(cohortSize) places and the waiting list are taken (readiness \(scoreText), rank \(position))")
      }
    }
    // The cohort in score order, whichever pass admitted them.
    passed.sort { ($0.score, $1.id) > ($1.score, $0.id) }
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [cohortFile(passed, waiting: waiting, locale: context.locale)])
  }

  func cohortFile(_ cohort: [Candidate], waiting: [Candidate], locale: ReportLocale) -> OutputFile {
    let zh = locale == .zhCN
    let header =
      zh
      ? ["序号", "状态", "编号", "成果名称", "高校", "领域", "准备度", "创业意愿", "赋权情况", "授权谈判", "征集渠道"]
      : [
        "no", "status", "id", "title", "university", "field", "readiness", "founder", "rights", "authorised", "channel",
      ]
    func row(_ index: Int, _ status: String, _ c: Candidate) -> [String] {
      let a = c.achievement
      let profile = SpinoffProfile(a)
      let unknown = zh ? "未报送" : "not reported"
      return [
        String(index), status, a.id.rawValue, a.title, a.institution ?? "", a.field ?? "",
        SpinoffReadiness.format(SpinoffReadiness.round(c.score)), profile.founder?.name(locale) ?? unknown,
        profile.rights?.name(locale) ?? unknown,
        profile.authorised.map { $0 ? (zh ? "是" : "yes") : (zh ? "否" : "no") } ?? unknown,
        a.channel == .selfRecommendation ? (zh ? "自主推荐" : "self-recommended") : a.channel.rawValue,
      ]
    }
    let rows =
      cohort.enumerated().map { row($0 + 1, zh ? "录取" : "admitted", $1) }
      + waiting.enumerated().map { row($0 + 1, zh ? "候补" : "waiting list", $1) }
    return OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows))
  }
}
