package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tglake.testkit.S3ProxyServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded jar under AWS's own Lambda Runtime Interface Client (the code that runs handlers in
 * the java21 managed runtime), talking to a fake Runtime API on 127.0.0.1: proves the handler
 * string, the stream-handler contract and the init-failure message exactly as Lambda would see
 * them.
 */
class LambdaRuntimeIT {
  private static final String BUCKET = "tglake-raw";
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final String HANDLER = "io.tglake.ingest.WebhookHandler::handleRequest";

  @RegisterExtension static final TestS3 S3 = new TestS3(BUCKET);

  @Test
  void theManagedRuntimeClientInvokesTheHandlerForEveryEventShape() throws Exception {
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      Process lambda = start(api, true);
      try {
        assertThat(api.invoke(Fixtures.event("apigw-v1-text-message.json")))
            .contains("\"statusCode\":200");
        assertThat(api.invoke(Fixtures.event("apigw-v2-base64-callback-query.json")))
            .contains("\"statusCode\":200");
        assertThat(api.invoke(Fixtures.event("function-url-base64-supergroup-message.json")))
            .contains("\"statusCode\":200")
            .contains("\"body\":\"\"")
            .contains("\"isBase64Encoded\":false");
        assertThat(api.invoke(Fixtures.event("apigw-v2-wrong-secret.json")))
            .contains("\"statusCode\":403");
      } finally {
        lambda.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String day = "telegram/context_date=" + LocalDate.now(ZoneOffset.UTC) + "/";
    assertThat(
            S3.client()
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(day + "500012345.json"))
                .asByteArray())
        .isEqualTo(Fixtures.update("private-text-message.json"));
    assertThat(
            S3.client()
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(day + "500012348.json"))
                .asByteArray())
        .isEqualTo(Fixtures.update("callback-query.json"));
    assertThat(
            S3.client()
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(day + "500012346.json"))
                .asByteArray())
        .isEqualTo(Fixtures.update("supergroup-text-message.json"));
  }

  @Test
  void aMissingRawBucketFailsInitWithAMessageNamingIt() throws Exception {
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      Process lambda = start(api, false);
      try {
        String initError = api.initError.get(60, TimeUnit.SECONDS);
        assertThat(initError).as("what Lambda shows for the failed init").contains("RAW_BUCKET");
      } finally {
        lambda.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Process start(FakeRuntimeApi api, boolean withBucket) throws IOException {
    String ricJars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                e -> {
                  String name = new File(e).getName();
                  return name.startsWith("aws-lambda-java-runtime-interface-client")
                      || name.startsWith("aws-lambda-java-serialization");
                })
            .collect(Collectors.joining(File.pathSeparator));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=target/hs_err_lambda_runtime_%p.log",
                "-cp",
                Fixtures.shadedJar() + File.pathSeparator + ricJars,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                HANDLER));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(new File("target/lambda-runtime-it.log")));
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("TELEGRAM_")
                    || k.startsWith("RAW_")
                    || k.equals("ALLOWED_CHAT_IDS"));
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "tglake-ingest");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL_S3", S3.server().endpoint());
    env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.KEY);
    env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET);
    env.put("TELEGRAM_SECRET_TOKEN", TOKEN);
    if (withBucket) {
      env.put("RAW_BUCKET", BUCKET);
    }
    return pb.start();
  }

  /** The Lambda Runtime API (2018-06-01) as far as a runtime client uses it. */
  static final class FakeRuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";
    private final HttpServer server;
    private final BlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> responses = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    final CompletableFuture<String> initError = new CompletableFuture<>();

    FakeRuntimeApi() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setExecutor(
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "fake-runtime-api");
                t.setDaemon(true);
                return t;
              }));
      server.createContext(BASE, this::handle);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    /** Queues one event and waits for the function's response payload. */
    String invoke(byte[] event) throws Exception {
      String id = "req-" + ids.incrementAndGet();
      CompletableFuture<String> response =
          responses.computeIfAbsent(id, k -> new CompletableFuture<>());
      events.put(event);
      return response.get(60, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath().substring(BASE.length());
      byte[] body = ex.getRequestBody().readAllBytes();
      try {
        if (path.equals("invocation/next")) {
          byte[] event = events.poll(120, TimeUnit.SECONDS);
          if (event == null) {
            ex.sendResponseHeaders(500, -1);
            return;
          }
          String id = "req-" + (ids.get() - events.size());
          ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", id);
          ex.getResponseHeaders()
              .set(
                  "Lambda-Runtime-Deadline-Ms",
                  String.valueOf(System.currentTimeMillis() + 30_000));
          ex.getResponseHeaders()
              .set(
                  "Lambda-Runtime-Invoked-Function-Arn",
                  "arn:aws:lambda:us-east-1:123456789012:function:tglake-ingest");
          ex.getResponseHeaders()
              .set("Lambda-Runtime-Trace-Id", "Root=1-6741c0d1-2f0e8c1b3a4d5e6f70819a2b");
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, event.length);
          ex.getResponseBody().write(event);
        } else if (path.equals("init/error")) {
          initError.complete(new String(body, StandardCharsets.UTF_8));
          ex.sendResponseHeaders(202, -1);
        } else if (path.startsWith("invocation/")
            && (path.endsWith("/response") || path.endsWith("/error"))) {
          String id = path.split("/")[1];
          String text = new String(body, StandardCharsets.UTF_8);
          responses
              .computeIfAbsent(id, k -> new CompletableFuture<>())
              .complete(path.endsWith("/error") ? "ERROR " + text : text);
          ex.sendResponseHeaders(202, -1);
        } else {
          ex.sendResponseHeaders(404, -1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(500, -1);
      } finally {
        ex.close();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
