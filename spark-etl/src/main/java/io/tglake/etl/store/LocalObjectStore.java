package io.tglake.etl.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} over a local folder: a key is a relative path under the root. Writes go to a
 * hidden temp file in the target folder first, so a reader never sees a half-written object; {@link
 * #putIfAbsent} publishes it with a hard link, which the kernel creates only if the name is free
 * (atomic create-only, like S3's {@code If-None-Match: *}). Reads are plain {@code
 * Files.readAllBytes}: thread-safe, so callers may read many keys in parallel.
 */
public final class LocalObjectStore implements ObjectStore {

  private static final String TEMP_PREFIX = ".tglake-tmp-";

  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The folder keys are relative to. */
  public Path root() {
    return root;
  }

  @Override
  public boolean rootExists() {
    return Files.isDirectory(root);
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    // Walk only the folder the prefix names (a day prefix → that day's folder), then filter by the
    // full prefix.
    int slash = prefix.lastIndexOf('/');
    Path dir = slash < 0 ? root : resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ObjectInfo> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.forEach(
          f -> {
            try {
              BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
              if (!a.isRegularFile() || f.getFileName().toString().startsWith(TEMP_PREFIX)) {
                return;
              }
              String key = keyOf(f);
              if (key.startsWith(prefix)) {
                out.add(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()));
              }
            } catch (NoSuchFileException gone) {
              // deleted while listing: not there any more, like an S3 list taken a moment later
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.sort(Comparator.comparing(ObjectInfo::key));
    return out;
  }

  /** Stops at the first object found (a raw root can hold years of days). */
  @Override
  public boolean any(String prefix) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path dir = slash < 0 ? root : resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(
          f ->
              Files.isRegularFile(f)
                  && !f.getFileName().toString().startsWith(TEMP_PREFIX)
                  && keyOf(f).startsWith(prefix));
    }
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(resolve(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] body) throws IOException {
    Path target = resolve(key);
    Path temp = writeTemp(target, body);
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      // No hard links on this file system: createFile is still an atomic create-only; the body
      // follows.
      try {
        Files.createFile(target);
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
      Files.write(target, body);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void put(String key, byte[] body) throws IOException {
    Path target = resolve(key);
    Path temp = writeTemp(target, body);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The entity tag of a local object: the SHA-256 of its content. */
  static String etag(byte[] body) {
    try {
      return "sha256-"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<Tagged> getTagged(String key) throws IOException {
    return get(key).map(b -> new Tagged(b, etag(b)));
  }

  /**
   * Compare and swap under an exclusive lock on a hidden sidecar file, so that two local processes
   * renewing the same key serialize; a create-only write or a delete of the key does not take that
   * lock (a narrow window S3's server-side check does not have).
   */
  @Override
  public Optional<String> replaceIfMatch(String key, byte[] body, String etag) throws IOException {
    Path target = resolve(key);
    Path lock = target.resolveSibling(TEMP_PREFIX + "lock-" + target.getFileName());
    try (FileChannel ch =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      Optional<byte[]> current = get(key);
      if (current.isEmpty() || !etag(current.get()).equals(etag)) {
        return Optional.empty();
      }
      put(key, body);
      return Optional.of(etag(body));
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      Files.deleteIfExists(resolve(key));
    } catch (DirectoryNotEmptyException e) {
      throw new IOException("key " + key + " is a non-empty folder, not an object", e);
    }
  }

  @Override
  public List<ObjectVersion> listVersions(String prefix) throws IOException {
    return list(prefix).stream()
        .map(o -> new ObjectVersion(o.key(), "null", true, false, o.lastModified()))
        .toList();
  }

  @Override
  public void deleteVersion(String key, String versionId) throws IOException {
    if ("null".equals(versionId)) {
      delete(key);
    }
  }

  @Override
  public void close() {
    // nothing held open
  }

  private Path writeTemp(Path target, byte[] body) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
    try {
      Files.write(temp, body);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  private Path resolve(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || key.startsWith("/")) {
      throw new IllegalArgumentException("key escapes the store root: " + key);
    }
    return p;
  }

  private String keyOf(Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }
}
