package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What identifies the people of an erasure inside other people's objects: their user ids (given),
 * and what only the lake tells: the usernames their user objects carried (for {@code @username}
 * mentions, which name no id) and the phone numbers of contact cards with their {@code user_id} (a
 * card shared without the id is matched by number).
 *
 * <p>Usernames and phones are kept as SHA-256 of their normal form (username lower case without
 * {@code @}, phone digits only): the erasure plan stores them to resume, and a plan must hold no
 * content.
 *
 * @param ids the people's Telegram user ids
 * @param usernames SHA-256 (hex) of their normalized usernames
 * @param phones SHA-256 (hex) of their phone numbers' digits
 */
record PersonIdentity(Set<Long> ids, Set<String> usernames, Set<String> phones) {

  PersonIdentity {
    ids = Set.copyOf(ids);
    usernames = Set.copyOf(usernames);
    phones = Set.copyOf(phones);
  }

  /** Only the ids (nothing collected yet). */
  static PersonIdentity of(Set<Long> ids) {
    return new PersonIdentity(ids, Set.of(), Set.of());
  }

  boolean isThem(JsonNode id) {
    return id != null
        && id.isIntegralNumber()
        && id.canConvertToLong()
        && ids.contains(id.asLong());
  }

  boolean isTheirUsername(String username) {
    String u = username.startsWith("@") ? username.substring(1) : username;
    return !u.isEmpty() && usernames.contains(sha256(u.toLowerCase(Locale.ROOT)));
  }

  boolean isTheirPhone(String phone) {
    String digits = phone.replaceAll("[^0-9]", "");
    return !digits.isEmpty() && phones.contains(sha256(digits));
  }

  /** Whether any of {@link ReferenceRedactor#weakTokens} is one of their usernames or phones. */
  boolean matchesAny(Set<String> tokens) {
    for (String t : tokens) {
      if (t.startsWith("u:") && usernames.contains(t.substring(2))
          || t.startsWith("p:") && phones.contains(t.substring(2))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds to the sets the usernames and phones that {@code root} shows for {@code ids} (see class
   * doc).
   */
  static void collect(JsonNode root, Set<Long> ids, Set<String> usernames, Set<String> phones) {
    if (root.isArray()) {
      root.forEach(e -> collect(e, ids, usernames, phones));
      return;
    }
    if (!root.isObject()) {
      return;
    }
    JsonNode id = root.get("id");
    JsonNode userId = root.get("user_id");
    boolean theirs =
        id != null && id.isIntegralNumber() && ids.contains(id.asLong())
            || userId != null && userId.isIntegralNumber() && ids.contains(userId.asLong());
    if (theirs) {
      JsonNode username = root.get("username");
      if (username != null && username.isTextual() && !username.asText().isEmpty()) {
        usernames.add(sha256(username.asText().replaceFirst("^@", "").toLowerCase(Locale.ROOT)));
      }
      JsonNode phone = root.get("phone_number");
      if (phone != null
          && phone.isTextual()
          && !phone.asText().replaceAll("[^0-9]", "").isEmpty()) {
        phones.add(sha256(phone.asText().replaceAll("[^0-9]", "")));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      collect(it.next().getValue(), ids, usernames, phones);
    }
  }

  /** The hashed part, for the erasure plan (ids are stored there already). */
  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    ArrayNode u = n.putArray("username_sha256");
    new TreeSet<>(usernames).forEach(u::add);
    ArrayNode p = n.putArray("phone_sha256");
    new TreeSet<>(phones).forEach(p::add);
    return n;
  }

  /**
   * Reads {@link #toJson}; a missing node (a plan written before redaction existed) gives ids only.
   */
  static PersonIdentity fromJson(Set<Long> ids, JsonNode n) {
    Set<String> u = new HashSet<>();
    Set<String> p = new HashSet<>();
    n.path("username_sha256").forEach(x -> u.add(x.asText()));
    n.path("phone_sha256").forEach(x -> p.add(x.asText()));
    return new PersonIdentity(ids, u, p);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
