package io.tglake.sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code bin/tglake generate}: simulated support-bot traffic ({@link SupportBotTraffic}) either POSTed to a webhook
 * ({@code --post}) or written straight into a raw layout ({@code --raw}).
 */
public final class SampleTrafficCommand {

  static final String USAGE = """
      Usage: bin/tglake generate [simulation options] (--post URL --secret-token T | --raw DIR) [options]

      Simulates the webhook traffic of a customer-support bot (private chats in Portuguese and English,
      a support group that migrates to a supergroup, a channel; every update kind; "did this help?"
      buttons; redeliveries) as Telegram Bot API bodies. Deterministic: same options, same bytes.

      Simulation:
        --days N                  consecutive UTC days (default 3)
        --start-date YYYY-MM-DD   first UTC day (default: so that the last day is today, UTC)
        --updates-per-day N       distinct updates per day, redeliveries on top (default 2000)
        --seed S                  random seed (default 42)
        --zone ZONE               users' local zone for the daily rhythm (default America/Sao_Paulo)
        --arrival-from YYYY-MM-DD only send deliveries arriving on or after this UTC day
        --arrival-to YYYY-MM-DD   only send deliveries arriving on or before this UTC day

      Destination (exactly one):
        --post URL                POST each body with header X-Telegram-Bot-Api-Secret-Token; retries 5xx
        --secret-token T          the token (default: env TELEGRAM_SECRET_TOKEN)
        --concurrency N           requests in flight (default 40, Telegram's max_connections default)
        --raw DIR                 write DIR/context_date=D/<update_id>.json directly, D = UTC arrival day,
                                  create-only, file time = simulated arrival (no server involved)

        --help                    this text

      Note: a server stores by the time a body ARRIVES, so with --post every body lands in today's
      partition whatever its simulated day; use --raw (or --arrival-from today) for earlier days.

      Exit codes: 0 every delivery stored/answered 200, 1 some failed, 2 bad options.
      """;

  private SampleTrafficCommand() {}

  /** Parsed command line. */
  record Args(TrafficSpec spec, Optional<LocalDate> arrivalFrom, Optional<LocalDate> arrivalTo,
      Optional<URI> post, Optional<String> secretToken, int concurrency, Optional<Path> raw) {}

  /** Bad command line (exit 2). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Command line entry point. */
  public static void main(String[] argv) {
    for (String a : argv) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
    }
    Args args;
    try {
      args = parse(argv, Clock.systemUTC(), System.getenv("TELEGRAM_SECRET_TOKEN"));
    } catch (UsageException e) {
      System.err.println("tglake generate: " + e.getMessage());
      System.err.println("Try 'bin/tglake generate --help'.");
      System.exit(2);
      return;
    }
    System.exit(run(args) ? 0 : 1);
  }

  static Args parse(String[] argv, Clock clock, String envToken) throws UsageException {
    Integer days = null;
    LocalDate start = null;
    int perDay = 2000;
    long seed = 42;
    ZoneId zone = TrafficSpec.DEFAULT_ZONE;
    LocalDate from = null;
    LocalDate to = null;
    URI post = null;
    String token = envToken == null || envToken.isBlank() ? null : envToken;
    int concurrency = 40;
    Path raw = null;
    for (int i = 0; i < argv.length; i++) {
      String opt = argv[i];
      String value;
      int eq = opt.indexOf('=');
      if (opt.startsWith("--") && eq > 0) {
        value = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      } else {
        if (!opt.startsWith("--")) {
          throw new UsageException("unexpected argument " + opt);
        }
        if (i + 1 >= argv.length) {
          throw new UsageException("option " + opt + " needs a value");
        }
        value = argv[++i];
      }
      switch (opt) {
        case "--days" -> days = positive(opt, value);
        case "--start-date" -> start = date(opt, value);
        case "--updates-per-day" -> perDay = positive(opt, value);
        case "--seed" -> seed = number(opt, value);
        case "--zone" -> {
          try {
            zone = ZoneId.of(value);
          } catch (DateTimeException e) {
            throw new UsageException("--zone must be an IANA zone like America/Sao_Paulo, got " + value);
          }
        }
        case "--arrival-from" -> from = date(opt, value);
        case "--arrival-to" -> to = date(opt, value);
        case "--post" -> {
          try {
            post = new URI(value);
          } catch (URISyntaxException e) {
            throw new UsageException("--post must be a URL, got " + value);
          }
          if (post.getScheme() == null || !post.getScheme().startsWith("http")) {
            throw new UsageException("--post must be an http(s) URL, got " + value);
          }
        }
        case "--secret-token" -> token = value;
        case "--concurrency" -> concurrency = positive(opt, value);
        case "--raw" -> raw = Path.of(value);
        default -> throw new UsageException("unknown option " + opt);
      }
    }
    if ((post == null) == (raw == null)) {
      throw new UsageException("give exactly one of --post URL or --raw DIR");
    }
    if (post != null && token == null) {
      throw new UsageException("--post needs --secret-token (or env TELEGRAM_SECRET_TOKEN)");
    }
    int n = days == null ? 3 : days;
    if (start == null) {
      start = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(n - 1L);
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new UsageException("--arrival-to " + to + " is before --arrival-from " + from);
    }
    return new Args(new TrafficSpec(start, n, perDay, seed, zone), Optional.ofNullable(from),
        Optional.ofNullable(to), Optional.ofNullable(post), Optional.ofNullable(token), concurrency,
        Optional.ofNullable(raw));
  }

  /** Generates and sends; prints one summary line. Returns false when some delivery failed. */
  static boolean run(Args args) {
    long t0 = System.nanoTime();
    AtomicLong updates = new AtomicLong();
    AtomicLong redeliveries = new AtomicLong();
    String where;
    boolean ok;
    if (args.raw().isPresent()) {
      try (RawDirectorySink sink = new RawDirectorySink(args.raw().get(), 4)) {
        new SupportBotTraffic(args.spec()).generate(filtered(args, sink, updates, redeliveries));
        sink.close();
        where = "raw " + args.raw().get() + ": " + sink.written() + " objects created, " + sink.alreadyStored()
            + " already stored (same-day redeliveries)";
      }
      ok = true;
    } else {
      HttpClient http = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-poster");
            t.setDaemon(true);
            return t;
          }))
          .build();
      WebhookPoster poster = new WebhookPoster(http, args.post().get(), args.secretToken().get(),
          args.concurrency());
      new SupportBotTraffic(args.spec()).generate(filtered(args, poster, updates, redeliveries));
      try {
        poster.close();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      where = "POST " + args.post().get() + ": " + poster.ok() + " answered 200, " + poster.retries()
          + " retries, " + poster.failed() + " failed" + (poster.failed() > 0 ? " " + poster.failedByStatus() : "");
      ok = poster.failed() == 0;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("generate: days %s..%s%s, %d updates + %d redeliveries -> %s (%.1f s)%n",
        args.spec().startDate(), args.spec().endDate(), arrivalNote(args), updates.get(), redeliveries.get(),
        where, seconds);
    return ok;
  }

  private static String arrivalNote(Args args) {
    if (args.arrivalFrom().isEmpty() && args.arrivalTo().isEmpty()) {
      return "";
    }
    return " (arriving " + args.arrivalFrom().map(LocalDate::toString).orElse("…") + ".."
        + args.arrivalTo().map(LocalDate::toString).orElse("…") + ")";
  }

  private static Consumer<Delivery> filtered(Args args, Consumer<Delivery> sink, AtomicLong updates,
      AtomicLong redeliveries) {
    return d -> {
      LocalDate day = d.arrivalDate();
      if (args.arrivalFrom().map(day::isBefore).orElse(false) || args.arrivalTo().map(day::isAfter).orElse(false)) {
        return;
      }
      (d.redelivery() ? redeliveries : updates).incrementAndGet();
      sink.accept(d);
    };
  }

  private static int positive(String opt, String value) throws UsageException {
    long v = number(opt, value);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new UsageException(opt + " must be a whole number >= 1, got " + value);
    }
    return (int) v;
  }

  private static long number(String opt, String value) throws UsageException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException(opt + " must be a whole number, got " + value);
    }
  }

  private static LocalDate date(String opt, String value) throws UsageException {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(opt + " must be a date YYYY-MM-DD, got " + value);
    }
  }
}
