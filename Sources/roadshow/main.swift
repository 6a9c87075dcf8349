import CustomScreening
import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import TorchExpress
import UniversitySpinoff

// The registry is built once, here, as a value; every linked track module is one line.
let registry: PluginRegistry
do {
  registry = try PluginRegistry(modules: [
    TorchExpress.module,
    UniversitySpinoff.module,
    CustomScreening.module,
    ExampleScreening.module,
  ])
} catch {
  FileHandle.standardError.write(Data("roadshow: plugin registration failed: \(error)\n".utf8))
  exit(70)  // EX_SOFTWARE: a launcher built with conflicting plugins
}
await Launcher.main(registry: registry)
