import RoadshowKernel

/// The university spin-off track (高校成果赋能创业行动, seed 002 §二（二）): technology-transfer
/// offices authorised to negotiate, researchers holding rights in their achievements, training
/// camps (科创训练营) with mentors, a demo day for angel investors and guidance-fund sub-funds, and
/// follow-up of the companies and jobs created, against the targets of more than 10,000
/// companies and 200,000 jobs by the end of 2025.
public enum UniversitySpinoff {
  /// The track.
  public static let track = TrackDescription(
    id: "university", name: LocalizedText(zh: "高校成果赋能创业行动", en: "University achievements empowering start-ups"),
    source: "002 §二（二）")

  /// The module to register in the launcher:
  /// `PluginRegistry(modules: [TorchExpress.module, UniversitySpinoff.module])`.
  public static let module = PluginModule(
    track: track,
    plugins: [
      .intake(TechTransferOfficeIntake.self),
      .intake(SelfRecommendationIntake.self),
      .screening(SpinoffReadiness.self),
      .screening(CampAdmission.self),
      .coaching(CampCurriculum.self),
      .event(CampDemoDay.self),
      .followUp(SpinoffTracking.self),
    ])
}
