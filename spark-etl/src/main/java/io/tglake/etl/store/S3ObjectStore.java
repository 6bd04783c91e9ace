package io.tglake.etl.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} over one S3 bucket and key prefix, with the AWS SDK v2 (synchronous client,
 * one Apache HTTP connection pool sized for the caller's concurrency; the client is thread-safe).
 *
 * <p>Costs per operation, which is the point of this class: {@link #list} is one ListObjectsV2 call
 * per 1,000 keys and returns size and last-modified, so nothing ever needs a HEAD; {@link #get} is
 * exactly one GET (a missing key is the GET's 404, not a prior existence check); {@link
 * #putIfAbsent} is one PUT with {@code If-None-Match: *}, whose 412 means "already there". 5xx
 * answers and throttling (503 SlowDown) are retried by the SDK's standard strategy with exponential
 * full-jitter backoff, up to {@link S3Settings#maxAttempts()}; its retry circuit breaker is off,
 * because a burst of SlowDowns during a day's read is exactly when retrying (with backoff) is
 * wanted rather than failing objects early.
 */
public final class S3ObjectStore implements ObjectStore {

  /** S3's limit for one PutObject request (5 GiB). */
  static final long MAX_SINGLE_PUT_BYTES = 5L * 1024 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /**
   * @param s3 client (owned: closed by {@link #close()})
   * @param bucket bucket name
   * @param prefix key prefix the store is rooted at, "" or ending in "/"
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be empty or end with /: " + prefix);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  /**
   * The client {@code settings} describe: Region per {@link S3Settings#region}, path-style with an
   * endpoint.
   */
  public static S3Client client(S3Settings settings) {
    String region = S3Settings.region(System.getenv(), settings.endpointOverride());
    AwsCredentialsProvider credentials =
        settings.accessKey() != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
            : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder b =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(ApacheHttpClient.builder().maxConnections(settings.maxConnections()))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(settings.maxAttempts())
                            .circuitBreakerEnabled(false)
                            .build()));
    settings
        .endpointOverride()
        .ifPresent(e -> b.endpointOverride(URI.create(e)).forcePathStyle(true));
    return b.build();
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public List<ObjectInfo> list(String keyPrefix) throws IOException {
    List<ObjectInfo> out = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + keyPrefix).build())
              .contents()) {
        out.add(new ObjectInfo(relative(o.key()), o.size(), o.lastModified()));
      }
    } catch (SdkException e) {
      throw io("list " + keyPrefix, e);
    }
    return out;
  }

  @Override
  public boolean rootExists() throws IOException {
    try {
      ListObjectsV2Response r =
          s3.listObjectsV2(
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(1).build());
      return prefix.isEmpty() || !r.contents().isEmpty();
    } catch (NoSuchBucketException e) {
      return false;
    } catch (SdkException e) {
      throw io("list " + prefix + " (max-keys 1)", e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw io("get " + key, e);
    } catch (SdkException e) {
      throw io("get " + key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] body) throws IOException {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(prefix + key).ifNoneMatch("*"), RequestBody.fromBytes(body));
      return true;
    } catch (S3Exception e) {
      // 412: the key exists. 409 ConditionalRequestConflict: a concurrent conditional write to the
      // same key
      // is in progress; S3 lets exactly one of them win, and it is not us.
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw io("put-if-absent " + key, e);
    } catch (SdkException e) {
      throw io("put-if-absent " + key, e);
    }
  }

  @Override
  public Optional<Tagged> getTagged(String key) throws IOException {
    try {
      var object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key));
      return Optional.of(new Tagged(object.asByteArray(), object.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw io("get " + key, e);
    } catch (SdkException e) {
      throw io("get " + key, e);
    }
  }

  @Override
  public Optional<String> replaceIfMatch(String key, byte[] body, String etag) throws IOException {
    try {
      return Optional.of(
          s3.putObject(
                  r -> r.bucket(bucket).key(prefix + key).ifMatch(etag),
                  RequestBody.fromBytes(body))
              .eTag());
    } catch (S3Exception e) {
      // 412: replaced since; 404: deleted since; 409: a concurrent conditional write won.
      if (e.statusCode() == 412 || e.statusCode() == 404 || e.statusCode() == 409) {
        return Optional.empty();
      }
      throw io("put-if-match " + key, e);
    } catch (SdkException e) {
      throw io("put-if-match " + key, e);
    }
  }

  @Override
  public boolean any(String keyPrefix) throws IOException {
    try {
      return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix + keyPrefix).maxKeys(1))
              .keyCount()
          > 0;
    } catch (SdkException e) {
      throw io("list " + keyPrefix, e);
    }
  }

  @Override
  public void put(String key, byte[] body) throws IOException {
    try {
      s3.putObject(r -> r.bucket(bucket).key(prefix + key), RequestBody.fromBytes(body));
    } catch (SdkException e) {
      throw io("put " + key, e);
    }
  }

  /**
   * One PUT streamed from the file (up to S3's 5 GiB single-PUT limit; a day's table file is far
   * smaller).
   */
  @Override
  public void put(String key, Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SINGLE_PUT_BYTES) {
      // Fail before sending gigabytes that S3 would refuse with EntityTooLarge at the end.
      throw new IOException(
          "put "
              + key
              + ": "
              + size
              + " bytes is above S3's single-PUT limit of "
              + MAX_SINGLE_PUT_BYTES
              + " bytes");
    }
    try {
      s3.putObject(r -> r.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw io("put " + key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(prefix + key));
    } catch (SdkException e) {
      throw io("delete " + key, e);
    }
  }

  @Override
  public List<ObjectStore.ObjectVersion> listVersions(String keyPrefix) throws IOException {
    List<ObjectStore.ObjectVersion> out = new ArrayList<>();
    try {
      for (ListObjectVersionsResponse page :
          s3.listObjectVersionsPaginator(
              ListObjectVersionsRequest.builder()
                  .bucket(bucket)
                  .prefix(prefix + keyPrefix)
                  .build())) {
        // Qualified: the simple name is ObjectStore's own ObjectVersion (inherited member type) in
        // this class.
        for (software.amazon.awssdk.services.s3.model.ObjectVersion v : page.versions()) {
          out.add(
              new ObjectStore.ObjectVersion(
                  relative(v.key()),
                  v.versionId(),
                  Boolean.TRUE.equals(v.isLatest()),
                  false,
                  v.lastModified()));
        }
        for (DeleteMarkerEntry m : page.deleteMarkers()) {
          out.add(
              new ObjectStore.ObjectVersion(
                  relative(m.key()),
                  m.versionId(),
                  Boolean.TRUE.equals(m.isLatest()),
                  true,
                  m.lastModified()));
        }
      }
    } catch (SdkException e) {
      throw io("list versions " + keyPrefix, e);
    }
    return out;
  }

  @Override
  public void deleteVersion(String key, String versionId) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(prefix + key).versionId(versionId));
    } catch (SdkException e) {
      throw io("delete version " + key, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private String relative(String fullKey) {
    return fullKey.substring(prefix.length());
  }

  private IOException io(String what, SdkException e) {
    return new IOException(
        "s3://" + bucket + "/" + prefix + ": " + what + " failed: " + e.getMessage(), e);
  }
}
