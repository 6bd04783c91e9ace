package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The function's S3 client signs for the configured Region, never one the SDK guesses. */
class S3RegionTest {

  @Test
  void theConfiguredRegionIsTheClientsRegion() {
    try (SdkHttpClient http = S3RawUpdateStore.newHttpClient();
        S3Client s3 = S3RawUpdateStore.newClient(http, "eu-west-1", null, Duration.ofSeconds(5))) {
      assertThat(s3.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
    }
  }

  @Test
  void noRegionAndNoEndpointFailsTheColdStartNamingTheVariable() {
    try (SdkHttpClient http = S3RawUpdateStore.newHttpClient()) {
      assertThatThrownBy(() -> S3RawUpdateStore.newClient(http, null, null, Duration.ofSeconds(5)))
          .as("no silent default Region")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("AWS_REGION");
    }
  }

  @Test
  void aLocalEndpointNeedsNoRegion() {
    try (SdkHttpClient http = S3RawUpdateStore.newHttpClient();
        S3Client s3 =
            S3RawUpdateStore.newClient(
                http, null, URI.create("http://127.0.0.1:9"), Duration.ofSeconds(5))) {
      assertThat(s3.serviceClientConfiguration().region().id())
          .as("any Region signs for a local server")
          .isEqualTo("us-east-1");
    }
  }
}
