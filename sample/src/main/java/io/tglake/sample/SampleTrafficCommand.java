package io.tglake.sample;

import io.tglake.cli.Cli;
import io.tglake.cli.DayOptions;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bin/tglake generate}: simulated support-bot traffic ({@link SupportBotTraffic}) either
 * POSTed to a webhook ({@code --post}) or written straight into a raw layout ({@code --raw}).
 */
@Command(
    name = "tglake generate",
    sortOptions = false,
    description = {
      "Simulates the webhook traffic of a customer-support bot (private chats in Portuguese and English, "
          + "a support group that migrates to a supergroup, a channel; every update kind; \"did this help?\" "
          + "buttons; redeliveries) as Telegram Bot API bodies. Deterministic: same options, same bytes.",
      "",
      "Destination: exactly one of --post URL (with --secret-token) or --raw DIR."
    },
    footer = {
      "",
      "Note: a server stores by the time a body ARRIVES, so with --post every body lands in today's partition "
          + "whatever its simulated day; use --raw (or --arrival-from today) for earlier days.",
      "",
      "Exit codes: 0 every delivery stored/answered 200, 1 some failed, 2 bad options."
    })
public final class SampleTrafficCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--start-date",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      description = "first UTC day (default: so that the last day is today, UTC)")
  LocalDate startDate;

  @Mixin TrafficOptions traffic;

  @Option(
      names = "--post",
      paramLabel = "URL",
      converter = HttpUrl.class,
      description = "POST each body with header X-Telegram-Bot-Api-Secret-Token; retries 5xx")
  URI post;

  @Option(
      names = "--secret-token",
      paramLabel = "T",
      description = "the token (default: env TELEGRAM_SECRET_TOKEN)")
  String secretToken;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "requests in flight (default ${DEFAULT-VALUE}, Telegram's max_connections default)")
  int concurrency = 40;

  @Option(
      names = "--raw",
      paramLabel = "DIR",
      description =
          "write DIR/"
              + LakeLayout.ANY_DAY_PREFIX
              + "D/<update_id>.json directly, D = UTC arrival day, "
              + "create-only, "
              + "file time = simulated arrival (no server involved)")
  Path raw;

  @Option(
      names = "--outgoing",
      paramLabel = "DIR",
      description =
          "also write what the simulated bot says as tglake's outgoing records, "
              + "DIR/"
              + LakeLayout.ANY_DAY_PREFIX
              + "D/<key>.json (D = UTC capture day; webhook answers and Bot API calls), create-only, "
              + "within the same --arrival-from/--arrival-to days")
  Path outgoing;

  private final Clock clock;
  private final String envToken;

  /** The production wiring: the system clock and the token from env TELEGRAM_SECRET_TOKEN. */
  public SampleTrafficCommand() {
    this(Clock.systemUTC(), System.getenv("TELEGRAM_SECRET_TOKEN"));
  }

  /**
   * @param clock "today" for the default start date
   * @param envToken the secret token from the environment, or null
   */
  SampleTrafficCommand(Clock clock, String envToken) {
    this.clock = clock;
    this.envToken = envToken == null || envToken.isBlank() ? null : envToken;
  }

  /** Parsed command line. */
  record Args(
      TrafficSpec spec,
      Optional<LocalDate> arrivalFrom,
      Optional<LocalDate> arrivalTo,
      Optional<URI> post,
      Optional<String> secretToken,
      int concurrency,
      Optional<Path> raw,
      Optional<Path> outgoing) {}

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.exit(Cli.of(new SampleTrafficCommand()).execute(argv));
  }

  @Override
  public Integer call() {
    return run(toArgs()) ? ExitCode.OK : ExitCode.FAILED;
  }

  /**
   * Parses {@code argv} as the command line does.
   *
   * @throws ParameterException for bad options (exit 2 on the command line)
   */
  static Args parse(String[] argv, Clock clock, String envToken) {
    SampleTrafficCommand command = new SampleTrafficCommand(clock, envToken);
    Cli.of(command).commandLine().parseArgs(argv);
    return command.toArgs();
  }

  /** The checked options; usage errors for combinations picocli cannot see. */
  Args toArgs() {
    if ((post == null) == (raw == null)) {
      throw Usage.error(spec, "give exactly one of --post URL or --raw DIR");
    }
    String token = secretToken != null ? secretToken : envToken;
    if (post != null && token == null) {
      throw Usage.error(spec, "--post needs --secret-token (or env TELEGRAM_SECRET_TOKEN)");
    }
    LocalDate start =
        startDate != null
            ? startDate
            : LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(traffic.days() - 1L);
    TrafficSpec trafficSpec = traffic.spec(start);
    TrafficOptions.positive(spec, "--concurrency", concurrency);
    return new Args(
        trafficSpec,
        traffic.arrivalFrom(),
        traffic.arrivalTo(),
        Optional.ofNullable(post),
        Optional.ofNullable(token),
        concurrency,
        Optional.ofNullable(raw),
        Optional.ofNullable(outgoing));
  }

  /** http(s) URLs only. */
  static final class HttpUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw new TypeConversionException("expected a URL, got '" + value + "'");
      }
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new TypeConversionException("expected an http(s) URL, got '" + value + "'");
      }
      return uri;
    }
  }

  /** Generates and sends; prints one summary line. Returns false when some delivery failed. */
  static boolean run(Args args) {
    long t0 = System.nanoTime();
    AtomicLong updates = new AtomicLong();
    AtomicLong redeliveries = new AtomicLong();
    String where;
    boolean ok;
    AtomicLong botRecords = new AtomicLong();
    Consumer<OutgoingRecord> bot =
        r -> {
          LocalDate day = r.day();
          if (args.outgoing().isEmpty()
              || args.arrivalFrom().map(day::isBefore).orElse(false)
              || args.arrivalTo().map(day::isAfter).orElse(false)) {
            return;
          }
          if (r.writeTo(args.outgoing().get())) {
            botRecords.incrementAndGet();
          }
        };
    if (args.raw().isPresent()) {
      try (RawDirectorySink sink = new RawDirectorySink(args.raw().get(), 4)) {
        new SupportBotTraffic(args.spec())
            .generate(filtered(args, sink, updates, redeliveries), bot);
        sink.close();
        where =
            "raw "
                + args.raw().get()
                + ": "
                + sink.written()
                + " objects created, "
                + sink.alreadyStored()
                + " already stored (same-day redeliveries)";
      }
      ok = true;
    } else {
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .executor(
                  Executors.newFixedThreadPool(
                      4,
                      r -> {
                        Thread t = new Thread(r, "webhook-poster");
                        t.setDaemon(true);
                        return t;
                      }))
              .build();
      WebhookPoster poster =
          new WebhookPoster(http, args.post().get(), args.secretToken().get(), args.concurrency());
      new SupportBotTraffic(args.spec())
          .generate(filtered(args, poster, updates, redeliveries), bot);
      try {
        poster.close();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      where =
          "POST "
              + args.post().get()
              + ": "
              + poster.ok()
              + " answered 200, "
              + poster.retries()
              + " retries, "
              + poster.failed()
              + " failed"
              + (poster.failed() > 0 ? " " + poster.failedByStatus() : "");
      ok = poster.failed() == 0;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "generate: days %s..%s%s, %d updates + %d redeliveries -> %s (%.1f s)%n",
        args.spec().startDate(),
        args.spec().endDate(),
        arrivalNote(args),
        updates.get(),
        redeliveries.get(),
        where
            + (args.outgoing().isPresent()
                ? "; outgoing " + args.outgoing().get() + ": " + botRecords.get() + " bot records"
                : ""),
        seconds);
    return ok;
  }

  private static String arrivalNote(Args args) {
    if (args.arrivalFrom().isEmpty() && args.arrivalTo().isEmpty()) {
      return "";
    }
    return " (arriving "
        + args.arrivalFrom().map(LocalDate::toString).orElse("…")
        + ".."
        + args.arrivalTo().map(LocalDate::toString).orElse("…")
        + ")";
  }

  private static Consumer<Delivery> filtered(
      Args args, Consumer<Delivery> sink, AtomicLong updates, AtomicLong redeliveries) {
    return d -> {
      LocalDate day = d.arrivalDate();
      if (args.arrivalFrom().map(day::isBefore).orElse(false)
          || args.arrivalTo().map(day::isAfter).orElse(false)) {
        return;
      }
      (d.redelivery() ? redeliveries : updates).incrementAndGet();
      sink.accept(d);
    };
  }
}
