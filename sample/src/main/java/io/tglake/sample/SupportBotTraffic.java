package io.tglake.sample;

import java.time.LocalDate;
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
 *
 * <p>This class is the outline; the parts share one random stream ({@link Dice}) and draw from it
 * in a fixed order: {@link Population} (who), {@link DailyRhythm} (when), {@link Conversations} and
 * {@link Phrases} (what is said) plan a {@link DayPlan} (the Bot API JSON of each event), and
 * {@link DeliverySchedule} emits it with ids and redeliveries while {@link BotAnswers} records what
 * the bot says.
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

  private static final long FIRST_UPDATE_ID = 512_000_000L;
  private static final long DAY_MILLIS = 86_400_000L;

  private final TrafficSpec spec;
  private final Dice rng;
  private final Chats chats;
  private final DailyRhythm rhythm;
  private final Conversations conversations;
  private final BotAnswers answers;
  private final DeliverySchedule schedule;

  /** Prepares a simulation; nothing is generated until {@link #generate(Consumer)}. */
  public SupportBotTraffic(TrafficSpec spec) {
    this.spec = spec;
    // The draws start here and go on in this order: the first update id, then the users.
    this.rng = new Dice(spec.seed());
    long firstUpdateId = FIRST_UPDATE_ID + rng.nextInt(1_000_000);
    Population people = new Population(rng, spec.updatesPerDay());
    this.rhythm = new DailyRhythm(spec.zone(), rng);
    this.chats = new Chats(rng, rhythm.migrationAt(spec.startDate()));
    this.conversations = new Conversations(rng, people, rhythm);
    this.answers = new BotAnswers(spec.seed());
    this.schedule = new DeliverySchedule(rng, answers, firstUpdateId);
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
    answers.sendTo(outgoing);
    generate(sink);
  }

  /** Generates every day of the spec and hands each delivery, in arrival order, to {@code sink}. */
  public void generate(Consumer<Delivery> sink) {
    for (int d = 0; d < spec.days(); d++) {
      LocalDate day = spec.startDate().plusDays(d);
      generateDay(day, d == spec.days() - 1, sink);
    }
    schedule.drain(sink);
  }

  private void generateDay(LocalDate day, boolean lastDay, Consumer<Delivery> sink) {
    long start = DailyRhythm.epochMillis(day);
    long end = start + DAY_MILLIS;
    DayPlan plan = new DayPlan(chats, rng, end - 3_000L);
    if (day.equals(spec.startDate())) {
      conversations.planMigration(plan, chats.migrationAt());
    }
    double[] hourCdf = rhythm.hourCdf(start);
    while (plan.emittedCount() < spec.updatesPerDay()) {
      if (!conversations.followUpBefore(plan, end)) {
        conversations.session(plan, rhythm.sampleTime(start, hourCdf));
      }
    }
    conversations.dropFollowUpsBefore(end);
    plan.trimTo(spec.updatesPerDay());
    schedule.emitDay(plan, end, lastDay, sink);
  }
}
