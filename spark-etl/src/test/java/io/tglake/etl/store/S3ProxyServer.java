package io.tglake.etl.store;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3-compatible server for tests: gaul s3proxy over an in-memory blob store (4.x: answers If-None-Match: * with 412 and
 * accepts the SDK's default flexible checksums), on 127.0.0.1 at a free port. */
public final class S3ProxyServer implements AutoCloseable {

  public static final String KEY = "test-access-key";
  public static final String SECRET = "test-secret-key";

  private final S3Proxy proxy;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts the server with the given (empty) buckets. */
  public static S3ProxyServer start(String... buckets) throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
        .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
    if (!"STARTED".equals(proxy.getState())) {
      throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
    }
    S3ProxyServer server = new S3ProxyServer(proxy);
    try (S3Client s3 = S3ObjectStore.client(server.settings())) {
      for (String b : buckets) {
        s3.createBucket(r -> r.bucket(b));
      }
    }
    return server;
  }

  public int port() {
    return proxy.getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Settings with this server's endpoint and credentials. */
  public S3Settings settings() {
    return new S3Settings(endpoint(), KEY, SECRET, 32, S3Settings.DEFAULT_MAX_ATTEMPTS);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
