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
 * (/usr/bin/python3 and its jupyter-nbconvert, pandas, matplotlib, jpype; not a pyenv python on
 * PATH) against the Trino server of the shared IT lake, and fails if any cell fails. bin/test
 * installs the Debian packages; when they are missing this test fails and says which to install.
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
    Path jdbcJar =
        Path.of(
            io.trino.jdbc.TrinoDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());

    ProcessBuilder pb =
        new ProcessBuilder(
                PYTHON.toString(),
                "-m",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=300",
                "--output-dir",
                outDir.toString(),
                "--output",
                "support_bot_insights.executed",
                NOTEBOOK.getFileName().toString())
            .directory(NOTEBOOK.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", "/usr/bin:/bin"); // the kernel and jupyter must be Debian's, not a pyenv shim
    env.remove("MPLBACKEND"); // keep ipykernel's inline backend so figures are rendered
    env.remove("PYTHONPATH");
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    env.put("TGLAKE_SOURCE", "local");
    env.put("TGLAKE_TRINO_URL", lake.trino.jdbcUrl() + "/" + ItLake.SCHEMA);
    env.put("TGLAKE_TRINO_JDBC_JAR", jdbcJar.toString());
    env.put("TGLAKE_FROM", ItLake.GEN_FROM.toString());
    env.put("TGLAKE_TO", ItLake.GEN_TO.toString());
    env.put("TGLAKE_QUERIES_DIR", Path.of("queries").toAbsolutePath().toString());
    Process p = pb.start();
    boolean finished = p.waitFor(8, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished && p.exitValue() == 0)
        .as("nbconvert --execute must succeed (every cell); log:%n%s", output)
        .isTrue();

    String executed =
        Files.readString(
            outDir.resolve("support_bot_insights.executed.ipynb"), StandardCharsets.UTF_8);
    assertThat(executed).as("no cell raised").doesNotContain("\"output_type\": \"error\"");
    assertThat(executed.split("\"image/png\"", -1).length - 1)
        .as("heatmap, bar charts, resolution chart, response times")
        .isGreaterThanOrEqualTo(4);
    assertThat(executed)
        .as("the three findings, with the numbers the same queries give on Trino")
        .contains(busiestSlot(lake))
        .contains(topQuestion(lake))
        .contains(resolution(lake))
        .contains(responses(lake));
  }

  /** The response-time finding, from the same query on Trino. */
  private static String responses(ItLake lake) {
    long conversations = 0;
    long answered = 0;
    for (List<String> r :
        lake.query("first_response_time_per_day", ItLake.GEN_FROM, ItLake.GEN_TO).rows()) {
      conversations += Long.parseLong(r.get(1));
      answered += Long.parseLong(r.get(2));
    }
    assertThat(answered)
        .as("the simulated bot answers through relay and pass-through records")
        .isPositive();
    return String.format(
        "the bot answered %d of %d conversations; %d got no answer",
        answered, conversations, conversations - answered);
  }

  /** The heatmap finding, computed here independently from the query result. */
  private static String busiestSlot(ItLake lake) {
    List<List<String>> rows =
        new java.util.ArrayList<>(
            lake.query("activity_hour_weekday_local", ItLake.GEN_FROM, ItLake.GEN_TO).rows());
    rows.sort(
        java.util.Comparator.<List<String>>comparingLong(r -> -Long.parseLong(r.get(3)))
            .thenComparingInt(r -> Integer.parseInt(r.get(0)))
            .thenComparingInt(r -> Integer.parseInt(r.get(2))));
    List<String> top = rows.get(0);
    return String.format(
        "the busiest slot is **%s %02dh** (%s messages)",
        top.get(1), Integer.parseInt(top.get(2)), top.get(3));
  }

  private static String topQuestion(ItLake lake) {
    List<String> top = lake.query("top_questions", ItLake.GEN_FROM, ItLake.GEN_TO).rows().get(0);
    return "the most asked question is \\\""
        + top.get(0)
        + "\\\" ("
        + top.get(1)
        + " times, "
        + top.get(2)
        + " users)";
  }

  private static String resolution(ItLake lake) {
    long yes = 0;
    long no = 0;
    long human = 0;
    long returning = 0;
    for (List<String> r :
        lake.query("resolution_signals_per_day", ItLake.GEN_FROM, ItLake.GEN_TO).rows()) {
      yes += Long.parseLong(r.get(1));
      no += Long.parseLong(r.get(2));
      human += Long.parseLong(r.get(4));
      returning += Long.parseLong(r.get(5));
    }
    assertThat(yes + no).as("the generated traffic answers the feedback button").isPositive();
    return String.format(
        "%d of %d feedback answers were *yes* (resolution rate %d%%); %d requests for a human; "
            + "%d returns within 24 h",
        yes, yes + no, pythonPercent((double) yes / (yes + no)), human, returning);
  }

  /** Python's f"{x:.0%}" rounds the exact binary value half-to-even; do the same. */
  private static long pythonPercent(double share) {
    return new java.math.BigDecimal(share * 100)
        .setScale(0, java.math.RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  private static void requireDebianPython() throws IOException, InterruptedException {
    assertThat(Files.isExecutable(PYTHON))
        .as("%s missing: install Debian's python3 and %s (bin/test does)", PYTHON, DEBIAN_PACKAGES)
        .isTrue();
    Process check =
        new ProcessBuilder(
                List.of(
                    PYTHON.toString(),
                    "-c",
                    "import nbconvert, nbclient, ipykernel, pandas, matplotlib, jpype, jpype.dbapi2"))
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor())
        .as(
            "Debian Python modules for the notebook are missing (%s). Install: "
                + "apt-get install %s  (bin/test does it when run as root)",
            out.strip(), DEBIAN_PACKAGES)
        .isZero();
    assertThat(Path.of("/usr/share/java/org.jpype.jar")).as("python3-jpype's support jar").exists();
  }
}
