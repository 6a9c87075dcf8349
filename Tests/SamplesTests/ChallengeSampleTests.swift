import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins
import RoadshowStore
import Testing

/// The 揭榜 sample as a host runs it over time: the challenges reviewed and announced, a winner's
/// contract recorded in the ledger with `roadshow followup import`, and the next run of the
/// programme counting it.
@Suite struct ChallengeSampleTests {
  @Test func aWinnersContractRecordedInTheLedgerIsFollowedUpByTheNextRun() async throws {
    let registry = try PluginRegistry(modules: LinkedModules.all)
    let out = Captured()
    let err = Captured()
    let context = LauncherContext(registry: registry, console: Console(out: out.append, err: err.append))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "roadshow-challenge-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let library = folder.appendingPathComponent("library.sqlite").path
    let config = repository.appendingPathComponent("Samples/enterprise-demand/challenges.yaml").path
    func run(_ index: Int) async -> Int32 {
      await Launcher.run(
        arguments: [
          "run", config, "--out", folder.appendingPathComponent("out\(index)").path, "--db", library, "--quiet",
        ],
        context: context)
    }
    #expect(await run(1) == 0, "\(err.text)")
    let review = try CSVTable.read(folder.appendingPathComponent("out1/challenge-review.csv"))
    let winners = review.rows.filter { $0.cell(11) == "揭榜" }.map { $0.cell(2) }
    #expect(winners.count == 4, "one winner for each of the four published challenges")
    #expect(
      !review.rows.contains { ["bids:B06", "bids:B11"].contains($0.cell(2)) },
      "late and unpublished bids do not compete")
    let first = try #require(winners.first)

    let milestones = folder.appendingPathComponent("contracts.csv")
    try """
    编号,节点,日期,金额（万元）,对方,登记号
    \(first),签约,2025-06-30,650,示例能源集团有限公司（示例央企）,
    \(first),合同登记,2025-07-10,,,1101082025000123（示例）

    """.write(to: milestones, atomically: true, encoding: .utf8)
    #expect(
      await Launcher.run(
        arguments: ["followup", "import", milestones.path, "--by", "跟踪专员", "--db", library], context: context) == 0,
      "\(err.text)")
    #expect(await run(2) == 0, "\(err.text)")
    let contracts = try String(
      contentsOf: folder.appendingPathComponent("out2/challenge-contracts.md"), encoding: .utf8)
    #expect(contracts.contains("揭榜项目 4 个，已签约 1 个（合同金额合计 650 万元）"), "\(contracts)")
    #expect(contracts.contains("| 2025-06-30 | 2025-07-10 | — | — | 650 |"))
    let record = try JSONDecoder().decode(
      RunRecord.self, from: Data(contentsOf: folder.appendingPathComponent("out2/run.json")))
    let signed = record.indicators.first { $0.name.en == "Winning bids with a signed contract" }
    #expect(signed?.value == 1 && signed?.target == 4)
  }
}
