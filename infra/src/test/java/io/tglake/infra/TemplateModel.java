package io.tglake.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesized template as CloudFormation would see it in one fixed account and Region: intrinsics
 * resolved to the concrete names and ARNs the resources would get ({@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join}, {@code Fn::Sub}), and the creation order CloudFormation derives (a resource
 * waits for everything it references and everything in its {@code DependsOn}). Physical names of
 * unnamed resources are their logical ids, which is enough for matching: the rules compare ARNs
 * built the same way on both sides.
 */
final class TemplateModel {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  static final String PARTITION = "aws";

  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]+)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  final JsonNode resources;

  TemplateModel(JsonNode resources) {
    this.resources = resources;
  }

  /** The type of a logical id ({@code AWS::SNS::Topic}). */
  String type(String logicalId) {
    return resources.path(logicalId).path("Type").asText();
  }

  /** A copy of {@code node} with every intrinsic replaced by its resolved string. */
  JsonNode resolve(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return node;
    }
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode v = node.get(key);
      switch (key) {
        case "Ref":
          return NODES.textNode(ref(v.asText()));
        case "Fn::GetAtt":
          return NODES.textNode(getAtt(v.get(0).asText(), v.get(1).asText()));
        case "Fn::Join":
          {
            StringBuilder sb = new StringBuilder();
            JsonNode parts = v.get(1);
            for (int i = 0; i < parts.size(); i++) {
              sb.append(i > 0 ? v.get(0).asText() : "").append(resolve(parts.get(i)).asText());
            }
            return NODES.textNode(sb.toString());
          }
        case "Fn::Sub":
          return NODES.textNode(sub(v.isTextual() ? v.asText() : v.get(0).asText()));
        default:
          if (key.startsWith("Fn::")) {
            throw new IllegalArgumentException("intrinsic not modelled: " + node);
          }
      }
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(n -> out.add(resolve(n)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), resolve(e.getValue()));
      }
      return out;
    }
    return node;
  }

  /**
   * What {@code Ref} returns for a pseudo parameter or a resource (its physical name, or its ARN
   * for topics).
   */
  String ref(String id) {
    switch (id) {
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::Region":
        return REGION;
      case "AWS::Partition":
        return PARTITION;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      default:
        break;
    }
    JsonNode props = resources.path(id).path("Properties");
    switch (type(id)) {
      case "AWS::SNS::Topic":
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + id;
      case "AWS::SQS::Queue":
        return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + id;
      case "AWS::Logs::LogGroup":
        return props.path("LogGroupName").asText(id);
      case "AWS::S3::Bucket":
        return id.toLowerCase();
      case "AWS::Athena::WorkGroup":
        return props.path("Name").asText(id);
      case "":
        throw new IllegalArgumentException("Ref to a resource not in the template: " + id);
      default:
        return id;
    }
  }

  /** What {@code Fn::GetAtt} returns for the attributes the stack uses. */
  String getAtt(String id, String attribute) {
    String type = type(id);
    String name = ref(id);
    String arn =
        switch (type) {
          case "AWS::IAM::Role" -> "arn:aws:iam::" + ACCOUNT + ":role/" + name;
          case "AWS::Logs::LogGroup" ->
              "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name + ":*";
          case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
          case "AWS::SNS::Topic" -> name;
          case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + id;
          case "AWS::Lambda::Function" ->
              "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + id;
          case "AWS::CloudWatch::Alarm" ->
              "arn:aws:cloudwatch:"
                  + REGION
                  + ":"
                  + ACCOUNT
                  + ":alarm:"
                  + resources.path(id).at("/Properties/AlarmName").asText(id);
          case "AWS::Events::Rule" ->
              "arn:aws:events:"
                  + REGION
                  + ":"
                  + ACCOUNT
                  + ":rule/"
                  + resources.path(id).at("/Properties/Name").asText(id);
          case "AWS::EMRServerless::Application" ->
              "arn:aws:emr-serverless:" + REGION + ":" + ACCOUNT + ":/applications/" + id;
          default -> "arn:aws:" + type + ":" + id;
        };
    return switch (attribute) {
      case "Arn", "TopicArn" -> arn;
      case "ApplicationId" -> id;
      case "QueueName", "TopicName" -> id;
      default -> id + "." + attribute;
    };
  }

  private String sub(String template) {
    Matcher m = SUB_VAR.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String var = m.group(1);
      String value =
          var.contains(".")
              ? getAtt(var.substring(0, var.indexOf('.')), var.substring(var.indexOf('.') + 1))
              : ref(var);
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * Logical ids {@code id} names directly: its {@code DependsOn} and every Ref/GetAtt/Sub inside
   * it.
   */
  Set<String> directDependencies(String id) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode r = resources.path(id);
    JsonNode dependsOn = r.path("DependsOn");
    if (dependsOn.isTextual()) {
      out.add(dependsOn.asText());
    }
    dependsOn.forEach(d -> out.add(d.asText()));
    collectReferences(r.path("Properties"), out);
    out.removeIf(d -> !resources.has(d));
    return out;
  }

  /**
   * Everything CloudFormation must have created before {@code id}: the closure of {@link
   * #directDependencies}.
   */
  Set<String> createdBefore(String id) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(directDependencies(id));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(directDependencies(next));
      }
    }
    return seen;
  }

  private void collectReferences(JsonNode node, Set<String> out) {
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode v = node.get(key);
      if (key.equals("Ref")) {
        out.add(v.asText());
        return;
      }
      if (key.equals("Fn::GetAtt")) {
        out.add(v.get(0).asText());
        return;
      }
      if (key.equals("Fn::Sub")) {
        Matcher m = SUB_VAR.matcher(v.isTextual() ? v.asText() : v.get(0).asText());
        while (m.find()) {
          out.add(m.group(1).split("\\.")[0]);
        }
      }
    }
    node.forEach(child -> collectReferences(child, out));
  }
}
