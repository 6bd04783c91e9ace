package io.tglake.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * POSTs deliveries to a webhook the way Telegram does: JSON body, header {@code
 * X-Telegram-Bot-Api-Secret-Token}, up to {@code concurrency} requests in flight (Telegram's {@code
 * max_connections} defaults to 40), and a retry with back-off when the answer is 5xx or the
 * connection fails (Telegram keeps retrying such updates). Any other non-200 answer is counted as a
 * failure, not retried.
 *
 * <p>The HTTP client is passed in, built once by the caller. {@link #close()} waits for every
 * request.
 */
public final class WebhookPoster implements Consumer<Delivery>, AutoCloseable {
  /** Telegram's header carrying the secret token given to setWebhook. */
  public static final String SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private static final int MAX_ATTEMPTS = 5;

  private final HttpClient http;
  private final URI url;
  private final String secretToken;
  private final int concurrency;
  private final Semaphore slots;
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<Integer, AtomicLong> failedByStatus = new ConcurrentHashMap<>();

  /**
   * @param http shared client
   * @param url webhook URL
   * @param secretToken value of the secret-token header (never logged)
   * @param concurrency requests in flight at most
   */
  public WebhookPoster(HttpClient http, URI url, String secretToken, int concurrency) {
    this.http = http;
    this.url = url;
    this.secretToken = secretToken;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
  }

  @Override
  public void accept(Delivery d) {
    slots.acquireUninterruptibly();
    send(d, 1);
  }

  private void send(Delivery d, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(SECRET_TOKEN_HEADER, secretToken)
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              boolean retryable = error != null || response.statusCode() >= 500;
              if (!retryable && response.statusCode() == 200) {
                ok.incrementAndGet();
                slots.release();
              } else if (retryable && attempt < MAX_ATTEMPTS) {
                retries.incrementAndGet();
                // Back off without holding one of the client's threads.
                CompletableFuture.runAsync(
                    () -> send(d, attempt + 1),
                    CompletableFuture.delayedExecutor(100L << attempt, TimeUnit.MILLISECONDS));
              } else {
                int status = error != null ? -1 : response.statusCode();
                failed.incrementAndGet();
                failedByStatus.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                slots.release();
              }
            });
  }

  /** Deliveries answered 200. */
  public long ok() {
    return ok.get();
  }

  /** Retries after a 5xx or a connection error. */
  public long retries() {
    return retries.get();
  }

  /** Deliveries that never got a 200. */
  public long failed() {
    return failed.get();
  }

  /** Failures by final status (-1 = no HTTP answer), sorted. */
  public Map<Integer, Long> failedByStatus() {
    Map<Integer, Long> out = new TreeMap<>();
    failedByStatus.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Waits until every request has an outcome. */
  @Override
  public void close() throws IOException {
    slots.acquireUninterruptibly(concurrency);
    slots.release(concurrency);
  }
}
