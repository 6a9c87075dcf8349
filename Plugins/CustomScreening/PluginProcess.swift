import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs one external plugin program, contained: its own process group, a clean signal mask and
/// default signal dispositions, a timeout that stops the whole group (SIGTERM, then SIGKILL after
/// a grace period), capped standard output and a capped tail of standard error, read as they come.
///
/// The run ends as soon as the direct child has exited and its reply is complete (standard output
/// closed, or what it wrote parses as JSON), even when a descendant still holds a pipe; whatever
/// is left of the process group is then stopped, so no daemon outlives the stage.
struct PluginProcess: Sendable {
  /// Limits of one run.
  struct Limits: Sendable {
    /// Seconds before the group is stopped.
    var timeout: Double
    /// Seconds between SIGTERM and SIGKILL when the group is stopped.
    var killGrace: Double
    /// Bytes of standard output accepted; one more stops the group.
    var maxOutput: Int
    /// Bytes of standard error kept (the last ones).
    var maxErrorTail: Int
  }

  /// How a run ended.
  enum End: Sendable, Equatable {
    /// The program exited with this status (128 + the signal when a signal ended it).
    case exited(Int32)
    /// The timeout passed; the group was stopped.
    case timedOut
    /// Standard output went over ``Limits/maxOutput``; the group was stopped.
    case outputTooLarge
    /// The calling task was cancelled; the group was stopped.
    case cancelled
  }

  /// What a run produced.
  struct Outcome: Sendable {
    var end: End
    /// Standard output, at most ``Limits/maxOutput`` bytes (one read more when it overflowed).
    var output: Data
    /// The last ``Limits/maxErrorTail`` bytes of standard error.
    var errorTail: Data
    /// Bytes of standard error dropped before ``errorTail``.
    var errorDropped: Int
  }

  /// The program could not be started.
  struct StartFailure: Error, Sendable {
    var message: String
  }

  /// The program and its arguments; the program is looked up on `PATH`.
  var command: [String]
  /// The working directory.
  var directory: URL
  var limits: Limits

  /// Runs the program with `input` on its standard input, off the caller's thread. Cancelling
  /// the calling task stops the group (``End/cancelled``).
  func run(input: Data) async throws(StartFailure) -> Outcome {
    let process = self
    let cancellation = Cancellation()
    let result: Result<Outcome, StartFailure> = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
          continuation.resume(returning: process.runBlocking(input: input, cancellation: cancellation))
        }
      }
    } onCancel: {
      cancellation.cancel()
    }
    return try result.get()
  }

  /// Set when the calling task is cancelled; read by the thread that runs the program.
  final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func cancel() { lock.withLock { flag = true } }
    var isCancelled: Bool { lock.withLock { flag } }
  }

  // MARK: Spawning

  func runBlocking(input: Data, cancellation: Cancellation = Cancellation()) -> Result<Outcome, StartFailure> {
    // Writing to a program that exits without reading must not take the launcher down. The
    // child gets every signal back to its default (POSIX_SPAWN_SETSIGDEF), so this is ours only.
    signal(SIGPIPE, SIG_IGN)
    let pipes: (stdin: (Int32, Int32), stdout: (Int32, Int32), stderr: (Int32, Int32))
    do {
      let stdin = try Self.makePipe()
      let stdout = try Self.makePipe()
      let stderr = try Self.makePipe()
      pipes = (stdin, stdout, stderr)
    } catch {
      return .failure(error)
    }
    let pid: pid_t
    do {
      pid = try spawn(stdin: pipes.stdin.0, stdout: pipes.stdout.1, stderr: pipes.stderr.1)
    } catch {
      for fd in [pipes.stdin.0, pipes.stdin.1, pipes.stdout.0, pipes.stdout.1, pipes.stderr.0, pipes.stderr.1] {
        close(fd)
      }
      return .failure(error)
    }
    close(pipes.stdin.0)
    close(pipes.stdout.1)
    close(pipes.stderr.1)
    var session = Session(
      pid: pid, input: input, stdin: pipes.stdin.1, stdout: pipes.stdout.0, stderr: pipes.stderr.0, limits: limits,
      cancellation: cancellation)
    return .success(session.run())
  }

  /// A pipe whose both ends are closed on exec, so that a program spawned meanwhile by another
  /// thread does not inherit them (and keep our reader waiting for an end of file).
  static func makePipe() throws(StartFailure) -> (Int32, Int32) {
    var fds: [Int32] = [-1, -1]
    #if os(Linux)
      if let pipe2 = Self.pipe2 {
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw StartFailure(message: Self.errnoText()) }
        return (fds[0], fds[1])
      }
    #endif
    guard pipe(&fds) == 0 else { throw StartFailure(message: Self.errnoText()) }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return (fds[0], fds[1])
  }

  #if os(Linux)
    // `pipe2` and `posix_spawn_file_actions_addchdir_np` are GNU extensions the Glibc module does
    // not declare; both are in every glibc this package supports (2.29 and later).
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir =
      @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) ->
      Int32
    static let pipe2: Pipe2? = symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map {
      unsafeBitCast($0, to: AddChdir.self)
    }
    static func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(dlopen(nil, RTLD_NOW), name) }
  #endif

  /// Spawns the program in a new process group whose id is its pid, with no signal blocked and
  /// every signal at its default disposition, in `directory`, with the three pipe ends as its
  /// standard streams.
  func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws(StartFailure) -> pid_t {
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #else
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    #if os(Linux)
      guard let addChdir = Self.addChdir else {
        throw StartFailure(message: "posix_spawn_file_actions_addchdir_np is not available")
      }
      let chdirStatus = directory.path.withCString { addChdir(&actions, $0) }
    #else
      let chdirStatus = posix_spawn_file_actions_addchdir_np(&actions, directory.path)
    #endif
    guard chdirStatus == 0 else { throw StartFailure(message: String(cString: strerror(chdirStatus))) }

    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    // Neither can be caught or ignored, and Linux refuses sigaction() on them.
    sigdelset(&allSignals, SIGKILL)
    sigdelset(&allSignals, SIGSTOP)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setpgroup(&attributes, 0)
    let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    posix_spawnattr_setflags(&attributes, flags)

    var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for argument in arguments { free(argument) } }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, command[0], &actions, &attributes, &arguments, environ)
    guard status == 0 else { throw StartFailure(message: String(cString: strerror(status))) }
    return pid
  }

  static func errnoText() -> String { String(cString: strerror(errno)) }
}

// MARK: - One run

/// The state of one running program: its pipes, what it wrote, and whether it has exited.
private struct Session {
  let pid: pid_t
  let input: Data
  var inputOffset = 0
  var stdin: Int32
  var stdout: Int32
  var stderr: Int32
  let limits: PluginProcess.Limits
  let cancellation: PluginProcess.Cancellation
  var output = Data()
  var errors = Data()
  var errorDropped = 0
  var status: Int32?
  var buffer = [UInt8](repeating: 0, count: 64 * 1024)

  init(
    pid: pid_t, input: Data, stdin: Int32, stdout: Int32, stderr: Int32, limits: PluginProcess.Limits,
    cancellation: PluginProcess.Cancellation
  ) {
    self.pid = pid
    self.cancellation = cancellation
    self.input = input
    self.stdin = stdin
    self.stdout = stdout
    self.stderr = stderr
    self.limits = limits
    for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    if input.isEmpty { closeStdin() }
  }

  mutating func run() -> PluginProcess.Outcome {
    let deadline = Date().addingTimeInterval(limits.timeout)
    var parsedLength = -1
    var end: PluginProcess.End
    while true {
      if status == nil { reap(waiting: false) }
      if let status {
        // Everything the program wrote before it exited is in the pipes now: take it, and don't
        // wait for an end of file that a descendant holding the pipe may never give.
        drain(.output)
        drain(.errors)
        if output.count > limits.maxOutput {
          end = .outputTooLarge
          break
        }
        if stdout < 0 || status != 0 {
          end = .exited(status)
          break
        }
        if output.count != parsedLength {
          parsedLength = output.count
          if Self.mayBeComplete(output), (try? JSONSerialization.jsonObject(with: output)) != nil {
            end = .exited(status)
            break
          }
        }
      }
      if output.count > limits.maxOutput {
        end = .outputTooLarge
        break
      }
      if cancellation.isCancelled {
        end = .cancelled
        break
      }
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 {
        end = .timedOut
        break
      }
      // Exit is not a poll event: look again at least every 10 ms while the program runs.
      let wait = min(remaining, status == nil ? 0.01 : 0.05)
      waitForIO(milliseconds: Int32(max(1, (wait * 1000).rounded(.up))))
    }
    closeStdin()
    Self.close(&stdout)
    stopGroup()
    // What the group wrote to stderr while it was being stopped (a trap's last words) is kept.
    drain(.errors)
    Self.close(&stderr)
    if errors.count > limits.maxErrorTail { trimErrors(to: limits.maxErrorTail) }
    return PluginProcess.Outcome(end: end, output: output, errorTail: errors, errorDropped: errorDropped)
  }

  // MARK: I/O

  mutating func waitForIO(milliseconds: Int32) {
    var fds: [pollfd] = []
    if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
    if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
    if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
    guard poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
    for entry in fds where entry.revents != 0 {
      switch entry.fd {
      case stdin: writeInput(hangUp: entry.revents & Int16(POLLERR | POLLHUP) != 0)
      case stdout: drain(.output)
      case stderr: drain(.errors)
      default: break
      }
    }
  }

  mutating func writeInput(hangUp: Bool) {
    guard !hangUp else { return closeStdin() }
    let written = input.withUnsafeBytes { bytes -> Int in
      guard let base = bytes.baseAddress else { return 0 }
      return write(stdin, base + inputOffset, bytes.count - inputOffset)
    }
    if written > 0 {
      inputOffset += written
      if inputOffset >= input.count { closeStdin() }
    } else if written < 0, errno != EAGAIN, errno != EINTR {
      // EPIPE: the program does not read its input; that is its own business.
      closeStdin()
    }
  }

  enum Stream { case output, errors }

  /// Reads what is available now, until the pipe would block or ends; stops at the output cap,
  /// and after 4 MiB so that an endless writer cannot keep the caller from its deadline.
  mutating func drain(_ stream: Stream) {
    for _ in 0..<64 {
      let fd = stream == .output ? stdout : stderr
      guard fd >= 0 else { return }
      if stream == .output, output.count > limits.maxOutput { return }
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        if stream == .output {
          output.append(contentsOf: buffer[0..<count])
        } else {
          errors.append(contentsOf: buffer[0..<count])
          if errors.count > 2 * limits.maxErrorTail { trimErrors(to: limits.maxErrorTail) }
        }
      } else if count < 0, errno == EINTR {
        continue
      } else if count < 0, errno == EAGAIN {
        return
      } else if stream == .output {
        Self.close(&stdout)
      } else {
        Self.close(&stderr)
      }
    }
  }

  /// Whether `output` ends like a JSON reply (an object), so that parsing it is worth a try.
  static func mayBeComplete(_ output: Data) -> Bool {
    let whitespace: Set<UInt8> = [0x20, 0x0a, 0x0d, 0x09]
    return output.last(where: { !whitespace.contains($0) }) == UInt8(ascii: "}")
  }

  mutating func trimErrors(to limit: Int) {
    let excess = errors.count - limit
    guard excess > 0 else { return }
    errors.removeFirst(excess)
    errorDropped += excess
  }

  mutating func closeStdin() { Self.close(&stdin) }

  static func close(_ fd: inout Int32) {
    if fd >= 0 {
      #if canImport(Glibc)
        _ = Glibc.close(fd)
      #elseif canImport(Musl)
        _ = Musl.close(fd)
      #elseif canImport(Darwin)
        _ = Darwin.close(fd)
      #endif
    }
    fd = -1
  }

  // MARK: Process group

  /// Collects the program's exit status if it has exited (or waits for it).
  mutating func reap(waiting: Bool) {
    guard status == nil else { return }
    var raw: Int32 = 0
    while true {
      let result = waitpid(pid, &raw, waiting ? 0 : WNOHANG)
      if result == pid {
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return
      }
      if result == -1, errno == EINTR { continue }
      if result == -1 { status = -1 }  // ECHILD: someone else reaped it; nothing left to wait for
      return
    }
  }

  /// Stops what is left of the process group: SIGTERM, then SIGKILL once the grace period has
  /// passed with a member still alive. Reaps the program itself.
  mutating func stopGroup() {
    let group = pid  // the program leads its own group
    // The program itself too, by its pid (not reaped yet, so still ours), should its group be gone.
    if status == nil { kill(pid, SIGTERM) }
    guard killpg(group, SIGTERM) == 0 || status == nil else { return }
    let deadline = Date().addingTimeInterval(limits.killGrace)
    while true {
      reap(waiting: false)
      if !Self.hasLiveMembers(group: group, leaderAlive: status == nil) { break }
      if Date() >= deadline {
        if status == nil { kill(pid, SIGKILL) }
        killpg(group, SIGKILL)
        break
      }
      usleep(10_000)
    }
    reap(waiting: true)
    // SIGKILL is delivered asynchronously: give the members a moment to be gone before returning.
    let killed = Date().addingTimeInterval(1)
    while Self.hasLiveMembers(group: group, leaderAlive: false), Date() < killed { usleep(5_000) }
  }

  /// Whether a process of `group` is still alive. Zombies don't count: a descendant whose parent
  /// died is reaped by init (or not at all in some containers), not by us.
  static func hasLiveMembers(group: pid_t, leaderAlive: Bool) -> Bool {
    if leaderAlive { return true }
    #if os(Linux)
      if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") {
        for entry in entries where entry.first?.isNumber == true {
          guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let parenthesis = stat.lastIndex(of: ")")
          else { continue }
          // After the command's closing parenthesis: state, ppid, pgrp, …
          let fields = stat[stat.index(after: parenthesis)...].split(separator: " ")
          if fields.count > 2, fields[2] == "\(group)", fields[0] != "Z", fields[0] != "X" { return true }
        }
        return false
      }
    #endif
    return killpg(group, 0) == 0
  }
}
