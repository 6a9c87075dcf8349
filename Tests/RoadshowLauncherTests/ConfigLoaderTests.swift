import Foundation
import RoadshowKernel
import Testing

@testable import RoadshowLauncher

@Suite struct ConfigLoaderTests {
  @Test func loadsAValidConfig() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = try workspace.write(Fixtures.validYAML)
    let configuration = try ConfigLoader.load(path: path, registry: try Fixtures.registry())
    #expect(configuration.file == path)
    #expect(configuration.programme.name == "测试专场")
    #expect(configuration.tracks == ["test"])
    #expect(configuration.screening.map(\.name) == ["成熟度"])
    #expect(configuration.screening.first?.location == SourceLocation(file: path, line: 12, column: 5))
    #expect(configuration.text == Fixtures.validYAML)
  }

  @Test func rejectsUnknownKeyWithSuggestion() throws {
    let found = try diagnostics(of: yaml(replacing: 6, with: "  contcat: 张三"))
    #expect(found.count == 1)
    let diagnostic = try #require(found.first)
    #expect(diagnostic.code == .unknownKey)
    #expect(diagnostic.keyPath == "host.contcat")
    #expect(diagnostic.position == "6:3")
    #expect(diagnostic.suggestion == "contact")
    #expect(diagnostic.rendered(.en).contains("did you mean `contact`?"))
    #expect(diagnostic.location?.file.hasSuffix("config.yaml") == true)
  }

  @Test func rejectsUnknownPluginWithSuggestion() throws {
    let found = try diagnostics(of: yaml(replacing: 12, with: "  - plugin: test.min_trll"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .unknownPlugin)
    #expect(diagnostic.keyPath == "screening[0].plugin")
    #expect(diagnostic.position == "12:13")
    #expect(diagnostic.suggestion == "test.min_trl")
  }

  @Test func rejectsAValueOfTheWrongType() throws {
    let found = try diagnostics(of: yaml(replacing: 15, with: "      min_trl: high"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .typeMismatch)
    #expect(diagnostic.keyPath == "screening[0].with.min_trl")
    #expect(diagnostic.position == "15:16")
  }

  @Test func rejectsANumberOutOfRange() throws {
    let found = try diagnostics(of: yaml(replacing: 15, with: "      min_trl: 12"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .outOfRange)
    #expect(diagnostic.keyPath == "screening[0].with.min_trl")
    #expect(diagnostic.position == "15:16")
  }

  @Test func rejectsAMissingRequiredKey() throws {
    let found = try diagnostics(of: yaml(replacing: 5, with: "  province: 江苏"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .missingKey)
    #expect(diagnostic.keyPath == "host.name")
    #expect(diagnostic.position == "5:3")
  }

  @Test func rejectsAMissingDataFileWithTheNearestName() throws {
    let found = try diagnostics(of: yaml(replacing: 10, with: "      file: dat.csv"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .missingFile)
    #expect(diagnostic.keyPath == "intake[0].with.file")
    #expect(diagnostic.position == "10:13")
    #expect(diagnostic.suggestion == "data.csv")
  }

  @Test func rejectsAPluginOfATrackThatIsNotEnabled() throws {
    let found = try diagnostics(of: yaml(replacing: 16, with: "  - plugin: other.noop", "event:"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .trackNotEnabled)
    #expect(diagnostic.keyPath == "screening[1].plugin")
    #expect(diagnostic.position == "16:13")
    #expect(diagnostic.message.en.contains("add `other` to `tracks`"))
  }

  @Test func rejectsAnUnknownTrackWithSuggestion() throws {
    let found = try diagnostics(of: yaml(replacing: 3, with: "tracks: [test, tset]"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .unknownTrack)
    #expect(diagnostic.keyPath == "tracks[1]")
    #expect(diagnostic.position == "3:16")
    #expect(diagnostic.suggestion == "test")
  }

  @Test func reportsADuplicateKeyWhereItIsWrittenTheSecondTime() throws {
    let found = try diagnostics(of: yaml(replacing: 6, with: "  work_idea: 聚焦智能制造", "  name: 又一个名字"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .duplicateKey)
    #expect(diagnostic.keyPath == "host.name")
    #expect(diagnostic.position == "7:3")
  }

  @Test func reportsADuplicateKeyTogetherWithOtherErrors() throws {
    // The same key three times at the top level, plus an out-of-range value further down.
    let text = yaml(replacing: 3, with: "tracks: [test]", "tracks: [test]", "tracks: [test]")
      .replacingOccurrences(of: "min_trl: 4", with: "min_trl: 0")
    let found = try diagnostics(of: text)
    #expect(found.map(\.code) == [.duplicateKey, .duplicateKey, .outOfRange])
    #expect(found.map(\.position) == ["4:1", "5:1", "17:16"])
    #expect(found.map(\.keyPath) == ["tracks", "tracks", "screening[0].with.min_trl"])
  }

  @Test func reportsADuplicateKeyInAFlowMappingOfAJSONFile() throws {
    let json = #"{"programme": {"name": "a", "name": "b"}, "tracks": ["test"]}"#
    let found = try diagnostics(of: json, name: "config.json")
    let duplicate = try #require(found.first { $0.code == .duplicateKey })
    #expect(duplicate.keyPath == "programme.name")
    #expect(duplicate.position == "1:29")
  }

  @Test func reportsAYAMLSyntaxErrorAtItsPosition() throws {
    let found = try diagnostics(of: yaml(replacing: 13, with: "    name: \"成熟度"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .syntax)
    #expect(diagnostic.position == "13:11")
    #expect(diagnostic.message.en.contains("quoted scalar"))
  }

  @Test func reportsBadIndentationAsASyntaxError() throws {
    let found = try diagnostics(of: yaml(replacing: 13, with: "   name: 成熟度"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .syntax)
    #expect(diagnostic.location?.line == 13)
  }

  @Test func rejectsAKeyThatIsNotTextAlongsideOtherErrors() throws {
    let text = yaml(replacing: 6, with: "  [a, b]: x").replacingOccurrences(of: "min_trl: 4", with: "min_trl: 99")
    let found = try diagnostics(of: text)
    #expect(found.map(\.code) == [.syntax, .outOfRange])
    #expect(found.map(\.position) == ["6:3", "15:16"])
    #expect(found.first?.keyPath == "host")
  }

  @Test func rejectsATextOverItsMaximumLength() throws {
    let idea = String(repeating: "聚", count: 151)
    let found = try diagnostics(of: yaml(replacing: 6, with: "  work_idea: \(idea)"))
    let diagnostic = try #require(found.first)
    #expect(found.count == 1)
    #expect(diagnostic.code == .outOfRange)
    #expect(diagnostic.keyPath == "host.work_idea")
    #expect(diagnostic.position == "6:14")
    #expect(diagnostic.message.zh.contains("151"))

    let label = try diagnostics(of: yaml(replacing: 15, with: "      label: 这个标签写得实在是太长了吧"))
    #expect(label.map(\.code) == [.outOfRange])
    #expect(label.map(\.keyPath) == ["screening[0].with.label"])
  }

  @Test func reportsEveryErrorAtOnceInFileOrder() throws {
    var lines = Fixtures.validYAML.components(separatedBy: "\n")
    lines[14] = "      min_trl: 12"  // line 15
    lines[5] = "  contcat: 张三"  // line 6
    lines[2] = "tracks: [test, tset]"  // line 3
    lines[9] = "      file: missing.csv"  // line 10
    lines[11] = "  - plugin: test.min_trll"  // line 12: its `with:` is then not checked
    let found = try diagnostics(of: lines.joined(separator: "\n"))
    #expect(found.map(\.code) == [.unknownTrack, .unknownKey, .missingFile, .unknownPlugin])
    #expect(found.map(\.position) == ["3:16", "6:3", "10:13", "12:13"])
  }

  @Test func loadsAJSONConfigWithLineAndColumn() throws {
    let json = """
      {
        "programme": {"name": "测试专场"},
        "tracks": ["test"],
        "host": {"name": "测试承办单位", "month": 13},
        "intake": [{"plugin": "test.csv_intake", "with": {"file": "data.csv"}}],
        "screening": [{"plugin": "test.min_trl", "with": {"min_trl": 5, "mode": "strcit"}}],
        "event": [{"plugin": "test.agenda", "with": {"fail": null}}]
      }
      """
    let found = try diagnostics(of: json, name: "config.json")
    #expect(found.map(\.code) == [.outOfRange, .invalidValue])
    #expect(found.map(\.keyPath) == ["host.month", "screening[0].with.mode"])
    #expect(found.map(\.position) == ["4:39", "6:75"])
    #expect(found.last?.suggestion == "strict")
    #expect(found.first?.location?.file.hasSuffix("config.json") == true)

    let workspace = try Workspace()
    defer { workspace.remove() }
    let valid = json.replacingOccurrences(of: ", \"month\": 13", with: "").replacingOccurrences(
      of: "strcit", with: "lenient")
    let configuration = try ConfigLoader.load(
      path: try workspace.write(valid, as: "config.json"), registry: try Fixtures.registry())
    #expect(configuration.screening.map(\.pluginID) == ["test.min_trl"])
    #expect(configuration.events.count == 1)
  }

  @Test func parsesNullsAndKeepsQuotedScalarsAsText() throws {
    let document = try ConfigLoader.parse(
      """
      a: null
      b: ~
      c:
      d: "null"
      e: 'null'
      f: NULL
      g: 4
      """, file: "x.yaml")
    let root = try #require(document.root)
    #expect(root["a"]?.content == .null)
    #expect(root["b"]?.content == .null)
    #expect(root["c"]?.content == .null)
    #expect(root["d"]?.content == .scalar("null"))
    #expect(root["e"]?.content == .scalar("null"))
    #expect(root["f"]?.content == .null)
    #expect(root["g"]?.content == .scalar("4"))
    #expect(root["g"]?.location == SourceLocation(file: "x.yaml", line: 7, column: 4))
    #expect(root.entries?.map(\.key) == ["a", "b", "c", "d", "e", "f", "g"])
  }

  @Test func reportsAMissingConfigFile() throws {
    #expect {
      _ = try ConfigLoader.load(path: "/nonexistent/roadshow.yaml", registry: try Fixtures.registry())
    } throws: { error in
      guard let error = error as? ConfigurationError, error.diagnostics.count == 1 else { return false }
      return error.diagnostics[0].code == .missingFile
        && error.diagnostics[0].message.en.contains("/nonexistent/roadshow.yaml")
    }
  }

  @Test func anEmptyFileIsNotAConfig() throws {
    let found = try diagnostics(of: "")
    #expect(found.map(\.code) == [.typeMismatch])
    #expect(found.map(\.position) == ["1:1"])
  }

  @Test func aByteOrderMarkDoesNotShiftColumns() throws {
    let found = try diagnostics(of: "\u{FEFF}" + yaml(replacing: 1, with: "programe:"))
    let unknown = try #require(found.first { $0.code == .unknownKey })
    #expect(unknown.position == "1:1")
    #expect(unknown.suggestion == "programme")
  }

  @Test func localeIsReadBeforeValidation() throws {
    let document = try ConfigLoader.parse("locale: en\nbogus: 1\n", file: "x.yaml")
    #expect(document.locale == .en)
  }
}

@Suite struct CompactJSONTests {
  @Test func readsMinifiedAndTabIndentedJSON() throws {
    let minified =
      #"{"programme":{"name":"测试专场"},"tracks":["test"],"host":{"name":"承办单位"},"#
      + #""intake":[{"plugin":"test.csv_intake","with":{"file":"data.csv"}}],"#
      + #""screening":[{"plugin":"test.min_trl","with":{"min_trl":10}}]}"#
    let found = try diagnostics(of: minified, name: "config.json")
    #expect(found.map(\.code) == [.outOfRange])
    #expect(found.map(\.position) == ["1:194"])

    let tabbed =
      "{\n\t\"programme\": {\"name\": \"x\"},\n\t\"tracks\": [\"test\"],\n\t\"host\": {\"name\": \"y\"},\n"
      + "\t\"intake\": [{\"plugin\": \"test.csv_intake\", \"with\": {\"file\": \"data.csv\"}}],\n"
      + "\t\"screening\": [],\n\t\"bogus\": 1\n}\n"
    let tabbedFound = try diagnostics(of: tabbed, name: "config.json")
    #expect(tabbedFound.map(\.code) == [.unknownKey])
    #expect(tabbedFound.map(\.position) == ["7:2"])
  }
}
