import Foundation
import RoadshowKernel
import RoadshowMatching
import Testing
import TorchExpress

@testable import RoadshowLauncher

/// `roadshow match` and `roadshow schedule` report the engines' errors in the language of
/// `--lang`: Chinese by default, English on request.
@Suite struct EngineErrorLanguageTests {
  @Test func aMissingInputFileIsNamedByItsPath() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let missing = workspace.path("nope.csv")
    let demands = workload.appendingPathComponent("demands.csv").path
    let chinese = try await launch(["match", missing, demands, "--out", workspace.path("m.csv")])
    #expect(chinese.code == 1)
    #expect(chinese.err == "错误: 找不到文件 \(missing)")
    let english = try await launch(["match", missing, demands, "--out", workspace.path("m.csv"), "--lang", "en"])
    #expect(english.code == 1)
    #expect(english.err == "error: no such file: \(missing)")
  }

  @Test func aMissingScheduleFolderIsNamedWithTheFilesItShouldHold() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let missing = workspace.path("nonexistent")
    let chinese = try await launch(["schedule", missing, "--out", workspace.path("s.csv")])
    #expect(chinese.code == 1)
    #expect(chinese.err == "错误: 找不到文件夹 \(missing)（应包含 participants.csv、requests.csv 和 event.csv）")
    let english = try await launch(["schedule", missing, "--out", workspace.path("s.csv"), "--lang", "en"])
    #expect(english.code == 1)
    #expect(
      english.err == "error: no such folder: \(missing) (it should hold participants.csv, requests.csv and event.csv)")
    #expect(!english.err.contains(":0"))
  }

  @Test func aMissingFileInTheScheduleFolderIsNamed() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let folder = workspace.folder.appendingPathComponent("partial")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["participants.csv", "event.csv"] {
      try FileManager.default.copyItem(
        at: workload.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let requests = folder.appendingPathComponent("requests.csv").path
    let chinese = try await launch(["schedule", folder.path, "--out", workspace.path("s.csv")])
    #expect(chinese.code == 1)
    #expect(chinese.err == "错误: 找不到文件 \(requests)")
    let english = try await launch(["schedule", folder.path, "--out", workspace.path("s.csv"), "--lang", "en"])
    #expect(english.err == "error: no such file: \(requests)")
  }

  @Test func aBadFieldIsLocatedInChineseByDefault() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let fixed = try workspace.write("request,slot\nR000000,x\n", as: "fixed.csv")
    let chinese = try await launch(["schedule", workload.path, "--fixed", fixed, "--out", workspace.path("s.csv")])
    #expect(chinese.code == 1)
    #expect(chinese.err == "错误: 文件 fixed.csv 第 2 行第 2 列（slot）：应为 1…10000 之间的整数，实际为“x”")
    let english = try await launch([
      "schedule", workload.path, "--fixed", fixed, "--out", workspace.path("s.csv"), "--lang", "en",
    ])
    #expect(english.err == "error: fixed.csv:2:2 (slot): expected an integer in 1…10000, found \"x\"")
  }

  @Test func infeasibleFixedMeetingsAreExplainedInTheChosenLanguage() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    // Fix a meeting in a slot its holder marked unavailable.
    let problem = try SchedulingFiles.loadProblem(directory: workload)
    let busy = Dictionary(uniqueKeysWithValues: problem.participants.map { ($0.id, $0.unavailableSlots) })
    let request = try #require(problem.requests.first { !(busy[$0.to] ?? []).isEmpty })
    let slot = try #require(busy[request.to]?.min())
    let fixed = try workspace.write("request,slot\n\(request.id),\(slot)\n", as: "fixed.csv")
    let chinese = try await launch(["schedule", workload.path, "--fixed", fixed, "--out", workspace.path("s.csv")])
    #expect(chinese.code == 1)
    #expect(
      chinese.err.contains("错误: 固定洽谈无法全部安排：\(request.to) 在第 \(slot) 时段不可参会，却被安排了 \(request.id)"),
      "\(chinese.err)")
    let english = try await launch([
      "schedule", workload.path, "--fixed", fixed, "--out", workspace.path("s.csv"), "--lang", "en",
    ])
    #expect(
      english.err.contains(
        "error: the fixed meetings cannot all be held: \(request.to) is unavailable in slot \(slot) but meets for \(request.id)"
      ), "\(english.err)")
  }
}

/// Bad options of `match`, `schedule` and `new plugin` are refused (exit 2) in the language of
/// `--lang`, Chinese by default.
@Suite struct OptionLanguageTests {
  @Test func matchOptions() async throws {
    let arguments = [
      "match", "a.csv", "b.csv", "--top", "0", "--field", "x", "--province", "y", "--min-trl", "10",
    ]
    let chinese = try await launch(arguments)
    #expect(chinese.code == 2)
    for line in [
      "--top 须为 1–1000，实际为 0", "--field 须为 ignore（忽略）、bonus（加分）或 require（必需），实际为 `x`",
      "--province 须为 ignore（忽略）、bonus（加分）或 require（必需），实际为 `y`", "--min-trl 须为 1–9，实际为 10",
    ] {
      #expect(chinese.err.contains(line), "\(chinese.err)")
    }
    #expect(!chinese.err.contains("must be"))
    let english = try await launch(arguments + ["--lang", "en"])
    #expect(english.code == 2)
    for line in [
      "--top must be 1–1000, got 0", "--field must be ignore, bonus or require, got `x`",
      "--province must be ignore, bonus or require, got `y`", "--min-trl must be 1–9, got 10",
    ] {
      #expect(english.err.contains(line), "\(english.err)")
    }
    #expect(!english.err.contains("须为"))
  }

  @Test func scheduleOptions() async throws {
    let chinese = try await launch(["schedule", "dir", "--time-limit", "0"])
    #expect(chinese.code == 2)
    #expect(chinese.err.contains("--time-limit 须大于 0 且不超过 3600（秒），实际为 0.0"), "\(chinese.err)")
    let english = try await launch(["schedule", "dir", "--time-limit", "0", "--lang", "en"])
    #expect(english.code == 2)
    #expect(english.err.contains("--time-limit must be in (0, 3600], got 0.0"), "\(english.err)")
  }

  @Test func newPluginOptions() async throws {
    let arguments = ["new", "plugin", "--kind", "intake", "--kind", "scaffold", "--name", "9x", "--track", "Bad"]
    let chinese = try await launch(arguments)
    #expect(chinese.code == 2)
    for line in [
      "--kind：应为 intake、screening、coaching、event、follow-up 或 all，实际为 `intake, scaffold`",
      "--name：只能用英文字母、数字、- 和 _，且以字母开头（如 green-tech），实际为 `9x`",
      "--track：请用小写字母、数字和下划线（snake_case），以字母开头（如 local），实际为 `Bad`",
    ] {
      #expect(chinese.err.contains(line), "\(chinese.err)")
    }
    let english = try await launch(arguments + ["--lang", "en"])
    #expect(english.code == 2)
    for line in [
      "--kind: use intake, screening, coaching, event, follow-up or all; got `intake, scaffold`",
      "--name: use letters, digits, - and _, starting with a letter (e.g. green-tech); got `9x`",
      "--track: use lower-case snake_case (e.g. local); got `Bad`",
    ] {
      #expect(english.err.contains(line), "\(english.err)")
    }
  }
}

/// `roadshow init` writes `locale:` from `--lang` and names the file it writes in its header.
@Suite struct InitLanguageTests {
  private static let chineseLocaleLine = "locale: zh-CN          # 报告语言 zh-CN 或 en / report language"
  private static let englishLocaleLine = "locale: en             # 报告语言 zh-CN 或 en / report language"

  @Test func theDefaultIsChineseAndNamesRoadshowYAML() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("roadshow.yaml")
    #expect(try await launch(["init", "--out", path]).code == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == StarterConfig.text)
    #expect(text == StarterConfig.text(file: "roadshow.yaml", locale: .zhCN))
    let lines = text.components(separatedBy: "\n")
    #expect(lines.contains(Self.chineseLocaleLine))
    #expect(lines.contains("# 校验 / check:   roadshow validate roadshow.yaml"))
    #expect(lines.contains("# 运行 / run:     roadshow run roadshow.yaml"))
  }

  @Test func langEnglishWritesLocaleEnAndOnlyThat() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("roadshow.yaml")
    let result = try await launch(["init", "--out", path, "--lang", "en"])
    #expect(result.code == 0)
    #expect(result.out.contains("Then run: roadshow validate \(path)"))
    let english = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    let chinese = StarterConfig.text.components(separatedBy: "\n")
    #expect(english.contains(Self.englishLocaleLine))
    #expect(!english.contains(Self.chineseLocaleLine))
    // The bilingual comments and the Chinese sample content are kept: only the locale differs.
    #expect(english.count == chinese.count)
    let differing = zip(english, chinese).filter { $0 != $1 }
    #expect(differing.map(\.0) == [Self.englishLocaleLine])

    // It validates, and the config reports in English.
    let registry = try PluginRegistry(modules: [TorchExpress.module])
    let configuration = try ConfigLoader.load(path: path, registry: registry)
    #expect(configuration.locale == .en)
  }

  @Test func theHeaderNamesTheFileWritten() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.path("configs/other.yaml")
    let result = try await launch(["init", "--out", path])
    #expect(result.code == 0)
    #expect(result.out.contains("然后运行：roadshow validate \(path)"))
    let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    #expect(lines.contains("# 校验 / check:   roadshow validate other.yaml"))
    #expect(lines.contains("# 运行 / run:     roadshow run other.yaml"))
    #expect(lines.contains(Self.chineseLocaleLine))
    #expect(!lines.contains { $0.contains("roadshow validate roadshow.yaml") })

    let spaced = workspace.path("my config.yaml")
    let quoted = try await launch(["init", "--out", spaced, "--lang", "en"])
    #expect(quoted.code == 0)
    #expect(quoted.out.contains("Then run: roadshow validate '\(spaced)'"))
    let text = try String(contentsOfFile: spaced, encoding: .utf8)
    #expect(text.contains("# 校验 / check:   roadshow validate 'my config.yaml'\n"))
    #expect(StarterConfig.shellWord("it's.yaml") == #"'it'\''s.yaml'"#)
    #expect(StarterConfig.shellWord("路演.yaml") == "路演.yaml")
  }
}
