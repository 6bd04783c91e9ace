package io.tglake.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/evaluate.mjs} — {@code @cloud-copilot/iam-simulate}, pinned in this
 * module's {@code package.json} and installed with {@code npm ci} on first use — over a batch of
 * checks.
 */
final class PolicyEvaluator {

  /** One evaluated check: the simulator's overall result and the statements that decided it. */
  record Verdict(
      S3Authorization.Check check, String principal, String result, List<String> decisive) {
    boolean allowed() {
      return result.equals("Allowed");
    }

    @Override
    public String toString() {
      return result
          + ": "
          + check.action()
          + " on "
          + check.resource()
          + " "
          + check.context()
          + " by "
          + principal
          + "\n    request: "
          + check.request()
          + "\n    decided by: "
          + String.join("; ", decisive);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path moduleDir;
  private final Path workDir;
  private final StackPolicies stack;
  private int batches;

  PolicyEvaluator(Path moduleDir, Path workDir, StackPolicies stack)
      throws IOException, InterruptedException {
    this.moduleDir = moduleDir;
    this.workDir = workDir;
    this.stack = stack;
    String pinned =
        JSON.readTree(moduleDir.resolve("package.json").toFile())
            .at("/devDependencies/@cloud-copilot~1iam-simulate")
            .asText();
    Path installed = moduleDir.resolve("node_modules/@cloud-copilot/iam-simulate/package.json");
    if (!Files.isRegularFile(installed)
        || !pinned.equals(JSON.readTree(installed.toFile()).path("version").asText())) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), workDir.resolve("npm-ci.log"));
    }
  }

  /**
   * Evaluates every check as made by {@code principalArn} against that role's policies and the
   * bucket policies.
   */
  List<Verdict> evaluate(String principalArn, List<S3Authorization.Check> checks)
      throws IOException, InterruptedException {
    ObjectNode input = JSON.createObjectNode();
    input.put("account", StackPolicies.ACCOUNT);
    input.set("identityPolicies", stack.identityPolicies);
    input.set("resourcePolicies", stack.bucketPolicies);
    ArrayNode list = input.putArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      S3Authorization.Check c = checks.get(i);
      ObjectNode n = list.addObject();
      n.put("id", i);
      n.put("principal", principalArn);
      n.put("action", c.action());
      n.put("resource", c.resource());
      n.put("bucket", c.bucketArn());
      ObjectNode ctx = n.putObject("context");
      c.context().forEach(ctx::put);
    }
    Path in = workDir.resolve("checks-" + (++batches) + ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(in.toFile(), input);
    Path out = workDir.resolve("verdicts-" + batches + ".json");
    run(
        List.of("node", moduleDir.resolve("src/test/node/evaluate.mjs").toString(), in.toString()),
        out);
    JsonNode results = JSON.readTree(out.toFile());
    List<Verdict> verdicts = new ArrayList<>();
    for (JsonNode r : results) {
      List<String> decisive = new ArrayList<>();
      r.path("decisive").forEach(d -> decisive.add(d.asText()));
      verdicts.add(
          new Verdict(
              checks.get(r.path("id").asInt()), principalArn, r.path("result").asText(), decisive));
    }
    if (verdicts.size() != checks.size()) {
      throw new IllegalStateException(
          "evaluator answered " + verdicts.size() + " of " + checks.size() + " checks");
    }
    return verdicts;
  }

  private void run(List<String> command, Path output) throws IOException, InterruptedException {
    Path err = output.resolveSibling(output.getFileName() + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(moduleDir.toFile())
            .redirectOutput(output.toFile())
            .redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          command.get(0) + " not found: node and npm are required for the IAM checks", e);
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed (exit "
              + p.exitValue()
              + "): "
              + Files.readString(err, StandardCharsets.UTF_8));
    }
  }
}
