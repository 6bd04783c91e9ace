package io.tglake.ingest.local;

import io.tglake.ingest.JsonLog;
import io.tglake.ingest.WebhookOutcome;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookResponse;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.RelayingWebhook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One webhook delivery over Jetty's core API, in this order:
 *
 * <ol>
 *   <li>headers only (Jetty parsed them without holding a thread): {@link
 *       WebhookService#refuseBeforeBody} — source IP, method, secret, declared length — answers
 *       401/403/405/413 <em>without reading the body</em> and closes the connection, so an
 *       unauthenticated caller can neither make us buffer its body nor keep the socket;
 *   <li>the body is read asynchronously (no thread waits for a slow client) into at most limit+1
 *       bytes, under a deadline ({@link ServeLimits#requestTimeout()}: 408 and close);
 *   <li>{@link WebhookService#handle} decides and stores, on a worker thread, exactly as the Lambda
 *       does (in relay mode {@link RelayingWebhook} then forwards to the bot and answers with the
 *       bot's answer).
 * </ol>
 *
 * Paths {@code /bot<token>/<method>} go to the Bot API pass-through instead when it is on: the body
 * is streamed to Telegram as it arrives (uploads are never buffered whole here) under the
 * pass-through's own deadline. The source IP is the TCP peer (never X-Forwarded-For).
 */
final class WebhookJettyHandler extends Handler.Abstract {
  private final WebhookService service;
  private final RelayingWebhook webhook;
  private final BotApiPassThrough passThrough;
  private final int maxBodyBytes;
  private final Duration requestTimeout;
  private final Clock clock;
  private final JsonLog log;

  WebhookJettyHandler(
      RelayingWebhook webhook,
      BotApiPassThrough passThrough,
      int maxBodyBytes,
      Duration requestTimeout,
      Clock clock,
      JsonLog log) {
    this.webhook = webhook;
    this.passThrough = passThrough;
    this.service = webhook.service();
    this.maxBodyBytes = maxBodyBytes;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Instant receivedAt = clock.instant();
    String sourceIp = Request.getRemoteAddr(request);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers
          .computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>(1))
          .add(field.getValue());
    }
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    if (passThrough != null && BotApiPassThrough.isBotApiPath(path)) {
      passThrough(request, response, callback, method, path, headers);
      return true;
    }
    Optional<WebhookOutcome> refused =
        service.refuseBeforeBody(new WebhookRequest(method, headers, null, receivedAt, sourceIp));
    if (refused.isPresent()) {
      // The body (if any) stays unread: close rather than drain it, so a slow sender cannot hold
      // the connection.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      answer(response, refused.get(), callback);
      return true;
    }
    new BodyReader(request, response, callback, method, headers, receivedAt, sourceIp).start();
    return true;
  }

  private static void answer(Response response, WebhookOutcome outcome, Callback callback) {
    answer(response, WebhookResponse.of(outcome), callback);
  }

  private static void answer(Response response, WebhookResponse answer, Callback callback) {
    response.setStatus(answer.status());
    if (answer.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    }
    if (answer.allow() != null) {
      response.getHeaders().put(HttpHeader.ALLOW, answer.allow());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }

  /**
   * Streams the request body to Telegram (blocking reads on this Jetty worker thread) and answers
   * Telegram's answer.
   */
  private void passThrough(
      Request request,
      Response response,
      Callback callback,
      String method,
      String path,
      Map<String, List<String>> headers) {
    String type = headers.containsKey("content-type") ? headers.get("content-type").get(0) : null;
    long length = request.getLength();
    try (InputStream body = Content.Source.asInputStream(request)) {
      answer(
          response,
          passThrough.call(method, path, request.getHttpURI().getQuery(), type, length, body),
          callback);
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  /** Reads an authenticated body without blocking, then hands the request to the service. */
  private final class BodyReader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String method;
    private final Map<String, List<String>> headers;
    private final Instant receivedAt;
    private final String sourceIp;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    private final AtomicBoolean finished = new AtomicBoolean();
    private Scheduler.Task deadline;

    BodyReader(
        Request request,
        Response response,
        Callback callback,
        String method,
        Map<String, List<String>> headers,
        Instant receivedAt,
        String sourceIp) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.method = method;
      this.headers = headers;
      this.receivedAt = receivedAt;
      this.sourceIp = sourceIp;
    }

    void start() {
      deadline =
          request
              .getComponents()
              .getScheduler()
              .schedule(
                  () -> {
                    if (!finished.get()) {
                      request.fail(
                          new TimeoutException(
                              "body not complete within " + requestTimeout.toMillis() + " ms"));
                    }
                  },
                  requestTimeout.toMillis(),
                  TimeUnit.MILLISECONDS);
      run();
    }

    /** Also the demand callback: drains what has arrived, then asks to be called again. */
    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // Idle timeout, the request deadline, or the client going away mid-body.
          timedOut(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        boolean last = chunk.isLast();
        // limit+1 is enough to tell "too large" (the service answers 413) without buffering more.
        int take = Math.min(bytes.remaining(), maxBodyBytes + 1 - body.size());
        byte[] copy = new byte[take];
        bytes.get(copy);
        body.write(copy, 0, take);
        chunk.release();
        if (last || body.size() > maxBodyBytes) {
          complete();
          return;
        }
      }
    }

    private void complete() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      deadline.cancel();
      if (body.size() > maxBodyBytes) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      }
      try {
        WebhookResponse answer =
            webhook.handle(
                new WebhookRequest(method, headers, body.toByteArray(), receivedAt, sourceIp));
        answer(response, answer, callback);
      } catch (RuntimeException e) {
        // The service already turns storage errors into 503; anything else is a bug, still answered
        // 5xx (retry).
        callback.failed(e);
      }
    }

    private void timedOut(Throwable failure) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      deadline.cancel();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("status", 408);
      fields.put("source_ip", sourceIp);
      fields.put("bytes_received", body.size());
      fields.put("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
      log.write("WARN", "serve_body_timeout", fields);
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      Response.writeError(request, response, callback, 408, "request body timeout");
    }
  }
}
