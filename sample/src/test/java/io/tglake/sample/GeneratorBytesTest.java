package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * "Deterministic: same options, same bytes" across versions, not only within one run: demo lakes,
 * benchmark days and the demo bot's script are regenerated from options, so a refactoring that
 * moves one random draw silently changes all of them. The digests below are those of the generator
 * before it was split into parts (commit 6b4dbbf); a deliberate change of the traffic updates them
 * and says so in its commit.
 */
class GeneratorBytesTest {

  @Test
  void aFixedSpecGivesTheSameUpdatesAndBotRecordsAsBefore() throws NoSuchAlgorithmException {
    // Two days across Berlin's DST change, so the daily rhythm's UTC mapping is in the bytes too.
    TrafficSpec spec =
        new TrafficSpec(LocalDate.of(2026, 3, 28), 2, 400, 7, ZoneId.of("Europe/Berlin"));
    MessageDigest updates = MessageDigest.getInstance("SHA-256");
    MessageDigest bot = MessageDigest.getInstance("SHA-256");
    new SupportBotTraffic(spec)
        .generate(
            d -> {
              updates.update(
                  (d.updateId() + " " + d.arrival() + " " + d.redelivery() + "\n")
                      .getBytes(StandardCharsets.UTF_8));
              updates.update(d.body());
            },
            r -> {
              bot.update((r.path() + " " + r.capturedAt() + "\n").getBytes(StandardCharsets.UTF_8));
              bot.update(r.body());
            });

    assertThat(HexFormat.of().formatHex(updates.digest()))
        .as("update ids, arrival times, redelivery flags and bodies, in delivery order")
        .isEqualTo("6c47ca44240d23fd646ef71dfc5d113da7d0f7d3539b2d35bdc0ebde90159f06");
    assertThat(HexFormat.of().formatHex(bot.digest()))
        .as("the bot's outgoing records: keys, capture times and bodies, in order")
        .isEqualTo("183d2eef691276aea9bc579e81f1b55c1e43a59adcbfe110e40ec342606a61c7");
  }
}
