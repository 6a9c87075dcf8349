import AgriParksCounties
import CustomScreening
import EastWestPairing
import EnterpriseInnovation
import NationalProgramme
import ReformPilots
import RoadshowKernel
import TorchExpress
import UniversitySpinoff

/// The track modules linked into the `roadshow` launcher, in the order `roadshow plugins` lists
/// them. This is the one place a module is added; `main` builds the registry from it. Samples and
/// examples are not listed: the worked Swift plugin of docs/custom-screening.md
/// (`Samples/custom-screening/swift-plugin`) registers itself in a launcher of its own.
public enum LinkedModules {
  /// Every linked module.
  public static let all: [PluginModule] = [
    TorchExpress.module,
    UniversitySpinoff.module,
    AgriParksCounties.module,
    EastWestPairing.module,
    NationalProgramme.module,
    EnterpriseInnovation.module,
    ReformPilots.module,
    CustomScreening.module,
  ]
}
