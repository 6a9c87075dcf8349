import Foundation
import RoadshowStore
import Testing

@testable import RoadshowLauncher

@Suite struct ReviewCommandTests {
  @Test func reviewHelpIsBilingualWithExamplesForEverySubcommand() {
    let help = Roadshow.helpMessage(for: Roadshow.ReviewCommand.self, columns: 120)
    for name in ["assign", "packets", "import", "results"] {
      #expect(help.contains("\n  \(name) "), "missing subcommand \(name)")
      #expect(help.contains("roadshow review \(name) "), "no example of \(name)")
    }
    #expect(help.contains("专家评议") && help.contains("Expert panels"))
    let assign = Roadshow.helpMessage(for: Roadshow.ReviewCommand.Assign.self, columns: 120)
    for option in [
      "--round", "--experts", "--rubric", "--ids", "--reviewers", "--min-reviews", "--open", "--json", "--db",
    ] {
      #expect(assign.contains(option), "assign --help lacks \(option)")
    }
  }

  @Test func aMissingRoundIsReportedInTheChosenLanguage() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-review-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("library.sqlite").path
    _ = try SQLiteLibrary(path: db)
    let english = try await launch(["review", "results", "--round", "nope", "--db", db, "--lang", "en"])
    #expect(english.code == 1 && english.err.contains("there is no review round `nope`"), "\(english.err)")
    let chinese = try await launch(["review", "results", "--round", "nope", "--db", db])
    #expect(chinese.code == 1 && chinese.err.contains("没有评审轮次 `nope`"), "\(chinese.err)")
  }
}
