import Foundation
import RoadshowKernel
import RoadshowStore

/// Texts the launcher prints, in both languages.
enum Messages {
  /// Any error in words, in `locale`.
  static func error(_ error: any Error, _ locale: ReportLocale) -> String {
    switch error {
    case let error as LibraryError: (locale == .zhCN ? "错误: " : "error: ") + error.message(locale)
    case let error as LedgerError: (locale == .zhCN ? "错误: " : "error: ") + error.message(locale)
    case let error as OutputWriter.WriteError: (locale == .zhCN ? "错误: " : "error: ") + error.rendered(locale)
    case let error as PipelineError: (locale == .zhCN ? "错误: " : "error: ") + error.rendered(locale)
    case is DataError, is ConfigurationError: PipelineRunner.describe(error, locale)
    default: (locale == .zhCN ? "错误: " : "error: ") + PipelineRunner.describe(error, locale)
    }
  }

  /// A short label for a stage kind, for progress lines: `[筛选 2/5]`.
  static func shortName(_ kind: PluginKind, _ locale: ReportLocale) -> String {
    switch (kind, locale) {
    case (.intake, .zhCN): "征集"
    case (.screening, .zhCN): "筛选"
    case (.coaching, .zhCN): "辅导"
    case (.event, .zhCN): "路演"
    case (.followUp, .zhCN): "跟踪"
    case (.intake, .en): "intake"
    case (.screening, .en): "screening"
    case (.coaching, .en): "coaching"
    case (.event, .en): "event"
    case (.followUp, .en): "follow-up"
    }
  }

  /// Prints every diagnostic of an invalid config, then how many there were.
  static func printDiagnostics(_ error: ConfigurationError, _ locale: ReportLocale, to console: Console) {
    for diagnostic in error.diagnostics { console.err(diagnostic.rendered(locale)) }
    let count = error.diagnostics.count
    console.err(
      locale == .zhCN
        ? "配置无效：共 \(count) 个错误，未执行任何操作。"
        : "invalid config: \(count) error\(count == 1 ? "" : "s"); nothing was run.")
  }
}

/// Prints the pipeline's progress to standard error: `[筛选 2/5] torch.trl_threshold: 212 → 190
/// （212 项，35,000 项/秒，0.01 秒）`.
///
/// On a terminal a counted step is one line updated in place (`\r`) while it runs and ended when
/// it finishes; in a log (not a terminal) each step prints one line when it starts and one when it
/// ends, with the count, the rate and the time taken, and nothing in between.
final class ProgressPrinter: @unchecked Sendable {
  let console: Console
  let locale: ReportLocale
  /// Whether standard error is a terminal.
  let interactive: Bool
  private let lock = NSLock()
  private var lineOpen = false

  /// Creates a printer; `interactive` defaults to whether the console's error stream is a terminal.
  init(console: Console, locale: ReportLocale, interactive: Bool? = nil) {
    self.console = console
    self.locale = locale
    self.interactive = interactive ?? console.errIsTerminal
  }

  var reporter: ProgressReporter { ProgressReporter { [self] event in handle(event) } }

  func handle(_ event: ProgressEvent) {
    lock.lock()
    defer { lock.unlock() }
    let text = line(event)
    guard interactive else {
      if event.count?.phase != .advanced { console.err(text) }
      return
    }
    switch event.count?.phase {
    case .started?, .advanced?:
      console.errText("\r\u{1B}[K" + text)
      lineOpen = true
    case .finished?:
      console.errText("\r\u{1B}[K" + text + "\n")
      lineOpen = false
    case nil:
      if lineOpen { console.errText("\n") }
      lineOpen = false
      console.err(text)
    }
  }

  /// Ends a line left open on a terminal, before other text is printed.
  func endLine() {
    lock.lock()
    defer { lock.unlock() }
    if lineOpen { console.errText("\n") }
    lineOpen = false
  }

  /// The event in words, without a line end.
  func line(_ event: ProgressEvent) -> String {
    let label =
      event.section.map { "[\($0(locale))]" }
      ?? "[\(Messages.shortName(event.kind, locale)) \(event.position)/\(event.total)]"
    var stage = event.stage
    if !event.plugin.isEmpty, event.plugin != event.stage { stage += " (\(event.plugin))" }
    var text = label + " " + (stage.isEmpty || event.section != nil ? "" : stage + ": ") + event.message(locale)
    if let count = event.count { text += Self.describe(count, locale) }
    return text
  }

  /// `（1,373 项，120,000 项/秒，0.01 秒）` when a step ends, `（12,345/100,000 项，54,000 项/秒）` while
  /// it runs; nothing when it starts (its message says what it is about to do).
  static func describe(_ count: ProgressCount, _ locale: ReportLocale) -> String {
    let zh = locale == .zhCN
    let unit = count.unit(locale)
    var parts: [String] = []
    switch count.phase {
    case .started: return ""
    case .advanced:
      if let total = count.total {
        let percent = total > 0 ? " \(100 * count.done / total)%" : ""
        parts.append(
          zh
            ? "\(grouped(count.done))/\(grouped(total)) \(unit)\(percent)"
            : "\(grouped(count.done)) of \(grouped(total)) \(unit)\(percent)")
      } else {
        parts.append("\(grouped(count.done)) \(unit)")
      }
    case .finished:
      parts.append("\(grouped(count.done)) \(unit)")
    }
    if let rate = count.rate { parts.append("\(grouped(Int(rate.rounded()))) \(unit)/\(zh ? "秒" : "s")") }
    if count.phase == .finished {
      let seconds = String(format: count.elapsed < 10 ? "%.2f" : "%.1f", count.elapsed)
      parts.append(zh ? "\(seconds) 秒" : "\(seconds) s")
    }
    return zh ? "（" + parts.joined(separator: "，") + "）" : " (" + parts.joined(separator: ", ") + ")"
  }

  /// `1,234,567`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
  }
}
