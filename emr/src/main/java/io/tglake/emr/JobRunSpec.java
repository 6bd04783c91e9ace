package io.tglake.emr;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * One StartJobRun request, typed: the ETL for one day or one chunk of a backfill, or one erasure
 * request. Converts to the SDK request and to the JSON the AWS CLI accepts ({@code aws
 * emr-serverless start-job-run --cli-input-json}), which {@code --dry-run} prints.
 *
 * @param label what the run is, as progress lines and the summary show it (the day, the chunk
 *     {@code from..to}, or {@code forget <request id>})
 * @param date the UTC day processed, or null for a run not tied to one day (backfill chunk,
 *     erasure)
 * @param applicationId EMR Serverless application
 * @param executionRoleArn job role
 * @param clientToken idempotency token, deterministic per day (or chunk) and attempt
 * @param name run name shown in the console
 * @param entryPoint job jar URI
 * @param entryPointArguments the job's own options
 * @param sparkSubmitParameters {@code --class ...} and any {@code --conf k=v}
 * @param logUri S3 log folder, or null for the application's monitoring configuration
 * @param executionTimeoutMinutes server-side limit of the run
 */
public record JobRunSpec(
    String label,
    LocalDate date,
    String applicationId,
    String executionRoleArn,
    String clientToken,
    String name,
    String entryPoint,
    List<String> entryPointArguments,
    String sparkSubmitParameters,
    String logUri,
    int executionTimeoutMinutes) {

  public JobRunSpec {
    entryPointArguments = List.copyOf(entryPointArguments);
  }

  /** The SDK request. */
  public StartJobRunRequest toRequest() {
    StartJobRunRequest.Builder b =
        StartJobRunRequest.builder()
            .applicationId(applicationId)
            .executionRoleArn(executionRoleArn)
            .clientToken(clientToken)
            .name(name)
            .executionTimeoutMinutes((long) executionTimeoutMinutes)
            .jobDriver(
                JobDriver.builder()
                    .sparkSubmit(
                        SparkSubmit.builder()
                            .entryPoint(entryPoint)
                            .entryPointArguments(entryPointArguments)
                            .sparkSubmitParameters(sparkSubmitParameters)
                            .build())
                    .build());
    if (logUri != null) {
      b.configurationOverrides(
          ConfigurationOverrides.builder()
              .monitoringConfiguration(
                  MonitoringConfiguration.builder()
                      .s3MonitoringConfiguration(
                          S3MonitoringConfiguration.builder().logUri(logUri).build())
                      .build())
              .build());
    }
    return b.build();
  }

  /** The request as the AWS CLI's {@code --cli-input-json} (API member names, camelCase). */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode json = f.objectNode();
    json.put("applicationId", applicationId);
    json.put("clientToken", clientToken);
    json.put("executionRoleArn", executionRoleArn);
    json.put("name", name);
    ObjectNode sparkSubmit = json.putObject("jobDriver").putObject("sparkSubmit");
    sparkSubmit.put("entryPoint", entryPoint);
    entryPointArguments.forEach(sparkSubmit.putArray("entryPointArguments")::add);
    sparkSubmit.put("sparkSubmitParameters", sparkSubmitParameters);
    if (logUri != null) {
      json.putObject("configurationOverrides")
          .putObject("monitoringConfiguration")
          .putObject("s3MonitoringConfiguration")
          .put("logUri", logUri);
    }
    json.put("executionTimeoutMinutes", executionTimeoutMinutes);
    return json;
  }
}
