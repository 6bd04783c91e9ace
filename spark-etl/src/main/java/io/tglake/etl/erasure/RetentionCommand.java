package io.tglake.etl.erasure;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.JobArgs;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/tglake retention apply}: {@link Retention} on a local lake (S3: the stack's lifecycle
 * rules).
 */
@Command(
    name = "tglake retention apply",
    sortOptions = false,
    description = {
      "Deletes the day partitions of a local lake that are older than the retention: raw and "
          + "outgoing "
          + LakeLayout.ANY_DAY_PREFIX
          + "D/ folders older than --raw-days, and in the enriched root every table's, "
          + LakeLayout.QUARANTINE_DIR
          + "'s and "
          + LakeLayout.RUNS_DIR
          + "' "
          + LakeLayout.ANY_DAY_PREFIX
          + "D/ folders older than --enriched-days. A day D is kept while "
          + "D >= today (UTC) - days. Erasure audits ("
          + LakeLayout.PRIVACY_DIR
          + "/) stay. On S3 the stack's lifecycle rules do this.",
      ""
    },
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad options."})
public final class RetentionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--raw", paramLabel = "DIR", required = true, description = "local raw root")
  String raw;

  @Option(
      names = "--enriched",
      paramLabel = "DIR",
      required = true,
      description = "local enriched root")
  String enriched;

  @Option(
      names = "--outgoing",
      paramLabel = "DIR",
      description =
          "local outgoing records root (what the bot said), expired with --raw-days like the raw layer "
              + "(default: 'outgoing' beside --raw)")
  String outgoing;

  @Option(
      names = "--raw-days",
      paramLabel = "N",
      description = "keep raw days for N days (default ${DEFAULT-VALUE})")
  int rawDays = Retention.DEFAULT_RAW_DAYS;

  @Option(
      names = "--enriched-days",
      paramLabel = "M",
      description = "keep enriched days for M days, at most --raw-days (default ${DEFAULT-VALUE})")
  int enrichedDays = Retention.DEFAULT_ENRICHED_DAYS;

  @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
  boolean dryRun;

  private final Clock clock;
  private final PrintWriter out;

  public RetentionCommand(Clock clock, PrintWriter out) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** {@code bin/tglake retention apply ...}. */
  public static void main(String[] argv) {
    System.exit(
        Cli.of(new RetentionCommand(Clock.systemUTC(), new PrintWriter(System.out, true)))
            .execute(argv));
  }

  @Override
  public Integer call() throws IOException {
    if (rawDays < 1 || enrichedDays < 1) {
      throw Usage.error(spec, "--raw-days and --enriched-days must be at least 1");
    }
    if (enrichedDays > rawDays) {
      throw Usage.error(
          spec,
          "--enriched-days "
              + enrichedDays
              + " is longer than --raw-days "
              + rawDays
              + ": erasure rebuilds enriched days from raw, so enriched data may not outlive it");
    }
    Path rawDir = local("--raw", raw);
    Path enrichedDir = local("--enriched", enriched);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate rawCut = Retention.oldestKept(today, rawDays);
    LocalDate enrichedCut = Retention.oldestKept(today, enrichedDays);
    Path outgoingDir =
        local(
            "--outgoing", outgoing != null ? outgoing : JobArgs.defaultOutgoing(rawDir.toString()));
    List<Path> expired = new ArrayList<>(Retention.expiredRaw(rawDir, rawCut));
    // Outgoing records are raw-layer data of the same people: same retention as the updates.
    expired.addAll(Retention.expiredRaw(outgoingDir, rawCut));
    int rawCount = expired.size();
    expired.addAll(Retention.expiredEnriched(enrichedDir, enrichedCut));
    for (Path p : expired) {
      out.println((dryRun ? "would delete " : "deleting ") + p);
      if (!dryRun) {
        Retention.delete(p);
      }
    }
    out.printf(
        "retention %s: raw kept from %s (%d days), enriched kept from %s (%d days): %s %d raw and %d "
            + "enriched partitions%n",
        today,
        rawCut,
        rawDays,
        enrichedCut,
        enrichedDays,
        dryRun ? "dry run, would delete" : "deleted",
        rawCount,
        expired.size() - rawCount);
    out.flush();
    return ExitCode.OK;
  }

  private Path local(String opt, String uri) {
    if (uri.startsWith("s3://") || uri.startsWith("s3a://")) {
      throw Usage.error(
          spec,
          opt
              + " "
              + uri
              + ": retention apply is for local lakes; on S3 the stack's lifecycle "
              + "rules expire objects");
    }
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri).toAbsolutePath();
  }
}
