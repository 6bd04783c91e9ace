package io.tglake.ingest;

import io.tglake.testkit.S3ProxyServer;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients for tests against the test kit's {@link S3ProxyServer}, built the way the handler builds its own
 * ({@link S3RawUpdateStore#newClient}: url-connection, path-style), with the kit's test credentials.
 */
public final class TestS3Clients {

  private TestS3Clients() {}

  /** The production client for {@code endpoint} (the server, or a proxy in front of it). */
  public static S3Client of(URI endpoint, Duration callTimeout) {
    return S3RawUpdateStore.newClient(UrlConnectionHttpClient.create(), "us-east-1", endpoint, callTimeout,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.KEY, S3ProxyServer.SECRET)));
  }

  /** A direct client to the server, for bucket setup and assertions. */
  public static S3Client of(S3ProxyServer server) {
    return of(server.endpointUri(), Duration.ofSeconds(10));
  }
}
