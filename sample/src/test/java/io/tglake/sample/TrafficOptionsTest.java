package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.cli.Cli;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * generate and demo-bot read the traffic options through one mixin: the bot answers exactly the
 * updates the generator sends only when the same options mean the same traffic in both.
 */
class TrafficOptionsTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private static final List<String> SHARED =
      List.of("--days", "--updates-per-day", "--seed", "--zone", "--arrival-from", "--arrival-to");

  private static SampleTrafficCommand.Args generate(String... traffic) {
    return SampleTrafficCommand.parse(with(traffic, "--raw", "x"), NOW, null);
  }

  private static DemoBotCommand.Args demoBot(String... traffic) {
    return DemoBotCommand.parse(with(traffic, "--secret", "s"), null);
  }

  private static String[] with(String[] traffic, String... own) {
    return Stream.concat(Stream.of(own), Stream.of(traffic)).toArray(String[]::new);
  }

  @Test
  void theSameTrafficOptionsGiveTheSameSpecInGenerateAndDemoBot() {
    String[] traffic = {
      "--start-date", "2026-03-01",
      "--days", "2",
      "--updates-per-day", "77",
      "--seed", "9",
      "--zone", "Europe/Berlin",
      "--arrival-from", "2026-03-02",
      "--arrival-to", "2026-03-02"
    };
    SampleTrafficCommand.Args g = generate(traffic);
    DemoBotCommand.Args b = demoBot(traffic);

    TrafficSpec expected =
        new TrafficSpec(LocalDate.of(2026, 3, 1), 2, 77, 9, ZoneId.of("Europe/Berlin"));
    assertThat(g.spec()).as("generate reads every traffic option").isEqualTo(expected);
    assertThat(b.spec()).as("demo-bot reads them the same way").isEqualTo(expected);
    Optional<LocalDate> day = Optional.of(LocalDate.of(2026, 3, 2));
    assertThat(List.of(g.arrivalFrom(), g.arrivalTo(), b.arrivalFrom(), b.arrivalTo()))
        .as("the arrival window of both")
        .containsExactly(day, day, day, day);
  }

  @Test
  void theDefaultsAreTheSameInBoth() {
    TrafficSpec expected =
        new TrafficSpec(LocalDate.of(2026, 11, 21), 3, 2000, 42, TrafficSpec.DEFAULT_ZONE);
    assertThat(generate("--start-date", "2026-11-21").spec())
        .as("generate's defaults")
        .isEqualTo(expected);
    assertThat(demoBot("--start-date", "2026-11-21").spec())
        .as("demo-bot's defaults")
        .isEqualTo(expected);
    assertThat(demoBot("--start-date", "2026-11-21").arrivalFrom())
        .as("no arrival window unless given")
        .isEmpty();
  }

  @Test
  void bothCommandsTakeTheOptionsFromTheOneMixinWithOneHelpText() {
    CommandSpec g = Cli.of(new SampleTrafficCommand(NOW, null)).commandLine().getCommandSpec();
    CommandSpec b = Cli.of(new DemoBotCommand(null)).commandLine().getCommandSpec();
    for (CommandSpec command : List.of(g, b)) {
      assertThat(command.mixins().values())
          .as(command.name() + " mixes in TrafficOptions")
          .anySatisfy(m -> assertThat(m.userObject()).isInstanceOf(TrafficOptions.class));
    }
    for (String name : SHARED) {
      OptionSpec inGenerate = g.findOption(name);
      OptionSpec inDemoBot = b.findOption(name);
      assertThat(inDemoBot).as(name + " exists in demo-bot").isNotNull();
      assertThat(inDemoBot.description())
          .as(name + ": one description")
          .containsExactly(inGenerate.description());
      assertThat(inDemoBot.defaultValueString())
          .as(name + ": one default")
          .isEqualTo(inGenerate.defaultValueString());
    }
  }

  @Test
  void bothRejectTheSameBadTrafficOptionsWithTheSameMessage() {
    String[][] bad = {
      {"--start-date", "2026-03-01", "--days", "0"},
      {"--start-date", "2026-03-01", "--updates-per-day", "-5"},
      {"--start-date", "2026-03-01", "--zone", "Mars/Olympus"},
      {"--start-date", "2026-03-01", "--arrival-from", "2026-03-03", "--arrival-to", "2026-03-02"}
    };
    String[] messages = {
      "--days must be a whole number >= 1, got 0",
      "--updates-per-day must be a whole number >= 1, got -5",
      "expected an IANA zone like America/Sao_Paulo, got 'Mars/Olympus'",
      "--arrival-to 2026-03-02 is before --arrival-from 2026-03-03"
    };
    for (int i = 0; i < bad.length; i++) {
      String[] argv = bad[i];
      assertThatThrownBy(() -> generate(argv))
          .as("generate " + String.join(" ", argv))
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining(messages[i]);
      assertThatThrownBy(() -> demoBot(argv))
          .as("demo-bot " + String.join(" ", argv))
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining(messages[i]);
    }
  }

  @Test
  void demoBotStillRequiresTheStartDateAndASecret() {
    assertThatThrownBy(() -> demoBot("--days", "2"))
        .as("the bot cannot guess the generator's first day")
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--start-date");
    assertThatThrownBy(() -> DemoBotCommand.parse(new String[] {"--start-date", "2026-03-01"}, " "))
        .as("a blank secret from the environment is no secret")
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--secret is required");
    assertThat(DemoBotCommand.parse(new String[] {"--start-date", "2026-03-01"}, "env").secret())
        .as("env BOT_WEBHOOK_SECRET is the default")
        .isEqualTo("env");
  }
}
