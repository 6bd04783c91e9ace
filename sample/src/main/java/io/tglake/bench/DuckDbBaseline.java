package io.tglake.bench;

import io.tglake.etl.TelegramSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark's DuckDB side (DuckDB JDBC, off-heap): the same raw files to zstd Parquet in one of
 * three ways. {@link #main} is the child JVM that {@link EtlBenchmark} times from spawn to exit,
 * like the ETL.
 */
public final class DuckDbBaseline {

  /** How DuckDB gets its columns. */
  public enum Mode {
    /**
     * Declared columns, the baseline: only what the ETL's {@code messages} table needs,
     * declared up front (no detection), one row per message-like update written as a flattened
     * messages file. One parse per object ({@code json_extract} with a path list over {@code
     * read_text}) picks update_id and the six message-like kinds, materialized; then the first kind
     * present goes through {@code json_transform} into the declared fields and one {@code COPY}
     * writes the file. Alternatives measured on 20,000 one-object files here gave the same rows
     * slower: {@code read_json(..., columns = {...})} 3–4×, {@code json_transform} of all six kinds
     * at once ~3×, and any form projected straight out of the reader in one statement (it hands
     * over one row per file) 2× or more.
     */
    DECLARED("declared", "declared columns → messages"),
    /**
     * Every column, detected from every object ({@code sample_size=-1, maximum_sample_files=-1}):
     * lossless, the ETL's whole read; DuckDB's default sample fails on this data with "unknown key"
     * once a later object has a field the sample did not.
     */
    FULL_SCHEMA("full schema", "full schema, every column (lossless)"),
    /**
     * DuckDB's default sampling plus {@code ignore_errors=true}: fast, but drops what the sample
     * did not see.
     */
    SAMPLED("sampled", "sampled schema (lossy)");

    final String shortName;
    final String label;

    Mode(String shortName, String label) {
      this.shortName = shortName;
      this.label = label;
    }
  }

  /**
   * Fields of a message-like object that the messages columns below read (json_transform's
   * structure syntax).
   */
  private static final String MESSAGE_FIELDS =
      """
      {"message_id": "BIGINT", "message_thread_id": "BIGINT", "date": "BIGINT", "edit_date": "BIGINT",
       "from": {"id": "BIGINT", "is_bot": "BOOLEAN", "first_name": "VARCHAR", "last_name": "VARCHAR",
                "username": "VARCHAR", "language_code": "VARCHAR", "is_premium": "BOOLEAN"},
       "chat": {"id": "BIGINT", "type": "VARCHAR", "title": "VARCHAR", "username": "VARCHAR"},
       "text": "VARCHAR", "caption": "VARCHAR",
       "entities": [{"offset": "BIGINT", "length": "BIGINT", "type": "VARCHAR"}],
       "reply_to_message": {"message_id": "BIGINT"}, "media_group_id": "VARCHAR"}""";

  /**
   * The messages columns written: the contract's (tglake/ddl/10_messages.sql) that need no more
   * than the declared fields, by the same rules as Tables.messages; {@code command} cut by code
   * points, which equals the ETL's UTF-16 cut for the ASCII commands at offset 0 it looks at. Not
   * written: message_type, media, forwards, locations, received_at (the ETL takes it from the
   * object's time) — fewer columns than the ETL, so in DuckDB's favour.
   */
  private static final String MESSAGES_COLUMNS =
      """
      m.message_id, m."from".id AS user_id, m."from".is_bot AS user_is_bot,
      m."from".first_name AS user_first_name, m.chat.id AS chat_id, m.chat.type AS chat_type, m.text, m.date,
      update_id, update_type, m.caption, to_timestamp(m.date) AS sent_at, m.edit_date,
      to_timestamp(m.edit_date) AS edited_at, m.reply_to_message.message_id AS reply_to_message_id,
      m.message_thread_id, m."from".last_name AS user_last_name, m."from".username AS user_username,
      m."from".language_code AS user_language_code, m."from".is_premium AS user_is_premium,
      m.chat.title AS chat_title, m.chat.username AS chat_username,
      lower(split_part(left(m.text, list_filter(m.entities,
          lambda e: e.type = 'bot_command' AND e."offset" = 0)[1].length::INTEGER), '@', 1)) AS command,
      m.media_group_id""";

  private DuckDbBaseline() {}

  /** Child JVM: {@code MODE DAY_DIR OUT_DIR THREADS DATE}; prints {@code duckdb rows=N}. */
  public static void main(String[] argv) {
    Mode mode = Mode.valueOf(argv[0]);
    long rows =
        write(
            Path.of(argv[1]),
            Path.of(argv[2]),
            Integer.parseInt(argv[3]),
            mode,
            LocalDate.parse(argv[4]));
    System.out.println("duckdb rows=" + rows);
  }

  /** The output file of {@code mode} under {@code outDir}. */
  static Path target(Path outDir, Mode mode) {
    return outDir.toAbsolutePath().resolve(mode.name().toLowerCase(Locale.ROOT) + ".parquet");
  }

  /**
   * Reads every {@code *.json} object of {@code dayDir} and writes {@link #target}.
   *
   * @return rows written (messages for {@link Mode#DECLARED}, updates otherwise)
   */
  static long write(Path dayDir, Path outDir, int threads, Mode mode, LocalDate day) {
    try {
      Files.createDirectories(outDir);
      Files.deleteIfExists(target(outDir, mode));
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("org.duckdb:duckdb_jdbc is not on the classpath", e);
    }
    String glob = quote(dayDir.toAbsolutePath() + "/*.json");
    String target = quote(target(outDir, mode).toString());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads TO " + threads);
      // DuckDB's default is 80% of RAM; its JSON reader keeps large per-file buffers, so cap it
      // (shared machines).
      String limit = System.getenv().getOrDefault("TGLAKE_DUCKDB_MEMORY", "3GB");
      s.execute("SET memory_limit = " + quote(limit));
      s.execute("SET preserve_insertion_order = false");
      s.execute("SET temp_directory = " + quote(outDir.toAbsolutePath().resolve("tmp").toString()));
      switch (mode) {
        case DECLARED -> {
          s.execute(
              "CREATE TEMP TABLE updates AS SELECT json_extract(content, "
                  + declaredPaths()
                  + ") AS v "
                  + "FROM read_text("
                  + glob
                  + ")");
          s.execute(
              "COPY (SELECT "
                  + MESSAGES_COLUMNS
                  + ", DATE "
                  + quote(day.toString())
                  + " AS context_date "
                  + "FROM (SELECT v[1]::BIGINT AS update_id, ("
                  + kindNames()
                  + ")[list_position(list_transform(v[2:], lambda x: x IS NOT NULL), true)] AS update_type, "
                  + "json_transform(list_filter(v[2:], lambda x: x IS NOT NULL)[1], "
                  + quote(MESSAGE_FIELDS)
                  + ") AS m "
                  + "FROM updates) WHERE m IS NOT NULL) TO "
                  + target
                  + " (FORMAT parquet, COMPRESSION zstd)");
        }
        case FULL_SCHEMA, SAMPLED ->
            s.execute(
                "COPY (SELECT * FROM read_json("
                    + glob
                    + ", format = 'unstructured'"
                    + (mode == Mode.FULL_SCHEMA
                        ? ", sample_size = -1, maximum_sample_files = -1"
                        : ", ignore_errors = true")
                    + ")) TO "
                    + target
                    + " (FORMAT parquet, COMPRESSION zstd)");
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + target + ")")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB " + mode + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * {@code ['$.update_id', '$.message', '$.edited_message', ...]}: the message-like kinds the ETL
   * knows, in its order.
   */
  static String declaredPaths() {
    return Stream.concat(Stream.of("update_id"), TelegramSchema.MESSAGE_KINDS.stream())
        .map(k -> quote("$." + k))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * {@code ['message', 'edited_message', ...]}, indexed by the first kind present (update_type as
   * Tables.messages).
   */
  private static String kindNames() {
    return TelegramSchema.MESSAGE_KINDS.stream()
        .map(DuckDbBaseline::quote)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
