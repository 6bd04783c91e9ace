package io.tglake.emr;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the runs are made. */
final class RunOptions {
  @Option(
      names = "--spark-conf",
      paramLabel = "KEY=VALUE",
      description = "extra Spark property (repeatable), on top of the application defaults")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Option(
      names = "--attempt",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "client-token attempt (default ${DEFAULT-VALUE}); the same request and attempt always map "
              + "to the same run (idempotent resubmits): raise it to run again")
  int attempt;

  @Option(
      names = "--poll-seconds",
      paramLabel = "N",
      defaultValue = "10",
      description = "first poll interval, growing to 60 s (default ${DEFAULT-VALUE})")
  int pollSeconds;

  @Option(
      names = "--dry-run",
      description =
          "print the StartJobRun requests as JSON (aws emr-serverless "
              + "start-job-run --cli-input-json format) and call nothing; values not given are <OutputName> placeholders")
  boolean dryRun;
}
