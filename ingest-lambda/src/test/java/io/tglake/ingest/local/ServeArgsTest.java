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
    ServeArgs a = ServeArgs.parse(new String[] {"--port=0", "--bind", "0.0.0.0", "--raw", "s3://raw-bucket/telegram/",
        "--secret-token", "T", "--allowed-chat-ids", "1,-100", "--s3-endpoint", "http://127.0.0.1:9000"}, Map.of());
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
    ServeArgs a = ServeArgs.parse(new String[0], Map.of("TELEGRAM_SECRET_TOKEN", "E", "ALLOWED_CHAT_IDS", "5"));
    assertThat(a.secretToken()).isEqualTo("E");
    assertThat(a.allowedChatIds()).containsExactly(5L);
  }

  @Test
  void helpReturnsNull() throws Exception {
    assertThat(ServeArgs.parse(new String[] {"--help"}, Map.of())).isNull();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThatThrownBy(() -> ServeArgs.parse(new String[0], Map.of())).hasMessageContaining("--secret-token");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token", "T", "--port", "x"}, Map.of()))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token", "T", "--frobnicate", "1"}, Map.of()))
        .hasMessageContaining("unknown option --frobnicate");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token"}, Map.of()))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token", "T", "--allowed-chat-ids", "a"},
        Map.of())).hasMessageContaining("--allowed-chat-ids");
    assertThatThrownBy(() -> ServeArgs.parse(new String[] {"--secret-token", "T", "--s3-endpoint", "nohost"},
        Map.of())).hasMessageContaining("--s3-endpoint");
  }
}
