import Foundation
import RoadshowPostgres
import Testing

/// `sslmode` and `sslrootcert` in the URL, as libpq reads them: refused when unknown or when the
/// trusted roots cannot be read, without a server.
struct PostgresTLSOptionTests {
  @Test func anUnknownSSLModeIsRefusedNamingTheModesThereAre() async {
    await #expect {
      _ = try await PostgresPool.open(url: "postgres://roadshow@127.0.0.1:1/roadshow?sslmode=verify_full")
    } throws: { error in
      guard case .unsupported(let option) = error as? PostgresStoreError else { return false }
      return option.contains("sslmode=verify_full") && option.contains("verify-full")
        && option.contains("require")
    }
  }

  @Test func unreadableTrustedRootsAreReportedBeforeConnecting() async {
    await #expect {
      _ = try await PostgresPool.open(
        url: "postgres://roadshow:secret@127.0.0.1:1/roadshow?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
    } throws: { error in
      guard case .cannotConnect(let location, let reason) = error as? PostgresStoreError else { return false }
      return reason.contains("sslrootcert /nonexistent/ca.pem") && !location.contains("secret")
    }
  }
}

/// Encrypted connections to the test server, which `.ci/postgres.sh` starts with a self-signed
/// certificate for `localhost` (`ROADSHOW_POSTGRES_TLS_ROOT`) when openssl is there.
@Suite(
  .enabled(
    if: TestServer.enabled && TLSServer.root != nil,
    "ROADSHOW_POSTGRES_TLS_ROOT is not set: the server takes no TLS connections (.ci/postgres.sh sets it up)"))
struct PostgresTLSTests {
  /// The test server's URL with `localhost` as its host and `query` appended.
  static func url(_ query: String, host: String = "localhost") throws -> String {
    let server = try #require(TestServer.url)
    var components = try #require(URLComponents(string: server))
    components.host = host
    components.percentEncodedQuery = query
    return try #require(components.string)
  }

  @Test func eachSSLModeConnectsAsLibpqWould() async throws {
    let root = try #require(TLSServer.root)
    let plain = try await PostgresPool.open(url: try Self.url("sslmode=disable"))
    #expect(try await plain.encrypted() == false)
    let preferred = try await PostgresPool.open(url: try Self.url("sslmode=prefer"))
    #expect(try await preferred.encrypted() == true, "the server offers TLS, so prefer takes it")
    let required = try await PostgresPool.open(url: try Self.url("sslmode=require", host: "127.0.0.1"))
    #expect(try await required.encrypted() == true, "require encrypts without checking the certificate")
    let verified = try await PostgresPool.open(url: try Self.url("sslmode=verify-full&sslrootcert=\(root)"))
    #expect(try await verified.encrypted() == true)
    let chain = try await PostgresPool.open(url: try Self.url("sslmode=verify-ca&sslrootcert=\(root)"))
    #expect(try await chain.encrypted() == true)
  }

  @Test func aCertificateForAnotherNameIsRefusedByVerifyFull() async throws {
    let root = try #require(TLSServer.root)
    // The certificate names localhost; the URL names 127.0.0.1.
    let url = try Self.url("sslmode=verify-full&sslrootcert=\(root)", host: "127.0.0.1")
    await #expect {
      _ = try await PostgresPool.open(url: url)
    } throws: { error in
      guard case .cannotConnect = error as? PostgresStoreError else { return false }
      return true
    }
  }

  @Test func requireWithTrustedRootsChecksTheCertificateAsLibpqDoes() async throws {
    let root = try #require(TLSServer.root)
    // With the server's certificate among the roots: encrypted, whatever the name (as verify-ca).
    let checked = try await PostgresPool.open(
      url: try Self.url("sslmode=require&sslrootcert=\(root)", host: "127.0.0.1"))
    #expect(try await checked.encrypted() == true)
    // With other roots (the system's bundle, which does not sign the test server): refused.
    let bundle = "/etc/ssl/certs/ca-certificates.crt"
    guard FileManager.default.fileExists(atPath: bundle) else { return }
    let url = try Self.url("sslmode=require&sslrootcert=\(bundle)")
    await #expect {
      _ = try await PostgresPool.open(url: url)
    } throws: { error in
      guard case .cannotConnect = error as? PostgresStoreError else { return false }
      return true
    }
    let allowed = try await PostgresPool.open(url: try Self.url("sslmode=allow"))
    #expect(try await allowed.encrypted() == true, "allow takes TLS when the server offers it")
  }

  @Test func aCertificateThatIsNotTrustedIsRefused() async throws {
    // The server's certificate is self-signed: without it among the trusted roots, verification fails.
    await #expect {
      _ = try await PostgresPool.open(url: try Self.url("sslmode=verify-full"))
    } throws: { error in
      guard case .cannotConnect = error as? PostgresStoreError else { return false }
      return true
    }
  }
}

enum TLSServer {
  static let root = ProcessInfo.processInfo.environment["ROADSHOW_POSTGRES_TLS_ROOT"].flatMap {
    $0.isEmpty ? nil : $0
  }
}
