import Foundation

/// A built plugin of any kind.
public enum AnyPlugin: Sendable {
  /// An intake source (征集).
  case intake(any IntakeSource)
  /// A screening policy (筛选).
  case screening(any ScreeningPolicy)
  /// A coaching service (辅导培训).
  case coaching(any CoachingService)
  /// An event format (路演对接).
  case event(any EventFormat)
  /// A follow-up service (跟踪服务).
  case followUp(any FollowUpService)
}

/// How to build one plugin: its description and its constructor.
public struct PluginFactory: Sendable {
  /// What the plugin says about itself.
  public let description: PluginDescription
  let make: @Sendable (ParameterValues) throws -> AnyPlugin

  /// Registers an intake source.
  public static func intake<P: IntakeSource>(_ type: P.Type) -> PluginFactory {
    PluginFactory(description: checked(P.description, .intake)) { .intake(try P(parameters: $0)) }
  }

  /// Registers a screening policy.
  public static func screening<P: ScreeningPolicy>(_ type: P.Type) -> PluginFactory {
    PluginFactory(description: checked(P.description, .screening)) { .screening(try P(parameters: $0)) }
  }

  /// Registers a coaching service.
  public static func coaching<P: CoachingService>(_ type: P.Type) -> PluginFactory {
    PluginFactory(description: checked(P.description, .coaching)) { .coaching(try P(parameters: $0)) }
  }

  /// Registers an event format.
  public static func event<P: EventFormat>(_ type: P.Type) -> PluginFactory {
    PluginFactory(description: checked(P.description, .event)) { .event(try P(parameters: $0)) }
  }

  /// Registers a follow-up service.
  public static func followUp<P: FollowUpService>(_ type: P.Type) -> PluginFactory {
    PluginFactory(description: checked(P.description, .followUp)) { .followUp(try P(parameters: $0)) }
  }

  /// Builds the plugin from validated parameters. A plugin that read a parameter it does not
  /// declare is refused with a ``PluginSetupError`` naming the name and the nearest declared one
  /// (see ``ParameterValues/undeclaredReads``), together with any problem it reported itself.
  public func build(_ parameters: ParameterValues) throws -> AnyPlugin {
    let plugin: AnyPlugin
    do {
      plugin = try make(parameters)
    } catch let error as PluginSetupError {
      throw PluginSetupError(error.diagnostics + undeclared(parameters))
    }
    let problems = undeclared(parameters)
    if !problems.isEmpty { throw PluginSetupError(problems) }
    return plugin
  }

  private func undeclared(_ parameters: ParameterValues) -> [Diagnostic] {
    parameters.undeclaredReads.map { $0.diagnostic(plugin: description.id) }
  }

  private static func checked(_ description: PluginDescription, _ kind: PluginKind) -> PluginDescription {
    var description = description
    description.kind = kind  // the protocol decides the kind; the description cannot contradict it
    return description
  }
}

/// What a track module exports: its track and its plugins. One line in `main` registers it.
public struct PluginModule: Sendable {
  /// The track.
  public var track: TrackDescription
  /// Its plugins.
  public var plugins: [PluginFactory]

  /// Creates a module.
  public init(track: TrackDescription, plugins: [PluginFactory]) {
    self.track = track
    self.plugins = plugins
  }
}

/// A registration problem, found when the registry is built at launch.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Two plugins share an id.
  case duplicatePlugin(String)
  /// Two modules declare the same track.
  case duplicateTrack(String)
  /// A plugin declares a track other than its module's.
  case trackMismatch(plugin: String, declared: String, module: String)

  public var description: String {
    switch self {
    case .duplicatePlugin(let id): "two plugins are registered with the id `\(id)`"
    case .duplicateTrack(let id): "two modules declare the track `\(id)`"
    case .trackMismatch(let plugin, let declared, let module):
      "plugin `\(plugin)` declares track `\(declared)` but is registered by module `\(module)`"
    }
  }
}

/// All plugins linked into this launcher, built once in `main` and passed down as a value.
public struct PluginRegistry: Sendable {
  /// The tracks, in registration order.
  public let tracks: [TrackDescription]
  private let factories: [String: PluginFactory]
  private let order: [String]

  /// Builds the registry from modules; refuses duplicates.
  public init(modules: [PluginModule]) throws(RegistryError) {
    var tracks: [TrackDescription] = []
    var factories: [String: PluginFactory] = [:]
    var order: [String] = []
    for module in modules {
      if tracks.contains(where: { $0.id == module.track.id }) {
        throw .duplicateTrack(module.track.id)
      }
      tracks.append(module.track)
      for factory in module.plugins {
        let id = factory.description.id
        guard factories[id] == nil else { throw .duplicatePlugin(id) }
        guard factory.description.track == module.track.id else {
          throw .trackMismatch(plugin: id, declared: factory.description.track, module: module.track.id)
        }
        factories[id] = factory
        order.append(id)
      }
    }
    self.tracks = tracks
    self.factories = factories
    self.order = order
  }

  /// The factory for `id`.
  public func factory(_ id: String) -> PluginFactory? { factories[id] }

  /// Every plugin's description, in registration order, optionally of one kind.
  public func descriptions(kind: PluginKind? = nil) -> [PluginDescription] {
    order.compactMap { factories[$0]?.description }.filter { kind == nil || $0.kind == kind }
  }

  /// The track with `id`.
  public func track(_ id: String) -> TrackDescription? { tracks.first(where: { $0.id == id }) }
}
