import Foundation
import RoadshowKernel

/// A seeded mutation fuzzer for the config loader and validator: it takes real configs (every
/// sample) and small hand-made ones, breaks them in the ways people and tools break files
/// (lines repeated, lost or moved, keys written a thousand times, YAML aliases and anchors, huge
/// values, stray bytes, tabs, unbalanced brackets), and checks that each one is answered within
/// a time limit with a configuration or with located diagnostics: never a crash, a hang or an
/// error without a place.
///
/// The same seed gives the same inputs. `roadshow-bench config-fuzz` runs many; the test suite
/// runs a bounded number.
public struct ConfigFuzz: Sendable {
  /// A config the mutations start from. `file` names its place, so that relative data files
  /// resolve as they do for the real file; nothing is written there.
  public struct Seed: Sendable {
    /// The path the config is validated as.
    public var file: String
    /// Its text.
    public var text: String

    /// Creates a seed.
    public init(file: String, text: String) {
      self.file = file
      self.text = text
    }
  }

  /// One input tried.
  public struct Outcome: Sendable {
    /// Its number in the run.
    public var index: Int
    /// The seed's file.
    public var seed: String
    /// The mutations applied, in order.
    public var mutations: [String]
    /// The input.
    public var text: String
    /// Loading and validating it took this much processor time, in seconds.
    public var seconds: Double
    /// Diagnostics it was refused with (0 when it is valid).
    public var diagnostics: Int
    /// What was wrong with the answer; `nil` when it was a configuration or located diagnostics.
    public var problem: String?
  }

  /// A run's figures.
  public struct Report: Sendable {
    /// Inputs tried.
    public var count = 0
    /// Inputs accepted as valid configurations.
    public var accepted = 0
    /// The slowest input.
    public var slowest: Outcome?
    /// Inputs whose answer broke the rules (unlocated diagnostic, too slow).
    public var failures: [Outcome] = []
    /// Total time.
    public var seconds = 0.0
  }

  /// The slowest answer allowed, in seconds of processor time.
  public var timeLimit: Double
  /// The linked plugins.
  public var registry: PluginRegistry

  /// Creates a fuzzer.
  public init(registry: PluginRegistry, timeLimit: Double = 3) {
    self.registry = registry
    self.timeLimit = timeLimit
  }

  /// Every config under `samples` (`.yaml`, `.yml`, `.json`) and a few small hand-made ones
  /// placed beside the first sample.
  public static func seeds(samples: URL) -> [Seed] {
    var seeds: [Seed] = []
    let files =
      FileManager.default.enumerator(at: samples, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }
      .filter { ["yaml", "yml", "json"].contains($0.pathExtension) && !$0.path.contains("/data/") }
      .sorted { $0.path < $1.path } ?? []
    for url in files {
      if let text = try? String(contentsOf: url, encoding: .utf8) { seeds.append(Seed(file: url.path, text: text)) }
    }
    let folder = files.first?.deletingLastPathComponent() ?? samples
    for (index, text) in handMade.enumerated() {
      seeds.append(Seed(file: folder.appendingPathComponent("hand-made-\(index).yaml").path, text: text))
    }
    return seeds
  }

  /// Small configs written by hand: a minimal one, JSON, flow style, anchors in use.
  public static let handMade: [String] = [
    """
    programme: {name: 测试专场, year: 2024}
    tracks: [torch]
    host: {name: 测试承办单位, month: 9}
    intake:
      - plugin: torch.csv_intake
        with: {file: data/nkrdp-projects-2018.csv, source: nkrdp-2018}
    screening:
      - plugin: torch.trl_threshold
        with: {min_trl: 4, unknown: review}

    """,
    #"{"programme": {"name": "a", "year": 2024}, "tracks": ["torch"], "host": {"name": "h"}, "#
      + #""intake": [{"plugin": "torch.csv_intake", "with": {"file": "data/x.csv"}}], "screening": []}"#,
    """
    programme: &p {name: 别名, year: 2024}
    tracks: &t [torch]
    host: {name: *p}
    intake: []
    screening:
      - plugin: torch.field_focus
        name: 'quoted # not a comment'
        with: &w {fields: [智能机器人, "*not an alias"]}
      - plugin: torch.field_focus
        with: *w
    coaching: |
      a block scalar
        *still text
    """,
    "- a\n- b: [1, {c: d}]\n",
    "",
  ]

  /// Runs `count` inputs from `seeds`, drawn with `seed`. `progress` hears every outcome.
  ///
  /// `only`, when given, checks just the input of that number (the others are drawn, not
  /// checked), to look again at one input of a long run.
  public func run(
    seeds: [Seed], count: Int, seed: UInt64, only: Int? = nil, progress: (Outcome) -> Void = { _ in }
  ) -> Report {
    var generator = SplitMix64(seed: seed)
    var report = Report()
    guard !seeds.isEmpty else { return report }
    let start = Date()
    for index in 0..<count {
      let base = seeds[Int(generator.next() % UInt64(seeds.count))]
      var text = base.text
      var applied: [String] = []
      for _ in 0..<(1 + Int(generator.next() % 3)) {
        let (mutated, name) = Self.mutate(text, using: &generator)
        text = mutated
        applied.append(name)
      }
      if let only, only != index { continue }
      var outcome = check(text, file: base.file)
      outcome.index = index
      outcome.mutations = applied
      report.count += 1
      if outcome.diagnostics == 0 && outcome.problem == nil { report.accepted += 1 }
      if report.slowest.map({ outcome.seconds > $0.seconds }) ?? true { report.slowest = outcome }
      if outcome.problem != nil { report.failures.append(outcome) }
      progress(outcome)
    }
    report.seconds = Date().timeIntervalSince(start)
    return report
  }

  /// Loads and validates `text` as the file `file` and judges the answer.
  public func check(_ text: String, file: String) -> Outcome {
    let start = Self.threadCPUNanoseconds()
    var diagnostics: [Diagnostic] = []
    do throws(ConfigurationError) {
      let document = try ConfigLoader.parse(text, file: file)
      _ = try ConfigLoader.build(document, registry: registry)
    } catch {
      diagnostics = error.diagnostics
    }
    let seconds = Double(Self.threadCPUNanoseconds() - start) / 1e9
    var problem: String?
    if seconds > timeLimit { problem = "took \(String(format: "%.2f", seconds)) s" }
    for diagnostic in diagnostics {
      guard let location = diagnostic.location, location.line >= 1, location.column >= 1
      else {
        problem = "diagnostic without a place in the file: \(diagnostic.rendered(.en))"
        break
      }
      if diagnostic.rendered(.en).count > Self.longestMessage || diagnostic.rendered(.zhCN).count > Self.longestMessage
      {
        problem = "a message over \(Self.longestMessage) characters: \(diagnostic.rendered(.en).prefix(200))…"
        break
      }
    }
    return Outcome(
      index: 0, seed: file, mutations: [], text: text, seconds: seconds, diagnostics: diagnostics.count,
      problem: problem)
  }

  /// The processor time this thread has used: what an input costs, whatever else the machine
  /// (two cores shared by several builds) is doing meanwhile.
  static func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return DispatchTime.now().uptimeNanoseconds }
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  /// No message should be longer than this: a value is at most ``ConfigLimits/maxScalarLength``
  /// characters, and the kernel echoes long ones in excerpts.
  public static let longestMessage = 16_384

  // MARK: Mutations

  /// One mutation of `text`, and its name.
  public static func mutate(_ text: String, using generator: inout SplitMix64) -> (String, String) {
    var lines = text.components(separatedBy: "\n")
    func pick(_ count: Int) -> Int { count <= 0 ? 0 : Int(generator.next() % UInt64(count)) }
    func line() -> Int { pick(lines.count) }
    let keys = ["plugin", "with", "name", "file", "tracks", "programme", "host", "screening", "min_trl", "fields"]
    switch pick(16) {
    case 0:
      let at = line()
      lines.insert(lines[at], at: at)
      return (lines.joined(separator: "\n"), "duplicate line \(at + 1)")
    case 1:
      let at = line()
      if lines.count > 1 { lines.remove(at: at) }
      return (lines.joined(separator: "\n"), "delete line \(at + 1)")
    case 2:
      let from = line()
      let to = line()
      lines.insert(lines[from], at: to)
      return (lines.joined(separator: "\n"), "copy line \(from + 1) to \(to + 1)")
    case 3:
      let at = line()
      let indent = String(repeating: " ", count: pick(4) * 2)
      lines.insert("\(indent)\(keys[pick(keys.count)]): \(["x", "1", "[a, b]", "{k: v}", "", "null"][pick(6)])", at: at)
      return (lines.joined(separator: "\n"), "insert key line at \(at + 1)")
    case 4:
      // An anchor on one value and an alias to it on another.
      let anchorLine = line()
      let aliasLine = line()
      let name = "a\(pick(5))"
      lines[anchorLine] = lines[anchorLine].replacingOccurrences(of: ": ", with: ": &\(name) ", options: [], range: nil)
      if let colon = lines[aliasLine].range(of: ": ") {
        lines[aliasLine] = String(lines[aliasLine][..<colon.upperBound]) + "*\(name)"
      } else {
        lines.insert("- *\(name)", at: aliasLine)
      }
      return (lines.joined(separator: "\n"), "anchor on line \(anchorLine + 1), alias on line \(aliasLine + 1)")
    case 5:
      let width = 2 + pick(9)
      let depth = 2 + pick(9)
      return (text + "\n" + aliasBomb(width: width, depth: depth), "alias bomb \(width)×\(depth)")
    case 6:
      let at = line()
      let times = 1 + pick(2_000)
      lines.insert(contentsOf: Array(repeating: lines[at], count: times), at: at)
      return (lines.joined(separator: "\n"), "repeat line \(at + 1) \(times) times")
    case 7:
      let at = line()
      let length = 1 << (8 + pick(10))  // 256 … 131,072 characters
      let huge = String(repeating: ["x", "名", "é", "a_b."][pick(4)], count: length)
      if let colon = lines[at].range(of: ": ") {
        lines[at] = String(lines[at][..<colon.upperBound]) + huge
      } else {
        lines[at] = huge + ": 1"
      }
      return (lines.joined(separator: "\n"), "huge scalar (\(length)) on line \(at + 1)")
    case 8:
      var scalars = Array(text.unicodeScalars)
      let count = 1 + pick(16)
      for _ in 0..<count {
        let value = [pick(32), pick(128), 0x80 + pick(0x780), 0xE000 + pick(0x1900), 0xFFFD][pick(5)]
        scalars.insert(Unicode.Scalar(UInt32(value)) ?? "?", at: pick(scalars.count + 1))
      }
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars)
      return (String(view), "insert \(count) random characters")
    case 9:
      let at = line()
      let run = String(repeating: ["[", "{", "]", "}", "[{", "- "][pick(6)], count: 1 + pick(1_500))
      lines[at] += run
      return (lines.joined(separator: "\n"), "unbalanced brackets on line \(at + 1)")
    case 10:
      let at = line()
      let trimmed = lines[at].drop { $0 == " " }
      lines[at] = String(repeating: "\t", count: (lines[at].count - trimmed.count + 1) / 2) + trimmed
      return (lines.joined(separator: "\n"), "tabs on line \(at + 1)")
    case 11:
      let cut = pick(text.unicodeScalars.count + 1)
      var view = String.UnicodeScalarView()
      view.append(contentsOf: text.unicodeScalars.prefix(cut))
      return (String(view), "truncate at \(cut)")
    case 12:
      let a = line()
      let b = line()
      lines.swapAt(a, b)
      return (lines.joined(separator: "\n"), "swap lines \(a + 1) and \(b + 1)")
    case 13:
      let at = line()
      lines[at] += ["\"", "'", " |", " >-", " #", ": :", " &", " *", " !tag", "\\"][pick(10)]
      return (lines.joined(separator: "\n"), "stray indicator on line \(at + 1)")
    case 14:
      // Many keys, each written twice, in one mapping.
      let count = 1 + pick(1_000)
      let block = (0..<count).map { "k\($0): 1\nk\($0): 2" }.joined(separator: "\n")
      return (block + "\n" + text, "\(count) keys written twice")
    default:
      let depth = 1 + pick(1_200)
      let nested = String(repeating: "- ", count: depth) + "x"
      lines.insert(nested, at: line())
      return (lines.joined(separator: "\n"), "nesting \(depth) deep")
    }
  }

  /// The "billion laughs": `depth` levels, each a list of `width` aliases to the one before.
  public static func aliasBomb(width: Int, depth: Int) -> String {
    var lines = ["l0: &l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ", ") + "]"]
    for level in 1..<max(depth, 2) {
      lines.append(
        "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same inputs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next number.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D4_049B_B133_11EB
    return z ^ (z >> 31)
  }
}
