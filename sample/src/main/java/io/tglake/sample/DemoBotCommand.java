package io.tglake.sample;

import io.tglake.cli.Cli;
import io.tglake.cli.DayOptions;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/tglake demo-bot}: the demo's simulated support bot ({@link DemoBot}) until stopped.
 * Takes the generator's traffic options, so that it answers exactly the updates {@code generate}
 * sends.
 */
@Command(
    name = "tglake demo-bot",
    sortOptions = false,
    description = {
      "The demo's simulated support bot, to run behind 'bin/tglake serve --relay-to': answers the updates of "
          + "'bin/tglake generate' (same traffic options) as its script says, messages through the Bot API "
          + "pass-through and callback answers in the webhook response, with a local stand-in for "
          + "api.telegram.org. Prints 'demo-bot: webhook <url> telegram <url> ...' when ready; give serve "
          + "--relay-to <webhook url> --telegram-api-base-for-tests <telegram url>, then POST serve's URL to "
          + "<webhook url>"
          + DemoBot.API_ROOT_PATH
          + " (with the secret header). Prints a summary when stopped."
    },
    footer = {
      "",
      "Environment: BOT_WEBHOOK_SECRET (default of --secret).",
      "Exit codes: 0 stopped, 2 bad options."
    })
public final class DemoBotCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--days", paramLabel = "N", description = "consecutive UTC days (default 3)")
  int days = 3;

  @Option(
      names = "--start-date",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      required = true,
      description = "first UTC day, as given to generate")
  LocalDate startDate;

  @Option(
      names = "--updates-per-day",
      paramLabel = "N",
      description = "as given to generate (default 2000)")
  int updatesPerDay = 2000;

  @Option(names = "--seed", paramLabel = "S", description = "as given to generate (default 42)")
  long seed = 42;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      converter = SampleTrafficCommand.Zone.class,
      description = "as given to generate (default America/Sao_Paulo)")
  ZoneId zone = TrafficSpec.DEFAULT_ZONE;

  @Option(
      names = "--arrival-from",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      description = "answer only updates arriving on or after this UTC day")
  LocalDate arrivalFrom;

  @Option(
      names = "--arrival-to",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      description = "answer only updates arriving on or before this UTC day")
  LocalDate arrivalTo;

  @Option(
      names = "--secret",
      paramLabel = "S",
      description =
          "the secret the relay sends as X-Telegram-Bot-Api-Secret-Token (default: env "
              + "BOT_WEBHOOK_SECRET; required)")
  String secret;

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.exit(Cli.of(new DemoBotCommand()).execute(argv));
  }

  @Override
  public Integer call() throws Exception {
    String s = secret != null ? secret : System.getenv("BOT_WEBHOOK_SECRET");
    if (s == null || s.isBlank()) {
      throw Usage.error(spec, "--secret is required (or set BOT_WEBHOOK_SECRET)");
    }
    if (days < 1 || updatesPerDay < 1) {
      throw Usage.error(spec, "--days and --updates-per-day must be whole numbers >= 1");
    }
    DemoBot bot =
        new DemoBot(
            new TrafficSpec(startDate, days, updatesPerDay, seed, zone),
            Optional.ofNullable(arrivalFrom),
            Optional.ofNullable(arrivalTo),
            s);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(bot.summary());
                  System.out.flush();
                  bot.close();
                  stopped.countDown();
                },
                "demo-bot-stop"));
    System.out.println(
        "demo-bot: webhook "
            + bot.webhookUrl()
            + " telegram "
            + bot.telegramUrl()
            + " ("
            + bot.scripted()
            + " updates scripted to get an answer)");
    System.out.flush();
    stopped.await();
    return ExitCode.OK;
  }
}
