package io.tglake.sample;

import io.tglake.cli.Cli;
import io.tglake.cli.DayOptions;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(
      names = "--start-date",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      required = true,
      description = "first UTC day, as given to generate")
  LocalDate startDate;

  @Mixin TrafficOptions traffic;

  @Option(
      names = "--secret",
      paramLabel = "S",
      description =
          "the secret the relay sends as X-Telegram-Bot-Api-Secret-Token (default: env "
              + "BOT_WEBHOOK_SECRET; required)")
  String secret;

  private final String envSecret;

  /** The production wiring: the secret's default from env BOT_WEBHOOK_SECRET. */
  public DemoBotCommand() {
    this(System.getenv("BOT_WEBHOOK_SECRET"));
  }

  /**
   * @param envSecret the secret from the environment, or null
   */
  DemoBotCommand(String envSecret) {
    this.envSecret = envSecret;
  }

  /** Parsed command line. */
  record Args(
      TrafficSpec spec,
      Optional<LocalDate> arrivalFrom,
      Optional<LocalDate> arrivalTo,
      String secret) {}

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.exit(Cli.of(new DemoBotCommand()).execute(argv));
  }

  /**
   * Parses {@code argv} as the command line does.
   *
   * @throws picocli.CommandLine.ParameterException for bad options (exit 2 on the command line)
   */
  static Args parse(String[] argv, String envSecret) {
    DemoBotCommand command = new DemoBotCommand(envSecret);
    Cli.of(command).commandLine().parseArgs(argv);
    return command.toArgs();
  }

  /** The checked options; usage errors for what picocli cannot see. */
  Args toArgs() {
    String s = secret != null ? secret : envSecret;
    if (s == null || s.isBlank()) {
      throw Usage.error(spec, "--secret is required (or set BOT_WEBHOOK_SECRET)");
    }
    return new Args(traffic.spec(startDate), traffic.arrivalFrom(), traffic.arrivalTo(), s);
  }

  @Override
  public Integer call() throws Exception {
    Args args = toArgs();
    DemoBot bot = new DemoBot(args.spec(), args.arrivalFrom(), args.arrivalTo(), args.secret());
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
