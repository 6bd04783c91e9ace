package io.tglake.etl.lease;

import io.tglake.etl.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory {@link ObjectStore} exactly as atomic as S3 and no more: each call on one key is atomic (S3 is
 * strongly consistent per object) and {@link #putIfAbsent} is an atomic create (S3 {@code If-None-Match: *}), but
 * nothing coordinates two calls — no lock spans a get and a following delete, so a lease race in a test is won or
 * lost by {@link DayLease}'s own protocol, not by the store serializing its callers.
 */
final class MemoryStore implements ObjectStore {

  private final ConcurrentNavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects.tailMap(prefix).forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.add(new ObjectInfo(k, v.length, Instant.EPOCH));
      }
    });
    return out;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
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
  public void delete(String key) {
    objects.remove(key);
  }

  @Override
  public List<ObjectVersion> listVersions(String prefix) {
    return list(prefix).stream().map(o -> new ObjectVersion(o.key(), "null", true, false, o.lastModified()))
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
