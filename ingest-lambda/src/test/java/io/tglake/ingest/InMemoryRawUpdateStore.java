package io.tglake.ingest;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Fake raw store for unit tests: create-only map, optional failure switch, call counters. */
public final class InMemoryRawUpdateStore implements RawUpdateStore {
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final Set<Long> migrations = ConcurrentHashMap.newKeySet();
  final AtomicBoolean failing = new AtomicBoolean();
  final AtomicInteger migrationLookups = new AtomicInteger();

  @Override
  public PutResult putIfAbsent(String key, byte[] body) {
    if (failing.get()) {
      throw new StorageException("simulated outage");
    }
    return objects.putIfAbsent(key, body.clone()) == null
        ? PutResult.CREATED
        : PutResult.ALREADY_EXISTS;
  }

  @Override
  public String locationOf(String key) {
    return "mem://raw/" + key;
  }

  @Override
  public void recordChatMigration(long newChatId, long fromChatId) {
    if (failing.get()) {
      throw new StorageException("simulated outage");
    }
    migrations.add(newChatId);
  }

  @Override
  public boolean isMigratedChat(long chatId) {
    migrationLookups.incrementAndGet();
    if (failing.get()) {
      throw new StorageException("simulated outage");
    }
    return migrations.contains(chatId);
  }
}
