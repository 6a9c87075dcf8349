import Foundation
import RoadshowKernel

/// A record for the examples.
func record(
  _ id: String, _ title: String, trl: Int? = nil, institution: String? = nil, summary: String? = nil,
  ip: [String] = [], confidentiality: Confidentiality = .cleared
) -> Candidate {
  Candidate(
    achievement: Achievement(
      id: AchievementID(source: "doc", externalID: id), title: title, summary: summary, institution: institution,
      readiness: trl.flatMap(TechnologyReadiness.init(level:)) ?? .unknown, intellectualProperty: ip,
      confidentiality: confidentiality))
}

/// The repository's `Samples/` folder: the examples' relative paths are resolved against it.
let samples = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Samples")

/// The articles' folders, whose Swift listings must be copied from this target.
let catalogues = [
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/RoadshowKernel/RoadshowKernel.docc"),
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/RoadshowPluginTesting/RoadshowPluginTesting.docc"),
]
