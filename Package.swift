// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Roadshow",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "RoadshowKernel", targets: ["RoadshowKernel"]),
    .library(name: "RoadshowLauncher", targets: ["RoadshowLauncher"]),
    .library(name: "TorchExpress", targets: ["TorchExpress"]),
    .library(name: "UniversitySpinoff", targets: ["UniversitySpinoff"]),
    .library(name: "AgriParksCounties", targets: ["AgriParksCounties"]),
    .library(name: "EastWestPairing", targets: ["EastWestPairing"]),
    .library(name: "NationalProgramme", targets: ["NationalProgramme"]),
    .library(name: "EnterpriseInnovation", targets: ["EnterpriseInnovation"]),
    .library(name: "ReformPilots", targets: ["ReformPilots"]),
    .library(name: "CustomScreening", targets: ["CustomScreening"]),
    // The conformance kit plugin authors add to their tests.
    .library(name: "RoadshowPluginTesting", targets: ["RoadshowPluginTesting"]),
    .executable(name: "roadshow", targets: ["roadshow"]),
    .executable(name: "roadshow-web", targets: ["roadshow-web"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    // `swift package generate-documentation`: the DocC reference (RoadshowKernel.docc).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    // The work platform's server (RoadshowWeb, roadshow-web) only: the CLI's targets never link these.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    // The PostgreSQL store (RoadshowPostgres) for many hosts on one platform: the web's targets only.
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    // SHA-256 of session tokens (the web's targets only; hummingbird-auth already depends on it).
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
  ],
  targets: [
    // The API every plugin author builds against: Foundation only.
    .target(name: "RoadshowKernel"),
    // The embedded project library (项目库): SQLite through GRDB.
    .target(
      name: "RoadshowStore",
      dependencies: [
        "RoadshowKernel", "RoadshowServices", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // Domain services: the use cases over the programme ledger that the CLI and the web share.
    .target(name: "RoadshowServices", dependencies: ["RoadshowKernel", "RoadshowMatching"]),
    // Config loading, output writing and the command-line interface.
    .target(
      name: "RoadshowLauncher",
      dependencies: [
        "RoadshowKernel", "RoadshowStore", "RoadshowMatching", "RoadshowServices",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    // Supply–demand matching and one-to-one meeting scheduling engines (Foundation and the kernel's CSV reader).
    .target(name: "RoadshowMatching", dependencies: ["RoadshowKernel"]),
    // Track modules: each depends on the kernel only.
    // Track modules depend on the kernel (and may use the Foundation-only engines), never on each other.
    .target(name: "TorchExpress", dependencies: ["RoadshowKernel", "RoadshowMatching"], path: "Plugins/TorchExpress"),
    .target(name: "UniversitySpinoff", dependencies: ["RoadshowKernel"], path: "Plugins/UniversitySpinoff"),
    .target(name: "AgriParksCounties", dependencies: ["RoadshowKernel"], path: "Plugins/AgriParksCounties"),
    .target(name: "EastWestPairing", dependencies: ["RoadshowKernel"], path: "Plugins/EastWestPairing"),
    .target(name: "NationalProgramme", dependencies: ["RoadshowKernel"], path: "Plugins/NationalProgramme"),
    .target(
      name: "EnterpriseInnovation", dependencies: ["RoadshowKernel", "RoadshowMatching"], path: "Plugins/EnterpriseInnovation"),
    .target(name: "ReformPilots", dependencies: ["RoadshowKernel"], path: "Plugins/ReformPilots"),
    // No-code and out-of-process screening policies: declarative rules and external commands.
    .target(name: "CustomScreening", dependencies: ["RoadshowKernel"], path: "Plugins/CustomScreening"),
    // The worked example of a screening plugin written in Swift (docs/custom-screening.md): a sample,
    // not part of the product; it runs with a launcher of its own (`swift run roadshow-example`).
    .target(
      name: "ExampleScreening", dependencies: ["RoadshowKernel"], path: "Samples/custom-screening/swift-plugin/ExampleScreening"),
    .executableTarget(
      name: "roadshow-example", dependencies: ["RoadshowLauncher", "RoadshowPlugins", "ExampleScreening"],
      path: "Samples/custom-screening/swift-plugin/roadshow-example"),
    .target(name: "RoadshowPluginTesting", dependencies: ["RoadshowKernel", "RoadshowLauncher"]),
    // The programme ledger's conformance suite, for every store (SQLite, PostgreSQL).
    .target(name: "RoadshowLedgerTesting", dependencies: ["RoadshowKernel"]),
    // The launcher executable: composes the registry from the linked track modules.
    // The track modules the launcher links: the one list of them.
    .target(
      name: "RoadshowPlugins",
      dependencies: [
        "RoadshowKernel", "TorchExpress", "UniversitySpinoff", "AgriParksCounties", "EastWestPairing",
        "NationalProgramme", "EnterpriseInnovation", "ReformPilots", "CustomScreening",
      ]
    ),
    .executableTarget(name: "roadshow", dependencies: ["RoadshowLauncher", "RoadshowPlugins"]),
    // The programme ledger on PostgreSQL, for many hosts sharing one database (every row scoped to
    // its host). Linked by the web platform and its tests only, never by the CLI's targets.
    .target(
      name: "RoadshowPostgres",
      dependencies: [
        "RoadshowKernel", "RoadshowServices",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The work platform (工作平台): a Hummingbird server over the same library and use cases as the CLI.
    .target(
      name: "RoadshowWeb",
      dependencies: [
        "RoadshowKernel", "RoadshowStore", "RoadshowServices", "RoadshowPostgres",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // `roadshow-web serve|users`: the platform's executable (`roadshow serve` hands over to it).
    .executableTarget(
      name: "roadshow-web",
      dependencies: [
        "RoadshowWeb", "RoadshowLauncher", "RoadshowPlugins", "RoadshowPostgres",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmarks: ours against the Python peers in ../shared/bench (see README).
    // `config-fuzz` runs the config fuzzer (ConfigFuzz) against every linked plugin.
    .executableTarget(
      name: "roadshow-bench",
      dependencies: ["RoadshowMatching", "RoadshowLauncher", "RoadshowPlugins", "RoadshowKernel", "TorchExpress"]
    ),
    .testTarget(name: "RoadshowKernelTests", dependencies: ["RoadshowKernel"], exclude: ["Fixtures"]),
    .testTarget(
      name: "RoadshowStoreTests",
      dependencies: [
        "RoadshowStore", "RoadshowKernel", "RoadshowLedgerTesting", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    // The PostgreSQL store against a live server (ROADSHOW_POSTGRES_URL; .ci/postgres.sh starts one).
    .testTarget(
      name: "RoadshowPostgresTests",
      dependencies: [
        "RoadshowPostgres", "RoadshowKernel", "RoadshowServices", "RoadshowLedgerTesting", "RoadshowLauncher",
        "RoadshowPlugins",
      ]
    ),
    .testTarget(name: "RoadshowServicesTests", dependencies: ["RoadshowServices", "RoadshowKernel"]),
    .testTarget(name: "RoadshowMatchingTests", dependencies: ["RoadshowMatching"]),
    .testTarget(
      name: "RoadshowWebTests",
      dependencies: [
        "RoadshowWeb", "RoadshowStore", "RoadshowServices", "RoadshowKernel", "RoadshowPostgres",
        .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
      ],
      exclude: ["Browser"]
    ),
    .testTarget(name: "TorchExpressTests", dependencies: ["TorchExpress", "RoadshowKernel", "RoadshowLauncher"]),
    // Runs every sample config under Samples/ through the launcher.
    .testTarget(
      name: "SamplesTests",
      dependencies: [
        "RoadshowLauncher", "RoadshowPlugins", "RoadshowKernel", "RoadshowStore", "RoadshowServices",
        "ExampleScreening",
      ]),
    .testTarget(
      name: "CustomScreeningTests",
      dependencies: [
        "CustomScreening", "ExampleScreening", "RoadshowPluginTesting", "TorchExpress", "RoadshowKernel",
        "RoadshowLauncher",
      ]
    ),
    .testTarget(
      name: "UniversitySpinoffTests",
      dependencies: ["UniversitySpinoff", "TorchExpress", "RoadshowKernel", "RoadshowLauncher"]
    ),
    .testTarget(
      name: "AgriParksCountiesTests",
      dependencies: ["AgriParksCounties", "EastWestPairing", "TorchExpress", "RoadshowKernel", "RoadshowLauncher"]
    ),
    .testTarget(
      name: "EnterpriseInnovationTests",
      dependencies: ["EnterpriseInnovation", "TorchExpress", "RoadshowKernel", "RoadshowLauncher"]
    ),
    .testTarget(
      name: "ReformPilotsTests",
      dependencies: ["ReformPilots", "TorchExpress", "RoadshowKernel", "RoadshowLauncher", "RoadshowPlugins"]
    ),
    .testTarget(
      name: "NationalProgrammeTests",
      dependencies: ["NationalProgramme", "TorchExpress", "RoadshowKernel", "RoadshowLauncher"]
    ),
    .testTarget(
      name: "EastWestPairingTests",
      dependencies: ["EastWestPairing", "TorchExpress", "RoadshowKernel", "RoadshowLauncher"]
    ),
    // The conformance kit's own tests (the YAML helper).
    .testTarget(
      name: "RoadshowPluginTestingTests",
      dependencies: ["RoadshowPluginTesting", "RoadshowKernel", "ExampleScreening"]
    ),
    // The code of the DocC articles (Sources/RoadshowKernel/RoadshowKernel.docc), compiled and run;
    // a test checks that every Swift listing in the articles is copied verbatim from here.
    .testTarget(
      name: "DocumentationTests",
      dependencies: ["RoadshowPluginTesting", "RoadshowKernel", "RoadshowLauncher", "TorchExpress", "CustomScreening"]
    ),
    .testTarget(
      name: "RoadshowLauncherTests",
      dependencies: [
        "RoadshowLauncher", "RoadshowKernel", "RoadshowStore", "RoadshowMatching", "TorchExpress", "RoadshowPlugins",
      ],
      exclude: ["Fixtures"]
    ),
  ]
)
