package io.tglake.ingest;

import io.tglake.contract.LakeLayout;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Raw layer in S3 (or any S3-compatible server). Writes are create-only: {@code PutObject} with
 * {@code If-None-Match: *}, so a redelivered update can never overwrite or duplicate the stored
 * one.
 *
 * <p>Answers: 2xx → {@link PutResult#CREATED}; 412 PreconditionFailed → {@link
 * PutResult#ALREADY_EXISTS}; 409 ConditionalRequestConflict (a concurrent write to the same key is
 * in flight) and everything else → {@link StorageException}, i.e. a 5xx to Telegram, whose retry
 * then sees 412 or succeeds.
 */
public final class S3RawUpdateStore implements RawUpdateStore {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /**
   * @param s3 a client built once per process (see {@link #newClient})
   * @param bucket raw bucket
   * @param prefix key prefix without leading/trailing slash; "" for the bucket root
   */
  public S3RawUpdateStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() ? "" : prefix + "/";
  }

  /**
   * Builds the S3 client used by the Lambda and the local server.
   *
   * @param http the single HTTP client of the process
   * @param region region; null only with an endpoint override (local), else {@link
   *     IllegalStateException}
   * @param endpointOverride S3-compatible endpoint (then path-style addressing), or null for AWS S3
   * @param callTimeout upper bound of one API call including SDK retries; a slow store becomes a
   *     5xx in time
   */
  public static S3Client newClient(
      SdkHttpClient http, String region, URI endpointOverride, Duration callTimeout) {
    return newClient(http, region, endpointOverride, callTimeout, null);
  }

  /**
   * As {@link #newClient(SdkHttpClient, String, URI, Duration)} with explicit credentials (null =
   * the SDK's default chain: environment variables, or the container credentials Lambda provides
   * under SnapStart).
   */
  public static S3Client newClient(
      SdkHttpClient http,
      String region,
      URI endpointOverride,
      Duration callTimeout,
      AwsCredentialsProvider credentials) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(http)
            .overrideConfiguration(
                c ->
                    c.apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout.dividedBy(2))
                        .addExecutionInterceptor(new NoExpectContinue()));
    b.region(Region.of(requireRegion(region, endpointOverride)));
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    if (endpointOverride != null) {
      b.endpointOverride(endpointOverride).forcePathStyle(true);
    }
    return b.build();
  }

  /**
   * The Region the client signs for: the configured one (Lambda sets {@code AWS_REGION}); with an
   * endpoint override and none configured, us-east-1 (local S3-compatible servers accept any);
   * otherwise a cold-start error, never a guess from the SDK's provider chain.
   */
  static String requireRegion(String region, URI endpointOverride) {
    if (region != null && !region.isBlank()) {
      return region;
    }
    if (endpointOverride != null) {
      return "us-east-1";
    }
    throw new IllegalStateException(
        "AWS_REGION (or AWS_DEFAULT_REGION) is required: the Region of the raw bucket "
            + "(Lambda sets it; locally, set it or an S3 endpoint with AWS_ENDPOINT_URL_S3)");
  }

  /**
   * The one HTTP client: JDK HttpURLConnection based, no native code, fastest to load (see README).
   */
  public static SdkHttpClient newHttpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Drops the {@code Expect: 100-continue} header the SDK adds to every PutObject. Updates are a
   * few KB, so waiting for "100 Continue" only costs a round trip; and with the url-connection
   * client a connection that went stale while waiting for it fails with an UncheckedIOException the
   * SDK does not retry. Runs before signing.
   */
  static final class NoExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      return request.firstMatchingHeader("Expect").isPresent()
          ? request.toBuilder().removeHeader("Expect").build()
          : request;
    }
  }

  @Override
  public PutResult putIfAbsent(String key, byte[] body) {
    try {
      s3.putObject(
          PutObjectRequest.builder()
              .bucket(bucket)
              .key(prefix + key)
              .contentType("application/json")
              .ifNoneMatch("*")
              .build(),
          RequestBody.fromBytes(body));
      return PutResult.CREATED;
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return PutResult.ALREADY_EXISTS;
      }
      throw new StorageException(
          "PutObject s3://"
              + bucket
              + "/"
              + prefix
              + key
              + " failed: HTTP "
              + e.statusCode()
              + " "
              + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()),
          e);
    } catch (SdkException e) {
      throw new StorageException("PutObject s3://" + bucket + "/" + prefix + key + " failed", e);
    }
  }

  @Override
  public String locationOf(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  @Override
  public void recordChatMigration(long newChatId, long fromChatId) {
    byte[] marker =
        ("{\"chat_id\":" + newChatId + ",\"migrated_from_chat_id\":" + fromChatId + "}")
            .getBytes(StandardCharsets.UTF_8);
    // Same create-only write: a marker that already exists is fine.
    putIfAbsent(LakeLayout.chatMigrationKey(newChatId), marker);
  }

  @Override
  public boolean isMigratedChat(long chatId) {
    String key = prefix + LakeLayout.chatMigrationKey(chatId);
    // ListObjectsV2 rather than HeadObject: without s3:ListBucket a HeadObject of a missing key
    // answers 403, and
    // the list permission can be narrowed to this folder with an s3:prefix condition. The exact
    // key, if present,
    // sorts first among keys starting with it.
    try {
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(key).maxKeys(1));
      return page.contents().stream().anyMatch(o -> o.key().equals(key));
    } catch (SdkException e) {
      throw new StorageException("ListObjectsV2 s3://" + bucket + "/" + key + " failed", e);
    }
  }
}
