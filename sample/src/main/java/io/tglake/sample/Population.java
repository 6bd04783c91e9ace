package io.tglake.sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who takes part: the users (40 to 200,000: a quarter of a day's updates), who is in the support
 * group, and who has already sent /start. Picks are skewed towards a core of regulars.
 */
final class Population {

  private final Dice rng;
  private final List<TrafficUser> users = new ArrayList<>();
  private final Set<Long> groupMembers = new HashSet<>();
  private final Set<Long> startedUsers = new HashSet<>();

  Population(Dice rng, int updatesPerDay) {
    this.rng = rng;
    int population = Math.max(40, Math.min(200_000, updatesPerDay / 4));
    for (int i = 0; i < population; i++) {
      users.add(TrafficUser.random(rng));
    }
    for (TrafficUser u : users) {
      if (rng.nextInt(100) < 30) {
        groupMembers.add(u.id);
      }
    }
  }

  /** The group's admin, who migrates it. */
  TrafficUser admin() {
    return users.get(0);
  }

  void joinGroup(TrafficUser u) {
    groupMembers.add(u.id);
  }

  /** True the first time a user is seen starting the bot; later calls for them are false. */
  boolean firstStart(TrafficUser u) {
    return startedUsers.add(u.id);
  }

  /** Skewed towards a core of regulars, so that users come back within a day. */
  TrafficUser pickUser() {
    int n = users.size();
    if (rng.nextInt(100) < 35) {
      return users.get(rng.nextInt(Math.max(1, n / 20)));
    }
    return users.get(rng.nextInt(n));
  }

  TrafficUser pickGroupMember() {
    for (int i = 0; i < 20; i++) {
      TrafficUser u = pickUser();
      if (groupMembers.contains(u.id)) {
        return u;
      }
    }
    TrafficUser u = pickUser();
    groupMembers.add(u.id);
    return u;
  }
}
