package io.tglake.sample;

import static io.tglake.sample.Phrases.DEEP_LINKS;
import static io.tglake.sample.Phrases.GREETINGS_EN;
import static io.tglake.sample.Phrases.GREETINGS_PT;
import static io.tglake.sample.Phrases.GROUP_REPLIES_EN;
import static io.tglake.sample.Phrases.GROUP_REPLIES_PT;
import static io.tglake.sample.Phrases.HUMAN_EN;
import static io.tglake.sample.Phrases.HUMAN_PT;
import static io.tglake.sample.Phrases.INLINE_EN;
import static io.tglake.sample.Phrases.INLINE_PT;
import static io.tglake.sample.Phrases.THANKS_EN;
import static io.tglake.sample.Phrases.THANKS_PT;
import static io.tglake.sample.SupportBotTraffic.BOT_USERNAME;
import static io.tglake.sample.SupportBotTraffic.HELPFUL_NO;
import static io.tglake.sample.SupportBotTraffic.HELPFUL_YES;

import io.tglake.sample.MediaMessage.Kind;
import io.tglake.sample.Phrases.Question;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The script of the simulation: which sessions happen (private support conversations, group
 * questions, joins and leaves, inline queries, blocks, channel posts) and what each one says, step
 * by step, into a {@link DayPlan}. Users who said they would come back are kept as follow-ups.
 */
final class Conversations {

  private record FollowUp(TrafficUser user, long atMillis) {}

  private final Dice rng;
  private final Population people;
  private final Phrases phrases;
  private final DailyRhythm rhythm;
  private final PriorityQueue<FollowUp> followUps =
      new PriorityQueue<>(Comparator.comparingLong(FollowUp::atMillis));

  Conversations(Dice rng, Population people, DailyRhythm rhythm) {
    this.rng = rng;
    this.people = people;
    this.phrases = new Phrases(rng);
    this.rhythm = rhythm;
  }

  /**
   * Plans the conversation of a user coming back before {@code end}, if one is due; false when none
   * is.
   */
  boolean followUpBefore(DayPlan plan, long end) {
    if (followUps.isEmpty() || followUps.peek().atMillis >= end) {
      return false;
    }
    FollowUp due = followUps.poll();
    supportConversation(plan, due.user, due.atMillis, true);
    return true;
  }

  /** The day is full: users due before {@code end} did not come back after all. */
  void dropFollowUpsBefore(long end) {
    followUps.removeIf(f -> f.atMillis < end);
  }

  /** A session starting at {@code t}: who does what is drawn here. */
  void session(DayPlan plan, long t) {
    int r = rng.nextInt(1000);
    if (r < 690) {
      supportConversation(plan, people.pickUser(), t, false);
    } else if (r < 870) {
      groupConversation(plan, t);
    } else if (r < 920) {
      groupJoin(plan, t);
    } else if (r < 945) {
      groupLeave(plan, t);
    } else if (r < 970) {
      inlineQuery(plan, people.pickUser(), t);
    } else if (r < 990) {
      blockOrUnblock(plan, people.pickUser(), t);
    } else {
      channelPost(plan, t);
    }
  }

  /**
   * A private conversation: optional /start, greeting, question (maybe edited or with media),
   * answer, feedback.
   */
  private void supportConversation(DayPlan plan, TrafficUser u, long t0, boolean returning) {
    Convo c = new Convo(u.privateChat());
    long t = t0;
    boolean pt = u.portuguese();
    if (!returning && people.firstStart(u)) {
      EntityText start = new EntityText().entity("bot_command", "/start");
      if (rng.nextInt(100) < 30) {
        start.plain(" " + rng.pick(DEEP_LINKS));
      }
      plan.userText(c, u, t, start);
      t += rng.secs(2, 20);
      plan.botSays(
          c,
          t,
          pt
              ? "Olá! Sou o assistente da Loja Aurora. Como posso ajudar?"
              : "Hi! I am Loja Aurora's assistant. How can I help?",
          false);
      t += rng.secs(5, 60);
    } else if (rng.nextInt(100) < 45) {
      plan.userText(c, u, t, new EntityText().plain(rng.pick(pt ? GREETINGS_PT : GREETINGS_EN)));
      t += rng.secs(3, 40);
    }
    if (rng.nextInt(100) < 12) {
      plan.userText(
          c,
          u,
          t,
          new EntityText().entity("bot_command", pt && rng.nextBoolean() ? "/ajuda" : "/help"));
      t += rng.secs(2, 5);
      plan.botSays(
          c,
          t,
          pt ? "Escolha um assunto ou escreva sua dúvida." : "Pick a topic or type your question.",
          false);
      t += rng.secs(5, 90);
    }
    int kind = rng.nextInt(100);
    Question q = phrases.pickQuestion(pt);
    if (kind < 6) {
      plan.media(c, u, t, Kind.VOICE, null);
    } else {
      EntityText text =
          rng.nextInt(100) < 18
              ? phrases.richQuestion(pt)
              : new EntityText().plain(phrases.vary(q.text(pt)));
      int msg = plan.userText(c, u, t, text);
      if (rng.nextInt(100) < 10) {
        plan.edit(c, u, t, t + rng.secs(15, 180), msg, new EntityText().plain(q.text(pt)));
      }
    }
    t += rng.secs(4, 60);
    int extra = rng.nextInt(100);
    if (extra < 10) {
      plan.media(c, u, t, Kind.PHOTO, pt ? "Chegou assim 😡 " : "It arrived like this 😡 ");
      t += rng.secs(3, 30);
    } else if (extra < 15) {
      plan.media(c, u, t, Kind.DOCUMENT, pt ? "Segue a nota fiscal 🧾" : "Here is the receipt 🧾");
      t += rng.secs(3, 30);
    } else if (extra < 18) {
      plan.media(c, u, t, Kind.LOCATION, null);
      t += rng.secs(3, 30);
    } else if (extra < 21) {
      plan.media(c, u, t, Kind.CONTACT, null);
      t += rng.secs(3, 30);
    } else if (extra < 23) {
      plan.media(c, u, t, Kind.ANIMATION, null);
      t += rng.secs(3, 30);
    }
    t += rng.secs(1, 4);
    plan.botSays(c, t, q.answer(pt) + (pt ? "\n\nIsso ajudou?" : "\n\nDid this help?"), true);
    boolean resolved = false;
    int fb = rng.nextInt(100);
    if (fb < 72) {
      t += rng.secs(10, 400);
      resolved = rng.nextInt(100) < 64;
      plan.callback(c, u, t, resolved ? HELPFUL_YES : HELPFUL_NO);
      t += rng.secs(1, 3);
      plan.botSays(c, t, pt ? "Obrigado pelo retorno!" : "Thanks for the feedback!", false);
    }
    if (!resolved && rng.nextInt(100) < 45) {
      t += rng.secs(5, 120);
      int how = rng.nextInt(100);
      if (how < 55) {
        plan.userText(
            c, u, t, new EntityText().entity("bot_command", pt ? "/atendente" : "/human"));
      } else {
        plan.userText(c, u, t, new EntityText().plain(rng.pick(pt ? HUMAN_PT : HUMAN_EN)));
      }
      t += rng.secs(1, 4);
      plan.botSays(
          c,
          t,
          pt ? "Um atendente vai falar com você em breve." : "An agent will contact you shortly.",
          false);
    } else if (rng.nextInt(100) < 8) {
      t += rng.secs(2, 30);
      plan.media(c, u, t, Kind.STICKER, null);
    } else if (rng.nextInt(100) < 30) {
      t += rng.secs(5, 60);
      plan.userText(c, u, t, new EntityText().plain(rng.pick(pt ? THANKS_PT : THANKS_EN)));
    }
    if (rng.nextInt(100) < 25) {
      followUps.add(new FollowUp(u, rhythm.returnTime(t)));
    }
  }

  /**
   * A member asks in the group, maybe via /ajuda@bot; another member replies; reactions; button
   * feedback.
   */
  private void groupConversation(DayPlan plan, long t) {
    TrafficUser u = people.pickGroupMember();
    Convo c = new Convo(plan.groupChatAt(t));
    boolean pt = u.portuguese();
    if (rng.nextInt(100) < 30) {
      plan.userText(
          c,
          u,
          t,
          new EntityText().entity("bot_command", (pt ? "/ajuda@" : "/help@") + BOT_USERNAME));
      t += rng.secs(2, 6);
      plan.botSays(
          c,
          t,
          pt ? "Pergunte aqui ou fale comigo no privado." : "Ask here or talk to me privately.",
          false);
      t += rng.secs(10, 120);
    }
    Question q = phrases.pickQuestion(pt);
    EntityText text =
        rng.nextInt(100) < 25
            ? new EntityText()
                .entity("mention", "@" + BOT_USERNAME)
                .plain(" " + phrases.vary(q.text(pt)))
            : new EntityText().plain(phrases.vary(q.text(pt)));
    int question = plan.userText(c, u, t, text);
    t += rng.secs(2, 8);
    plan.botSays(c, t, q.answer(pt) + (pt ? "\n\nIsso ajudou?" : "\n\nDid this help?"), true);
    if (rng.nextInt(100) < 40) {
      TrafficUser other = people.pickGroupMember();
      t += rng.secs(20, 600);
      plan.reply(
          c,
          other,
          t,
          new EntityText()
              .plain(rng.pick(other.portuguese() ? GROUP_REPLIES_PT : GROUP_REPLIES_EN)));
    }
    if (rng.nextInt(100) < 30) {
      plan.reaction(c, people.pickGroupMember(), t + rng.secs(5, 900), question);
    }
    if (rng.nextInt(100) < 35) {
      plan.callback(c, u, t + rng.secs(20, 600), rng.nextInt(100) < 60 ? HELPFUL_YES : HELPFUL_NO);
    }
  }

  private void groupJoin(DayPlan plan, long t) {
    TrafficUser u = people.pickUser();
    people.joinGroup(u);
    plan.join(new Convo(plan.groupChatAt(t)), u, t);
  }

  private void groupLeave(DayPlan plan, long t) {
    TrafficUser u = people.pickGroupMember();
    plan.leave(new Convo(plan.groupChatAt(t)), u, t);
  }

  private void inlineQuery(DayPlan plan, TrafficUser u, long t) {
    String[] queries = u.portuguese() ? INLINE_PT : INLINE_EN;
    String full = rng.pick(queries);
    // Telegram sends an inline query per keystroke pause: a prefix, then the whole query.
    int cut = Math.max(1, full.length() / 2);
    plan.inline(u, t, full.substring(0, cut));
    plan.inline(u, t + rng.secs(1, 4), full);
  }

  private void blockOrUnblock(DayPlan plan, TrafficUser u, long t) {
    Convo c = new Convo(u.privateChat());
    plan.myChatMember(c, u, t, "member", "kicked");
    if (rng.nextInt(100) < 40) {
      plan.myChatMember(c, u, t + rng.secs(600, 6 * 3_600), "kicked", "member");
    }
  }

  private void channelPost(DayPlan plan, long t) {
    plan.channelPost(t);
  }

  /** The group's admin migrates it to a supergroup at {@code at}. */
  void planMigration(DayPlan plan, long at) {
    TrafficUser admin = people.admin();
    people.joinGroup(admin);
    plan.migration(admin, at);
  }
}
