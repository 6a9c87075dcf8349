import ExampleScreening
import Foundation
import RoadshowKernel
import RoadshowLauncher
import RoadshowPlugins

// The worked example of docs/custom-screening.md ("Way 1"): a launcher of your own that
// registers your module next to the shipped ones. The shipped `roadshow` does not link it.
//
//   swift run roadshow-example run Samples/custom-screening/swift-plugin.yaml
let registry: PluginRegistry
do {
  registry = try PluginRegistry(modules: LinkedModules.all + [ExampleScreening.module])
} catch {
  FileHandle.standardError.write(Data("plugin registration failed: \(error)\n".utf8))
  exit(70)
}
await Launcher.main(registry: registry)
