import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowLauncher

/// A console that keeps the raw text written to the error stream, as a terminal would get it.
final class RawCapture: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""

  func console(terminal: Bool) -> Console {
    Console(
      out: { _ in }, err: { line in self.lock.withLock { self.text += line + "\n" } },
      errText: { raw in self.lock.withLock { self.text += raw } }, errIsTerminal: terminal)
  }

  var written: String { lock.withLock { text } }
}

@Suite struct ProgressTests {
  func events(_ phase: ProgressCount.Phase, done: Int, elapsed: Double) -> ProgressEvent {
    ProgressEvent(
      kind: .screening, stage: "对接领域", plugin: "torch.field_focus", position: 1, total: 5,
      message: phase == .finished
        ? LocalizedText(verbatim: "100000 → 12260") : LocalizedText(zh: "筛选 100000 项…", en: "screening 100000…"),
      count: ProgressCount(done: done, total: 100_000, elapsed: elapsed, phase: phase))
  }

  @Test func inALogEachStepPrintsOneLineAtItsStartAndOneAtItsEndWithCountRateAndTime() {
    let capture = RawCapture()
    let printer = ProgressPrinter(console: capture.console(terminal: true), locale: .en, interactive: false)
    printer.handle(events(.started, done: 0, elapsed: 0))
    printer.handle(events(.advanced, done: 50_000, elapsed: 0.5))
    printer.handle(events(.advanced, done: 90_000, elapsed: 0.9))
    printer.handle(events(.finished, done: 100_000, elapsed: 1.25))
    #expect(
      capture.written == """
        [screening 1/5] 对接领域 (torch.field_focus): screening 100000…
        [screening 1/5] 对接领域 (torch.field_focus): 100000 → 12260 (100,000 records, 80,000 records/s, 1.25 s)

        """)
  }

  @Test func onATerminalAStepIsOneLineUpdatedInPlace() {
    let capture = RawCapture()
    let printer = ProgressPrinter(console: capture.console(terminal: true), locale: .zhCN)
    #expect(printer.interactive)
    printer.handle(events(.started, done: 0, elapsed: 0))
    printer.handle(events(.advanced, done: 50_000, elapsed: 0.5))
    printer.handle(
      ProgressEvent(kind: .screening, stage: "初筛", position: 2, total: 5, message: LocalizedText(verbatim: "提示")))
    printer.handle(events(.advanced, done: 90_000, elapsed: 0.9))
    printer.handle(events(.finished, done: 100_000, elapsed: 1.25))
    let clear = "\r\u{1B}[K"
    #expect(
      capture.written
        == clear + "[筛选 1/5] 对接领域 (torch.field_focus): 筛选 100000 项…"
        + clear + "[筛选 1/5] 对接领域 (torch.field_focus): 筛选 100000 项…（50,000/100,000 项 50%，100,000 项/秒）"
        + "\n[筛选 2/5] 初筛: 提示\n"
        + clear + "[筛选 1/5] 对接领域 (torch.field_focus): 筛选 100000 项…（90,000/100,000 项 90%，100,000 项/秒）"
        + clear + "[筛选 1/5] 对接领域 (torch.field_focus): 100000 → 12260（100,000 项，80,000 项/秒，1.25 秒）\n")
    // A line left open is ended before anything else is printed.
    printer.handle(events(.advanced, done: 10, elapsed: 0.1))
    printer.endLine()
    #expect(capture.written.hasSuffix("\n"))
  }

  @Test func aRunShowsCountsAndQuietPrintsNothing() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(Fixtures.validYAML)
    let loud = try await launch(
      ["run", path, "--out", workspace.path("out"), "--db", workspace.path("a.sqlite"), "--lang", "en"])
    #expect(loud.code == 0, "\(loud.err)")
    #expect(loud.err.contains("[screening 1/1] 成熟度 (test.min_trl): screening 3…\n"))
    #expect(loud.err.contains("[screening 1/1] 成熟度 (test.min_trl): 3 → 1 (3 records, "))
    #expect(loud.err.contains("[reports] "))
    let quiet = try await launch(
      ["run", path, "--out", workspace.path("quiet"), "--db", workspace.path("b.sqlite"), "--quiet", "--lang", "en"])
    #expect(quiet.code == 0)
    // Warnings are not progress: only they remain.
    #expect(!quiet.err.contains("["), "\(quiet.err)")
    #expect(!quiet.err.contains("records/s"))
    #expect(quiet.out.contains("Screening funnel: 3 → 1"))
  }

  @Test func aFunnelThatCannotNarrowIsAWarningAtValidateAndRunNotAnError() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let yaml = Fixtures.validYAML.replacingOccurrences(
      of: "screening:\n  - plugin: test.min_trl\n    name: 成熟度\n    with:\n      min_trl: 4\n", with: "screening: []\n")
    #expect(yaml.contains("screening: []"))
    let path = try workspace.write(yaml)
    let warning =
      "\(path):11:12: warning: `screening`: the screening funnel has no stage that narrows the library: "
      + "every record will be selected and written to selection.csv"
    let validated = try await launch(["validate", path, "--lang", "en"])
    #expect(validated.code == 0)
    #expect(validated.err == warning)
    #expect(validated.out.hasSuffix("OK (2 plugins, tracks: test)"))
    let run = try await launch(
      ["run", path, "--out", workspace.path("out"), "--db", workspace.path("a.sqlite"), "--quiet", "--lang", "en"])
    #expect(run.code == 0)
    #expect(run.err.hasPrefix(warning + "\n"))
    #expect(run.out.contains("3 projects chosen to pitch."))
    // A funnel with a narrowing stage has no warning.
    let narrowing = try await launch([
      "validate", try workspace.write(Fixtures.validYAML, as: "ok.yaml"), "--lang", "en",
    ])
    #expect(narrowing.err.isEmpty)
  }
}
