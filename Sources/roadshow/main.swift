import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins

// The registry is built once, here, as a value, from the linked modules (Sources/RoadshowPlugins).
let registry: PluginRegistry
do {
  registry = try PluginRegistry(modules: LinkedModules.all)
} catch {
  FileHandle.standardError.write(Data("roadshow: plugin registration failed: \(error)\n".utf8))
  exit(70)  // EX_SOFTWARE: a launcher built with conflicting plugins
}
await Launcher.main(registry: registry)
