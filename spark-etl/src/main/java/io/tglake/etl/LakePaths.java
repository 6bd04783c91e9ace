package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import java.io.File;
import java.net.URI;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * The contract's keys ({@link LakeLayout}) as Hadoop paths below a root the job was given (local
 * path, {@code file://}, {@code s3a://}, {@code s3://}). A plain local root is made absolute so
 * Spark and Hadoop agree on it.
 */
final class LakePaths {

  private LakePaths() {}

  /** {@code <root>/<key>} for a key of {@link LakeLayout}. */
  static Path of(String root, String key) {
    return new Path(normalize(root) + "/" + key);
  }

  /** A day folder below {@code root}: {@code <root>/<}{@link LakeLayout#dayDir}{@code >}. */
  static Path day(String root, LocalDate day) {
    return new Path(normalize(root), LakeLayout.dayDir(day));
  }

  /** {@code root} without a trailing slash; a scheme-less root as an absolute {@code file:} URI. */
  static String normalize(String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    URI uri = URI.create(r.replace(" ", "%20"));
    if (uri.getScheme() == null) {
      return new File(r).getAbsoluteFile().toURI().toString().replaceAll("/$", "");
    }
    return r;
  }
}
