package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun of a day whose raw partition became empty removes that day's enriched partitions (and
 * only those).
 */
class EmptyRawDayTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final LocalDate NEXT = DAY.plusDays(1);

  @TempDir Path lake;

  @Test
  void emptiedDayLosesItsPartitionsOtherDaysStayAndAMistypedRawRootTouchesNothing()
      throws IOException {
    Path raw = lake.resolve("raw");
    Path enriched = lake.resolve("enriched");
    Path file = writeRaw(raw, DAY, "1.json", textUpdate(1, "hi"), T);
    writeRaw(raw, DAY, "bad.json", "{not json", T);
    writeRaw(raw, NEXT, "2.json", textUpdate(2, "ola"), T.plusSeconds(86400));
    for (LocalDate d : new LocalDate[] {DAY, NEXT}) {
      assertThat(
              TelegramEtlJob.run(
                      spark,
                      JobArgs.forDay(raw.toString(), enriched.toString(), d)
                          .withMaxBadFraction(0.9))
                  .single()
                  .status())
          .as("initial %s", d)
          .isEqualTo(DayResult.Status.SUCCEEDED);
    }
    assertThat(enriched.resolve("_quarantine/context_date=" + DAY))
        .as("quarantine written")
        .exists();

    DayResult typo =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(lake.resolve("no-such-raw").toString(), enriched.toString(), DAY))
            .single();
    assertThat(typo.status())
        .as("missing raw root: a failure, not an empty day")
        .isEqualTo(DayResult.Status.FAILED);
    assertThat(typo.error().orElseThrow())
        .as("names the path")
        .contains(lake.resolve("no-such-raw").toString());
    assertThat(enriched.resolve("messages/context_date=" + DAY))
        .as("a mistyped --raw removes nothing")
        .exists();

    Files.delete(file);
    Files.delete(raw.resolve("context_date=" + DAY).resolve("bad.json"));
    DayResult r =
        TelegramEtlJob.run(spark, JobArgs.forDay(raw.toString(), enriched.toString(), DAY))
            .single();

    assertThat(r.status()).as("empty day still succeeds").isEqualTo(DayResult.Status.EMPTY);
    for (String t : new String[] {"messages", "updates", "_quarantine"}) {
      assertThat(enriched.resolve(t).resolve("context_date=" + DAY))
          .as("%s of the emptied day", t)
          .doesNotExist();
    }
    assertThat(enriched.resolve("messages/context_date=" + NEXT))
        .as("other day untouched")
        .exists();
    assertThat(enriched.resolve("updates/context_date=" + NEXT)).as("other day untouched").exists();
  }
}
