package io.tglake.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.sample.DayPlan.Event;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a day's plan into deliveries in arrival order: runs its events in time order, gives each
 * update its update_id (increasing with first arrival, with Telegram's occasional gaps) and body
 * layout, and schedules redeliveries (same update_id and bytes again, seconds later; the day's last
 * update just after UTC midnight, so it lands in the next day's raw partition).
 */
final class DeliverySchedule {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Dice rng;
  private final BotAnswers answers;
  private final PriorityQueue<Delivery> pendingRedeliveries =
      new PriorityQueue<>(Comparator.comparing(Delivery::arrival));
  private long nextUpdateId;
  private long lastArrivalMillis = Long.MIN_VALUE;

  DeliverySchedule(Dice rng, BotAnswers answers, long firstUpdateId) {
    this.rng = rng;
    this.answers = answers;
    this.nextUpdateId = firstUpdateId;
  }

  /**
   * Emits the day's updates to {@code sink}, with the redeliveries due before the day ends.
   *
   * @param lastDay no redelivery of the day's last update after midnight (there is no next day)
   */
  void emitDay(DayPlan plan, long dayEnd, boolean lastDay, Consumer<Delivery> sink) {
    List<Event> events = plan.events();
    events.sort(Comparator.comparingLong(Event::atMillis).thenComparingInt(Event::seq));
    int total = plan.emittedCount();
    int redeliveries = Math.max(2, total / 500);
    Set<Integer> redeliver = new HashSet<>();
    while (redeliver.size() < Math.min(redeliveries, total)) {
      redeliver.add(rng.nextInt(total));
    }
    int index = 0;
    answers.startDay();
    for (Event e : events) {
      ObjectNode payload = e.step().run();
      if (payload == null) {
        ObjectNode botSaid = plan.takeBotSaid();
        if (botSaid != null) {
          answers.botSays(botSaid, e.atMillis());
        }
        continue; // the bot's own messages are not updates; they only took a message_id
      }
      long updateId = nextUpdateId;
      nextUpdateId +=
          rng.nextInt(100) < 2 ? 2 + rng.nextInt(3) : 1; // Telegram's ids have occasional gaps
      ObjectNode update = JSON.objectNode();
      update.put("update_id", updateId);
      update.set(e.updateType(), payload);
      byte[] body = BodyFormat.pick(rng.stream()).write(update);
      long arrival = Math.max(lastArrivalMillis, e.atMillis() + rng.nextInt(1_500));
      arrival = Math.min(arrival, dayEnd - 1);
      flushRedeliveries(arrival, sink);
      lastArrivalMillis = arrival;
      sink.accept(
          new Delivery(updateId, e.updateType(), Instant.ofEpochMilli(arrival), body, false));
      answers.answerOrRemember(e.updateType(), payload, updateId, arrival);
      if (redeliver.contains(index)) {
        // Telegram retries when the webhook did not answer in time: same update, same bytes,
        // seconds later.
        long again = Math.min(arrival + rng.secs(5, 90), dayEnd - 1);
        pendingRedeliveries.add(
            new Delivery(updateId, e.updateType(), Instant.ofEpochMilli(again), body, true));
      }
      if (index == total - 1 && !lastDay) {
        // The last update of the day is redelivered just after UTC midnight: it lands in the next
        // raw partition.
        long again = dayEnd + rng.secs(3, 40);
        pendingRedeliveries.add(
            new Delivery(updateId, e.updateType(), Instant.ofEpochMilli(again), body, true));
      }
      index++;
    }
    flushRedeliveries(dayEnd, sink);
  }

  /** The redeliveries still pending after the last day. */
  void drain(Consumer<Delivery> sink) {
    while (!pendingRedeliveries.isEmpty()) {
      sink.accept(pendingRedeliveries.poll());
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
}
