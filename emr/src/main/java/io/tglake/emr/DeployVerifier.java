package io.tglake.emr;

import io.tglake.cli.ExitCode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bin/tglake emr verify}: the post-deploy check. One class per checked resource ({@link
 * StackCheck}, {@link WebhookCheck}, {@link RawCheck}, {@link TelegramCheck}, {@link EtlCheck},
 * {@link AthenaCheck}); each step returns what it checked or throws {@link StepFailed} with the
 * cause and the runbook section of infra/README.md. This class runs them in order and prints. The
 * AWS side comes in as {@link Clouds}, so tests plug local stand-ins (s3proxy, a local webhook
 * server, stubs).
 */
public final class DeployVerifier {

  static final String RUNBOOK = "infra/README.md#";

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

  // One per checked resource, in the order run() calls them; package-private for the step tests.
  final StackCheck stack;
  final WebhookCheck webhook;
  final RawCheck raw;
  final TelegramCheck telegram;
  final EtlCheck etl;
  final AthenaCheck athena;
  private final PrintStream out;

  public DeployVerifier(Clouds clouds, Clock clock, JobRunner.Sleeper sleeper, PrintStream out) {
    this.stack = new StackCheck(clouds.stack(), clouds.secrets());
    this.webhook = new WebhookCheck(clouds.http(), clock);
    this.raw = new RawCheck(clouds.s3());
    this.telegram = new TelegramCheck(clouds.http(), clouds.telegramApi());
    this.etl = new EtlCheck(clouds.emr(), clock, sleeper, out);
    this.athena = new AthenaCheck(clouds.athena());
    this.out = out;
  }

  /** Runs the steps in order, stopping at the first failure: exit 0 all ok, 1 a step failed. */
  public int run(Options options) {
    try {
      Map<String, String> outputs = stack.outputs(options.stackName(), options.skipEtl());
      ok(
          "outputs",
          "stack "
              + options.stackName()
              + " has "
              + String.join(", ", StackCheck.required(options.skipEtl())));
      String secret = stack.secret(outputs, options.secretToken());
      Posted posted =
          webhook.postUpdate(URI.create(outputs.get("WebhookUrl")), secret, options.chatId());
      ok(
          "webhook",
          "POST "
              + outputs.get("WebhookUrl")
              + " with the secret header answered 200 (update_id "
              + posted.updateId()
              + ")");
      ok("raw", raw.checkRaw(outputs.get("RawUri"), posted));
      if (options.botToken() != null) {
        ok("telegram", telegram.checkWebhookInfo(options.botToken(), outputs.get("WebhookUrl")));
      } else {
        out.println(
            "skip telegram: no --bot-token (or TELEGRAM_BOT_TOKEN), getWebhookInfo not checked");
      }
      if (options.skipEtl()) {
        out.println("skip etl, athena: --skip-etl");
        return ExitCode.OK;
      }
      ok("etl", etl.runEtl(outputs, posted.day(), options));
      ok("athena", athena.checkAthena(outputs, posted));
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
}
