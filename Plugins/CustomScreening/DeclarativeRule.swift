import Foundation
import RoadshowKernel

/// A no-code screening policy: conditions over record fields, written in the config and validated
/// like the rest of it (unknown fields and operators are reported with line, column and the nearest
/// valid name).
///
/// Conditions combine with `all`, `any`, `none` and `not`, nested at any depth:
///
/// ```yaml
/// - plugin: custom.rule
///   with:
///     rule: universities_or_mature_companies
///     any:
///       - {field: institution, contains_any: [大学, 研究院, 研究所]}
///       - not: {field: institution, contains_any: [公司, 集团]}
///       - all: [{field: institution, contains_any: [公司, 集团]}, {field: trl, at_least: 6}]
/// ```
///
/// A condition on a field without a value is *unknown*; `not` of unknown is unknown, `all` is
/// false when one part is false and else unknown when one is, `any` is true when one part is true
/// and else unknown when one is. When the whole rule is unknown, `when_missing` decides, and the
/// reason names the fields without a value.
public struct DeclarativeRule: ScreeningPolicy {
  /// The tests on one field; a condition has exactly one.
  static let tests: [ParameterSpec] = [
    ParameterSpec("equals", .text, doc: LocalizedText(zh: "等于", en: "equals")),
    ParameterSpec(
      "in", .list(.text),
      doc: LocalizedText(zh: "属于列表之一（列表字段：某项属于列表）", en: "is one of (list fields: an item is one of)")),
    ParameterSpec(
      "contains", .text,
      doc: LocalizedText(
        zh: "包含文字，不区分英文大小写和全角半角（列表字段：某项含该文字）",
        en: "contains the text, ignoring case and full width (list fields: an item contains it)")),
    ParameterSpec(
      "contains_any", .list(.text),
      doc: LocalizedText(zh: "包含列表中任一文字（同 contains 的比较方式）", en: "contains one of the texts (compared as contains)")),
    ParameterSpec(
      "contains_all", .list(.text),
      doc: LocalizedText(
        zh: "包含列表中每一文字（同 contains 的比较方式）", en: "contains every one of the texts (compared as contains)")),
    ParameterSpec("at_least", .number(nil), doc: LocalizedText(zh: "不小于（数值字段）", en: "at least (numeric fields)")),
    ParameterSpec("at_most", .number(nil), doc: LocalizedText(zh: "不大于（数值字段）", en: "at most (numeric fields)")),
    ParameterSpec("present", .boolean, doc: LocalizedText(zh: "是否有值", en: "whether the field has a value")),
  ]

  /// The groups a condition may be instead of a test; the same keys as the rule's own.
  static let groups = ["all", "any", "none", "not"]

  /// How a nested condition reads in docs and messages.
  static let conditionName = LocalizedText(
    zh: "条件（字段加一个运算，或 all/any/none/not 之一）", en: "condition (a field and one test, or one of all/any/none/not)")

  /// The keys of one condition: a field and one test, or one group.
  static let conditionKeys: [ParameterSpec] =
    [
      ParameterSpec(
        "field", .text,
        doc: LocalizedText(
          zh: "记录字段：\(AchievementField.names.joined(separator: ", "))，或 attr.<名称>",
          en: "record field: \(AchievementField.names.joined(separator: ", ")), or attr.<name>"))
    ] + tests + groupSpecs(nested: true)

  /// `all`, `any`, `none` and `not`, either at the top of the rule or inside a condition.
  /// At the top, `all` spells a condition's keys out (for `roadshow plugins`); every other group
  /// names the same type.
  static func groupSpecs(nested: Bool) -> [ParameterSpec] {
    let condition = ParameterType.recursive(name: conditionName) { .object(DeclarativeRule.conditionKeys) }
    let first: ParameterType = nested ? condition : .object(conditionKeys)
    let element = condition
    return [
      ParameterSpec(
        "all", .list(first), doc: LocalizedText(zh: "须全部满足的条件", en: "conditions that must all hold")),
      ParameterSpec(
        "any", .list(element), doc: LocalizedText(zh: "至少满足其一的条件", en: "conditions of which one must hold")),
      ParameterSpec(
        "none", .list(element), doc: LocalizedText(zh: "均不得满足的条件", en: "conditions none of which may hold")),
      ParameterSpec("not", element, doc: LocalizedText(zh: "不得满足的一个条件", en: "one condition that must not hold")),
    ]
  }

  public static let description = PluginDescription(
    id: "custom.rule", kind: .screening, track: "custom",
    title: LocalizedText(zh: "声明式规则", en: "Declarative rule"),
    summary: LocalizedText(
      zh: "在配置中书写的声明式筛选规则（all/any/none/not 条件组合，可任意嵌套）",
      en: "Declarative screening rule written in the config (all/any/none/not conditions, nested at any depth)"),
    parameters: [
      ParameterSpec(
        "rule", .text, default: "custom_rule",
        doc: LocalizedText(zh: "规则名称，写入每条筛选决定", en: "rule name, recorded with every decision"))
    ] + groupSpecs(nested: false) + [
      ParameterSpec(
        "when_missing", .choice(["fail", "pass"]), default: "fail",
        doc: LocalizedText(
          zh: "规则因字段无值而无法判定时：不通过（fail）或通过（pass）；决定原因中会注明无值字段",
          en: "when a field without value leaves the rule undecided: fail, or pass; the reason names the fields"))
    ],
    example: """
      - plugin: custom.rule
        with:
          rule: mature_in_focus
          all:
            - {field: trl, at_least: 5}
            - any:
                - {field: field, in: [智能机器人, 增材制造与激光制造]}
                - {field: title, contains_any: [机器人, 激光]}
          none:
            - {field: title, contains: 基础研究}
      """)

  /// One test on one field.
  struct Condition: Sendable {
    enum Test: Sendable {
      case equals(String)
      case oneOf([String])
      case contains(KeywordMatcher)
      case containsAll([KeywordMatcher])
      case atLeast(Double)
      case atMost(Double)
      case present(Bool)
    }
    var field: String
    var test: Test

    /// `nil` when the field has no value (and the test is not `present`).
    func holds(for record: Achievement) -> Bool? {
      let value = AchievementField.value(field, of: record)
      if case .present(let wanted) = test { return (value != nil) == wanted }
      guard let value else { return nil }
      switch (test, value) {
      case (.equals(let text), _): return value.display == text || (value.number.map { $0 == Double(text) } ?? false)
      case (.oneOf(let items), .list(let values)): return !Set(items).isDisjoint(with: values)
      case (.oneOf(let items), _): return items.contains(value.display)
      case (.contains(let matcher), .list(let values)): return values.contains { matcher.matches($0) }
      case (.contains(let matcher), _): return matcher.matches(value.display)
      case (.containsAll(let matchers), .list(let values)):
        return matchers.allSatisfy { matcher in values.contains { matcher.matches($0) } }
      case (.containsAll(let matchers), _): return matchers.allSatisfy { $0.matches(value.display) }
      case (.atLeast(let bound), .number(let number)): return number >= bound
      case (.atMost(let bound), .number(let number)): return number <= bound
      default: return false
      }
    }

    /// The condition as written, in both languages; for a `contains`/`contains_any` test that
    /// held on `record`, the keyword that matched.
    func describe(matchedIn record: Achievement? = nil) -> LocalizedText {
      func quoted(_ words: [String]) -> LocalizedText {
        LocalizedText(
          zh: words.map { "「\($0)」" }.joined(separator: ""), en: words.map { "“\($0)”" }.joined(separator: ", "))
      }
      switch test {
      case .equals(let text): return LocalizedText(verbatim: "\(field) = \(text)")
      case .oneOf(let items): return LocalizedText(verbatim: "\(field) ∈ [\(items.joined(separator: ", "))]")
      case .contains(let matcher):
        let matched = record.flatMap { record in
          AchievementField.value(field, of: record).flatMap { value -> String? in
            if case .list(let items) = value { return items.lazy.compactMap(matcher.firstMatch(in:)).first }
            return matcher.firstMatch(in: value.display)
          }
        }
        if let matched {
          let word = quoted([matched])
          return LocalizedText(zh: "\(field) 含\(word.zh)", en: "\(field) contains \(word.en)")
        }
        let words = quoted(matcher.keywords)
        return matcher.keywords.count == 1
          ? LocalizedText(zh: "\(field) 含\(words.zh)", en: "\(field) contains \(words.en)")
          : LocalizedText(zh: "\(field) 含\(words.zh)之一", en: "\(field) contains one of \(words.en)")
      case .containsAll(let matchers):
        let words = quoted(matchers.flatMap(\.keywords))
        return LocalizedText(zh: "\(field) 含\(words.zh)全部", en: "\(field) contains all of \(words.en)")
      case .atLeast(let bound):
        return LocalizedText(verbatim: "\(field) ≥ \(AchievementField.Value.number(bound).display)")
      case .atMost(let bound):
        return LocalizedText(verbatim: "\(field) ≤ \(AchievementField.Value.number(bound).display)")
      case .present(let wanted):
        return wanted
          ? LocalizedText(zh: "\(field) 有值", en: "\(field) present")
          : LocalizedText(zh: "\(field) 无值", en: "\(field) absent")
      }
    }
  }

  /// A condition tree.
  indirect enum Expression: Sendable {
    case test(Condition)
    case all([Expression])
    case any([Expression])
    case none([Expression])
    case not(Expression)
  }

  /// Three-valued truth: `nil` is unknown (a field without a value decided it).
  typealias Truth = Bool?

  let rule: String
  let root: Expression
  let passWhenMissing: Bool

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    rule = p.string("rule") ?? "custom_rule"
    passWhenMissing = p.string("when_missing") == "pass"
    let groups = Self.groups(of: p, problems: &problems)
    if problems.isEmpty && groups.isEmpty {
      problems.append(
        Diagnostic(
          .missingKey, at: p.node?.location ?? p.entryLocation, keyPath: p.keyPath,
          message: LocalizedText(
            zh: "规则至少需要 all、any、none、not 之一", en: "a rule needs at least one of all, any, none, not"),
          suggestion: "all"))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
    root = groups.count == 1 ? groups[0] : .all(groups)
  }

  /// The groups written in `values` (the rule itself or one condition), in the order all, any,
  /// none, not.
  static func groups(of values: ParameterValues, problems: inout [Diagnostic]) -> [Expression] {
    var found: [Expression] = []
    for key in ["all", "any", "none"] where values.contains(key) {
      let items = values.objects(key)
      if items.isEmpty, values.value(key)?.items != nil {
        problems.append(
          values.problem(
            key,
            LocalizedText(
              zh: "`\(key)` 为空列表：应至少有一个条件", en: "`\(key)` is an empty list; expected at least one condition")))
        continue
      }
      let parts = items.compactMap { condition($0, problems: &problems) }
      guard parts.count == items.count else { continue }
      switch key {
      case "all": found.append(.all(parts))
      case "any": found.append(.any(parts))
      default: found.append(.none(parts))
      }
    }
    if values.contains("not"), let nested = values.object("not"), let part = condition(nested, problems: &problems) {
      found.append(.not(part))
    }
    return found
  }

  /// One condition: a field and one test, or one group.
  static func condition(_ values: ParameterValues, problems: inout [Diagnostic]) -> Expression? {
    let writtenTests = tests.map(\.name).filter { values.contains($0) }
    let writtenGroups = groups.filter { values.contains($0) }
    let at = values.node?.location ?? values.entryLocation
    let expected = LocalizedText(
      zh: "应为 `field` 加一个运算（\(tests.map(\.name).joined(separator: ", "))），或一个组合（all, any, none, not）",
      en:
        "expected `field` with one test (\(tests.map(\.name).joined(separator: ", "))), or one group (all, any, none, not)"
    )
    if !writtenGroups.isEmpty {
      guard writtenGroups.count == 1, writtenTests.isEmpty, !values.contains("field") else {
        let written = (["field"].filter { values.contains($0) } + writtenTests + writtenGroups)
        problems.append(
          Diagnostic(
            .invalidValue, at: at, keyPath: values.keyPath,
            message: LocalizedText(
              zh: "一个条件只能是一个组合或一个字段运算，现写了 \(written.joined(separator: ", "))；\(expected.zh)",
              en: "a condition is one group or one field test, found \(written.joined(separator: ", ")); \(expected.en)"
            )
          ))
        return nil
      }
      let parts = Self.groups(of: values, problems: &problems)
      return parts.count == 1 ? parts[0] : nil
    }
    guard values.contains("field") else {
      problems.append(
        Diagnostic(
          .missingKey, at: at, keyPath: KeyPath.join(values.keyPath, "field"),
          message: LocalizedText(zh: "条件缺少 `field`；\(expected.zh)", en: "the condition has no `field`; \(expected.en)"),
          suggestion: "field"))
      return nil
    }
    let field = values.string("field") ?? ""
    guard AchievementField.isValid(field) else {
      problems.append(
        values.problem(
          "field",
          LocalizedText(
            zh: "未知的记录字段 `\(field)`；可用：\(AchievementField.names.joined(separator: ", "))，或 attr.<名称>",
            en:
              "unknown record field `\(field)`; valid: \(AchievementField.names.joined(separator: ", ")), or attr.<name>"
          ),
          code: .invalidValue, suggestion: Suggestions.nearest(to: field, in: AchievementField.names)))
      return nil
    }
    guard writtenTests.count == 1, let op = writtenTests.first else {
      problems.append(
        Diagnostic(
          writtenTests.isEmpty ? .missingKey : .invalidValue, at: at, keyPath: values.keyPath,
          message: LocalizedText(
            zh: "每个条件须恰好有一个运算：\(tests.map(\.name).joined(separator: ", "))（现有 \(writtenTests.count) 个）",
            en:
              "each condition needs exactly one of \(tests.map(\.name).joined(separator: ", ")) (found \(writtenTests.count))"
          ),
          suggestion: writtenTests.isEmpty ? "equals" : nil))
      return nil
    }
    if (op == "at_least" || op == "at_most") && !AchievementField.isNumeric(field) {
      let numeric = AchievementField.named.filter(\.numeric).map(\.name).joined(separator: ", ")
      problems.append(
        values.problem(
          op,
          LocalizedText(
            zh: "`\(op)` 只能用于数值字段（\(numeric)），`\(field)` 不是；文字请用 contains 或 in",
            en: "`\(op)` needs a numeric field (\(numeric)); `\(field)` is not one: use contains or in for text")))
      return nil
    }
    let listed = values.strings(op).filter { !$0.isEmpty }
    if ["in", "contains_any", "contains_all"].contains(op) && listed.isEmpty {
      problems.append(
        values.problem(
          op,
          LocalizedText(zh: "`\(op)` 应为非空的文字列表", en: "`\(op)` needs a list of at least one text, e.g. [大学, 研究院]"),
          code: .invalidValue))
      return nil
    }
    let test: Condition.Test
    switch op {
    case "equals": test = .equals(values.string("equals") ?? "")
    case "in": test = .oneOf(listed)
    case "contains": test = .contains(KeywordMatcher([values.string("contains") ?? ""]))
    case "contains_any": test = .contains(KeywordMatcher(listed))
    case "contains_all": test = .containsAll(listed.map { KeywordMatcher([$0]) })
    case "at_least": test = .atLeast(values.double("at_least") ?? 0)
    case "at_most": test = .atMost(values.double("at_most") ?? 0)
    default: test = .present(values.bool("present") ?? true)
    }
    return .test(Condition(field: field, test: test))
  }

  // MARK: Deciding

  /// The truth of `expression` on `record`; the fields without a value it met before the result
  /// was decided are added to `missing`.
  static func evaluate(_ expression: Expression, _ record: Achievement, missing: inout Set<String>) -> Truth {
    switch expression {
    case .test(let condition):
      let result = condition.holds(for: record)
      if result == nil { missing.insert(condition.field) }
      return result
    case .all(let parts):
      // Stops at the first part that decides, so that a field nobody needed is not reported.
      var result: Truth = true
      for part in parts {
        switch evaluate(part, record, missing: &missing) {
        case false?: return false
        case nil: result = nil
        case true?: break
        }
      }
      return result
    case .any(let parts):
      var result: Truth = false
      for part in parts {
        switch evaluate(part, record, missing: &missing) {
        case true?: return true
        case nil: result = nil
        case false?: break
        }
      }
      return result
    case .none(let parts): return evaluate(.not(.any(parts)), record, missing: &missing)
    case .not(let part): return evaluate(part, record, missing: &missing).map { !$0 }
    }
  }

  /// How `expression` reads as a whole (for `not`).
  static func describe(_ expression: Expression) -> LocalizedText {
    func joined(_ parts: [Expression], zh: String, en: String) -> LocalizedText {
      let texts = parts.map(describe)
      return LocalizedText(
        zh: zh + "（" + texts.map(\.zh).joined(separator: "；") + "）",
        en: en + " (" + texts.map(\.en).joined(separator: "; ") + ")")
    }
    switch expression {
    case .test(let condition): return condition.describe()
    case .all(let parts): return joined(parts, zh: "全部满足", en: "all of")
    case .any(let parts): return joined(parts, zh: "满足其一", en: "any of")
    case .none(let parts): return joined(parts, zh: "均不满足", en: "none of")
    case .not(let part):
      let text = describe(part)
      return LocalizedText(zh: "非（\(text.zh)）", en: "not (\(text.en))")
    }
  }

  /// Why `expression` held on `record`: every part of an `all`, the first part of an `any` that
  /// held. An unknown part counts as held (the rule passed through `when_missing: pass`).
  static func held(_ expression: Expression, _ record: Achievement) -> [LocalizedText] {
    var ignored: Set<String> = []
    switch expression {
    case .test(let condition):
      return [condition.describe(matchedIn: record)]
    case .all(let parts):
      return parts.flatMap { held($0, record) }
    case .any(let parts):
      let truths = parts.map { evaluate($0, record, missing: &ignored) }
      let index = truths.firstIndex(of: true) ?? truths.firstIndex(of: nil) ?? 0
      return parts.isEmpty ? [] : held(parts[index], record)
    case .none(let parts):
      let text = parts.map(describe)
      return [
        LocalizedText(
          zh: "均不满足：" + text.map(\.zh).joined(separator: "；"), en: "none of: " + text.map(\.en).joined(separator: "; "))
      ]
    case .not(let part):
      let text = describe(part)
      return [LocalizedText(zh: "非（\(text.zh)）", en: "not (\(text.en))")]
    }
  }

  /// Why `expression` failed on `record`: every part of an `all` that failed, every part of an
  /// `any`, the part of a `none` or `not` that held. An unknown part counts as failed.
  static func failed(_ expression: Expression, _ record: Achievement) -> [LocalizedText] {
    var ignored: Set<String> = []
    switch expression {
    case .test(let condition):
      return [condition.describe()]
    case .all(let parts):
      return parts.filter { evaluate($0, record, missing: &ignored) != true }.flatMap { failed($0, record) }
    case .any(let parts):
      let text = parts.flatMap { failed($0, record) }
      return [
        LocalizedText(
          zh: "不满足任一：" + text.map(\.zh).joined(separator: "；"), en: "none of: " + text.map(\.en).joined(separator: "; ")
        )
      ]
    case .none(let parts):
      let holding = parts.filter { evaluate($0, record, missing: &ignored) != false }
      return holding.flatMap { held($0, record) }.map {
        LocalizedText(zh: "不应满足：" + $0.zh, en: "must not: " + $0.en)
      }
    case .not(let part):
      return held(part, record).map { LocalizedText(zh: "不应满足：" + $0.zh, en: "must not: " + $0.en) }
    }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for candidate in candidates {
      let record = candidate.achievement
      var missing: Set<String> = []
      let truth = Self.evaluate(root, record, missing: &missing)
      let ok = truth ?? passWhenMissing
      let parts = ok ? Self.held(root, record) : Self.failed(root, record)
      let note =
        missing.isEmpty
        ? LocalizedText(verbatim: "")
        : LocalizedText(
          zh: " [无值字段：" + missing.sorted().joined(separator: ", ") + "]",
          en: " [no value: " + missing.sorted().joined(separator: ", ") + "]")
      let zh = parts.map(\.zh).joined(separator: "；") + note.zh
      let en = parts.map(\.en).joined(separator: "; ") + note.en
      if ok { passed.append(candidate) }
      decisions.append(
        ScreeningDecision(
          achievement: record.id, passed: ok, rule: rule,
          reason: ok
            ? LocalizedText(zh: "满足规则 \(rule)：\(zh)", en: "meets rule \(rule): \(en)")
            : LocalizedText(zh: "不满足规则 \(rule)：\(zh)", en: "fails rule \(rule): \(en)")))
    }
    return ScreeningResult(passed: passed, decisions: decisions)
  }
}

extension AchievementField.Value {
  var number: Double? {
    if case .number(let value) = self { return value }
    return nil
  }
}
