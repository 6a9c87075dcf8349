import Foundation
import Testing

@testable import RoadshowKernel

/// SplitMix64: a small seeded generator, so that every run mutates the same way.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct CSVFuzzTests {
  static let base = Array(
    ("编号,名称,单位,经费\n1,机器人,清华大学,100\r\n2,\"带,逗号\",北京大学,200\n3,\"多\n行\",浙江大学,300\n"
      + "4,\"带\"\"引号\",复旦大学,400\n\n5,plain,x,500\n6,\u{3000}全角\u{3000},南京大学,600").utf8)

  /// Inputs that once broke an invariant, kept as regression cases.
  static let regressions: [[UInt8]] = [
    Array("a,b\n\"".utf8),
    Array("a,b\n1,\"x\"\"".utf8),
    Array("\"a\"\r\"".utf8),
    Array("a,b\n1,\"x\ny\"z\n2,3\n".utf8),
    [0x22, 0x0D, 0x0A, 0x22, 0x2C],
    Array("a,b\n1,\"多\n行\",\u{FF}\n2,3".utf8),
  ]

  /// The number of physical lines: line breaks (LF, CRLF or a lone CR) plus one.
  static func physicalLines(_ bytes: [UInt8]) -> Int {
    var lines = 1
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A {
        lines += 1
      } else if bytes[index] == 0x0D {
        lines += 1
        if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
      }
      index += 1
    }
    return lines
  }

  /// What must hold for any input: every record is a row or a malformed record, numbered in order,
  /// no more of them than lines, each on a line of the input.
  @discardableResult
  static func checkInvariants(_ bytes: [UInt8], strict: Bool) -> Int {
    let parsed = CSVReader(strictQuotes: strict).parse(bytes)
    let lines = physicalLines(bytes)
    let rows = (parsed.header.map { [$0] } ?? []) + parsed.rows
    let total = rows.count + parsed.malformed.count
    #expect(total <= lines, "more records than lines in \(bytes)")
    let numbers = (rows.map(\.number) + parsed.malformed.map(\.number)).sorted()
    #expect(numbers == Array(0..<total), "records not numbered 0..<\(total) in \(bytes)")
    #expect(rows.allSatisfy { (1...lines).contains($0.line) }, "row line out of range in \(bytes)")
    #expect(parsed.malformed.allSatisfy { (1...lines).contains($0.line) }, "malformed line out of range in \(bytes)")
    #expect(parsed.end == bytes.count)
    // The table never fails otherwise than with a located data error.
    do {
      _ = try CSVTable.parse(data: Data(bytes), file: "fuzz.csv", encoding: .utf8, onBadRow: .skip)
    } catch let error as DataError {
      #expect(!error.diagnostics.isEmpty)
    } catch {
      Issue.record("unexpected error \(error) for \(bytes)")
    }
    return parsed.malformed.count
  }

  @Test func regressionInputsKeepTheInvariants() {
    for input in Self.regressions {
      Self.checkInvariants(input, strict: false)
      Self.checkInvariants(input, strict: true)
    }
  }

  @Test func twoThousandMutationsKeepTheInvariants() {
    var random = SeededGenerator(state: 20_260_401)
    var malformed = 0
    let inserts: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], [0xFF], [0xC3], [0xE9, 0x94], [0x20]]
    for _ in 0..<2_000 {
      var bytes = Self.base
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        let position = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where position < bytes.count:
          bytes.remove(at: position)
        case 1 where position < bytes.count:
          bytes[position] = [0x22, 0x2C, 0x0A, 0x0D][Int.random(in: 0..<4, using: &random)]
        default:
          bytes.insert(contentsOf: inserts[Int.random(in: 0..<inserts.count, using: &random)], at: position)
        }
      }
      malformed += Self.checkInvariants(bytes, strict: false)
      Self.checkInvariants(bytes, strict: true)
    }
    // The mutations do break rows: the invariants are not checked on clean inputs only.
    #expect(malformed > 200)
  }

  /// A well-formed file: quoted fields start with a letter (never a quote or separator), some
  /// span lines.
  static func wellFormed(_ random: inout SeededGenerator) -> (lines: [String], singleLineRows: [Int]) {
    let words = ["机器人", "alpha", "减速器", "nano", "水稻", "beta", "传感器"]
    var lines = ["id,title,org,funds"]
    var singleLine: [Int] = []
    for row in 1...30 {
      var fields = ["\(row)"]
      var spans = false
      for _ in 0..<3 {
        let word = words[Int.random(in: 0..<words.count, using: &random)]
        switch Int.random(in: 0..<6, using: &random) {
        case 0: fields.append("\"\(word),\(word)\"")
        case 1: fields.append("\"\(word)\"\"q\"\"\"")
        case 2:
          fields.append("\"\(word)\n\(word)\"")
          spans = true
        default: fields.append(word)
        }
      }
      if !spans { singleLine.append(row) }
      lines.append(fields.joined(separator: ","))
    }
    return (lines, singleLine)
  }

  @Test func aStrayQuoteNeverSwallowsMoreThanItsOwnRow() throws {
    var random = SeededGenerator(state: 7)
    for _ in 0..<300 {
      let (lines, singleLine) = Self.wellFormed(&random)
      let original = try CSVTable.parse(lines.joined(separator: "\n") + "\n", file: "ok.csv")
      #expect(original.rows.count == 30)
      let row = singleLine[Int.random(in: 0..<singleLine.count, using: &random)]
      var fields = lines[row].components(separatedBy: ",")
      // An unquoted field of that row (the id always is).
      let unquoted = fields.indices.filter { !fields[$0].hasPrefix("\"") && !fields[$0].hasSuffix("\"") }
      let column = unquoted[Int.random(in: 0..<unquoted.count, using: &random)]
      fields[column] = "\"" + fields[column]
      var broken = lines
      broken[row] = fields.joined(separator: ",")
      let text = broken.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
      let table = try CSVTable.parse(text, file: "bad.csv", onBadRow: .skip)
      let expected = original.rows.filter { $0.number != row }
      #expect(table.rows.map(\.fields) == expected.map(\.fields), "rows lost around row \(row) in \(text)")
      #expect(table.rows.map(\.line) == expected.map(\.line))
      #expect(table.malformed.count == 1)
      #expect(table.malformed.first?.number == row)
      #expect(table.malformed.first?.line == original.rows[row - 1].line)
    }
  }
}
