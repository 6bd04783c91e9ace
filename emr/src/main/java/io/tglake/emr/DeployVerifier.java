package io.tglake.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.cli.ExitCode;
import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code bin/tglake emr verify}: the post-deploy check. One method per step; each returns what it
 * checked or throws {@link StepFailed} with the cause and the runbook section of infra/README.md.
 * The AWS side comes in as {@link Clouds}, so tests plug local stand-ins (s3proxy, a local webhook
 * server, stubs).
 */
public final class DeployVerifier {

  static final String RUNBOOK = "infra/README.md#";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Above any real update_id (Telegram's are sequential per bot, far below this), so it never
   * collides.
   */
  static final long SYNTHETIC_ID_BASE = 9_000_000_000_000L;

  /** The stack's outputs by name. */
  @FunctionalInterface
  public interface StackPort {
    Map<String, String> outputs(String stackName);
  }

  /** A secret's string value. */
  @FunctionalInterface
  public interface SecretPort {
    String value(String secretId);
  }

  /** Runs one Athena query and returns its data rows (no header row). */
  @FunctionalInterface
  public interface AthenaPort {
    List<List<String>> query(String sql, String workGroup, String database)
        throws InterruptedException;
  }

  /**
   * The clouds the check talks to.
   *
   * @param telegramApi base of the Bot API ({@code https://api.telegram.org}; a local server in
   *     tests)
   */
  public record Clouds(
      StackPort stack,
      SecretPort secrets,
      S3Client s3,
      Supplier<EmrServerlessClient> emr,
      AthenaPort athena,
      HttpClient http,
      URI telegramApi) {}

  /**
   * @param secretToken the webhook secret when the stack names no secret (else null)
   * @param botToken enables the getWebhookInfo step; never printed
   * @param chatId chat id of the synthetic message (must be allowed if the stack has a chat
   *     allow-list)
   */
  public record Options(
      String stackName,
      String secretToken,
      String botToken,
      long chatId,
      boolean skipEtl,
      Duration firstPoll,
      Duration maxPoll) {}

  /** A step's failure: printed as {@code FAILED <step>: <cause> — runbook: ...}. */
  static final class StepFailed extends RuntimeException {
    final String step;
    final String anchor;

    StepFailed(String step, String cause, String anchor) {
      super(cause);
      this.step = step;
      this.anchor = anchor;
    }
  }

  /** What step 2 posted, for the later steps. */
  record Posted(long updateId, byte[] body, Set<LocalDate> days) {
    LocalDate day() {
      return days.iterator().next();
    }
  }

  private final Clouds clouds;
  private final Clock clock;
  private final JobRunner.Sleeper sleeper;
  private final PrintStream out;
  private final SecureRandom random = new SecureRandom();

  public DeployVerifier(Clouds clouds, Clock clock, JobRunner.Sleeper sleeper, PrintStream out) {
    this.clouds = clouds;
    this.clock = clock;
    this.sleeper = sleeper;
    this.out = out;
  }

  /** Runs the steps in order, stopping at the first failure: exit 0 all ok, 1 a step failed. */
  public int run(Options options) {
    try {
      Map<String, String> outputs = outputs(options.stackName(), options.skipEtl());
      ok(
          "outputs",
          "stack "
              + options.stackName()
              + " has "
              + String.join(", ", required(options.skipEtl())));
      String secret = secret(outputs, options.secretToken());
      Posted posted = postUpdate(URI.create(outputs.get("WebhookUrl")), secret, options.chatId());
      ok(
          "webhook",
          "POST "
              + outputs.get("WebhookUrl")
              + " with the secret header answered 200 (update_id "
              + posted.updateId()
              + ")");
      ok("raw", checkRaw(outputs.get("RawUri"), posted));
      if (options.botToken() != null) {
        ok("telegram", checkWebhookInfo(options.botToken(), outputs.get("WebhookUrl")));
      } else {
        out.println(
            "skip telegram: no --bot-token (or TELEGRAM_BOT_TOKEN), getWebhookInfo not checked");
      }
      if (options.skipEtl()) {
        out.println("skip etl, athena: --skip-etl");
        return ExitCode.OK;
      }
      ok("etl", runEtl(outputs, posted.day(), options));
      ok("athena", checkAthena(outputs, posted));
      return ExitCode.OK;
    } catch (StepFailed f) {
      out.println("FAILED " + f.step + ": " + f.getMessage() + " — runbook: " + RUNBOOK + f.anchor);
      return ExitCode.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED interrupted");
      return ExitCode.FAILED;
    }
  }

  private void ok(String step, String what) {
    out.println("ok " + step + ": " + what);
    out.flush();
  }

  static List<String> required(boolean skipEtl) {
    return skipEtl
        ? List.of("WebhookUrl", "RawUri")
        : List.of(
            "WebhookUrl",
            "RawUri",
            "EmrApplicationId",
            "EmrJobRoleArn",
            "EmrJobJarUri",
            "EnrichedUri",
            "AthenaWorkGroupName",
            "GlueDatabaseName");
  }

  /** Step 1: the stack exists and has every output the later steps read. */
  Map<String, String> outputs(String stackName, boolean skipEtl) {
    Map<String, String> outputs;
    try {
      outputs = clouds.stack().outputs(stackName);
    } catch (SdkException e) {
      throw new StepFailed(
          "outputs", "cannot read stack '" + stackName + "': " + e.getMessage(), "verify-outputs");
    }
    List<String> missing = required(skipEtl).stream().filter(k -> blank(outputs.get(k))).toList();
    if (!missing.isEmpty()) {
      throw new StepFailed(
          "outputs", "stack '" + stackName + "' lacks outputs " + missing, "verify-outputs");
    }
    return outputs;
  }

  /** The webhook secret: the stack's secret if it names one, else the token given. */
  String secret(Map<String, String> outputs, String given) {
    String arn = outputs.get("WebhookSecretArn");
    if (!blank(arn)) {
      try {
        String value = clouds.secrets().value(arn);
        if (!blank(value)) {
          return value.strip();
        }
        throw new StepFailed("webhook", "secret " + arn + " is empty", "verify-webhook");
      } catch (SdkException e) {
        throw new StepFailed(
            "webhook", "cannot read secret " + arn + ": " + e.getMessage(), "verify-webhook");
      }
    }
    if (blank(given)) {
      throw new StepFailed(
          "webhook",
          "the stack names no WebhookSecretArn; pass --secret-token or set "
              + "TELEGRAM_SECRET_TOKEN",
          "verify-webhook");
    }
    return given;
  }

  /**
   * Step 2: one synthetic message update through the deployed webhook, with the secret header; 200
   * expected.
   */
  Posted postUpdate(URI webhookUrl, String secret, long chatId) throws InterruptedException {
    long updateId = SYNTHETIC_ID_BASE + (random.nextLong() & 0xFFFF_FFFFL);
    Instant now = clock.instant();
    String json =
        "{\"update_id\":"
            + updateId
            + ",\"message\":{\"message_id\":1,\"date\":"
            + now.getEpochSecond()
            + ",\"chat\":{\"id\":"
            + chatId
            + ",\"type\":\"private\",\"first_name\":\"tglake-verify\"},"
            + "\"from\":{\"id\":"
            + chatId
            + ",\"is_bot\":false,\"first_name\":\"tglake-verify\"},"
            + "\"text\":\"tglake emr verify "
            + now
            + "\"}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Set<LocalDate> days = new LinkedHashSet<>();
    days.add(LakeLayout.arrivalDay(now));
    HttpResponse<String> response;
    try {
      response =
          clouds
              .http()
              .send(
                  HttpRequest.newBuilder(webhookUrl)
                      .timeout(Duration.ofSeconds(30))
                      .header("Content-Type", "application/json")
                      .header("X-Telegram-Bot-Api-Secret-Token", secret)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StepFailed("webhook", "POST " + webhookUrl + " failed: " + e, "verify-webhook");
    }
    // The handler files the update under the day it received it: around midnight that is the next
    // day.
    days.add(LakeLayout.arrivalDay(clock.instant()));
    if (response.statusCode() != 200) {
      throw new StepFailed(
          "webhook",
          "POST "
              + webhookUrl
              + " answered "
              + response.statusCode()
              + (response.statusCode() == 401 || response.statusCode() == 403
                  ? " (secret token refused)"
                  : "")
              + ", expected 200",
          "verify-webhook");
    }
    return new Posted(updateId, body, days);
  }

  /** Step 3: the update's raw object exists under its day and holds exactly the posted bytes. */
  String checkRaw(String rawUri, Posted posted) {
    if (!rawUri.startsWith("s3://")) {
      throw new StepFailed("raw", "RawUri '" + rawUri + "' is not an s3:// URI", "verify-raw");
    }
    String rest = rawUri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    String tried = null;
    for (LocalDate day : posted.days()) {
      String key = LakeLayout.under(prefix, LakeLayout.rawKey(day, posted.updateId()));
      tried = "s3://" + bucket + "/" + key;
      byte[] stored;
      try {
        stored = clouds.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
      } catch (NoSuchKeyException e) {
        continue;
      } catch (SdkException e) {
        throw new StepFailed("raw", "cannot read " + tried + ": " + e.getMessage(), "verify-raw");
      }
      if (!Arrays.equals(stored, posted.body())) {
        throw new StepFailed(
            "raw",
            tried
                + " holds "
                + stored.length
                + " bytes that differ from the "
                + posted.body().length
                + " posted",
            "verify-raw");
      }
      return tried + " holds the " + stored.length + " posted bytes";
    }
    throw new StepFailed(
        "raw",
        "the webhook answered 200 but no object is at "
            + tried
            + " (a chat allow-list drops other chats: pass --chat-id of an allowed chat)",
        "verify-raw");
  }

  /** Step 4: Telegram delivers to this stack's webhook URL and reports no delivery error. */
  String checkWebhookInfo(String botToken, String webhookUrl) throws InterruptedException {
    JsonNode info;
    try {
      HttpResponse<String> response =
          clouds
              .http()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(clouds.telegramApi() + "/bot" + botToken + "/getWebhookInfo"))
                      .timeout(Duration.ofSeconds(30))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      info = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !info.path("ok").asBoolean(false)) {
        throw new StepFailed(
            "telegram",
            "getWebhookInfo answered "
                + response.statusCode()
                + " "
                + info.path("description").asText(""),
            "verify-telegram");
      }
    } catch (IOException | IllegalArgumentException e) {
      // The request URI holds the token: print the exception's type only.
      throw new StepFailed(
          "telegram",
          "getWebhookInfo failed (" + e.getClass().getSimpleName() + ")",
          "verify-telegram");
    }
    JsonNode result = info.path("result");
    String url = result.path("url").asText("");
    if (!url.equals(webhookUrl)) {
      throw new StepFailed(
          "telegram",
          "the bot's webhook is '"
              + url
              + "', not this stack's "
              + webhookUrl
              + " (run setWebhook)",
          "verify-telegram");
    }
    String error = result.path("last_error_message").asText("");
    if (!error.isEmpty()) {
      throw new StepFailed(
          "telegram", "Telegram reports a delivery error: " + error, "verify-telegram");
    }
    return "getWebhookInfo url is "
        + webhookUrl
        + ", no last_error_message, "
        + result.path("pending_update_count").asLong(0)
        + " pending";
  }

  /** Step 5: a one-day ETL run on EMR Serverless for the posted day ends in SUCCESS. */
  String runEtl(Map<String, String> outputs, LocalDate day, Options options)
      throws InterruptedException {
    JobTarget target = StackOutputs.fromOutputs(outputs);
    JobRunner.RunResult result;
    try (EmrServerlessClient emr = clouds.emr().get()) {
      JobRunner runner =
          new JobRunner(emr, sleeper, out, clock, options.firstPoll(), options.maxPoll());
      // Attempt from the second of the day: each verify is a new run (a new client token), never
      // the finished
      // run of an earlier verify, whose token would hand back a run without this update.
      int attempt = 1000 + (int) (clock.instant().getEpochSecond() % 86_400);
      result = runner.run(new JobRunRequests(target, Map.of(), attempt).forDay(day));
    }
    if (!result.succeeded()) {
      throw new StepFailed(
          "etl",
          "run "
              + result.jobRunId()
              + " for "
              + day
              + " ended "
              + result.state()
              + (result.details().isEmpty() ? "" : " (" + result.details() + ")")
              + (result.links().isEmpty() ? "" : "; " + String.join("; ", result.links())),
          "verify-etl");
    }
    return "ETL run " + result.jobRunId() + " for " + day + " ended SUCCESS";
  }

  /** Step 6: Athena finds exactly the posted update in messages for its day. */
  String checkAthena(Map<String, String> outputs, Posted posted) throws InterruptedException {
    String sql = athenaSql(posted.day(), posted.updateId());
    List<List<String>> rows;
    try {
      rows =
          clouds
              .athena()
              .query(sql, outputs.get("AthenaWorkGroupName"), outputs.get("GlueDatabaseName"));
    } catch (SdkException | IllegalStateException e) {
      throw new StepFailed("athena", "query failed: " + e.getMessage(), "verify-athena");
    }
    if (rows.size() != 1 || rows.get(0).size() != 1 || !"1".equals(rows.get(0).get(0))) {
      throw new StepFailed(
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

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
