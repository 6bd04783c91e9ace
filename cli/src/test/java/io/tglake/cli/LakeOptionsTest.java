package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class LakeOptionsTest {

  @Command(name = "lake-cmd")
  static class LakeCommand {
    @Mixin LakeOptions lake;
  }

  private static LakeOptions parse(String... argv) {
    LakeCommand cmd = new LakeCommand();
    new CommandLine(cmd).parseArgs(argv);
    return cmd.lake;
  }

  @Test
  void parsesTheThreeOptions() {
    LakeOptions o =
        parse(
            "--raw",
            "s3a://raw/telegram",
            "--enriched=s3a://lake/enriched",
            "--s3-endpoint",
            "http://127.0.0.1:9000");
    assertThat(o.requireRaw()).isEqualTo("s3a://raw/telegram");
    assertThat(o.requireEnriched()).isEqualTo("s3a://lake/enriched");
    assertThat(o.s3Endpoint()).contains("http://127.0.0.1:9000");
  }

  @Test
  void missingOrBlankRequiredValuesAreUsageErrorsNamingTheOption() {
    LakeOptions o = parse("--enriched", " ");
    assertThat(o.raw()).isEmpty();
    assertThat(o.enriched()).as("blank counts as missing").isEmpty();
    assertThat(o.s3Endpoint()).isEmpty();
    assertThatThrownBy(o::requireRaw)
        .isInstanceOf(ParameterException.class)
        .hasMessage("--raw is required");
    assertThatThrownBy(o::requireEnriched)
        .isInstanceOf(ParameterException.class)
        .hasMessage("--enriched is required");
  }

  @Test
  void anOptionWithoutItsValueIsAParseError() {
    assertThatThrownBy(() -> parse("--raw"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--raw");
  }
}
