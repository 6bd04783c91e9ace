package io.tglake.ingest;

import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Raw layer in a local directory, with the same create-only semantics as S3: the body is written to
 * a hidden temp file in the target folder, fsynced, then hard-linked to its final name. {@code
 * link(2)} fails atomically when the name exists, so concurrent deliveries of one update leave
 * exactly one complete file and never a partial one. (A rename would silently replace an existing
 * file on POSIX.) Temp names start with "." so Spark ignores them.
 */
public final class LocalDirRawUpdateStore implements RawUpdateStore {
  private final Path root;

  /**
   * @param root the folder that contains the day partitions (created when missing)
   */
  public LocalDirRawUpdateStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public PutResult putIfAbsent(String key, byte[] body) {
    Path target = root.resolve(key).normalize();
    if (!target.startsWith(root)) {
      throw new IllegalArgumentException("key escapes the raw root: " + key);
    }
    Path dir = target.getParent();
    Path tmp = null;
    try {
      if (Files.exists(target)) {
        return PutResult.ALREADY_EXISTS;
      }
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        return PutResult.ALREADY_EXISTS;
      }
      fsyncDirectory(dir);
      return PutResult.CREATED;
    } catch (IOException | UnsupportedOperationException e) {
      throw new StorageException("write " + target + " failed", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover hidden temp file is harmless; the update itself is decided above
        }
      }
    }
  }

  @Override
  public String locationOf(String key) {
    return root.resolve(key).toString();
  }

  @Override
  public void recordChatMigration(long newChatId, long fromChatId) {
    putIfAbsent(
        LakeLayout.chatMigrationKey(newChatId),
        ("{\"chat_id\":" + newChatId + ",\"migrated_from_chat_id\":" + fromChatId + "}")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean isMigratedChat(long chatId) {
    return Files.exists(root.resolve(LakeLayout.chatMigrationKey(chatId)));
  }

  private static void fsyncDirectory(Path dir) {
    // Makes the new directory entry durable (Linux allows fsync on a directory opened read-only).
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the file data itself is already on disk.
    }
  }
}
