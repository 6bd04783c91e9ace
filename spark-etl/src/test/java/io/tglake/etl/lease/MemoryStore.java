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
    return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
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
