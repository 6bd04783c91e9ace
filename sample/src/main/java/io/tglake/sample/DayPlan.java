package io.tglake.sample;

import static io.tglake.sample.SupportBotTraffic.CHANNEL_ID;
import static io.tglake.sample.SupportBotTraffic.GROUP_ID;
import static io.tglake.sample.SupportBotTraffic.HELPFUL_NO;
import static io.tglake.sample.SupportBotTraffic.HELPFUL_YES;
import static io.tglake.sample.SupportBotTraffic.SUPERGROUP_ID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one UTC day, as the conversations plan them, with the Bot API JSON each becomes.
 * Random parts are drawn while planning; message ids are assigned when the events run, in time
 * order ({@link DeliverySchedule}), so they increase with time in every chat.
 */
final class DayPlan {

  interface Step {
    /**
     * Builds the update payload when the event is emitted, or returns null for an internal step.
     */
    ObjectNode run();
  }

  record Event(long atMillis, int seq, String updateType, Step step, boolean emitted) {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Chats chats;
  private final Dice rng;
  private final long lastMillis;
  private final List<Event> events = new ArrayList<>();
  private final List<int[]> handles = new ArrayList<>();
  private int emittedCount;
  private int seq;

  /** The bot message the step that just ran produced (bot steps emit no update). */
  private ObjectNode botSaid;

  /**
   * @param lastMillis events planned after it are dropped (a conversation running past the day's
   *     end is cut)
   */
  DayPlan(Chats chats, Dice rng, long lastMillis) {
    this.chats = chats;
    this.rng = rng;
    this.lastMillis = lastMillis;
  }

  /** The planned events, in planning order. */
  List<Event> events() {
    return events;
  }

  /** Planned events that become updates (bot messages do not). */
  int emittedCount() {
    return emittedCount;
  }

  /** The bot message of the step that ran last, if it was one; clears it. */
  ObjectNode takeBotSaid() {
    ObjectNode m = botSaid;
    botSaid = null;
    return m;
  }

  ObjectNode groupChatAt(long t) {
    return chats.groupChatAt(t);
  }

  private void add(long t, String type, Step step) {
    if (t > lastMillis) {
      return; // the rest of a conversation that would run past midnight is not simulated
    }
    boolean emitted = type != null;
    events.add(new Event(t, seq++, type, step, emitted));
    if (emitted) {
      emittedCount++;
    }
  }

  /** Drops the most recently planned delivered events until the day has exactly {@code n}. */
  void trimTo(int n) {
    for (int i = events.size() - 1; i >= 0 && emittedCount > n; i--) {
      if (events.get(i).emitted()) {
        events.remove(i);
        emittedCount--;
      }
    }
  }

  private ObjectNode message(Convo c, TrafficUser u, long t, int messageId) {
    return message(c, u == null ? null : u.json(), t, messageId);
  }

  private ObjectNode message(Convo c, ObjectNode from, long t, int messageId) {
    ObjectNode m = JSON.objectNode();
    m.put("message_id", messageId);
    if (from != null) {
      m.set("from", from);
    }
    m.set("chat", c.chat.deepCopy());
    m.put("date", t / 1000);
    return m;
  }

  private void putText(ObjectNode m, EntityText text) {
    m.put("text", text.text());
    if (text.hasEntities()) {
      m.set("entities", text.entities());
    }
  }

  /** A user's text message; returns a handle that resolves to the message_id once events run. */
  int userText(Convo c, TrafficUser u, long t, EntityText text) {
    int handle = handles.size();
    handles.add(new int[] {0});
    add(
        t,
        "message",
        () -> {
          int id = chats.nextMessageId(c.chatId);
          handles.get(handle)[0] = id;
          ObjectNode m = message(c, u, t, id);
          putText(m, text);
          c.lastUserMessage = m;
          return m;
        });
    return handle;
  }

  void edit(Convo c, TrafficUser u, long sentAt, long t, int handle, EntityText text) {
    add(
        t,
        "edited_message",
        () -> {
          ObjectNode m = message(c, u, sentAt, handles.get(handle)[0]);
          m.put("edit_date", t / 1000);
          putText(m, text);
          return m;
        });
  }

  /**
   * A reply to the conversation's latest user message (nested as reply_to_message, one level deep).
   */
  void reply(Convo c, TrafficUser u, long t, EntityText text) {
    add(
        t,
        "message",
        () -> {
          ObjectNode m = message(c, u, t, chats.nextMessageId(c.chatId));
          if (c.lastUserMessage != null) {
            ObjectNode original = c.lastUserMessage.deepCopy();
            original.remove("reply_to_message");
            m.set("reply_to_message", original);
          }
          putText(m, text);
          return m;
        });
  }

  /**
   * The bot's own message: no update, but it takes a message_id in the chat and may carry the
   * keyboard.
   */
  void botSays(Convo c, long t, String text, boolean feedbackKeyboard) {
    add(
        t,
        null,
        () -> {
          ObjectNode m = message(c, chats.bot(), t, chats.nextMessageId(c.chatId));
          m.put("text", text);
          if (feedbackKeyboard) {
            ObjectNode markup = JSON.objectNode();
            ArrayNode row = markup.putArray("inline_keyboard").addArray();
            boolean pt = text.contains("Isso ajudou");
            row.addObject().put("text", pt ? "👍 Sim" : "👍 Yes").put("callback_data", HELPFUL_YES);
            row.addObject().put("text", pt ? "👎 Não" : "👎 No").put("callback_data", HELPFUL_NO);
            m.set("reply_markup", markup);
          }
          c.lastBotMessage = m;
          botSaid = m;
          return null;
        });
  }

  void callback(Convo c, TrafficUser u, long t, String data) {
    long queryId = 4_000_000_000_000_000_000L + rng.nextLong(1_000_000_000_000_000_000L);
    long chatInstance = (u.id * 31 + c.chatId) * 2_654_435_761L;
    add(
        t,
        "callback_query",
        () -> {
          ObjectNode q = JSON.objectNode();
          q.put("id", Long.toString(queryId));
          q.set("from", u.json());
          if (c.lastBotMessage != null) {
            q.set("message", c.lastBotMessage.deepCopy());
          }
          q.put("chat_instance", Long.toString(chatInstance));
          q.put("data", data);
          return q;
        });
  }

  void media(Convo c, TrafficUser u, long t, MediaMessage.Kind kind, String captionPrefix) {
    MediaMessage media = new MediaMessage(rng, kind, u, captionPrefix);
    add(
        t,
        "message",
        () -> {
          ObjectNode m = message(c, u, t, chats.nextMessageId(c.chatId));
          media.addTo(m);
          return m;
        });
  }

  void reaction(Convo c, TrafficUser u, long t, int handle) {
    String emoji = rng.pick(Phrases.REACTIONS);
    add(
        t,
        "message_reaction",
        () -> {
          ObjectNode r = JSON.objectNode();
          r.set("chat", c.chat.deepCopy());
          r.put("message_id", handles.get(handle)[0]);
          r.set("user", u.json());
          r.put("date", t / 1000);
          r.putArray("old_reaction");
          r.putArray("new_reaction").addObject().put("type", "emoji").put("emoji", emoji);
          return r;
        });
  }

  void join(Convo c, TrafficUser u, long t) {
    add(
        t,
        "message",
        () -> {
          ObjectNode m = message(c, u, t, chats.nextMessageId(c.chatId));
          // The Bot API still sends the legacy singular fields next to new_chat_members.
          m.set("new_chat_participant", u.json());
          m.set("new_chat_member", u.json());
          m.putArray("new_chat_members").add(u.json());
          return m;
        });
    add(t + 150, "chat_member", () -> memberUpdate(c, u, u, t, "left", "member"));
  }

  void leave(Convo c, TrafficUser u, long t) {
    add(
        t,
        "message",
        () -> {
          ObjectNode m = message(c, u, t, chats.nextMessageId(c.chatId));
          m.set("left_chat_participant", u.json());
          m.set("left_chat_member", u.json());
          return m;
        });
    add(t + 150, "chat_member", () -> memberUpdate(c, u, u, t, "member", "left"));
  }

  void myChatMember(Convo c, TrafficUser u, long t, String oldStatus, String newStatus) {
    add(
        t,
        "my_chat_member",
        () -> {
          ObjectNode upd = JSON.objectNode();
          upd.set("chat", c.chat.deepCopy());
          upd.set("from", u.json());
          upd.put("date", t / 1000);
          upd.set("old_chat_member", chatMember(chats.bot(), oldStatus));
          upd.set("new_chat_member", chatMember(chats.bot(), newStatus));
          return upd;
        });
  }

  private ObjectNode memberUpdate(
      Convo c, TrafficUser actor, TrafficUser subject, long t, String oldStatus, String newStatus) {
    ObjectNode upd = JSON.objectNode();
    upd.set("chat", c.chat.deepCopy());
    upd.set("from", actor.json());
    upd.put("date", t / 1000);
    upd.set("old_chat_member", chatMember(subject.json(), oldStatus));
    upd.set("new_chat_member", chatMember(subject.json(), newStatus));
    return upd;
  }

  private ObjectNode chatMember(ObjectNode user, String status) {
    ObjectNode m = JSON.objectNode();
    m.set("user", user);
    m.put("status", status);
    if (status.equals("kicked")) {
      m.put("until_date", 0);
    }
    return m;
  }

  void inline(TrafficUser u, long t, String query) {
    long id = 1_000_000_000_000_000_000L + rng.nextLong(1_000_000_000_000_000_000L);
    add(
        t,
        "inline_query",
        () -> {
          ObjectNode q = JSON.objectNode();
          q.put("id", Long.toString(id));
          q.set("from", u.json());
          q.put("chat_type", "sender");
          q.put("query", query);
          q.put("offset", "");
          return q;
        });
  }

  void channelPost(long t) {
    String text = rng.pick(Phrases.CHANNEL_POSTS);
    add(
        t,
        "channel_post",
        () -> {
          ObjectNode chat =
              JSON.objectNode()
                  .put("id", CHANNEL_ID)
                  .put("title", "Aurora Novidades")
                  .put("username", "aurora_novidades")
                  .put("type", "channel");
          ObjectNode m = JSON.objectNode();
          m.put("message_id", chats.nextMessageId(CHANNEL_ID));
          m.set("sender_chat", chat.deepCopy());
          m.set("chat", chat);
          m.put("date", t / 1000);
          EntityText et =
              new EntityText().plain(text).entity("url", "https://loja.exemplo.com.br/ofertas");
          putText(m, et);
          return m;
        });
  }

  void migration(TrafficUser admin, long t) {
    Convo old = new Convo(chats.groupChatAt(t - 1));
    Convo fresh = new Convo(chats.groupChatAt(t));
    add(
        t,
        "message",
        () -> {
          ObjectNode m = message(old, admin, t, chats.nextMessageId(GROUP_ID));
          m.put("migrate_to_chat_id", SUPERGROUP_ID);
          return m;
        });
    add(
        t + 1,
        "message",
        () -> {
          ObjectNode m = message(fresh, admin, t, chats.nextMessageId(SUPERGROUP_ID));
          m.put("migrate_from_chat_id", GROUP_ID);
          return m;
        });
  }
}
