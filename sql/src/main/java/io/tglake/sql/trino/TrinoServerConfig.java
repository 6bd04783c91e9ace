package io.tglake.sql.trino;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The files a {@link LocalTrino} starts from, in its scratch directory: {@code
 * etc/config.properties}, the Hive catalog over the lake in {@code etc/catalog/}, and {@code data/}
 * with its plugin directory.
 *
 * @param etc the server's config folder
 * @param data the server's data dir (also its working directory)
 */
record TrinoServerConfig(Path etc, Path data) {

  /** The server's {@code -Dconfig} file. */
  Path configFile() {
    return etc.resolve("config.properties");
  }

  /**
   * Writes the config for a single node on {@code 127.0.0.1:port} over {@code lakeRoot}, links the
   * plugins it needs from {@code installation}, and creates the lake's metastore folder.
   */
  static TrinoServerConfig write(Path installation, Path lakeRoot, Path workDir, int port)
      throws IOException {
    Path etc = Files.createDirectories(workDir.resolve("etc"));
    Path catalogs = Files.createDirectories(etc.resolve("catalog"));
    Path data = Files.createDirectories(workDir.resolve("data"));
    Path plugins = Files.createDirectories(data.resolve("plugin"));
    // Trino loads every plugin directory at start; linking only Hive saves most of the start-up
    // time.
    Path hive = plugins.resolve("hive");
    if (!Files.exists(hive, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(hive, installation.resolve("plugin/hive"));
    }
    Path secrets = data.resolve("secrets-plugin");
    if (Files.isDirectory(installation.resolve("secrets-plugin"))
        && !Files.exists(secrets, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(secrets, installation.resolve("secrets-plugin"));
    }
    Files.createDirectories(lakeRoot.resolve("_metastore"));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "plugin.dir=" + plugins.toAbsolutePath(),
            "catalog.config-dir=" + catalogs.toAbsolutePath(),
            "query.max-memory=1GB",
            "query.max-memory-per-node=1GB",
            ""),
        StandardCharsets.UTF_8);
    Files.writeString(
        catalogs.resolve(LocalTrino.CATALOG + ".properties"),
        String.join(
            "\n",
            "connector.name=hive",
            "hive.metastore=file",
            // The metastore folder must not hold table data: it lives in _metastore under the
            // lake root.
            "hive.metastore.catalog.dir=local:///_metastore",
            "fs.native-local.enabled=true",
            "local.location=" + lakeRoot.toAbsolutePath(),
            // The ETL writes UTC instants; read them back as UTC wall-clock whatever the machine
            // zone.
            "hive.parquet.time-zone=UTC",
            // Trino reads a Parquet file under 3 MB in one piece; off, so that the bytes it
            // reports reflect
            // column pruning as on S3/Athena (a day's file is often that small).
            "parquet.small-file-threshold=0B",
            ""),
        StandardCharsets.UTF_8);
    return new TrinoServerConfig(etc, data);
  }
}
