package io.tglake.etl.store;

import io.tglake.testkit.S3ProxyServer;

/**
 * The job's S3 settings for the test kit's {@link S3ProxyServer} (its test credentials, 32
 * connections).
 */
public final class TestS3Settings {

  private TestS3Settings() {}

  /** Settings that talk to the server directly. */
  public static S3Settings of(S3ProxyServer server) {
    return of(server.endpoint());
  }

  /** Settings for an endpoint in front of the server (a proxy), with the server's credentials. */
  public static S3Settings of(String endpoint) {
    return new S3Settings(
        endpoint, S3ProxyServer.KEY, S3ProxyServer.SECRET, 32, S3Settings.DEFAULT_MAX_ATTEMPTS);
  }
}
