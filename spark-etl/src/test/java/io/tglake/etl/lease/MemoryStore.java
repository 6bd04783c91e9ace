package io.tglake.etl.lease;

import io.tglake.etl.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory {@link ObjectStore} exactly as atomic as S3 and no more: each call on one key is
 * atomic (S3 is strongly consistent per object) and {@link #putIfAbsent} is an atomic create (S3
 * {@code If-None-Match: *}), but nothing coordinates two calls — no lock spans a get and a
 * following delete, so a lease race in a test is won or lost by {@link DayLease}'s own protocol,
 * not by the store serializing its callers.
 */
final class MemoryStore implements ObjectStore {

  private final ConcurrentNavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  /**
   * Runs once, inside the lease renewer thread's next store call: another run's write racing with
   * the renewal.
   */
  private volatile Runnable onRenewal;

  /**
   * {@code write} lands between the renewer's next read and its write (or just before a conditional
   * write).
   */
  void raceNextRenewal(Runnable write) {
    onRenewal = write;
  }

  private void raceIfRenewer() {
    Runnable r = onRenewal;
    if (r != null && Thread.currentThread().getName().startsWith("tglake-lease-")) {
      onRenewal = null;
      r.run();
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects
        .tailMap(prefix)
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                out.add(new ObjectInfo(k, v.length, Instant.EPOCH));
              }
            });
    return out;
  }

  @Override
  public Optional<byte[]> get(String key) {
    Optional<byte[]> read = Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    raceIfRenewer();
    return read;
  }

  @Override
  public boolean putIfAbsent(String key, byte[] body) {
    return objects.putIfAbsent(key, body.clone()) == null;
  }

  @Override
  public void put(String key, byte[] body) {
    objects.put(key, body.clone());
  }

  @Override
  public Optional<Tagged> getTagged(String key) {
    return Optional.ofNullable(objects.get(key)).map(b -> new Tagged(b.clone(), etag(b)));
  }

  @Override
  public Optional<String> replaceIfMatch(String key, byte[] body, String etag) {
    raceIfRenewer();
    byte[] current = objects.get(key);
    // one atomic compare-and-set on the stored array, as S3 evaluates If-Match and writes in one
    // request
    if (current == null
        || !etag(current).equals(etag)
        || !objects.replace(key, current, body.clone())) {
      return Optional.empty();
    }
    return Optional.of(etag(body));
  }

  private static String etag(byte[] b) {
    return Integer.toHexString(Arrays.hashCode(b));
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  @Override
  public List<ObjectVersion> listVersions(String prefix) {
    return list(prefix).stream()
        .map(o -> new ObjectVersion(o.key(), "null", true, false, o.lastModified()))
        .toList();
  }

  @Override
  public void deleteVersion(String key, String versionId) {
    if ("null".equals(versionId)) {
      objects.remove(key);
    }
  }

  @Override
  public void close() {}
}
