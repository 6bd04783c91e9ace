package io.tglake.etl.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the {@link ObjectStore} for a lake URI; the one place that maps URI schemes to
 * implementations.
 */
public final class ObjectStores {

  private ObjectStores() {}

  /**
   * A store rooted at {@code rootUri}: a local path or {@code file://} URI → {@link
   * LocalObjectStore}; {@code s3://bucket/prefix} or {@code s3a://bucket/prefix} → {@link
   * S3ObjectStore} on that bucket with keys relative to {@code prefix/}. Credentials from the SDK's
   * default chain.
   *
   * @param s3Endpoint S3-compatible endpoint (path-style), empty for AWS S3
   */
  public static ObjectStore open(String rootUri, Optional<String> s3Endpoint) {
    return open(rootUri, S3Settings.of(s3Endpoint));
  }

  /** As {@link #open(String, Optional)} with explicit S3 settings (ignored for local roots). */
  public static ObjectStore open(String rootUri, S3Settings s3) {
    Location loc = locate(rootUri);
    if (loc.bucket() == null) {
      return new LocalObjectStore(loc.localRoot());
    }
    return new S3ObjectStore(S3ObjectStore.client(s3), loc.bucket(), loc.prefix());
  }

  /**
   * Where a root URI points: either a local folder or an S3 bucket + prefix ("" or ending in "/").
   */
  public record Location(Path localRoot, String bucket, String prefix) {}

  public static Location locate(String rootUri) {
    String scheme = rootUri.contains("://") ? rootUri.substring(0, rootUri.indexOf("://")) : "";
    switch (scheme) {
      case "" -> {
        return new Location(Path.of(rootUri).toAbsolutePath().normalize(), null, null);
      }
      case "file" -> {
        return new Location(Path.of(URI.create(rootUri.replace(" ", "%20"))), null, null);
      }
      case "s3", "s3a" -> {
        String rest = rootUri.substring(scheme.length() + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
          prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (bucket.isEmpty()) {
          throw new IllegalArgumentException("no bucket in " + rootUri);
        }
        return new Location(null, bucket, prefix.isEmpty() ? "" : prefix + "/");
      }
      default ->
          throw new IllegalArgumentException(
              "unsupported URI scheme '"
                  + scheme
                  + "' in "
                  + rootUri
                  + " (use a local path, file://, s3a:// or s3://)");
    }
  }
}
