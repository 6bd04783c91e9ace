package io.tglake.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json} runs it): one {@link TglakeStack} named {@code Tglake}, in the
 * account and region of the caller's credentials when deploying ({@code
 * CDK_DEFAULT_ACCOUNT/REGION}), environment-agnostic when those are absent (a credential-less
 * {@code cdk synth} in CI).
 */
public final class TglakeApp {

  private TglakeApp() {}

  /** Synthesizes the cloud assembly into the directory the CDK CLI passes in {@code CDK_OUTDIR}. */
  public static void main(String[] args) {
    App app = new App();
    StackConfig config =
        StackConfig.fromContext(
            key -> app.getNode().tryGetContext(key), Path.of("target", "assets"));
    String account = System.getenv("CDK_DEFAULT_ACCOUNT");
    String region = System.getenv("CDK_DEFAULT_REGION");
    StackProps.Builder props =
        StackProps.builder()
            .description("tglake: Telegram webhook ingest, EMR Serverless ETL, Glue/Athena lake");
    if (account != null && region != null) {
      props.env(Environment.builder().account(account).region(region).build());
    }
    new TglakeStack(app, "Tglake", props.build(), config);
    app.synth();
  }
}
