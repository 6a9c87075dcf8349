import Foundation
import RoadshowKernel

/// A config file's text made safe to hand to Yams.
///
/// Yams resolves a YAML alias (`*name`) by handing back the node it names; walking that tree
/// expands every alias, and a 1 KB "billion laughs" file expands to billions of values. So aliases
/// are taken out before Yams sees them: each alias token `*name` becomes the plain scalar
/// `\(marker)name` of the same length (every column stays where it was), and ``Converter``
/// resolves it by reference, counting what it would expand to against ``ConfigLimits/maxNodes``.
///
/// `marker` and ``placeholderAlphabet`` are private-use characters that the file does not
/// contain, so nothing written by the user can be taken for them; a `*` that turns out not to be
/// an alias (inside a plain scalar, say) is put back by the converter.
struct PreparedText {
  /// One alias token found in the text.
  struct AliasSite: Hashable {
    /// The anchor it names.
    var name: String
    /// Where its `*` is, from 1.
    var line: Int
    var column: Int
  }

  /// The text with every alias token replaced.
  private(set) var scalars: [Unicode.Scalar]
  /// The character that replaces the `*` of an alias; `nil` when the file has no alias.
  let marker: Unicode.Scalar?
  /// Private-use characters the file does not contain, other than `marker`: the letters of the
  /// placeholders that stand for keys written twice (``KeyRenaming``).
  let placeholderAlphabet: [Unicode.Scalar]
  /// Every alias, by the place of its `*`.
  let aliases: [String: AliasSite]

  /// Prepares `text`. Returns `nil` only for a file that uses every private-use character of
  /// the Basic Multilingual Plane (then there is nothing left to mark aliases with).
  init?(text: String) {
    var scalars = Array(text.unicodeScalars)
    var present = Set<UInt32>()
    for scalar in scalars where (0xE000...0xF8FF).contains(scalar.value) { present.insert(scalar.value) }
    var free = (0xE000...0xF8FF).lazy.filter { !present.contains(UInt32($0)) }.compactMap(Unicode.Scalar.init)
      .makeIterator()
    guard let marker = free.next() else { return nil }
    var alphabet: [Unicode.Scalar] = []
    while let next = free.next() { alphabet.append(next) }
    let sites = Self.substituteAliases(in: &scalars, marker: marker)
    self.scalars = scalars
    self.marker = sites.isEmpty ? nil : marker
    self.placeholderAlphabet = alphabet
    var byPlace: [String: AliasSite] = [:]
    for site in sites { byPlace[Self.place(site.line, site.column)] = site }
    self.aliases = byPlace
  }

  /// The key of a place in ``aliases``.
  static func place(_ line: Int, _ column: Int) -> String { "\(line):\(column)" }

  /// Finds the alias tokens, a `*` where a node may start (at the start of a line, after `- `,
  /// `: `, `? `, or in a flow collection after `[`, `{` or `,`), outside quotes, comments and
  /// block scalars, followed by an anchor name that ends as YAML requires; replaces each `*` by
  /// `marker`. One pass, linear in the text.
  private static func substituteAliases(in s: inout [Unicode.Scalar], marker: Unicode.Scalar) -> [AliasSite] {
    func isBlank(_ index: Int) -> Bool {
      index >= s.count || s[index] == " " || s[index] == "\t" || s[index] == "\n" || s[index] == "\r"
    }
    func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar {
      case "0"..."9", "a"..."z", "A"..."Z", "_", "-": true
      default: false
      }
    }
    var sites: [AliasSite] = []
    var index = 0
    var line = 1
    var column = 1
    var atLineStart = true
    var nodeStart = true
    var flowDepth = 0
    var lineIndent = 0
    var blockScalarParent: Int?
    var blockScalarIndent: Int?

    func advance(_ count: Int = 1) {
      for _ in 0..<count where index < s.count {
        if s[index] == "\n" || (s[index] == "\r" && !(index + 1 < s.count && s[index + 1] == "\n")) {
          line += 1
          column = 1
          atLineStart = true
        } else if s[index] != "\r" {
          column += 1
        }
        index += 1
      }
    }
    func skipToEndOfLine() {
      while index < s.count, s[index] != "\n", s[index] != "\r" { advance() }
    }

    while index < s.count {
      if atLineStart {
        atLineStart = false
        var indent = 0
        while index + indent < s.count, s[index + indent] == " " { indent += 1 }
        let end = index + indent
        let empty = end >= s.count || s[end] == "\n" || s[end] == "\r"
        // A block scalar's content is every line indented at least as far as its first line,
        // which must be indented further than the line that opened it.
        if let parent = blockScalarParent, !empty {
          blockScalarParent = nil
          if indent > parent { blockScalarIndent = indent }
        }
        if let content = blockScalarIndent {
          if empty || indent >= content {
            skipToEndOfLine()
            continue
          }
          blockScalarIndent = nil
        } else if blockScalarParent != nil {
          skipToEndOfLine()
          continue
        }
        lineIndent = indent
        advance(indent)
        nodeStart = true
        continue
      }
      let scalar = s[index]
      switch scalar {
      case "\n", "\r", " ", "\t":
        advance()
      case "#" where index == 0 || isBlank(index - 1):
        skipToEndOfLine()
      case "\"" where nodeStart:
        advance()
        while index < s.count, s[index] != "\"" { advance(s[index] == "\\" ? 2 : 1) }
        advance()
        nodeStart = false
      case "'" where nodeStart:
        advance()
        while index < s.count {
          if s[index] == "'" {
            if index + 1 < s.count, s[index + 1] == "'" {
              advance(2)
              continue
            }
            break
          }
          advance()
        }
        advance()
        nodeStart = false
      case "*" where nodeStart:
        var end = index + 1
        while end < s.count, isAnchorCharacter(s[end]) { end += 1 }
        let terminated = isBlank(end) || ["?", ":", ",", "]", "}", "%", "@", "`"].contains(s[end])
        if end > index + 1, terminated {
          var name = String.UnicodeScalarView()
          name.append(contentsOf: s[(index + 1)..<end])
          sites.append(AliasSite(name: String(name), line: line, column: column))
          s[index] = marker
        }
        advance(max(end - index, 1))
        nodeStart = false
      case "[", "{":
        if nodeStart || flowDepth > 0 { flowDepth += 1 }
        advance()
        nodeStart = flowDepth > 0
      case "]", "}":
        if flowDepth > 0 { flowDepth -= 1 }
        advance()
        nodeStart = false
      case "," where flowDepth > 0:
        advance()
        nodeStart = true
      case "-", "?", ":":
        // An indicator when followed by a blank (or, in a flow collection, `:` before anything).
        let indicator = isBlank(index + 1) || (scalar == ":" && flowDepth > 0)
        advance()
        nodeStart = indicator && (scalar == ":" || nodeStart)
      case "|", ">":
        if nodeStart && flowDepth == 0 {
          blockScalarParent = lineIndent
          skipToEndOfLine()
        } else {
          advance()
          nodeStart = false
        }
      case "&", "!":
        // An anchor or a tag: the node itself follows.
        if nodeStart {
          while index < s.count, !isBlank(index) { advance() }
        } else {
          advance()
        }
      default:
        advance()
        nodeStart = false
      }
    }
    return sites
  }
}
