import Foundation
import Testing

@testable import RoadshowKernel

/// The runner's hand-over to a library's transaction: the first result counts, a waiter blocked
/// on another thread gets it, and a failure reaches the waiter as its error.
@Suite struct HandoffTests {
  struct Refused: Error, Equatable {}

  @Test func theFirstResultCountsAndReachesAWaiterOnAnotherThread() async throws {
    let handoff = Handoff<Int>()
    // The waiter blocks a thread of its own, as a library's transaction does.
    let waiter = Task {
      try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try handoff.wait() }) }
      }
    }
    try await Task.sleep(for: .milliseconds(20))
    handoff.finish(.success(7))
    handoff.finish(.success(8))
    handoff.finish(.failure(Refused()))
    #expect(try await waiter.value == 7)
    // Later waiters get the same value.
    #expect(try handoff.wait() == 7)
  }

  @Test func aFailureIsTheWaitersError() throws {
    let handoff = Handoff<[String]>()
    handoff.finish(.failure(Refused()))
    handoff.finish(.success(["late"]))
    #expect(throws: Refused.self) { try handoff.wait() }
  }

  /// A library that records what the early commit handed it, as a transaction would.
  actor Recording: ProjectLibrary {
    var decisionsSeen: [Int] = []
    var committedRuns: [String] = []
    nonisolated var writesWhileRunning: Bool { true }
    func achievements() async throws -> [Achievement] { [] }
    func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) async throws {}
    func recordFailure(run: RunRecord, configText: String) async throws {}
    func snapshot() async throws -> LedgerSnapshot { LedgerSnapshot() }
    func commit(_ commit: RunCommit) async throws {
      // Waits on a thread of its own, as a database queue's transaction does.
      let (decisions, run): (Int, String) = try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
          continuation.resume(
            with: Result {
              let decisions = try commit.decisionsWhenScreened?() ?? []
              let rest = try commit.remainder?() ?? commit
              return (decisions.count, rest.run.id)
            })
        }
      }
      decisionsSeen.append(decisions)
      committedRuns.append(run)
    }
  }

  @Test func anAbandonedEarlyCommitFailsWithTheRunsErrorAndAFinishedOneIgnoresALateAbandon() async throws {
    let library = Recording()
    let record = RunRecord(
      id: "r1", status: "running", error: nil, config: "c.yaml", programme: ProgrammeInfo(name: "测试"), host: "测试",
      locale: .zhCN, tracks: [], startedAt: "2024-01-01T00:00:00Z", finishedAt: "", libraryBefore: 0,
      libraryAfter: 0, intake: [], funnel: [], selected: [], coachingPlans: 0, coachingGaps: 0, events: [],
      followUpCases: 0, indicators: [], outputs: [])
    let abandoned = EarlyCommit()
    abandoned.start(RunCommit(run: record, configText: "", changed: [], decisions: []), on: library)
    #expect(abandoned.started)
    await abandoned.abandon(Refused())
    #expect(await library.committedRuns.isEmpty)

    let finished = EarlyCommit()
    finished.start(RunCommit(run: record, configText: "", changed: [], decisions: []), on: library)
    try finished.screened([])
    try await finished.finish(RunCommit(run: record, configText: "", changed: [], decisions: []))
    await finished.abandon(Refused())
    #expect(await library.committedRuns == ["r1"])
    #expect(await library.decisionsSeen == [0])
  }
}

/// A run whose failure cannot be recorded says so, with both reasons, instead of passing for a
/// recorded failure.
@Suite struct UnrecordedFailureTests {
  struct Locked: Error {}

  /// A library that cannot record anything.
  struct Refusing: ProjectLibrary {
    func achievements() async throws -> [Achievement] { [] }
    func commit(run: RunRecord, configText: String, changed: [Achievement], decisions: [StageDecision]) async throws {
      throw Locked()
    }
    func recordFailure(run: RunRecord, configText: String) async throws { throw Locked() }
    func snapshot() async throws -> LedgerSnapshot { LedgerSnapshot() }
    func commit(_ commit: RunCommit) async throws { throw Locked() }
  }

  @Test func aFailureThatCannotBeRecordedCarriesBothReasons() async throws {
    let config = try ScreeningUpdateTests().configuration(stranger: true)
    do {
      _ = try await PipelineRunner().run(config, library: Refusing())
      Issue.record("the run succeeded")
    } catch let failure as UnrecordedRunFailure {
      #expect(failure.error is PipelineError)
      #expect(failure.recording is Locked)
      #expect(PipelineRunner.describe(failure, .en) == PipelineRunner.describe(failure.error, .en))
    }
  }
}
