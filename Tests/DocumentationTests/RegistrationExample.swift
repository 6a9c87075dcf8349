import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPluginTesting
import Testing
import TorchExpress

// The code of WritingAPlugin.md and ConfigurationFormat.md.

/// The track module: its track and its plugins.
public enum LocalTrack {
  public static let track = TrackDescription(
    id: "local", name: LocalizedText(zh: "本地规则", en: "Local rules"), source: "the office's own rules")

  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(ExpertSheet.self), .screening(GreenKeywords.self), .coaching(PitchChecklist.self),
      .event(EnterpriseBriefing.self), .followUp(CheckIns.self),
    ])
}

/// A config that uses one plugin of each kind of the local track after the Torch track's intake.
let localConfig = """
  programme: {name: 绿色技术路演, year: 2024}
  tracks: [torch, local]
  event_date: 2024-09-20
  host: {name: 某市科技局}
  intake:
    - plugin: torch.csv_intake
      with:
        file: data/nkrdp-projects-2018.csv
        source: nkrdp-2018
        columns: {id: project_no, title: title, field: programme}
    - plugin: local.expert_sheet
      with:
        file: data/expert-assessments.csv
        source: nkrdp-2018
        columns: {id: project_no, trl: trl}
  screening:
    - plugin: local.green_keywords
      name: 绿色技术
      with: {keywords: [绿色, 节能, 固废], min_trl: 5}
  coaching:
    - plugin: local.pitch_checklist
  event:
    - plugin: local.enterprise_briefing
      with: {start: "09:30"}
  follow_up:
    - plugin: local.check_ins
      with: {months: [3, 6, 12], target: 20}
  """

@Suite struct RegistrationExampleTests {
  @Test func theLocalTrackRegistersBesideTorch() throws {
    let registry = try PluginRegistry(modules: [TorchExpress.module, LocalTrack.module])
    #expect(registry.descriptions(kind: .followUp).map(\.id).contains("local.check_ins"))
    #expect(registry.track("local")?.name.en == "Local rules")
  }

  @Test func aConfigNamingEveryKindValidatesAndBuildsEachStage() throws {
    let registry = try PluginRegistry(modules: [TorchExpress.module, LocalTrack.module])
    let file = samples.appendingPathComponent("local.yaml").path
    let configuration = try ConfigLoader.build(ConfigLoader.parse(localConfig, file: file), registry: registry)
    #expect(configuration.intake.map(\.pluginID) == ["torch.csv_intake", "local.expert_sheet"])
    #expect(configuration.screening.map(\.name) == ["绿色技术"])
    #expect(configuration.coaching.count == 1 && configuration.events.count == 1 && configuration.followUp.count == 1)
  }

  @Test func everyMistakeIsReportedAtOnceWithItsLine() throws {
    let registry = try PluginRegistry(modules: [TorchExpress.module, LocalTrack.module])
    let mistaken =
      localConfig
      .replacingOccurrences(of: "min_trl: 5", with: "min_trl: 12")
      .replacingOccurrences(of: "start: \"09:30\"", with: "strat: \"09:30\"")
    let file = samples.appendingPathComponent("local.yaml").path
    let error = #expect(throws: ConfigurationError.self) {
      try ConfigLoader.build(ConfigLoader.parse(mistaken, file: file), registry: registry)
    }
    let problems = error?.diagnostics ?? []
    #expect(problems.map(\.keyPath) == ["screening[0].with.min_trl", "event[0].with.strat"])
    #expect(problems.map(\.code) == [.outOfRange, .unknownKey])
    #expect(problems.map { $0.location?.line } == [19, 24])
    #expect(problems.last?.suggestion == "start")
    let rendered = problems.map { $0.rendered(.en).replacingOccurrences(of: samples.path + "/", with: "") }
    #expect(
      rendered == [
        "local.yaml:19:45: error: `screening[0].with.min_trl`: value 12 is out of range; expected integer 1–9",
        "local.yaml:24:12: error: `event[0].with.strat`: unknown key; valid keys: start, minutes_each, output"
          + " (did you mean `start`?)",
      ])
  }
}
