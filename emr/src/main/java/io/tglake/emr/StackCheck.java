package io.tglake.emr;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Step 1 of {@link DeployVerifier}, the stack: it exists and has every output the later steps read;
 * and the webhook secret they post with (the stack's secret, else the token given).
 */
final class StackCheck {

  private final DeployVerifier.StackPort stack;
  private final DeployVerifier.SecretPort secrets;

  StackCheck(DeployVerifier.StackPort stack, DeployVerifier.SecretPort secrets) {
    this.stack = stack;
    this.secrets = secrets;
  }

  /** The outputs step 1 requires: with {@code skipEtl}, only those of the webhook steps. */
  static List<String> required(boolean skipEtl) {
    return skipEtl
        ? List.of("WebhookUrl", "RawUri")
        : List.of(
            "WebhookUrl",
            "RawUri",
            "EmrApplicationId",
            "EmrJobRoleArn",
            "EmrJobJarUri",
            "EnrichedUri",
            "AthenaWorkGroupName",
            "GlueDatabaseName");
  }

  /** Step 1: the stack exists and has every output the later steps read. */
  Map<String, String> outputs(String stackName, boolean skipEtl) {
    Map<String, String> outputs;
    try {
      outputs = stack.outputs(stackName);
    } catch (SdkException e) {
      throw new DeployVerifier.StepFailed(
          "outputs", "cannot read stack '" + stackName + "': " + e.getMessage(), "verify-outputs");
    }
    List<String> missing = required(skipEtl).stream().filter(k -> blank(outputs.get(k))).toList();
    if (!missing.isEmpty()) {
      throw new DeployVerifier.StepFailed(
          "outputs", "stack '" + stackName + "' lacks outputs " + missing, "verify-outputs");
    }
    return outputs;
  }

  /** The webhook secret: the stack's secret if it names one, else the token given. */
  String secret(Map<String, String> outputs, String given) {
    String arn = outputs.get("WebhookSecretArn");
    if (!blank(arn)) {
      try {
        String value = secrets.value(arn);
        if (!blank(value)) {
          return value.strip();
        }
        throw new DeployVerifier.StepFailed(
            "webhook", "secret " + arn + " is empty", "verify-webhook");
      } catch (SdkException e) {
        throw new DeployVerifier.StepFailed(
            "webhook", "cannot read secret " + arn + ": " + e.getMessage(), "verify-webhook");
      }
    }
    if (blank(given)) {
      throw new DeployVerifier.StepFailed(
          "webhook",
          "the stack names no WebhookSecretArn; pass --secret-token or set "
              + "TELEGRAM_SECRET_TOKEN",
          "verify-webhook");
    }
    return given;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
