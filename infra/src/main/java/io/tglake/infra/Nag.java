package io.tglake.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions written as the resource metadata cdk-nag reads ({@code
 * cdk_nag.rules_to_suppress}), so the app itself does not depend on cdk-nag (only the synth test
 * runs the rule pack). Every suppression carries its one-line reason, which cdk-nag requires and
 * reports.
 */
final class Nag {

  private Nag() {}

  /** Suppresses {@code ruleId} on every CloudFormation resource at or below {@code construct}. */
  static void suppress(IConstruct construct, String ruleId, String reason) {
    for (IConstruct c : construct.getNode().findAll()) {
      if (c instanceof CfnResource resource) {
        add(resource, ruleId, reason);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void add(CfnResource resource, String ruleId, String reason) {
    Object existing = resource.getMetadata("cdk_nag");
    List<Object> rules = new ArrayList<>();
    if (existing instanceof Map<?, ?> map && map.get("rules_to_suppress") instanceof List<?> list) {
      rules.addAll(list);
    }
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", ruleId);
    rule.put("reason", reason);
    rules.add(rule);
    resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
  }
}
