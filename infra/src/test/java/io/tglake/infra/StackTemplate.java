package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.TableDefinitions.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * A synthesized {@link TglakeStack} as JSON plus the helpers the stack tests share. Intrinsics are
 * rendered to readable strings ({@code ${RawBucket.Arn}/telegram/*}, logical-id hashes stripped) so
 * least-privilege checks compare exact action/resource sets. Synthesis costs seconds (jsii
 * start-up), so the default stack is built once per test JVM.
 */
final class StackTemplate {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HASHED_ID = Pattern.compile("^(.*?)[0-9A-F]{8}$");
  private static StackTemplate defaults;

  final TglakeStack stack;
  final JsonNode resources;
  final JsonNode outputs;

  private StackTemplate(TglakeStack stack) {
    this.stack = stack;
    JsonNode template = MAPPER.valueToTree(Template.fromStack(stack).toJSON());
    this.resources = template.get("Resources");
    this.outputs = template.get("Outputs");
  }

  /** The stack with every setting at its default. */
  static synchronized StackTemplate defaults() {
    if (defaults == null) {
      defaults = of(ctx -> ctx);
    }
    return defaults;
  }

  /** A stack synthesized from CDK context entries (on top of the defaults). */
  static StackTemplate of(UnaryOperator<Map<String, Object>> context) {
    Map<String, Object> ctx = context.apply(new LinkedHashMap<>());
    StackConfig config =
        StackConfig.fromContext(
            ctx::get, Path.of(System.getProperty("tglake.assets.dir", "target/assets")));
    return new StackTemplate(
        new TglakeStack(new App(), "Tglake", StackProps.builder().build(), config));
  }

  /** The source of the messages_local custom resource's Lambda, as the stack inlines it. */
  static String athenaDdlHandlerSource() {
    try (java.io.InputStream in =
        StackTemplate.class.getResourceAsStream("/io/tglake/infra/athena-ddl-handler.js")) {
      assertThat(in).as("athena-ddl-handler.js on the classpath").isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String shortIdOf(String logicalId) {
    Matcher m = HASHED_ID.matcher(logicalId);
    return m.matches() ? m.group(1) : logicalId;
  }

  /** Every (action -> resource [if condition]) pair granted to a role through inline policies. */
  List<String> permissions(String roleName) {
    List<String> out = new ArrayList<>();
    for (JsonNode policy : ofType("AWS::IAM::Policy").values()) {
      boolean attached = false;
      for (JsonNode role : policy.at("/Properties/Roles")) {
        attached |= render(role).equals("${" + roleName + "}");
      }
      if (!attached) {
        continue;
      }
      for (JsonNode st : policy.at("/Properties/PolicyDocument/Statement")) {
        assertThat(st.path("Effect").asText()).isEqualTo("Allow");
        String condition = st.has("Condition") ? " if " + render(st.get("Condition")) : "";
        for (String action : texts(st.get("Action"))) {
          for (String resource : texts(st.get("Resource"))) {
            out.add(action + " -> " + resource + condition);
          }
        }
      }
    }
    return out;
  }

  String roleOf(String functionName) {
    return render(single("AWS::Lambda::Function", functionName).at("/Properties/Role"))
        .replaceAll("^\\$\\{(.*)\\.Arn}$", "$1");
  }

  String jobJarKey() {
    // The asset key is a content hash: read it back from the stack's own output.
    String url = render(outputs.at("/EmrJobJarUri/Value"));
    return url.substring(url.indexOf(".jar") - 64, url.indexOf(".jar") + 4);
  }

  List<Column> columns(JsonNode list) {
    List<Column> out = new ArrayList<>();
    list.forEach(c -> out.add(new Column(c.path("Name").asText(), c.path("Type").asText())));
    return out;
  }

  List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(render(n)));
    } else {
      out.add(render(node));
    }
    return out;
  }

  Map<String, JsonNode> ofType(String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              if (type.equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), e.getValue());
              }
            });
    return out;
  }

  List<String> logicalIds(String type) {
    return ofType(type).keySet().stream().map(StackTemplate::shortIdOf).toList();
  }

  JsonNode single(String type, String name) {
    List<JsonNode> matches = new ArrayList<>();
    ofType(type)
        .forEach(
            (id, r) -> {
              if (shortId(id).equals(name)) {
                matches.add(r);
              }
            });
    assertThat(matches)
        .as(type + " named " + name + " among " + new TreeSet<>(ofType(type).keySet()))
        .hasSize(1);
    return matches.get(0);
  }

  String shortId(String logicalId) {
    return shortIdOf(logicalId);
  }

  /**
   * Renders CloudFormation intrinsics readably: {@code Ref X} → {@code ${X}}, {@code GetAtt [X, A]}
   * → {@code ${X.A}}, {@code Fn::Join} concatenated, objects as compact JSON with rendered values.
   */
  String render(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "<missing>";
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode v = node.get(key);
      switch (key) {
        case "Ref":
          return "${" + shortId(v.asText()) + "}";
        case "Fn::Sub":
          return v.isTextual() ? v.asText() : render(v.get(0));
        case "Fn::GetAtt":
          return "${" + shortId(v.get(0).asText()) + "." + v.get(1).asText() + "}";
        case "Fn::Join":
          {
            List<String> parts = new ArrayList<>();
            v.get(1).forEach(p -> parts.add(render(p)));
            return String.join(v.get(0).asText(), parts);
          }
        default:
          break;
      }
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(p -> parts.add(quote(render(p))));
      return "[" + String.join(",", parts) + "]";
    }
    StringBuilder sb = new StringBuilder("{");
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String value = v.isObject() && !isIntrinsic(v) || v.isArray() ? render(v) : quote(render(v));
      sb.append(quote(e.getKey())).append(':').append(value);
      if (it.hasNext()) {
        sb.append(',');
      }
    }
    return sb.append('}').toString();
  }

  String quote(String s) {
    return MAPPER.getNodeFactory().textNode(s).toString();
  }

  boolean isIntrinsic(JsonNode v) {
    if (v.size() != 1) {
      return false;
    }
    String key = v.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }
}
