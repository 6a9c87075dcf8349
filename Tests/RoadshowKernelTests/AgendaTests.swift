import Foundation
import Testing

@testable import RoadshowKernel

/// Agendas handed out: lunch where it belongs, no overlaps, clashes between events found.
@Suite struct AgendaTests {
  /// A morning of 15-minute pitch groups (pitch 8, review 3, Q&A 4) from 10:05, as the main sample.
  func morning(groups: Int, start: Int = 10 * 60 + 5) -> AgendaBuilder {
    var agenda = AgendaBuilder(start: start, locale: .en)
    for index in 0..<groups {
      agenda.lunchIfDue(before: 15)
      agenda.add(8, .pitch, "p\(index)")
      agenda.add(3, .expertReview, "p\(index)")
      agenda.add(4, .questions, "p\(index)")
    }
    return agenda
  }

  @Test func lunchComesBeforeTheFirstGroupThatWouldRunPastTheWindow() {
    let items = morning(groups: 15).items
    let lunches = items.filter { $0.segment == .lunch }
    #expect(lunches.count == 1)
    let lunch = try? #require(lunches.first)
    #expect(lunch?.title == "Lunch")
    #expect(lunch?.start == 12 * 60 + 20 && lunch?.end == 13 * 60 + 20)
    // Nothing before lunch runs past 12:30; the pitch after it keeps its review and Q&A.
    #expect(items.prefix { $0.segment != .lunch }.allSatisfy { $0.end <= 12 * 60 + 30 })
    let index = items.firstIndex { $0.segment == .lunch } ?? 0
    #expect(items[index + 1].segment == .pitch && items[index - 1].segment == .questions)
    // One after the other, never overlapping.
    for (earlier, later) in zip(items, items.dropFirst()) { #expect(earlier.end == later.start) }
  }

  @Test func aLongItemStartingAfterTheWindowOpensGetsLunchFirst() {
    var agenda = AgendaBuilder(start: 11 * 60 + 40, locale: .zhCN)
    agenda.add(90, .oneToOne, "一对一")
    #expect(agenda.items.map(\.segment) == [.lunch, .oneToOne])
    #expect(agenda.items.first?.title == "午餐")
    #expect(agenda.items.last?.start == 12 * 60 + 40)
  }

  @Test func aMorningThatEndsBeforeTheWindowOrAnAgendaWithoutLunchHasNone() {
    #expect(!morning(groups: 4).items.contains { $0.segment == .lunch })
    var noLunch = AgendaBuilder(start: 9 * 60, lunch: nil)
    for _ in 0..<20 { noLunch.add(15, .pitch, "p") }
    #expect(!noLunch.items.contains { $0.segment == .lunch })
  }

  func event(_ title: String, date: String?, venue: String, online: Bool = false, from start: Int, to end: Int)
    -> RoadshowEvent
  {
    RoadshowEvent(
      format: "test", title: title, date: date, venue: venue, online: online,
      agenda: [AgendaItem(start: start, end: end, segment: .pitch, title: title)])
  }

  @Test func twoEventsAtOneVenueOnOneDayThatOverlapAreAConflict() {
    let conflicts = EventConflict.find(in: [
      event("A", date: "2024-08-28", venue: "科技城", from: 540, to: 700),
      event("B", date: "2024-08-28", venue: "科技城", from: 540, to: 690),
    ])
    #expect(conflicts.count == 1)
    #expect(conflicts.first?.overlap == 540...690)
    #expect(conflicts.first?.message.en.contains("“A” and “B” overlap on 2024-08-28 09:00–11:30 at 科技城") == true)
    #expect(conflicts.first?.message.zh.contains("同日同地时间重叠") == true)
  }

  @Test func anotherDayAnotherVenueBackToBackOrOnlineIsNoConflict() {
    let base = event("A", date: "2024-08-28", venue: "科技城", from: 540, to: 700)
    #expect(EventConflict.find(in: [base, event("B", date: "2024-08-29", venue: "科技城", from: 540, to: 700)]).isEmpty)
    #expect(EventConflict.find(in: [base, event("B", date: "2024-08-28", venue: "会展中心", from: 540, to: 700)]).isEmpty)
    #expect(EventConflict.find(in: [base, event("B", date: "2024-08-28", venue: "科技城", from: 700, to: 800)]).isEmpty)
    #expect(
      EventConflict.find(in: [base, event("B", date: "2024-08-28", venue: "科技城", online: true, from: 540, to: 700)])
        .isEmpty)
  }

  @Test func overlappingItemsOfOneAgendaAreAConflict() {
    let broken = RoadshowEvent(
      format: "test", title: "A", date: "2024-09-20", venue: "科技城",
      agenda: [
        AgendaItem(start: 540, end: 600, segment: .pitch, title: "x"),
        AgendaItem(start: 590, end: 620, segment: .pitch, title: "y"),
      ])
    #expect(EventConflict.find(in: [broken]).map(\.overlap) == [590...600])
  }

  @Test func seedReferencesUseDigitsAndASCIIBracketsInEnglish() {
    #expect(SeedReference.localized("002 §二(四)", .en) == "002 §2(4)")
    #expect(SeedReference.localized("002 §二（二）4", .en) == "002 §2(2)4")
    #expect(SeedReference.localized("001 §十二", .en) == "001 §12")
    #expect(SeedReference.localized("002 §二(六)1", .zhCN) == "002 §二(六)1")
  }

  @Test func labelsAndListsUseTheLocalesPunctuation() {
    #expect(LabelFormat.qualified("示例导师甲", "某律师事务所", .zhCN) == "示例导师甲（某律师事务所）")
    #expect(LabelFormat.qualified("示例导师甲", "某律师事务所", .en) == "示例导师甲 (某律师事务所)")
    #expect(LabelFormat.qualified("示例导师甲", "", .en) == "示例导师甲")
    #expect(LabelFormat.list(["a", "b"], .zhCN) == "a；b")
    #expect(LabelFormat.list(["a", "b"], .en) == "a; b")
  }
}

/// Fields with a known domain: provinces.
@Suite struct ProvinceTests {
  @Test func shortFullAndEnglishNamesAreProvinces() {
    #expect(Province.parse("江苏") == "江苏")
    #expect(Province.parse("广西壮族自治区") == "广西")
    #expect(Province.parse("Inner Mongolia") == "内蒙古")
    #expect(Province.parse("heilongjiang") == "黑龙江")
    #expect(Province.name("黑龙江省", .en) == "Heilongjiang")
    #expect(Province.name("黑龙江", .zhCN) == "黑龙江")
    #expect(Province.english.count == Province.all.count)
  }

  @Test func numbersAndTyposAreNotAndTheNearestIsSuggested() {
    #expect(Province.parse("12345") == nil)
    let problem = Province.problem("12345")
    #expect(problem.message.en.hasPrefix("unknown province `12345`: expected one of the 31 provincial-level divisions"))
    #expect(problem.suggestion == nil)
    #expect(Province.parse("江苏s") == nil)
    #expect(Province.problem("江苏s").suggestion == "江苏")
    #expect(Province.problem("Jiangsuu").suggestion == "Jiangsu")
  }
}
