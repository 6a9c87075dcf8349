import Foundation
import RoadshowKernel
import Testing

@testable import CustomScreening

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An external plugin is contained: its whole process group is stopped on timeout (gracefully
/// first), its output is capped, a daemon it leaves behind neither delays nor outlives the run,
/// and its standard error is kept.
@Suite struct ContainmentTests {
  static let reply =
    #"{"protocol": "roadshow.screening/1", "decisions": [{"id": "t:1", "passed": true}, {"id": "t:2", "passed": false}]}"#

  let input = candidates([("绿色节能技术", .level(5)), ("机器人", .unknown)])

  /// A `custom.external` stage around a shell script in a fresh folder; `with` adds parameters.
  func policy(_ script: String, timeout: Double = 10, with extra: String = "") throws -> (any ScreeningPolicy, URL) {
    try externalPolicy(script, timeout: timeout, extra: extra)
  }

  /// Runs the script and returns its error, recording an issue when it succeeds.
  func failure(_ script: String, timeout: Double = 10, with extra: String = "") async throws -> (
    PipelineError?, URL, Duration
  ) {
    let (policy, directory) = try policy(script, timeout: timeout, with: extra)
    let clock = ContinuousClock()
    let start = clock.now
    do {
      _ = try await policy.screen(input, in: PipelineContext(stage: "外部"))
      Issue.record("expected the external plugin to fail")
      return (nil, directory, clock.now - start)
    } catch let error as PipelineError {
      #expect(error.plugin == "custom.external")
      return (error, directory, clock.now - start)
    }
  }

  /// The pid a script wrote into `file`.
  func pid(in directory: URL, _ file: String) throws -> pid_t {
    let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  /// Whether `pid` runs no more: gone, or a zombie left for init to reap (its parent was stopped
  /// too; some containers' init never reaps).
  func isStopped(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let parenthesis = stat.lastIndex(of: ")")
    else { return false }
    return stat[stat.index(after: parenthesis)...].split(separator: " ").first == "Z"
  }

  @Test func aTimeoutStopsTheWholeProcessGroup() async throws {
    let (error, directory, _) = try await failure(
      "sleep 30 & echo $! > grandchild.pid; sleep 30", timeout: 0.5, with: ", kill_grace_seconds: 1")
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(error?.message.en.contains("did not answer within 0.5 s") == true, "\(String(describing: error))")
    let grandchild = try pid(in: directory, "grandchild.pid")
    #expect(isStopped(grandchild), "grandchild \(grandchild) still runs")
  }

  @Test func theGracefulStopReachesAProgramThatTrapsSIGTERM() async throws {
    // A SIGTERM blocked or ignored in the launcher must not be inherited: the trap has to run.
    let (error, directory, _) = try await failure(
      """
      trap 'echo stopped > term.marker; echo "cleaning up" >&2; exit 0' TERM
      echo $$ > child.pid
      sleep 30 &
      wait
      """, timeout: 0.5, with: ", kill_grace_seconds: 10")
    defer { try? FileManager.default.removeItem(at: directory) }
    let marker = try? String(contentsOf: directory.appendingPathComponent("term.marker"), encoding: .utf8)
    #expect(marker == "stopped\n")
    // It was reaped.
    #expect(kill(try pid(in: directory, "child.pid"), 0) != 0)
    #expect(error?.message.en.contains("cleaning up") == true, "\(String(describing: error))")
  }

  // Timing is measured on the runner itself, which blocks its thread: a stage's wall time seen
  // from a task also counts the wait for a free thread when the whole suite runs on 2 cores.

  /// Runs `script` with the process runner directly; returns how it ended and how long it took.
  func runDirectly(_ script: String, timeout: Double, killGrace: Double = 2) throws -> (
    PluginProcess.End, Duration, URL
  ) {
    let directory = try temporaryDirectory()
    try script.write(to: directory.appendingPathComponent("plugin.sh"), atomically: true, encoding: .utf8)
    let process = PluginProcess(
      command: ["sh", "./plugin.sh"], directory: directory,
      limits: .init(timeout: timeout, killGrace: killGrace, maxOutput: 1 << 20, maxErrorTail: 1 << 20))
    let start = ContinuousClock.now
    let outcome = try process.runBlocking(input: Data("{}".utf8)).get()
    return (outcome.end, ContinuousClock.now - start, directory)
  }

  @Test func aDaemonHoldingThePipesDoesNotDelayTheAnswer() throws {
    let (end, elapsed, directory) = try runDirectly(
      "cat > /dev/null; (sleep 30 & echo $! > daemon.pid); echo '\(Self.reply)'", timeout: 20)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(end == .exited(0))
    #expect(elapsed < .seconds(3), "\(elapsed)")
    #expect(isStopped(try pid(in: directory, "daemon.pid")))
  }

  @Test func aProgramThatTrapsSIGTERMStopsWithoutWaitingForSIGKILL() throws {
    let (end, elapsed, directory) = try runDirectly(
      "trap 'echo stopped > term.marker; exit 0' TERM; sleep 30 & wait", timeout: 0.5, killGrace: 20)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(end == .timedOut)
    #expect(elapsed < .seconds(4), "\(elapsed)")
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("term.marker").path))
  }

  @Test func aProgramThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() throws {
    let (end, elapsed, directory) = try runDirectly(
      "trap '' TERM; sleep 30 & echo $! > grandchild.pid; while :; do sleep 1; done", timeout: 0.5, killGrace: 1)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(end == .timedOut)
    #expect(elapsed >= .seconds(1.5) && elapsed < .seconds(5), "\(elapsed)")
    #expect(isStopped(try pid(in: directory, "grandchild.pid")))
  }

  @Test func cancellingTheRunStopsTheGroup() async throws {
    // Generous bounds: in the full suite on two cores the script may wait long to be scheduled.
    let (policy, directory) = try policy("sleep 300 & echo $! > grandchild.pid; wait", timeout: 120)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = input
    let clock = ContinuousClock()
    let start = clock.now
    let task = Task { try await policy.screen(input, in: PipelineContext(stage: "外部")) }
    let file = directory.appendingPathComponent("grandchild.pid")
    while !FileManager.default.fileExists(atPath: file.path), clock.now - start < .seconds(90) {
      try await Task.sleep(for: .milliseconds(20))
    }
    task.cancel()
    await #expect(throws: CancellationError.self) { _ = try await task.value }
    let grandchild = try pid(in: directory, "grandchild.pid")
    #expect(isStopped(grandchild), "grandchild \(grandchild) still runs")
  }

  #if os(Linux)
    @Test func theProgramStartsWithNoSignalBlockedOrIgnored() async throws {
      let (policy, directory) = try policy(
        "grep -E '^Sig(Blk|Ign)' /proc/self/status >&2; cat > /dev/null; echo '\(Self.reply)'")
      defer { try? FileManager.default.removeItem(at: directory) }
      let result = try await policy.screen(input, in: PipelineContext(stage: "外部"))
      let log = String(decoding: try #require(result.artifacts.first?.contents), as: UTF8.self)
      // Masks of /proc/PID/status: bit N-1 is signal N. Signals 1–31 (SIGTERM, SIGPIPE, …) must be
      // clear; 32 and 33 are glibc's own and beyond what posix_spawn resets.
      var masks: [String: UInt64] = [:]
      for line in log.split(separator: "\n") {
        let parts = line.split(separator: ":")
        if parts.count == 2 {
          masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
        }
      }
      #expect(masks["SigBlk"].map { $0 & 0x7fff_ffff } == 0, "\(log)")
      #expect(masks["SigIgn"].map { $0 & 0x7fff_ffff } == 0, "\(log)")
    }
  #endif

  @Test func endlessOutputIsStoppedAtTheCap() async throws {
    let (error, directory, _) = try await failure("yes roadshow", timeout: 30, with: ", max_output_mb: 1")
    defer { try? FileManager.default.removeItem(at: directory) }
    let message = error?.message.en ?? ""
    #expect(message.contains("wrote more than 1 MiB to standard output"), "\(message)")
    #expect(message.contains("raise `max_output_mb`"), "\(message)")
    #expect(error?.message.zh.contains("max_output_mb") == true)
  }

  @Test func leadingWhitespaceCountsTowardTheCap() async throws {
    // 3 MiB of spaces, then a valid reply: not a reply under a 1 MiB cap.
    let (error, directory, _) = try await failure(
      "cat > /dev/null; head -c 3145728 /dev/zero | tr '\\0' ' '; echo '\(Self.reply)'", with: ", max_output_mb: 1")
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(error?.message.en.contains("more than 1 MiB") == true, "\(String(describing: error))")
  }

  @Test func aDaemonHoldingThePipesNeitherDelaysNorOutlivesTheAnswer() async throws {
    let (policy, directory) = try policy(
      """
      cat > /dev/null
      echo $$ > child.pid
      (sleep 30 & echo $! > daemon.pid)
      echo '\(Self.reply)'
      """, timeout: 20)
    defer { try? FileManager.default.removeItem(at: directory) }
    // It succeeds although the daemon holds the pipes for longer than the timeout.
    let result = try await policy.screen(input, in: PipelineContext(stage: "外部"))
    #expect(result.passed.map(\.id.rawValue) == ["t:1"])
    let daemon = try pid(in: directory, "daemon.pid")
    #expect(isStopped(daemon), "daemon \(daemon) still runs")
    // The program itself was reaped: no zombie of ours is left.
    #expect(kill(try pid(in: directory, "child.pid"), 0) != 0)
  }

  @Test func anEndlessWriterOnStandardErrorHoldsNothingUp() async throws {
    let (policy, directory) = try policy("cat > /dev/null; (yes roadshow >&2 &); echo '\(Self.reply)'", timeout: 20)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try await policy.screen(input, in: PipelineContext(stage: "外部"))
    let log = try #require(result.artifacts.first)
    #expect(log.contents.count <= 1_048_576 + 200)
    let (error, other, _) = try await failure("yes roadshow >&2", timeout: 1)
    defer { try? FileManager.default.removeItem(at: other) }
    #expect(error?.message.en.contains("did not answer within 1 s") == true)
  }

  @Test func standardErrorIsKeptAsAnArtifactOnSuccess() async throws {
    let (policy, directory) = try policy(
      "echo 'loading model' >&2; cat > /dev/null; echo '\(Self.reply)'; echo 'done' >&2")
    defer { try? FileManager.default.removeItem(at: directory) }
    var context = PipelineContext(stage: "绿色/低碳")
    context.position = (2, 3)
    let result = try await policy.screen(input, in: context)
    let log = try #require(result.artifacts.first)
    #expect(log.name == "plugins/02-绿色_低碳.stderr.log")
    #expect(String(decoding: log.contents, as: UTF8.self) == "loading model\ndone\n")
  }

  @Test func onlyTheEndOfALongStandardErrorIsKept() async throws {
    let (policy, directory) = try policy(
      "head -c 3000000 /dev/zero | tr '\\0' 'e' >&2; echo ' the end' >&2; cat > /dev/null; echo '\(Self.reply)'",
      with: ", max_stderr_mb: 0.01")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try await policy.screen(input, in: PipelineContext(stage: "外部"))
    let log = String(decoding: try #require(result.artifacts.first?.contents), as: UTF8.self)
    #expect(log.hasPrefix("[roadshow: the first "))
    #expect(log.hasSuffix("eee the end\n"))
    #expect(log.utf8.count < 11_000)
  }

  @Test func aFailureShowsTheLastTwentyLinesOfStandardError() async throws {
    let (error, directory, _) = try await failure(
      "i=1; while [ $i -le 50 ]; do echo \"line $i\" >&2; i=$((i+1)); done; exit 2")
    defer { try? FileManager.default.removeItem(at: directory) }
    let message = error?.message.en ?? ""
    #expect(message.contains("exited with status 2: line 31\nline 32\n"), "\(message)")
    #expect(message.hasSuffix("line 50"), "\(message)")
    #expect(error?.message.zh.contains("line 50") == true)
  }

  @Test func aBadReplyShowsStandardErrorToo() async throws {
    let (error, directory, _) = try await failure("echo 'Traceback: KeyError' >&2; cat > /dev/null; echo 'oops'")
    defer { try? FileManager.default.removeItem(at: directory) }
    let message = error?.message.en ?? ""
    #expect(message.contains("is not JSON: oops"), "\(message)")
    #expect(message.contains("stderr (last lines):\nTraceback: KeyError"), "\(message)")
  }

  @Test func aProgramThatCannotStartIsNamed() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = try externalConfiguration(with: "command: [no-such-program-roadshow]", in: directory)
    let missing = try #require(config.screening.first?.plugin)
    await #expect {
      _ = try await missing.screen(input, in: PipelineContext(stage: "外部"))
    } throws: { error in
      (error as? PipelineError)?.message.en.contains("cannot start no-such-program-roadshow") == true
    }
  }
}
