package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  @Test
  void defaultsMatchTheArchitectureContract() {
    StackConfig c = StackConfig.defaults(Path.of("assets"));
    assertThat(c.rawPrefix()).isEqualTo("telegram");
    assertThat(c.enrichedPrefix()).isEqualTo("enriched");
    assertThat(c.localTz()).isEqualTo("America/Sao_Paulo");
    assertThat(c.scheduleCron())
        .as("after 00:00 UTC, so D-1 is complete")
        .isEqualTo("cron(30 1 * * ? *)");
    assertThat(c.lambdaJar()).isEqualTo(Path.of("assets", "tglake-ingest-lambda-lambda.jar"));
    assertThat(c.jobJar()).isEqualTo(Path.of("assets", "tglake-spark-etl.jar"));
  }

  @Test
  void contextOverridesDefaults() {
    Map<String, Object> ctx =
        Map.of(
            "scheduleCron",
            "cron(0 4 * * ? *)",
            "scheduleTimezone",
            "America/Sao_Paulo",
            "allowedChatIds",
            "-1001234567890, 42",
            "athenaBytesCutoff",
            1073741824,
            "assetsDir",
            "/tmp/x");
    StackConfig c = StackConfig.fromContext(ctx::get, Path.of("unused"));
    assertThat(c.scheduleTimezone()).isEqualTo("America/Sao_Paulo");
    assertThat(c.allowedChatIds()).isEqualTo("-1001234567890, 42");
    assertThat(c.athenaBytesCutoff()).isEqualTo(1073741824L);
    assertThat(c.assetsDir()).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void rejectsValuesThatWouldDeployABrokenStack() {
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("scheduleTimezone", "Mars/Base")::get, Path.of("a")))
        .hasMessageContaining("scheduleTimezone is not an IANA time zone");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("rawPrefix", "/telegram/")::get, Path.of("a")))
        .hasMessageContaining("rawPrefix");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("allowedChatIds", "abc")::get, Path.of("a")))
        .hasMessageContaining("allowedChatIds");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("scheduleCron", "0 1 * * *")::get, Path.of("a")))
        .hasMessageContaining("cron(");
  }

  @Test
  void operationsAndDataSettingsHaveDocumentedDefaults() {
    StackConfig c = StackConfig.defaults(Path.of("assets"));
    assertThat(c.ops())
        .isEqualTo(
            new OpsSettings(
                6, 20, 20, 0.01, 0.05, 3, 0, 100, 200, false, "149.154.160.0/20,91.108.4.0/22"));
    assertThat(c.data()).isEqualTo(new DataSettings(400, 400, 30, 7, false));
  }

  @Test
  void cdkJsonBooleansNumbersAndCommandLineStringsAllParse() {
    Map<String, Object> ctx =
        Map.of(
            "sourceIpAllowList",
            Boolean.TRUE,
            "pseudonymize",
            "true",
            "quarantinedFractionThreshold",
            0.02,
            "freshnessHours",
            3.0,
            "allowedSourceCidrs",
            "149.154.160.0/20, 2001:db8::/32");
    StackConfig c = StackConfig.fromContext(ctx::get, Path.of("a"));
    assertThat(c.ops().sourceIpAllowList()).isTrue();
    assertThat(c.data().pseudonymize()).isTrue();
    assertThat(c.ops().quarantinedFraction()).isEqualTo(0.02);
    assertThat(c.ops().freshnessHours()).isEqualTo(3);
    assertThat(c.ops().allowedSourceCidrs()).isEqualTo("149.154.160.0/20,2001:db8::/32");
  }

  @Test
  void rejectsOperationsSettingsThatWouldBreakAlarmsOrIngest() {
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("freshnessHours", "48")::get, Path.of("a")))
        .hasMessageContaining("freshnessHours");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("allowedSourceCidrs", "telegram")::get, Path.of("a")))
        .hasMessageContaining("allowedSourceCidrs");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("quarantinedFractionThreshold", "1.5")::get,
                    Path.of("a")))
        .hasMessageContaining("quarantinedFractionThreshold");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("rawNoncurrentVersionDays", "0")::get, Path.of("a")))
        .hasMessageContaining("noncurrent");
  }
}
