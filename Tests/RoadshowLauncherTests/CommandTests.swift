import Foundation
import RoadshowKernel
import RoadshowStore
import Testing
import TorchExpress

@testable import RoadshowLauncher

@Suite struct CommandTests {
  @Test func rootHelpListsEverySubcommandAndTheExitCodes() {
    let help = Roadshow.helpMessage(columns: 120)
    for name in ["run", "validate", "plugins", "init", "why", "runs"] {
      #expect(help.contains("\n  \(name) "), "missing subcommand \(name)")
    }
    #expect(help.contains("Exit codes"))
    #expect(help.contains("--version"))
    #expect(Roadshow.configuration.version == Launcher.version)
  }

  @Test func subcommandHelpDocumentsTheirOptions() {
    let run = Roadshow.helpMessage(for: Roadshow.Run.self, columns: 120)
    for option in ["<config>", "--out <dir>", "--db <file>", "--quiet", "--lang <lang>"] {
      #expect(run.contains(option), "run --help lacks \(option)")
    }
    let plugins = Roadshow.helpMessage(for: Roadshow.Plugins.self, columns: 120)
    for option in ["--kind <kind>", "--track <track>", "--json"] { #expect(plugins.contains(option)) }
    let why = Roadshow.helpMessage(for: Roadshow.Why.self, columns: 120)
    for option in ["<id>", "--run <run>", "--db <file>"] { #expect(why.contains(option)) }
    let initHelp = Roadshow.helpMessage(for: Roadshow.Init.self, columns: 120)
    for option in ["--out <file>", "--force"] { #expect(initHelp.contains(option)) }
  }

  @Test func helpAndVersionExitZero() async throws {
    let help = try await launch(["--help"])
    #expect(help.code == 0)
    #expect(help.out.contains("SUBCOMMANDS"))
    let bare = try await launch([])
    #expect(bare.code == 0)
    #expect(bare.out.contains("SUBCOMMANDS"))
    let helpRun = try await launch(["help", "run"])
    #expect(helpRun.code == 0)
    #expect(helpRun.out.contains("--out <dir>"))
    let version = try await launch(["--version"])
    #expect(version.code == 0)
    #expect(version.out == Launcher.version)
  }

  @Test func aWrongCommandLineExitsTwo() async throws {
    #expect(try await launch(["frobnicate"]).code == 2)
    #expect(try await launch(["validate"]).code == 2)
    #expect(try await launch(["run", "x.yaml", "--lang", "fr"]).code == 2)
  }

  @Test func validateAcceptsAValidConfig() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(Fixtures.validYAML)
    let result = try await launch(["validate", path, "--lang", "en"])
    #expect(result.code == 0)
    #expect(result.out == "\(path): OK (3 plugins, tracks: test)")
    #expect(result.err.isEmpty)
  }

  @Test func validateExitsTwoAndPrintsEveryErrorWithItsPosition() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let text = yaml(replacing: 15, with: "      min_trl: 12").replacingOccurrences(
      of: "tracks: [test]", with: "tracks: [test, tset]")
    let path = try workspace.write(text)
    let result = try await launch(["validate", path, "--lang", "en"])
    #expect(result.code == 2)
    #expect(result.out.isEmpty)
    let lines = result.err.components(separatedBy: "\n")
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("\(path):3:16: error: `tracks[1]`: unknown track `tset`"))
    #expect(
      lines[1] == "\(path):15:16: error: `screening[0].with.min_trl`: value 12 is out of range; expected integer 1–9")
    #expect(lines[0].hasSuffix("(did you mean `test`?)"))
    #expect(lines[2] == "invalid config: 2 errors; nothing was run.")
  }

  @Test func validateSpeaksTheConfigsLanguage() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let chinese = try workspace.write(yaml(replacing: 6, with: "  contcat: 张三"))
    let zh = try await launch(["validate", chinese])
    #expect(zh.code == 2)
    #expect(zh.err.contains(":6:3: 错误: `host.contcat`: 未知的键"))
    let english = try workspace.write("locale: en\n" + yaml(replacing: 6, with: "  contcat: 张三"), as: "en.yaml")
    let en = try await launch(["validate", english])
    #expect(en.err.contains(":7:3: error: `host.contcat`: unknown key"))
  }

  @Test func validateReportsAMissingConfigFile() async throws {
    let result = try await launch(["validate", "/nonexistent/roadshow.yaml", "--lang", "en"])
    #expect(result.code == 2)
    #expect(result.err.contains("config file not found: /nonexistent/roadshow.yaml"))
  }

  @Test func runWritesOutputsRecordsTheRunAndWhyExplainsIt() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(Fixtures.validYAML)
    let db = workspace.path("library.sqlite")
    let out = workspace.path("out")
    let result = try await launch(["run", path, "--out", out, "--db", db, "--lang", "en"])
    #expect(result.code == 0, "\(result.err)")
    #expect(result.out.contains("Screening funnel: 3 → 1"))
    #expect(result.out.contains("Outputs: \(out)"))
    #expect(result.err.contains("[screening 1/1] 成熟度 (test.min_trl): 3 → 1"))
    for file in ["run.json", "selection.csv", "decisions.csv", "summary.md", "agenda.md", "extra/notes.txt"] {
      #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "missing \(file)")
    }
    #expect(try await SQLiteLibrary(path: db).count() == 3)

    let why = try await launch(["why", "t:2", "--db", db, "--lang", "en"])
    #expect(why.code == 0)
    #expect(why.out.contains("1. 成熟度 (test.min_trl): rejected, rule min_trl, score 3: TRL 3 < 4"))
    #expect(why.out.contains("Conclusion: rejected at stage 1"))
    let chosen = try await launch(["why", "t:1", "--db", db])
    #expect(chosen.out.contains("结论：通过全部 1 个筛选阶段"))
    let bare = try await launch(["why", "2", "--db", db, "--lang", "en"])
    #expect(bare.code == 0)
    #expect(bare.out.contains("t:2"))
    let unknown = try await launch(["why", "t:22", "--db", db, "--lang", "en"])
    #expect(unknown.code == 1)
    #expect(unknown.err.contains("did you mean"))

    let runs = try await launch(["runs", "--db", db, "--lang", "en"])
    #expect(runs.code == 0)
    #expect(runs.out.contains("3 records, 1 run"))
    #expect(runs.out.contains("succeeded"))
  }

  @Test func runTakesTheLibraryFromTheConfigAndTheOutputFolderFromItsName() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write("library: lib/projects.sqlite\n" + Fixtures.validYAML, as: "zhuanchang.yaml")
    #expect(Roadshow.Run.defaultOutput(for: path) == "roadshow-out/zhuanchang")
    let result = try await launch(["run", path, "--out", workspace.path("o"), "--quiet"])
    #expect(result.code == 0, "\(result.err)")
    // --quiet prints no progress; warnings (records awaiting confidentiality review) still show.
    #expect(result.err.split(separator: "\n").allSatisfy { $0.hasPrefix("提示：") }, "\(result.err)")
    #expect(FileManager.default.fileExists(atPath: workspace.path("lib/projects.sqlite")))
    let runs = try await launch(["runs", "--config", path])
    #expect(runs.code == 0)
    #expect(runs.out.contains("1 次运行"))
  }

  @Test func runOnAnInvalidConfigExitsTwoAndTouchesNothing() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(yaml(replacing: 15, with: "      min_trl: 0"))
    let db = workspace.path("library.sqlite")
    let result = try await launch(["run", path, "--db", db, "--out", workspace.path("out")])
    #expect(result.code == 2)
    #expect(result.err.contains(":15:16: 错误:"))
    #expect(!FileManager.default.fileExists(atPath: db))
    #expect(!FileManager.default.fileExists(atPath: workspace.path("out")))
  }

  @Test func aFailingRunExitsOneLeavesTheLibraryAndRecordsTheFailure() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let db = workspace.path("library.sqlite")
    let good = try workspace.write(Fixtures.validYAML)
    #expect(try await launch(["run", good, "--db", db, "--out", workspace.path("a"), "--quiet"]).code == 0)
    let before = try await SQLiteLibrary(path: db).achievements()

    try Data("id,title,trl\n1,改名的机器人,9\n4,新成果,8\n".utf8).write(to: URL(fileURLWithPath: workspace.path("data.csv")))
    let failing = try workspace.write(Fixtures.validYAML + "    with: {fail: true}\n", as: "failing.yaml")
    let result = try await launch(["run", failing, "--db", db, "--out", workspace.path("b"), "--lang", "en"])
    #expect(result.code == 1)
    // A stage without `name:` is named by its plugin's title in the config's language.
    #expect(result.err.contains("stage `测试活动` (plugin `test.agenda`) failed: venue unavailable"))
    #expect(!FileManager.default.fileExists(atPath: workspace.path("b")))
    #expect(try await SQLiteLibrary(path: db).achievements() == before)
    #expect(try await SQLiteLibrary(path: db).runs().map(\.status) == ["failed", "succeeded"])
  }

  @Test func readingCommandsNeverCreateALibrary() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let db = workspace.path("none.sqlite")
    let result = try await launch(["runs", "--db", db, "--lang", "en"])
    #expect(result.code == 1)
    #expect(result.err.contains("no project library at"))
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func pluginsListsAndFiltersInBothFormats() async throws {
    let human = try await launch(["plugins", "--lang", "en"])
    #expect(human.code == 0)
    #expect(human.out.contains("test.min_trl  [screening]"))
    #expect(human.out.contains("- min_trl (integer 1–9; default 4): lowest TRL"))
    #expect(human.out.contains("other.noop"))

    let screening = try await launch(["plugins", "--kind", "screening", "--track", "test"])
    #expect(screening.out.contains("test.min_trl  [项目筛选 · screening]"))
    #expect(!screening.out.contains("test.csv_intake"))
    #expect(!screening.out.contains("other.noop"))

    let json = try await launch(["plugins", "--json", "--kind", "intake"])
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
    #expect(entries.map { $0["id"] as? String } == ["test.csv_intake"])
    let parameters = try #require(entries.first?["parameters"] as? [[String: Any]])
    #expect(parameters.first?["name"] as? String == "file")
    #expect(parameters.first?["required"] as? Bool == true)
    #expect(parameters.last?["default"] as? String == "t")

    #expect(try await launch(["plugins", "--track", "tset"]).code == 2)
    #expect(try await launch(["plugins", "--kind", "nonsense"]).code == 2)
  }

  @Test func initWritesAStarterAndRefusesToOverwriteWithoutForce() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("starter/roadshow.yaml")
    let first = try await launch(["init", "--out", path])
    #expect(first.code == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == StarterConfig.text)
    for id in [
      "torch.csv_intake", "torch.field_focus", "torch.trl_threshold", "torch.shortlist", "torch.enterprise_interest",
      "torch.final_selection", "torch.business_plan_checklist", "torch.onsite_roadshow", "torch.online_channel",
      "torch.tracking_plan",
    ] {
      #expect(text.contains("plugin: \(id)"), "starter lacks \(id)")
    }

    try Data("edited".utf8).write(to: URL(fileURLWithPath: path))
    let again = try await launch(["init", "--out", path, "--lang", "en"])
    #expect(again.code == 2)
    #expect(again.err.contains("already exists"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "edited")
    #expect(try await launch(["init", "--out", path, "--force"]).code == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == StarterConfig.text)
  }
}

@Suite struct InitThenRunTests {
  /// A new user's first two commands: `roadshow init`, then `roadshow validate` and `run` on it.
  @Test func theStarterValidatesAndRunsAsWritten() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("new/roadshow.yaml")
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    func run(_ arguments: [String]) async -> (Int32, Capture) {
      let capture = Capture()
      let code = await Launcher.run(
        arguments: arguments, context: LauncherContext(registry: registry, console: capture.console))
      return (code, capture)
    }
    #expect(await run(["init", "--out", path]).0 == 0)
    let (valid, validation) = await run(["validate", path])
    #expect(valid == 0, "\(validation.err)")
    let (ran, output) = await run(["run", path, "--out", workspace.path("new/out"), "--quiet"])
    #expect(ran == 0, "\(output.err)")
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: URL(fileURLWithPath: workspace.path("new/out/run.json"))))
    #expect(record.libraryAfter == 5)
    #expect(record.selected.count >= 1)
    // Running init again with --force keeps the user's data files.
    try "编号,成果名称\nX1,用户自己的数据\n".write(
      toFile: workspace.path("new/data/achievements.csv"), atomically: true, encoding: .utf8)
    #expect(await run(["init", "--out", path, "--force"]).0 == 0)
    #expect(
      try String(contentsOfFile: workspace.path("new/data/achievements.csv"), encoding: .utf8).contains("用户自己的数据"))
  }

  @Test func aRunWhoseOutputsCannotBeWrittenLeavesTheLibraryUntouched() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("roadshow.yaml")
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    let capture = Capture()
    let context = LauncherContext(registry: registry, console: capture.console)
    #expect(await Launcher.run(arguments: ["init", "--out", path], context: context) == 0)
    let blocker = try workspace.write("not a folder", as: "blocked")
    let code = await Launcher.run(
      arguments: ["run", path, "--out", blocker, "--db", workspace.path("lib.sqlite"), "--quiet"], context: context)
    #expect(code == 1)
    #expect(capture.err.contains("blocked"))
    #expect(!FileManager.default.fileExists(atPath: workspace.path("lib.sqlite")))
  }
}
