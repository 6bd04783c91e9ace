package io.tglake.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Deterministic simulation of the webhook traffic of a customer-support bot ("Aurora Suporte" of a
 * Brazilian online shop), as the bodies Telegram POSTs, in the real Bot API shape.
 *
 * <p>What it contains, per UTC day: private support conversations in Portuguese and English ({@code
 * /start} with deep links, greetings, a pool of common questions with surface variations so that
 * "top questions" is meaningful, the bot's answer with a "did this help?" inline keyboard answered
 * through {@code callback_query}, requests for a human via {@code /atendente}, {@code /human} or
 * plain text, edits, photos with captions and caption entities, documents, voice, stickers, GIFs
 * (animation + document), locations, contacts), a support group (questions with {@code /ajuda@bot}
 * commands, replies, reactions, joins with the legacy singular fields, leaves, {@code chat_member}
 * updates) that migrates to a supergroup once on the first day, a channel, inline queries, {@code
 * my_chat_member} block/unblock, users who come back within 24 h, and redeliveries (same update_id
 * and bytes sent again; on every day but the last one of them crosses UTC midnight).
 *
 * <p>Times follow a local daily rhythm in {@link TrafficSpec#zone()}; stored dates are UTC Unix
 * seconds. Update ids increase with first arrival. Bodies come in several valid JSON layouts
 * ({@link BodyFormat}). Everything derives from {@link TrafficSpec#seed()}: the same spec gives the
 * same bytes.
 *
 * <p>Memory: a day is planned as small closures and serialized while emitting, so a day of 10^6
 * updates needs a few hundred MB of heap, not the bodies themselves.
 */
public final class SupportBotTraffic {

  /** The bot the traffic is addressed to. */
  public static final long BOT_ID = 7_000_000_001L;

  /** The bot's username, as used in group commands ({@code /ajuda@aurora_suporte_bot}). */
  public static final String BOT_USERNAME = "aurora_suporte_bot";

  /** The support group before its migration. */
  public static final long GROUP_ID = -4_103_552_287L;

  /** The supergroup the group becomes on the first day. */
  public static final long SUPERGROUP_ID = -1_002_103_552_287L;

  /** The shop's announcement channel. */
  public static final long CHANNEL_ID = -1_001_987_654_321L;

  /** {@code callback_data} of the "did this help?" buttons. */
  public static final String HELPFUL_YES = "helpful:yes";

  /** {@code callback_data} of the "did this help?" buttons. */
  public static final String HELPFUL_NO = "helpful:no";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String GROUP_TITLE = "Suporte Loja Aurora";
  private static final long FIRST_UPDATE_ID = 512_000_000L;
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * Relative traffic by local hour 0..23: quiet night, morning ramp, lunch dip, afternoon peak,
   * evening tail.
   */
  private static final double[] LOCAL_HOUR_WEIGHT = {
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 6.5, 7.5, 7.0,
    5.0, 5.5, 7.0, 7.8, 7.2, 6.0, 5.0, 5.5, 6.2, 5.0, 3.5, 2.0
  };

  private final TrafficSpec spec;
  private final SplittableRandom rng;
  private final List<User> users = new ArrayList<>();
  private final Set<Long> groupMembers = new HashSet<>();
  private final Map<Long, int[]> messageCounters = new HashMap<>();
  private final Set<Long> startedUsers = new HashSet<>();
  private final PriorityQueue<FollowUp> followUps =
      new PriorityQueue<>(Comparator.comparingLong(FollowUp::atMillis));
  private final PriorityQueue<Delivery> pendingRedeliveries =
      new PriorityQueue<>(Comparator.comparing(Delivery::arrival));
  private final ObjectNode bot;
  private final long migrationAt;
  private long nextUpdateId;
  private long lastArrivalMillis = Long.MIN_VALUE;
  private int seq;
  // What the bot says is drawn from its own generator, so the updates are the same bytes with or
  // without it.
  private final SplittableRandom botRng;
  private Consumer<OutgoingRecord> outgoing = r -> {};

  /** The bot message the step that just ran produced (bot steps emit no update). */
  private ObjectNode botSaid;

  /** Prepares a simulation; nothing is generated until {@link #generate(Consumer)}. */
  public SupportBotTraffic(TrafficSpec spec) {
    this.spec = spec;
    this.rng = new SplittableRandom(spec.seed());
    this.botRng = new SplittableRandom(spec.seed() * 31 + 7);
    this.bot = JSON.objectNode();
    bot.put("id", BOT_ID)
        .put("is_bot", true)
        .put("first_name", "Aurora Suporte")
        .put("username", BOT_USERNAME);
    this.nextUpdateId = FIRST_UPDATE_ID + rng.nextInt(1_000_000);
    int population = Math.max(40, Math.min(200_000, spec.updatesPerDay() / 4));
    for (int i = 0; i < population; i++) {
      users.add(User.random(rng));
    }
    for (User u : users) {
      if (rng.nextInt(100) < 30) {
        groupMembers.add(u.id);
      }
    }
    // The group becomes a supergroup at about 10:00 local on the first day.
    long dayStart = epochMillis(spec.startDate());
    long migration = dayStart;
    for (int h = 0; h < 24; h++) {
      long at = dayStart + h * 3_600_000L;
      if (Instant.ofEpochMilli(at).atZone(spec.zone()).getHour() == 10) {
        migration = at;
      }
    }
    this.migrationAt = migration + 17 * 60_000L + 23_000L;
  }

  /**
   * {@link #generate(Consumer)}, and hands what the bot says to {@code outgoing} as tglake stores
   * it: a message within 5 s of an unanswered update of its chat (and the answer to every callback
   * query) is the bot's webhook response to that update ({@code webhook_response}, captured 0.2-1.5
   * s after the update arrived); any other is a Bot API call through the pass-through ({@code
   * bot_api}, with Telegram's result, captured 40-400 ms after the message's date). The deliveries
   * are exactly those of {@link #generate(Consumer)}.
   */
  public void generate(Consumer<Delivery> sink, Consumer<OutgoingRecord> outgoing) {
    this.outgoing = outgoing;
    generate(sink);
  }

  /** Generates every day of the spec and hands each delivery, in arrival order, to {@code sink}. */
  public void generate(Consumer<Delivery> sink) {
    for (int d = 0; d < spec.days(); d++) {
      LocalDate day = spec.startDate().plusDays(d);
      generateDay(day, d == spec.days() - 1, sink);
    }
    while (!pendingRedeliveries.isEmpty()) {
      sink.accept(pendingRedeliveries.poll());
    }
  }

  // ---------------------------------------------------------------- planning a day

  private void generateDay(LocalDate day, boolean lastDay, Consumer<Delivery> sink) {
    long start = epochMillis(day);
    long end = start + DAY_MILLIS;
    Plan plan = new Plan(start, end - 3_000L);
    if (day.equals(spec.startDate())) {
      planMigration(plan);
    }
    double[] hourCdf = hourCdf(start);
    while (plan.emittedCount < spec.updatesPerDay()) {
      FollowUp due = takeFollowUpBefore(end);
      if (due != null) {
        supportConversation(plan, due.user, due.atMillis, true);
      } else {
        session(plan, sampleTime(start, hourCdf));
      }
    }
    followUps.removeIf(
        f -> f.atMillis < end); // the day is full; these users did not come back after all
    plan.trimTo(spec.updatesPerDay());
    emitDay(plan, end, lastDay, sink);
  }

  private FollowUp takeFollowUpBefore(long end) {
    return !followUps.isEmpty() && followUps.peek().atMillis < end ? followUps.poll() : null;
  }

  private void session(Plan plan, long t) {
    int r = rng.nextInt(1000);
    if (r < 690) {
      supportConversation(plan, pickUser(), t, false);
    } else if (r < 870) {
      groupConversation(plan, t);
    } else if (r < 920) {
      groupJoin(plan, t);
    } else if (r < 945) {
      groupLeave(plan, t);
    } else if (r < 970) {
      inlineQuery(plan, pickUser(), t);
    } else if (r < 990) {
      blockOrUnblock(plan, pickUser(), t);
    } else {
      channelPost(plan, t);
    }
  }

  /**
   * A private conversation: optional /start, greeting, question (maybe edited or with media),
   * answer, feedback.
   */
  private void supportConversation(Plan plan, User u, long t0, boolean returning) {
    Convo c = new Convo(u.privateChat());
    long t = t0;
    boolean pt = u.portuguese();
    if (!startedUsers.contains(u.id) && !returning) {
      startedUsers.add(u.id);
      EntityText start = new EntityText().entity("bot_command", "/start");
      if (rng.nextInt(100) < 30) {
        start.plain(" " + pick(DEEP_LINKS));
      }
      plan.userText(c, u, t, start);
      t += secs(2, 20);
      plan.botSays(
          c,
          t,
          pt
              ? "Olá! Sou o assistente da Loja Aurora. Como posso ajudar?"
              : "Hi! I am Loja Aurora's assistant. How can I help?",
          false);
      t += secs(5, 60);
    } else if (rng.nextInt(100) < 45) {
      plan.userText(c, u, t, new EntityText().plain(pick(pt ? GREETINGS_PT : GREETINGS_EN)));
      t += secs(3, 40);
    }
    if (rng.nextInt(100) < 12) {
      plan.userText(
          c,
          u,
          t,
          new EntityText().entity("bot_command", pt && rng.nextBoolean() ? "/ajuda" : "/help"));
      t += secs(2, 5);
      plan.botSays(
          c,
          t,
          pt ? "Escolha um assunto ou escreva sua dúvida." : "Pick a topic or type your question.",
          false);
      t += secs(5, 90);
    }
    int kind = rng.nextInt(100);
    Question q = pickQuestion(pt);
    if (kind < 6) {
      plan.media(c, u, t, Media.VOICE, null);
    } else {
      EntityText text =
          rng.nextInt(100) < 18 ? richQuestion(pt) : new EntityText().plain(vary(q.text(pt)));
      int msg = plan.userText(c, u, t, text);
      if (rng.nextInt(100) < 10) {
        plan.edit(c, u, t, t + secs(15, 180), msg, new EntityText().plain(q.text(pt)));
      }
    }
    t += secs(4, 60);
    int extra = rng.nextInt(100);
    if (extra < 10) {
      plan.media(c, u, t, Media.PHOTO, pt ? "Chegou assim 😡 " : "It arrived like this 😡 ");
      t += secs(3, 30);
    } else if (extra < 15) {
      plan.media(c, u, t, Media.DOCUMENT, pt ? "Segue a nota fiscal 🧾" : "Here is the receipt 🧾");
      t += secs(3, 30);
    } else if (extra < 18) {
      plan.media(c, u, t, Media.LOCATION, null);
      t += secs(3, 30);
    } else if (extra < 21) {
      plan.media(c, u, t, Media.CONTACT, null);
      t += secs(3, 30);
    } else if (extra < 23) {
      plan.media(c, u, t, Media.ANIMATION, null);
      t += secs(3, 30);
    }
    t += secs(1, 4);
    plan.botSays(c, t, q.answer(pt) + (pt ? "\n\nIsso ajudou?" : "\n\nDid this help?"), true);
    boolean resolved = false;
    int fb = rng.nextInt(100);
    if (fb < 72) {
      t += secs(10, 400);
      resolved = rng.nextInt(100) < 64;
      plan.callback(c, u, t, resolved ? HELPFUL_YES : HELPFUL_NO);
      t += secs(1, 3);
      plan.botSays(c, t, pt ? "Obrigado pelo retorno!" : "Thanks for the feedback!", false);
    }
    if (!resolved && rng.nextInt(100) < 45) {
      t += secs(5, 120);
      int how = rng.nextInt(100);
      if (how < 55) {
        plan.userText(
            c, u, t, new EntityText().entity("bot_command", pt ? "/atendente" : "/human"));
      } else {
        plan.userText(c, u, t, new EntityText().plain(pick(pt ? HUMAN_PT : HUMAN_EN)));
      }
      t += secs(1, 4);
      plan.botSays(
          c,
          t,
          pt ? "Um atendente vai falar com você em breve." : "An agent will contact you shortly.",
          false);
    } else if (rng.nextInt(100) < 8) {
      t += secs(2, 30);
      plan.media(c, u, t, Media.STICKER, null);
    } else if (rng.nextInt(100) < 30) {
      t += secs(5, 60);
      plan.userText(c, u, t, new EntityText().plain(pick(pt ? THANKS_PT : THANKS_EN)));
    }
    if (rng.nextInt(100) < 25) {
      followUps.add(new FollowUp(u, returnTime(t)));
    }
  }

  /**
   * When a user comes back, 1 to 20 h later, preferring busy local hours (people return by day, not
   * at 4 am).
   */
  private long returnTime(long after) {
    long candidate = after + secs(3_600, 20 * 3_600);
    for (int i = 0; i < 8; i++) {
      int hour = Instant.ofEpochMilli(candidate).atZone(spec.zone()).getHour();
      if (rng.nextDouble() * 8.0 < LOCAL_HOUR_WEIGHT[hour]) {
        break;
      }
      candidate = after + secs(3_600, 20 * 3_600);
    }
    return candidate;
  }

  /**
   * A member asks in the group, maybe via /ajuda@bot; another member replies; reactions; button
   * feedback.
   */
  private void groupConversation(Plan plan, long t) {
    User u = pickGroupMember();
    Convo c = new Convo(plan.groupChatAt(t));
    boolean pt = u.portuguese();
    if (rng.nextInt(100) < 30) {
      plan.userText(
          c,
          u,
          t,
          new EntityText().entity("bot_command", (pt ? "/ajuda@" : "/help@") + BOT_USERNAME));
      t += secs(2, 6);
      plan.botSays(
          c,
          t,
          pt ? "Pergunte aqui ou fale comigo no privado." : "Ask here or talk to me privately.",
          false);
      t += secs(10, 120);
    }
    Question q = pickQuestion(pt);
    EntityText text =
        rng.nextInt(100) < 25
            ? new EntityText().entity("mention", "@" + BOT_USERNAME).plain(" " + vary(q.text(pt)))
            : new EntityText().plain(vary(q.text(pt)));
    int question = plan.userText(c, u, t, text);
    t += secs(2, 8);
    plan.botSays(c, t, q.answer(pt) + (pt ? "\n\nIsso ajudou?" : "\n\nDid this help?"), true);
    if (rng.nextInt(100) < 40) {
      User other = pickGroupMember();
      t += secs(20, 600);
      plan.reply(
          c,
          other,
          t,
          new EntityText().plain(pick(other.portuguese() ? GROUP_REPLIES_PT : GROUP_REPLIES_EN)));
    }
    if (rng.nextInt(100) < 30) {
      plan.reaction(c, pickGroupMember(), t + secs(5, 900), question);
    }
    if (rng.nextInt(100) < 35) {
      plan.callback(c, u, t + secs(20, 600), rng.nextInt(100) < 60 ? HELPFUL_YES : HELPFUL_NO);
    }
  }

  private void groupJoin(Plan plan, long t) {
    User u = pickUser();
    groupMembers.add(u.id);
    plan.join(new Convo(plan.groupChatAt(t)), u, t);
  }

  private void groupLeave(Plan plan, long t) {
    User u = pickGroupMember();
    plan.leave(new Convo(plan.groupChatAt(t)), u, t);
  }

  private void inlineQuery(Plan plan, User u, long t) {
    String[] queries = u.portuguese() ? INLINE_PT : INLINE_EN;
    String full = pick(queries);
    // Telegram sends an inline query per keystroke pause: a prefix, then the whole query.
    int cut = Math.max(1, full.length() / 2);
    plan.inline(u, t, full.substring(0, cut));
    plan.inline(u, t + secs(1, 4), full);
  }

  private void blockOrUnblock(Plan plan, User u, long t) {
    Convo c = new Convo(u.privateChat());
    plan.myChatMember(c, u, t, "member", "kicked");
    if (rng.nextInt(100) < 40) {
      plan.myChatMember(c, u, t + secs(600, 6 * 3_600), "kicked", "member");
    }
  }

  private void channelPost(Plan plan, long t) {
    plan.channelPost(t);
  }

  private void planMigration(Plan plan) {
    User admin = users.get(0);
    groupMembers.add(admin.id);
    plan.migration(admin, migrationAt);
  }

  // ---------------------------------------------------------------- emitting a day

  private void emitDay(Plan plan, long dayEnd, boolean lastDay, Consumer<Delivery> sink) {
    List<Event> events = plan.events;
    events.sort(Comparator.comparingLong((Event e) -> e.atMillis).thenComparingInt(e -> e.seq));
    int total = plan.emittedCount;
    int redeliveries = Math.max(2, total / 500);
    Set<Integer> redeliver = new HashSet<>();
    while (redeliver.size() < Math.min(redeliveries, total)) {
      redeliver.add(rng.nextInt(total));
    }
    int index = 0;
    Map<Long, long[]> lastInChat =
        new HashMap<>(); // chat -> {update_id, arrival millis, answered 0/1}
    for (Event e : events) {
      botSaid = null;
      ObjectNode payload = e.step.run();
      if (payload == null) {
        if (botSaid != null) {
          botSays(botSaid, e.atMillis, lastInChat);
        }
        continue; // the bot's own messages are not updates; they only took a message_id
      }
      long updateId = nextUpdateId;
      nextUpdateId +=
          rng.nextInt(100) < 2 ? 2 + rng.nextInt(3) : 1; // Telegram's ids have occasional gaps
      ObjectNode update = JSON.objectNode();
      update.put("update_id", updateId);
      update.set(e.updateType, payload);
      byte[] body = BodyFormat.pick(rng).write(update);
      long arrival = Math.max(lastArrivalMillis, e.atMillis + rng.nextInt(1_500));
      arrival = Math.min(arrival, dayEnd - 1);
      flushRedeliveries(arrival, sink);
      lastArrivalMillis = arrival;
      sink.accept(new Delivery(updateId, e.updateType, Instant.ofEpochMilli(arrival), body, false));
      answerOrRemember(e.updateType, payload, updateId, arrival, lastInChat);
      if (redeliver.contains(index)) {
        // Telegram retries when the webhook did not answer in time: same update, same bytes,
        // seconds later.
        long again = Math.min(arrival + secs(5, 90), dayEnd - 1);
        pendingRedeliveries.add(
            new Delivery(updateId, e.updateType, Instant.ofEpochMilli(again), body, true));
      }
      if (index == total - 1 && !lastDay) {
        // The last update of the day is redelivered just after UTC midnight: it lands in the next
        // raw partition.
        long again = dayEnd + secs(3, 40);
        pendingRedeliveries.add(
            new Delivery(updateId, e.updateType, Instant.ofEpochMilli(again), body, true));
      }
      index++;
    }
    flushRedeliveries(dayEnd, sink);
  }

  /** The outgoing record of a bot message (see {@link #generate(Consumer, Consumer)}). */
  private void botSays(ObjectNode m, long atMillis, Map<Long, long[]> lastInChat) {
    long chatId = m.get("chat").get("id").asLong();
    ObjectNode request = JSON.objectNode();
    request.put("chat_id", chatId);
    request.put("text", m.get("text").asText());
    if (m.has("reply_markup")) {
      request.set("reply_markup", m.get("reply_markup").deepCopy());
    }
    long[] last = lastInChat.get(chatId);
    if (last != null && last[2] == 0 && atMillis - last[1] <= 5_000) {
      last[2] = 1;
      outgoing.accept(
          OutgoingRecord.webhookResponse(
              BOT_ID,
              last[0],
              "sendMessage",
              request,
              Instant.ofEpochMilli(last[1] + 200 + botRng.nextInt(1_300)),
              m.deepCopy()));
    } else {
      outgoing.accept(
          OutgoingRecord.botApi(
              BOT_ID,
              "sendMessage",
              request,
              m.deepCopy(),
              Instant.ofEpochMilli(atMillis + 40 + botRng.nextInt(360))));
    }
  }

  /**
   * A callback query is answered in the webhook response; a message is remembered for the bot's
   * next answer.
   */
  private void answerOrRemember(
      String type, ObjectNode payload, long updateId, long arrival, Map<Long, long[]> lastInChat) {
    if (type.equals("callback_query")) {
      ObjectNode request = JSON.objectNode();
      request.put("callback_query_id", payload.get("id").asText());
      outgoing.accept(
          OutgoingRecord.webhookResponse(
              BOT_ID,
              updateId,
              "answerCallbackQuery",
              request,
              Instant.ofEpochMilli(arrival + 150 + botRng.nextInt(450))));
      if (payload.has("message")) {
        lastInChat.put(
            payload.get("message").get("chat").get("id").asLong(),
            new long[] {updateId, arrival, 1});
      }
    } else if (type.equals("message") && payload.has("chat")) {
      lastInChat.put(payload.get("chat").get("id").asLong(), new long[] {updateId, arrival, 0});
    }
  }

  private void flushRedeliveries(long beforeMillis, Consumer<Delivery> sink) {
    while (!pendingRedeliveries.isEmpty()
        && pendingRedeliveries.peek().arrival().toEpochMilli() < beforeMillis) {
      Delivery d = pendingRedeliveries.poll();
      lastArrivalMillis = Math.max(lastArrivalMillis, d.arrival().toEpochMilli());
      sink.accept(d);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long epochMillis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private double[] hourCdf(long dayStart) {
    double[] cdf = new double[24];
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      int local = Instant.ofEpochMilli(dayStart + h * 3_600_000L).atZone(spec.zone()).getHour();
      sum += LOCAL_HOUR_WEIGHT[local];
      cdf[h] = sum;
    }
    for (int h = 0; h < 24; h++) {
      cdf[h] /= sum;
    }
    return cdf;
  }

  private long sampleTime(long dayStart, double[] cdf) {
    double x = rng.nextDouble();
    int h = 0;
    while (h < 23 && cdf[h] < x) {
      h++;
    }
    return dayStart + h * 3_600_000L + rng.nextLong(3_600_000L);
  }

  private long secs(int min, int max) {
    return 1_000L * (min + rng.nextInt(max - min + 1)) + rng.nextInt(1_000);
  }

  private <T> T pick(T[] options) {
    return options[rng.nextInt(options.length)];
  }

  /** Skewed towards a core of regulars, so that users come back within a day. */
  private User pickUser() {
    int n = users.size();
    if (rng.nextInt(100) < 35) {
      return users.get(rng.nextInt(Math.max(1, n / 20)));
    }
    return users.get(rng.nextInt(n));
  }

  private User pickGroupMember() {
    for (int i = 0; i < 20; i++) {
      User u = pickUser();
      if (groupMembers.contains(u.id)) {
        return u;
      }
    }
    User u = pickUser();
    groupMembers.add(u.id);
    return u;
  }

  /** Zipf-like: the first questions of the pool are asked far more often. */
  private Question pickQuestion(boolean pt) {
    Question[] pool = pt ? QUESTIONS_PT : QUESTIONS_EN;
    double x = rng.nextDouble();
    double total = 0;
    for (int i = 0; i < pool.length; i++) {
      total += 1.0 / (i + 1);
    }
    double acc = 0;
    for (int i = 0; i < pool.length; i++) {
      acc += 1.0 / (i + 1) / total;
      if (x <= acc) {
        return pool[i];
      }
    }
    return pool[pool.length - 1];
  }

  /**
   * Surface variations real users produce for the same question (case, accents, punctuation,
   * emoji).
   */
  private String vary(String q) {
    String s = q;
    int r = rng.nextInt(100);
    if (r < 20) {
      s = s.toLowerCase(Locale.ROOT);
    } else if (r < 30) {
      s = stripAccents(s);
    }
    int p = rng.nextInt(100);
    if (p < 15 && s.endsWith("?")) {
      s = s.substring(0, s.length() - 1);
    } else if (p < 25) {
      s = s + (s.endsWith("?") ? "??" : "!");
    }
    if (rng.nextInt(100) < 20) {
      s = s + " " + pick(EMOJI);
    }
    if (rng.nextInt(100) < 5) {
      s = s + "  ";
    }
    return s;
  }

  private static String stripAccents(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  /** Questions carrying entities after astral characters, so that UTF-16 offsets matter. */
  private EntityText richQuestion(boolean pt) {
    int r = rng.nextInt(5);
    String code = "BR" + (100_000_000 + rng.nextInt(900_000_000)) + "XX";
    return switch (r) {
      case 0 ->
          new EntityText()
              .plain(
                  pt
                      ? "Meu pedido 😢 não chegou, rastreio: "
                      : "My order 😢 never came, tracking: ")
              .entity("url", "https://rastreio.exemplo.com.br/" + code);
      case 1 ->
          new EntityText()
              .plain(pt ? "Meu e-mail 📧 é " : "My e-mail 📧 is ")
              .entity("email", "cliente" + rng.nextInt(10_000) + "@example.com")
              .plain(pt ? ", não recebo a confirmação" : ", no confirmation arrives");
      case 2 ->
          new EntityText()
              .plain("🔥🔥 ")
              .entity("hashtag", "#blackfriday")
              .plain(pt ? " ainda vale? Vi em " : " still on? Saw it at ")
              .entity("url", "https://loja.exemplo.com.br/promo");
      case 3 ->
          new EntityText()
              .plain(pt ? "Podem ligar 📞 no " : "Please call 📞 ")
              .entity(
                  "phone_number",
                  "+55 11 9" + (1000 + rng.nextInt(9000)) + "-" + (1000 + rng.nextInt(9000)));
      default ->
          new EntityText()
              .plain(pt ? "O cupom 🎟️ " : "Coupon 🎟️ ")
              .entity("code", "AURORA" + (10 + rng.nextInt(90)))
              .plain(pt ? " não funciona 🤷‍♀️ no " : " does not work 🤷‍♀️ at ")
              .link(pt ? "checkout" : "checkout", "https://loja.exemplo.com.br/checkout");
    };
  }

  private int nextMessageId(long chatId) {
    int[] counter = messageCounters.computeIfAbsent(chatId, k -> new int[] {0});
    counter[0] += chatId > 0 ? 1 : 1 + (rng.nextInt(100) < 10 ? 1 : 0);
    return counter[0];
  }

  private String fileId(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 56; i++) {
      sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String uniqueId(String prefix) {
    return fileId(prefix).substring(0, 16);
  }

  // ---------------------------------------------------------------- plan: events of one day

  private interface Step {
    /**
     * Builds the update payload when the event is emitted, or returns null for an internal step.
     */
    ObjectNode run();
  }

  private record Event(long atMillis, int seq, String updateType, Step step, boolean emitted) {}

  private record FollowUp(User user, long atMillis) {}

  /** State of one conversation across its events (they run in time order). */
  private static final class Convo {
    final ObjectNode chat;
    final long chatId;
    ObjectNode lastUserMessage;
    ObjectNode lastBotMessage;

    Convo(ObjectNode chat) {
      this.chat = chat;
      this.chatId = chat.get("id").asLong();
    }
  }

  private enum Media {
    PHOTO,
    DOCUMENT,
    VOICE,
    STICKER,
    LOCATION,
    CONTACT,
    ANIMATION
  }

  /** Collects a day's events; message ids are assigned when the events run, in time order. */
  private final class Plan {
    final long dayStart;
    final long lastMillis;
    final List<Event> events = new ArrayList<>();
    int emittedCount;

    Plan(long dayStart, long lastMillis) {
      this.dayStart = dayStart;
      this.lastMillis = lastMillis;
    }

    ObjectNode groupChatAt(long t) {
      ObjectNode chat = JSON.objectNode();
      boolean migrated = t >= migrationAt;
      chat.put("id", migrated ? SUPERGROUP_ID : GROUP_ID);
      chat.put("title", GROUP_TITLE);
      chat.put("type", migrated ? "supergroup" : "group");
      if (!migrated) {
        chat.put("all_members_are_administrators", false);
      }
      return chat;
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

    ObjectNode message(Convo c, User u, long t, int messageId) {
      return message(c, u == null ? null : u.json(), t, messageId);
    }

    ObjectNode message(Convo c, ObjectNode from, long t, int messageId) {
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
    int userText(Convo c, User u, long t, EntityText text) {
      int handle = handles.size();
      handles.add(new int[] {0});
      add(
          t,
          "message",
          () -> {
            int id = nextMessageId(c.chatId);
            handles.get(handle)[0] = id;
            ObjectNode m = message(c, u, t, id);
            putText(m, text);
            c.lastUserMessage = m;
            return m;
          });
      return handle;
    }

    final List<int[]> handles = new ArrayList<>();

    void edit(Convo c, User u, long sentAt, long t, int handle, EntityText text) {
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
     * A reply to the conversation's latest user message (nested as reply_to_message, one level
     * deep).
     */
    void reply(Convo c, User u, long t, EntityText text) {
      add(
          t,
          "message",
          () -> {
            ObjectNode m = message(c, u, t, nextMessageId(c.chatId));
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
            ObjectNode m = message(c, bot.deepCopy(), t, nextMessageId(c.chatId));
            m.put("text", text);
            if (feedbackKeyboard) {
              ObjectNode markup = JSON.objectNode();
              ArrayNode row = markup.putArray("inline_keyboard").addArray();
              boolean pt = text.contains("Isso ajudou");
              row.addObject()
                  .put("text", pt ? "👍 Sim" : "👍 Yes")
                  .put("callback_data", HELPFUL_YES);
              row.addObject().put("text", pt ? "👎 Não" : "👎 No").put("callback_data", HELPFUL_NO);
              m.set("reply_markup", markup);
            }
            c.lastBotMessage = m;
            botSaid = m;
            return null;
          });
    }

    void callback(Convo c, User u, long t, String data) {
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

    void media(Convo c, User u, long t, Media kind, String captionPrefix) {
      String photoId = fileId("AgACAgEAAxkBAAI");
      String docId = fileId("BQACAgEAAxkBAAI");
      String voiceId = fileId("AwACAgEAAxkBAAI");
      String stickerId = fileId("CAACAgIAAxkBAAI");
      String gifId = fileId("CgACAgQAAxkBAAI");
      String unique = uniqueId("AQAD");
      int size = 20_000 + rng.nextInt(400_000);
      int duration = 2 + rng.nextInt(40);
      int invoice = 1000 + rng.nextInt(9000);
      double lat = -23.55 + (rng.nextDouble() - 0.5) * 0.3;
      double lon = -46.63 + (rng.nextDouble() - 0.5) * 0.3;
      String sticker = pick(STICKER_EMOJI);
      add(
          t,
          "message",
          () -> {
            ObjectNode m = message(c, u, t, nextMessageId(c.chatId));
            switch (kind) {
              case PHOTO -> {
                ArrayNode sizes = m.putArray("photo");
                int[][] dims = {{90, 67}, {320, 240}, {800, 600}, {1280, 960}};
                for (int i = 0; i < dims.length; i++) {
                  sizes
                      .addObject()
                      .put("file_id", photoId + i)
                      .put("file_unique_id", unique + i)
                      .put("file_size", size / (8 >> i) + 1000)
                      .put("width", dims[i][0])
                      .put("height", dims[i][1]);
                }
                EntityText caption =
                    new EntityText().plain(captionPrefix).entity("hashtag", "#defeito");
                m.put("caption", caption.text());
                m.set("caption_entities", caption.entities());
              }
              case DOCUMENT -> {
                m.set(
                    "document",
                    JSON.objectNode()
                        .put("file_name", "nota_fiscal_" + invoice + ".pdf")
                        .put("mime_type", "application/pdf")
                        .put("file_id", docId)
                        .put("file_unique_id", unique)
                        .put("file_size", size));
                m.put("caption", captionPrefix);
              }
              case VOICE ->
                  m.set(
                      "voice",
                      JSON.objectNode()
                          .put("duration", duration)
                          .put("mime_type", "audio/ogg")
                          .put("file_id", voiceId)
                          .put("file_unique_id", unique)
                          .put("file_size", duration * 4_000));
              case STICKER -> {
                ObjectNode thumb =
                    JSON.objectNode()
                        .put("file_id", stickerId + "T")
                        .put("file_unique_id", unique + "T")
                        .put("file_size", 4_000)
                        .put("width", 128)
                        .put("height", 128);
                m.set(
                    "sticker",
                    JSON.objectNode()
                        .put("width", 512)
                        .put("height", 512)
                        .put("emoji", sticker)
                        .put("set_name", "AuroraPets")
                        .put("is_animated", false)
                        .put("is_video", false)
                        .put("type", "regular")
                        .set("thumbnail", thumb));
                ((ObjectNode) m.get("sticker")).set("thumb", thumb.deepCopy());
                ((ObjectNode) m.get("sticker"))
                    .put("file_id", stickerId)
                    .put("file_unique_id", unique)
                    .put("file_size", 18_000);
              }
              case LOCATION ->
                  m.set(
                      "location",
                      JSON.objectNode().put("latitude", round6(lat)).put("longitude", round6(lon)));
              case CONTACT ->
                  m.set(
                      "contact",
                      JSON.objectNode()
                          .put("phone_number", u.phone)
                          .put("first_name", u.firstName)
                          .put("user_id", u.id));
              case ANIMATION -> {
                // A GIF arrives as both "animation" and "document": message_type must not be
                // decided by key order.
                ObjectNode gif =
                    JSON.objectNode()
                        .put("file_name", "giphy.mp4")
                        .put("mime_type", "video/mp4")
                        .put("duration", 3)
                        .put("width", 480)
                        .put("height", 270)
                        .put("file_id", gifId)
                        .put("file_unique_id", unique)
                        .put("file_size", size);
                ObjectNode doc =
                    JSON.objectNode()
                        .put("file_name", "giphy.mp4")
                        .put("mime_type", "video/mp4")
                        .put("file_id", gifId)
                        .put("file_unique_id", unique)
                        .put("file_size", size);
                m.set("animation", gif);
                m.set("document", doc);
              }
              default -> throw new IllegalStateException(kind.name());
            }
            return m;
          });
    }

    void reaction(Convo c, User u, long t, int handle) {
      String emoji = pick(REACTIONS);
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

    void join(Convo c, User u, long t) {
      add(
          t,
          "message",
          () -> {
            ObjectNode m = message(c, u, t, nextMessageId(c.chatId));
            // The Bot API still sends the legacy singular fields next to new_chat_members.
            m.set("new_chat_participant", u.json());
            m.set("new_chat_member", u.json());
            m.putArray("new_chat_members").add(u.json());
            return m;
          });
      add(t + 150, "chat_member", () -> memberUpdate(c, u, u, t, "left", "member"));
    }

    void leave(Convo c, User u, long t) {
      add(
          t,
          "message",
          () -> {
            ObjectNode m = message(c, u, t, nextMessageId(c.chatId));
            m.set("left_chat_participant", u.json());
            m.set("left_chat_member", u.json());
            return m;
          });
      add(t + 150, "chat_member", () -> memberUpdate(c, u, u, t, "member", "left"));
    }

    void myChatMember(Convo c, User u, long t, String oldStatus, String newStatus) {
      add(
          t,
          "my_chat_member",
          () -> {
            ObjectNode upd = JSON.objectNode();
            upd.set("chat", c.chat.deepCopy());
            upd.set("from", u.json());
            upd.put("date", t / 1000);
            upd.set("old_chat_member", chatMember(bot.deepCopy(), oldStatus));
            upd.set("new_chat_member", chatMember(bot.deepCopy(), newStatus));
            return upd;
          });
    }

    private ObjectNode memberUpdate(
        Convo c, User actor, User subject, long t, String oldStatus, String newStatus) {
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

    void inline(User u, long t, String query) {
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
      String text = pick(CHANNEL_POSTS);
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
            m.put("message_id", nextMessageId(CHANNEL_ID));
            m.set("sender_chat", chat.deepCopy());
            m.set("chat", chat);
            m.put("date", t / 1000);
            EntityText et =
                new EntityText().plain(text).entity("url", "https://loja.exemplo.com.br/ofertas");
            putText(m, et);
            return m;
          });
    }

    void migration(User admin, long t) {
      Convo old = new Convo(groupChatAt(t - 1));
      Convo fresh = new Convo(groupChatAt(t));
      add(
          t,
          "message",
          () -> {
            ObjectNode m = message(old, admin, t, nextMessageId(GROUP_ID));
            m.put("migrate_to_chat_id", SUPERGROUP_ID);
            return m;
          });
      add(
          t + 1,
          "message",
          () -> {
            ObjectNode m = message(fresh, admin, t, nextMessageId(SUPERGROUP_ID));
            m.put("migrate_from_chat_id", GROUP_ID);
            return m;
          });
    }
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  // ---------------------------------------------------------------- users and content pools

  private static final class User {
    final long id;
    final String firstName;
    final String lastName;
    final String username;
    final String languageCode;
    final boolean premium;
    final String phone;

    private User(
        long id,
        String firstName,
        String lastName,
        String username,
        String languageCode,
        boolean premium,
        String phone) {
      this.id = id;
      this.firstName = firstName;
      this.lastName = lastName;
      this.username = username;
      this.languageCode = languageCode;
      this.premium = premium;
      this.phone = phone;
    }

    static User random(SplittableRandom rng) {
      int lang = rng.nextInt(100);
      boolean en = lang >= 75 && lang < 95;
      String first =
          en ? EN_FIRST[rng.nextInt(EN_FIRST.length)] : PT_FIRST[rng.nextInt(PT_FIRST.length)];
      String last =
          rng.nextInt(100) < 60
              ? (en ? EN_LAST[rng.nextInt(EN_LAST.length)] : PT_LAST[rng.nextInt(PT_LAST.length)])
              : null;
      String username =
          rng.nextInt(100) < 55
              ? stripAccents(first).toLowerCase(Locale.ROOT) + "_" + rng.nextInt(10_000)
              : null;
      String code = lang < 75 ? "pt-br" : en ? "en" : null;
      long id = 100_000_000L + rng.nextLong(7_800_000_000L);
      String phone = "55119" + (10_000_000 + rng.nextInt(89_999_999));
      return new User(id, first, last, username, code, rng.nextInt(100) < 7, phone);
    }

    boolean portuguese() {
      return !"en".equals(languageCode);
    }

    ObjectNode json() {
      ObjectNode u = JSON.objectNode();
      u.put("id", id);
      u.put("is_bot", false);
      u.put("first_name", firstName);
      if (lastName != null) {
        u.put("last_name", lastName);
      }
      if (username != null) {
        u.put("username", username);
      }
      if (languageCode != null) {
        u.put("language_code", languageCode);
      }
      if (premium) {
        u.put("is_premium", true);
      }
      return u;
    }

    ObjectNode privateChat() {
      ObjectNode c = JSON.objectNode();
      c.put("id", id);
      c.put("first_name", firstName);
      if (lastName != null) {
        c.put("last_name", lastName);
      }
      if (username != null) {
        c.put("username", username);
      }
      c.put("type", "private");
      return c;
    }
  }

  private record Question(String pt, String en, String answerPt, String answerEn) {
    String text(boolean portuguese) {
      return portuguese ? pt : en;
    }

    String answer(boolean portuguese) {
      return portuguese ? answerPt : answerEn;
    }
  }

  private static final Question[] QUESTIONS_PT = {
    new Question("Onde está meu pedido?", null, "Acompanhe em Meus pedidos › Rastrear.", null),
    new Question(
        "Qual o prazo de entrega?", null, "O prazo aparece no checkout: 2 a 7 dias úteis.", null),
    new Question(
        "Como faço para trocar um produto?",
        null,
        "Trocas em até 30 dias em Meus pedidos › Trocar.",
        null),
    new Question(
        "O pagamento por Pix não foi confirmado", null, "Pix confirma em até 30 minutos.", null),
    new Question(
        "Quero cancelar minha compra",
        null,
        "Cancele em Meus pedidos › Cancelar antes do envio.",
        null),
    new Question(
        "Como emitir a segunda via do boleto?",
        null,
        "A segunda via está em Meus pedidos › Pagamento.",
        null),
    new Question("Esqueci minha senha", null, "Use Entrar › Esqueci a senha.", null),
    new Question("Posso parcelar no cartão?", null, "Sim, em até 10x sem juros.", null),
    new Question(
        "Como altero o endereço de entrega?",
        null,
        "Antes do envio, em Meus pedidos › Endereço.",
        null),
    new Question(
        "Qual o horário de atendimento?",
        null,
        "Atendimento humano das 8h às 20h, seg a sáb.",
        null),
    new Question(
        "O produto chegou com defeito", null, "Sinto muito! Abra uma troca em Meus pedidos.", null),
    new Question("Vocês entregam no sábado?", null, "Entregamos de segunda a sábado.", null),
  };

  private static final Question[] QUESTIONS_EN = {
    new Question(null, "Where is my order?", null, "Track it under My orders › Track."),
    new Question(null, "How do I reset my password?", null, "Use Sign in › Forgot password."),
    new Question(
        null,
        "How can I return an item?",
        null,
        "Returns within 30 days under My orders › Return."),
    new Question(null, "My payment failed", null, "Please try again or use another card."),
    new Question(
        null, "Do you ship internationally?", null, "We currently ship within Brazil only."),
    new Question(
        null, "Can I change my delivery address?", null, "Yes, before shipping, under My orders."),
  };

  private static final String[] GREETINGS_PT = {
    "Oi", "Olá 👋", "Boa tarde!", "Bom dia", "tudo bem?", "Boa noite"
  };
  private static final String[] GREETINGS_EN = {"Hi", "Hello 👋", "Hey there", "Good morning"};
  private static final String[] THANKS_PT = {
    "Obrigado!", "Valeu 🙏", "obrigada 😊", "Resolvido, obrigado"
  };
  private static final String[] THANKS_EN = {"Thanks!", "Thank you 🙏", "Great, thanks 👍"};
  private static final String[] HUMAN_PT = {
    "Quero falar com um atendente",
    "quero falar com uma pessoa",
    "Atendente por favor 🙏",
    "preciso de um humano"
  };
  private static final String[] HUMAN_EN = {
    "I want to talk to a human", "Can I speak to an agent?", "human please"
  };
  private static final String[] GROUP_REPLIES_PT = {
    "Comigo também aconteceu 😅", "Tenta pelo app, funcionou pra mim", "Aqui chegou em 3 dias", "+1"
  };
  private static final String[] GROUP_REPLIES_EN = {
    "Same here 😅", "Try the app, it worked for me", "+1"
  };
  private static final String[] DEEP_LINKS = {
    "promo_natal", "site_rodape", "pedido_12345", "instagram"
  };
  private static final String[] EMOJI = {"😟", "🙏", "😡", "🙏🏽", "🤔", "😭", "❤️"};
  private static final String[] REACTIONS = {"👍", "❤", "🙏", "🔥", "😢"};
  private static final String[] STICKER_EMOJI = {"👍", "😂", "❤️", "🐱"};
  private static final String[] INLINE_PT = {"rastreio", "trocas e devoluções", "cupom"};
  private static final String[] INLINE_EN = {"tracking", "returns", "coupon"};
  private static final String[] CHANNEL_POSTS = {
    "📣 Frete grátis neste fim de semana! Confira: ",
    "🛍️ Novidades da semana: ",
    "⚡ Oferta relâmpago até 23h: "
  };
  private static final String[] PT_FIRST = {
    "Ana",
    "João",
    "Maria",
    "Pedro",
    "Luíza",
    "Lucas",
    "Júlia",
    "Gabriel",
    "Beatriz",
    "Rafael",
    "Fernanda",
    "Thiago",
    "Camila",
    "Márcio",
    "Letícia",
    "André",
    "Patrícia",
    "Felipe",
    "Vitória",
    "Caio"
  };
  private static final String[] PT_LAST = {
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gonçalves"
  };
  private static final String[] EN_FIRST = {
    "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas"
  };
  private static final String[] EN_LAST = {"Smith", "Johnson", "Brown", "Taylor", "Miller"};
}
