package io.tglake.emr;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Reads the job target from the outputs of the deployed CDK stack (see infra/). */
public final class StackOutputs {

  private final CloudFormationClient cloudFormation;

  public StackOutputs(CloudFormationClient cloudFormation) {
    this.cloudFormation = cloudFormation;
  }

  /** Output holding the ETL's execution role. */
  public static final String JOB_ROLE = "EmrJobRoleArn";

  /**
   * Output holding the erasure runs' role: the only one allowed to delete raw objects (see infra's
   * Privacy).
   */
  public static final String ERASURE_ROLE = "EmrErasureRoleArn";

  /**
   * The stack's outputs as a target for the ETL; values the stack does not have stay null.
   *
   * @throws software.amazon.awssdk.services.cloudformation.model.CloudFormationException if the
   *     stack does not exist or cannot be read
   */
  public JobTarget read(String stackName) {
    return read(stackName, JOB_ROLE);
  }

  /**
   * The stack's outputs as a target whose execution role is the output {@code roleOutput} ({@link
   * #JOB_ROLE} or {@link #ERASURE_ROLE}).
   */
  public JobTarget read(String stackName, String roleOutput) {
    Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
    Map<String, String> outputs = new HashMap<>();
    for (Output o : stack.outputs()) {
      outputs.put(o.outputKey(), o.outputValue());
    }
    return fromOutputs(outputs, roleOutput);
  }

  /** Maps output names ({@link JobTarget#OUTPUT_NAMES}) to a target. */
  public static JobTarget fromOutputs(Map<String, String> outputs) {
    return fromOutputs(outputs, JOB_ROLE);
  }

  /** Maps output names to a target, the execution role from {@code roleOutput}. */
  public static JobTarget fromOutputs(Map<String, String> outputs, String roleOutput) {
    return new JobTarget(
        outputs.get("EmrApplicationId"),
        outputs.get(roleOutput),
        outputs.get("EmrJobJarUri"),
        outputs.get("RawUri"),
        outputs.get("EnrichedUri"),
        outputs.get("EmrLogUri"));
  }
}
