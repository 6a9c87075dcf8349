import Foundation

/// A text compared and hashed by its UTF-8 bytes: a cheap key for remembering what a lookup by
/// `String` answered for the same bytes (a `String` normalises non-ASCII text to hash it, and a
/// national-scale run looks up the same few Chinese field names 100,000s of times).
package struct UTF8Key: Hashable {
  package let text: String

  package init(_ text: String) { self.text = text }

  package static func == (lhs: Self, rhs: Self) -> Bool {
    var left = lhs.text
    var right = rhs.text
    return left.withUTF8 { a in
      right.withUTF8 { b in
        guard a.count == b.count, let x = a.baseAddress, let y = b.baseAddress else { return a.count == b.count }
        return memcmp(x, y, a.count) == 0
      }
    }
  }

  package func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
