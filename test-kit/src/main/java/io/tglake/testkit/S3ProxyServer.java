package io.tglake.testkit;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server: gaul s3proxy (4.x: answers {@code If-None-Match: *} with 412 and
 * accepts the SDK's default flexible checksums) over an in-memory blob store, on 127.0.0.1 at a
 * free port, with SigV4 authentication switched on so that clients sign and stream (aws-chunked)
 * for real. Tests use {@link #start}; the benchmark's local S3 server uses {@link #builder} with
 * its own blob store and credentials.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** The access key id of {@link #start}'s servers. */
  public static final String KEY = "tglake-test-access";

  /** The secret key of {@link #start}'s servers. */
  public static final String SECRET = "tglake-test-secret";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final BlobStore store;

  private S3ProxyServer(S3Proxy proxy, BlobStore store) {
    this.proxy = proxy;
    this.store = store;
  }

  /**
   * Starts a server with the test credentials ({@link #KEY}, {@link #SECRET}) and the given empty
   * buckets.
   */
  public static S3ProxyServer start(String... buckets) throws Exception {
    return builder().buckets(buckets).start();
  }

  /** A server to configure: in-memory store, test credentials, no buckets unless told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a server before it starts. */
  public static final class Builder {
    private BlobStore store;
    private String key = KEY;
    private String secret = SECRET;
    private String[] buckets = new String[0];

    private Builder() {}

    /** The blob store to serve (default: a fresh in-memory one). */
    public Builder blobStore(BlobStore blobStore) {
      this.store = blobStore;
      return this;
    }

    /** The credentials clients must sign with. */
    public Builder credentials(String accessKey, String secretKey) {
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException("s3proxy needs an access key and a secret key");
      }
      this.key = accessKey;
      this.secret = secretKey;
      return this;
    }

    /** Buckets created (empty) before {@link #start} returns. */
    public Builder buckets(String... names) {
      this.buckets = names.clone();
      return this;
    }

    /**
     * Starts the server and waits until it listens; fails with the server's state if it does not
     * within 30 s.
     */
    public S3ProxyServer start() throws Exception {
      BlobStore blobs = store != null ? store : new TransientNio2BlobStore();
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(blobs)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, key, secret)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          proxy.stop();
          throw new IllegalStateException(
              "s3proxy did not start within " + START_TIMEOUT + ": " + proxy.getState());
        }
        Thread.sleep(10);
      }
      S3ProxyServer server = new S3ProxyServer(proxy, blobs);
      for (String bucket : buckets) {
        server.createBucket(bucket);
      }
      return server;
    }
  }

  /**
   * Sets the SDK's credential system properties ({@code aws.accessKeyId}, {@code
   * aws.secretAccessKey}: the first source of its default chain) to {@link #KEY} and {@link
   * #SECRET} until closed, then puts back what was there: for code under test that finds its
   * credentials through the default chain.
   */
  public static DefaultChainCredentials defaultChainCredentials() {
    return defaultChainCredentials(KEY, SECRET);
  }

  /** As {@link #defaultChainCredentials()} with another server's key pair (e.g. S3Mock's). */
  public static DefaultChainCredentials defaultChainCredentials(String key, String secret) {
    return new DefaultChainCredentials(key, secret);
  }

  /** The test credentials in the SDK's system properties, until {@link #close}. */
  public static final class DefaultChainCredentials implements AutoCloseable {
    private final String oldKey;
    private final String oldSecret;

    private DefaultChainCredentials(String key, String secret) {
      oldKey = System.setProperty("aws.accessKeyId", key);
      oldSecret = System.setProperty("aws.secretAccessKey", secret);
    }

    @Override
    public void close() {
      restore("aws.accessKeyId", oldKey);
      restore("aws.secretAccessKey", oldSecret);
    }

    private static void restore(String name, String old) {
      if (old == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, old);
      }
    }
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return proxy.getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** {@link #endpoint()} as a URI. */
  public URI endpointUri() {
    return URI.create(endpoint());
  }

  /** Creates an empty bucket. */
  public void createBucket(String bucket) {
    store.createContainer(bucket);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    }
  }
}
