import AgriParksCounties
import CustomScreening
import EastWestPairing
import EnterpriseInnovation
import ExampleScreening
import NationalProgramme
import RoadshowKernel
import TorchExpress
import UniversitySpinoff

/// The track modules linked into the `roadshow` launcher, in the order `roadshow plugins` lists
/// them. This is the one place a module is added; `main` builds the registry from it.
public enum LinkedModules {
  /// Every linked module.
  public static let all: [PluginModule] = [
    TorchExpress.module,
    UniversitySpinoff.module,
    AgriParksCounties.module,
    EastWestPairing.module,
    NationalProgramme.module,
    EnterpriseInnovation.module,
    CustomScreening.module,
    ExampleScreening.module,
  ]
}
