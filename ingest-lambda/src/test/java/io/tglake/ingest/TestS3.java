package io.tglake.ingest;

import io.tglake.testkit.S3ProxyServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The test kit's {@link S3ProxyServer} for a test class ({@code @RegisterExtension static final
 * TestS3 S3 = new TestS3("bucket")}: started before its first test, stopped after its last), with a
 * direct client; and S3 clients built the way the handler builds its own ({@link
 * S3RawUpdateStore#newClient}: url-connection, path-style) with the kit's test credentials.
 */
public final class TestS3 implements BeforeAllCallback, AfterAllCallback {

  private final String[] buckets;
  private S3ProxyServer server;
  private S3Client client;

  /** A server with these (empty) buckets. */
  public TestS3(String... buckets) {
    this.buckets = buckets.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = S3ProxyServer.start(buckets);
    client = clientFor(server.endpointUri(), Duration.ofSeconds(10));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
  }

  /** The running server. */
  public S3ProxyServer server() {
    return server;
  }

  /** A direct client to the server, for bucket setup and assertions. */
  public S3Client client() {
    return client;
  }

  /** The production client for {@code endpoint} (the server, or a proxy in front of it). */
  public static S3Client clientFor(URI endpoint, Duration callTimeout) {
    return S3RawUpdateStore.newClient(
        UrlConnectionHttpClient.create(),
        "us-east-1",
        endpoint,
        callTimeout,
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.KEY, S3ProxyServer.SECRET)));
  }
}
