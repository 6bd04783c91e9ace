package io.tglake.ingest;

/**
 * Port to the raw layer. Keys are relative to the store's root (the folder that contains the day
 * partitions), as {@link io.tglake.contract.LakeLayout#rawKey} spells them. Implementations must be
 * thread-safe.
 */
public interface RawUpdateStore {

  /** Result of a create-only write. */
  enum PutResult {
    /** The object did not exist and is now durably stored. */
    CREATED,
    /** An object already exists under the key; nothing was written. */
    ALREADY_EXISTS
  }

  /**
   * Stores {@code body} under {@code key} unless an object already exists there. Never overwrites.
   *
   * @throws StorageException when the outcome is unknown or the write failed (caller answers 5xx)
   */
  PutResult putIfAbsent(String key, byte[] body);

  /** Human-readable absolute location of a key, for logs ("s3://bucket/telegram/…" or a path). */
  String locationOf(String key);

  /**
   * Persists that {@code newChatId} (a supergroup) continues allowed chat {@code fromChatId}, so
   * that every instance keeps accepting it. Idempotent.
   *
   * @throws StorageException when the marker could not be written
   */
  void recordChatMigration(long newChatId, long fromChatId);

  /**
   * Whether a migration marker exists for {@code chatId}.
   *
   * @throws StorageException when the lookup failed (caller answers 5xx rather than dropping the
   *     update)
   */
  boolean isMigratedChat(long chatId);
}
