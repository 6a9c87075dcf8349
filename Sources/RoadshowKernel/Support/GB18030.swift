// iconv: Glibc here; on Apple platforms Foundation brings it in.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// GB18030 (GBK, GB2312) to UTF-8, through the C library's `iconv`.
enum GB18030 {
  /// The UTF-8 bytes of GB18030 `bytes`, with each byte `iconv` cannot convert replaced by U+FFFD:
  /// how many and the line of the first. A sequence cut off at the end of incomplete input
  /// (`complete: false`) is dropped. `nil` when the C library has no GB18030 converter.
  static func utf8(from bytes: UnsafeBufferPointer<UInt8>, complete: Bool) -> (
    bytes: [UInt8], invalid: Int, firstInvalidLine: Int?
  )? {
    let failed = UnsafeMutableRawPointer(bitPattern: -1)
    guard let converter = iconv_open("UTF-8", "GB18030"), converter != failed else { return nil }
    defer { iconv_close(converter) }
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return ([], 0, nil) }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + bytes.count / 2 + 16)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
    var inputLeft = bytes.count
    var invalid = 0
    var firstInvalid: Int?
    while inputLeft > 0 {
      var status = 0
      var error: Int32 = 0
      let produced = chunk.withUnsafeMutableBytes { buffer -> Int in
        guard let start = buffer.baseAddress else { return 0 }
        var out: UnsafeMutablePointer<CChar>? = start.assumingMemoryBound(to: CChar.self)
        var outLeft = buffer.count
        var inPointer: UnsafeMutablePointer<CChar>? = input
        status = iconv(converter, &inPointer, &inputLeft, &out, &outLeft)
        error = errno
        if let inPointer { input = inPointer }
        return buffer.count - outLeft
      }
      output.append(contentsOf: chunk[0..<produced])
      guard status == -1 else { continue }
      switch error {
      case E2BIG:
        continue
      case EINVAL where !complete:
        inputLeft = 0
      case EILSEQ, EINVAL:
        if firstInvalid == nil { firstInvalid = bytes.count - inputLeft }
        invalid += 1
        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
        input += 1
        inputLeft -= 1
        _ = iconv(converter, nil, nil, nil, nil)
      default:
        return nil
      }
    }
    let line = firstInvalid.map { offset in
      1 + UnsafeBufferPointer(rebasing: bytes[0..<offset]).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
    return (output, invalid, line)
  }
}
