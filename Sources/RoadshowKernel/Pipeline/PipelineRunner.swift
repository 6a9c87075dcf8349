import Foundation

/// Everything a run produced: its record, the files to write and the decisions kept.
public struct RunOutcome: Sendable {
  /// The record (`run.json`).
  public var record: RunRecord
  /// The files for the output folder, `run.json` included.
  public var files: [OutputFile]
  /// Every screening decision on every record.
  public var decisions: [StageDecision]
  /// The funnel's stages with their candidates.
  public var funnel: [FunnelStage]
  /// Rows the intake sources skipped, each with file, row and column, for warnings.
  public var skipped: [Diagnostic]
  /// Warnings for the user: update-only sources that matched little, files read in a guessed
  /// encoding, records held back from external outputs.
  public var warnings: [LocalizedText] = []
}

/// Runs a configuration's stages in order: intake → screening funnel → coaching → events →
/// follow-up → summary. Reads the library once, writes it in one commit (begun when intake ends
/// when the library ``ProjectLibrary/writesWhileRunning``).
public struct PipelineRunner: Sendable {
  /// Where progress goes.
  public var progress: ProgressReporter
  /// The clock, for the run's timestamps only (reports do not depend on it).
  public var now: @Sendable () -> Date

  /// Creates a runner.
  public init(progress: ProgressReporter = .silent, now: @escaping @Sendable () -> Date = { Date() }) {
    self.progress = progress
    self.now = now
  }

  /// Runs `configuration` against `library`. On any error the library's records stay as they
  /// were, the failure is recorded, and the error is rethrown; when the failure cannot be
  /// recorded either (another process holds the library), ``UnrecordedRunFailure`` carries both.
  ///
  /// `deliver` receives the finished outcome before the library's commit is made durable: the
  /// launcher stages the output folder there, so that a run whose files cannot be written changes
  /// nothing. When it throws, the run fails and the library is not written.
  public func run(
    _ configuration: RoadshowConfiguration, library: some ProjectLibrary,
    deliver: @escaping @Sendable (RunOutcome) async throws -> Void = { _ in }
  ) async throws -> RunOutcome {
    let started = now()
    var record = RunRecord(
      id: Self.runID(started, configuration.text), status: "running", error: nil, config: configuration.file,
      programme: configuration.programme, host: configuration.host.name, locale: configuration.locale,
      tracks: configuration.tracks, startedAt: Self.timestamp(started), finishedAt: "", libraryBefore: 0,
      libraryAfter: 0, intake: [], funnel: [], selected: [], coachingPlans: 0, coachingGaps: 0, events: [],
      followUpCases: 0, indicators: [], outputs: [])
    let early = EarlyCommit()
    do {
      return try await execute(configuration, library: library, record: &record, early: early, deliver: deliver)
    } catch {
      // A commit started early writes nothing; it has rolled back before the failure is recorded.
      await early.abandon(error)
      // Data files are named as the config wrote them; name them as the user can open them.
      let error: any Error =
        (error as? DataError).map {
          DataError($0.diagnostics.map { $0.relocated(against: configuration.baseDirectory) })
        }
        ?? error
      record.status = "failed"
      record.error = Self.describe(error, configuration.locale)
      record.finishedAt = Self.timestamp(now())
      do {
        try await library.recordFailure(run: record, configText: configuration.text)
      } catch let recording where !(error is CancellationError) {
        // A cancelled run stays a cancellation: its task cannot write the library any more.
        throw UnrecordedRunFailure(error: error, recording: recording)
      } catch {}
      throw error
    }
  }

  private func execute(
    _ configuration: RoadshowConfiguration, library: some ProjectLibrary, record: inout RunRecord,
    early: EarlyCommit, deliver: @escaping @Sendable (RunOutcome) async throws -> Void
  ) async throws -> RunOutcome {
    let locale = configuration.locale
    var context = PipelineContext(
      locale: locale, programme: configuration.programme, host: configuration.host,
      eventDate: configuration.eventDate, progress: progress, gate: configuration.publication)
    var warnings: [LocalizedText] = []

    // Intake: merge every source into the library snapshot, by stable identity.
    // The library is held once, by id: the list it was read as is not kept.
    let ledger = try await library.snapshot()
    context.ledger = ledger
    // The library is read while the first source is (the library on its own connection, the
    // source here): a re-run waits for the slower of the two, not for both in turn.
    async let stored = library.achievements()
    var merged: [AchievementID: Achievement] = [:]
    var libraryRead = false
    var identity = IdentityMerger(ledger: ledger, runID: record.id, at: record.startedAt)
    // The records this run adds or changes: only these are written back.
    var touched: Set<AchievementID> = []
    // The distinct records the sources brought (for the ledger's event).
    var collected: Set<AchievementID> = []
    var skipped: [Diagnostic] = []
    var artifacts: [OutputFile] = []
    for (index, stage) in configuration.intake.enumerated() {
      try Task.checkCancellation()
      context = context.entering(stage, at: index, of: configuration.intake.count)
      context.report(.intake, LocalizedText(zh: "读取数据源…", en: "reading source…"))
      let batch = try await stage.plugin.collect(in: context)
      if !libraryRead {
        merged = Self.byID(try await stored)
        libraryRead = true
        record.libraryBefore = merged.count
      }
      skipped += batch.skipped.map { $0.relocated(against: configuration.baseDirectory) }
      for warning in batch.warnings.map({ $0.relocated(against: configuration.baseDirectory) }) {
        warnings.append(
          LocalizedText(zh: warning.rendered(.zhCN, warning: true), en: warning.rendered(.en, warning: true)))
      }
      artifacts += batch.artifacts
      var count = RunRecord.IntakeCount(
        stage: stage.name, plugin: stage.pluginID, rows: batch.rowsRead, added: 0, updated: 0, unchanged: 0,
        skipped: batch.skipped.count, ignored: 0)
      // Room for a library the size of the batch, made once, not by doubling as records come (a
      // re-run's batch mostly updates, so the room is not added to what the library has).
      if batch.mode == .upsert {
        merged.reserveCapacity(max(merged.count, batch.records.count))
        collected.reserveCapacity(max(collected.count, batch.records.count))
        touched.reserveCapacity(max(touched.count, batch.records.count))
      }
      for var incoming in batch.records {
        // Each id is looked up once; a source record merged into another record updates that record.
        var existing = merged[incoming.id]
        if existing == nil, let into = identity.canonical(for: incoming, in: merged) {
          let isNew = identity.merge(incoming, into: into)
          // The record it joins keeps its own title and channel; the other source adds what it knows.
          incoming.id = into
          incoming.title = ""
          incoming.channel = .other
          if isNew { count.merged = (count.merged ?? 0) + 1 }
          existing = merged[into]
        }
        if batch.mode == .upsert { collected.insert(incoming.id) }
        if let existing {
          let updated = existing.updated(with: incoming)
          if updated == existing {
            count.unchanged += 1
          } else {
            count.updated += 1
            merged[incoming.id] = updated
            touched.insert(incoming.id)
          }
        } else if batch.mode == .upsert {
          merged[incoming.id] = incoming
          identity.added(incoming)
          touched.insert(incoming.id)
          count.added += 1
        } else {
          count.ignored += 1
        }
      }
      context.demands += batch.demands
      context.participants += batch.participants
      record.intake.append(count)
      if batch.mode == .updateOnly, count.ignored > 0 {
        let matched = batch.records.count - count.ignored
        let warning = LocalizedText(
          zh: matched == 0
            ? "`\(stage.name)` 只更新已有记录，但其 \(batch.records.count) 条记录在项目库中均无对应，全部被忽略（检查编号列和 source）"
            : "`\(stage.name)` 只更新已有记录：\(batch.records.count) 条中 \(count.ignored) 条在项目库中无对应，已忽略",
          en: matched == 0
            ? "`\(stage.name)` only updates known records, but none of its \(batch.records.count) records is in the library; all were ignored (check the id column and `source`)"
            : "`\(stage.name)` only updates known records: \(count.ignored) of its \(batch.records.count) records are not in the library and were ignored"
        )
        warnings.append(warning)
        context.report(.intake, warning)
      }
      context.report(
        .intake,
        LocalizedText(
          zh: "读取 \(count.rows) 行：新增 \(count.added)，更新 \(count.updated)，未变 \(count.unchanged)，跳过 \(count.skipped)"
            + (count.merged.map { "，与其他来源合并 \($0)" } ?? ""),
          en:
            "\(count.rows) rows: \(count.added) added, \(count.updated) updated, \(count.unchanged) unchanged, \(count.skipped) skipped"
            + (count.merged.map { ", \($0) merged with another source's record" } ?? "")
        ))
    }
    if !libraryRead {
      merged = Self.byID(try await stored)
      record.libraryBefore = merged.count
    }
    // The ids are sorted, not the records: moving 100,000 records about costs more than the order.
    // The ids in order, kept (they are small) to write the changed records in the same order.
    let libraryIDs = AchievementID.ordered(Array(merged.keys))
    var libraryRecords = libraryIDs.compactMap { merged[$0] }
    record.libraryAfter = libraryRecords.count
    if library.writesWhileRunning {
      // The library writes what intake changed while the run screens and reports; the rest of
      // the commit (and the records stages change) follows at the end, in the same transaction.
      // Every id touched (a fresh library): the library list itself, in the same order.
      let intakeChanged =
        touched.count == libraryRecords.count
        ? libraryRecords : libraryIDs.compactMap { touched.contains($0) ? merged[$0] : nil }
      touched = []
      early.start(
        RunCommit(run: record, configText: configuration.text, changed: intakeChanged, decisions: []), on: library)
    }

    // Screening: an ordered funnel; every decision on every record is kept.
    var candidates = libraryRecords.map { Candidate(achievement: $0) }
    var funnel: [FunnelStage] = []
    var decisions: [StageDecision] = []
    let eventKey = Self.eventKey(configuration)
    let repitch = RepitchCheck(ledger: ledger, series: configuration.programme.seriesName, event: eventKey)
    var offsetBase = 0
    if repitch.applies(to: candidates) {
      let outcome = repitch.screen(candidates, rule: configuration.programme.repitch, locale: locale)
      candidates = outcome.candidates
      warnings += outcome.warnings
      for warning in outcome.warnings { context.report(.screening, warning) }
      if let stage = outcome.stage {
        offsetBase = 1
        decisions += stage.decisions.map {
          StageDecision(position: 1, stage: stage.name(locale), plugin: RepitchCheck.pluginID, decision: $0)
        }
        funnel.append(
          FunnelStage(
            name: stage.name(locale), plugin: RepitchCheck.pluginID, inCount: stage.inCount, passed: candidates))
        record.funnel.append(
          RunRecord.FunnelCount(
            stage: stage.name(locale), plugin: RepitchCheck.pluginID, in: stage.inCount, out: candidates.count))
      }
    }
    for (offset, stage) in configuration.screening.enumerated() {
      let offset = offset + offsetBase
      try Task.checkCancellation()
      context = context.entering(stage, at: offset - offsetBase, of: configuration.screening.count)
      let stageStarted = ContinuousClock.now
      context.report(
        .screening, LocalizedText(zh: "筛选 \(candidates.count) 项…", en: "screening \(candidates.count)…"),
        count: .init(done: 0, total: candidates.count, elapsed: 0, phase: .started))
      let result = try await stage.plugin.screen(candidates, in: context)
      // The first stage's input is the library, by id; a later one's a passed list checked here.
      try Self.check(result, against: candidates, stage: stage.name, plugin: stage.pluginID, distinct: true)
      // What the stage learned about records goes back into the library with the run.
      let given = result.updates.isEmpty ? [] : Set(candidates.map(\.id))
      for update in result.updates {
        guard let stored = merged[update.id], given.contains(update.id) else {
          throw PipelineError(
            stage: stage.name, plugin: stage.pluginID,
            message: LocalizedText(
              zh: "更新了未输入的记录 \(update.id)", en: "updated \(update.id), which it was not given"))
        }
        let updated = stored.updated(with: update)
        if updated != stored {
          merged[update.id] = updated
          touched.insert(update.id)
        }
      }
      for decision in result.decisions {
        decisions.append(
          StageDecision(position: offset + 1, stage: stage.name, plugin: stage.pluginID, decision: decision))
      }
      funnel.append(
        FunnelStage(name: stage.name, plugin: stage.pluginID, inCount: candidates.count, passed: result.passed))
      record.funnel.append(
        RunRecord.FunnelCount(stage: stage.name, plugin: stage.pluginID, in: candidates.count, out: result.passed.count)
      )
      artifacts += result.artifacts
      context.report(
        .screening,
        LocalizedText(
          zh: "\(candidates.count) → \(result.passed.count)", en: "\(candidates.count) → \(result.passed.count)"),
        count: .init(
          done: candidates.count, total: candidates.count, elapsed: Self.seconds(since: stageStarted), phase: .finished)
      )
      candidates = result.passed
    }
    let selected = candidates
    // The decisions are final: a library writing while the run goes on stores them meanwhile.
    if early.started { try early.screened(decisions) }
    // `decisions.csv`, the run's largest file, is written on the other core while the stages
    // after the funnel and the other reports are made: no decision changes after the funnel.
    let decisionsWriter = ReportBuilder(configuration: configuration, record: record, funnel: [], decisions: decisions)
    async let decisionsFile = decisionsWriter.decisionsCSV()
    if configuration.programme.repitch == .flag, let warning = repitch.warning(selected: selected) {
      warnings.append(warning)
      context.report(.screening, warning)
    }
    record.selected = selected.map {
      RunRecord.Selected(
        id: $0.id, title: $0.achievement.title, institution: $0.achievement.institution,
        field: $0.achievement.field, trl: $0.achievement.readiness, score: ($0.score * 1000).rounded() / 1000)
    }

    // Coaching, events, follow-up.
    var plans: [CoachingPlan] = []
    for (index, stage) in configuration.coaching.enumerated() {
      try Task.checkCancellation()
      context = context.entering(stage, at: index, of: configuration.coaching.count)
      let stageStarted = ContinuousClock.now
      context.report(
        .coaching, LocalizedText(zh: "制定辅导计划…", en: "planning coaching…"),
        count: .init(done: 0, total: selected.count, elapsed: 0, phase: .started))
      let result = try await stage.plugin.coach(selected, in: context)
      context.report(
        .coaching, LocalizedText(zh: "辅导计划 \(result.plans.count) 份", en: "\(result.plans.count) coaching plans"),
        count: .init(
          done: selected.count, total: selected.count, elapsed: Self.seconds(since: stageStarted), phase: .finished))
      plans += result.plans
      artifacts += result.artifacts
    }
    record.coachingPlans = plans.count
    record.coachingGaps = plans.reduce(0) { $0 + $1.missing.count }

    var events: [RoadshowEvent] = []
    for (index, stage) in configuration.events.enumerated() {
      try Task.checkCancellation()
      context = context.entering(stage, at: index, of: configuration.events.count)
      let stageStarted = ContinuousClock.now
      context.report(
        .event, LocalizedText(zh: "编排活动…", en: "planning the event…"),
        count: .init(done: 0, total: selected.count, elapsed: 0, phase: .started))
      let result = try await stage.plugin.plan(
        EventInput(selected: selected, funnel: funnel, coaching: plans), in: context)
      context.report(
        .event,
        LocalizedText(
          zh: "活动 \(result.events.count) 场，文件 \(result.artifacts.count) 个",
          en: "\(result.events.count) events, \(result.artifacts.count) files"),
        count: .init(
          done: selected.count, total: selected.count, elapsed: Self.seconds(since: stageStarted), phase: .finished))
      events += result.events
      artifacts += result.artifacts
    }
    record.events = events

    var cases: [FollowUpCase] = []
    for (index, stage) in configuration.followUp.enumerated() {
      try Task.checkCancellation()
      context = context.entering(stage, at: index, of: configuration.followUp.count)
      let stageStarted = ContinuousClock.now
      context.report(
        .followUp, LocalizedText(zh: "制定跟踪计划…", en: "planning follow-up…"),
        count: .init(done: 0, total: libraryRecords.count, elapsed: 0, phase: .started))
      let result = try await stage.plugin.plan(
        FollowUpInput(pitched: selected, events: events, library: libraryRecords), in: context)
      context.report(
        .followUp, LocalizedText(zh: "跟踪项目 \(result.cases.count) 个", en: "\(result.cases.count) cases tracked"),
        count: .init(
          done: libraryRecords.count, total: libraryRecords.count, elapsed: Self.seconds(since: stageStarted),
          phase: .finished))
      cases += result.cases
      record.indicators += result.indicators
      artifacts += result.artifacts
    }
    record.followUpCases = cases.count
    try Task.checkCancellation()

    // Reports; nothing uncleared leaves the host's office; then one write to the library.
    let reportsStarted = ContinuousClock.now
    reportProgress(
      LocalizedText(zh: "生成报告，核查对外输出…", en: "writing reports, checking outputs for the public…"),
      count: .init(done: 0, total: decisions.count, elapsed: 0, phase: .started, unit: Self.decisionsUnit))
    var files =
      ReportBuilder(configuration: configuration, record: record, funnel: funnel, decisions: decisions)
      .standardFiles(
        selected: selected, plans: plans, events: events, cases: cases, screened: libraryRecords, withDecisions: false)
    files.insert(await decisionsFile, at: 1)
    files += artifacts
    // The library list has served its stages and reports: let it go before the commit.
    libraryRecords = []
    try Self.checkPublication(files, library: merged.values, configuration: configuration)
    let todo = ClearanceTodo(files: files, selected: selected, library: merged)
    record.awaitingClearance = todo.entries.map(\.id)
    if !todo.entries.isEmpty {
      files.append(todo.file(locale: locale))
      let blocked = todo.entries.filter { !$0.withheldFrom.isEmpty }.count
      warnings.append(
        LocalizedText(
          zh: "\(todo.entries.count) 项成果未通过保密审查（其中 \(blocked) 项因此未出现在对外输出中），见 clearance-todo.md",
          en: todo.entries.count == 1
            ? "1 record has not passed confidentiality review (\(blocked == 1 ? "it was" : "it was not") held back from outputs for participants or the public); see clearance-todo.md"
            : "\(todo.entries.count) records have not passed confidentiality review (\(blocked) of them were held back from outputs for participants or the public); see clearance-todo.md"
        ))
    }
    if !skipped.isEmpty { files.append(ReportBuilder.skippedRows(skipped, locale: locale)) }
    reportProgress(
      LocalizedText(zh: "报告 \(files.count) 个文件", en: "\(files.count) report files"),
      count: .init(
        done: decisions.count, total: decisions.count, elapsed: Self.seconds(since: reportsStarted), phase: .finished,
        unit: Self.decisionsUnit))
    record.warnings = warnings.map { $0(locale) }
    let summaryIndex = files.firstIndex { $0.name == "summary.md" }
    if let summaryIndex, !warnings.isEmpty {
      var text = String(decoding: files[summaryIndex].contents, as: UTF8.self)
      text += "\n## " + (locale == .zhCN ? "提示" : "Warnings") + "\n\n"
      text += warnings.map { "- \($0(locale))\n" }.joined()
      files[summaryIndex] = OutputFile(name: "summary.md", text: text)
    }
    record.status = "succeeded"
    record.finishedAt = Self.timestamp(now())
    record.outputs = (files.map(\.name) + ["run.json"]).sorted()
    files.append(try ReportBuilder.json(record, name: "run.json"))
    // Every touched id is a library id: filtering the ordered ids spares a second sort.
    let changed = touched.isEmpty ? [] : libraryIDs.compactMap { touched.contains($0) ? merged[$0] : nil }
    // The records to write are `changed`; the rest of the library is not held through the commit.
    merged = [:]
    let outcome = RunOutcome(
      record: record, files: files, decisions: decisions, funnel: funnel, skipped: skipped, warnings: warnings)
    let event =
      configuration.events.isEmpty
      ? nil
      : Self.ledgerEvent(
        configuration, key: eventKey, record: record, collected: collected.count, selected: selected, funnel: funnel,
        events: events,
        cases: cases, context: context)
    var commit = RunCommit(
      run: record, configText: configuration.text, changed: changed, decisions: decisions, event: event,
      merged: identity.mergedRecords)
    guard library.waitsForGate else {
      try await deliver(outcome)
      if early.started { try await early.finish(commit) } else { try await library.commit(commit) }
      return outcome
    }
    // The output folder is staged while the library writes (two cores, one for each); the
    // library's transaction waits at its gate for the folder and commits only when it is whole.
    let staged = Handoff<Void>()
    commit.gate = { try staged.wait() }
    let staging = Task {
      do {
        try await deliver(outcome)
        staged.finish(.success(()))
      } catch {
        staged.finish(.failure(error))
      }
    }
    do {
      if early.started { try await early.finish(commit) } else { try await library.commit(commit) }
    } catch {
      // Nothing is committed; the staging is let finish so that no file is written after this.
      await staging.value
      throw error
    }
    await staging.value
    return outcome
  }

  /// Reports a step of the run that is not a plugin stage: the reports.
  private func reportProgress(_ message: LocalizedText, count: ProgressCount) {
    progress.report(
      ProgressEvent(
        kind: .followUp, stage: "reports", message: message, count: count,
        section: LocalizedText(zh: "报告", en: "reports")))
  }

  private static let decisionsUnit = LocalizedText(zh: "条决定", en: "decisions")

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    ProgressCounter.seconds(ContinuousClock.now - start)
  }

  /// `records` by id (a later record of the same id wins).
  static func byID(_ records: consuming [Achievement]) -> [AchievementID: Achievement] {
    var result: [AchievementID: Achievement] = [:]
    result.reserveCapacity(records.count)
    for record in records { result[record.id] = record }
    return result
  }

  /// Refuses a run whose output for participants or the public names a record that has not
  /// passed confidentiality review: the gate's backstop, whatever a plugin did.
  static func checkPublication(
    _ files: [OutputFile], library: some Collection<Achievement>, configuration: RoadshowConfiguration
  ) throws {
    let external = files.filter(\.isExternal)
    guard !external.isEmpty else { return }
    // A library with every record cleared has nothing to look for: it is not copied for the scan.
    guard library.contains(where: { $0.confidentiality != .cleared }) else { return }
    let library = Array(library)
    let scan = ConfidentialityScan(records: library)
    guard !scan.isEmpty else { return }
    let byID = Dictionary(library.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for file in external {
      guard let leak = scan.findings(in: file.contents).first else { continue }
      let title = byID[leak]?.title ?? ""
      let status = byID[leak]?.confidentiality.rawValue ?? ""
      throw PipelineError(
        stage: file.name, plugin: "publication",
        message: LocalizedText(
          zh: "输出 \(file.name)（面向\(file.audience.name(.zhCN))）含有未通过保密审查的成果 \(leak)「\(title)」（\(status)），运行已停止，未写入任何文件",
          en:
            "output \(file.name) (for \(file.audience.name(.en))) names \(leak) “\(title)”, which has not passed confidentiality review (\(status)); the run stopped and nothing was written"
        ))
    }
  }

  /// Checks the screening contract: a stage decides once on every candidate it was given, invents
  /// none, and its passed list is exactly the candidates it decided to pass. Throws ``PipelineError``.
  public static func check(_ result: ScreeningResult, against input: [Candidate], stage: String, plugin: String) throws
  {
    try check(result, against: input, stage: stage, plugin: plugin, distinct: false)
  }

  /// ``check(_:against:stage:plugin:)``; `distinct` says the input names no id twice (the
  /// runner's input: the library's ids, then a checked passed list), so that it need not be
  /// checked. A decision or passed candidate found where its stage's input order puts it is
  /// placed without hashing its id; the others are looked up by id.
  static func check(
    _ result: ScreeningResult, against input: [Candidate], stage: String, plugin: String, distinct: Bool
  ) throws {
    // Each input id is hashed once, to its position, when a lookup is needed; the rest is arrays
    // indexed by position.
    var position: [AchievementID: Int]?
    func positions() -> [AchievementID: Int]? {
      var built: [AchievementID: Int] = [:]
      built.reserveCapacity(input.count)
      for (index, candidate) in input.enumerated() where built.updateValue(index, forKey: candidate.id) != nil {
        return nil
      }
      return built
    }
    if !distinct {
      // The same id given twice: checked by id, the slower way.
      guard let built = positions() else { return try checkByID(result, against: input, stage: stage, plugin: plugin) }
      position = built
    }
    func index(of id: AchievementID, expected: Int) -> Int? {
      if expected < input.count, input[expected].id == id { return expected }
      if position == nil { position = positions() }
      return position?[id]
    }
    // 0: no decision yet, 1: rejected, 2: passed.
    var decided = [UInt8](repeating: 0, count: input.count)
    var passedCount = 0
    for (order, decision) in result.decisions.enumerated() {
      guard let index = index(of: decision.achievement, expected: order) else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "对未输入的记录 \(decision.achievement) 作出了决定",
            en: "decided on \(decision.achievement), which it was not given"))
      }
      guard decided[index] == 0 else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "对记录 \(decision.achievement) 作出了两次决定", en: "decided twice on \(decision.achievement)"))
      }
      decided[index] = decision.passed ? 2 : 1
      if decision.passed { passedCount += 1 }
    }
    if let missing = decided.firstIndex(of: 0) {
      throw PipelineError(
        stage: stage, plugin: plugin,
        message: LocalizedText(zh: "未对记录 \(input[missing].id) 作出决定", en: "gave no decision on \(input[missing].id)"))
    }
    var seen = [Bool](repeating: false, count: input.count)
    // A stage that filters passes its candidates in input order: the passed ones' positions.
    var passedAt: [Int] = []
    passedAt.reserveCapacity(passedCount)
    for (index, outcome) in decided.enumerated() where outcome == 2 { passedAt.append(index) }
    for (order, candidate) in result.passed.enumerated() {
      guard let index = index(of: candidate.id, expected: order < passedAt.count ? passedAt[order] : input.count),
        decided[index] == 2, !seen[index]
      else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "通过列表与决定不一致：\(candidate.id)", en: "passed list disagrees with its decisions at \(candidate.id)"))
      }
      seen[index] = true
    }
    if result.passed.count != passedCount {
      throw PipelineError(
        stage: stage, plugin: plugin,
        message: LocalizedText(
          zh: "有记录被判定通过但不在通过列表中", en: "some candidates are decided passed but not in the passed list"))
    }
  }

  /// ``check(_:against:stage:plugin:)`` for an input that names an id more than once.
  private static func checkByID(
    _ result: ScreeningResult, against input: [Candidate], stage: String, plugin: String
  ) throws {
    let inputIDs = Set(input.map(\.id))
    var decided: [AchievementID: Bool] = [:]
    for decision in result.decisions {
      guard inputIDs.contains(decision.achievement) else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "对未输入的记录 \(decision.achievement) 作出了决定",
            en: "decided on \(decision.achievement), which it was not given"))
      }
      guard decided.updateValue(decision.passed, forKey: decision.achievement) == nil else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "对记录 \(decision.achievement) 作出了两次决定", en: "decided twice on \(decision.achievement)"))
      }
    }
    if let missing = input.first(where: { decided[$0.id] == nil }) {
      throw PipelineError(
        stage: stage, plugin: plugin,
        message: LocalizedText(zh: "未对记录 \(missing.id) 作出决定", en: "gave no decision on \(missing.id)"))
    }
    var seen: Set<AchievementID> = []
    for candidate in result.passed {
      guard decided[candidate.id] == true, seen.insert(candidate.id).inserted else {
        throw PipelineError(
          stage: stage, plugin: plugin,
          message: LocalizedText(
            zh: "通过列表与决定不一致：\(candidate.id)", en: "passed list disagrees with its decisions at \(candidate.id)"))
      }
    }
    if seen.count != decided.values.filter({ $0 }).count {
      throw PipelineError(
        stage: stage, plugin: plugin,
        message: LocalizedText(
          zh: "有记录被判定通过但不在通过列表中", en: "some candidates are decided passed but not in the passed list"))
    }
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  static func runID(_ date: Date, _ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    // Milliseconds in the id: two runs of one config in the same second stay apart (their
    // staged output folders are told apart by it).
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let stamp = formatter.string(from: date).replacingOccurrences(of: ":", with: "").replacingOccurrences(
      of: "-", with: "")
    return "\(stamp)-\(String(hash, radix: 16).prefix(8))"
  }

  /// An error in words, in `locale`.
  public static func describe(_ error: any Error, _ locale: ReportLocale) -> String {
    switch error {
    case let error as PipelineError: error.rendered(locale)
    case let error as DataError: error.diagnostics.map { $0.rendered(locale) }.joined(separator: "\n")
    case let error as ConfigurationError: error.rendered(locale)
    case is CancellationError: locale == .zhCN ? "运行被中断" : "the run was interrupted"
    case let error as UnrecordedRunFailure: describe(error.error, locale)
    default: String(describing: error)
    }
  }
}

/// A run that failed, and whose failure could not be recorded in the library either (another
/// process kept it locked, say): the library is as it was, and its run history does not show
/// this run.
public struct UnrecordedRunFailure: Error {
  /// Why the run failed.
  public var error: any Error
  /// Why recording the failure failed.
  public var recording: any Error

  /// Creates the error.
  public init(error: any Error, recording: any Error) {
    self.error = error
    self.recording = recording
  }
}

/// A value handed from the runner to a library's transaction, which blocks in ``wait()`` until
/// it comes: the staged output folder (the commit waits for it), or the rest of a commit started
/// early. The first ``finish(_:)`` counts; later ones are ignored.
final class Handoff<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var result: Result<Value, any Error>?

  /// Hands over `result`, unless a result was handed over already.
  func finish(_ result: Result<Value, any Error>) {
    let first = lock.withLock {
      guard self.result == nil else { return false }
      self.result = result
      return true
    }
    if first { done.signal() }
  }

  /// Blocks until a result is handed over; returns its value or throws its error.
  func wait() throws -> Value {
    done.wait()
    done.signal()
    guard let result = lock.withLock({ result }) else { throw CancellationError() }
    return try result.get()
  }

  /// Like ``wait()``, but gives the value up: later calls throw `CancellationError`.
  func take() throws -> Value {
    done.wait()
    done.signal()
    let result = lock.withLock {
      defer { self.result = .failure(CancellationError()) }
      return self.result
    }
    guard let result else { throw CancellationError() }
    return try result.get()
  }
}

/// A library commit started as soon as intake ends (``ProjectLibrary/writesWhileRunning``): the
/// library writes the records intake changed while the run goes on, then waits in its
/// transaction for the rest, which ``finish(_:)`` hands over and ``abandon(_:)`` refuses.
final class EarlyCommit: @unchecked Sendable {
  private let screened = Handoff<[StageDecision]>()
  private let rest = Handoff<RunCommit>()
  private let lock = NSLock()
  private var task: Task<Void, any Error>?
  private var failure: (any Error)?

  /// Whether a commit was started.
  var started: Bool { lock.withLock { task != nil } }

  /// Starts `first` (the records intake changed) on `library`.
  func start(_ first: RunCommit, on library: some ProjectLibrary) {
    var first = first
    // The records go over once; the commit holds none of them after writing them.
    let records = Handoff<[Achievement]>()
    records.finish(.success(first.changed))
    first.changed = []
    first.takeChanged = { (try? records.take()) ?? [] }
    let rest = self.rest
    let screened = self.screened
    first.decisionsWhenScreened = { try screened.wait() }
    first.remainder = { try rest.wait() }
    let commit = first
    lock.withLock {
      task = Task {
        do {
          try await library.commit(commit)
        } catch {
          self.lock.withLock { self.failure = error }
          throw error
        }
      }
    }
  }

  /// Hands the run's final decisions over (once screening is done), for the library to store
  /// while the run writes its reports. Throws the commit's error when it has failed already
  /// (another process held the library, another run committed first): the run stops there.
  func screened(_ decisions: [StageDecision]) throws {
    if let failure = lock.withLock({ failure }) { throw failure }
    screened.finish(.success(decisions))
  }

  /// Hands the rest of the commit over and waits until the library has committed (or failed).
  func finish(_ commit: RunCommit) async throws {
    screened.finish(.success(commit.decisions))
    rest.finish(.success(commit))
    try await lock.withLock({ task })?.value
  }

  /// Refuses the rest (the run failed): the library writes nothing. Returns once it has rolled
  /// back, so that the failure can be recorded.
  func abandon(_ error: any Error) async {
    screened.finish(.failure(error))
    rest.finish(.failure(error))
    _ = try? await lock.withLock({ task })?.value
  }
}
