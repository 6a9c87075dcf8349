import RoadshowKernel

/// A 128-bit fingerprint of a run's decisions — every stage position, stage and plugin name, id,
/// outcome, rule, score and reason, in order — stored on the run so that a later run with the
/// same decisions can keep them as that run's verdict rows instead of writing them again.
///
/// Two independent 64-bit lanes over the same bytes, each field preceded by its length (so
/// `ab|c` and `a|bc` differ); the same decisions give the same digest in any process, unlike
/// `Hasher`. A digest match is also checked against the decision count before rows are shared.
enum VerdictDigest {
  static func of(_ decisions: [StageDecision]) -> String {
    var lanes = Lanes()
    for item in decisions {
      lanes.add(UInt64(bitPattern: Int64(item.position)))
      lanes.add(item.stage)
      lanes.add(item.plugin)
      let decision = item.decision
      lanes.add(decision.achievement.rawValue)
      lanes.add(decision.passed ? 1 : 0)
      lanes.add(decision.rule)
      if let score = decision.score {
        lanes.add(1)
        lanes.add(score.bitPattern)
      } else {
        lanes.add(0)
      }
      lanes.add(decision.reason.zh)
      lanes.add(decision.reason.en)
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
      text.withUTF8 { bytes in
        add(UInt64(bytes.count))
        var index = 0
        while index + 8 <= bytes.count {
          var word: UInt64 = 0
          for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * offset) }
          add(word)
          index += 8
        }
        if index < bytes.count {
          var word: UInt64 = 0
          for offset in 0..<(bytes.count - index) { word |= UInt64(bytes[index + offset]) << (8 * offset) }
          add(word)
        }
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
