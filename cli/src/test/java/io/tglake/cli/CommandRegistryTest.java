package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bin/tglake's command registry ({@code COMMANDS}) against the code: bash cannot import Java, so
 * this is what keeps its usage, dispatch and completion (all read from the registry) from naming a
 * module, class or command that moved.
 */
class CommandRegistryTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ROW = Pattern.compile("^\\s*\"([^\"]+)\"\\s*$", Pattern.MULTILINE);

  record Command(
      String name, String module, String main, String picocli, String runs, String what) {}

  static List<Command> registry() throws IOException {
    String script = Files.readString(ROOT.resolve("bin/tglake"));
    int start = script.indexOf("COMMANDS=(");
    int end = script.indexOf("\n)", start);
    assertThat(start).as("bin/tglake has a COMMANDS=( registry").isNotNegative();
    List<Command> rows = new ArrayList<>();
    Matcher m = ROW.matcher(script.substring(start, end));
    while (m.find()) {
      String[] f = m.group(1).split("\\|", 6);
      assertThat(f).as("six fields in row " + m.group(1)).hasSize(6);
      rows.add(new Command(f[0], f[1], f[2], f[3], f[4], f[5]));
    }
    return rows;
  }

  @Test
  void everyRowNamesAModuleAndMainClassThatExist() throws IOException {
    List<Command> rows = registry();
    assertThat(rows)
        .extracting(Command::name)
        .as("the commands the project promises (demo, serve, etl, query, emr), once each")
        .doesNotHaveDuplicates()
        .contains("demo", "serve", "etl", "query", "emr", "forget", "completion");
    for (Command c : rows) {
      if (c.runs().startsWith("script:")) {
        assertThat(ROOT.resolve("bin/" + c.runs().substring("script:".length())))
            .as(c.name())
            .isExecutable();
        continue;
      }
      assertThat(c.runs())
          .as(c.name())
          .isIn("java", "spark", "etl", "query", "bench", "completion", "sql");
      assertThat(ROOT.resolve(c.module()).resolve("pom.xml")).as(c.name() + ": module").exists();
      assertThat(source(c.module(), c.main())).as(c.name() + ": main class in its module").exists();
      assertThat(Files.readString(source(c.module(), c.main())))
          .as(c.name() + ": main class has a main method")
          .contains("public static void main(");
    }
  }

  @Test
  void everyPicocliClassDeclaresTheCommandItCompletes() throws IOException {
    for (Command c : registry()) {
      if (c.picocli().equals("-")) {
        continue;
      }
      Path file = source(c.module(), c.picocli());
      assertThat(file).as(c.name() + ": completion class in its module").exists();
      // a class assembled in code (serve) names its command in a sibling of its package
      String declared = "name = \"tglake " + c.name() + "\"";
      try (Stream<Path> pkg = Files.list(file.getParent())) {
        boolean found =
            Files.readString(file).contains(declared)
                || pkg.anyMatch(p -> read(p).contains(declared));
        assertThat(found)
            .as(c.name() + ": a @Command(" + declared + ") next to " + c.picocli())
            .isTrue();
      }
    }
  }

  @Test
  void usageListsEveryCommandAndAnUnknownOneExits2() throws Exception {
    Run help = bin("--help");
    assertThat(help.exit()).isZero();
    for (Command c : registry()) {
      assertThat(help.out())
          .as("usage line of " + c.name())
          .containsPattern("(?m)^  " + Pattern.quote(c.name()) + " ");
    }
    Run unknown = bin("no-such-command");
    assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err()).contains("unknown command 'no-such-command'");
    assertThat(bin("bench").exit()).as("a group without its sub-command").isEqualTo(ExitCode.USAGE);
  }

  @Test
  void rebuildRuleFollowsTheBuildsModuleGraph(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    // a fake checkout: module "b" runs on module "a"'s jar and on a jar from the Maven cache
    Files.createDirectories(tmp.resolve("b/target/classes"));
    Files.createDirectories(tmp.resolve("a/src/main"));
    Files.createDirectories(tmp.resolve("b/src/main"));
    Files.writeString(
        tmp.resolve("b/target/classpath.txt"),
        tmp.resolve("a/target/a.jar") + ":/home/u/.m2/repository/x/y.jar");
    String cmd =
        "ROOT='"
            + tmp
            + "'; source '"
            + ROOT.resolve("bin/lib/modules.sh")
            + "'; sources_of b; "
            + "if module_stale b; then echo stale; else echo fresh; fi; touch -d '+1 minute' a/src/main/New.java; "
            + "if module_stale b; then echo stale; else echo fresh; fi";
    Process p =
        new ProcessBuilder("bash", "-c", cmd)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out.lines().toList())
        .containsExactly(tmp.resolve("b") + " " + tmp.resolve("a"), "fresh", "stale");
  }

  private static Path source(String module, String className) {
    return ROOT.resolve(module)
        .resolve("src/main/java")
        .resolve(className.replace('.', '/') + ".java");
  }

  private static String read(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  record Run(int exit, String out, String err) {}

  private static Run bin(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("bin/tglake").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, err);
  }
}
