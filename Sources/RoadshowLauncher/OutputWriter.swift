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
/// Everything is first written into a hidden staging folder inside the output folder (so on the
/// same volume, and needing no permission beyond the output folder's own); only when every file
/// is complete is each one moved into place with an atomic rename. If anything fails before that,
/// the staging folder is removed and the output folder holds exactly what it held before (a
/// folder created for this write is removed again). Files of earlier runs that this run does
/// not write are left alone.
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

  /// The prefix of the hidden staging folder; no output file may start with it.
  static let stagingPrefix = ".roadshow-staging-"

  /// The components of an output file name, which must be a relative path inside the folder:
  /// not absolute, no `..` or `.`, not hidden behind the staging prefix.
  static func relativeParts(of name: String) throws -> [String] {
    let parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard !name.hasPrefix("/"), let first = parts.first, !first.hasPrefix(stagingPrefix), !parts.contains(".."),
      !parts.contains(".")
    else {
      throw WriteError(
        path: name,
        message: LocalizedText(
          zh: "文件名须为输出目录内的相对路径", en: "a file name must be a relative path inside the output folder"))
    }
    return parts
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
    let components = try files.map { ($0, try relativeParts(of: $0.name)) }

    var isDirectory: ObjCBool = false
    let existed = fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory)
    if existed, !isDirectory.boolValue {
      throw WriteError(
        path: directory.path,
        message: LocalizedText(zh: "同名文件已存在，不是目录", en: "a file of that name exists and is not a folder"))
    }
    let staging = directory.appendingPathComponent("\(stagingPrefix)\(UUID().uuidString)")
    var finished = false
    defer {
      try? fileManager.removeItem(at: staging)
      if !finished, !existed, (try? fileManager.contentsOfDirectory(atPath: directory.path))?.isEmpty == true {
        try? fileManager.removeItem(at: directory)
      }
    }
    do {
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      throw WriteError(path: directory.path, message: LocalizedText(verbatim: error.localizedDescription))
    }

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
      // A later file of the same name was already moved; the staged copy held the final bytes.
      if !fileManager.fileExists(atPath: source.path), written.contains(target) { continue }
      do {
        try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw WriteError(path: file.name, message: LocalizedText(verbatim: error.localizedDescription))
      }
      guard rename(source.path, target.path) == 0 else {
        let reason = String(cString: strerror(errno))
        throw WriteError(path: file.name, message: LocalizedText(verbatim: reason))
      }
      written.append(target)
    }
    finished = true
    return written
  }
}
