package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tglake.ingest.relay.RelaySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Relay mode and the Bot API pass-through in the stack: settings, timeouts that fit together,
 * route, alarms.
 */
class BotSettingsStackTest {
  private static final StackTemplate BESIDE_A_BOT =
      StackTemplate.of(
          ctx -> {
            ctx.put("botWebhookUrl", "https://bot.example.com/telegram");
            ctx.put("botId", "6123456789");
            ctx.put("allowedBotIds", "6123456789");
            return ctx;
          });

  @Test
  void relayEnvironmentPointsAtTheBotAndItsSecretByArn() {
    JsonNode env =
        BESIDE_A_BOT
            .single("AWS::Lambda::Function", "IngestFunction")
            .at("/Properties/Environment/Variables");
    assertThat(env.path("BOT_WEBHOOK_URL").asText()).isEqualTo("https://bot.example.com/telegram");
    assertThat(BESIDE_A_BOT.render(env.path("BOT_WEBHOOK_SECRET_SECRET_ID")))
        .as("the ARN, never the value")
        .isEqualTo("${BotWebhookSecret}");
    assertThat(env.path("BOT_ID").asText()).isEqualTo("6123456789");
    assertThat(env.path("ALLOWED_BOT_IDS").asText()).isEqualTo("6123456789");
    assertThat(env.path("OUTGOING_PREFIX").asText()).isEqualTo("outgoing");
    assertThat(env.path("RELAY_TIMEOUT_MS").asInt()).isEqualTo(BotSettings.RELAY_TIMEOUT_MS);
    assertThat(env.has("TELEGRAM_API_BASE_FOR_TESTS"))
        .as("production always talks to api.telegram.org")
        .isFalse();
  }

  @Test
  void timeoutsNestRelayInsideTheApiInsideTheFunction() {
    JsonNode fn = BESIDE_A_BOT.single("AWS::Lambda::Function", "IngestFunction").get("Properties");
    int functionTimeoutMs = fn.path("Timeout").asInt() * 1000;
    List<Integer> integrationTimeouts = new ArrayList<>();
    BESIDE_A_BOT
        .ofType("AWS::ApiGatewayV2::Integration")
        .values()
        .forEach(i -> integrationTimeouts.add(i.at("/Properties/TimeoutInMillis").asInt()));
    assertThat(integrationTimeouts)
        .as("webhook and pass-through integrations")
        .containsExactly(29_000, 29_000);
    int api = integrationTimeouts.get(0);
    int relayPath =
        BotSettings.S3_CALL_BUDGET_MS
            + BotSettings.RELAY_TIMEOUT_MS
            + BotSettings.S3_CALL_BUDGET_MS;
    int passPath = BotSettings.PASS_THROUGH_TIMEOUT_MS + BotSettings.S3_CALL_BUDGET_MS;
    assertThat(relayPath)
        .as("store + relay + record finish before the API gives up")
        .isLessThan(api);
    assertThat(passPath).as("pass-through + record finish before the API gives up").isLessThan(api);
    assertThat(api)
        .as("the API gives up before Lambda would kill the function")
        .isLessThan(functionTimeoutMs);
    assertThat((long) BotSettings.RELAY_TIMEOUT_MS)
        .as("never above the handler's own maximum")
        .isLessThanOrEqualTo(RelaySettings.DEFAULT_RELAY_TIMEOUT.toMillis());
    assertThat((long) BotSettings.PASS_THROUGH_TIMEOUT_MS)
        .as("the handler's pass-through deadline")
        .isEqualTo(RelaySettings.DEFAULT_PASS_THROUGH_TIMEOUT.toMillis());
  }

  @Test
  void passThroughRouteAndOutgoingPermissionsOnlyBesideABot() {
    List<String> routes = new ArrayList<>();
    BESIDE_A_BOT
        .ofType("AWS::ApiGatewayV2::Route")
        .values()
        .forEach(r -> routes.add(r.at("/Properties/RouteKey").asText()));
    assertThat(routes)
        .containsExactlyInAnyOrder("POST /telegram/webhook", "GET /{proxy+}", "POST /{proxy+}");
    assertThat(BESIDE_A_BOT.permissions(BESIDE_A_BOT.roleOf("IngestFunction")))
        .as("ingest Lambda role, exactly")
        .containsExactlyInAnyOrder(
            "s3:PutObject -> ${RawBucket.Arn}/telegram/*",
            "s3:PutObject -> ${RawBucket.Arn}/outgoing/*",
            "s3:ListBucket -> ${RawBucket.Arn} if {\"StringLike\":{\"s3:prefix\":[\"telegram/_chat_migrations/*\"]}}",
            "secretsmanager:GetSecretValue -> ${BotWebhookSecret}",
            "secretsmanager:GetSecretValue -> ${WebhookSecretToken}");

    StackTemplate passive = StackTemplate.defaults();
    assertThat(
            passive
                .single("AWS::Lambda::Function", "IngestFunction")
                .at("/Properties/Timeout")
                .asInt())
        .as("the passive collector keeps its short timeout")
        .isEqualTo(10);
    assertThat(passive.logicalIds("AWS::SecretsManager::Secret"))
        .doesNotContain("BotWebhookSecret");
    assertThat(passive.ofType("AWS::ApiGatewayV2::Route")).hasSize(1);
  }

  @Test
  void alarmsOnRelayFailuresBot5xxRatePassThroughErrorsAndLostRecords() {
    List<String> alarms = BESIDE_A_BOT.logicalIds("AWS::CloudWatch::Alarm");
    assertThat(alarms)
        .contains(
            "RelayFailuresAlarm",
            "Bot5xxRateAlarm",
            "PassThroughErrorsAlarm",
            "OutgoingRecordFailuresAlarm");
    assertThat(StackTemplate.defaults().logicalIds("AWS::CloudWatch::Alarm"))
        .doesNotContain(
            "RelayFailuresAlarm",
            "Bot5xxRateAlarm",
            "PassThroughErrorsAlarm",
            "OutgoingRecordFailuresAlarm");
    String failures =
        BESIDE_A_BOT.ofType("AWS::CloudWatch::Alarm").entrySet().stream()
            .filter(e -> StackTemplate.shortIdOf(e.getKey()).equals("RelayFailuresAlarm"))
            .findFirst()
            .orElseThrow()
            .getValue()
            .toString();
    for (String outcome : IngestAlarms.RELAY_FAILURES) {
      assertThat(failures)
          .as("metric dimension value " + outcome)
          .contains("\"Value\":\"" + outcome + "\"");
    }
    assertThat(failures).contains("\"MetricName\":\"RelayRequests\"", "\"Namespace\":\"tglake\"");
  }

  @Test
  void rejectsMalformedBotSettings() {
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("allowedBotIds", "12,abc")::get,
                    java.nio.file.Path.of("target/assets")))
        .hasMessageContaining("allowedBotIds");
    assertThatThrownBy(
            () ->
                StackConfig.fromContext(
                    Map.<String, Object>of("botWebhookUrl", "ftp://x")::get,
                    java.nio.file.Path.of("target/assets")))
        .hasMessageContaining("botWebhookUrl");
  }
}
