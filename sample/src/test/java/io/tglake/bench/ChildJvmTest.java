package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the bench starts the ETL child: as {@code bin/tglake etl} itself when it runs from a
 * checkout, so that the script's JVM options and class-data archive rules are the only ones. A fake
 * checkout; nothing is started.
 */
class ChildJvmTest {

  @Test
  void fromACheckoutTheEtlChildIsBinTglakeEtl(@TempDir Path repo) throws IOException {
    Path script = repo.resolve("bin").resolve("tglake");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/usr/bin/env bash\n");

    ChildJvm jvm = ChildJvm.of(Optional.of(repo));

    assertThat(jvm.etlCommand(List.of("--date", "2026-03-02")))
        .as("the script decides JVM options, classpath and archive")
        .containsExactly("bash", script.toString(), "etl", "--date", "2026-03-02");
  }

  @Test
  void withoutACheckoutTheEtlRunsOnThisJvmsClasspath() {
    ChildJvm jvm = ChildJvm.of(Optional.empty());

    List<String> cmd = jvm.etlCommand(List.of("--date", "2026-03-02"));
    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd)
        .containsSubsequence(
            "-cp", System.getProperty("java.class.path"), EtlProcess.MAIN, "--date", "2026-03-02");
    assertThat(cmd)
        .as("the locating properties stay with the bench")
        .noneMatch(o -> o.startsWith("-Dtglake."));
  }

  @Test
  void etlEnvironmentAddsUpAndIsOnlyForTheEtl(@TempDir Path repo) {
    ChildJvm jvm =
        ChildJvm.of(Optional.of(repo))
            .withEtlEnv(Map.of("TGLAKE_ETL_CDS", "0"))
            .withEtlEnv(Map.of("TGLAKE_JAVA_OPTS", "-Xlog:gc"));
    assertThat(jvm.etlEnv())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("TGLAKE_ETL_CDS", "0", "TGLAKE_JAVA_OPTS", "-Xlog:gc"));
    assertThat(jvm.tglake()).as("no bin/tglake in this folder").isEmpty();
  }
}
