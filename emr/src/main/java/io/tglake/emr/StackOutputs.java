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

  /**
   * The stack's outputs as a target; values the stack does not have stay null.
   *
   * @throws software.amazon.awssdk.services.cloudformation.model.CloudFormationException if the stack
   *     does not exist or cannot be read
   */
  public JobTarget read(String stackName) {
    Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
    Map<String, String> outputs = new HashMap<>();
    for (Output o : stack.outputs()) {
      outputs.put(o.outputKey(), o.outputValue());
    }
    return fromOutputs(outputs);
  }

  /** Maps output names ({@link JobTarget#OUTPUT_NAMES}) to a target. */
  public static JobTarget fromOutputs(Map<String, String> outputs) {
    return new JobTarget(outputs.get("EmrApplicationId"), outputs.get("EmrJobRoleArn"), outputs.get("EmrJobJarUri"),
        outputs.get("RawUri"), outputs.get("EnrichedUri"), outputs.get("EmrLogUri"));
  }
}
