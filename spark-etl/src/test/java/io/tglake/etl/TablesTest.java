package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.testkit.SharedSpark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Table transforms over one update of every Bot API update kind and message content kind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablesTest {

  private final SparkSession spark = SharedSpark.get();
  private Dataset<Row> updates;

  @BeforeAll
  void parseEveryKind() {
    updates = Fixtures.updates(spark, BotApiFixtures.all()).cache();
  }

  private static Map<Long, Object> byId(Dataset<Row> df, String column) {
    Map<Long, Object> out = new LinkedHashMap<>();
    for (Row r : df.orderBy("update_id").select("update_id", column).collectAsList()) {
      out.put(r.getLong(0), r.get(1));
    }
    return out;
  }

  @Test
  void updatesHasOneRowPerUpdateWithItsKind() {
    Dataset<Row> u = Tables.updates(updates);
    Map<Long, Object> expected = new LinkedHashMap<>();
    BotApiFixtures.updateKinds().forEach((id, v) -> expected.put(id, v[0]));
    BotApiFixtures.messageKinds().forEach((id, v) -> expected.put(id, "message"));

    assertThat(byId(u, "update_type"))
        .as("update_type per update, unknown kinds keep their key")
        .containsExactlyEntriesOf(expected);
    Map<Long, Object> chat = byId(u, "chat_id");
    Map<Long, Object> user = byId(u, "user_id");
    assertThat(chat.get(3L)).as("channel_post chat").isEqualTo(-100999L);
    assertThat(user.get(3L)).as("anonymous channel post has no user").isNull();
    assertThat(chat.get(13L)).as("callback chat from its message").isEqualTo(42L);
    assertThat(user.get(13L)).as("callback user").isEqualTo(42L);
    assertThat(chat.get(20L)).as("chat_member chat").isEqualTo(-100123L);
    assertThat(user.get(20L)).as("chat_member actor").isEqualTo(7L);
    assertThat(chat.get(5L)).as("business_connection user chat").isEqualTo(42L);
    assertThat(user.get(18L)).as("poll_answer user").isEqualTo(42L);
    assertThat(chat.get(17L)).as("poll has no chat").isNull();
    assertThat(byId(u, "event_date").get(22L)).as("chat_boost date").isEqualTo(BotApiFixtures.DATE);
    assertThat(byId(u, "event_date").get(11L)).as("inline_query has no date").isNull();
    Row raw = u.where("update_id = 24").select("raw_json").first();
    assertThat(raw.getString(0))
        .as("raw JSON kept as read")
        .isEqualTo(BotApiFixtures.updateKinds().get(24L)[1]);
  }

  @Test
  void messageTypeFollowsTheDocumentedPrecedenceNotKeyOrder() {
    Dataset<Row> m = Tables.messages(updates);
    Map<Long, Object> expected = new LinkedHashMap<>();
    for (long id : new long[] {1, 2, 3, 4, 6, 7}) {
      expected.put(id, "text");
    }
    BotApiFixtures.messageKinds().forEach((id, v) -> expected.put(id, v[0]));

    assertThat(byId(m, "message_type"))
        .as("message_type per message update")
        .containsExactlyEntriesOf(expected);
    assertThat(byId(m, "update_type"))
        .as("message-like kinds only")
        .containsEntry(2L, "edited_message")
        .containsEntry(4L, "edited_channel_post")
        .containsEntry(7L, "edited_business_message")
        .doesNotContainKey(13L);
  }

  @Test
  void messagesCarryUserChatTimesAndMedia() {
    Dataset<Row> m = Tables.messages(updates);
    Row edited = m.where("update_id = 2").first();
    assertThat(edited.<Long>getAs("user_id")).as("user_id").isEqualTo(42L);
    assertThat(edited.<String>getAs("user_username")).as("username").isEqualTo("ana");
    assertThat(edited.<Boolean>getAs("user_is_premium")).as("premium").isTrue();
    assertThat(edited.<Long>getAs("date")).as("date").isEqualTo(BotApiFixtures.DATE);
    assertThat(edited.getAs("sent_at").toString())
        .as("sent_at UTC")
        .isEqualTo("2026-11-22 10:00:00.0");
    assertThat(edited.getAs("edited_at").toString())
        .as("edited_at")
        .isEqualTo("2026-11-22 10:01:00.0");
    assertThat(edited.<String>getAs("chat_type")).as("chat_type").isEqualTo("private");

    Row channel = m.where("update_id = 3").first();
    assertThat(channel.<Long>getAs("user_id")).as("anonymous channel post").isNull();
    assertThat(channel.<Long>getAs("sender_chat_id")).as("sender_chat").isEqualTo(-100999L);
    assertThat(channel.<String>getAs("chat_title")).as("chat title").isEqualTo("News");

    Row photo = m.where("update_id = 103").first();
    assertThat(photo.<String>getAs("media_file_id"))
        .as("largest photo, not the first or last")
        .isEqualTo("p-big");
    assertThat(photo.<Long>getAs("media_file_size")).as("photo size").isEqualTo(90000L);
    assertThat(photo.<String>getAs("caption")).as("caption").isEqualTo("receipt");
    Row animation = m.where("update_id = 102").first();
    assertThat(animation.<String>getAs("media_file_id"))
        .as("animation, not its document twin")
        .isEqualTo("an1");
    assertThat(animation.<Long>getAs("media_duration")).as("duration").isEqualTo(3L);
    Row voice = m.where("update_id = 106").first();
    assertThat(voice.<String>getAs("media_mime_type")).as("voice mime").isEqualTo("audio/ogg");
    Row sticker = m.where("update_id = 109").first();
    assertThat(sticker.<String>getAs("sticker_emoji")).as("sticker emoji").isEqualTo("😀");
    Row venue = m.where("update_id = 112").first();
    assertThat(venue.<Double>getAs("location_latitude")).as("venue latitude").isEqualTo(-23.55);
    assertThat(m.where("update_id = 129").first().<Long>getAs("migrate_to_chat_id"))
        .as("migrate to")
        .isEqualTo(-100777L);
    assertThat(m.where("update_id = 101").first().<Boolean>getAs("is_forwarded"))
        .as("not forwarded")
        .isFalse();
  }

  @Test
  void forwardsCommandsAndRepliesAreDerived() {
    String fwdNew =
        BotApiFixtures.update(
            301,
            "message",
            BotApiFixtures.msg(
                1,
                BotApiFixtures.PRIVATE,
                "\"text\": \"fw\", \"forward_origin\": {\"type\": \"channel\", \"chat\": "
                    + BotApiFixtures.CHANNEL
                    + ", \"message_id\": 4, \"date\": 1795300000}"));
    String fwdLegacy =
        BotApiFixtures.update(
            302,
            "message",
            BotApiFixtures.msg(
                2,
                BotApiFixtures.PRIVATE,
                "\"text\": \"fw\", \"forward_sender_name\": \"Hidden\", \"forward_date\": 1795300001"));
    String command =
        BotApiFixtures.update(
            303,
            "message",
            BotApiFixtures.msg(
                3,
                BotApiFixtures.GROUP,
                "\"text\": \"/Start@SupportBot now\", \"entities\": [{\"offset\": 0, \"length\": 17, "
                    + "\"type\": \"bot_command\"}], \"reply_to_message\": "
                    + BotApiFixtures.msg(2, BotApiFixtures.GROUP, "\"text\": \"x\"")
                    + ", \"message_thread_id\": 77"));
    String notAtStart =
        BotApiFixtures.update(
            304,
            "message",
            BotApiFixtures.msg(
                4,
                BotApiFixtures.PRIVATE,
                "\"text\": \"say /help\", \"entities\": [{\"offset\": 4, \"length\": 5, \"type\": \"bot_command\"}]"));
    Dataset<Row> m =
        Tables.messages(Fixtures.updates(spark, fwdNew, fwdLegacy, command, notAtStart));

    assertThat(byId(m, "is_forwarded"))
        .as("is_forwarded")
        .containsExactly(
            Map.entry(301L, true),
            Map.entry(302L, true),
            Map.entry(303L, false),
            Map.entry(304L, false));
    Map<Long, Object> origin = byId(m, "forward_origin_type");
    assertThat(origin.get(301L)).as("forward_origin.type").isEqualTo("channel");
    assertThat(origin.get(302L)).as("legacy hidden user").isEqualTo("hidden_user");
    assertThat(byId(m, "forward_date").get(302L)).as("legacy forward_date").isEqualTo(1795300001L);
    Map<Long, Object> cmd = byId(m, "command");
    assertThat(cmd.get(303L)).as("command lower-cased without @bot").isEqualTo("/start");
    assertThat(cmd.get(304L)).as("a command not at offset 0 is not the message's command").isNull();
    assertThat(byId(m, "reply_to_message_id").get(303L)).as("reply").isEqualTo(2L);
    assertThat(byId(m, "message_thread_id").get(303L)).as("thread").isEqualTo(77L);
  }

  @Test
  void callbackQueriesIncludingInaccessibleMessages() {
    String inaccessible =
        BotApiFixtures.update(
            401,
            "callback_query",
            "{\"id\": \"cb2\", \"from\": "
                + BotApiFixtures.USER
                + ", \"message\": {\"chat\": "
                + BotApiFixtures.PRIVATE
                + ", \"message_id\": 9, "
                + "\"date\": 0}, \"chat_instance\": \"-55\", \"data\": \"helpful:no\"}");
    String inline =
        BotApiFixtures.update(
            402,
            "callback_query",
            "{\"id\": \"cb3\", \"from\": "
                + BotApiFixtures.USER
                + ", \"inline_message_id\": \"im1\", \"chat_instance\": \"-56\", "
                + "\"game_short_name\": \"g\"}");
    List<Row> rows =
        Tables.callbackQueries(Fixtures.updates(spark, inaccessible, inline))
            .orderBy("update_id")
            .collectAsList();

    assertThat(rows).as("rows").hasSize(2);
    Row a = rows.get(0);
    assertThat(
            List.of(
                a.getAs("callback_query_id"),
                a.getAs("user_id"),
                a.getAs("chat_id"),
                a.getAs("chat_type"),
                a.getAs("message_id"),
                a.getAs("data")))
        .as("inaccessible message still gives chat and message")
        .containsExactly("cb2", 42L, 42L, "private", 9L, "helpful:no");
    assertThat(a.getAs("sent_at").toString())
        .as("sent_at = arrival time")
        .isEqualTo("2026-11-22 10:00:00.0");
    Row b = rows.get(1);
    assertThat(List.of(b.getAs("inline_message_id"), b.getAs("game_short_name")))
        .as("inline")
        .containsExactly("im1", "g");
    assertThat(b.<Long>getAs("chat_id")).as("no chat for inline").isNull();
  }

  @Test
  void chatMemberUpdatesExplodeJoinsAndKeepStatusChanges() {
    List<String> rows =
        Tables.chatMemberUpdates(updates)
            .orderBy("update_id", "user_id")
            .selectExpr(
                "concat_ws('|', update_id, update_type, event, chat_id, coalesce(actor_user_id, 'null'), "
                    + "user_id, coalesce(old_status, 'null'), new_status, date)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();

    assertThat(rows)
        .as("one row per affected user")
        .containsExactly(
            "19|my_chat_member|status_change|42|42|7|member|kicked|" + BotApiFixtures.DATE,
            "20|chat_member|status_change|-100123|7|42|left|member|" + BotApiFixtures.DATE,
            "120|message|join|-100123|42|7|null|member|" + BotApiFixtures.DATE,
            "120|message|join|-100123|42|43|null|member|" + BotApiFixtures.DATE,
            "121|message|leave|-100123|42|7|null|left|" + BotApiFixtures.DATE);
  }
}
