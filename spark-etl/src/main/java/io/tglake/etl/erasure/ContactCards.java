package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The contact rule of {@link ReferenceRedactor}: a contact card of theirs ({@code user_id} theirs,
 * or their phone number in any formatting) keeps only {@code "phone_number": ""} and {@code
 * "first_name": "erased"}; any other object with their {@code user_id} (a shared user) gets {@code
 * user_id} 0 and no name, username or photo.
 */
final class ContactCards {

  private final PersonIdentity who;

  ContactCards(PersonIdentity who) {
    this.who = who;
  }

  /** Rewrites {@code o} when it is their card or carries their {@code user_id}; 1 if it did. */
  int redact(ObjectNode o) {
    JsonNode phone = o.get("phone_number");
    boolean theirId = who.isThem(o.get("user_id"));
    if (phone != null && phone.isTextual() && (theirId || who.isTheirPhone(phone.asText()))) {
      for (String f : List.of("last_name", "vcard", "user_id")) {
        o.remove(f);
      }
      o.put("phone_number", "");
      o.put("first_name", ReferenceRedactor.ERASED);
      return 1;
    }
    if (theirId) {
      boolean named = o.has("first_name");
      for (String f : List.of("first_name", "last_name", "username", "photo")) {
        o.remove(f);
      }
      o.put("user_id", 0);
      if (named) {
        o.put("first_name", ReferenceRedactor.ERASED);
      }
      return 1;
    }
    return 0;
  }

  /**
   * Adds the hashed phone number ({@code "p:"} + hash of its digits, see {@link
   * ReferenceRedactor#weakTokens}) of a card directly in {@code o}.
   */
  static void phoneToken(ObjectNode o, Set<String> out) {
    JsonNode phone = o.get("phone_number");
    if (phone != null && phone.isTextual() && !phone.asText().replaceAll("[^0-9]", "").isEmpty()) {
      out.add("p:" + PersonIdentity.sha256(phone.asText().replaceAll("[^0-9]", "")));
    }
  }
}
