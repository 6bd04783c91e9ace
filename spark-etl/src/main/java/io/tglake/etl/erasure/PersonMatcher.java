package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides from a raw object's bytes whether it belongs to one of the people an erasure is about.
 *
 * <p>An update is theirs when the update kind's object (the one top-level field besides {@code
 * update_id}) names them as <b>sender</b> ({@code from.id} of any message-like, edited or channel
 * kind, and of inline queries, join requests ...), <b>affected member</b> ({@code
 * new_chat_members[].id} when every new member is one of them, {@code left_chat_member.id}, {@code
 * new_chat_member.user.id}, {@code old_chat_member.user.id}), <b>acting user</b> ({@code user.id}
 * of reactions, poll answers, business connections), <b>callback presser</b> ({@code
 * callback_query.from.id}) or <b>private chat</b> ({@code chat.id}, {@code
 * callback_query.message.chat.id}, {@code user_chat_id} — a private chat's id is the user's id;
 * groups and channels have negative ids).
 *
 * <p>Objects that are not valid JSON cannot be read that way; they count as theirs when their text
 * contains {@code "id": U} or {@code "user_chat_id": U} (an over-approximation on purpose: such an
 * object is only in the raw layer and the quarantine, and deleting a broken object of someone else
 * loses nothing parseable).
 *
 * <p>{@link #references} tells whether the id occurs anywhere else in a valid object (a reply
 * quoting them, a forward of their message, a text mention, a join of several people): those
 * objects are someone else's and are rewritten, not deleted ({@link ReferenceRedactor}).
 */
public final class PersonMatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS =
      List.of(
          "from/id",
          "chat/id",
          "user/id",
          "user_chat_id",
          "left_chat_member/id",
          "new_chat_member/user/id",
          "old_chat_member/user/id",
          "message/chat/id");

  private final Set<Long> ids;
  private final Pattern brokenMatch;

  public PersonMatcher(Set<Long> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no user id to match");
    }
    this.ids = Set.copyOf(ids);
    String alternatives = ids.stream().map(String::valueOf).collect(Collectors.joining("|"));
    this.brokenMatch =
        Pattern.compile("\"(?:id|user_chat_id)\"\\s*:\\s*(?:" + alternatives + ")(?![0-9])");
  }

  /** The people's ids. */
  Set<Long> ids() {
    return ids;
  }

  /** What one raw object is, for the people of this erasure. */
  public enum Verdict {
    /** Theirs: delete it. */
    THEIRS,
    /** Someone else's object that mentions them (reply, forward, text mention): redacted, kept. */
    REFERENCES,
    /** Unrelated. */
    OTHER
  }

  /** Classifies one raw object (see class doc). */
  public Verdict classify(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return brokenMatch.matcher(new String(body, StandardCharsets.UTF_8)).find()
          ? Verdict.THEIRS
          : Verdict.OTHER;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> kind = it.next();
      if (kind.getKey().equals("update_id") || !kind.getValue().isObject()) {
        continue;
      }
      if (isTheirs(kind.getValue())) {
        return Verdict.THEIRS;
      }
    }
    return references(root) ? Verdict.REFERENCES : Verdict.OTHER;
  }

  /** {@code callback_query.id} of a valid update, if it is one. */
  static Optional<String> callbackQueryId(byte[] body) {
    try {
      JsonNode id = JSON.readTree(body).path("callback_query").path("id");
      return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private boolean isTheirs(JsonNode obj) {
    for (String path : PATHS) {
      if (matches(obj.at("/" + path))) {
        return true;
      }
    }
    // A join that also names other people is theirs too: it is redacted (they leave the list), not
    // deleted.
    int theirs = 0;
    for (JsonNode member : obj.path("new_chat_members")) {
      theirs += matches(member.path("id")) ? 1 : 0;
    }
    return theirs > 0 && theirs == obj.path("new_chat_members").size();
  }

  /**
   * The id anywhere in the tree as {@code id} of an object or {@code user_id}/{@code user_chat_id}.
   */
  private boolean references(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String k = f.getKey();
        if ((k.equals("id") || k.equals("user_id") || k.equals("user_chat_id"))
            && matches(f.getValue())) {
          return true;
        }
        if (references(f.getValue())) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode e : node) {
        if (references(e)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean matches(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong() && ids.contains(n.asLong())
        || n.isTextual() && n.asText().matches("-?\\d{1,19}") && ids.contains(parse(n.asText()));
  }

  private static Long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
