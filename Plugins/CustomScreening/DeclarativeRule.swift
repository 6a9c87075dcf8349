import Foundation
import RoadshowKernel

/// A no-code screening policy: conditions over record fields, written in the config and validated
/// like the rest of it (unknown fields and operators are reported with line, column and the nearest
/// valid name).
///
/// ```yaml
/// - plugin: custom.rule
///   with:
///     rule: west_mature
///     all:  [{field: trl, at_least: 5}, {field: region, in: [west]}]
///     none: [{field: title, contains: 综述}]
/// ```
public struct DeclarativeRule: ScreeningPolicy {
  static let operators: [ParameterSpec] = [
    ParameterSpec(
      "field", .text, required: true,
      doc: LocalizedText(
        zh: "记录字段：\(AchievementField.names.joined(separator: ", "))，或 attr.<名称>",
        en: "record field: \(AchievementField.names.joined(separator: ", ")), or attr.<name>")),
    ParameterSpec("equals", .text, doc: LocalizedText(zh: "等于", en: "equals")),
    ParameterSpec("in", .list(.text), doc: LocalizedText(zh: "属于列表之一", en: "is one of")),
    ParameterSpec(
      "contains", .text,
      doc: LocalizedText(
        zh: "包含文字，不区分英文大小写和全角半角（列表字段：某项含该文字）",
        en: "contains the text, ignoring case and full width (list fields: an item contains it)")),
    ParameterSpec("at_least", .number(nil), doc: LocalizedText(zh: "不小于（数值字段）", en: "at least (numeric fields)")),
    ParameterSpec("at_most", .number(nil), doc: LocalizedText(zh: "不大于（数值字段）", en: "at most (numeric fields)")),
    ParameterSpec("present", .boolean, doc: LocalizedText(zh: "是否有值", en: "whether the field has a value")),
  ]

  public static let description = PluginDescription(
    id: "custom.rule", kind: .screening, track: "custom",
    title: LocalizedText(zh: "声明式规则", en: "Declarative rule"),
    summary: LocalizedText(
      zh: "在配置中书写的声明式筛选规则（all/any/none 条件组合）",
      en: "Declarative screening rule written in the config (all/any/none conditions)"),
    parameters: [
      ParameterSpec(
        "rule", .text, default: "custom_rule",
        doc: LocalizedText(zh: "规则名称，写入每条筛选决定", en: "rule name, recorded with every decision")),
      ParameterSpec(
        "all", .list(.object(operators)), doc: LocalizedText(zh: "须全部满足的条件", en: "conditions that must all hold")),
      ParameterSpec(
        "any", .list(.object(operators)), doc: LocalizedText(zh: "至少满足其一的条件", en: "conditions of which one must hold")),
      ParameterSpec(
        "none", .list(.object(operators)), doc: LocalizedText(zh: "均不得满足的条件", en: "conditions none of which may hold")),
      ParameterSpec(
        "when_missing", .choice(["fail", "pass"]), default: "fail",
        doc: LocalizedText(
          zh: "字段无值时条件视为不满足（fail）或满足（pass）；决定原因中会注明",
          en: "a condition on a field without value fails, or passes; the reason says so")),
    ],
    example: """
      - plugin: custom.rule
        with:
          rule: mature_in_focus
          all:
            - {field: trl, at_least: 5}
            - {field: field, in: [智能机器人, 增材制造与激光制造]}
          none:
            - {field: title, contains: 基础研究}
      """)

  /// One condition.
  struct Condition: Sendable {
    enum Test: Sendable {
      case equals(String)
      case oneOf([String])
      case contains(KeywordMatcher)
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
      case (.contains(let text), .list(let values)): return values.contains { text.matches($0) }
      case (.contains(let text), _): return text.matches(value.display)
      case (.atLeast(let bound), .number(let number)): return number >= bound
      case (.atMost(let bound), .number(let number)): return number <= bound
      default: return false
      }
    }

    func describe(_ locale: ReportLocale) -> String {
      let zh = locale == .zhCN
      switch test {
      case .equals(let text): return "\(field) = \(text)"
      case .oneOf(let items): return "\(field) ∈ [\(items.joined(separator: ", "))]"
      case .contains(let matcher):
        let text = matcher.keywords.first ?? ""
        return zh ? "\(field) 含「\(text)」" : "\(field) contains “\(text)”"
      case .atLeast(let bound): return "\(field) ≥ \(AchievementField.Value.number(bound).display)"
      case .atMost(let bound): return "\(field) ≤ \(AchievementField.Value.number(bound).display)"
      case .present(let wanted):
        return wanted ? (zh ? "\(field) 有值" : "\(field) present") : (zh ? "\(field) 无值" : "\(field) absent")
      }
    }
  }

  let rule: String
  let all: [Condition]
  let any: [Condition]
  let none: [Condition]
  let passWhenMissing: Bool

  public init(parameters p: ParameterValues) throws {
    var problems: [Diagnostic] = []
    func conditions(_ key: String) -> [Condition] {
      p.objects(key).compactMap { values in
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
        let written = Self.operators.map(\.name).filter { $0 != "field" && values.contains($0) }
        guard written.count == 1, let op = written.first else {
          problems.append(
            Diagnostic(
              .invalidValue, at: values.node?.location ?? values.entryLocation, keyPath: values.keyPath,
              message: LocalizedText(
                zh: "每个条件须恰好有一个运算：equals, in, contains, at_least, at_most, present（现有 \(written.count) 个）",
                en:
                  "each condition needs exactly one of equals, in, contains, at_least, at_most, present (found \(written.count))"
              )))
          return nil
        }
        if (op == "at_least" || op == "at_most") && !AchievementField.isNumeric(field) {
          problems.append(
            values.problem(
              op,
              LocalizedText(
                zh: "`\(op)` 只能用于数值字段（trl, prospect, year, funds），`\(field)` 不是",
                en: "`\(op)` needs a numeric field (trl, prospect, year, funds); `\(field)` is not one")))
          return nil
        }
        let test: Condition.Test
        switch op {
        case "equals": test = .equals(values.string("equals") ?? "")
        case "in": test = .oneOf(values.strings("in"))
        case "contains": test = .contains(KeywordMatcher([values.string("contains") ?? ""]))
        case "at_least": test = .atLeast(values.double("at_least") ?? 0)
        case "at_most": test = .atMost(values.double("at_most") ?? 0)
        default: test = .present(values.bool("present") ?? true)
        }
        return Condition(field: field, test: test)
      }
    }
    rule = p.string("rule") ?? "custom_rule"
    all = conditions("all")
    any = conditions("any")
    none = conditions("none")
    passWhenMissing = p.string("when_missing") == "pass"
    if problems.isEmpty && all.isEmpty && any.isEmpty && none.isEmpty {
      problems.append(
        Diagnostic(
          .missingKey, at: p.node?.location ?? p.entryLocation, keyPath: p.keyPath,
          message: LocalizedText(zh: "规则至少需要 all、any、none 之一", en: "a rule needs at least one of all, any, none")))
    }
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    for candidate in candidates {
      let record = candidate.achievement
      var failures: [String] = []
      var missing: [String] = []
      func evaluate(_ condition: Condition) -> Bool {
        guard let result = condition.holds(for: record) else {
          missing.append(condition.field)
          return passWhenMissing
        }
        return result
      }
      for condition in all where !evaluate(condition) { failures.append(condition.describe(locale)) }
      if !any.isEmpty && !any.map(evaluate).contains(true) {
        failures.append(
          (locale == .zhCN ? "不满足任一：" : "none of: ") + any.map { $0.describe(locale) }.joined(separator: "; "))
      }
      for condition in none where evaluate(condition) && condition.holds(for: record) != nil {
        failures.append((locale == .zhCN ? "不应满足：" : "must not: ") + condition.describe(locale))
      }
      let missingNote =
        missing.isEmpty
        ? "" : " [" + (locale == .zhCN ? "无值字段：" : "no value: ") + Set(missing).sorted().joined(separator: ", ") + "]"
      if failures.isEmpty {
        passed.append(candidate)
        let met = (all + any).map { $0.describe(.zhCN) }.joined(separator: "；")
        let metEn = (all + any).map { $0.describe(.en) }.joined(separator: "; ")
        decisions.append(
          ScreeningDecision(
            achievement: record.id, passed: true, rule: rule,
            reason: LocalizedText(
              zh: "满足规则 \(rule)：\(met)\(missingNote)", en: "meets rule \(rule): \(metEn)\(missingNote)")))
      } else {
        let text = failures.joined(separator: locale == .zhCN ? "；" : "; ")
        decisions.append(
          ScreeningDecision(
            achievement: record.id, passed: false, rule: rule,
            reason: LocalizedText(
              zh: "不满足规则 \(rule)：\(text)\(missingNote)", en: "fails rule \(rule): \(text)\(missingNote)")))
      }
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
