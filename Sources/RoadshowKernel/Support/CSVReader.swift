import Foundation

/// The text encoding of a CSV file, as the `encoding:` parameter names it.
public enum CSVEncoding: String, Sendable, Hashable, CaseIterable {
  /// UTF-8, with or without a byte-order mark.
  case utf8 = "utf-8"
  /// GB18030 (which includes GBK and GB2312), the encoding of many spreadsheets saved on Chinese
  /// Windows.
  case gb18030
  /// A byte-order mark (UTF-8 or UTF-16) decides; else UTF-8 when the bytes are valid UTF-8; else
  /// GB18030, with a warning naming the file, when they are valid GB18030; else UTF-8, the rows
  /// that are not being reported as bad rows.
  case auto
}

/// The one CSV reader of the project: a byte-level parser of UTF-8 CSV shared by ``CSVTable``
/// and the engines.
///
/// It reads what agencies' spreadsheets really hold: quoted fields with separators, doubled
/// quotes and line breaks; LF, CRLF or lone CR line ends; blank rows (left out); ragged rows
/// (kept as they are). Unquoted fields lose their leading and trailing spaces, tabs and full-width
/// spaces (U+3000); quoted fields are kept as written between their quotes, which may have spaces
/// and tabs outside them. UTF-8 is checked in the same scan that finds the fields, and strings are
/// made for fields only, so a file is read at a few hundred MB/s.
///
/// What a file's bytes mean is decided before: ``CSVTable`` decodes GB18030 and UTF-16 to UTF-8
/// (see ``CSVEncoding``).
///
/// **A stray quote costs at most its own row.** A quoted field may span lines, but the record it
/// ends up in is *malformed* when
/// - the quote is never closed before the end of the file,
/// - a closing quote is followed by something other than spaces and then the separator, a line
///   end or the end of the file,
/// - or the record spans lines and has another number of fields than the header.
///
/// A malformed record is not returned as a row: it is reported (``Malformed``) at the line where
/// the offending quote opened (for a field-count mismatch, the last quote whose field spans
/// lines), with its row number and column, and the reader starts again at the next physical line
/// after that one, so the lines a stray quote would have swallowed are read as the rows they are.
/// What the rule cannot see: a stray quote whose swallowed text happens to end in a closing quote
/// before a separator, in a record with as many fields as the header, reads as one row. A record
/// whose offending quote comes after a legitimate line break is reported whole, as one row. With `strictQuotes`, a quote inside an unquoted field is malformed too,
/// and reading restarts at the next line. Without it such a quote is kept as text (`5"`).
/// A record with bytes that are not UTF-8 (when UTF-8 is checked) is malformed too; reading goes
/// on after it.
///
/// Rows and malformed records share one numbering: the first non-blank record (the header) is
/// number 0, the next one 1, and so on, so that a message's row number is the row a user counts.
public struct CSVReader: Sendable {
  /// Why a record could not be read.
  public enum Reason: Sendable, Hashable {
    /// A quoted field runs to the end of the file.
    case unterminatedQuote
    /// A closing quote is followed by text other than the separator or a line end.
    case textAfterQuote
    /// A quote inside an unquoted field (only with `strictQuotes`).
    case unexpectedQuote
    /// A record spanning lines has another number of fields than the header.
    case fieldCount(expected: Int, found: Int)
    /// Bytes that are not UTF-8.
    case invalidUTF8

    /// The reason in words.
    public var message: LocalizedText {
      switch self {
      case .unterminatedQuote:
        LocalizedText(
          zh: "引号未闭合：以引号开始的字段直到文件末尾也没有结束", en: "quoted field is never closed before the end of the file")
      case .textAfterQuote:
        LocalizedText(
          zh: "引号未正确闭合：结束引号后还有其他文字（字段内的引号应写两遍）",
          en: "quote not closed properly: text follows the closing quote (double quotes inside a field)")
      case .unexpectedQuote:
        LocalizedText(
          zh: "引号位置不对（应给整个字段加引号，字段内的引号写两遍）",
          en: "a quote character is misplaced (quote the whole field and double inner quotes)")
      case .fieldCount(let expected, let found):
        LocalizedText(
          zh: "引号跨行后本行有 \(found) 个字段，表头有 \(expected) 个（可能有未闭合的引号）",
          en:
            "a quoted field spans lines and the row has \(found) fields where the header has \(expected) (a quote is probably not closed)"
        )
      case .invalidUTF8:
        LocalizedText(zh: "含有不是 UTF-8 的字节", en: "holds bytes that are not UTF-8")
      }
    }
  }

  /// A record that could not be read.
  public struct Malformed: Sendable, Hashable {
    /// The line where the problem is: where the offending quote opened, else where the record
    /// starts; from 1.
    public var line: Int
    /// The record's number among non-blank records (the header is 0).
    public var number: Int
    /// The field, from 1.
    public var column: Int
    /// Why.
    public var reason: Reason
  }

  /// What a parse found: the header (the first non-blank record, if it could be read), the data
  /// rows and the malformed records.
  public struct Parsed: Sendable {
    /// The first non-blank record, unless it is malformed.
    public var header: CSVTable.Row?
    /// The other records, in file order.
    public var rows: [CSVTable.Row]
    /// The records that could not be read, in file order.
    public var malformed: [Malformed]
    /// The offset in the bytes where parsing stopped (their count when it read them all).
    public var end: Int
    /// Whether parsing stopped at the first byte that is not UTF-8 (`stopAtInvalidUTF8`).
    public var stoppedAtInvalidUTF8: Bool
  }

  /// The field separator (an ASCII byte).
  public var separator: UInt8
  /// Whether a quote inside an unquoted field makes its record malformed.
  public var strictQuotes: Bool
  /// Whether fields are checked to be UTF-8 (records that are not are malformed).
  public var checksUTF8: Bool
  /// Whether parsing stops at the first field that is not UTF-8 (to try another encoding).
  public var stopAtInvalidUTF8: Bool
  /// At most this many non-blank records are read (1 reads the header only).
  public var maxRecords: Int

  /// A reader. `separator` must be an ASCII byte.
  public init(
    separator: UInt8 = UInt8(ascii: ","), strictQuotes: Bool = false, checksUTF8: Bool = true,
    stopAtInvalidUTF8: Bool = false, maxRecords: Int = .max
  ) {
    self.separator = separator
    self.strictQuotes = strictQuotes
    self.checksUTF8 = checksUTF8
    self.stopAtInvalidUTF8 = stopAtInvalidUTF8
    self.maxRecords = maxRecords
  }

  /// Parses UTF-8 CSV bytes (a leading UTF-8 byte-order mark is skipped).
  public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed {
    var parser = ByteParser(reader: self, bytes: bytes)
    parser.run()
    return Parsed(
      header: parser.header, rows: parser.rows, malformed: parser.malformed, end: parser.end,
      stoppedAtInvalidUTF8: parser.stoppedAtInvalidUTF8)
  }

  /// Parses UTF-8 CSV bytes.
  public func parse(_ bytes: [UInt8]) -> Parsed {
    bytes.withUnsafeBufferPointer { parse($0) }
  }
}

private let quote = UInt8(ascii: "\"")
private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

private struct ByteParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let count: Int
  let separator: UInt8
  /// Bytes above this one are never special: the hot loop tests one comparison for most bytes.
  let highestSpecial: UInt8
  let strictQuotes: Bool
  let checksUTF8: Bool
  let stopAtInvalidUTF8: Bool
  let maxRecords: Int

  var header: CSVTable.Row?
  var rows: [CSVTable.Row] = []
  var malformed: [CSVReader.Malformed] = []
  var stoppedAtInvalidUTF8 = false
  var number = 0
  var end = 0
  var unescaped: [UInt8] = []

  init(reader: CSVReader, bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.count = bytes.count
    self.separator = reader.separator
    self.highestSpecial = max(reader.separator, reader.strictQuotes ? quote : cr, cr)
    self.strictQuotes = reader.strictQuotes
    self.checksUTF8 = reader.checksUTF8
    self.stopAtInvalidUTF8 = reader.stopAtInvalidUTF8
    self.maxRecords = reader.maxRecords
  }

  /// The index after the line break that ends the line holding `index` (or the end).
  func nextLine(after index: Int) -> Int {
    var p = index
    while p < count {
      let b = bytes[p]
      if b == lf { return p + 1 }
      if b == cr { return p + 1 < count && bytes[p + 1] == lf ? p + 2 : p + 1 }
      p += 1
    }
    return count
  }

  /// The length of the UTF-8 sequence at `index` (a byte from 0x80), or 0 when it is not one.
  @inline(__always)
  func sequenceLength(at index: Int) -> Int {
    let b0 = bytes[index]
    if b0 < 0xC2 { return 0 }
    if b0 < 0xE0 { return index + 1 < count && bytes[index + 1] & 0xC0 == 0x80 ? 2 : 0 }
    if b0 < 0xF0 {
      guard index + 2 < count else { return 0 }
      let b1 = bytes[index + 1]
      guard b1 & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else { return 0 }
      if (b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0) { return 0 }
      return 3
    }
    guard b0 < 0xF5, index + 3 < count else { return 0 }
    let b1 = bytes[index + 1]
    guard b1 & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80, bytes[index + 3] & 0xC0 == 0x80 else { return 0 }
    if (b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90) { return 0 }
    return 4
  }

  func string(_ start: Int, _ end: Int, valid: Bool) -> String? {
    Self.string(UnsafeBufferPointer(rebasing: bytes[start..<end]), valid: valid, checksUTF8: checksUTF8)
  }

  func string(_ buffer: [UInt8], valid: Bool) -> String? {
    buffer.withUnsafeBufferPointer { Self.string($0, valid: valid, checksUTF8: checksUTF8) }
  }

  /// The field's text from bytes the scan found `valid` UTF-8 or not; `nil` when they are not and
  /// UTF-8 is checked (never replacement characters).
  static func string(_ slice: UnsafeBufferPointer<UInt8>, valid: Bool, checksUTF8: Bool) -> String? {
    guard valid else { return checksUTF8 ? nil : String(decoding: slice, as: UTF8.self) }
    // The scan checked the bytes: UTF8Span makes the string without checking them again, and
    // without the generic overhead of `String(validating:as:)`, most of the parse time otherwise.
    if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
      return String(copying: UTF8Span(unchecked: slice.span))
    }
    return String(decoding: slice, as: UTF8.self)
  }

  mutating func run() {
    var pos = 0
    defer { end = pos }
    if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    var line = 1
    let expectedDefault = 8
    while pos < count, number < maxRecords {
      let recordLine = line
      var fields: [String] = []
      fields.reserveCapacity(header?.fields.count ?? expectedDefault)
      var hasContent = false
      var problem: (line: Int, column: Int, reason: CSVReader.Reason, restart: Int?)?
      // The quoted field that last spanned lines: where a field-count mismatch restarts.
      var lastSpanning: (line: Int, position: Int)?
      var p = pos
      fieldLoop: while true {
        var q = p
        while q < count, bytes[q] == space || bytes[q] == tab { q += 1 }
        if q < count, bytes[q] == quote {
          let openLine = line
          let openPosition = q
          q += 1
          let start = q
          var escapes = false
          var closed = false
          var valid = true
          while q < count {
            let b = bytes[q]
            if b >= 0x80 {
              let length = sequenceLength(at: q)
              if length == 0 { valid = false }
              q += max(length, 1)
              continue
            }
            if b == quote {
              if q + 1 < count, bytes[q + 1] == quote {
                escapes = true
                q += 2
                continue
              }
              closed = true
              break
            }
            if b == lf || (b == cr && !(q + 1 < count && bytes[q + 1] == lf)) { line += 1 }
            q += 1
          }
          if line > openLine { lastSpanning = (openLine, openPosition) }
          guard closed else {
            problem = (openLine, fields.count + 1, .unterminatedQuote, nextLine(after: openPosition))
            line = openLine + 1
            break fieldLoop
          }
          let end = q
          q += 1
          while q < count, bytes[q] == space || bytes[q] == tab { q += 1 }
          if q < count, bytes[q] != separator, bytes[q] != cr, bytes[q] != lf {
            problem = (openLine, fields.count + 1, .textAfterQuote, nextLine(after: openPosition))
            line = openLine + 1
            break fieldLoop
          }
          var field: String?
          if escapes {
            unescaped.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
              unescaped.append(bytes[i])
              i += bytes[i] == quote ? 2 : 1
            }
            field = string(unescaped, valid: valid)
          } else {
            field = string(start, end, valid: valid)
          }
          if let field {
            if !field.isEmpty { hasContent = true }
            fields.append(field)
          } else {
            if stopAtInvalidUTF8 {
              stoppedAtInvalidUTF8 = true
              return
            }
            if problem == nil { problem = (openLine, fields.count + 1, .invalidUTF8, nil) }
            fields.append("")
          }
          p = q
        } else {
          let start = p
          q = p
          let high = highestSpecial
          let sep = separator
          var strayQuote = false
          var valid = true
          while q < count {
            let b = bytes[q]
            if b >= 0x80 {
              let length = sequenceLength(at: q)
              if length == 0 { valid = false }
              q += max(length, 1)
              continue
            }
            if b > high {
              q += 1
              continue
            }
            if b == sep || b == lf || b == cr { break }
            if strictQuotes && b == quote { strayQuote = true }
            q += 1
          }
          if strayQuote {
            problem = (line, fields.count + 1, .unexpectedQuote, nextLine(after: start))
            line += 1
            break fieldLoop
          }
          var s = start
          var e = q
          while s < e {
            let b = bytes[s]
            if b == space || b == tab {
              s += 1
            } else if b == 0xE3, e - s >= 3, bytes[s + 1] == 0x80, bytes[s + 2] == 0x80 {
              s += 3
            } else {
              break
            }
          }
          while e > s {
            let b = bytes[e - 1]
            if b == space || b == tab {
              e -= 1
            } else if b == 0x80, e - s >= 3, bytes[e - 2] == 0x80, bytes[e - 3] == 0xE3 {
              e -= 3
            } else {
              break
            }
          }
          if e > s {
            hasContent = true
            if let field = string(s, e, valid: valid) {
              fields.append(field)
            } else {
              if stopAtInvalidUTF8 {
                stoppedAtInvalidUTF8 = true
                return
              }
              if problem == nil { problem = (line, fields.count + 1, .invalidUTF8, nil) }
              fields.append("")
            }
          } else {
            fields.append("")
          }
          p = q
        }
        if p >= count {
          pos = count
          break
        }
        let b = bytes[p]
        p += 1
        if b == separator { continue }
        if b == cr, p < count, bytes[p] == lf { p += 1 }
        line += 1
        pos = p
        break
      }
      if let problem {
        malformed.append(
          CSVReader.Malformed(line: problem.line, number: number, column: problem.column, reason: problem.reason))
        number += 1
        if let restart = problem.restart { pos = restart }
        continue
      }
      guard hasContent else { continue }
      if let header, let spanning = lastSpanning, fields.count != header.fields.count {
        malformed.append(
          CSVReader.Malformed(
            line: spanning.line, number: number, column: 1,
            reason: .fieldCount(expected: header.fields.count, found: fields.count)))
        number += 1
        pos = nextLine(after: spanning.position)
        line = spanning.line + 1
        continue
      }
      let row = CSVTable.Row(line: recordLine, number: number, fields: fields)
      number += 1
      if header == nil && malformed.isEmpty {
        header = row
      } else {
        rows.append(row)
      }
    }
  }
}
