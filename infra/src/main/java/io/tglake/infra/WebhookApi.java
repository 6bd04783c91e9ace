package io.tglake.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * The webhook's HTTP API: route {@code POST /telegram/webhook} (and, with the Bot API pass-through,
 * {@code /{proxy+}}) to the ingest function's alias, stage and per-route throttling.
 *
 * <p>HTTP API rather than a Function URL: a fixed route (only {@code POST /telegram/webhook}
 * reaches the function, everything else is a 404 at the edge for free), stage throttling against
 * floods, and per-route 5xx metrics for the alarm.
 */
final class WebhookApi extends Construct implements Concern {

  private final HttpStage stage;

  /**
   * @param live the ingest function's alias the routes invoke
   */
  WebhookApi(Construct scope, String id, StackConfig config, Alias live) {
    super(scope, id);
    stage = webhookApi(config, live);
  }

  /** The API's stage (5xx/4xx metrics, URL). */
  HttpStage stage() {
    return stage;
  }

  /**
   * Beside a bot the webhook waits for the bot: the longest integration timeout, which the relay
   * chain fits in.
   */
  private HttpLambdaIntegration webhookIntegration(StackConfig config, Alias live) {
    var builder = HttpLambdaIntegration.Builder.create("WebhookIntegration", live);
    if (config.bot().relay() || config.bot().passThrough()) {
      builder.timeout(Duration.seconds(BotSettings.API_INTEGRATION_TIMEOUT_S));
    }
    return builder.build();
  }

  private HttpStage webhookApi(StackConfig config, Alias live) {
    HttpApi api =
        HttpApi.Builder.create(this, "WebhookApi")
            .description("tglake Telegram webhook")
            .createDefaultStage(false)
            .build();
    HttpStage httpStage =
        api.addStage(
            "DefaultStage",
            HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                // Telegram sends at most max_connections (default 40) requests in parallel.
                .throttle(ThrottleSettings.builder().rateLimit(100).burstLimit(200).build())
                .build());
    List<HttpRoute> routes =
        new ArrayList<>(
            api.addRoutes(
                AddRoutesOptions.builder()
                    .path(RawIngest.WEBHOOK_PATH)
                    .methods(List.of(HttpMethod.POST))
                    .integration(webhookIntegration(config, live))
                    .build()));
    if (config.bot().passThrough()) {
      // The bot library appends /bot<token>/<method> to its API base URL (the stage URL): only a
      // greedy root route
      // matches that; the more specific webhook route above still wins for its own path.
      routes.addAll(
          api.addRoutes(
              AddRoutesOptions.builder()
                  .path(RawIngest.PASS_THROUGH_ROUTE)
                  .methods(List.of(HttpMethod.GET, HttpMethod.POST))
                  .integration(
                      HttpLambdaIntegration.Builder.create("BotApiIntegration", live)
                          .timeout(Duration.seconds(BotSettings.API_INTEGRATION_TIMEOUT_S))
                          .build())
                  .build()));
    }
    // API Gateway rejects a stage whose RouteSettings name a route that does not exist yet ("Unable
    // to find
    // Route by key"), and nothing else orders the stage after the route (the route waits for the
    // alias and
    // its SnapStart version): without this the first deploy rolls back.
    routes.forEach(route -> httpStage.getNode().addDependency(route));
    // Per-route throttling on top of the stage default: answered 429 by API Gateway before the
    // function runs
    // (Telegram retries throttled deliveries later, so nothing is lost).
    ((CfnStage) httpStage.getNode().getDefaultChild())
        .addPropertyOverride(
            "RouteSettings",
            Map.of(
                "POST " + RawIngest.WEBHOOK_PATH,
                Map.of(
                    "ThrottlingRateLimit", config.ops().routeRateLimit(),
                    "ThrottlingBurstLimit", config.ops().routeBurstLimit())));
    Nag.suppress(
        api,
        "AwsSolutions-APIG4",
        "Telegram cannot sign requests or send IAM/JWT credentials; the "
            + "function checks X-Telegram-Bot-Api-Secret-Token in constant time");
    Nag.suppress(
        api,
        "AwsSolutions-APIG1",
        "access logs would record every caller for 30 days; the function "
            + "logs outcomes (EMF metrics) and API Gateway publishes 4xx/5xx counts");
    return httpStage;
  }
}
