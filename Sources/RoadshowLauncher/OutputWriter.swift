import Foundation
import RoadshowKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a run's files into its output folder without ever leaving a half-written file.
///
/// Everything is first written into a hidden temporary folder next to the output folder (on the
/// same volume); only when every file is complete is each one moved into place with an atomic
/// rename. If anything fails before that, the output folder is untouched. Files of earlier runs
/// that this run does not write are left alone.
public enum OutputWriter {
  /// A problem writing the outputs.
  public struct WriteError: Error, Sendable, CustomStringConvertible {
    /// The file concerned, as the run named it, or the folder.
    public var path: String
    /// What went wrong.
    public var message: LocalizedText

    /// Creates an error.
    public init(path: String, message: LocalizedText) {
      self.path = path
      self.message = message
    }

    /// The error in `locale`.
    public func rendered(_ locale: ReportLocale) -> String {
      locale == .zhCN ? "无法写入输出 \(path)：\(message.zh)" : "cannot write output \(path): \(message.en)"
    }

    public var description: String { rendered(.en) }
  }

  /// Writes `files` (paths relative to `directory`, subfolders created as needed) and returns the
  /// URLs written, in the order given. When two files share a name the later one wins.
  ///
  /// - Throws: ``WriteError`` for a name that is absolute or climbs out of the folder (nothing is
  ///   written then), or when the disk refuses a write.
  @discardableResult
  public static func write(files: [OutputFile], to directory: URL) throws -> [URL] {
    let fileManager = FileManager.default
    let directory = directory.standardizedFileURL
    var components: [(file: OutputFile, parts: [String])] = []
    for file in files {
      let parts = file.name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
      guard !file.name.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !parts.contains(".") else {
        throw WriteError(
          path: file.name,
          message: LocalizedText(
            zh: "文件名须为输出目录内的相对路径", en: "a file name must be a relative path inside the output folder"))
      }
      components.append((file, parts))
    }

    let parent = directory.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(UUID().uuidString)")
    do {
      try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      throw WriteError(path: directory.path, message: LocalizedText(verbatim: error.localizedDescription))
    }
    defer { try? fileManager.removeItem(at: staging) }

    for (file, parts) in components {
      let url = parts.reduce(staging) { $0.appendingPathComponent($1) }
      do {
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: url)
      } catch {
        throw WriteError(path: file.name, message: LocalizedText(verbatim: error.localizedDescription))
      }
    }

    var written: [URL] = []
    for (file, parts) in components {
      let source = parts.reduce(staging) { $0.appendingPathComponent($1) }
      let target = parts.reduce(directory) { $0.appendingPathComponent($1) }
      do {
        try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw WriteError(path: file.name, message: LocalizedText(verbatim: error.localizedDescription))
      }
      // A later file of the same name was already moved; the staged copy holds the final bytes.
      if !fileManager.fileExists(atPath: source.path), written.contains(target) { continue }
      guard rename(source.path, target.path) == 0 else {
        let reason = String(cString: strerror(errno))
        throw WriteError(path: file.name, message: LocalizedText(verbatim: reason))
      }
      written.append(target)
    }
    return written
  }
}
