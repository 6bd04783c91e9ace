package io.tglake.etl.lease;

import io.tglake.etl.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory {@link ObjectStore} with the same create-only semantics (one lock, like a conditional PUT). */
final class MemoryStore implements ObjectStore {

  private final Map<String, byte[]> objects = new TreeMap<>();
  /** Runs once, inside the lease renewer thread's next store call: another run's write racing with the renewal. */
  private volatile Runnable onRenewal;

  /** {@code write} lands between the renewer's next read and its write (or just before a conditional write). */
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
  public synchronized List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.add(new ObjectInfo(k, v.length, Instant.EPOCH));
      }
    });
    return out;
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    Optional<byte[]> read = Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    raceIfRenewer();
    return read;
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] body) {
    return objects.putIfAbsent(key, body.clone()) == null;
  }

  @Override
  public synchronized void put(String key, byte[] body) {
    objects.put(key, body.clone());
  }

  @Override
  public synchronized Optional<Tagged> getTagged(String key) {
    return get(key).map(b -> new Tagged(b, Integer.toHexString(java.util.Arrays.hashCode(b))));
  }

  @Override
  public synchronized Optional<String> replaceIfMatch(String key, byte[] body, String etag) {
    raceIfRenewer();
    Optional<Tagged> current = getTagged(key);
    if (current.isEmpty() || !current.get().etag().equals(etag)) {
      return Optional.empty();
    }
    put(key, body);
    return Optional.of(getTagged(key).orElseThrow().etag());
  }

  @Override
  public synchronized void delete(String key) {
    objects.remove(key);
  }

  @Override
  public synchronized List<ObjectVersion> listVersions(String prefix) {
    return list(prefix).stream().map(o -> new ObjectVersion(o.key(), "null", true, false, o.lastModified()))
        .toList();
  }

  @Override
  public synchronized void deleteVersion(String key, String versionId) {
    if ("null".equals(versionId)) {
      objects.remove(key);
    }
  }

  @Override
  public void close() {}
}
