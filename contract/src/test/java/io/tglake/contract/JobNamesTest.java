package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JobNamesTest {

  private static final Pattern CLASS_NAME =
      Pattern.compile("\\bio\\.tglake(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*");

  @Test
  void binTglakeStartsOnlyTheClassesOfTheContract() throws IOException {
    // bash cannot read Java constants; this keeps its spelled-out names from drifting away from the
    // contract.
    String script = Files.readString(Path.of("..", "bin", "tglake"));
    Set<String> named = new TreeSet<>();
    Matcher m = CLASS_NAME.matcher(script);
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(named)
        .as("every class bin/tglake names is a JobNames constant")
        .isSubsetOf(JobNames.ALL);
    assertThat(named)
        .as("and every JobNames constant is used by bin/tglake (none stale)")
        .containsExactlyInAnyOrderElementsOf(JobNames.ALL);
  }
}
