import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API, for the run's bulk writes (every
/// changed record, every decision): the values go straight to `sqlite3_bind_*` instead of an array
/// of `DatabaseValueConvertible` built, checked and converted per row.
///
/// It lives inside one write transaction of ``SQLiteLibrary`` (it needs the connection of that
/// `Database`) and is finalised when let go.
final class BulkStatement {
  private let handle: OpaquePointer
  private let connection: OpaquePointer
  private let sql: String

  /// Prepares `sql` on `db`'s connection.
  init(_ db: Database, sql: String) throws {
    guard let connection = db.sqliteConnection else {
      throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "Connection is closed", sql: sql)
    }
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard code == SQLITE_OK, let statement else {
      sqlite3_finalize(statement)
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
    self.handle = statement
    self.connection = connection
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  /// SQLite copies the bytes it is given (`SQLITE_TRANSIENT`).
  private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

  /// Binds text (NULL for `nil`) to parameter `index` (from 1).
  func bind(_ index: Int32, _ text: String?) {
    guard let text else {
      sqlite3_bind_null(handle, index)
      return
    }
    let length = Int32(text.utf8.count)
    text.withCString { sqlite3_bind_text(handle, index, $0, length, Self.transient) }
  }

  /// Binds an integer (NULL for `nil`) to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: Int?) {
    guard let value else {
      sqlite3_bind_null(handle, index)
      return
    }
    sqlite3_bind_int64(handle, index, Int64(value))
  }

  /// Binds an integer (NULL for `nil`) to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: Int64?) {
    guard let value else {
      sqlite3_bind_null(handle, index)
      return
    }
    sqlite3_bind_int64(handle, index, value)
  }

  /// Binds a number (NULL for `nil`) to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: Double?) {
    guard let value else {
      sqlite3_bind_null(handle, index)
      return
    }
    sqlite3_bind_double(handle, index, value)
  }

  /// Binds a flag as 1 or 0 (as GRDB stores `Bool`) to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: Bool) {
    sqlite3_bind_int64(handle, index, value ? 1 : 0)
  }

  /// Binds `first` and `second` as blobs to parameters `firstIndex` and `secondIndex` (from 1)
  /// and runs the statement while they are bound: SQLite reads them in place (`SQLITE_STATIC`),
  /// so blocks of megabytes are not copied first.
  func execute(binding first: [UInt8], to firstIndex: Int32, and second: [UInt8], to secondIndex: Int32) throws {
    try first.withUnsafeBytes { firstBytes in
      try second.withUnsafeBytes { secondBytes in
        try bindBlob(firstBytes, firstIndex)
        try bindBlob(secondBytes, secondIndex)
        try execute()
      }
    }
  }

  private func bindBlob(_ bytes: UnsafeRawBufferPointer, _ index: Int32) throws {
    let code =
      if let base = bytes.baseAddress, !bytes.isEmpty {
        sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(bytes.count), nil)
      } else {
        sqlite3_bind_zeroblob(handle, index, 0)
      }
    guard code == SQLITE_OK else {
      sqlite3_clear_bindings(handle)
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
  }

  /// Runs the statement with the values bound, then makes it ready for the next ones.
  func execute() throws {
    let code = sqlite3_step(handle)
    let failure =
      code == SQLITE_DONE || code == SQLITE_ROW
      ? nil
      : DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    if let failure { throw failure }
  }
}
