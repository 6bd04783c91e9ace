package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intraday refresh's schedule: its cadence, its role (exactly), and that 0 turns it off. */
class IntradayEtlTest {

  private static final StackTemplate T = StackTemplate.defaults();

  @Test
  void refreshesHourlyByDefaultWithoutRetryingPastTheNextRefresh() {
    JsonNode schedule =
        T.single("AWS::Scheduler::Schedule", "IntradayEtlSchedule").get("Properties");
    assertThat(schedule.path("ScheduleExpression").asText())
        .as("cdk.json intradayRefreshMinutes default")
        .isEqualTo("rate(60 minutes)");
    assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
    assertThat(schedule.at("/Target/RetryPolicy/MaximumEventAgeInSeconds").asInt())
        .as("a refresh that cannot start is superseded by the next one")
        .isEqualTo(3600);
    assertThat(schedule.at("/Target/DeadLetterConfig").isMissingNode())
        .as("a missed refresh pages no one")
        .isTrue();
    assertThat(T.render(schedule.at("/Target/RoleArn"))).isEqualTo("${IntradaySchedulerRole.Arn}");
  }

  @Test
  void itsSchedulerRoleMayOnlyStartRunsOfTheApplicationWithTheJobRole() {
    assertThat(T.permissions("IntradaySchedulerRole"))
        .as("intraday scheduler role, exactly")
        .containsExactlyInAnyOrder(
            "emr-serverless:StartJobRun -> ${EtlApplication.Arn}",
            "iam:PassRole -> ${EmrJobRole.Arn} if {\"StringEquals\":{\"iam:PassedToService\":\"emr-serverless.amazonaws.com\"}}");
  }

  @Test
  void itsSchedulerRoleTrustsOnlyTheSchedulerOfThisAccount() {
    JsonNode trust =
        T.single("AWS::IAM::Role", "IntradaySchedulerRole")
            .at("/Properties/AssumeRolePolicyDocument/Statement");
    assertThat(trust.size()).as("one trust statement").isEqualTo(1);
    assertThat(T.render(trust.get(0)))
        .as("the scheduler, from this account only (confused deputy)")
        .isEqualTo(
            "{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}},"
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"scheduler.amazonaws.com\"}}");
  }

  @Test
  void zeroMinutesDeploysNoIntradaySchedule() {
    StackTemplate off =
        StackTemplate.of(
            ctx -> {
              ctx.put("intradayRefreshMinutes", 0);
              return ctx;
            });
    assertThat(off.logicalIds("AWS::Scheduler::Schedule"))
        .as("the nightly schedule only")
        .containsExactly("DailyEtlSchedule");
    assertThat(off.logicalIds("AWS::IAM::Role")).doesNotContain("IntradaySchedulerRole");
  }

  @Test
  void aCadenceOutsideTheRangeIsRefusedBeforeSynth() {
    for (Object bad : new Object[] {5, 721, -1}) {
      assertThatThrownBy(
              () ->
                  StackConfig.fromContext(
                      Map.<String, Object>of("intradayRefreshMinutes", bad)::get,
                      Path.of("unused")))
          .as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("intradayRefreshMinutes must be 0 (off) or within 15..720");
    }
    assertThat(
            StackConfig.fromContext(
                    Map.<String, Object>of("intradayRefreshMinutes", 30.0)::get, Path.of("a"))
                .intradayMinutes())
        .as("cdk.json numbers arrive as doubles")
        .isEqualTo(30);
  }
}
