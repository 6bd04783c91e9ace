package io.tglake.emr;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a job run goes and what it reads and writes: the deployed stack's outputs, or flags.
 *
 * @param applicationId EMR Serverless application id (stack output {@code EmrApplicationId})
 * @param executionRoleArn job execution role (output {@code EmrJobRoleArn})
 * @param jobJar S3 URI of the Spark job jar (output {@code EmrJobJarUri})
 * @param raw {@code --raw} of the job (output {@code RawUri})
 * @param enriched {@code --enriched} of the job (output {@code EnrichedUri})
 * @param logUri S3 folder for driver/executor logs, or null for the application's default (output
 *     {@code EmrLogUri})
 */
public record JobTarget(
    String applicationId,
    String executionRoleArn,
    String jobJar,
    String raw,
    String enriched,
    String logUri) {

  /** The stack output names, in component order. */
  public static final List<String> OUTPUT_NAMES =
      List.of(
          "EmrApplicationId",
          "EmrJobRoleArn",
          "EmrJobJarUri",
          "RawUri",
          "EnrichedUri",
          "EmrLogUri");

  /** Names of the required values still missing, as option names (empty = complete). */
  public List<String> missing() {
    List<String> out = new ArrayList<>();
    if (blank(applicationId)) {
      out.add("--application-id");
    }
    if (blank(executionRoleArn)) {
      out.add("--execution-role-arn");
    }
    if (blank(jobJar)) {
      out.add("--job-jar");
    }
    if (blank(raw)) {
      out.add("--raw");
    }
    if (blank(enriched)) {
      out.add("--enriched");
    }
    return out;
  }

  /** This target with every null value taken from {@code fallback}. */
  public JobTarget orElse(JobTarget fallback) {
    return new JobTarget(
        pick(applicationId, fallback.applicationId),
        pick(executionRoleArn, fallback.executionRoleArn),
        pick(jobJar, fallback.jobJar),
        pick(raw, fallback.raw),
        pick(enriched, fallback.enriched),
        pick(logUri, fallback.logUri));
  }

  private static String pick(String a, String b) {
    return blank(a) ? b : a;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
