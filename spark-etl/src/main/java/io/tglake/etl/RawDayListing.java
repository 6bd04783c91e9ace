package io.tglake.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStore.ObjectInfo;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw day's objects as {@link RawDayReader} fetches them, from one listing: hidden names skipped
 * and logged, objects in sub-folders kept and logged, and the arrival time of objects an erasure
 * rewrote taken from the day's {@link LakeLayout#rawArrivalsKey} file instead of their
 * last-modified time.
 */
final class RawDayListing {

  private static final Logger LOG = LoggerFactory.getLogger(RawDayListing.class);

  private final String rawRoot;
  private final S3Settings s3;
  private final ObjectMapper json;

  /**
   * @param rawRoot the store root ({@code --raw}, or the outgoing root)
   * @param json the run's JSON mapper, for the arrivals files
   */
  RawDayListing(String rawRoot, S3Settings s3, ObjectMapper json) {
    this.rawRoot = rawRoot;
    this.s3 = s3;
    this.json = json;
  }

  /** The day's objects, in key order (see the class doc). */
  List<ObjectInfo> list(LocalDate day) throws IOException {
    String prefix = LakeLayout.dayPrefix(day);
    List<ObjectInfo> listed;
    Map<String, Long> arrivals = Map.of();
    try (ObjectStore store = ObjectStores.open(rawRoot, s3)) {
      List<ObjectInfo> all = store.list(prefix);
      String arrivalsKey = LakeLayout.rawArrivalsKey(day);
      if (all.stream().anyMatch(o -> o.key().equals(arrivalsKey))) {
        arrivals = arrivals(store, arrivalsKey);
      }
      // An object an erasure rewrote arrived when its arrivals entry says, not when it was
      // rewritten.
      Map<String, Long> arrived = arrivals;
      listed =
          all.stream()
              .filter(o -> isDayObject(prefix, o.key()))
              .map(
                  o ->
                      arrived.containsKey(o.key())
                          ? new ObjectInfo(
                              o.key(), o.size(), Instant.ofEpochMilli(arrived.get(o.key())))
                          : o)
              .toList();
      List<String> hidden =
          all.stream()
              .map(ObjectInfo::key)
              .filter(k -> isHidden(prefix, k))
              .filter(k -> !k.equals(arrivalsKey))
              .toList();
      if (!hidden.isEmpty()) {
        LOG.warn(
            "etl {}: {} objects under the day skipped for their hidden name ('.' or '_', as Spark skips "
                + "them): {}",
            day,
            hidden.size(),
            hidden.size() > 20 ? hidden.subList(0, 20) + " ..." : hidden);
      }
      List<String> nested =
          listed.stream()
              .map(ObjectInfo::key)
              .filter(k -> k.indexOf('/', prefix.length()) >= 0)
              .toList();
      if (!nested.isEmpty()) {
        LOG.warn(
            "etl {}: {} objects in sub-folders of the day partition (read with the day; the raw layout puts "
                + "updates directly under it): {}",
            day,
            nested.size(),
            nested.size() > 20 ? nested.subList(0, 20) + " ..." : nested);
      }
    }
    return listed;
  }

  /**
   * The day's {@link LakeLayout#rawArrivalsKey} (key → epoch ms); a missing or unreadable file
   * counts as none.
   */
  private Map<String, Long> arrivals(ObjectStore store, String key) throws IOException {
    Map<String, Long> out = new HashMap<>();
    try {
      var body = store.get(key);
      if (body.isPresent()) {
        json.readTree(body.get())
            .fields()
            .forEachRemaining(
                e -> {
                  if (e.getValue().isIntegralNumber()) {
                    out.put(e.getKey(), e.getValue().asLong());
                  }
                });
      }
    } catch (JsonProcessingException e) {
      LOG.warn(
          "{}: not readable JSON, ignored (received_at of rewritten objects is their rewrite time): {}",
          key,
          e.getOriginalMessage());
    }
    return out;
  }

  /**
   * An object under the day prefix (directly or in a sub-folder) that Spark's file sources would
   * not skip: no segment of its name starts with {@code .} or {@code _}; folder markers (names
   * ending in {@code /}) are no objects.
   */
  static boolean isDayObject(String prefix, String key) {
    String name = key.substring(prefix.length());
    return !name.isEmpty() && !name.endsWith("/") && !isHidden(prefix, key);
  }

  private static boolean isHidden(String prefix, String key) {
    for (String segment : key.substring(prefix.length()).split("/")) {
      if (segment.startsWith(".") || segment.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
