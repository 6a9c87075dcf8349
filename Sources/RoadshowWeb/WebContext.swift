import Hummingbird
import NIOCore

/// The request context of the platform's routes: the core context and the peer's address
/// (which keys the login rate limit).
public struct WebContext: RequestContext {
  /// Hummingbird's storage.
  public var coreContext: CoreRequestContextStorage
  /// The peer's address, when the connection has one.
  public let remoteAddress: SocketAddress?

  /// A context for a request arriving on `source`'s channel.
  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress
  }
}
