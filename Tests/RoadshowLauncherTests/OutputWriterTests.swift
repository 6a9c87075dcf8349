import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowLauncher

@Suite struct OutputWriterTests {
  private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("roadshow-out-\(UUID().uuidString)")
  }

  private func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  @Test func writesEveryFileWithSubfoldersAndLeavesNoTemporaryFolder() throws {
    let parent = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: parent) }
    let folder = parent.appendingPathComponent("run/outputs")
    let written = try OutputWriter.write(
      files: [
        OutputFile(name: "summary.md", text: "# 工作总结"), OutputFile(name: "lists/push-list.csv", text: "编号\n1"),
        OutputFile(name: "lists/deep/x.txt", text: "x"),
      ], to: folder)
    #expect(written.map(\.lastPathComponent) == ["summary.md", "push-list.csv", "x.txt"])
    #expect(try read(folder.appendingPathComponent("summary.md")) == "# 工作总结")
    #expect(try read(folder.appendingPathComponent("lists/push-list.csv")) == "编号\n1")
    #expect(try read(folder.appendingPathComponent("lists/deep/x.txt")) == "x")
    let siblings = try FileManager.default.contentsOfDirectory(atPath: parent.appendingPathComponent("run").path)
    #expect(siblings == ["outputs"])
    let inside = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(inside == ["lists", "summary.md"])
  }

  @Test func replacesFilesOfAnEarlierRunAndKeepsOthers() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try OutputWriter.write(
      files: [OutputFile(name: "a.md", text: "old"), OutputFile(name: "b.md", text: "old")], to: folder)
    try OutputWriter.write(files: [OutputFile(name: "a.md", text: "new")], to: folder)
    #expect(try read(folder.appendingPathComponent("a.md")) == "new")
    #expect(try read(folder.appendingPathComponent("b.md")) == "old")
  }

  @Test func aFailedWriteLeavesTheFolderUntouched() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try OutputWriter.write(files: [OutputFile(name: "a", text: "old")], to: folder)
    // `a` and `a/b` cannot both exist: the second write fails after the first was staged.
    #expect(throws: OutputWriter.WriteError.self) {
      try OutputWriter.write(
        files: [OutputFile(name: "a", text: "new"), OutputFile(name: "a/b", text: "x")], to: folder)
    }
    #expect(try read(folder.appendingPathComponent("a")) == "old")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a"])
  }

  @Test func refusesNamesOutsideTheFolderBeforeWritingAnything() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["../escape.txt", "/etc/passwd", "a/../../b", ""] {
      #expect(throws: OutputWriter.WriteError.self) {
        try OutputWriter.write(
          files: [OutputFile(name: "ok.txt", text: "ok"), OutputFile(name: name, text: "x")], to: folder)
      }
    }
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func aFailedWriteToANewFolderRemovesTheFolderAgain() throws {
    let parent = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: parent) }
    let folder = parent.appendingPathComponent("new")
    #expect(throws: OutputWriter.WriteError.self) {
      try OutputWriter.write(
        files: [OutputFile(name: "a", text: "new"), OutputFile(name: "a/b", text: "x")], to: folder)
    }
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func theLaterOfTwoFilesWithTheSameNameWins() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let written = try OutputWriter.write(
      files: [OutputFile(name: "a.txt", text: "first"), OutputFile(name: "a.txt", text: "second")], to: folder)
    #expect(written.count == 1)
    #expect(try read(folder.appendingPathComponent("a.txt")) == "second")
  }
}
