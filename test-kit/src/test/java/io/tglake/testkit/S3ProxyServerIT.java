package io.tglake.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The server as the SDK sees it, directly and through {@link FaultProxy}. */
class S3ProxyServerIT {

  private static S3Client client(String endpoint, String key, String secret) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .build();
  }

  @Test
  void startsOnLoopbackWithItsBucketsAndStoresCreateOnlyWrites() throws Exception {
    try (S3ProxyServer server = S3ProxyServer.start("raw", "lake");
        S3Client s3 = client(server.endpoint(), S3ProxyServer.KEY, S3ProxyServer.SECRET)) {
      assertThat(server.endpoint()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.endpointUri()).isEqualTo(URI.create(server.endpoint()));
      assertThat(s3.listBuckets().buckets())
          .extracting(Bucket::name)
          .containsExactly("lake", "raw");

      s3.putObject(
          r -> r.bucket("raw").key("t/1.json").ifNoneMatch("*"), RequestBody.fromString("{}"));
      assertThatThrownBy(
              () ->
                  s3.putObject(
                      r -> r.bucket("raw").key("t/1.json").ifNoneMatch("*"),
                      RequestBody.fromString("{\"again\":1}")))
          .as("create-only: the second write is refused")
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("raw").key("t/1.json")).asUtf8String())
          .isEqualTo("{}");
    }
  }

  @Test
  void signaturesMadeForTheProxyVerifyUpstreamAndWrongCredentialsAreRefused() throws Exception {
    try (S3ProxyServer server =
            S3ProxyServer.builder()
                .blobStore(new TransientNio2BlobStore())
                .credentials("bench-key", "bench-secret")
                .buckets("lake")
                .start();
        FaultProxy proxy = new FaultProxy(server.port());
        S3Client viaProxy = client(proxy.endpoint(), "bench-key", "bench-secret");
        S3Client wrong = client(server.endpoint(), S3ProxyServer.KEY, S3ProxyServer.SECRET)) {
      viaProxy.putObject(r -> r.bucket("lake").key("a"), RequestBody.fromString("via proxy"));
      assertThat(viaProxy.getObjectAsBytes(r -> r.bucket("lake").key("a")).asUtf8String())
          .isEqualTo("via proxy");
      assertThat(proxy.requests("PUT")).isEqualTo(1);

      assertThatThrownBy(() -> wrong.listObjectsV2(r -> r.bucket("lake")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    assertThatThrownBy(() -> S3ProxyServer.builder().credentials("", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
