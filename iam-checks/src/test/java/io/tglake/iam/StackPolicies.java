package io.tglake.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM side of the synthesized stack with every intrinsic resolved to concrete names and ARNs
 * for a fixed account and Region: each role's identity policies (its {@code AWS::IAM::Policy}
 * resources, inline policies and managed policies) and each bucket's policy. The template comes
 * from the real app ({@code TglakeApp}, run from {@code infra/target} in a child JVM exactly as
 * {@code cdk.json}'s app command does), so CDK's classpath never meets Spark's.
 */
final class StackPolicies {

  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HASHED_ID = Pattern.compile("^(.*?)[0-9A-F]{8}$");
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]+)}");

  /**
   * AWS managed policies the stack attaches, as AWS publishes them (IAM console, "AWS managed
   * policy" JSON). Only these are known; a template that attaches another one fails the resolution
   * instead of being evaluated blind.
   */
  private static final Map<String, String> MANAGED =
      Map.of(
          "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogGroup\","
              + "\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}]}");

  private final JsonNode resources;

  /** Role short id (logical id without CDK's hash, e.g. {@code EmrJobRole}) → role ARN. */
  final Map<String, String> roleArns = new LinkedHashMap<>();

  /** Bucket short id ({@code RawBucket}) → bucket name. */
  final Map<String, String> bucketNames = new LinkedHashMap<>();

  /** Role ARN → [{name, policy}] in the evaluator's input shape. */
  final ObjectNode identityPolicies = JSON.createObjectNode();

  /** Bucket ARN → bucket policy document. */
  final ObjectNode bucketPolicies = JSON.createObjectNode();

  private StackPolicies(JsonNode template) {
    this.resources = template.get("Resources");
    resources
        .fields()
        .forEachRemaining(
            e -> {
              String type = e.getValue().path("Type").asText();
              if (type.equals("AWS::S3::Bucket")) {
                bucketNames.put(shortId(e.getKey()), name(e.getKey(), e.getValue()));
              } else if (type.equals("AWS::IAM::Role")) {
                roleArns.put(
                    shortId(e.getKey()),
                    "arn:aws:iam::" + ACCOUNT + ":role/" + name(e.getKey(), e.getValue()));
              }
            });
    resources
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode props = e.getValue().path("Properties");
              switch (e.getValue().path("Type").asText()) {
                case "AWS::IAM::Role" -> {
                  String arn = roleArns.get(shortId(e.getKey()));
                  for (JsonNode inline : props.path("Policies")) {
                    add(
                        arn,
                        inline.path("PolicyName").asText(),
                        resolve(inline.get("PolicyDocument")));
                  }
                  for (JsonNode managed : props.path("ManagedPolicyArns")) {
                    String m = resolve(managed).asText();
                    if (!MANAGED.containsKey(m)) {
                      throw new IllegalStateException(
                          "managed policy "
                              + m
                              + " of "
                              + e.getKey()
                              + " is not known here: add "
                              + "its document to StackPolicies.MANAGED");
                    }
                    try {
                      add(arn, m, JSON.readTree(MANAGED.get(m)));
                    } catch (IOException ex) {
                      throw new IllegalStateException(ex);
                    }
                  }
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> {
                  for (JsonNode role : props.path("Roles")) {
                    String roleName = resolve(role).asText();
                    String arn = "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
                    add(arn, shortId(e.getKey()), resolve(props.get("PolicyDocument")));
                  }
                }
                case "AWS::S3::BucketPolicy" ->
                    bucketPolicies.set(
                        "arn:aws:s3:::" + resolve(props.get("Bucket")).asText(),
                        resolve(props.get("PolicyDocument")));
                default -> {}
              }
            });
  }

  /**
   * Synthesizes the stack with the app's defaults (infra's {@code cdk.json} context) into {@code
   * outDir}, deployed beside a bot (relay and pass-through on for bot {@code botId}): the widest
   * ingest role the app makes, so the relay's and the pass-through's writes are evaluated too; the
   * other roles do not depend on it.
   */
  static StackPolicies synthesize(Path infraDir, Path outDir, long botId)
      throws IOException, InterruptedException {
    Path classpath = infraDir.resolve("target/classpath.txt");
    if (!Files.isRegularFile(classpath)) {
      throw new IllegalStateException(
          classpath + " is missing: build infra first (it is written at package)");
    }
    Files.createDirectories(outDir);
    com.fasterxml.jackson.databind.node.ObjectNode context =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            JSON.readTree(infraDir.resolve("cdk.json").toFile()).get("context");
    context.put("botWebhookUrl", "https://bot.example.com/telegram");
    context.put("botId", Long.toString(botId));
    context.put("allowedBotIds", Long.toString(botId));
    Path log = outDir.resolve("synth.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                infraDir.resolve("target/classes")
                    + java.io.File.pathSeparator
                    + Files.readString(classpath).trim(),
                "io.tglake.infra.TglakeApp")
            .directory(infraDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_"));
    pb.environment().put("CDK_OUTDIR", outDir.toString());
    pb.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context));
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("synth timed out; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "synth failed (exit "
              + p.exitValue()
              + "):\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new StackPolicies(JSON.readTree(outDir.resolve("Tglake.template.json").toFile()));
  }

  String roleArn(String shortId) {
    String arn = roleArns.get(shortId);
    if (arn == null) {
      throw new IllegalArgumentException(
          "no role " + shortId + " in the stack: " + roleArns.keySet());
    }
    return arn;
  }

  String bucketName(String shortId) {
    String name = bucketNames.get(shortId);
    if (name == null) {
      throw new IllegalArgumentException(
          "no bucket " + shortId + " in the stack: " + bucketNames.keySet());
    }
    return name;
  }

  /** The role that runs {@code functionShortId} (its {@code Role} property). */
  String functionRoleArn(String functionShortId) {
    for (var it = resources.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().path("Type").asText().equals("AWS::Lambda::Function")
          && shortId(e.getKey()).equals(functionShortId)) {
        return resolve(e.getValue().at("/Properties/Role")).asText();
      }
    }
    throw new IllegalArgumentException("no function " + functionShortId);
  }

  /** The short id of the role that runs {@code functionShortId}. */
  String functionRoleShortId(String functionShortId) {
    String arn = functionRoleArn(functionShortId);
    return roleArns.entrySet().stream()
        .filter(e -> e.getValue().equals(arn))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private void add(String roleArn, String name, JsonNode document) {
    ArrayNode list =
        identityPolicies.has(roleArn)
            ? (ArrayNode) identityPolicies.get(roleArn)
            : identityPolicies.putArray(roleArn);
    list.addObject().put("name", name).set("policy", document);
  }

  static String shortId(String logicalId) {
    Matcher m = HASHED_ID.matcher(logicalId);
    return m.matches() ? m.group(1) : logicalId;
  }

  /**
   * A physical name: the template's own, else one derived from the logical id as CloudFormation
   * would generate.
   */
  private String name(String logicalId, JsonNode resource) {
    JsonNode props = resource.path("Properties");
    for (String field : List.of("BucketName", "RoleName")) {
      if (props.has(field)) {
        return resolve(props.get(field)).asText();
      }
    }
    String base = "tglake-" + shortId(logicalId);
    return resource.path("Type").asText().equals("AWS::S3::Bucket")
        ? base.toLowerCase(Locale.ROOT)
        : base;
  }

  /**
   * The JSON with every {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join} and {@code Fn::Sub}
   * replaced by its value.
   */
  JsonNode resolve(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode v = node.get(key);
      switch (key) {
        case "Ref":
          return TextNode.valueOf(ref(v.asText()));
        case "Fn::GetAtt":
          return TextNode.valueOf(getAtt(v.get(0).asText(), v.get(1).asText()));
        case "Fn::Join":
          {
            List<String> parts = new ArrayList<>();
            v.get(1).forEach(p -> parts.add(resolve(p).asText()));
            return TextNode.valueOf(String.join(v.get(0).asText(), parts));
          }
        case "Fn::Sub":
          return TextNode.valueOf(sub(v.isTextual() ? v.asText() : v.get(0).asText()));
        default:
          break;
      }
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), resolve(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(resolve(n)));
      return out;
    }
    return node;
  }

  private String sub(String template) {
    Matcher m = SUB_VAR.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String var = m.group(1);
      int dot = var.indexOf('.');
      String value =
          dot > 0 && !var.startsWith("AWS::")
              ? getAtt(var.substring(0, dot), var.substring(dot + 1))
              : ref(var);
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private String ref(String id) {
    switch (id) {
      case "AWS::Partition":
        return "aws";
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::Region":
        return REGION;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      case "AWS::StackName":
        return "Tglake";
      default:
        break;
    }
    JsonNode r = resources.get(id);
    if (r == null) {
      return "param-" + id; // a parameter (e.g. the bootstrap version): never part of an S3 grant
    }
    String type = r.path("Type").asText();
    return switch (type) {
      case "AWS::S3::Bucket", "AWS::IAM::Role" -> name(id, r);
      // Ref of a secret is its ARN (random suffix made up here).
      case "AWS::SecretsManager::Secret" ->
          "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + shortId(id) + "-AbCdEf";
      default -> "tglake-" + shortId(id);
    };
  }

  private String getAtt(String id, String attribute) {
    JsonNode r = resources.get(id);
    String type = r == null ? "" : r.path("Type").asText();
    String name = ref(id);
    if (!attribute.equals("Arn")) {
      return name + "-" + attribute;
    }
    return switch (type) {
      case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
      case "AWS::IAM::Role" -> "arn:aws:iam::" + ACCOUNT + ":role/" + name;
      case "AWS::Logs::LogGroup" ->
          "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name + ":*";
      case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
      case "AWS::Lambda::Function" ->
          "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
      case "AWS::EMRServerless::Application" ->
          "arn:aws:emr-serverless:" + REGION + ":" + ACCOUNT + ":/applications/" + name;
      case "AWS::SNS::Topic" -> "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name;
      default -> "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/Tglake/" + name;
    };
  }
}
