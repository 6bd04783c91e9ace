package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EmrArgsTest {

  @Test
  void submitTakesOneDayAndFlagsOverrideTheStack() throws Exception {
    EmrArgs a = EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--application-id", "app",
        "--raw=s3://r/telegram", "--spark-conf", "spark.executor.memory=16g", "--dry-run"});
    assertThat(a.command()).isEqualTo("submit");
    assertThat(a.days()).containsExactly(LocalDate.parse("2026-11-22"));
    assertThat(a.flags().applicationId()).isEqualTo("app");
    assertThat(a.flags().raw()).isEqualTo("s3://r/telegram");
    assertThat(a.flags().enriched()).as("left for the stack outputs").isNull();
    assertThat(a.sparkConf()).containsEntry("spark.executor.memory", "16g");
    assertThat(a.dryRun()).isTrue();
    assertThat(a.stackName()).isEqualTo("Tglake");
    assertThat(a.attempt()).isEqualTo(1);
  }

  @Test
  void backfillTakesARangeAndParallelism() throws Exception {
    EmrArgs a = EmrArgs.parse(new String[] {"backfill", "--from", "2026-11-01", "--to", "2026-11-03", "--parallel", "3"});
    assertThat(a.days()).hasSize(3);
    assertThat(a.parallel()).isEqualTo(3);
    assertThat(EmrArgs.parse(new String[] {"backfill", "--from", "2026-11-01", "--to", "2026-11-01"}).parallel())
        .as("default").isEqualTo(2);
  }

  @Test
  void badCommandLinesNameTheProblem() {
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {})).hasMessageContaining("missing command");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"run"})).hasMessageContaining("Unmatched argument at index 0: 'run'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit"})).hasMessageContaining("missing --date");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "22/11/2026"}))
        .hasMessageContaining("Invalid value for option '--date': expected a date YYYY-MM-DD, got '22/11/2026'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--from", "2026-11-01"}))
        .hasMessageStartingWith("Unknown option").hasMessageContaining("\'--from\'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"backfill", "--from", "2026-11-05", "--to", "2026-11-01"}))
        .hasMessageContaining("--to 2026-11-01 is before --from 2026-11-05");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"backfill", "--from", "2026-11-01", "--to", "2026-11-02",
        "--parallel", "0"})).hasMessageContaining("--parallel must be an integer in 1..16");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--bogus", "x"}))
        .hasMessageContaining("Unknown options: '--bogus', 'x'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--raw", "/local/path"}))
        .hasMessageContaining("--raw must be an s3:// URI");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date"})).hasMessageContaining("Missing required parameter for option '--date'");
  }

  @Test
  void forgetTakesARequestIdRepeatedUserIdsAndAnOptionalRange() throws Exception {
    EmrArgs a = EmrArgs.parse(new String[] {"forget", "--request-id", "DSR-42", "--user-id", "500000002",
        "--user-id=500000001", "--from", "2026-11-01", "--to", "2026-11-22", "--job-dry-run"});
    assertThat(a.command()).isEqualTo("forget");
    assertThat(a.erasure()).isEqualTo(new Erasure("DSR-42", java.util.List.of(500000001L, 500000002L),
        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-22"), true));
    assertThat(a.dryRun()).as("--job-dry-run is the job's, --dry-run the CLI's").isFalse();
    EmrArgs everyDay = EmrArgs.parse(new String[] {"forget", "--request-id", "DSR-42", "--user-id", "7"});
    assertThat(everyDay.erasure().from()).isNull();
    assertThat(everyDay.erasure().jobDryRun()).isFalse();
  }

  @Test
  void badForgetCommandLinesNameTheProblem() {
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--user-id", "7"}))
        .hasMessageContaining("Missing required option: '--request-id=ID'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--request-id", "r"}))
        .hasMessageContaining("Missing required option: '--user-id=U'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--request-id", "r", "--user-id", "x"}))
        .hasMessageContaining("Invalid value for option '--user-id' (U): 'x' is not a long");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--request-id", "r", "--user-id", "7",
        "--date", "2026-11-22"})).hasMessageStartingWith("Unknown option").hasMessageContaining("\'--date\'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--request-id", "r", "--user-id", "7",
        "--from", "2026-11-22"})).hasMessageContaining("--from and --to go together");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"forget", "--request-id", "r", "--user-id", "7",
        "--pseudonymize"})).hasMessageContaining("--pseudonymize and --pseudonym-key-secret-id go together");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--user-id", "7"}))
        .hasMessageStartingWith("Unknown option").hasMessageContaining("\'--user-id\'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--job-dry-run"}))
        .hasMessageStartingWith("Unknown option").hasMessageContaining("\'--job-dry-run\'");
  }

  @Test
  void submitAlsoTakesTheSchedulersFireTimeLikeTheJob() throws Exception {
    EmrArgs a = EmrArgs.parse(new String[] {"submit", "--scheduled-time", "2026-11-23T03:00:00Z"});
    assertThat(a.days()).as("the UTC day before the fire time").containsExactly(LocalDate.parse("2026-11-22"));
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--scheduled-time",
        "2026-11-23T03:00:00Z"})).hasMessageContaining("use only one of");
  }

  @Test
  void optionsOfTheSharedMixinsThatEmrCannotUseAreUnknown() {
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"submit", "--date", "2026-11-22", "--s3-endpoint",
        "http://127.0.0.1:9000"})).as("EMR reads s3:// with its own connector").hasMessageContaining("'--s3-endpoint'");
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"backfill", "--from", "2026-11-01", "--to", "2026-11-02",
        "--scheduled-time", "2026-11-23T03:00:00Z"})).hasMessageContaining("'--scheduled-time'");
  }

  @Test
  void helpAnywhereWins() {
    assertThatThrownBy(() -> EmrArgs.parse(new String[] {"backfill", "--help"})).isInstanceOf(EmrArgs.HelpRequested.class);
  }
}
