package io.tglake.etl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job's S3 clients sign for the Region the stack gives them, never a silent default. */
class S3RegionTest {

  @Test
  void theRegionComesFromAwsRegion() {
    assertThat(S3Settings.region(Map.of("AWS_REGION", "eu-west-1"), Optional.empty()))
        .isEqualTo("eu-west-1");
  }

  @Test
  void withoutAwsRegionAndWithoutAnEndpointTheJobRefusesToStart() {
    assertThatThrownBy(() -> S3Settings.region(Map.of(), Optional.empty()))
        .as("no us-east-1 guess against real S3")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_REGION is not set");
  }

  @Test
  void aLocalEndpointNeedsNoRegion() {
    assertThat(S3Settings.region(Map.of(), Optional.of("http://127.0.0.1:9")))
        .isEqualTo("us-east-1");
  }
}
