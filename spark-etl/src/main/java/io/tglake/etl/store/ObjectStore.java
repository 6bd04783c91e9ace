package io.tglake.etl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The few object-store operations the job needs beyond Spark's own file I/O, with the same
 * semantics on S3 ({@code s3://}, {@code s3a://} + endpoint) and on a local folder. A store is
 * rooted at a URI (e.g. the {@code --raw} or {@code --enriched} value); keys are relative to that
 * root and always use {@code /} (a {@link io.tglake.contract.LakeLayout#rawKey}).
 *
 * <p>Implementations are built once per job (one client, one connection pool) and closed at the
 * end.
 */
public interface ObjectStore extends AutoCloseable {

  /** One listed object: what a single List call returns, so that no HEAD is ever needed. */
  record ObjectInfo(String key, long size, Instant lastModified) {}

  /**
   * Every object whose key starts with {@code prefix}, all pages, in key order. Missing prefix =
   * empty.
   */
  List<ObjectInfo> list(String prefix) throws IOException;

  /**
   * Whether the store's root exists: a folder for a local store; for S3, at least one key under the
   * prefix (S3 has no folders), found by one ListObjectsV2 of {@code <prefix>} with max-keys 1 —
   * never a HEAD of the bare prefix key, which needs s3:GetObject on a key that is not an object
   * (IAM denies it) and is 404 anyway. A bucket root exists when the bucket does. The default lists
   * everything: fine for small test stores only.
   */
  default boolean rootExists() throws IOException {
    return !list("").isEmpty();
  }

  /**
   * The whole body, or empty when the object does not exist (e.g. deleted between list and get).
   */
  Optional<byte[]> get(String key) throws IOException;

  /**
   * Writes {@code body} unless {@code key} exists (S3 {@code If-None-Match: *}, atomic create
   * locally).
   */
  boolean putIfAbsent(String key, byte[] body) throws IOException;

  /** Writes or replaces {@code key}. */
  void put(String key, byte[] body) throws IOException;

  /**
   * A body with its entity tag (S3's ETag; locally a content hash): the version a conditional
   * replace names.
   */
  record Tagged(byte[] body, String etag) {}

  /** The body and entity tag of {@code key} (one GET), or empty when it does not exist. */
  default Optional<Tagged> getTagged(String key) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no entity tags");
  }

  /**
   * Replaces {@code key} only while its entity tag is still {@code etag} (S3 {@code If-Match}):
   * compare and swap.
   *
   * @return the new entity tag, or empty when the object changed since {@code etag} was read or is
   *     gone
   */
  default Optional<String> replaceIfMatch(String key, byte[] body, String etag) throws IOException {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " has no conditional replace");
  }

  /**
   * Whether any object's key starts with {@code prefix}: one listing of at most one key (never a
   * HEAD, which on S3 needs read access to the exact key named and answers 403 instead of 404 where
   * that is not granted).
   */
  default boolean any(String prefix) throws IOException {
    return !list(prefix).isEmpty();
  }

  /**
   * Writes or replaces {@code key} with the content of a local file (streamed where the store can).
   */
  default void put(String key, Path file) throws IOException {
    put(key, Files.readAllBytes(file));
  }

  /** Deletes {@code key}; deleting a missing key is not an error. */
  void delete(String key) throws IOException;

  /**
   * One version of an object on a versioned bucket (also delete markers). On an unversioned bucket
   * and on a local folder every object has exactly one version, {@code versionId = "null"}, {@code
   * latest = true}.
   */
  record ObjectVersion(
      String key, String versionId, boolean latest, boolean deleteMarker, Instant lastModified) {}

  /**
   * Every version and delete marker under {@code prefix}, all pages (S3 ListObjectVersions).
   * Locally: the current objects, each as its single {@code "null"} version, so "delete noncurrent
   * versions" is a no-op.
   */
  List<ObjectVersion> listVersions(String prefix) throws IOException;

  /**
   * Permanently deletes one version (S3 DeleteObject with a version id; no delete marker is
   * created). Locally, version {@code "null"} is the file itself; any other id does not exist and
   * is ignored.
   */
  void deleteVersion(String key, String versionId) throws IOException;

  @Override
  void close();
}
