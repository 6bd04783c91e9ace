package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CompletionTest {

  @Command(name = "tglake run")
  public static class RunCommand implements Callable<Integer> {
    @Mixin LakeOptions lake;

    @Option(names = "--keep")
    boolean keep;

    @Override
    public Integer call() {
      return 0;
    }
  }

  /** A tree built in code, like a command with programmatic subcommands. */
  static final class Tree {
    @Command(name = "up")
    static final class Up {
      @Option(names = "--fast")
      boolean fast;
    }

    static CommandLine commandLine(
        java.time.Clock clock, java.util.function.ToIntFunction<String> action) {
      if (clock == null || action == null) {
        throw new IllegalArgumentException("collaborators are required");
      }
      CommandLine root = new CommandLine(CommandLine.Model.CommandSpec.create());
      root.addSubcommand("up", new CommandLine(new Up()));
      return root;
    }
  }

  /** A command that takes its collaborators, like forget and retention. */
  @Command(name = "tglake wired")
  public static class WiredCommand implements Callable<Integer> {
    @Option(names = "--days")
    int days;

    public WiredCommand(
        java.time.Clock clock,
        java.io.PrintWriter out,
        java.util.function.ToIntFunction<String> job) {
      if (clock == null || out == null || job == null) {
        throw new IllegalArgumentException("collaborators are required");
      }
    }

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Test
  void commandWithCollaboratorConstructorStillCompletesItsOptions() {
    CommandLine tree = Completion.tree("tglake", List.of("wired=" + WiredCommand.class.getName()));
    assertThat(tree.getSubcommands().get("wired").getCommandSpec().optionsMap().keySet())
        .as("stand-ins for clock, writer and job, not a bare name")
        .contains("--days");
  }

  @Test
  void scriptCompletesCommandsNestedCommandsAndTheirOptions() {
    CommandLine tree =
        Completion.tree(
            "tglake",
            List.of(
                "run=" + RunCommand.class.getName(),
                "bench/run=" + RunCommand.class.getName(),
                "tree=" + Tree.class.getName(),
                "demo",
                "gone=io.tglake.NoSuchCommand"));
    assertThat(tree.getSubcommands().keySet())
        .containsExactly("run", "bench", "tree", "demo", "gone");
    assertThat(tree.getSubcommands().get("run").getCommandSpec().optionsMap().keySet())
        .contains("--raw", "--enriched", "--s3-endpoint", "--keep");
    assertThat(tree.getSubcommands().get("bench").getSubcommands()).containsOnlyKeys("run");
    assertThat(tree.getSubcommands().get("tree").getSubcommands()).containsOnlyKeys("up");
    assertThat(tree.getSubcommands().get("gone").getCommandSpec().options())
        .as("missing class: name only")
        .isEmpty();

    String script =
        Completion.script(
            "tglake",
            List.of(
                "run=" + RunCommand.class.getName(),
                "bench/run=" + RunCommand.class.getName(),
                "demo"));
    assertThat(script)
        .contains("complete -F _complete_tglake")
        .contains("function _picocli_tglake_bench_run()")
        .contains("local commands=\"run bench demo\"")
        .contains("--raw")
        .contains("--keep");
  }
}
