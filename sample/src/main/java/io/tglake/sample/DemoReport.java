package io.tglake.sample;

import io.tglake.contract.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/tglake demo-report}: answers the three business questions of a support bot from the
 * enriched Parquet tables with Spark SQL (so it needs nothing but the JDK): when are users busiest
 * (local hours), what do they ask (top questions by normalized text, top commands), and how often
 * does the bot solve it (share of "did this help?" answered yes; requests for a human), and how
 * fast the bot answers ({@link ResponseTimesReport}, from what the bot said). Ends with where the
 * tables are.
 *
 * <p>The queries are plain SQL over the contract columns (the DDL of tglake-contract); the same
 * questions are in {@code sql/queries} for Athena/Trino. The command line is {@link
 * DemoReportCommand}.
 */
public final class DemoReport {

  /**
   * Lower-case, accents folded, mentions and punctuation/emoji removed, spaces collapsed: the
   * variants users type ("Onde está meu pedido??", "onde esta meu pedido 😟") count as one
   * question.
   */
  static final String NORMALIZED_TEXT =
      "trim(regexp_replace(regexp_replace(translate(lower(regexp_replace(text, "
          + "'@[A-Za-z0-9_]+', '')), 'áàâãäéèêëíìîïóòôõöúùûüç', 'aaaaaeeeeiiiiooooouuuuc'), '[^a-z0-9 ]', ' '), ' +', ' '))";

  /** Texts and commands that ask for a person (Portuguese and English). */
  static final String HUMAN_REQUEST =
      "(command IN ('/human', '/atendente', '/agent') OR "
          + NORMALIZED_TEXT
          + " RLIKE '(^| )(atendente|humano|pessoa|human|agent)( |$)')";

  /**
   * Parsed options.
   *
   * @param enriched enriched lake root
   * @param zone local zone for the hour analysis
   * @param from first UTC partition day, if limited
   * @param to last UTC partition day, if limited
   * @param top rows per ranking
   */
  public record Args(
      Path enriched, ZoneId zone, Optional<LocalDate> from, Optional<LocalDate> to, int top) {}

  private final SparkSession spark;
  private final PrintStream out;

  /**
   * @param spark session with time zone UTC (the stored timestamps are UTC instants)
   * @param out where the report goes
   */
  public DemoReport(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /** Registers the tables as views and prints the report. */
  public void print(Args args) {
    String filter = "";
    if (args.from().isPresent()) {
      filter += " AND context_date >= DATE '" + args.from().get() + "'";
    }
    if (args.to().isPresent()) {
      filter += " AND context_date <= DATE '" + args.to().get() + "'";
    }
    // A table with no rows at all (e.g. nobody pressed a button yet) has no folder: use an empty
    // stand-in.
    Map<String, String> emptyStandIns =
        Map.of(
            "callback_queries", "SELECT CAST(NULL AS STRING) AS data WHERE false",
            "updates", "SELECT CAST(NULL AS DATE) AS context_date WHERE false");
    for (String table : List.of("messages", "callback_queries", "updates")) {
      Path dir = args.enriched().resolve(table);
      if (hasParquet(dir)) {
        spark.read().parquet(dir.toString()).where("true" + filter).createOrReplaceTempView(table);
      } else {
        spark.sql(emptyStandIns.get(table)).createOrReplaceTempView(table);
      }
    }
    String zone = args.zone().getId();

    Row totals =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT context_date), min(context_date), max(context_date) "
                    + "FROM updates")
            .first();
    out.printf(
        "%nLake: %d updates over %d UTC day(s) %s..%s%n",
        totals.getLong(0), totals.getLong(1), totals.get(2), totals.get(3));

    section("1. Busiest hours (local time, " + zone + ") - incoming user messages");
    List<Row> hours =
        spark
            .sql(
                "SELECT hour(from_utc_timestamp(sent_at, '"
                    + zone
                    + "')) AS h, count(*) AS n "
                    + "FROM messages WHERE update_type = 'message' AND user_is_bot = false GROUP BY h ORDER BY h")
            .collectAsList();
    long max = hours.stream().mapToLong(r -> r.getLong(1)).max().orElse(1);
    long[] byHour = new long[24];
    hours.forEach(r -> byHour[r.getInt(0)] = r.getLong(1));
    List<Integer> busiest =
        hours.stream()
            .sorted((a, b) -> Long.compare(b.getLong(1), a.getLong(1)))
            .limit(3)
            .map(r -> r.getInt(0))
            .toList();
    for (int h = 0; h < 24; h++) {
      int width = (int) Math.round(40.0 * byHour[h] / max);
      out.printf(
          "  %02d:00  %6d  %s%s%n",
          h, byHour[h], "#".repeat(width), busiest.contains(h) ? "  <- peak" : "");
    }
    out.printf(
        "  busiest: %s%n",
        String.join(
            ", ", busiest.stream().map(h -> String.format("%02d-%02dh", h, h + 1)).toList()));

    section("2. Top questions (normalized text, 3+ words) and top commands");
    Dataset<Row> questions =
        spark.sql(
            "SELECT "
                + NORMALIZED_TEXT
                + " AS question, count(*) AS n, "
                + "count(DISTINCT user_id) AS users FROM messages WHERE update_type = 'message' AND text IS NOT NULL "
                + "AND command IS NULL AND size(split("
                + NORMALIZED_TEXT
                + ", ' ')) >= 3 "
                + "GROUP BY question ORDER BY n DESC, question LIMIT "
                + args.top());
    out.printf("  %6s %6s  %s%n", "asked", "users", "question");
    questions
        .collectAsList()
        .forEach(r -> out.printf("  %6d %6d  %s%n", r.getLong(1), r.getLong(2), r.getString(0)));
    out.println();
    out.printf("  %6s %6s  %s%n", "uses", "users", "command");
    spark
        .sql(
            "SELECT command, count(*) AS n, count(DISTINCT user_id) AS users FROM messages "
                + "WHERE update_type = 'message' AND command IS NOT NULL GROUP BY command ORDER BY n DESC, command LIMIT "
                + args.top())
        .collectAsList()
        .forEach(r -> out.printf("  %6d %6d  %s%n", r.getLong(1), r.getLong(2), r.getString(0)));

    section("3. Resolution rate - \"did this help?\" buttons and requests for a human");
    Row fb =
        spark
            .sql(
                "SELECT count_if(data = '"
                    + SupportBotTraffic.HELPFUL_YES
                    + "'), count_if(data = '"
                    + SupportBotTraffic.HELPFUL_NO
                    + "') FROM callback_queries")
            .first();
    long yes = fb.getLong(0);
    long no = fb.getLong(1);
    out.printf(
        "  answered yes: %d, no: %d -> resolution rate %s%n",
        yes,
        no,
        yes + no == 0
            ? "n/a (no feedback yet)"
            : String.format(Locale.ROOT, "%.1f%%", 100.0 * yes / (yes + no)));
    Row human =
        spark
            .sql(
                "SELECT count_if("
                    + HUMAN_REQUEST
                    + "), count(DISTINCT CASE WHEN "
                    + HUMAN_REQUEST
                    + " THEN user_id END), count(DISTINCT user_id) FROM messages "
                    + "WHERE update_type = 'message' AND chat_type = 'private'")
            .first();
    long askers = human.getLong(2);
    out.printf(
        "  requests for a human: %d messages from %d of %d users in private chats (%s)%n",
        human.getLong(0),
        human.getLong(1),
        askers,
        askers == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f%%", 100.0 * human.getLong(1) / askers));

    String botFilter =
        filter.replaceAll(
            "context_date <= DATE '([0-9-]+)'", "context_date <= date_add(DATE '$1', 1)");
    new ResponseTimesReport(spark, out).print(args.enriched(), zone, botFilter);

    section("Where the Parquet tables are");
    for (String table : Metrics.ETL_ROWS_TABLES) {
      Path dir = args.enriched().resolve(table);
      out.printf("  %-20s %s%n", table, describe(dir));
    }
    out.println();
  }

  private void section(String title) {
    out.println();
    out.println(title);
  }

  /**
   * Whether a table folder holds any Parquet file (a table that never had rows keeps only Spark's
   * markers).
   */
  static boolean hasParquet(Path table) {
    if (!Files.isDirectory(table)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "N day partitions, M files, K KiB" for a table folder. */
  static String describe(Path table) {
    if (!Files.isDirectory(table)) {
      return "(missing) " + table;
    }
    try (Stream<Path> files = Files.walk(table)) {
      List<Path> parquet =
          files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
      long days = parquet.stream().map(Path::getParent).distinct().count();
      long bytes = 0;
      for (Path p : parquet) {
        bytes += Files.size(p);
      }
      return String.format(
          Locale.ROOT,
          "%s/  (%d day partitions, %d files, %d KiB)",
          table.toAbsolutePath().normalize(),
          days,
          parquet.size(),
          (bytes + 1023) / 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
