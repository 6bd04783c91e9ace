package io.tglake.etl.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The few object-store operations the job needs beyond Spark's own file I/O, with the same semantics on S3
 * ({@code s3://}, {@code s3a://} + endpoint) and on a local folder. A store is rooted at a URI (e.g. the
 * {@code --raw} or {@code --enriched} value); keys are relative to that root and always use {@code /}
 * ({@code context_date=2026-11-22/500012345.json}).
 *
 * <p>Implementations are built once per job (one client, one connection pool) and closed at the end.
 */
public interface ObjectStore extends AutoCloseable {

  /** One listed object: what a single List call returns, so that no HEAD is ever needed. */
  record ObjectInfo(String key, long size, Instant lastModified) {}

  /** Every object whose key starts with {@code prefix}, all pages, in key order. Missing prefix = empty. */
  List<ObjectInfo> list(String prefix) throws IOException;

  /** The whole body, or empty when the object does not exist (e.g. deleted between list and get). */
  Optional<byte[]> get(String key) throws IOException;

  /** Writes {@code body} unless {@code key} exists (S3 {@code If-None-Match: *}, atomic create locally). */
  boolean putIfAbsent(String key, byte[] body) throws IOException;

  /** Writes or replaces {@code key}. */
  void put(String key, byte[] body) throws IOException;

  /** Deletes {@code key}; deleting a missing key is not an error. */
  void delete(String key) throws IOException;

  @Override
  void close();
}
