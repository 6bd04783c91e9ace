package io.tglake.emr;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/** Step 6 of {@link DeployVerifier}, Athena: the posted update is in {@code messages}, once. */
final class AthenaCheck {

  private final DeployVerifier.AthenaPort athena;

  AthenaCheck(DeployVerifier.AthenaPort athena) {
    this.athena = athena;
  }

  /** Step 6: Athena finds exactly the posted update in messages for its day. */
  String checkAthena(Map<String, String> outputs, DeployVerifier.Posted posted)
      throws InterruptedException {
    String sql = athenaSql(posted.day(), posted.updateId());
    List<List<String>> rows;
    try {
      rows = athena.query(sql, outputs.get("AthenaWorkGroupName"), outputs.get("GlueDatabaseName"));
    } catch (SdkException | IllegalStateException e) {
      throw new DeployVerifier.StepFailed(
          "athena", "query failed: " + e.getMessage(), "verify-athena");
    }
    if (rows.size() != 1 || rows.get(0).size() != 1 || !"1".equals(rows.get(0).get(0))) {
      throw new DeployVerifier.StepFailed(
          "athena", "expected one row with count 1, got " + rows + " for: " + sql, "verify-athena");
    }
    return "messages has update_id " + posted.updateId() + " on " + posted.day() + " (count 1)";
  }

  static String athenaSql(LocalDate day, long updateId) {
    return "SELECT count(*) FROM messages WHERE context_date = DATE '"
        + day
        + "' AND update_id = "
        + updateId;
  }
}
