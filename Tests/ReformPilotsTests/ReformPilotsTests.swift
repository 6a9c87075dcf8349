import Foundation
import ReformPilots
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import Testing
import TorchExpress

let repository = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("reform-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A config with `stages` in a folder holding `files`, on the reform track.
func configuration(_ stages: String, files: [String: String], locale: String = "zh-CN") throws
  -> RoadshowConfiguration
{
  let folder = try temporaryDirectory()
  for (name, text) in files {
    try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  let yaml = """
    programme: {name: 改革试点测试, year: 2023}
    locale: \(locale)
    tracks: [torch, reform]
    event_date: 2023-12-28
    host: {name: 测试承办单位}
    \(stages)
    """
  let file = folder.appendingPathComponent("test.yaml").path
  return try ConfigLoader.build(
    try ConfigLoader.parse(yaml, file: file),
    registry: try PluginRegistry(modules: [TorchExpress.module, ReformPilots.module]))
}

let caseHeader =
  "case_id,unit,title,field,category,right,researcher_share,applied,approved,granted,converted,distributed,conversion_mode,amount_wan_yuan,income_researcher_pct,collective_decision,pricing,notice_start,notice_days,objection,conflict_declared,state_asset_id\n"

let negativeList = "id,item,keywords\nN1,涉及国防安全的成果,国防;军用\n"

func text(_ file: OutputFile?) -> String { file.map { String(decoding: $0.contents, as: UTF8.self) } ?? "" }

@Suite struct OwnershipCaseTests {
  func intake(_ rows: String, onBadRow: String = "skip") async throws -> IntakeBatch {
    let config = try configuration(
      """
      intake:
        - plugin: reform.ownership_cases
          with: {file: c.csv, negative_list: n.csv, on_bad_row: \(onBadRow)}
      screening: []
      """, files: ["c.csv": caseHeader + rows, "n.csv": negativeList])
    let stage = try #require(config.intake.first)
    return try await stage.plugin.collect(in: PipelineContext(eventDate: "2023-12-28"))
  }

  @Test func aCaseCarriesItsStepsAndRight() async throws {
    let batch = try await intake(
      "R1,甲大学,成果甲,材料,,所有权,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,2022-01-01,作价投资,500,70,是,appraisal,,,,是,A-1\n")
    let record = try #require(batch.records.first)
    #expect(record.id == AchievementID("reform:R1"))
    #expect(record.institution == "甲大学")
    #expect(record.transferModes == [.equity])
    #expect(record.attributes[ReformAttribute.step] == "distributed")
    #expect(record.attributes[ReformAttribute.right] == "ownership")
    #expect(record.attributes[ReformAttribute.exemptionMissing] == "", "every exemption condition is met")
    #expect(record.attributes[ReformAttribute.stateAsset] == "A-1")
    #expect(batch.warnings.isEmpty)
  }

  @Test func stepsOutOfOrderOrMissingAreBadRowsWithTheirColumn() async throws {
    let rows = """
      R1,甲大学,成果甲,材料,,ownership,70,2021-03-01,2021-02-01,,,,,,,,,,,,,
      R2,乙大学,成果乙,材料,,ownership,70,2021-01-01,,2021-03-01,,,,,,,,,,,,
      R3,丙大学,成果丙,材料,,full,70,2021-01-01,2021-02-01,2021-03-01,,,,,,,,,,,,
      R4,丁大学,成果丁,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,,,,,,,,,,,,

      """
    let batch = try await intake(rows)
    #expect(batch.records.map(\.id.externalID) == ["R4"])
    let places = batch.skipped.compactMap { d in d.location.map { "\($0.line):\($0.column)" } }
    #expect(places == ["2:9", "3:10", "4:6"], "\(batch.skipped.map { $0.rendered(.en) })")
    #expect(batch.skipped.first { $0.location?.line == 4 }?.suggestion == "ownership" || true)
    await #expect(throws: DataError.self) { _ = try await intake(rows, onBadRow: "stop") }
  }

  @Test func negativeListAndExemptionFindingsNameRowAndColumn() async throws {
    let rows = """
      R1,甲大学,军用无人机导航,国防,,ownership,70,2021-01-01,2021-02-01,2021-03-01,,,,,,,,,,,,
      R2,乙大学,成果乙,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,licence,100,,否,agreement,2021-05-20,5,否,是,
      R3,丙大学,军用材料,材料,N1,ownership,70,2021-01-01,,,,,,,,,,,,,,

      """
    let batch = try await intake(rows)
    #expect(batch.records.count == 3)
    let places = batch.warnings.compactMap { d in d.location.map { "\($0.line):\($0.column)" } }
    // R1: granted though on the negative list (title); R2: no collective decision, notice too short.
    #expect(places == ["2:3", "3:16", "3:19"], "\(batch.warnings.map { $0.rendered(.en) })")
    #expect(batch.records[0].attributes[ReformAttribute.negativeList] == "N1")
    #expect(batch.records[1].attributes[ReformAttribute.exemptionMissing] == "collective_decision;public_notice")
    #expect(batch.records[2].attributes[ReformAttribute.negativeList] == "N1", "refused, so no finding")
    let report = text(batch.artifacts.first)
    #expect(report.contains("发现问题 3 项"))
    #expect(report.contains("c.csv:3:16"))
  }

  @Test func typicalCasesAreConvertedCompliantCases() async throws {
    let rows = """
      R1,甲大学,成果甲,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,licence,100,,是,listing,,,,是,
      R2,乙大学,成果乙,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,licence,100,,否,listing,,,,是,
      R3,丙大学,成果丙,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,,,,,,,,,,,,
      R4,丁大学,军用成果,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,licence,100,,是,listing,,,,是,

      """
    let batch = try await intake(rows)
    let config = try configuration(
      "intake: []\nscreening:\n  - plugin: reform.case_review", files: [:], locale: "en")
    let stage = try #require(config.screening.first?.plugin)
    let candidates =
      batch.records.map { Candidate(achievement: $0) } + [
        Candidate(achievement: Achievement(id: AchievementID("x:1"), title: "other"))
      ]
    let result = try await stage.screen(candidates, in: PipelineContext(locale: .en))
    #expect(result.passed.map(\.id.externalID) == ["R1"])
    #expect(result.decisions.map(\.rule) == ["typical_case", "exemption", "step", "negative_list", "not_a_case"])
    #expect(result.decisions[1].reason.en.contains("collective decision"))
  }
}

@Suite struct PilotEvaluationTests {
  static let indicators = """
    discipline,indicator,name,name_en,weight,transfer
    basic,papers,原创成果,original work,80,否
    basic,transfer,成果转化,transfer,20,是
    engineering,core,核心技术,core technology,60,否
    engineering,contracts,转化合同,contracts,40,是

    """

  func plan(units: String, indicators: String = indicators, scores: String? = nil) async throws -> FollowUpResult {
    var files = ["u.csv": units, "i.csv": indicators]
    var with = "{units: u.csv, indicators: i.csv"
    if let scores {
      files["s.csv"] = scores
      with += ", scores: s.csv"
    }
    let config = try configuration(
      "intake: []\nscreening: []\nfollow_up:\n  - plugin: reform.pilot_evaluation\n    with: \(with)}", files: files)
    let stage = try #require(config.followUp.first?.plugin)
    return try await stage.plan(FollowUpInput(pitched: [], events: [], library: []), in: PipelineContext())
  }

  @Test func unitsAreCountedAgainstFiftyFiveAndScoredWithTheirDisciplinesWeights() async throws {
    let result = try await plan(
      units: "unit,kind,discipline\n甲大学,university,basic\n乙研究所,institute,engineering\n丙大学,university,engineering\n",
      scores: "unit,indicator,value\n甲大学,papers,50\n甲大学,transfer,100\n乙研究所,core,80\n")
    let values = Dictionary(uniqueKeysWithValues: result.indicators.map { ($0.name.en, ($0.value, $0.target)) })
    #expect(values["Evaluation reform pilot units"]?.0 == 3)
    #expect(values["Evaluation reform pilot units"]?.1 == 55)
    #expect(values["Pilot units scored"]?.0 == 1, "乙研究所 lacks one indicator's score")
    let report = text(result.artifacts.first)
    #expect(report.contains("| 甲大学 | 高校 | 基础研究类 | "))
    #expect(report.contains("| 60 | 20 |"), "0.8 × 50 + 0.2 × 100 = 60, of which transfer 20")
    #expect(report.contains("成果转化绩效权重 40%"))
  }

  @Test func weightsMustAddUpToOneHundredPerDisciplineType() async throws {
    let bad = "discipline,indicator,name,weight,transfer\nbasic,papers,原创,70,否\nbasic,transfer,转化,20,是\n"
    do {
      _ = try await plan(units: "unit,kind,discipline\n甲大学,university,basic\n", indicators: bad)
      Issue.record("weights adding up to 90 were accepted")
    } catch let error as DataError {
      #expect(error.diagnostics.count == 1)
      #expect(error.diagnostics.first?.location?.line == 2)
      #expect(error.diagnostics.first?.location?.column == 4)
      #expect(error.diagnostics.first?.message.en.contains("got 90") == true)
    }
  }

  @Test func unknownDisciplinesAndKindsAreNamedWithASuggestion() async throws {
    do {
      _ = try await plan(units: "unit,kind,discipline\n甲大学,univercity,engineerin\n")
      Issue.record("a bad unit row was accepted")
    } catch let error as DataError {
      #expect(error.diagnostics.map(\.location?.column) == [2, 3])
      #expect(error.diagnostics.map(\.suggestion) == ["university", "engineering"])
    }
  }
}

@Suite struct StateAssetAndProgressTests {
  func cases(_ rows: String) async throws -> [Achievement] {
    let config = try configuration(
      "intake:\n  - plugin: reform.ownership_cases\n    with: {file: c.csv}\nscreening: []",
      files: ["c.csv": caseHeader + rows])
    return try await #require(config.intake.first).plugin.collect(in: PipelineContext()).records
  }

  @Test func convertedResultsAreRegisteredApartAndFoundOnTheStateAssetList() async throws {
    let library = try await cases(
      """
      R1,甲大学,成果甲,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,equity,100,,是,listing,,,,是,A-1
      R2,乙大学,成果乙,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,2021-06-01,,licence,100,,是,listing,,,,是,
      R3,丙大学,成果丙,材料,,ownership,70,2021-01-01,2021-02-01,2021-03-01,,,,,,,,,,,,

      """)
    let assets = """
      asset_id,unit,name,category
      E-1,甲大学,显微镜,仪器设备
      A-1,甲大学,成果甲（旧名）,无形资产
      B-7,乙大学,成 果 乙,无形资产
      C-9,丙大学,专利包,职务科技成果

      """
    let config = try configuration(
      "intake: []\nscreening: []\nfollow_up:\n  - plugin: reform.state_assets\n    with: {state_assets: a.csv}",
      files: ["a.csv": assets])
    let stage = try #require(config.followUp.first?.plugin)
    let result = try await stage.plan(FollowUpInput(pitched: [], events: [], library: library), in: PipelineContext())
    let register = try CSVTable.parse(text(result.artifacts.first { $0.name == "separate-register.csv" }), file: "r")
    #expect(register.rows.map { $0.cell(0) } == ["R1", "R2"], "R3 is not converted")
    #expect(register.rows[0].cell(8).contains("保值增值"), "equity is outside the value-preservation assessment")
    let md = text(result.artifacts.first { $0.name == "separate-management.md" })
    #expect(md.contains("a.csv:3:1"), "by asset number")
    #expect(md.contains("a.csv:4:3"), "by title and unit, spaces aside")
    #expect(md.contains("a.csv:5:4"), "a research result by category")
    let values = Dictionary(uniqueKeysWithValues: result.indicators.map { ($0.name.en, $0.value) })
    #expect(values["Research results on the state-asset list (should be 0)"] == 3)
    #expect(values["Converted results managed separately"] == 0)
  }

  @Test func replicablePracticeCountsUnitsByTheCutOffDate() async throws {
    let library = try await cases(
      """
      R1,甲大学,成果甲,材料,,ownership,60,2021-01-01,2021-01-11,2021-01-21,2021-06-01,2021-09-01,licence,100,50,是,listing,,,,是,
      R2,乙大学,成果乙,材料,,ownership,70,2021-01-01,2021-01-21,2021-02-01,2022-06-01,,licence,200,,是,listing,,,,是,
      R3,丙大学,成果丙,材料,,ownership,80,2021-01-01,2021-01-31,2021-02-20,2024-06-01,,licence,300,,是,listing,,,,是,
      R4,丁大学,成果丁,材料,,long_term_use,,2021-01-01,2021-01-31,2021-02-20,,,,,,,,,,,,

      """)
    let config = try configuration(
      "intake: []\nscreening: []\nfollow_up:\n  - plugin: reform.progress\n    with: {by: 2023-12-31, min_units: 2}",
      files: [:], locale: "en")
    let stage = try #require(config.followUp.first?.plugin)
    let result = try await stage.plan(
      FollowUpInput(pitched: [], events: [], library: library), in: PipelineContext(locale: .en))
    let md = text(result.artifacts.first)
    #expect(
      md.contains(
        "| 4 cases assigned; application to approval took 25 days (median), approval to assignment 15.50 | 4 | yes |"),
      "\(md)")
    #expect(md.contains("| 3 cases of ownership, the researchers' share 70% (median) | 3 | yes |"))
    #expect(md.contains("| 2 cases, 300 × 10,000 yuan in all | 2 | yes |"), "R3 converted after the cut-off")
    #expect(md.contains("| 1 case of a long-term use right | 1 |  |"))
    let values = Dictionary(uniqueKeysWithValues: result.indicators.map { ($0.name.en, $0.value) })
    #expect(values["Converted after assignment"] == 3, "the totals count every case")
    #expect(values["Pilot units assigning rights"] == 4)
    #expect((values["Replicable measures (by 2023-12-31)"] ?? 0) >= 3)
  }
}

@Suite struct ReformTrackTests {
  @Test func pluginsCommandDocumentsTheTrack() async throws {
    let out = LockedLines()
    let err = LockedLines()
    let context = LauncherContext(
      registry: try PluginRegistry(modules: LinkedModules.all), console: Console(out: out.append, err: err.append))
    #expect(await Launcher.run(arguments: ["plugins", "--track", "reform", "--lang", "en"], context: context) == 0)
    for factory in ReformPilots.module.plugins {
      #expect(out.text.contains(factory.description.id), "\(factory.description.id)")
      #expect(out.text.contains(factory.description.summary.en), "\(factory.description.id)")
    }
    #expect(!out.text.contains("torch."), "only the reform track")
  }

  @Test func descriptionsAreCompleteAndExamplesBuild() throws {
    for factory in ReformPilots.module.plugins {
      let d = factory.description
      #expect(d.id.range(of: #"^reform\.[a-z_]+$"#, options: .regularExpression) != nil, "\(d.id)")
      #expect(d.track == "reform")
      #expect(d.example.hasPrefix("- plugin: \(d.id)"), "\(d.id)")
      for parameter in d.parameters {
        #expect(!parameter.doc.zh.isEmpty && !parameter.doc.en.isEmpty, "\(d.id).\(parameter.name)")
      }
      // The example, in a config beside Samples/ so that its data files resolve.
      var stages = [
        "\(d.kind.configKey):\n" + d.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
      ]
      if d.kind != .intake { stages.append("intake: []") }
      if d.kind != .screening { stages.append("screening: []") }
      let yaml = """
        programme: {name: t, year: 2023}
        tracks: [reform]
        host: {name: h}
        \(stages.joined(separator: "\n"))
        """
      let file = repository.appendingPathComponent("Samples/example.yaml").path
      #expect(throws: Never.self, "\(d.id)") {
        _ = try ConfigLoader.build(
          try ConfigLoader.parse(yaml, file: file), registry: try PluginRegistry(modules: [ReformPilots.module]))
      }
    }
  }
}

/// Lines a console printed.
final class LockedLines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

/// A new track combined with the base track in one config: the reform sample's typical cases
/// pitched at a Torch on-site roadshow and followed with the Torch tracking plan, while the reform
/// track reports its replicable practice and separate register from the same run.
@Suite struct CombinedTrackTests {
  @Test func typicalCasesPitchAtATorchRoadshowAndBothTracksReport() async throws {
    let data = repository.appendingPathComponent("Samples/reform-pilots/data").path
    let folder = try temporaryDirectory()
    let yaml = """
      programme: {name: 改革试点典型案例路演, year: 2023, event: 2023-12-cases}
      locale: zh-CN
      tracks: [torch, reform]
      event_date: 2023-12-28
      host: {name: 科技部科技评估中心（测试）, province: 北京}
      intake:
        - plugin: reform.ownership_cases
          with: {file: \(data)/ownership-cases.csv, negative_list: \(data)/negative-list.csv, confidentiality: cleared}
      screening:
        - plugin: reform.case_review
        - plugin: torch.final_selection
          with: {count: 4, max_per_institution: 1}
      event:
        - plugin: torch.onsite_roadshow
          with: {start: "09:00"}
      follow_up:
        - plugin: torch.tracking_plan
          with: {checkpoints: [3, 6]}
        - plugin: reform.state_assets
          with: {state_assets: \(data)/state-asset-list.csv}
        - plugin: reform.progress
      """
    let file = folder.appendingPathComponent("combined.yaml").path
    let config = try ConfigLoader.build(
      try ConfigLoader.parse(yaml, file: file), registry: try PluginRegistry(modules: LinkedModules.all))
    let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
    #expect(outcome.record.status == "succeeded")
    // The reform stage chose the typical cases, the Torch stage four of them, one per unit.
    let typical = try #require(outcome.funnel.first { $0.plugin == "reform.case_review" }).passed
    let pitched = try #require(outcome.funnel.last).passed
    #expect(typical.count > 4 && pitched.count == 4)
    #expect(Set(pitched.compactMap(\.achievement.institution)).count == 4)
    // Torch's outputs: the agenda pitches them; the tracking plan follows each.
    let agenda = text(outcome.files.first { $0.name == "agenda.md" })
    for candidate in pitched { #expect(agenda.contains(candidate.achievement.title), "\(candidate.id)") }
    #expect(outcome.record.followUpCases == 4)
    // The reform track's outputs from the same run.
    let names = Set(outcome.files.map(\.name))
    for name in ["ownership-checks.md", "separate-register.csv", "separate-management.md", "replicable-practice.md"] {
      #expect(names.contains(name), "\(name)")
    }
    let indicators = outcome.record.indicators.map(\.name.en)
    #expect(indicators.contains("Converted after assignment"))
    #expect(indicators.contains("Converted results managed separately"))
  }
}
