package io.tglake.etl.erasure;

import io.tglake.cli.ExitCode;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import io.tglake.etl.GateOptions;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import io.tglake.etl.store.ObjectStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of {@link ForgetJob} ({@code bin/tglake forget}, the EMR erasure job): picocli →
 * {@link ForgetArgs}.
 */
@Command(
    name = "tglake forget",
    sortOptions = false,
    description = {
      "Erases people from the lake (LGPD/GDPR deletion request): deletes every raw object in which one of them "
          + "is the sender, an affected chat member, the callback presser or the private chat, and every outgoing "
          + "record (what the bot said) in their private chat or answering one of their updates (on a versioned "
          + "bucket also the noncurrent versions of those keys), then rebuilds every enriched partition of the "
          + "affected days from the cleaned raw day (all tables, exact-partition replace; a day left without raw "
          + "objects loses its enriched partitions). Each day is read, cleaned and rebuilt under the day's lease "
          + "(as etl takes it: waits --lease-wait, then exit 3); the rebuild's quality gate judges the day as it "
          + "was before the erasure (the erased objects stay in its denominators). Writes an audit record without message content to "
          + "<enriched>/_privacy/erasures/<request-id>.json and prints progress per day.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done (or nothing to do), 1 failed (rerun with the same --request-id to resume), "
          + "2 bad options, 3 a day is busy."
    })
public final class ForgetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakeOptions lake;

  @Option(
      names = "--user-id",
      paramLabel = "U",
      required = true,
      description = "Telegram user id of a person to erase (repeatable)")
  List<Long> userIds = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "first day to search (default: first raw day)")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "last day to search (default: last raw day)")
  String to;

  @Option(names = "--dry-run", description = "list what would be removed; change and write nothing")
  boolean dryRun;

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description =
          "audit id, [A-Za-z0-9._-] (default forget-<UTC date>-<hash of ids and range>); rerunning with "
              + "the same id resumes an interrupted erasure and is a no-op once it completed")
  String requestId;

  @Option(
      names = "--outgoing",
      paramLabel = "URI",
      description =
          "the outgoing records' folder, as given to the ETL (default: 'outgoing' beside --raw); the "
              + "bot's messages in their private chats and its answers to their updates are erased too")
  String outgoing;

  @Option(
      names = "--pseudonymize",
      description =
          "the lake was written with --pseudonymize: rebuild days with "
              + "the same key (a pseudonymized day is refused without it)")
  boolean pseudonymize;

  @Option(
      names = "--pseudonym-key-file",
      paramLabel = "PATH",
      description = "the lake's HMAC key file")
  String keyFile;

  @Option(
      names = "--pseudonym-key-secret-id",
      paramLabel = "ID",
      description = "the lake's HMAC key secret")
  String keySecret;

  /**
   * The rebuilds' quality gate (judged on each day as it was before the erasure) and lease wait.
   */
  @Mixin GateOptions gate;

  private final Clock clock;
  private final ToIntFunction<ForgetArgs> job;

  public ForgetCommand(Clock clock, ToIntFunction<ForgetArgs> job) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.job = Objects.requireNonNull(job, "job");
  }

  /** The parsed options (usage errors as picocli ParameterExceptions, exit 2). */
  public ForgetArgs toForgetArgs() {
    Set<Long> ids = new TreeSet<>();
    for (Long id : userIds) {
      if (id == null || id <= 0) {
        throw Usage.error(
            spec,
            "--user-id must be a positive Telegram user id (groups and channels are negative), "
                + "got "
                + id);
      }
      ids.add(id);
    }
    Optional<LocalDate> first = date("--from", from);
    Optional<LocalDate> last = date("--to", to);
    if (first.isPresent() && last.isPresent() && last.get().isBefore(first.get())) {
      throw Usage.error(spec, "--to " + last.get() + " is before --from " + first.get());
    }
    Optional<PseudonymizeOptions> privacy = Optional.empty();
    if (pseudonymize) {
      if ((keyFile == null) == (keySecret == null)) {
        throw Usage.error(
            spec,
            "--pseudonymize needs exactly one of --pseudonym-key-file or "
                + "--pseudonym-key-secret-id");
      }
      privacy =
          Optional.of(
              new PseudonymizeOptions(
                  Optional.ofNullable(keyFile), Optional.ofNullable(keySecret)));
    } else if (keyFile != null || keySecret != null) {
      throw Usage.error(
          spec, "--pseudonym-key-file/--pseudonym-key-secret-id only go with --pseudonymize");
    }
    String id =
        requestId != null ? requestId : ForgetArgs.defaultRequestId(ids, first, last, clock);
    try {
      return new ForgetArgs(
          ids,
          lake.requireRaw(),
          lake.requireEnriched(),
          first,
          last,
          dryRun,
          id,
          lake.s3Endpoint(),
          privacy,
          gate.values(spec),
          Optional.ofNullable(outgoing));
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e.getMessage());
    }
  }

  private Optional<LocalDate> date(String opt, String v) {
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(v));
    } catch (DateTimeParseException e) {
      throw Usage.error(spec, opt + " must be YYYY-MM-DD, got " + v);
    }
  }

  @Override
  public Integer call() {
    return job.applyAsInt(toForgetArgs());
  }

  /**
   * Production runner: stores from the URIs, Spark only when something is rebuilt (not for
   * --dry-run).
   */
  static int runWithStores(ForgetArgs args) {
    ObjectStore[] stores = ForgetJob.open(args);
    SparkSession spark = null;
    try {
      ForgetJob.DayRebuilder rebuilder;
      if (args.dryRun()) {
        rebuilder = null;
      } else {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", "tglake-forget");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.sql.session.timeZone", "UTC");
        spark = SparkSession.builder().config(conf).getOrCreate();
        if (conf.get("spark.master").startsWith("local")) {
          spark.sparkContext().setLogLevel("WARN");
        }
        rebuilder = new EtlDayRebuilder(spark, args, stores[1]);
      }
      new ForgetJob(args, stores[0], stores[1], stores[2], rebuilder, System.out, Clock.systemUTC())
          .run();
      return ExitCode.OK;
    } catch (ForgetJob.BusyDay e) {
      System.err.println(
          "tglake forget "
              + args.requestId()
              + ": "
              + e.getMessage()
              + " — nothing was changed on that day; rerun the same command later");
      return ExitCode.BUSY;
    } catch (Exception e) {
      System.err.println(
          "tglake forget "
              + args.requestId()
              + ": failed: "
              + e.getMessage()
              + " — rerun the same command to resume");
      return ExitCode.FAILED;
    } finally {
      if (spark != null) {
        spark.stop();
      }
      ForgetJob.closeQuietly(stores[0]);
      ForgetJob.closeQuietly(stores[1]);
      ForgetJob.closeQuietly(stores[2]);
    }
  }
}
