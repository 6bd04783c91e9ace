package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan sorts a range into their objects (delete) and other people's objects that name them
 * (redact) — also those that name them only by username or phone, learnt from another day of the
 * range.
 */
class RawScanTest {

  @TempDir Path lake;

  @Test
  void findsMentionsByUsernameAndCardsByPhoneLearntElsewhereInTheRange() throws Exception {
    String p1 = "context_date=2026-11-21/";
    String p2 = "context_date=2026-11-22/";
    String group = "\"chat\":{\"id\":-1,\"type\":\"group\"},\"date\":1";
    try (ObjectStore raw = ObjectStores.open(lake.toString(), Optional.empty())) {
      // Day 1: someone @mentions her and shares a card with her number (no user id): nothing names
      // her id here.
      raw.put(
          p1 + "1.json",
          ("{\"update_id\":1,\"message\":{\"message_id\":1,\"from\":{\"id\":77},"
                  + group
                  + ",\"text\":\"@Ana_S oi\",\"entities\":[{\"type\":\"mention\",\"offset\":0,\"length\":6}]}}")
              .getBytes(StandardCharsets.UTF_8));
      raw.put(
          p1 + "2.json",
          ("{\"update_id\":2,\"message\":{\"message_id\":2,\"from\":{\"id\":77},"
                  + group
                  + ",\"contact\":{\"phone_number\":\"+55 11 90000-1111\",\"first_name\":\"A\"}}}")
              .getBytes(StandardCharsets.UTF_8));
      raw.put(
          p1 + "3.json",
          ("{\"update_id\":3,\"message\":{\"message_id\":3,\"from\":{\"id\":77},"
                  + group
                  + ",\"text\":\"@bia oi\",\"entities\":[{\"type\":\"mention\",\"offset\":0,\"length\":4}]}}")
              .getBytes(StandardCharsets.UTF_8));
      // Day 2: her own message (username) and her own contact card (phone): deleted, and they teach
      // the scan.
      raw.put(
          p2 + "4.json",
          ("{\"update_id\":4,\"message\":{\"message_id\":4,\"from\":{\"id\":42,\"is_bot\":false,"
                  + "\"first_name\":\"Ana\",\"username\":\"ana_s\"},"
                  + group
                  + ",\"text\":\"oi\"}}")
              .getBytes(StandardCharsets.UTF_8));
      raw.put(
          p2 + "5.json",
          ("{\"update_id\":5,\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
                  + "\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1,\"contact\":{"
                  + "\"phone_number\":\"5511900001111\",\"first_name\":\"Ana\",\"user_id\":42}}}")
              .getBytes(StandardCharsets.UTF_8));
      raw.put(
          p2 + "6.json",
          ("{\"update_id\":6,\"message\":{\"message_id\":6,\"from\":{\"id\":77},"
                  + group
                  + ",\"forward_origin\":{\"type\":\"user\",\"date\":0,\"sender_user\":{\"id\":42,\"is_bot\":false,"
                  + "\"first_name\":\"Ana\"}},\"text\":\"fwd\"}}")
              .getBytes(StandardCharsets.UTF_8));
      ForgetArgs args =
          new ForgetArgs(
              Set.of(42L),
              lake.toString(),
              lake.resolve("e").toString(),
              Optional.empty(),
              Optional.empty(),
              true,
              "r",
              Optional.empty(),
              Optional.empty());

      List<RawScan.Day> days = new RawScan(raw, new PersonMatcher(Set.of(42L))).scan(args);

      assertThat(days)
          .as(
              "day 1: @mention and card redacted, @bia not; day 2: hers deleted, the forward redacted")
          .containsExactly(
              new RawScan.Day(
                  LocalDate.parse("2026-11-21"),
                  List.of(),
                  3,
                  0,
                  List.of(p1 + "1.json", p1 + "2.json")),
              new RawScan.Day(
                  LocalDate.parse("2026-11-22"),
                  List.of(p2 + "4.json", p2 + "5.json"),
                  3,
                  1,
                  List.of(p2 + "6.json")));
    }
  }
}
