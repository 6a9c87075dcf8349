import Foundation
import RoadshowKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Delivers a run's output folder together with its library commit: both old or both new.
///
/// 1. `stage`: every file is written into a hidden folder beside the target
///    (`.NAME.roadshow-staging-RUN`), on the same volume, and flushed to disk.
/// 2. The run commits its library changes (the commit is the point of no return).
/// 3. `switchIn`: the old folder is renamed aside (`.NAME.roadshow-old-RUN`), the staged one is
///    renamed into place, and the old one is removed.
///
/// A process killed anywhere leaves at most these two hidden folders (and the mark below). `recover`, which every
/// `roadshow run` calls first, finishes a switch whose run the library holds as committed and
/// undoes any other, so the folder and the library agree again. A staged folder is marked with
/// the library its run commits to (`.NAME.roadshow-library-RUN`): a run on another library
/// refuses to touch it, since only that library knows whether the run committed. A lock file beside the target
/// (`.NAME.roadshow-lock`) keeps two runs from delivering to the same folder at once.
public struct OutputDelivery: Sendable {
  /// The output folder.
  public let target: URL

  /// What `recover` did, for the user.
  public enum Recovery: Sendable, Equatable {
    /// A committed run's folder was switched into place.
    case finished(run: String)
    /// An uncommitted run's staged folder was removed.
    case discarded(run: String)
    /// The folder of the last committed run was put back after an interrupted switch.
    case restored
  }

  /// A delivery to `target`.
  public init(target: URL) {
    self.target = target.standardizedFileURL
  }

  private var parent: URL { target.deletingLastPathComponent() }
  private var name: String { target.lastPathComponent }
  private var stagingPrefix: String { ".\(name).roadshow-staging-" }
  private var retiredPrefix: String { ".\(name).roadshow-old-" }
  private var partialPrefix: String { ".\(name).roadshow-partial-" }
  private var libraryPrefix: String { ".\(name).roadshow-library-" }

  func staging(_ run: String) -> URL { parent.appendingPathComponent(stagingPrefix + run) }
  func retired(_ run: String) -> URL { parent.appendingPathComponent(retiredPrefix + run) }
  func libraryMark(_ run: String) -> URL { parent.appendingPathComponent(libraryPrefix + run) }

  /// The library the staged folder of `run` was marked with, if any.
  private func markedLibrary(_ run: String) -> String? {
    (try? Data(contentsOf: libraryMark(run))).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Checks, before anything runs, that the folder can be delivered: the target is absent, an
  /// empty folder, or a folder a Roadshow run wrote (it holds `run.json`), and its parent can be
  /// written. A folder of other files is refused: delivering replaces the whole folder.
  public func check() throws {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw OutputWriter.WriteError(
          path: target.path, message: LocalizedText(zh: "该路径已存在且不是文件夹", en: "it exists and is not a folder"))
      }
      let entries = (try? fileManager.contentsOfDirectory(atPath: target.path)) ?? []
      if !entries.isEmpty, !entries.contains("run.json") {
        throw OutputWriter.WriteError(
          path: target.path,
          message: LocalizedText(
            zh: "该文件夹已有其他文件（不是 Roadshow 的输出目录）；每次运行会整体替换输出目录，请指定新的或空的文件夹",
            en:
              "the folder holds files Roadshow did not write; a run replaces its output folder whole, so name a new or empty folder"
          ))
      }
    }
    var ancestor = parent
    while !fileManager.fileExists(atPath: ancestor.path), ancestor.path != "/" {
      ancestor = ancestor.deletingLastPathComponent()
    }
    guard access(ancestor.path, W_OK | X_OK) == 0 else {
      throw OutputWriter.WriteError(
        path: target.path,
        message: LocalizedText(
          zh: "无法在 \(ancestor.path) 中写入", en: "cannot write in \(ancestor.path)"))
    }
  }

  /// Takes the folder's lock for as long as the returned value lives; throws when another run holds it.
  public func lock() throws -> DeliveryLock {
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw OutputWriter.WriteError(path: parent.path, message: LocalizedText(verbatim: error.localizedDescription))
    }
    let path = parent.appendingPathComponent(".\(name).roadshow-lock").path
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw OutputWriter.WriteError(path: path, message: LocalizedText(verbatim: String(cString: strerror(errno))))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw OutputWriter.WriteError(
        path: target.path,
        message: LocalizedText(
          zh: "另一个 roadshow run 正在写入该输出目录；请等它结束",
          en: "another roadshow run is writing this output folder; wait for it to end"))
    }
    return DeliveryLock(descriptor: descriptor)
  }

  /// Finishes or undoes an interrupted delivery: a staged folder whose run `isCommitted` is
  /// switched in, any other staged folder is removed, and a folder renamed aside is removed once
  /// the target is back (or put back when it is not). Also removes staging folders that earlier
  /// versions left inside the target.
  ///
  /// - Parameter library: the library `isCommitted` asks. A staged folder marked with another
  ///   library is left as it is and the recovery throws, naming that library: only it knows
  ///   whether the run committed. `nil` asks `isCommitted` about every staged folder.
  @discardableResult
  public func recover(library: String? = nil, isCommitted: (String) async throws -> Bool) async throws -> [Recovery] {
    let fileManager = FileManager.default
    let siblings = (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
    var done: [Recovery] = []
    for entry in siblings.sorted() where entry.hasPrefix(stagingPrefix) {
      let run = String(entry.dropFirst(stagingPrefix.count))
      if let library, let marked = markedLibrary(run), marked != library {
        throw OutputWriter.WriteError(
          path: target.path,
          message: LocalizedText(
            zh:
              "输出目录有运行 \(run) 暂存、尚未切换的输出，该运行属于另一个项目库（\(marked)），只有它知道这次运行是否已提交；请用该项目库再运行一次以完成切换，或确认不需要后删除 \(staging(run).path) 和 \(libraryMark(run).path)",
            en:
              "the output folder has the staged, not yet switched-in outputs of run \(run) of another library (\(marked)), which alone knows whether that run committed; run again with that library to finish the switch, or, if they are not wanted, remove \(staging(run).path) and \(libraryMark(run).path)"
          ))
      }
      if try await isCommitted(run) {
        try switchIn(run: run)
        done.append(.finished(run: run))
      } else {
        try? fileManager.removeItem(at: staging(run))
        try? fileManager.removeItem(at: libraryMark(run))
        done.append(.discarded(run: run))
      }
    }
    for entry in siblings where entry.hasPrefix(libraryPrefix) {
      // A mark whose staged folder is gone (switched in or removed before the mark was).
      let run = String(entry.dropFirst(libraryPrefix.count))
      if !fileManager.fileExists(atPath: staging(run).path) { try? fileManager.removeItem(at: libraryMark(run)) }
    }
    for entry in siblings.sorted() where entry.hasPrefix(retiredPrefix) {
      let old = parent.appendingPathComponent(entry)
      guard fileManager.fileExists(atPath: old.path) else { continue }
      if fileManager.fileExists(atPath: target.path) {
        try? fileManager.removeItem(at: old)
      } else {
        try Self.rename(old, to: target)
        done.append(.restored)
      }
    }
    for entry in siblings where entry.hasPrefix(partialPrefix) {
      try? fileManager.removeItem(at: parent.appendingPathComponent(entry))
    }
    for entry in (try? fileManager.contentsOfDirectory(atPath: target.path)) ?? []
    where entry.hasPrefix(OutputWriter.stagingPrefix) {
      try? fileManager.removeItem(at: target.appendingPathComponent(entry))
    }
    return done
  }

  /// Writes `files` into the staging folder of `run`, complete and flushed to disk: they are
  /// written into a partial folder first, which is renamed to the staging name only when whole.
  /// When `library` is given, the staged folder is marked with it first (see
  /// ``recover(library:isCommitted:)``).
  public func stage(_ files: [OutputFile], run: String, library: String? = nil) throws {
    let fileManager = FileManager.default
    let folder = parent.appendingPathComponent(partialPrefix + UUID().uuidString)
    let components = try files.map { ($0, try OutputWriter.relativeParts(of: $0.name)) }
    do {
      try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
      for (file, parts) in components {
        let url = parts.reduce(folder) { $0.appendingPathComponent($1) }
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: url)
        Self.flush(url.path)
      }
      Self.flush(folder.path)
      if let library {
        try Data(library.utf8).write(to: libraryMark(run), options: .atomic)
        Self.flush(libraryMark(run).path)
        // The mark is on disk before the staged folder it marks can be.
        Self.flush(parent.path)
      }
      try? fileManager.removeItem(at: staging(run))
      try Self.rename(folder, to: staging(run))
      Self.flush(parent.path)
    } catch let error as OutputWriter.WriteError {
      try? fileManager.removeItem(at: folder)
      throw error
    } catch {
      try? fileManager.removeItem(at: folder)
      throw OutputWriter.WriteError(path: target.path, message: LocalizedText(verbatim: error.localizedDescription))
    }
  }

  /// Puts the staged folder of `run` in place of the target, in two renames, and removes the old one.
  public func switchIn(run: String) throws {
    let fileManager = FileManager.default
    let staged = staging(run)
    let old = retired(run)
    guard fileManager.fileExists(atPath: staged.path) else { return }
    if fileManager.fileExists(atPath: target.path) {
      if fileManager.fileExists(atPath: old.path) { try? fileManager.removeItem(at: old) }
      try Self.rename(target, to: old)
    }
    FaultInjection.point("between-renames")
    try Self.rename(staged, to: target)
    Self.flush(parent.path)
    try? fileManager.removeItem(at: old)
    try? fileManager.removeItem(at: libraryMark(run))
  }

  /// Removes the staging folder of `run`, if any.
  public func discard(run: String) {
    try? FileManager.default.removeItem(at: staging(run))
    try? FileManager.default.removeItem(at: libraryMark(run))
  }

  private static func rename(_ source: URL, to destination: URL) throws {
    guard posixRename(source.path, destination.path) == 0 else {
      throw OutputWriter.WriteError(
        path: destination.path, message: LocalizedText(verbatim: String(cString: strerror(errno))))
    }
  }

  private static func flush(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}

private func posixRename(_ source: String, _ destination: String) -> Int32 {
  rename(source, destination)
}

/// The lock of an output folder, released when the value is dropped (or the process ends).
public final class DeliveryLock: Sendable {
  private let descriptor: Int32

  init(descriptor: Int32) { self.descriptor = descriptor }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

/// Named points where a test can have the process killed (`ROADSHOW_FAULT=after-commit`), to check
/// that a run interrupted anywhere leaves the library and the output folder both old or both new.
public enum FaultInjection {
  /// Kills the process with SIGKILL when `ROADSHOW_FAULT` names `point`.
  public static func point(_ point: String) {
    guard let wanted = ProcessInfo.processInfo.environment["ROADSHOW_FAULT"], wanted == point else { return }
    kill(getpid(), SIGKILL)
  }
}
