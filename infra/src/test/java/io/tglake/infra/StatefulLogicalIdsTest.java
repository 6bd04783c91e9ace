package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins the logical ids of every resource whose replacement would lose data or break what points at
 * it: the buckets (retained: a new id orphans the old one), the secrets (the webhook token Telegram
 * holds, the pseudonym key every pseudonym depends on), the alerts topic (its subscriptions), the
 * Glue tables, database and Athena workgroup (named: a replacement fails on the name), the log
 * groups and the dead-letter queue, the EMR application and schedules (ids the CLI reads from the
 * outputs), and the API (its URL is the webhook Telegram calls). A construct id, a construct level
 * or a flattening rule that changes one of them turns this red; a new stateful resource has to be
 * added here on purpose.
 */
class StatefulLogicalIdsTest {

  private static final Map<String, List<String>> PINNED =
      Map.ofEntries(
          Map.entry(
              "AWS::S3::Bucket",
              List.of("AthenaResultsBucket879938FA", "LakeBucket9CD7BBD2", "RawBucket0C3EE094")),
          Map.entry(
              "AWS::SecretsManager::Secret",
              List.of(
                  "BotWebhookSecretF8E6AA18",
                  "PseudonymKey2CD808DE",
                  "WebhookSecretToken2D1E4F12")),
          Map.entry("AWS::SNS::Topic", List.of("Alerts91F83244")),
          Map.entry("AWS::Glue::Database", List.of("GlueDatabase")),
          Map.entry(
              "AWS::Glue::Table",
              List.of(
                  "GlueTablebotmessages",
                  "GlueTablecallbackqueries",
                  "GlueTablechatmemberupdates",
                  "GlueTablemessageentities",
                  "GlueTablemessages",
                  "GlueTableupdates")),
          Map.entry("AWS::Athena::WorkGroup", List.of("AthenaWorkGroup")),
          Map.entry("Custom::AthenaDdl", List.of("MessagesLocalViewDdl")),
          Map.entry(
              "AWS::Logs::LogGroup",
              List.of("EtlJobLogs83F4D93B", "IngestLogs7327CBDC", "ViewDdlLogsA8506A62")),
          Map.entry("AWS::SQS::Queue", List.of("ScheduleDeadLetterQueue0D6B48D2")),
          Map.entry("AWS::EMRServerless::Application", List.of("EtlApplication")),
          Map.entry("AWS::Scheduler::Schedule", List.of("DailyEtlSchedule", "IntradayEtlSchedule")),
          Map.entry("AWS::CloudWatch::Dashboard", List.of("Dashboard9E4231ED")),
          Map.entry(
              "AWS::Lambda::Function",
              List.of(
                  "IngestFunction4B2F2EB2",
                  "ViewDdlFunction89A49025",
                  "ViewDdlProviderframeworkonEvent7B214EB3")),
          Map.entry("AWS::Lambda::Alias", List.of("IngestLive82011549")),
          Map.entry("AWS::ApiGatewayV2::Api", List.of("WebhookApi28122C53")),
          Map.entry("AWS::ApiGatewayV2::Stage", List.of("WebhookApiDefaultStageC0BC9CA5")));

  @Test
  void statefulResourcesKeepTheirLogicalIdsWithEveryOptionalPartSwitchedOn() {
    StackTemplate t =
        StackTemplate.of(
            ctx -> {
              ctx.put("pseudonymize", "true");
              ctx.put("botWebhookUrl", "https://bot.example.com/hook");
              ctx.put("allowedBotIds", "123456");
              ctx.put("alertEmail", "ops@example.com");
              return ctx;
            });
    Map<String, TreeSet<String>> actual = new TreeMap<>();
    for (String type : PINNED.keySet()) {
      actual.put(type, new TreeSet<>(t.ofType(type).keySet()));
    }
    Map<String, TreeSet<String>> expected = new TreeMap<>();
    PINNED.forEach((type, ids) -> expected.put(type, new TreeSet<>(ids)));
    assertThat(actual)
        .as("a changed logical id makes CloudFormation replace the resource (data, URL, name lost)")
        .isEqualTo(expected);
  }
}
