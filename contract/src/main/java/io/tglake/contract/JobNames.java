package io.tglake.contract;

import java.util.Set;

/**
 * The main classes other modules start by name (EMR Serverless job runs, the CDK schedule,
 * bin/tglake), defined once. Each owning module has a test that its class still has this name;
 * contract's {@code JobNamesTest} checks that every class bin/tglake names is one of {@link #ALL}.
 */
public final class JobNames {

  /** The daily ETL (EMR Serverless job, scheduled by the stack, run by {@code bin/tglake etl}). */
  public static final String ETL_JOB = "io.tglake.etl.TelegramEtlJob";

  /**
   * The erasure job (EMR Serverless job of {@code tglake emr forget}, run by {@code bin/tglake
   * forget}).
   */
  public static final String FORGET_JOB = "io.tglake.etl.erasure.ForgetJob";

  /**
   * The erasure job's picocli command (options and help of {@link #FORGET_JOB}; bash completion).
   */
  public static final String FORGET_COMMAND = "io.tglake.etl.erasure.ForgetCommand";

  /** {@code bin/tglake retention apply}. */
  public static final String RETENTION_COMMAND = "io.tglake.etl.erasure.RetentionCommand";

  /**
   * {@code bin/tglake pseudonym}: the pseudonym of a user id under the ETL's key (access requests).
   */
  public static final String PSEUDONYM_COMMAND = "io.tglake.etl.pseudonym.PseudonymCommand";

  /** The ETL's picocli command (options and help of {@link #ETL_JOB}). */
  public static final String ETL_COMMAND = "io.tglake.etl.EtlCommand";

  /** {@code bin/tglake generate}. */
  public static final String GENERATE_COMMAND = "io.tglake.sample.SampleTrafficCommand";

  /** {@code bin/tglake demo-report}. */
  public static final String DEMO_REPORT_COMMAND = "io.tglake.sample.DemoReportCommand";

  /**
   * {@code bin/tglake demo-bot}: the demo's simulated support bot behind {@code serve --relay-to}.
   */
  public static final String DEMO_BOT_COMMAND = "io.tglake.sample.DemoBotCommand";

  /** {@code bin/tglake bench etl}. */
  public static final String BENCH_ETL_COMMAND = "io.tglake.bench.EtlBenchmarkCommand";

  /** {@code bin/tglake query}. */
  public static final String QUERY_COMMAND = "io.tglake.sql.QueryCommand";

  /** The query command's picocli options (bash completion). */
  public static final String QUERY_OPTIONS = "io.tglake.sql.QueryOptions";

  /** {@code bin/tglake sql}'s fallback shell (JDBC) when the Trino CLI cannot be fetched. */
  public static final String SQL_SHELL = "io.tglake.sql.SqlShell";

  /** {@code bin/tglake emr}. */
  public static final String EMR_COMMAND = "io.tglake.emr.EmrCommand";

  /** The emr command's picocli tree (bash completion). */
  public static final String EMR_CLI = "io.tglake.emr.EmrCli";

  /** {@code bin/tglake serve}: the webhook handler behind a local HTTP server. */
  public static final String SERVE = "io.tglake.ingest.local.LocalServer";

  /** {@code bin/tglake completion}: the bash completion generator. */
  public static final String COMPLETION = "io.tglake.cli.Completion";

  /**
   * The ingest Lambda's handler as the function configuration names it (not started by bin/tglake).
   */
  public static final String LAMBDA_HANDLER = "io.tglake.ingest.WebhookHandler::handleRequest";

  /** Every class name above that bin/tglake starts. */
  public static final Set<String> ALL =
      Set.of(
          ETL_JOB,
          FORGET_JOB,
          FORGET_COMMAND,
          RETENTION_COMMAND,
          ETL_COMMAND,
          GENERATE_COMMAND,
          DEMO_REPORT_COMMAND,
          DEMO_BOT_COMMAND,
          BENCH_ETL_COMMAND,
          QUERY_COMMAND,
          QUERY_OPTIONS,
          SQL_SHELL,
          EMR_COMMAND,
          EMR_CLI,
          SERVE,
          COMPLETION,
          PSEUDONYM_COMMAND);

  private JobNames() {}
}
