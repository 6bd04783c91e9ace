package io.tglake.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IAM's evaluation logic for the subset of the policy language the stack writes, over policy
 * documents already resolved by {@link TemplateModel}: an explicit {@code Deny} wins, else any
 * {@code Allow}, else the request is implicitly denied. Matches {@code Principal} ({@code *},
 * {@code AWS: *}, {@code Service}), {@code Action} and {@code Resource} with {@code *}/{@code ?}
 * wildcards (actions case-insensitively), and the condition operators {@code String(Not)Equals},
 * {@code String(Not)Like}, {@code Arn(Not)Like}, {@code ArnEquals}, {@code Bool} with their {@code
 * IfExists} forms. Anything else ({@code NotAction}, {@code NotPrincipal}, set operators, other
 * operators) throws, so that a policy the model does not understand fails the test instead of
 * passing it.
 */
final class PolicyEvaluator {

  /**
   * One request: who (a service principal, or null for an identity policy), what, on which ARN,
   * with which keys.
   */
  record Request(String service, String action, String resource, Map<String, String> context) {}

  enum Decision {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  /** The decision and the statement that made it (empty for an implicit deny). */
  record Result(Decision decision, Optional<JsonNode> statement) {
    boolean allowed() {
      return decision == Decision.ALLOW;
    }

    @Override
    public String toString() {
      return decision + statement.map(s -> " by " + s).orElse("");
    }
  }

  private PolicyEvaluator() {}

  /** Evaluates {@code request} against the statements of every given (resolved) policy document. */
  static Result evaluate(List<JsonNode> documents, Request request) {
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode doc : documents) {
      JsonNode st = doc.path("Statement");
      if (st.isArray()) {
        st.forEach(statements::add);
      } else if (st.isObject()) {
        statements.add(st);
      }
    }
    Optional<JsonNode> allow = Optional.empty();
    for (JsonNode st : statements) {
      if (!applies(st, request)) {
        continue;
      }
      String effect = st.path("Effect").asText();
      if (effect.equals("Deny")) {
        return new Result(Decision.EXPLICIT_DENY, Optional.of(st));
      }
      if (effect.equals("Allow") && allow.isEmpty()) {
        allow = Optional.of(st);
      }
    }
    return allow
        .map(st -> new Result(Decision.ALLOW, Optional.of(st)))
        .orElse(new Result(Decision.IMPLICIT_DENY, Optional.empty()));
  }

  private static boolean applies(JsonNode st, Request r) {
    for (String unsupported : List.of("NotAction", "NotResource", "NotPrincipal")) {
      if (st.has(unsupported)) {
        throw new IllegalArgumentException(unsupported + " is not modelled: " + st);
      }
    }
    return principalMatches(st.get("Principal"), r)
        && anyMatches(st.get("Action"), r.action(), true)
        && anyMatches(st.get("Resource"), r.resource(), false)
        && conditionsHold(st.path("Condition"), r.context());
  }

  private static boolean principalMatches(JsonNode principal, Request r) {
    if (principal == null) {
      return true; // identity policy: the principal is the role it is attached to
    }
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    if (principal.has("AWS") && texts(principal.get("AWS")).contains("*")) {
      return true;
    }
    return r.service() != null
        && principal.has("Service")
        && texts(principal.get("Service")).contains(r.service());
  }

  private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
    if (patterns == null) {
      return false;
    }
    for (String p : texts(patterns)) {
      if (glob(p, ignoreCase).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
    var operators = condition.fields();
    while (operators.hasNext()) {
      var op = operators.next();
      var keys = op.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        if (!holds(op.getKey(), context.get(key.getKey()), texts(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(String operator, String actual, List<String> expected) {
    if (operator.startsWith("ForAnyValue:") || operator.startsWith("ForAllValues:")) {
      throw new IllegalArgumentException("set operators are not modelled: " + operator);
    }
    boolean ifExists = operator.endsWith("IfExists");
    String op =
        ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
    boolean negated = op.contains("Not");
    if (actual == null) {
      // IAM: a missing key fails a positive operator and satisfies a negated one; IfExists makes it
      // pass.
      return ifExists || negated;
    }
    boolean any =
        switch (op.replace("Not", "")) {
          case "StringEquals", "ArnEquals" -> expected.contains(actual);
          case "StringEqualsIgnoreCase" -> expected.stream().anyMatch(actual::equalsIgnoreCase);
          case "StringLike", "ArnLike" ->
              expected.stream().anyMatch(e -> glob(e, false).matcher(actual).matches());
          case "Bool" -> expected.stream().anyMatch(e -> e.equalsIgnoreCase(actual));
          default ->
              throw new IllegalArgumentException("condition operator not modelled: " + operator);
        };
    return negated ? !any : any;
  }

  private static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return ignoreCase
        ? Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE)
        : Pattern.compile(re.toString());
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }
}
