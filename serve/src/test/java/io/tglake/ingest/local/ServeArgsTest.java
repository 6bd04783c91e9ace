package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeArgsTest {

  @Test
  void defaultsToLocalhost8080AndTheLocalLake() throws Exception {
    ServeArgs a = ServeArgs.parse(new String[] {"--secret-token", "T"}, Map.of());
    assertThat(a.port()).isEqualTo(8080);
    assertThat(a.bind()).isEqualTo("127.0.0.1");
    assertThat(a.raw()).isEqualTo("./lake/raw");
    assertThat(a.allowedChatIds()).isEmpty();
    assertThat(a.s3Bucket()).isNull();
  }

  @Test
  void readsEveryOptionInBothSpellings() throws Exception {
    ServeArgs a =
        ServeArgs.parse(
            new String[] {
              "--port=0",
              "--bind",
              "0.0.0.0",
              "--raw",
              "s3://raw-bucket/telegram/",
              "--secret-token",
              "T",
              "--allowed-chat-ids",
              "1,-100",
              "--s3-endpoint",
              "http://127.0.0.1:9000"
            },
            Map.of());
    assertThat(a.port()).isZero();
    assertThat(a.bind()).isEqualTo("0.0.0.0");
    assertThat(a.s3Bucket()).isEqualTo("raw-bucket");
    assertThat(a.s3Prefix()).isEqualTo("telegram");
    assertThat(a.allowedChatIds()).containsExactlyInAnyOrder(1L, -100L);
    assertThat(a.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(a.toString()).doesNotContain("=T,");
  }

  @Test
  void takesTheTokenAndAllowListFromTheEnvironmentWhenNotGiven() throws Exception {
    ServeArgs a =
        ServeArgs.parse(
            new String[0], Map.of("TELEGRAM_SECRET_TOKEN", "E", "ALLOWED_CHAT_IDS", "5"));
    assertThat(a.secretToken()).isEqualTo("E");
    assertThat(a.allowedChatIds()).containsExactly(5L);
  }

  @Test
  void readsTheSourceAllowListAndLimits() throws Exception {
    ServeArgs a =
        ServeArgs.parse(
            new String[] {
              "--secret-token",
              "T",
              "--allowed-source-cidrs",
              "127.0.0.0/8,::1",
              "--max-connections",
              "64",
              "--timeout-seconds",
              "3"
            },
            Map.of());
    assertThat(a.allowedSources().allows("127.0.0.1")).isTrue();
    assertThat(a.allowedSources().allows("192.0.2.1")).isFalse();
    assertThat(a.limits().maxConnections()).isEqualTo(64);
    assertThat(a.limits().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(a.limits().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    ServeArgs defaults =
        ServeArgs.parse(
            new String[0],
            Map.of("TELEGRAM_SECRET_TOKEN", "E", "ALLOWED_SOURCE_CIDRS", "149.154.160.0/20"));
    assertThat(defaults.allowedSources().allows("149.154.167.220"))
        .as("from the environment")
        .isTrue();
    assertThat(defaults.limits()).isEqualTo(ServeLimits.DEFAULTS);
  }

  @Test
  void completionReadsTheServeOptionModelWithoutStartingAServer() {
    picocli.CommandLine.Model.CommandSpec spec = LocalServer.commandLine().getCommandSpec();
    assertThat(spec.name()).isEqualTo("tglake serve");
    assertThat(spec.findOption("--raw")).as("shared LakeOptions mixin").isNotNull();
    assertThat(spec.findOption("--s3-endpoint")).isNotNull();
    assertThat(spec.findOption("--allowed-source-cidrs")).isNotNull();
    assertThat(spec.findOption("--help")).as("added by cli.Cli").isNotNull();
    assertThat(spec.findOption("--enriched")).as("serve writes only the raw layer").isNull();
  }

  @Test
  void helpReturnsNull() throws Exception {
    assertThat(ServeArgs.parse(new String[] {"--help"}, Map.of())).isNull();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThatThrownBy(() -> ServeArgs.parse(new String[0], Map.of()))
        .hasMessageContaining("--secret-token");
    assertThatThrownBy(
            () -> ServeArgs.parse(new String[] {"--secret-token", "T", "--port", "x"}, Map.of()))
        .hasMessageContaining("--port");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--frobnicate", "1"}, Map.of()))
        .hasMessageContaining("Unknown options: '--frobnicate'");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token"}, Map.of()))
        .hasMessageContaining("Missing required parameter for option '--secret-token'");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(new String[] {"--secret-token", "T", "--enriched", "x"}, Map.of()))
        .as("the shared lake mixin's --enriched is not a serve option")
        .hasMessageContaining("--enriched");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--allowed-chat-ids", "a"}, Map.of()))
        .hasMessageContaining("--allowed-chat-ids");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--s3-endpoint", "nohost"}, Map.of()))
        .hasMessageContaining("--s3-endpoint");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--allowed-source-cidrs", "10.0.0.1/8"},
                    Map.of()))
        .hasMessageContaining("--allowed-source-cidrs")
        .hasMessageContaining("10.0.0.1/8");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--max-connections", "0"}, Map.of()))
        .hasMessageContaining("--max-connections");
  }

  @Test
  void relayToAndAllowedBotIdsTurnOnRelayAndPassThrough() {
    ServeArgs off = ServeArgs.parse(new String[] {"--secret-token", "T"}, Map.of());
    assertThat(off.relay().relayOn()).as("passive collector by default").isFalse();
    assertThat(off.relay().passThroughOn()).isFalse();
    ServeArgs a =
        ServeArgs.parse(
            new String[] {
              "--secret-token",
              "T",
              "--relay-to",
              "http://127.0.0.1:8443/hook",
              "--allowed-bot-ids",
              "6123456789",
              "--bot-id",
              "6123456789"
            },
            Map.of("BOT_WEBHOOK_SECRET", "bs"));
    assertThat(a.relay().botWebhookUrl()).hasToString("http://127.0.0.1:8443/hook");
    assertThat(a.relay().botWebhookSecret()).isEqualTo("bs");
    assertThat(a.relay().botId()).isEqualTo(6123456789L);
    assertThat(a.relay().allowedBotIds()).containsExactly(6123456789L);
    assertThat(a.relay().telegramApi())
        .as("production upstream unless the test-only option is given")
        .hasToString("https://api.telegram.org");
    assertThat(a.toString()).doesNotContain("bs,").contains("botWebhookSecret=***");
    assertThatThrownBy(
            () ->
                ServeArgs.parse(
                    new String[] {"--secret-token", "T", "--relay-to", "ftp://x/y"}, Map.of()))
        .hasMessageContaining("BOT_WEBHOOK_URL");
  }
}
