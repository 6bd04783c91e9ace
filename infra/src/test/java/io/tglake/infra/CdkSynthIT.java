package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the real, pinned CDK CLI ({@code infra/package.json}) exactly as a user would from {@code
 * infra/}: {@code npm ci} (skipped when the pinned version is already installed), then {@code npx
 * cdk synth} with no AWS credentials. Proves that {@code cdk.json}'s app command works on the
 * packaged classpath and that the CLI reads the cloud assembly aws-cdk-lib writes (schema
 * compatibility).
 */
class CdkSynthIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void pinnedCdkCliSynthesizesTheAppWithoutAwsCredentials() throws Exception {
    Path infra = Path.of(System.getProperty("tglake.infra.dir", ".")).toAbsolutePath().normalize();
    assertThat(infra.resolve("target/classpath.txt"))
        .as("written at package; the cdk.json app reads it")
        .isRegularFile();
    String pinned =
        MAPPER
            .readTree(infra.resolve("package.json").toFile())
            .at("/devDependencies/aws-cdk")
            .asText();

    Path installed = infra.resolve("node_modules/aws-cdk/package.json");
    if (!Files.isRegularFile(installed)
        || !pinned.equals(MAPPER.readTree(installed.toFile()).path("version").asText())) {
      run(infra, infra.resolve("target/npm-ci.log"), "npm", "ci", "--no-audit", "--no-fund");
    }
    assertThat(MAPPER.readTree(installed.toFile()).path("version").asText())
        .as("CLI version from package-lock")
        .isEqualTo(pinned);

    Path out = infra.resolve("target/cdk.out-it");
    deleteRecursively(out);
    Path log = infra.resolve("target/cdk-synth.log");
    run(
        infra,
        log,
        "npx",
        "--no-install",
        "cdk",
        "synth",
        "--no-notices",
        "--no-version-reporting",
        "--quiet",
        "--output",
        out.toString());

    JsonNode template = MAPPER.readTree(out.resolve("Tglake.template.json").toFile());
    assertThat(template.path("Resources").size()).as("synthesized resources").isGreaterThan(30);
    assertThat(template.path("Outputs").has("EmrApplicationId")).isTrue();
    JsonNode manifest = MAPPER.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.path("version").asText()).as("cloud assembly schema version").isNotEmpty();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith("asset.") && n.endsWith(".jar")))
          .as("the Lambda jar and the Spark job jar are staged as assets")
          .hasSize(2);
    }
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .as("synth reports no errors")
        .doesNotContain("[Error");
  }

  private static void run(Path dir, Path log, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    // Credential-less, as in CI: no keys, no profile, no instance-metadata probing (which would
    // wait on timeouts).
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_DEFAULT_"));
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
    env.put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError(
          command[0] + " not found: node and npm are required for the CDK synth check", e);
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " timed out; see " + log);
    }
    assertThat(p.exitValue())
        .as(String.join(" ", cmd) + " exit code; output:\n" + tail(log))
        .isZero();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
