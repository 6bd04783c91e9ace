package io.tglake.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A simulated Telegram user: who they are (Brazilian or English-speaking) and their Bot API JSON.
 */
final class TrafficUser {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  final long id;
  final String firstName;
  final String lastName;
  final String username;
  final String languageCode;
  final boolean premium;
  final String phone;

  private TrafficUser(
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

  static TrafficUser random(Dice rng) {
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
            ? Phrases.stripAccents(first).toLowerCase(Locale.ROOT) + "_" + rng.nextInt(10_000)
            : null;
    String code = lang < 75 ? "pt-br" : en ? "en" : null;
    long id = 100_000_000L + rng.nextLong(7_800_000_000L);
    String phone = "55119" + (10_000_000 + rng.nextInt(89_999_999));
    return new TrafficUser(id, first, last, username, code, rng.nextInt(100) < 7, phone);
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
