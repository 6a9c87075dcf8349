import Foundation
import GRDB
import RoadshowKernel
import Testing

@testable import RoadshowStore

/// The library writes only to files that are Roadshow libraries, or can become one.
@Suite struct LibraryOwnershipTests {
  /// The bytes and modification date of a file, to prove it was not touched.
  struct Fingerprint: Equatable {
    var bytes: Data
    var modified: Date?
    var folder: [String]

    init(_ path: String) throws {
      bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
      folder = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        .sorted()
    }
  }

  /// Writes a file and dates it an hour back, so that any write would move its date.
  static func prepare(_ path: String, _ write: (String) throws -> Void) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try write(path)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3_600)], ofItemAtPath: path)
  }

  static func header(_ path: String) throws -> (userVersion: Int, applicationID: Int32) {
    let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(100)
    func int(_ offset: Int) -> UInt32 { header[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
    return (Int(int(60)), Int32(bitPattern: int(68)))
  }

  @Test func marksANewLibraryWithRoadshowsIdAndSchemaVersion() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    _ = try SQLiteLibrary(path: path)
    let header = try Self.header(path)
    #expect(header.applicationID == SQLiteLibrary.applicationID)
    #expect(header.userVersion == SQLiteLibrary.schemaVersion)
    #expect(SQLiteLibrary.schemaVersion >= 3)  // v1, v2-library-version, v3-clearance-review…
  }

  @Test func anEmptyFileOrAnEmptyDatabaseBecomesALibrary() async throws {
    for makeEmptyDatabase in [false, true] {
      let path = Fixtures.libraryPath()
      defer { Fixtures.remove(path) }
      try Self.prepare(path) { path in
        if makeEmptyDatabase {
          let queue = try DatabaseQueue(path: path)
          try queue.write { db in try db.execute(sql: "PRAGMA user_version = 0") }
          try queue.close()
        } else {
          #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        }
      }
      let library = try SQLiteLibrary(path: path)
      try await library.commit(
        run: try Fixtures.record(id: "r1"), configText: "a", changed: ConcurrencyTests.base, decisions: [])
      #expect(try await SQLiteLibrary(readingAt: path).achievements() == ConcurrencyTests.base)
      #expect(try Self.header(path).applicationID == SQLiteLibrary.applicationID)
    }
  }

  @Test func refusesAnotherProgramsDatabaseUntouched() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try Self.prepare(path) { path in
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in
        try db.execute(sql: "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('张三')")
      }
      try queue.close()
    }
    let before = try Fingerprint(path)
    #expect(throws: LibraryError.foreignDatabase(path: path)) { _ = try SQLiteLibrary(path: path) }
    #expect(throws: LibraryError.foreignDatabase(path: path)) { _ = try SQLiteLibrary(readingAt: path) }
    #expect(try Fingerprint(path) == before)
    #expect(LibraryError.foreignDatabase(path: path).message(.en).contains("not a Roadshow project library"))
    #expect(LibraryError.foreignDatabase(path: path).message(.zhCN).contains("不是 Roadshow 项目库"))
  }

  @Test func refusesADatabaseMarkedByAnotherApplicationUntouched() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try Self.prepare(path) { path in
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in try db.execute(sql: "PRAGMA application_id = 42") }
      try queue.close()
    }
    let before = try Fingerprint(path)
    #expect(throws: LibraryError.foreignDatabase(path: path)) { _ = try SQLiteLibrary(path: path) }
    #expect(try Fingerprint(path) == before)
  }

  @Test func refusesACSVNamedSqliteUntouched() throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try Self.prepare(path) { path in
      try Data("id,title\n2018YFB1304900,工业机器人\n".utf8).write(to: URL(fileURLWithPath: path))
    }
    let before = try Fingerprint(path)
    let refused = LibraryError.cannotOpen(path: path, reason: LibraryError.notADatabase)
    #expect(throws: refused) { _ = try SQLiteLibrary(path: path) }
    #expect(throws: refused) { _ = try SQLiteLibrary(readingAt: path) }
    #expect(try Fingerprint(path) == before)
    #expect(refused.message(.zhCN).contains("不是 SQLite 数据库"))
  }

  @Test func refusesALibraryOfANewerSchemaForWritingAndReading() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try Self.prepare(path) { path in
      _ = try SQLiteLibrary(path: path)
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in try db.execute(sql: "PRAGMA user_version = \(SQLiteLibrary.schemaVersion + 1)") }
      try queue.close()
    }
    let before = try Fingerprint(path)
    let current = SQLiteLibrary.schemaVersion
    let refused = LibraryError.newerSchema(path: path, found: current + 1, supported: current)
    #expect(throws: refused) { _ = try SQLiteLibrary(path: path) }
    #expect(throws: refused) { _ = try SQLiteLibrary(readingAt: path) }
    #expect(try Fingerprint(path) == before)
    #expect(
      refused.message(.en).contains("made by a newer Roadshow (schema \(current + 1), this one reads up to \(current))")
    )
    #expect(refused.message(.zhCN).contains("更新版本的 Roadshow"))
  }

  @Test func adoptsALibraryWrittenBeforeTheMark() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    try await SQLiteLibrary(path: path).commit(
      run: try Fixtures.record(id: "r1"), configText: "a", changed: ConcurrencyTests.base, decisions: [])
    // As the code before the mark wrote it: the same tables, no application id, user_version 0.
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in try db.execute(sql: "PRAGMA application_id = 0; PRAGMA user_version = 0") }
    try queue.close()
    #expect(try Self.header(path) == (0, 0))

    let before = try Fingerprint(path)
    #expect(try await SQLiteLibrary(readingAt: path).achievements() == ConcurrencyTests.base)
    #expect(try Fingerprint(path).bytes == before.bytes)

    let library = try SQLiteLibrary(path: path)
    #expect(try await library.achievements() == ConcurrencyTests.base)
    try await library.commit(run: try Fixtures.record(id: "r2"), configText: "b", changed: [], decisions: [])
    #expect(try await library.runs().count == 2)
    #expect(try Self.header(path) == (SQLiteLibrary.schemaVersion, SQLiteLibrary.applicationID))
  }

  @Test func adoptsALibraryWrittenBeforeTheLatestMigration() async throws {
    let path = Fixtures.libraryPath()
    defer { Fixtures.remove(path) }
    _ = try SQLiteLibrary(path: path, migratingUpTo: "v1")
    #expect(try Self.header(path).userVersion == 1)
    _ = try SQLiteLibrary(path: path)
    #expect(try Self.header(path).userVersion == SQLiteLibrary.schemaVersion)
  }
}
