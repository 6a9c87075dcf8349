import Foundation
import GRDB
import RoadshowKernel

/// One recorded run, as `roadshow runs` lists it.
public struct RunSummary: Sendable {
  /// Run id (`20240601T093000Z-1a2b3c4d`).
  public var id: String
  /// `succeeded` or `failed`.
  public var status: String
  /// Start, ISO 8601.
  public var startedAt: String
  /// End, ISO 8601.
  public var finishedAt: String
  /// The config file as the user named it.
  public var configFile: String
  /// Programme name, when the stored record can be read.
  public var programme: String?
  /// Host name, when the stored record can be read.
  public var host: String?
  /// Why it failed.
  public var error: String?
  /// Library size after intake.
  public var libraryAfter: Int?
  /// The funnel's counts, stage by stage.
  public var funnel: [RunRecord.FunnelCount]
  /// How many projects were chosen to pitch.
  public var selectedCount: Int?
  /// How many decisions are kept for the run.
  public var decisionCount: Int
  /// The full stored record, when it can be read.
  public var record: RunRecord?

  init(row: Row) {
    id = row["id"]
    status = row["status"]
    startedAt = row["started_at"]
    finishedAt = row["finished_at"]
    configFile = row["config_file"]
    decisionCount = row["decision_count"]
    let json: String = row["record_json"]
    let record = try? JSONDecoder().decode(RunRecord.self, from: Data(json.utf8))
    self.record = record
    programme = record?.programme.name
    host = record?.host
    error = record?.error
    libraryAfter = record?.libraryAfter
    funnel = record?.funnel ?? []
    selectedCount = record.map { $0.selected.count }
  }
}
