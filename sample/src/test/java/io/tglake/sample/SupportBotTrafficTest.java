package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SupportBotTrafficTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TrafficSpec SPEC =
      new TrafficSpec(LocalDate.of(2026, 11, 20), 3, 1500, 42, TrafficSpec.DEFAULT_ZONE);
  private static final Set<String> KINDS =
      Set.of(
          "message",
          "edited_message",
          "channel_post",
          "callback_query",
          "my_chat_member",
          "chat_member",
          "message_reaction",
          "inline_query");

  private static List<Delivery> deliveries;
  private static List<JsonNode> updates;

  @BeforeAll
  static void generate() {
    deliveries = generate(SPEC);
    updates = new ArrayList<>();
    for (Delivery d : deliveries) {
      updates.add(parse(d));
    }
  }

  private static List<Delivery> generate(TrafficSpec spec) {
    List<Delivery> out = new ArrayList<>();
    new SupportBotTraffic(spec).generate(out::add);
    return out;
  }

  private static JsonNode parse(Delivery d) {
    try {
      return JSON.readTree(d.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + d.bodyText(), e);
    }
  }

  private static List<JsonNode> payloads(String kind) {
    return updates.stream().filter(u -> u.has(kind)).map(u -> u.get(kind)).toList();
  }

  private static List<JsonNode> messages() {
    List<JsonNode> all = new ArrayList<>(payloads("message"));
    all.addAll(payloads("edited_message"));
    all.addAll(payloads("channel_post"));
    return all;
  }

  @Test
  void everyBodyIsOneUpdateObjectWithAnIntegerIdAndOneKnownKind() {
    for (JsonNode u : updates) {
      assertThat(u.isObject()).as("body is a JSON object").isTrue();
      assertThat(u.get("update_id").isIntegralNumber()).as("integer update_id in %s", u).isTrue();
      List<String> keys = new ArrayList<>();
      u.fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .as("update_id first, then exactly one update kind")
          .hasSize(2)
          .first()
          .isEqualTo("update_id");
      assertThat(KINDS).as("known kind").contains(keys.get(1));
    }
    assertThat(
            updates.stream()
                .map(u -> u.fieldNames())
                .map(
                    it -> {
                      it.next();
                      return it.next();
                    })
                .distinct()
                .toList())
        .as("every kind the support bot sees occurs")
        .containsExactlyInAnyOrderElementsOf(KINDS);
  }

  @Test
  void shapesFollowTheBotApi() {
    for (JsonNode m : messages()) {
      assertThat(m.get("message_id").isInt()).as("message_id in %s", m).isTrue();
      assertThat(m.get("date").isIntegralNumber()).as("date is Unix seconds").isTrue();
      assertThat(m.at("/chat/id").isIntegralNumber()).isTrue();
      assertThat(m.at("/chat/type").asText()).isIn("private", "group", "supergroup", "channel");
      if (m.has("from")) {
        assertThat(m.at("/from/is_bot").isBoolean()).as("User.is_bot").isTrue();
        assertThat(m.at("/from/first_name").isTextual()).isTrue();
      }
    }
    for (JsonNode q : payloads("callback_query")) {
      assertThat(q.get("id").isTextual()).as("CallbackQuery.id is a string").isTrue();
      assertThat(q.get("chat_instance").isTextual()).isTrue();
      assertThat(q.get("data").asText())
          .isIn(SupportBotTraffic.HELPFUL_YES, SupportBotTraffic.HELPFUL_NO);
      assertThat(q.has("date")).as("callback queries carry no date in the Bot API").isFalse();
      if (q.has("message")) {
        assertThat(q.at("/message/from/is_bot").asBoolean())
            .as("the pressed button is on the bot's message")
            .isTrue();
      }
    }
    assertThat(
            payloads("callback_query").stream()
                .filter(
                    q -> q.at("/message/reply_markup/inline_keyboard/0/0").has("callback_data")))
        .as("the \"did this help?\" inline keyboard is visible")
        .isNotEmpty();
    for (String kind : List.of("my_chat_member", "chat_member")) {
      for (JsonNode c : payloads(kind)) {
        assertThat(c.at("/old_chat_member/status").asText()).isIn("member", "left", "kicked");
        assertThat(c.at("/new_chat_member/user/id").isIntegralNumber()).isTrue();
        assertThat(c.get("date").isIntegralNumber()).isTrue();
      }
    }
    assertThat(
            payloads("my_chat_member").stream().map(c -> c.at("/new_chat_member/status").asText()))
        .as("users block and unblock the bot")
        .contains("kicked", "member");
    for (JsonNode r : payloads("message_reaction")) {
      assertThat(r.at("/new_reaction/0/type").asText()).isEqualTo("emoji");
      assertThat(r.get("old_reaction").isArray()).isTrue();
    }
  }

  @Test
  void messagesCoverTheContentKindsASupportBotSees() {
    List<JsonNode> ms = messages();
    for (String field :
        List.of(
            "text",
            "photo",
            "document",
            "voice",
            "sticker",
            "location",
            "contact",
            "animation",
            "new_chat_members",
            "left_chat_member",
            "migrate_to_chat_id",
            "migrate_from_chat_id",
            "reply_to_message",
            "caption_entities",
            "edit_date")) {
      assertThat(ms.stream().filter(m -> m.has(field)))
          .as("some message has %s", field)
          .isNotEmpty();
    }
    assertThat(ms.stream().filter(m -> m.has("new_chat_members")))
        .as("joins carry the legacy singular fields too")
        .allMatch(m -> m.has("new_chat_member") && m.has("new_chat_participant"));
    assertThat(ms.stream().filter(m -> m.has("animation")))
        .as("a GIF is also a document")
        .allMatch(m -> m.has("document"));
    assertThat(ms.stream().filter(m -> m.has("photo")))
        .as("photos come with captions")
        .allMatch(m -> m.has("caption") && m.get("photo").size() > 1);
    List<String> texts =
        ms.stream().filter(m -> m.has("text")).map(m -> m.get("text").asText()).toList();
    assertThat(texts)
        .as("Portuguese, English and emoji")
        .anyMatch(t -> t.contains("pedido"))
        .anyMatch(t -> t.contains("order"))
        .anyMatch(t -> t.codePoints().anyMatch(Character::isSupplementaryCodePoint));
    assertThat(texts)
        .as("commands, including requests for a human")
        .contains(
            "/start",
            "/help",
            "/ajuda",
            "/atendente",
            "/human",
            "/ajuda@" + SupportBotTraffic.BOT_USERNAME);
    assertThat(ms.stream().map(m -> m.at("/chat/type").asText()).distinct().toList())
        .containsExactlyInAnyOrder("private", "group", "supergroup", "channel");
    assertThat(ms.stream().filter(m -> m.has("migrate_to_chat_id")))
        .as("the group migrates once")
        .hasSize(1);
  }

  @Test
  void entityOffsetsAndLengthsCountUtf16CodeUnits() {
    int afterAstral = 0;
    int checked = 0;
    for (JsonNode m : messages()) {
      for (String[] pair : new String[][] {{"text", "entities"}, {"caption", "caption_entities"}}) {
        if (!m.has(pair[1])) {
          continue;
        }
        String text =
            m.get(pair[0]).asText(); // Java strings index UTF-16 code units, like the Bot API
        for (JsonNode e : m.get(pair[1])) {
          int offset = e.get("offset").asInt();
          int length = e.get("length").asInt();
          assertThat(offset + length)
              .as("entity inside the text: %s", m)
              .isLessThanOrEqualTo(text.length());
          String cut = text.substring(offset, offset + length);
          String type = e.get("type").asText();
          switch (type) {
            case "bot_command" -> assertThat(cut).startsWith("/").doesNotContain(" ");
            case "url" -> assertThat(cut).startsWith("https://");
            case "email" -> assertThat(cut).contains("@").endsWith(".com");
            case "hashtag" -> assertThat(cut).startsWith("#");
            case "mention" -> assertThat(cut).isEqualTo("@" + SupportBotTraffic.BOT_USERNAME);
            case "phone_number" -> assertThat(cut).startsWith("+55");
            case "code" -> assertThat(cut).startsWith("AURORA");
            case "text_link" -> assertThat(cut).isEqualTo("checkout");
            default -> throw new AssertionError("unexpected entity type " + type);
          }
          checked++;
          String before = text.substring(0, offset);
          if (before.codePointCount(0, before.length()) != before.length()) {
            afterAstral++;
          }
        }
      }
    }
    assertThat(checked).as("entities checked").isGreaterThan(300);
    assertThat(afterAstral)
        .as("entities after an emoji, where code points and UTF-16 units differ")
        .isGreaterThan(20);
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
    TrafficSpec small =
        new TrafficSpec(LocalDate.of(2026, 1, 5), 2, 300, 9, TrafficSpec.DEFAULT_ZONE);
    List<Delivery> a = generate(small);
    List<Delivery> b = generate(small);
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).body()).as("delivery %d", i).isEqualTo(b.get(i).body());
      assertThat(a.get(i).arrival()).isEqualTo(b.get(i).arrival());
    }
    List<Delivery> c = generate(new TrafficSpec(small.startDate(), 2, 300, 10, small.zone()));
    assertThat(c.get(5).bodyText())
        .as("another seed, other traffic")
        .isNotEqualTo(a.get(5).bodyText());
  }

  @Test
  void eachDayHasExactlyTheRequestedUpdatesAndIdsGrowWithArrival() {
    Map<LocalDate, Integer> firstPerDay = new TreeMap<>();
    long lastId = Long.MIN_VALUE;
    Instant lastArrival = Instant.MIN;
    for (Delivery d : deliveries) {
      assertThat(d.arrival()).as("deliveries come in arrival order").isAfterOrEqualTo(lastArrival);
      lastArrival = d.arrival();
      if (!d.redelivery()) {
        assertThat(d.updateId()).as("update_id increases with first arrival").isGreaterThan(lastId);
        lastId = d.updateId();
        firstPerDay.merge(d.arrivalDate(), 1, Integer::sum);
      }
    }
    assertThat(firstPerDay)
        .containsExactly(
            Map.entry(LocalDate.of(2026, 11, 20), 1500),
            Map.entry(LocalDate.of(2026, 11, 21), 1500),
            Map.entry(LocalDate.of(2026, 11, 22), 1500));
  }

  @Test
  void redeliveriesRepeatIdAndBytesAndOneCrossesEachUtcMidnight() {
    Map<Long, Delivery> first = new HashMap<>();
    int sameDay = 0;
    Set<LocalDate> crossedInto = new HashSet<>();
    for (Delivery d : deliveries) {
      if (!d.redelivery()) {
        assertThat(first.put(d.updateId(), d)).as("first deliveries are unique").isNull();
        continue;
      }
      Delivery original = first.get(d.updateId());
      assertThat(original).as("a redelivery follows its original").isNotNull();
      assertThat(d.body()).as("Telegram resends the same bytes").isEqualTo(original.body());
      assertThat(d.arrival()).isAfter(original.arrival());
      if (d.arrivalDate().equals(original.arrivalDate())) {
        sameDay++;
      } else {
        crossedInto.add(d.arrivalDate());
      }
    }
    assertThat(sameDay).as("same-day redeliveries").isGreaterThanOrEqualTo(2 * SPEC.days());
    assertThat(crossedInto)
        .as("one redelivery crosses each UTC midnight inside the range")
        .containsExactlyInAnyOrder(LocalDate.of(2026, 11, 21), LocalDate.of(2026, 11, 22));
  }

  @Test
  void bodiesComeInSeveralValidJsonLayouts() {
    int multiLine = 0;
    int oneLine = 0;
    int escaped = 0;
    int rawUtf8 = 0;
    for (Delivery d : deliveries) {
      String body = d.bodyText();
      if (body.contains("\n")) {
        multiLine++;
      } else {
        oneLine++;
      }
      if (body.contains("\\u")) {
        escaped++;
      }
      if (body.codePoints().anyMatch(cp -> cp > 127)) {
        rawUtf8++;
      }
    }
    assertThat(multiLine).as("pretty-printed bodies").isGreaterThan(deliveries.size() / 10);
    assertThat(oneLine).as("compact bodies").isGreaterThan(deliveries.size() / 2);
    assertThat(escaped).as("non-ASCII escaped as \\uXXXX").isGreaterThan(50);
    assertThat(rawUtf8).as("non-ASCII as raw UTF-8").isGreaterThan(50);
    assertThat(deliveries).as("CRLF layouts too").anyMatch(d -> d.bodyText().contains("\r\n"));
  }

  @Test
  void trafficFollowsALocalDailyRhythmAndUsersComeBack() {
    ZoneId zone = SPEC.zone();
    int[] byLocalHour = new int[24];
    Map<Long, List<Long>> privateMessageTimes = new HashMap<>();
    for (JsonNode m : payloads("message")) {
      long date = m.get("date").asLong();
      byLocalHour[Instant.ofEpochSecond(date).atZone(zone).getHour()]++;
      if (m.at("/chat/type").asText().equals("private")) {
        privateMessageTimes
            .computeIfAbsent(m.at("/from/id").asLong(), k -> new ArrayList<>())
            .add(date);
      }
    }
    int afternoon = byLocalHour[14] + byLocalHour[15] + byLocalHour[16];
    int night = byLocalHour[3] + byLocalHour[4] + byLocalHour[5];
    assertThat(afternoon)
        .as("local afternoon busier than the small hours")
        .isGreaterThan(5 * night);
    long returning =
        privateMessageTimes.values().stream()
            .filter(
                ts -> {
                  long min = ts.stream().mapToLong(Long::longValue).min().orElseThrow();
                  return ts.stream().anyMatch(t -> t - min > 3_600 && t - min < 86_400);
                })
            .count();
    assertThat(returning).as("users who come back within 24 h").isGreaterThan(20);
  }
}
