package io.tglake.etl.store;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach S3 for an {@code s3://} / {@code s3a://} store; serializable so that Spark tasks can
 * open their own store (SDK clients cannot be shipped). The Region comes from {@code AWS_REGION}
 * where the client is built ({@link #region}): the stack sets it for the driver and the executors
 * of every EMR run; without it only a local endpoint may be used.
 *
 * @param endpoint S3-compatible endpoint (then path-style addressing), or null for AWS S3
 * @param accessKey static access key, or null for the SDK's default credential chain (system
 *     properties, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profile,
 *     container/instance role: EMR's job role)
 * @param secretKey the secret that goes with {@code accessKey}
 * @param maxConnections HTTP connection pool size, at least the number of requests a caller keeps
 *     in flight
 * @param maxAttempts attempts per request (first try + retries) for 5xx and throttling (503
 *     SlowDown)
 */
public record S3Settings(
    String endpoint, String accessKey, String secretKey, int maxConnections, int maxAttempts)
    implements Serializable {

  /** Pool size when the caller does not say. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /**
   * Attempts per request: with exponential full-jitter backoff, ~10 s of retrying before an object
   * fails.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  public S3Settings {
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("access key and secret key go together");
    }
    if (maxConnections < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("maxConnections and maxAttempts must be >= 1");
    }
  }

  /** Default chain credentials, default pool and retries; {@code endpoint} as given. */
  public static S3Settings of(Optional<String> endpoint) {
    return new S3Settings(
        endpoint.orElse(null), null, null, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_ATTEMPTS);
  }

  public Optional<String> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  public S3Settings withCredentials(String key, String secret) {
    return new S3Settings(
        endpoint,
        Objects.requireNonNull(key),
        Objects.requireNonNull(secret),
        maxConnections,
        maxAttempts);
  }

  public S3Settings withMaxConnections(int n) {
    return new S3Settings(endpoint, accessKey, secretKey, n, maxAttempts);
  }

  /**
   * The Region S3 clients sign for: {@code AWS_REGION} from {@code env}; with an endpoint override
   * and none set, us-east-1 (local S3-compatible servers accept any); otherwise a startup error,
   * never a silent default.
   */
  public static String region(Map<String, String> env, Optional<String> endpointOverride) {
    String region = env.get("AWS_REGION");
    if (region != null && !region.isBlank()) {
      return region.trim();
    }
    if (endpointOverride.isPresent()) {
      return "us-east-1";
    }
    throw new IllegalStateException(
        "AWS_REGION is not set: S3 clients need the buckets' Region explicitly (the stack "
            + "sets it for EMR runs through spark.emr-serverless.driverEnv.AWS_REGION and spark.executorEnv.AWS_REGION); "
            + "set it, or give --s3-endpoint for a local S3-compatible server");
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint
        + ", staticCredentials="
        + (accessKey != null)
        + ", maxConnections="
        + maxConnections
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
