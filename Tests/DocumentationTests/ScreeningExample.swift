import Foundation
import RoadshowKernel
import RoadshowPluginTesting
import Testing

// The code of WritingAScreeningPolicy.md.

/// Screening (筛选): keeps records whose title or summary names a green keyword and whose
/// technology maturity reaches `min_trl`.
public struct GreenKeywords: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "local.green_keywords", kind: .screening, track: "local",
    title: LocalizedText(zh: "绿色关键词", en: "Green keywords"),
    summary: LocalizedText(
      zh: "保留标题或简介含绿色关键词且技术成熟度达标的成果",
      en: "keeps records whose title or summary names a green keyword and that are mature enough"),
    parameters: [
      ParameterSpec(
        "keywords", .list(.text), required: true,
        doc: LocalizedText(zh: "关键词（任一命中即可）", en: "keywords (any one matches)")),
      ParameterSpec(
        "min_trl", .integer(1...9), default: "4",
        doc: LocalizedText(zh: "最低技术成熟度", en: "lowest technology readiness level that passes")),
    ],
    example: """
      - plugin: local.green_keywords
        with:
          keywords: [绿色, 节能, 固废]
          min_trl: 5
      """)

  let keywords: KeywordMatcher
  let minimumTRL: Int

  public init(parameters p: ParameterValues) throws {
    keywords = KeywordMatcher(p.strings("keywords"))
    minimumTRL = p.int("min_trl") ?? 4
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for candidate in candidates {
      let record = candidate.achievement
      guard let keyword = keywords.firstMatch(in: record.title) ?? record.summary.flatMap(keywords.firstMatch)
      else {
        decisions.append(
          ScreeningDecision(
            achievement: record.id, passed: false, rule: "keywords",
            reason: LocalizedText(zh: "标题和简介不含绿色关键词", en: "no green keyword in the title or summary")))
        continue
      }
      guard let trl = record.readiness.value, trl >= minimumTRL else {
        decisions.append(
          ScreeningDecision(
            achievement: record.id, passed: false, rule: "min_trl",
            reason: LocalizedText(
              zh: "含关键词“\(keyword)”，但技术成熟度未达到 \(minimumTRL)",
              en: "names “\(keyword)” but its TRL is unknown or below \(minimumTRL)")))
        continue
      }
      passed.append(candidate)
      decisions.append(
        ScreeningDecision(
          achievement: record.id, passed: true, rule: "keywords", score: Double(trl),
          reason: LocalizedText(zh: "含关键词“\(keyword)”，TRL \(trl)", en: "names “\(keyword)”, TRL \(trl)")))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}

@Suite struct ScreeningExampleTests {
  @Test func keepsRecordsWithAKeywordAndEnoughMaturity() async throws {
    let policy = try GreenKeywords(yaml: "keywords: [绿色, 节能]\nmin_trl: 5")
    let candidates = [
      record("1", "绿色建材", trl: 6),
      record("2", "节能电机", trl: 2),
      record("3", "量子通信", trl: 8),
    ]
    let result = try await policy.screen(candidates, in: PipelineContext())
    #expect(result.passed.map(\.id.externalID) == ["1"])
    #expect(result.decisions.map(\.rule) == ["keywords", "min_trl", "keywords"])
  }

  @Test func conforms() async {
    let report = await ScreeningPolicyConformance.check(GreenKeywords.self, samplesDirectory: samples)
    #expect(report.passed, "\(report)")
  }
}
