import RoadshowKernel

/// A 128-bit fingerprint of a run's decisions — every stage position, stage and plugin name, and
/// the stage's verdict block (ids, outcomes, scores, rules and reasons, in order) — stored on the
/// run so that a later run with the same decisions can keep them as that run's blocks instead of
/// writing them again.
///
/// Two independent 64-bit lanes over the same bytes, each field preceded by its length (so
/// `ab|c` and `a|bc` differ); the same decisions give the same digest in any process, unlike
/// `Hasher`. A digest match is also checked against the decision count before blocks are shared.
enum VerdictDigest {
  static func of(_ blocks: [VerdictBlock], stages: [Int: (stage: String, plugin: String)]) -> String {
    var lanes = Lanes()
    for block in blocks {
      lanes.add(UInt64(bitPattern: Int64(block.position)))
      lanes.add(stages[block.position]?.stage ?? "")
      lanes.add(stages[block.position]?.plugin ?? "")
      lanes.add(UInt64(block.count))
      lanes.add(bytes: block.reasons)
      lanes.add(bytes: block.entries)
    }
    return lanes.hex
  }

  struct Lanes {
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    mutating func add(_ word: UInt64) {
      a = (a ^ word) &* 0x100_0000_01B3
      a ^= a >> 29
      b = (b ^ (word &+ 0x165_667B_1956_67E3)) &* 0xFF51_AFD7_ED55_8CCD
      b ^= b >> 33
    }

    mutating func add(_ text: String) {
      var text = text
      text.withUTF8 { add(bytes: $0) }
    }

    mutating func add(bytes: [UInt8]) {
      bytes.withUnsafeBufferPointer { add(bytes: $0) }
    }

    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
      add(UInt64(bytes.count))
      var index = 0
      if let base = UnsafeRawPointer(bytes.baseAddress) {
        while index + 8 <= bytes.count {
          add(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
          index += 8
        }
      }
      if index < bytes.count {
        var word: UInt64 = 0
        for offset in 0..<(bytes.count - index) { word |= UInt64(bytes[index + offset]) << (8 * offset) }
        add(word)
      }
    }

    var hex: String {
      func pad(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
      }
      return pad(a) + pad(b)
    }
  }
}
