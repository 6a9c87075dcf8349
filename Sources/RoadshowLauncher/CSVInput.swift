import Foundation
import RoadshowKernel

extension Roadshow {
  /// Reads the CSV file a command was given, or prints its problems and ends the command (exit 1).
  static func readTable(_ file: String, locale: ReportLocale, console: Console) throws -> CSVTable {
    do {
      return try CSVTable.read(URL(fileURLWithPath: file), displayName: file)
    } catch let error as DataError {
      for diagnostic in error.diagnostics { console.err(diagnostic.rendered(locale)) }
      throw ExitStatus.failed
    }
  }

  /// The value of a checked file, or every problem printed as `FILE:LINE:COL`, then
  /// `N problems in the file; <outcome>` (exit 1).
  static func accepted<T>(
    _ result: Result<T, DataError>, outcome: LocalizedText, locale: ReportLocale, console: Console
  ) throws -> T {
    switch result {
    case .success(let value): return value
    case .failure(let error):
      for diagnostic in error.diagnostics { console.err(diagnostic.rendered(locale)) }
      let count = error.diagnostics.count
      console.err(
        locale == .zhCN
          ? "文件有 \(count) 处错误；\(outcome.zh)" : "\(count) problem\(count == 1 ? "" : "s") in the file; \(outcome.en)")
      throw ExitStatus.failed
    }
  }

  /// The outcome of a refused import: nothing recorded.
  static let nothingRecorded = LocalizedText(zh: "未记录任何内容。", en: "nothing was recorded.")
}
