package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.UpdateRules;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The ETL's per-object verdict on its own (no Spark job): reasons, depth without recursion, rescued
 * paths.
 */
class UpdateGateTest {

  private static UpdateGate.Verdict judge(String body) {
    return UpdateGate.judge(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aHundredThousandLevelsAreRefusedWithoutRecursing() {
    String deep = "{\"update_id\":1,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThat(judge(deep).error())
        .as("no StackOverflowError, one reason")
        .isEqualTo(UpdateRules.TOO_DEEP);
    assertThat(judge("{\"update_id\":1,\"x\":" + "[".repeat(63) + "]".repeat(63) + "}").accepted())
        .as("64 levels, the update included")
        .isTrue();
  }

  @Test
  void aStringWhereTheContractHasANumberIsAcceptedAndNamedByItsPath() {
    UpdateGate.Verdict v =
        judge(
            "{\"update_id\":1,\"message\":{\"message_id\":\"77\",\"text\":\"9\","
                + "\"entities\":[{\"offset\":\"0\",\"length\":1,\"type\":\"bold\"}]}}");
    assertThat(v.accepted()).isTrue();
    assertThat(v.rescuedPaths())
        .as("text is a string in the contract: not a coercion")
        .containsExactly("message.entities[].offset", "message.message_id");
  }

  @Test
  void duplicateKeysAreFoundAtAnyDepthAndInAnyCase() {
    assertThat(judge("{\"update_id\":1,\"message\":{\"chat\":{\"id\":1,\"ID\":2}}}").error())
        .isEqualTo(UpdateRules.duplicateKey("ID"));
    assertThat(judge("{\"update_id\":1,\"a\":[{\"k\":1},{\"k\":2}]}").accepted())
        .as("the same key in two sibling objects is no duplicate")
        .isTrue();
  }

  @Test
  void updateIdReasonsMatchTheWebhooks() {
    assertThat(judge("{\"message\":{}}").error()).isEqualTo(UpdateRules.UPDATE_ID_MISSING);
    assertThat(judge("{\"update_id\":null}").error()).isEqualTo(UpdateRules.UPDATE_ID_MISSING);
    assertThat(judge("{\"update_id\":\"5\"}").error()).isEqualTo(UpdateRules.UPDATE_ID_NOT_INTEGER);
    assertThat(judge("{\"update_id\":1e3}").error()).isEqualTo(UpdateRules.UPDATE_ID_NOT_INTEGER);
    assertThat(judge("{\"message\":{\"update_id\":5}}").error())
        .as("only the top-level one counts")
        .isEqualTo(UpdateRules.UPDATE_ID_MISSING);
  }
}
