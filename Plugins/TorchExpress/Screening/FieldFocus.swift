import Foundation
import RoadshowKernel

/// Screening by the host's industry focus (对接技术领域): a record passes when its field is one of
/// the focus fields or its title or summary names one of the keywords. Keywords ignore ASCII case
/// and full-width forms (``KeywordMatcher``); field names are compared exactly.
public struct FieldFocus: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "torch.field_focus", kind: .screening, track: "torch",
    title: LocalizedText(zh: "对接领域筛选", en: "Field focus"),
    summary: LocalizedText(
      zh: "按承办单位确定的对接产业领域筛选（领域名单或标题关键词）",
      en: "Keeps achievements in the host's industry focus (field list or title keywords)"),
    parameters: [
      ParameterSpec(
        "fields", .list(.text),
        doc: LocalizedText(zh: "对接领域（与成果的领域字段完全一致）", en: "focus fields (equal to the record's field)")),
      ParameterSpec(
        "keywords", .list(.text),
        doc: LocalizedText(
          zh: "标题或简介中的关键词（不区分英文大小写和全角半角）", en: "keywords in the title or summary (ignoring case and full width)")),
      ParameterSpec(
        "exclude_keywords", .list(.text),
        doc: LocalizedText(
          zh: "出现即排除的关键词（不区分英文大小写和全角半角）", en: "keywords that exclude a record (ignoring case and full width)")),
    ],
    example: """
      - plugin: torch.field_focus
        name: 对接领域
        with:
          fields: [智能机器人, 网络协同制造与智能工厂]
          keywords: [机器人, 数控]
      """)

  let fields: Set<String>
  let keywords: KeywordMatcher
  let excluded: KeywordMatcher

  public init(parameters p: ParameterValues) throws {
    fields = Set(p.strings("fields"))
    keywords = KeywordMatcher(p.strings("keywords").filter { !$0.isEmpty })
    excluded = KeywordMatcher(p.strings("exclude_keywords").filter { !$0.isEmpty })
    if fields.isEmpty && keywords.keywords.isEmpty {
      throw PluginSetupError([
        Diagnostic(
          .missingKey, at: p.node?.location ?? p.entryLocation, keyPath: p.keyPath,
          message: LocalizedText(zh: "至少需要 fields 或 keywords 之一", en: "give at least one of `fields` or `keywords`"))
      ])
    }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let progress = context.counter(.screening, total: candidates.count)
    // Each decision depends on its record alone: a national library is screened in two halves
    // side by side (the first half's count, doubled, is the progress shown).
    guard candidates.count >= 20_000 else {
      let whole = screen(candidates[...], progress: progress, step: 1)
      return ScreeningResult(passed: whole.passed, decisions: whole.decisions)
    }
    let middle = candidates.count / 2
    async let second = screen(candidates[middle...], progress: nil, step: 0)
    var (passed, decisions) = screen(candidates[..<middle], progress: progress, step: 2)
    let rest = await second
    passed += rest.passed
    decisions += rest.decisions
    return ScreeningResult(passed: passed, decisions: decisions)
  }

  /// The decisions on `candidates` in order, and those that passed; `progress` advances `step`
  /// a record.
  private func screen(_ candidates: ArraySlice<Candidate>, progress: ProgressCounter?, step: Int) -> (
    passed: [Candidate], decisions: [ScreeningDecision]
  ) {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    decisions.reserveCapacity(candidates.count)
    var progress = progress
    // A reason depends on the field or the keyword only: each is made once and shared by every
    // record it explains (100,000 records hold a few hundred distinct sentences, not 200,000).
    var inFocus: [String: LocalizedText] = [:]
    var outOfFocus: [String?: LocalizedText] = [:]
    var keywordReasons: [String: LocalizedText] = [:]
    var excludedReasons: [String: LocalizedText] = [:]
    // What a field's bytes decided, remembered by the bytes: a Chinese field hashed as a `String`
    // is normalised first, record after record. Each entry is what the `String` lookups gave.
    var byField: [UTF8Key: (focus: Bool, reason: LocalizedText?)] = [:]
    var outByField: [UTF8Key: LocalizedText] = [:]
    var keywordByIndex: [Int: LocalizedText] = [:]
    for candidate in candidates {
      progress?.advance(by: step)
      let a = candidate.achievement
      // The text is only put together when a keyword list will read it.
      var joined: String?
      func text() -> String {
        if let joined { return joined }
        let made = a.title + " " + (a.summary ?? "")
        joined = made
        return made
      }
      if !excluded.isEmpty, let word = excluded.firstMatch(in: text()) {
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: "exclude_keyword",
            reason: Self.reason(
              word, in: &excludedReasons,
              LocalizedText(zh: "含排除关键词「\(word)」", en: "contains the excluded keyword “\(word)”"))))
        continue
      }
      var focusReason: LocalizedText?
      if let field = a.field {
        let key = UTF8Key(field)
        if let known = byField[key] {
          focusReason = known.reason
        } else {
          if fields.contains(field) {
            focusReason = Self.reason(
              field, in: &inFocus, LocalizedText(zh: "领域「\(field)」属于对接领域", en: "field “\(field)” is in the focus"))
          }
          byField[key] = (focusReason != nil, focusReason)
        }
      }
      if let focusReason {
        passed.append(candidate)
        decisions.append(ScreeningDecision(achievement: a.id, passed: true, rule: "field", reason: focusReason))
      } else if !keywords.isEmpty, let index = keywords.firstMatchIndex(in: text()) {
        passed.append(candidate)
        let reason: LocalizedText
        if let known = keywordByIndex[index] {
          reason = known
        } else {
          let word = keywords.keywords[index]
          reason = Self.reason(
            word, in: &keywordReasons,
            LocalizedText(zh: "标题含对接关键词「\(word)」", en: "title contains the focus keyword “\(word)”"))
          keywordByIndex[index] = reason
        }
        decisions.append(ScreeningDecision(achievement: a.id, passed: true, rule: "keyword", reason: reason))
      } else {
        let key = a.field.map(UTF8Key.init)
        let reason: LocalizedText
        if let key, let known = outByField[key] {
          reason = known
        } else {
          reason = Self.reason(
            a.field, in: &outOfFocus,
            LocalizedText(
              zh: "领域「\(a.field ?? "未标注")」不在对接领域内，标题也不含对接关键词",
              en: "field “\(a.field ?? "none")” is outside the focus and the title has no focus keyword"))
          if let key { outByField[key] = reason }
        }
        decisions.append(ScreeningDecision(achievement: a.id, passed: false, rule: "out_of_focus", reason: reason))
      }
    }
    return (passed, decisions)
  }

  /// The reason kept for `key` in `cache`, else `make` (kept for the next record).
  private static func reason<Key: Hashable>(
    _ key: Key, in cache: inout [Key: LocalizedText], _ make: @autoclosure () -> LocalizedText
  ) -> LocalizedText {
    if let known = cache[key] { return known }
    let made = make()
    cache[key] = made
    return made
  }
}
