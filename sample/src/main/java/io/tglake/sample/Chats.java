package io.tglake.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What the chats carry across days: each chat's last message_id, the support group's identity
 * (group before the migration, supergroup after), and the bot's own user.
 */
final class Chats {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String GROUP_TITLE = "Suporte Loja Aurora";

  private final Dice rng;
  private final long migrationAt;
  private final Map<Long, int[]> messageCounters = new HashMap<>();
  private final ObjectNode bot;

  Chats(Dice rng, long migrationAt) {
    this.rng = rng;
    this.migrationAt = migrationAt;
    this.bot = JSON.objectNode();
    bot.put("id", SupportBotTraffic.BOT_ID)
        .put("is_bot", true)
        .put("first_name", "Aurora Suporte")
        .put("username", SupportBotTraffic.BOT_USERNAME);
  }

  long migrationAt() {
    return migrationAt;
  }

  /** A copy of the bot's user object. */
  ObjectNode bot() {
    return bot.deepCopy();
  }

  /**
   * The next message_id of a chat: private chats count by one, groups skip now and then (messages
   * the bot does not see).
   */
  int nextMessageId(long chatId) {
    int[] counter = messageCounters.computeIfAbsent(chatId, k -> new int[] {0});
    counter[0] += chatId > 0 ? 1 : 1 + (rng.nextInt(100) < 10 ? 1 : 0);
    return counter[0];
  }

  /** The support group's chat object at {@code t}: the supergroup once migrated. */
  ObjectNode groupChatAt(long t) {
    ObjectNode chat = JSON.objectNode();
    boolean migrated = t >= migrationAt;
    chat.put("id", migrated ? SupportBotTraffic.SUPERGROUP_ID : SupportBotTraffic.GROUP_ID);
    chat.put("title", GROUP_TITLE);
    chat.put("type", migrated ? "supergroup" : "group");
    if (!migrated) {
      chat.put("all_members_are_administrators", false);
    }
    return chat;
  }
}
