package io.tglake.ingest;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (gaul s3proxy, in-memory blob store) on 127.0.0.1 and a free port, with SigV4
 * authentication switched on so the SDK's signing and aws-chunked bodies are exercised for real.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "tglake-test-access";
  public static final String SECRET_KEY = "tglake-test-secret";

  private final S3Proxy proxy;
  private final S3Client client;

  public S3TestServer() throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    client = clientFor(endpoint(), Duration.ofSeconds(10));
  }

  /** http://127.0.0.1:port */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Port the server listens on. */
  public int port() {
    return proxy.getPort();
  }

  /** A direct client for assertions and bucket setup. */
  public S3Client client() {
    return client;
  }

  /** The production client (S3RawUpdateStore.newClient: url-connection, path-style) with the test credentials. */
  public static S3Client clientFor(URI endpoint, Duration callTimeout) {
    return S3RawUpdateStore.newClient(UrlConnectionHttpClient.create(), "us-east-1", endpoint, callTimeout,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /** Creates a bucket. */
  public void createBucket(String bucket) {
    client.createBucket(r -> r.bucket(bucket));
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    }
  }
}
