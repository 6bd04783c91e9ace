package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/support_bot_insights.ipynb headless, as a user would, with Debian's Python
 * (/usr/bin/python3 and its jupyter-nbconvert, pandas, matplotlib, jpype; not a pyenv python on PATH)
 * against the Trino server of the shared IT lake, and fails if any cell fails. bin/test installs the
 * Debian packages; when they are missing this test fails and says which to install.
 */
class NotebookIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path NOTEBOOK = Path.of("..", "notebooks", "support_bot_insights.ipynb");
  private static final String DEBIAN_PACKAGES =
      "jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas python3-matplotlib python3-jpype";

  @Test
  void notebookAnswersTheThreeQuestionsHeadlessOnTheLocalLake() throws Exception {
    requireDebianPython();
    ItLake lake = ItLake.get();
    Path outDir = Path.of("target", "notebook").toAbsolutePath();
    Files.createDirectories(outDir);
    Path log = outDir.resolve("nbconvert.log");
    Path jdbcJar = Path.of(io.trino.jdbc.TrinoDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-m", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=300", "--output-dir", outDir.toString(),
        "--output", "support_bot_insights.executed", NOTEBOOK.getFileName().toString())
        .directory(NOTEBOOK.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", "/usr/bin:/bin"); // the kernel and jupyter must be Debian's, not a pyenv shim
    env.remove("MPLBACKEND");         // keep ipykernel's inline backend so figures are rendered
    env.remove("PYTHONPATH");
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    env.put("TGLAKE_SOURCE", "local");
    env.put("TGLAKE_TRINO_URL", lake.trino.jdbcUrl() + "/" + ItLake.SCHEMA);
    env.put("TGLAKE_TRINO_JDBC_JAR", jdbcJar.toString());
    env.put("TGLAKE_FROM", ItLake.DAY1.toString());
    env.put("TGLAKE_TO", ItLake.DAY2.toString());
    env.put("TGLAKE_QUERIES_DIR", Path.of("queries").toAbsolutePath().toString());
    Process p = pb.start();
    boolean finished = p.waitFor(8, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished && p.exitValue() == 0).as("nbconvert --execute must succeed (every cell); log:%n%s", output)
        .isTrue();

    String executed = Files.readString(outDir.resolve("support_bot_insights.executed.ipynb"), StandardCharsets.UTF_8);
    assertThat(executed).as("no cell raised").doesNotContain("\"output_type\": \"error\"");
    assertThat(executed.split("\"image/png\"", -1).length - 1).as("heatmap, bar charts, resolution chart")
        .isGreaterThanOrEqualTo(3);
    assertThat(executed)
        .as("findings computed from the fixture lake (same answers as QueriesIT)")
        .contains("the busiest slot is **Fri 09h** (3 messages)")
        .contains("the most asked question is \\\"how do i reset my password\\\" (2 times, 2 users)")
        .contains("3 of 4 feedback answers were *yes* (resolution rate 75%); 2 requests for a human; "
            + "3 returns within 24 h");
  }

  private static void requireDebianPython() throws IOException, InterruptedException {
    assertThat(Files.isExecutable(PYTHON)).as("%s missing: install Debian's python3 and %s (bin/test does)", PYTHON,
        DEBIAN_PACKAGES).isTrue();
    Process check = new ProcessBuilder(List.of(PYTHON.toString(), "-c",
        "import nbconvert, nbclient, ipykernel, pandas, matplotlib, jpype, jpype.dbapi2"))
        .redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as("Debian Python modules for the notebook are missing (%s). Install: "
        + "apt-get install %s  (bin/test does it when run as root)", out.strip(), DEBIAN_PACKAGES).isZero();
    assertThat(Path.of("/usr/share/java/org.jpype.jar")).as("python3-jpype's support jar").exists();
  }
}
