import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowMatching
import RoadshowPlugins

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// roadshow-bench: runs the matching and scheduling engines on `gen.py` workloads and prints the
/// figures the benchmark compares with the Python peers.
///
///     roadshow-bench match --dir D [--top 10] [--out matches.csv] [--peer-results peer.csv]
///     roadshow-bench schedule --dir D [--out meetings.csv] [--time-limit 2]
///     roadshow-bench assign --dir D [--out assignment.csv] [--repeat 3]
///     roadshow-bench csv --file F [--repeat 3] [--encoding auto]
///     roadshow-bench field-focus --file library.csv [--extra 0] [--repeat 3]
///     roadshow-bench config-fuzz [--count 20000] [--seed 1] [--samples Samples] [--save DIR] [--time-limit 3]
///                                [--only N]   (check input N alone and write it to config-fuzz-N.yaml)
///
/// The last line of each run is `RESULT key=value …` for scripts.

let usage = """
  usage: roadshow-bench match --dir D [--top K] [--out FILE] [--peer-results FILE]
         roadshow-bench schedule --dir D [--out FILE] [--time-limit SECONDS]
         roadshow-bench assign --dir D [--out FILE] [--repeat N]
         roadshow-bench csv --file F [--repeat N] [--encoding auto|utf-8|gb18030]
         roadshow-bench field-focus --file LIBRARY.csv [--extra N] [--repeat R]
         roadshow-bench config-fuzz [--count N] [--seed S] [--samples DIR] [--save DIR] [--time-limit SECONDS] [--only N]
  """

struct UsageError: Error, CustomStringConvertible {
  let description: String
}

struct Arguments {
  var command: String
  var values: [String: String] = [:]

  init(_ raw: [String]) throws {
    guard let first = raw.first, !first.hasPrefix("-") else { throw UsageError(description: usage) }
    command = first
    var index = 1
    while index < raw.count {
      let key = raw[index]
      guard key.hasPrefix("--"), index + 1 < raw.count else {
        throw UsageError(description: "unexpected argument \(key)\n\(usage)")
      }
      values[String(key.dropFirst(2))] = raw[index + 1]
      index += 2
    }
  }

  func string(_ key: String) -> String? { values[key] }

  func required(_ key: String) throws -> String {
    guard let value = values[key] else { throw UsageError(description: "missing --\(key)\n\(usage)") }
    return value
  }

  func number(_ key: String, default fallback: Double) throws -> Double {
    guard let text = values[key] else { return fallback }
    guard let value = Double(text) else { throw UsageError(description: "--\(key) expects a number, got \(text)") }
    return value
  }
}

/// Peak resident set size in MiB (VmHWM on Linux, ru_maxrss elsewhere).
func peakMemoryMiB() -> Double {
  #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
      for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").compactMap { Double($0) }
        if let kib = digits.first { return kib / 1024 }
      }
    }
    return 0
  #else
    var usage = rusage()
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576
  #endif
}

struct Clock {
  let start = DispatchTime.now().uptimeNanoseconds
  var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// CPU time of the process so far, in seconds.
func cpuSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func format(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }

func runMatch(_ arguments: Arguments, clock: Clock) throws {
  let directory = URL(fileURLWithPath: try arguments.required("dir"))
  let top = Int(try arguments.number("top", default: 10))
  let demands = try MatchingFiles.loadDemands(from: directory.appendingPathComponent("demands.csv"))
  let loaded = clock.seconds
  let loadedCPU = cpuSeconds()
  // Achievements read block by block into the index (never held as strings).
  let engine = try MatchingEngine(contentsOf: directory.appendingPathComponent("achievements.csv"))
  let achievements = engine.achievements
  let indexed = clock.seconds
  let indexedCPU = cpuSeconds()
  let peer = try arguments.string("peer-results").map {
    try SchedulingFiles.peerMatches(from: URL(fileURLWithPath: $0), top: top)
  }
  // Demands in batches, each batch's matches written and counted, then dropped: the matches of a
  // national run (a million, with their explanations) are never all held at once.
  let output = try arguments.string("out").map { try MatchOutput(path: $0) }
  try output?.write(MatchingFiles.matchesCSV([], header: true))
  var hits = 0
  var peerHits = 0
  var overlap = 0
  var example: Match?
  let batchSize = 4096
  for start in stride(from: 0, to: demands.count, by: batchSize) {
    let batch = Array(demands[start..<min(demands.count, start + batchSize)])
    let results = engine.matchAll(batch, limit: top)
    try output?.write(MatchingFiles.matchesCSV(results, header: false))
    hits += MatchingFiles.recall(results, demands: batch).hits
    if example == nil { example = results.first?.first }
    if let peer {
      for (demand, ours) in zip(batch, results) {
        let theirs = peer[demand.id] ?? []
        if let target = demand.target, theirs.contains(target) { peerHits += 1 }
        overlap += ours.filter { theirs.contains($0.achievementID) }.count
      }
    }
  }
  let matched = clock.seconds
  let matchedCPU = cpuSeconds()
  try output?.finish()
  let total = clock.seconds
  let recallValue = Double(hits) / Double(max(1, demands.count))
  print(
    "achievements \(achievements.count)  demands \(demands.count)  cores \(ProcessInfo.processInfo.activeProcessorCount)"
  )
  print(
    "load \(format(loaded, 2))s  read+index \(format(indexed - loaded, 2))s  match \(format(matched - indexed, 2))s"
      + "  total \(format(total, 2))s  peak \(format(peakMemoryMiB(), 0)) MiB")
  print(
    "cpu: load \(format(loadedCPU, 2))s  read+index \(format(indexedCPU - loadedCPU, 2))s"
      + "  match \(format(matchedCPU - indexedCPU, 2))s  total \(format(cpuSeconds(), 2))s")
  print("recall@\(top) \(format(recallValue, 4))  (\(hits)/\(demands.count))")
  if let first = example {
    print("example \(first.demandID) → \(first.achievementID): \(first.explanation)")
  }
  var result = "RESULT kind=match seconds=\(format(total)) peak_mib=\(format(peakMemoryMiB(), 1))"
  result += " recall=\(format(recallValue, 4)) hits=\(hits) demands=\(demands.count)"
  if let peerFile = arguments.string("peer-results") {
    let peerRecall = Double(peerHits) / Double(max(1, demands.count))
    let shared = Double(overlap) / Double(max(1, demands.count * top))
    print(
      "peer recall@\(top) \(format(peerRecall, 4)) from \(peerFile); top-\(top) overlap with ours \(format(shared, 3))")
    result += " peer_recall=\(format(peerRecall, 4)) overlap=\(format(shared, 3))"
  }
  print(result)
}

/// A CSV output written in pieces to `FILE.partial` and moved to `FILE` when complete, so a
/// failed run leaves no half-written file under the name asked for.
final class MatchOutput {
  let url: URL
  let partial: URL
  let handle: FileHandle

  init(path: String) throws {
    url = URL(fileURLWithPath: path)
    partial = URL(fileURLWithPath: path + ".partial")
    guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
      throw UsageError(description: "cannot write \(partial.path)")
    }
    handle = try FileHandle(forWritingTo: partial)
  }

  func write(_ text: String) throws { try handle.write(contentsOf: Data(text.utf8)) }

  func finish() throws {
    try handle.close()
    if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    try FileManager.default.moveItem(at: partial, to: url)
  }
}

func runSchedule(_ arguments: Arguments, clock: Clock) throws {
  let directory = URL(fileURLWithPath: try arguments.required("dir"))
  let options = SchedulingOptions(timeLimit: try arguments.number("time-limit", default: 2))
  let problem = try SchedulingFiles.loadProblem(directory: directory)
  let loaded = clock.seconds
  let result = try MeetingScheduler.schedule(problem, options: options)
  let solved = clock.seconds
  if let out = arguments.string("out") {
    try SchedulingFiles.writeSchedule(result.schedule, to: URL(fileURLWithPath: out))
  }
  let violations = problem.validate(result.schedule)
  let total = clock.seconds
  print(
    "participants \(problem.participants.count)  requests \(problem.requests.count)  slots \(problem.slots)"
      + "  tables \(problem.tables)")
  print(
    "load \(format(loaded, 3))s  solve \(format(solved - loaded, 3))s  total \(format(total, 3))s"
      + "  peak \(format(peakMemoryMiB(), 0)) MiB")
  print(
    "objective \(result.objective)  bound \(result.upperBound)  gap \(format(result.gap * 100, 2))%"
      + "  meetings \(result.meetings)  violations \(violations.count)")
  for violation in violations.prefix(5) { print("  violation: \(violation)") }
  print(
    "RESULT kind=schedule seconds=\(format(total)) peak_mib=\(format(peakMemoryMiB(), 1))"
      + " objective=\(result.objective) bound=\(result.upperBound) meetings=\(result.meetings)"
      + " feasible=\(violations.isEmpty ? "yes" : "no")")
}

/// Reads a CSV file with the kernel's reader `--repeat` times (default 3): each time the whole
/// `CSVTable.read` (file into memory, encoding check, parse into strings) and the parse of bytes
/// already in memory, reported as MB/s (10^6 bytes a second) of the file's size, best and median;
/// `cpu` figures divide by the process's CPU time instead of the wall time, which a busy machine
/// disturbs less.
func runCSV(_ arguments: Arguments) throws {
  let url = URL(fileURLWithPath: try arguments.required("file"))
  let repeats = max(1, Int(try arguments.number("repeat", default: 3)))
  guard let encoding = CSVEncoding(rawValue: arguments.string("encoding") ?? "auto") else {
    throw UsageError(description: "--encoding expects auto, utf-8 or gb18030\n\(usage)")
  }
  let data = try Data(contentsOf: url)
  let megabytes = Double(data.count) / 1e6
  var reads: [Double] = []
  var parses: [Double] = []
  var cpuReads: [Double] = []
  var cpuParses: [Double] = []
  var rows = 0
  var fields = 0
  for _ in 0..<repeats {
    let readClock = Clock()
    let readCPU = cpuSeconds()
    let table = try CSVTable.read(url, encoding: encoding, onBadRow: .skip)
    reads.append(readClock.seconds)
    cpuReads.append(cpuSeconds() - readCPU)
    rows = table.rows.count
    fields = table.rows.reduce(0) { $0 + $1.fields.count }
    let parseClock = Clock()
    let parseCPU = cpuSeconds()
    let parsed = try CSVTable.parse(data: data, file: url.lastPathComponent, encoding: encoding, onBadRow: .skip)
    parses.append(parseClock.seconds)
    cpuParses.append(cpuSeconds() - parseCPU)
    precondition(parsed.rows.count == rows)
  }
  func rates(_ times: [Double]) -> (best: Double, median: Double) {
    let sorted = times.sorted()
    return (megabytes / sorted[0], megabytes / sorted[sorted.count / 2])
  }
  let read = rates(reads)
  let parse = rates(parses)
  let cpuRead = rates(cpuReads)
  let cpuParse = rates(cpuParses)
  print("file \(url.path)  \(format(megabytes, 1)) MB  rows \(rows)  fields \(fields)")
  print(
    "read  best \(format(read.best, 1)) MB/s  median \(format(read.median, 1)) MB/s  (\(reads.map { format($0) }.joined(separator: " ")) s)"
  )
  print(
    "parse best \(format(parse.best, 1)) MB/s  median \(format(parse.median, 1)) MB/s  (\(parses.map { format($0) }.joined(separator: " ")) s)"
  )
  print(
    "cpu: read best \(format(cpuRead.best, 1)) median \(format(cpuRead.median, 1)) MB/s;"
      + " parse best \(format(cpuParse.best, 1)) median \(format(cpuParse.median, 1)) MB/s")
  print(
    "RESULT kind=csv mb=\(format(megabytes, 1)) rows=\(rows) read_mbps=\(format(read.median, 1))"
      + " parse_mbps=\(format(parse.median, 1)) cpu_read_mbps=\(format(cpuRead.median, 1))"
      + " cpu_parse_mbps=\(format(cpuParse.median, 1)) peak_mib=\(format(peakMemoryMiB(), 1))")
}

extension SchedulingFiles {
  /// The peer's `demand,achievement,rank,score` output: demand → its top achievements.
  static func peerMatches(from url: URL, top: Int) throws -> [String: [String]] {
    let csv = try CSVRecords(contentsOf: url)
    let demand = try csv.columnIndex("demand")
    let achievement = try csv.columnIndex("achievement")
    let rank = try csv.columnIndex("rank")
    var lists: [String: [String]] = [:]
    for index in csv.records.indices where try csv.integer(record: index, column: rank, in: 1...Int.max) <= top {
      lists[csv.records[index][demand], default: []].append(csv.records[index][achievement])
    }
    return lists
  }
}

/// Mutates the sample configs and checks that every one is answered in time with located
/// diagnostics (``ConfigFuzz``); saves the inputs that were not to `--save`.
func runConfigFuzz(_ arguments: Arguments) throws {
  let count = Int(try arguments.number("count", default: 20_000))
  let seed = UInt64(try arguments.number("seed", default: 1))
  let samples = URL(fileURLWithPath: arguments.string("samples") ?? "Samples")
  let fuzz = ConfigFuzz(
    registry: try PluginRegistry(modules: LinkedModules.all), timeLimit: try arguments.number("time-limit", default: 3))
  let seeds = ConfigFuzz.seeds(samples: samples)
  guard !seeds.isEmpty else { throw UsageError(description: "no config under \(samples.path)") }
  print("config-fuzz: \(seeds.count) seeds, \(count) inputs, seed \(seed)")
  let only = try arguments.string("only").map { _ in Int(try arguments.number("only", default: 0)) }
  let report = fuzz.run(seeds: seeds, count: count, seed: seed, only: only) { outcome in
    if only != nil {
      print(
        "#\(outcome.index) \(outcome.seed) [\(outcome.mutations.joined(separator: "; "))]: \(outcome.diagnostics) diagnostics"
      )
      try? Data(outcome.text.utf8).write(to: URL(fileURLWithPath: "config-fuzz-\(outcome.index).yaml"))
    }
    if let problem = outcome.problem {
      print("FAIL #\(outcome.index) \(outcome.seed) [\(outcome.mutations.joined(separator: "; "))]: \(problem)")
    }
    if (outcome.index + 1) % 1_000 == 0 { print("  \(outcome.index + 1) done") }
  }
  if let folder = arguments.string("save") {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for failure in report.failures {
      try Data(failure.text.utf8).write(
        to: URL(fileURLWithPath: folder).appendingPathComponent("fuzz-\(failure.index).yaml"))
    }
  }
  let slowest = report.slowest
  print(
    "slowest: #\(slowest?.index ?? 0) \(format(slowest?.seconds ?? 0)) s [\(slowest?.mutations.joined(separator: "; ") ?? "")]"
  )
  print(
    "RESULT inputs=\(report.count) accepted=\(report.accepted) failures=\(report.failures.count) "
      + "max_seconds=\(format(slowest?.seconds ?? 0)) total_seconds=\(format(report.seconds, 1)) "
      + "peak_mib=\(format(peakMemoryMiB(), 1))")
  if !report.failures.isEmpty { exit(1) }
}

let clock = Clock()
do {
  let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
  switch arguments.command {
  case "match": try runMatch(arguments, clock: clock)
  case "schedule": try runSchedule(arguments, clock: clock)
  case "assign": try runAssign(arguments, clock: clock)
  case "csv": try runCSV(arguments)
  case "field-focus": try await runFieldFocus(arguments, clock: clock)
  case "config-fuzz": try runConfigFuzz(arguments)
  default: throw UsageError(description: "unknown command \(arguments.command)\n\(usage)")
  }
} catch {
  FileHandle.standardError.write(Data("roadshow-bench: \(error)\n".utf8))
  exit(1)
}
