package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  private static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void missingRawBucketFailsTheColdStartNamingTheVariable() {
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env("TELEGRAM_SECRET_TOKEN", "t")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RAW_BUCKET");
  }

  @Test
  void missingSecretFailsNamingBothWaysToProvideIt() {
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env("RAW_BUCKET", "b")))
        .hasMessageContaining("TELEGRAM_SECRET_TOKEN")
        .hasMessageContaining("TELEGRAM_SECRET_TOKEN_SECRET_ID");
  }

  @Test
  void bothSecretSourcesAtOnceAreRejected() {
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnvironment(
                    env(
                        "RAW_BUCKET",
                        "b",
                        "TELEGRAM_SECRET_TOKEN",
                        "t",
                        "TELEGRAM_SECRET_TOKEN_SECRET_ID",
                        "tglake/webhook")))
        .hasMessageContaining("only one");
  }

  @Test
  void defaultsPrefixToTelegramAndAllowsEveryChat() {
    IngestConfig c =
        IngestConfig.fromEnvironment(env("RAW_BUCKET", "raw-bucket", "TELEGRAM_SECRET_TOKEN", "t"));
    assertThat(c.rawPrefix()).isEqualTo("telegram");
    assertThat(c.allowedChatIds()).isEmpty();
    assertThat(c.endpointOverride()).as("no override: real S3").isNull();
    assertThat(c.toString()).as("never prints the token").doesNotContain("=t,");
  }

  @Test
  void readsPrefixAllowListRegionAndEndpointOverride() {
    IngestConfig c =
        IngestConfig.fromEnvironment(
            env(
                "RAW_BUCKET",
                "b",
                "TELEGRAM_SECRET_TOKEN",
                "t",
                "RAW_PREFIX",
                "/raw/telegram/",
                "ALLOWED_CHAT_IDS",
                " -1001987654321, 7391200458 ,",
                "AWS_REGION",
                "sa-east-1",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_S3",
                "http://127.0.0.1:9000"));
    assertThat(c.rawPrefix()).isEqualTo("raw/telegram");
    assertThat(c.allowedChatIds()).containsExactlyInAnyOrder(-1001987654321L, 7391200458L);
    assertThat(c.region()).isEqualTo("sa-east-1");
    assertThat(c.endpointOverride())
        .as("the S3-specific variable wins")
        .isEqualTo(URI.create("http://127.0.0.1:9000"));
  }

  @Test
  void malformedAllowListNamesTheVariable() {
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnvironment(
                    env(
                        "RAW_BUCKET",
                        "b",
                        "TELEGRAM_SECRET_TOKEN",
                        "t",
                        "ALLOWED_CHAT_IDS",
                        "123,abc")))
        .hasMessageContaining("ALLOWED_CHAT_IDS")
        .hasMessageContaining("abc");
  }

  @Test
  void malformedEndpointNamesTheVariable() {
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnvironment(
                    env(
                        "RAW_BUCKET",
                        "b",
                        "TELEGRAM_SECRET_TOKEN",
                        "t",
                        "AWS_ENDPOINT_URL_S3",
                        "localhost")))
        .hasMessageContaining("AWS_ENDPOINT_URL_S3");
  }

  @Test
  void readsTheSourceIpAllowListAndLeavesItOffWhenUnsetOrEmpty() {
    IngestConfig on =
        IngestConfig.fromEnvironment(
            env(
                "RAW_BUCKET",
                "b",
                "TELEGRAM_SECRET_TOKEN",
                "t",
                "ALLOWED_SOURCE_CIDRS",
                "149.154.160.0/20, 91.108.4.0/22"));
    assertThat(on.allowedSources().enabled()).isTrue();
    assertThat(on.allowedSources().allows("91.108.6.71")).isTrue();
    assertThat(on.allowedSources().allows("203.0.113.50")).isFalse();
    assertThat(on.toString()).contains("allowedSources=149.154.160.0/20,91.108.4.0/22");
    assertThat(
            IngestConfig.fromEnvironment(env("RAW_BUCKET", "b", "TELEGRAM_SECRET_TOKEN", "t"))
                .allowedSources()
                .enabled())
        .as("unset")
        .isFalse();
    assertThat(
            IngestConfig.fromEnvironment(
                    env(
                        "RAW_BUCKET",
                        "b",
                        "TELEGRAM_SECRET_TOKEN",
                        "t",
                        "ALLOWED_SOURCE_CIDRS",
                        ""))
                .allowedSources()
                .enabled())
        .as("empty")
        .isFalse();
  }

  @Test
  void anInvalidSourceCidrFailsTheColdStartNamingTheVariable() {
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnvironment(
                    env(
                        "RAW_BUCKET",
                        "b",
                        "TELEGRAM_SECRET_TOKEN",
                        "t",
                        "ALLOWED_SOURCE_CIDRS",
                        "149.154.160.0/20,91.108.4.0/33")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ALLOWED_SOURCE_CIDRS")
        .hasMessageContaining("91.108.4.0/33");
  }
}
