import Foundation
import RoadshowKernel

/// The files of a new plugin package (`roadshow new plugin`): one module with a plugin of each
/// kind asked for, a launcher that registers it next to the Torch track, a test per plugin, and
/// a sample config with data that runs them all. It builds and passes its tests as created.
struct PluginScaffold {
  let name: String
  let track: String
  let kinds: [PluginKind]
  /// The Roadshow package as the scaffold's `Package.swift` names it: a path relative to the
  /// scaffold's folder, so that the two folders can move together.
  let roadshowPath: String
  /// The folder name of the Roadshow package, which SwiftPM takes as its package identity.
  let roadshowIdentity: String

  init(name: String, track: String, kinds: [PluginKind], roadshow: URL, folder: URL) {
    self.name = name
    self.track = track
    self.kinds = PluginKind.allCases.filter(kinds.contains)
    roadshowPath = Self.relativePath(from: folder, to: roadshow)
    roadshowIdentity = roadshow.lastPathComponent.lowercased()
  }

  /// The Roadshow package this launcher was built from.
  static var sourceRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// `target` written relative to `base` (both absolute folders): `../roadshow`, `../../src/roadshow`.
  static func relativePath(from base: URL, to target: URL) -> String {
    let from = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    var common = 0
    while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
    let parts = Array(repeating: "..", count: from.count - common) + to[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  static func words(_ name: String) -> [String] {
    name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map(String.init).filter { !$0.isEmpty }
  }

  var packageName: String { Self.words(name).map { $0.lowercased() }.joined(separator: "-") }
  var snake: String { Self.words(name).map { $0.lowercased() }.joined(separator: "_") }
  var module: String { Self.words(name).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }

  /// The Swift type of the plugin of `kind`.
  func typeName(_ kind: PluginKind) -> String {
    switch kind {
    case .intake: module + "Intake"
    case .screening: module + "Policy"
    case .coaching: module + "Coaching"
    case .event: module + "Event"
    case .followUp: module + "FollowUp"
    }
  }

  /// The plugin id of `kind`: `local.green_tech` for screening, `local.green_tech_intake`…
  func pluginID(_ kind: PluginKind) -> String {
    kind == .screening ? "\(track).\(snake)" : "\(track).\(snake)_\(kind.rawValue)"
  }

  /// Kept for the screening plugin's id, as earlier scaffolds named it.
  var pluginID: String { pluginID(.screening) }

  var files: [OutputFile] {
    var files = [
      OutputFile(name: "Package.swift", text: packageSwift),
      OutputFile(name: ".gitignore", text: ".build/\nPackage.resolved\n*.sqlite\nroadshow-out/\n"),
      OutputFile(name: "Sources/\(module)/\(module).swift", text: moduleSwift),
      OutputFile(name: "Sources/\(packageName)-roadshow/main.swift", text: mainSwift),
      OutputFile(name: "Tests/\(module)Tests/Support.swift", text: testSupportSwift),
      OutputFile(name: "Tests/\(module)Tests/SampleTests.swift", text: sampleTestSwift),
      OutputFile(name: "Samples/\(packageName).yaml", text: sampleYAML),
      OutputFile(name: "Samples/data/records.csv", text: sampleCSV),
      OutputFile(name: "README.md", text: readme),
    ]
    for kind in kinds {
      files.append(OutputFile(name: "Sources/\(module)/\(typeName(kind)).swift", text: pluginSwift(kind)))
      files.append(OutputFile(name: "Tests/\(module)Tests/\(typeName(kind))Tests.swift", text: testSwift(kind)))
    }
    return files
  }

  // MARK: Package

  var packageSwift: String {
    #"""
    // swift-tools-version: 6.1
    import PackageDescription

    // Roadshow, by a path relative to this folder: the two folders can move together. Use a URL
    // and a version here once you publish your fork.
    let roadshow = "\#(roadshowPath)"
    // SwiftPM names a package by its folder.
    let roadshowPackage = "\#(roadshowIdentity)"

    let package = Package(
      name: "\#(packageName)",
      platforms: [.macOS(.v14)],
      dependencies: [.package(path: roadshow)],
      targets: [
        // The plugins: they depend on the kernel only.
        .target(name: "\#(module)", dependencies: [.product(name: "RoadshowKernel", package: roadshowPackage)]),
        // A launcher with the Torch track and these plugins.
        .executableTarget(
          name: "\#(packageName)-roadshow",
          dependencies: [
            "\#(module)",
            .product(name: "RoadshowLauncher", package: roadshowPackage),
            .product(name: "TorchExpress", package: roadshowPackage),
          ]
        ),
        .testTarget(
          name: "\#(module)Tests",
          dependencies: [
            "\#(module)",
            .product(name: "RoadshowPluginTesting", package: roadshowPackage),
            .product(name: "RoadshowLauncher", package: roadshowPackage),
            .product(name: "TorchExpress", package: roadshowPackage),
          ]
        ),
      ]
    )

    """#
  }

  var moduleSwift: String {
    let plugins = kinds.map { kind -> String in
      let factory = kind == .followUp ? "followUp" : kind.rawValue
      return ".\(factory)(\(typeName(kind)).self)"
    }
    return #"""
      import RoadshowKernel

      /// The module to register in a launcher: `PluginRegistry(modules: [TorchExpress.module, \#(module).module])`.
      public enum \#(module) {
        /// The track of these plugins; configs enable it with `tracks: [..., \#(track)]`.
        public static let track = TrackDescription(
          id: "\#(track)", name: LocalizedText(zh: "本机构插件", en: "Local plugins"), source: "-")

        /// The plugins of this module.
        public static let module = PluginModule(
          track: track,
          plugins: [
            \#(plugins.joined(separator: ",\n      ")),
          ])
      }

      """#
  }

  var mainSwift: String {
    #"""
    import Foundation
    import RoadshowKernel
    import RoadshowLauncher
    import TorchExpress
    import \#(module)

    // The registry is built once, as a value: the Torch track plus this package's plugins.
    let registry: PluginRegistry
    do {
      registry = try PluginRegistry(modules: [TorchExpress.module, \#(module).module])
    } catch {
      FileHandle.standardError.write(Data("plugin registration failed: \(error)\n".utf8))
      exit(70)
    }
    await Launcher.main(registry: registry)

    """#
  }

  // MARK: Plugins

  func pluginSwift(_ kind: PluginKind) -> String {
    switch kind {
    case .intake: intakeSwift
    case .screening: screeningSwift
    case .coaching: coachingSwift
    case .event: eventSwift
    case .followUp: followUpSwift
    }
  }

  var intakeSwift: String {
    let type = typeName(.intake)
    return #"""
      import Foundation
      import RoadshowKernel

      /// Collects achievements from a CSV file with the columns 编号, 成果名称, 持有单位, 技术成熟度 and
      /// 保密审查 (confidentiality review: 已审查 cleared, 待审查 pending).
      /// Replace the columns, or the source, in `collect`; return one record per row, and the rows
      /// that could not be read in `skipped`.
      public struct \#(type): IntakeSource {
        public static let description = PluginDescription(
          id: "\#(pluginID(.intake))", kind: .intake, track: "\#(track)",
          summary: LocalizedText(zh: "从 CSV 文件征集成果（示例来源）", en: "Collects achievements from a CSV file (starter source)"),
          parameters: [
            ParameterSpec(
              "file", .file, required: true,
              doc: LocalizedText(
                zh: "CSV 文件，列：编号, 成果名称, 持有单位, 技术成熟度", en: "CSV file with the columns 编号, 成果名称, 持有单位, 技术成熟度")),
            ParameterSpec(
              "source", .text, default: "local",
              doc: LocalizedText(zh: "来源名称，记录编号的前缀", en: "source name, the prefix of record ids")),
            .encoding, .onBadRow,
          ],
          example: """
            - plugin: \#(pluginID(.intake))
              with:
                file: data/records.csv
            """)

        let parameters: ParameterValues
        let source: String

        public init(parameters: ParameterValues) throws {
          self.parameters = parameters
          source = parameters.string("source") ?? "local"
        }

        public func collect(in context: PipelineContext) async throws -> IntakeBatch {
          let table = try parameters.readCSV("file")
          func cell(_ row: CSVTable.Row, _ column: String) -> String? {
            guard let index = table.column(column), index < row.fields.count else { return nil }
            let text = row.fields[index].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
          }
          var records: [Achievement] = []
          var skipped = table.skippedRows
          for row in table.rows {
            guard let id = cell(row, "编号"), let title = cell(row, "成果名称") else {
              skipped.append(
                Diagnostic(
                  .badRow, at: SourceLocation(file: table.file, line: row.line, column: 1), keyPath: "",
                  message: LocalizedText(zh: "第 \(row.number) 行缺少编号或成果名称", en: "row \(row.number) has no id or title")))
              continue
            }
            records.append(
              Achievement(
                id: AchievementID(source: source, externalID: id), title: title, institution: cell(row, "持有单位"),
                readiness: cell(row, "技术成熟度").flatMap(TechnologyReadiness.init(text:)) ?? .unknown,
                confidentiality: cell(row, "保密审查").flatMap(Confidentiality.init(text:))))
          }
          return IntakeBatch(records: records, skipped: skipped, rowsRead: table.rows.count + table.malformed.count)
        }
      }

      """#
  }

  var screeningSwift: String {
    let type = typeName(.screening)
    return #"""
      import Foundation
      import RoadshowKernel

      /// Keeps records whose title names one of `keywords` and whose maturity reaches `min_trl`.
      /// Replace the rule in `screen` with your own; keep one decision, with its reason, per record.
      public struct \#(type): ScreeningPolicy {
        public static let description = PluginDescription(
          id: "\#(pluginID(.screening))", kind: .screening, track: "\#(track)",
          summary: LocalizedText(zh: "按关键词和技术成熟度筛选（示例规则）", en: "Screens by keywords and maturity (starter rule)"),
          parameters: [
            ParameterSpec(
              "keywords", .list(.text), required: true,
              doc: LocalizedText(zh: "标题须含其一的关键词", en: "the title must contain one of these")),
            ParameterSpec(
              "min_trl", .integer(1...9), default: "4",
              doc: LocalizedText(zh: "最低技术成熟度；未评估的记录保留并标注", en: "lowest TRL; unassessed records are kept and flagged")),
          ],
          example: """
            - plugin: \#(pluginID(.screening))
              with:
                keywords: [绿色, 节能]
                min_trl: 4
            """)

        let keywords: [String]
        let minimum: Int

        public init(parameters: ParameterValues) throws {
          keywords = parameters.strings("keywords").filter { !$0.isEmpty }
          minimum = parameters.int("min_trl") ?? 4
          if keywords.isEmpty {
            throw PluginSetupError([
              parameters.problem("keywords", LocalizedText(zh: "至少需要一个关键词", en: "give at least one keyword"))
            ])
          }
        }

        public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
          var passed: [Candidate] = []
          var decisions: [ScreeningDecision] = []
          for var candidate in candidates {
            let record = candidate.achievement
            guard let word = keywords.first(where: { record.title.contains($0) }) else {
              decisions.append(
                ScreeningDecision(
                  achievement: record.id, passed: false, rule: "keywords",
                  reason: LocalizedText(zh: "标题不含关键词", en: "the title has none of the keywords")))
              continue
            }
            if let level = record.readiness.value, level < minimum {
              decisions.append(
                ScreeningDecision(
                  achievement: record.id, passed: false, rule: "min_trl", score: Double(level),
                  reason: LocalizedText(zh: "TRL \(level) 低于 \(minimum)", en: "TRL \(level) is below \(minimum)")))
              continue
            }
            if record.readiness == .unknown {
              candidate.flags.append(LocalizedText(zh: "TRL未评估", en: "TRL unknown"))
            }
            passed.append(candidate)
            decisions.append(
              ScreeningDecision(
                achievement: record.id, passed: true, rule: "keywords",
                reason: LocalizedText(zh: "标题含关键词「\(word)」", en: "the title contains “\(word)”")))
          }
          return ScreeningResult(passed: passed, decisions: decisions)
        }
      }

      """#
  }

  var coachingSwift: String {
    let type = typeName(.coaching)
    return #"""
      import Foundation
      import RoadshowKernel

      /// A checklist per selected project (summary, maturity, intellectual property) and the
      /// coaching sessions to attend, written to `output` for the host's office.
      public struct \#(type): CoachingService {
        public static let description = PluginDescription(
          id: "\#(pluginID(.coaching))", kind: .coaching, track: "\#(track)",
          summary: LocalizedText(zh: "路演前的材料清单与辅导安排（示例）", en: "Material checklist and coaching sessions before the pitch (starter)"),
          parameters: [
            ParameterSpec(
              "sessions", .list(.text), default: "[商业计划书辅导, 路演演练]",
              doc: LocalizedText(zh: "每个项目参加的辅导场次", en: "the coaching sessions every project attends")),
            ParameterSpec(
              "output", .outputName, default: "coaching-checklist.md",
              doc: LocalizedText(zh: "写入的清单文件名", en: "the checklist file written")),
          ],
          example: """
            - plugin: \#(pluginID(.coaching))
              with:
                sessions: [商业计划书辅导, 路演演练]
            """)

        let sessions: [String]
        let output: String

        public init(parameters: ParameterValues) throws {
          sessions = parameters.strings("sessions")
          output = parameters.string("output") ?? "coaching-checklist.md"
        }

        public func coach(_ selected: [Candidate], in context: PipelineContext) async throws -> CoachingResult {
          let plans = selected.map { candidate in
            let record = candidate.achievement
            return CoachingPlan(
              achievement: record.id, title: record.title,
              items: [
                ChecklistItem(
                  key: "summary", title: LocalizedText(zh: "成果简介", en: "summary"), done: record.summary != nil,
                  advice: LocalizedText(zh: "补写三百字以内的简介", en: "write a summary of a few lines")),
                ChecklistItem(
                  key: "trl", title: LocalizedText(zh: "技术成熟度评价", en: "maturity assessment"),
                  done: record.readiness != .unknown,
                  advice: LocalizedText(zh: "请专家评定技术成熟度", en: "have experts assess the TRL")),
                ChecklistItem(
                  key: "ip", title: LocalizedText(zh: "知识产权清单", en: "IP list"),
                  done: !record.intellectualProperty.isEmpty,
                  advice: LocalizedText(zh: "列出专利和软件著作权", en: "list patents and software copyrights")),
              ],
              sessions: sessions)
          }
          let zh = context.locale == .zhCN
          var lines = [zh ? "# 路演辅导清单" : "# Coaching checklist", ""]
          for plan in plans {
            lines.append("## \(plan.title)")
            for item in plan.items {
              let mark = item.done ? "[x]" : "[ ]"
              lines.append("- \(mark) \(item.title(context.locale))")
            }
            lines.append((zh ? "- 辅导：" : "- Sessions: ") + plan.sessions.joined(separator: zh ? "、" : ", "))
            lines.append("")
          }
          return CoachingResult(plans: plans, artifacts: [OutputFile(name: output, text: lines.joined(separator: "\n"))])
        }
      }

      """#
  }

  var eventSwift: String {
    let type = typeName(.event)
    return #"""
      import Foundation
      import RoadshowKernel

      /// An online showcase of the selected projects, with a public catalogue. The catalogue is
      /// built only from what the publication gate released: records not yet cleared by
      /// confidentiality review are left out (and listed in the run's to-do).
      public struct \#(type): EventFormat {
        public static let description = PluginDescription(
          id: "\#(pluginID(.event))", kind: .event, track: "\#(track)",
          summary: LocalizedText(zh: "线上成果展示及公开目录（示例）", en: "Online showcase with a public catalogue (starter)"),
          parameters: [
            ParameterSpec(
              "title", .text, default: "线上成果展",
              doc: LocalizedText(zh: "活动名称", en: "the event's title")),
            ParameterSpec(
              "catalogue", .outputName, default: "online-showcase.csv",
              doc: LocalizedText(zh: "公开目录文件名", en: "the public catalogue written")),
          ],
          example: """
            - plugin: \#(pluginID(.event))
              with:
                title: 线上成果展
            """)

        let title: String
        let catalogue: String

        public init(parameters: ParameterValues) throws {
          title = parameters.string("title") ?? "线上成果展"
          catalogue = parameters.string("catalogue") ?? "online-showcase.csv"
        }

        public func plan(_ input: EventInput, in context: PipelineContext) async throws -> EventResult {
          let publication = context.gate.release(input.selected, to: .public)
          let zh = context.locale == .zhCN
          let header = zh ? ["编号", "成果名称", "技术成熟度"] : ["id", "title", "TRL"]
          let rows = publication.records.map { [$0.id.rawValue, $0.title, $0.readiness.value.map(String.init) ?? ""] }
          let event = RoadshowEvent(
            format: Self.description.id, title: title, date: context.eventDate, venue: zh ? "线上" : "online",
            online: true, achievements: publication.records.map(\.id))
          return EventResult(
            events: [event],
            artifacts: [
              OutputFile(name: catalogue, text: CSVWriter.text(header: header, rows: rows), publication: publication)
            ])
        }
      }

      """#
  }

  var followUpSwift: String {
    let type = typeName(.followUp)
    return #"""
      import Foundation
      import RoadshowKernel

      /// Tracks every pitched project: checkpoints after the event and a service chosen by
      /// maturity (proof of concept below `mature_trl`, financing from it).
      public struct \#(type): FollowUpService {
        public static let description = PluginDescription(
          id: "\#(pluginID(.followUp))", kind: .followUp, track: "\#(track)",
          summary: LocalizedText(zh: "路演后的回访节点与服务（示例）", en: "Checkpoints and services after the event (starter)"),
          parameters: [
            ParameterSpec(
              "months", .list(.integer(1...60)), default: "[3, 6, 12]",
              doc: LocalizedText(zh: "活动后第几个月回访", en: "months after the event to check in")),
            ParameterSpec(
              "mature_trl", .integer(1...9), default: "6",
              doc: LocalizedText(zh: "达到此成熟度的项目对接投融资，否则概念验证", en: "from this TRL: financing; below: proof of concept")),
          ],
          example: """
            - plugin: \#(pluginID(.followUp))
              with:
                months: [3, 6, 12]
            """)

        let months: [Int]
        let matureTRL: Int

        public init(parameters: ParameterValues) throws {
          months = parameters.strings("months").compactMap { Int($0) }
          matureTRL = parameters.int("mature_trl") ?? 6
        }

        public func plan(_ input: FollowUpInput, in context: PipelineContext) async throws -> FollowUpResult {
          let cases = input.pitched.map { candidate in
            let record = candidate.achievement
            let mature = (record.readiness.value ?? 0) >= matureTRL
            return FollowUpCase(
              achievement: record.id, title: record.title, services: [mature ? .financing : .proofOfConcept],
              milestones: Milestone.checkpoints(months, after: context.eventDate) { _, month in
                LocalizedText(zh: "第 \(month) 个月回访", en: "check-in after \(month) months")
              })
          }
          return FollowUpResult(
            cases: cases,
            indicators: [
              ProgressIndicator(
                name: LocalizedText(zh: "跟踪项目", en: "projects tracked"), value: Double(cases.count),
                unit: LocalizedText(zh: "个", en: "projects"))
            ])
        }
      }

      """#
  }

  // MARK: Tests

  var testSupportSwift: String {
    #"""
    import Foundation
    import RoadshowKernel
    import RoadshowLauncher
    import TorchExpress
    import \#(module)

    let samples = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Samples")

    /// The plugin's example entry read as its parameters, as the launcher would pass them.
    func exampleParameters(_ description: PluginDescription) throws -> ParameterValues {
      let document = try ConfigLoader.parse(description.example, file: samples.appendingPathComponent("example.yaml").path)
      let entry = document.root?.items?.first
      return ParameterValues(
        node: entry?["with"], specs: description.parameters, keyPath: "with", baseDirectory: samples,
        entryLocation: entry?.location ?? SourceLocation(file: "example.yaml", line: 1, column: 1))
    }

    func registry() throws -> PluginRegistry {
      try PluginRegistry(modules: [TorchExpress.module, \#(module).module])
    }

    """#
  }

  func testSwift(_ kind: PluginKind) -> String {
    let type = typeName(kind)
    let common = #"""
      import Foundation
      import RoadshowKernel
      import RoadshowPluginTesting
      import Testing
      import \#(module)

      """#
    switch kind {
    case .screening:
      return common + #"""

        @Suite struct \#(type)Tests {
          /// The conformance kit: description, example, parameters, contract, reasons, determinism.
          @Test func conforms() async {
            await ScreeningPolicyConformance.expectConforms(\#(type).self, samplesDirectory: samples)
          }

          @Test func keepsRecordsWithAKeywordAndEnoughMaturity() async throws {
            let parameters = try exampleParameters(\#(type).description)
            let policy = try \#(type)(parameters: parameters)
            #expect(parameters.undeclaredReads.isEmpty)
            let candidates = [
              Candidate(achievement: Achievement(id: AchievementID("t:1"), title: "绿色建材", readiness: .level(6))),
              Candidate(achievement: Achievement(id: AchievementID("t:2"), title: "节能电机", readiness: .level(2))),
              Candidate(achievement: Achievement(id: AchievementID("t:3"), title: "量子通信", readiness: .level(8))),
            ]
            let result = try await policy.screen(candidates, in: PipelineContext())
            #expect(result.passed.map(\.id.rawValue) == ["t:1"])
            #expect(result.decisions.map(\.rule) == ["keywords", "min_trl", "keywords"])
          }
        }

        """#
    case .intake:
      return common + #"""

        @Suite struct \#(type)Tests {
          @Test func readsOneRecordPerRowOfTheSampleFile() async throws {
            let parameters = try exampleParameters(\#(type).description)
            let intake = try \#(type)(parameters: parameters)
            #expect(parameters.undeclaredReads.isEmpty)
            let batch = try await intake.collect(in: PipelineContext())
            #expect(batch.records.count == 4)
            #expect(batch.records.first?.id.rawValue == "local:S1")
            #expect(batch.records.first?.readiness == .level(6))
            #expect(batch.records.last?.readiness == .unknown)
            #expect(batch.skipped.isEmpty)
          }
        }

        """#
    case .coaching:
      return common + #"""

        @Suite struct \#(type)Tests {
          @Test func listsWhatEachProjectStillMisses() async throws {
            let parameters = try exampleParameters(\#(type).description)
            let coaching = try \#(type)(parameters: parameters)
            #expect(parameters.undeclaredReads.isEmpty)
            let selected = [
              Candidate(achievement: Achievement(id: AchievementID("t:1"), title: "绿色建材", readiness: .level(6))),
              Candidate(achievement: Achievement(id: AchievementID("t:2"), title: "节能电机", summary: "简介")),
            ]
            let result = try await coaching.coach(selected, in: PipelineContext())
            #expect(result.plans.map { $0.missing.map(\.key) } == [["summary", "ip"], ["trl", "ip"]])
            #expect(result.plans.first?.sessions == ["商业计划书辅导", "路演演练"])
            #expect(result.artifacts.map(\.name) == ["coaching-checklist.md"])
          }
        }

        """#
    case .event:
      return common + #"""

        @Suite struct \#(type)Tests {
          @Test func showsOnlyClearedRecordsInThePublicCatalogue() async throws {
            let parameters = try exampleParameters(\#(type).description)
            let event = try \#(type)(parameters: parameters)
            #expect(parameters.undeclaredReads.isEmpty)
            let records = [
              Achievement(id: AchievementID("t:1"), title: "绿色建材", confidentiality: .cleared),
              Achievement(id: AchievementID("t:2"), title: "保密技术", confidentiality: .pending),
            ]
            let input = EventInput(selected: records.map { Candidate(achievement: $0) }, funnel: [])
            let result = try await event.plan(input, in: PipelineContext())
            #expect(result.events.first?.achievements.map(\.rawValue) == ["t:1"])
            // The conformance kit's publication check, for a plugin of any kind.
            #expect(PublicationConformance.failures(in: result.artifacts, records: records).isEmpty)
          }
        }

        """#
    case .followUp:
      return common + #"""

        @Suite struct \#(type)Tests {
          @Test func plansCheckpointsAndAServiceByMaturity() async throws {
            let parameters = try exampleParameters(\#(type).description)
            let followUp = try \#(type)(parameters: parameters)
            #expect(parameters.undeclaredReads.isEmpty)
            let pitched = [
              Candidate(achievement: Achievement(id: AchievementID("t:1"), title: "绿色建材", readiness: .level(7))),
              Candidate(achievement: Achievement(id: AchievementID("t:2"), title: "节能电机", readiness: .level(3))),
            ]
            var context = PipelineContext()
            context.eventDate = "2024-10-15"
            let result = try await followUp.plan(FollowUpInput(pitched: pitched, events: [], library: []), in: context)
            #expect(result.cases.map(\.services) == [[.financing], [.proofOfConcept]])
            #expect(result.cases.first?.milestones.map(\.due) == ["2025-01-15", "2025-04-15", "2025-10-15"])
          }
        }

        """#
    }
  }

  var sampleTestSwift: String {
    #"""
    import Foundation
    import RoadshowKernel
    import RoadshowLauncher
    import Testing

    @Suite struct SampleTests {
      /// The sample config validates and runs every plugin of this package end to end.
      @Test func theSampleConfigRuns() async throws {
        let config = try ConfigLoader.load(
          path: samples.appendingPathComponent("\#(packageName).yaml").path, registry: try registry())
        let outcome = try await PipelineRunner().run(config, library: InMemoryLibrary())
        #expect(outcome.record.status == "succeeded")
        #expect(!outcome.funnel.isEmpty)
      }
    }

    """#
  }

  // MARK: Sample

  var sampleYAML: String {
    func entry(_ kind: PluginKind, _ with: String) -> String {
      "  - plugin: \(pluginID(kind))\n" + (with.isEmpty ? "" : "    with:\n" + with)
    }
    var lines = [
      "# A sample run of this package's plugins. Run: swift run \(packageName)-roadshow run Samples/\(packageName).yaml",
      "programme: {name: \(packageName) 插件示例, year: 2024}",
      "locale: zh-CN",
      "tracks: [torch, \(track)]",
      "event_date: 2024-10-15",
      "host: {name: 示例承办单位, venue: 示例会场}",
      "intake:",
    ]
    if kinds.contains(.intake) {
      lines.append(entry(.intake, "      file: data/records.csv\n"))
    } else {
      lines.append(
        """
          - plugin: torch.csv_intake
            with:
              file: data/records.csv
              source: local
              columns: {id: 编号, title: 成果名称, institution: 持有单位, trl: 技术成熟度, confidentiality: 保密审查}
        """)
    }
    lines.append("screening:")
    if kinds.contains(.screening) {
      lines.append(entry(.screening, "      keywords: [绿色, 节能]\n      min_trl: 4\n"))
    } else {
      lines.append("  - plugin: torch.trl_threshold\n    with: {min_trl: 4}\n")
    }
    if kinds.contains(.coaching) {
      lines.append("coaching:\n" + entry(.coaching, "      sessions: [商业计划书辅导, 路演演练]\n"))
    }
    if kinds.contains(.event) { lines.append("event:\n" + entry(.event, "      title: 线上成果展\n")) }
    if kinds.contains(.followUp) { lines.append("follow_up:\n" + entry(.followUp, "      months: [3, 6, 12]\n")) }
    return lines.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }.joined(separator: "\n") + "\n"
  }

  var sampleCSV: String {
    """
    编号,成果名称,持有单位,技术成熟度,保密审查
    S1,绿色低碳建筑材料,示例大学,6,已审查
    S2,高效节能电机,示例研究院,3,已审查
    S3,量子通信网络,示例大学,7,已审查
    S4,节能型数据中心冷却系统,示例企业,,已审查

    """
  }

  var readme: String {
    let kindList = kinds.map { "\($0.name(.en)) (`\(pluginID($0))`, `Sources/\(module)/\(typeName($0)).swift`)" }
    return """
      # \(packageName): Roadshow plugins

      Created by `roadshow new plugin --name \(name)` with \(kinds.map { "`--kind \($0.rawValue)`" }.joined(separator: " ")).

      - plugins: \(kindList.joined(separator: "; "))
      - `Sources/\(module)/\(module).swift`: the module (track `\(track)`) that lists them.
      - `Sources/\(packageName)-roadshow/main.swift`: a `roadshow` launcher that registers it next to the Torch track.
      - `Tests/\(module)Tests`: a test per plugin (the conformance kit for screening) and a run of the sample.
      - `Samples/\(packageName).yaml`: a config that runs them.

      ```sh
      swift test
      swift run \(packageName)-roadshow run Samples/\(packageName).yaml
      swift run \(packageName)-roadshow plugins --track \(track)
      ```

      `Package.swift` names Roadshow by a path relative to this folder (`\(roadshowPath)`): move the
      two folders together, or change the path (or use a URL) when you move one.

      The guide: docs/custom-screening.md in the Roadshow repository.

      """
  }
}
