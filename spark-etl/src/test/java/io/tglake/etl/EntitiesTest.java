package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.testkit.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * message_entities: Bot API offsets/lengths count UTF-16 code units, so astral characters count
 * twice.
 */
class EntitiesTest {

  private final SparkSession spark = SharedSpark.get();

  private List<String> entities(String... json) {
    return Tables.messageEntities(Fixtures.updates(spark, json))
        .orderBy("update_id", "source", "entity_index")
        .selectExpr(
            "concat_ws('|', update_id, source, entity_index, type, coalesce(cast(offset as string), 'null'), length, "
                + "coalesce(entity_text, 'null'), coalesce(url, ''), coalesce(cast(mentioned_user_id as string), ''))")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static String message(long id, String body) {
    return BotApiFixtures.update(
        id, "message", BotApiFixtures.msg(id, BotApiFixtures.PRIVATE, body));
  }

  @Test
  void emojiBeforeAnEntityDoesNotShiftIt() {
    // "😀" is one code point but two UTF-16 units: /start starts at offset 3.
    List<String> rows =
        entities(
            message(
                1,
                "\"text\": \"😀 /start\", \"entities\": [{\"type\": \"bot_command\", "
                    + "\"offset\": 3, \"length\": 6}]"));
    assertThat(rows).as("entity after emoji").containsExactly("1|text|0|bot_command|3|6|/start||");
  }

  @Test
  void severalAstralCharactersMentionsUrlsAndCaptions() {
    String text = "👨‍👩‍👧 oi @ana veja https://t.me/x 🇧🇷 fim";
    // 👨‍👩‍👧 = 3 astral + 2 ZWJ = 8 units; "oi " -> @ana at 9..13; "veja " -> url at 19, length
    // 14.
    String json =
        message(
            2,
            "\"text\": \""
                + text
                + "\", \"entities\": ["
                + "{\"type\": \"mention\", \"offset\": 12, \"length\": 4},"
                + "{\"type\": \"url\", \"offset\": 22, \"length\": 14},"
                + "{\"type\": \"text_link\", \"offset\": 37, \"length\": 4, \"url\": \"https://example.com\"},"
                + "{\"type\": \"text_mention\", \"offset\": 0, \"length\": 8, \"user\": {\"id\": 43, \"is_bot\": false, "
                + "\"first_name\": \"Bia\"}}]");
    String caption =
        message(
            3,
            "\"photo\": "
                + BotApiFixtures.PHOTO
                + ", \"caption\": \"𝐁𝐨𝐥𝐝 ok\", "
                + "\"caption_entities\": [{\"type\": \"bold\", \"offset\": 0, \"length\": 8}, "
                + "{\"type\": \"italic\", \"offset\": 9, \"length\": 2}]");

    assertThat(entities(json, caption))
        .as("UTF-16 cuts")
        .containsExactly(
            "2|text|0|mention|12|4|@ana||",
            "2|text|1|url|22|14|https://t.me/x||",
            "2|text|2|text_link|37|4|🇧🇷|https://example.com|",
            "2|text|3|text_mention|0|8|👨‍👩‍👧||43",
            "3|caption|0|bold|0|8|𝐁𝐨𝐥𝐝||",
            "3|caption|1|italic|9|2|ok||");
  }

  @Test
  void outOfRangeOffsetsGiveNullTextNotAnError() {
    List<String> rows =
        entities(
            message(
                4,
                "\"text\": \"short\", \"entities\": ["
                    + "{\"type\": \"bold\", \"offset\": 3, \"length\": 10},"
                    + "{\"type\": \"bold\", \"offset\": -1, \"length\": 2},"
                    + "{\"type\": \"bold\", \"offset\": 99999999999, \"length\": 1},"
                    + "{\"type\": \"bold\", \"offset\": 0, \"length\": 5}]"));
    assertThat(rows)
        .as("guarded")
        .containsExactly(
            "4|text|0|bold|3|10|null||",
            "4|text|1|bold|-1|2|null||",
            "4|text|2|bold|null|1|null||",
            "4|text|3|bold|0|5|short||");
  }
}
