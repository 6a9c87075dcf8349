import Foundation
import RoadshowKernel
import RoadshowStore

/// Texts the launcher prints, in both languages.
enum Messages {
  /// Any error in words, in `locale`.
  static func error(_ error: any Error, _ locale: ReportLocale) -> String {
    switch error {
    case let error as LibraryError: (locale == .zhCN ? "错误: " : "error: ") + error.message(locale)
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

/// Prints the pipeline's progress to standard error: `[筛选 2/5] torch.trl_threshold: 212 → 190`.
struct ProgressPrinter: Sendable {
  let console: Console
  let locale: ReportLocale

  var reporter: ProgressReporter { ProgressReporter { [self] event in handle(event) } }

  func handle(_ event: ProgressEvent) {
    var stage = event.stage
    if !event.plugin.isEmpty, event.plugin != event.stage { stage += " (\(event.plugin))" }
    console.err(
      "[\(Messages.shortName(event.kind, locale)) \(event.position)/\(event.total)] \(stage): \(event.message(locale))")
  }
}
