package io.tglake.etl.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The few object-store operations the job needs beyond Spark's own file I/O, with the same semantics on S3
 * ({@code s3://}, {@code s3a://} + endpoint) and on a local folder. A store is rooted at a URI (e.g. the
 * {@code --raw} or {@code --enriched} value); keys are relative to that root and always use {@code /}
 * (a {@link io.tglake.contract.LakeLayout#rawKey}).
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

  /** Writes or replaces {@code key} with the content of a local file (streamed where the store can). */
  default void put(String key, java.nio.file.Path file) throws IOException {
    put(key, java.nio.file.Files.readAllBytes(file));
  }

  /** Deletes {@code key}; deleting a missing key is not an error. */
  void delete(String key) throws IOException;

  /**
   * One version of an object on a versioned bucket (also delete markers). On an unversioned bucket and on a
   * local folder every object has exactly one version, {@code versionId = "null"}, {@code latest = true}.
   */
  record ObjectVersion(String key, String versionId, boolean latest, boolean deleteMarker, Instant lastModified) {}

  /**
   * Every version and delete marker under {@code prefix}, all pages (S3 ListObjectVersions). Locally: the
   * current objects, each as its single {@code "null"} version, so "delete noncurrent versions" is a no-op.
   */
  List<ObjectVersion> listVersions(String prefix) throws IOException;

  /**
   * Permanently deletes one version (S3 DeleteObject with a version id; no delete marker is created).
   * Locally, version {@code "null"} is the file itself; any other id does not exist and is ignored.
   */
  void deleteVersion(String key, String versionId) throws IOException;

  @Override
  void close();
}
