package io.tglake.etl.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.testkit.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * {@code bin/tglake pseudonym} prints exactly the id a {@code --pseudonymize} ETL wrote with the
 * same key, from a key file or from the stack's secret, so that the export queries of an access
 * request find the person's rows.
 */
class PseudonymCommandTest {

  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:PseudonymKey-AbCdEf";
  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String KEY = "c2VjcmV0LWtleS1vZi10aGUtc3RhY2stMzItYnl0ZXM=";

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(Function<String, GetSecretValueResponse> secrets, String... argv) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Cli.of(new PseudonymCommand(new PrintWriter(out, true), secrets))
            .out(new PrintWriter(out, true))
            .err(new PrintWriter(err, true))
            .execute(argv);
    return new Run(exit, out.toString(), err.toString());
  }

  private static GetSecretValueResponse noSecrets(String id) {
    throw new AssertionError("no secret expected, asked for " + id);
  }

  @Test
  void printsTheIdsThePseudonymizedEtlWroteWithTheSameKeyFile() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path raw = dir.resolve("raw");
    Files.createDirectories(raw.resolve("context_date=" + DAY));
    for (long user : List.of(42L, 43L)) {
      Files.writeString(
          raw.resolve("context_date=" + DAY).resolve(user + ".json"),
          "{\"update_id\": "
              + user
              + ", \"message\": {\"message_id\": 1, \"date\": 1795341600, \"from\": {\"id\": "
              + user
              + ", \"is_bot\": false, \"first_name\": \"U\"}, \"chat\": {\"id\": "
              + user
              + ", \"type\": \"private\"}, \"text\": \"oi\"}}",
          StandardCharsets.UTF_8);
    }
    // As the docs create it: base64 text with a trailing newline, which the ETL strips.
    Path key = Files.writeString(dir.resolve("pseudonym.key"), KEY + "\n", StandardCharsets.UTF_8);
    Path enriched = dir.resolve("enriched");
    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(raw.toString(), enriched.toString(), DAY)
                    .withPseudonymize(PseudonymizeOptions.keyFile(key.toString())))
            .single();
    assertThat(r.ok()).as("pseudonymized ETL day %s", r.error()).isTrue();
    List<Long> written =
        new ArrayList<>(
            spark
                .read()
                .parquet(enriched.resolve("messages").toString())
                .select("user_id")
                .as(Encoders.LONG())
                .collectAsList());
    written.sort(null);

    Run printed =
        run(
            PseudonymCommandTest::noSecrets,
            "--user-id",
            "42",
            "--user-id",
            "43",
            "--key-file",
            key.toString());

    assertThat(printed.exit()).as("exit code; stderr: " + printed.err()).isZero();
    List<Long> ids = printed.out().lines().map(Long::parseLong).toList();
    assertThat(ids).as("one line per id, in order").hasSize(2);
    assertThat(written)
        .as("the user_id values the ETL wrote are the printed pseudonyms")
        .containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(ids).as("no raw id printed").doesNotContain(42L, 43L);
    assertThat(printed.out()).as("the key never shows").doesNotContain(KEY);
  }

  @Test
  void readsTheStacksSecretInTheRegionOfItsArn() {
    List<String> asked = new ArrayList<>();
    Run printed =
        run(
            id -> {
              asked.add(id);
              return GetSecretValueResponse.builder().secretString(KEY).build();
            },
            "--user-id",
            "42",
            "--secret-arn",
            SECRET_ARN);

    assertThat(printed.exit()).as("exit code; stderr: " + printed.err()).isZero();
    assertThat(asked).as("one GetSecretValue of the given ARN").containsExactly(SECRET_ARN);
    assertThat(printed.out().strip())
        .as("the same pseudonym as a file holding the same key")
        .isEqualTo(
            Long.toString(new PseudonymKey(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym(42)));
    assertThat(PseudonymCommand.regionOf(SECRET_ARN))
        .as("Region from the ARN")
        .contains(Region.EU_WEST_1);
    assertThat(PseudonymCommand.regionOf("PseudonymKey"))
        .as("a plain name: the default Region")
        .isEmpty();
  }

  @Test
  void badOptionsExit2WithAClearMessage() throws Exception {
    Path key = Files.writeString(dir.resolve("k"), KEY, StandardCharsets.UTF_8);
    Run both =
        run(
            PseudonymCommandTest::noSecrets,
            "--user-id",
            "42",
            "--key-file",
            key.toString(),
            "--secret-arn",
            SECRET_ARN);
    assertThat(both.exit()).as("two key sources").isEqualTo(2);
    assertThat(both.err()).as("names the conflict").contains("--key-file", "--secret-arn");
    Run none = run(PseudonymCommandTest::noSecrets, "--user-id", "42");
    assertThat(none.exit()).as("no key source").isEqualTo(2);
    Run negative =
        run(PseudonymCommandTest::noSecrets, "--user-id", "-5", "--key-file", key.toString());
    assertThat(negative.exit()).as("not a user id").isEqualTo(2);
    assertThat(negative.err()).contains("positive");
    Run shortKey =
        run(
            PseudonymCommandTest::noSecrets,
            "--user-id",
            "42",
            "--key-file",
            Files.writeString(dir.resolve("short"), "abc", StandardCharsets.UTF_8).toString());
    assertThat(shortKey.exit()).as("a key too short to be the ETL's fails").isEqualTo(1);
    assertThat(shortKey.out()).as("nothing printed").isEmpty();
  }
}
