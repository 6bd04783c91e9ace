package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds an erasure's outgoing records (what the bot said, {@link LakeLayout#outgoingKey}). A record
 * belongs to the people of the erasure when it was sent to their <b>private chat</b> ({@code
 * request.chat_id} or {@code result.chat.id} is their id: a private chat's id is the user's id),
 * when it <b>answers one of their updates</b> ({@code in_response_to_update_id} is an update of
 * theirs that the raw scan found), or when it <b>answers their callback query</b> ({@code
 * answerCallbackQuery}'s {@code request.callback_query_id}). The bot's messages in groups stay
 * unless they answer one of their updates. An object that is not valid JSON is theirs when its text
 * holds {@code "chat_id": U} or {@code "id": U} (the same over-approximation as {@link
 * PersonMatcher}). Cost: one GET per outgoing record in the range.
 */
final class OutgoingScan {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY =
      Pattern.compile(Pattern.quote(LakeLayout.ANY_DAY_PREFIX) + "(\\d{4}-\\d{2}-\\d{2})/([^/]+)");

  private final ObjectStore outgoing;
  private final Set<Long> ids;
  private final Set<Long> updateIds;
  private final Set<String> callbackIds;
  private final Pattern broken;
  private ReferenceRedactor redactor;

  /**
   * @param updateIds their updates' ids (the raw objects the erasure deletes)
   * @param callbackIds the ids of their callback queries
   */
  OutgoingScan(ObjectStore outgoing, Set<Long> ids, Set<Long> updateIds, Set<String> callbackIds) {
    this.outgoing = outgoing;
    this.ids = Set.copyOf(ids);
    this.updateIds = Set.copyOf(updateIds);
    this.callbackIds = Set.copyOf(callbackIds);
    String alternatives = ids.stream().map(String::valueOf).collect(Collectors.joining("|"));
    this.broken =
        Pattern.compile("\"(?:chat_id|id)\"\\s*:\\s*\"?(?:" + alternatives + ")(?![0-9])");
  }

  /**
   * Day → their record keys (sorted), for the days in range that have any; how many records were
   * read; day → keys of the other records that name them (to rewrite, sorted).
   */
  record Result(
      Map<LocalDate, List<String>> keys, long scanned, Map<LocalDate, List<String>> redactKeys) {
    Result(Map<LocalDate, List<String>> keys, long scanned) {
      this(keys, scanned, Map.of());
    }
  }

  /**
   * Also finds the records that are not theirs but name them ({@link
   * ReferenceRedactor#identifies}).
   */
  OutgoingScan redacting(ReferenceRedactor r) {
    this.redactor = r;
    return this;
  }

  Result scan(ForgetArgs args) throws IOException {
    Map<LocalDate, List<String>> theirs = new TreeMap<>();
    Map<LocalDate, List<String>> naming = new TreeMap<>();
    long scanned = 0;
    for (ObjectStore.ObjectInfo o : outgoing.list(LakeLayout.ANY_DAY_PREFIX)) {
      Matcher m = KEY.matcher(o.key());
      if (!m.matches() || m.group(2).startsWith(".") || m.group(2).startsWith("_")) {
        continue;
      }
      LocalDate day = LocalDate.parse(m.group(1));
      if (!args.covers(day)) {
        continue;
      }
      scanned++;
      Optional<byte[]> body = outgoing.get(o.key());
      if (body.isPresent() && isTheirs(body.get())) {
        theirs.computeIfAbsent(day, d -> new ArrayList<>()).add(o.key());
      } else if (body.isPresent() && redactor != null) {
        var root = ReferenceRedactor.parse(body.get());
        if (root != null && redactor.identifies(root)) {
          naming.computeIfAbsent(day, d -> new ArrayList<>()).add(o.key());
        }
      }
    }
    theirs.values().forEach(l -> l.sort(null));
    naming.values().forEach(l -> l.sort(null));
    return new Result(theirs, scanned, naming);
  }

  /** See the class doc. */
  boolean isTheirs(byte[] body) {
    JsonNode r;
    try {
      r = JSON.readTree(body);
    } catch (IOException e) {
      r = null;
    }
    if (r == null || !r.isObject()) {
      return broken.matcher(new String(body, StandardCharsets.UTF_8)).find();
    }
    JsonNode result = r.path("result").isArray() ? r.path("result").path(0) : r.path("result");
    return id(r.at("/request/chat_id")).map(ids::contains).orElse(false)
        || id(result.at("/chat/id")).map(ids::contains).orElse(false)
        || id(r.path("in_response_to_update_id")).map(updateIds::contains).orElse(false)
        || callbackIds.contains(r.at("/request/callback_query_id").asText(""));
  }

  /** A number, or digits in a string (form-posted parameters). */
  private static Optional<Long> id(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return Optional.of(n.asLong());
    }
    if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
      return Optional.of(Long.parseLong(n.asText()));
    }
    return Optional.empty();
  }
}
