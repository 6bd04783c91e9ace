package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.RawUpdateStore;
import io.tglake.ingest.S3RawUpdateStore;
import io.tglake.ingest.TestS3;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import io.tglake.testkit.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end over real HTTP: Telegram-like deliveries (40 concurrent connections, Telegram's
 * default max_connections), 10% of them redeliveries of an earlier update, into the local server;
 * afterwards exactly one object per distinct update_id with the bytes that were sent.
 */
class LocalServerIT {
  private static final String TOKEN = "local-it-token";
  private static final int CONCURRENCY = 40;
  private static final JsonFactory JSON = new JsonFactory();

  @TempDir Path raw;

  @Test
  void fiveThousandDeliveriesWithTenPercentRedeliveriesLeaveOneFilePerUpdate() throws Exception {
    Map<Long, byte[]> sent =
        deliverThroughLocalServer(new LocalDirRawUpdateStore(raw), 5_000, true);
    Path partition = raw.resolve("context_date=" + LocalDate.now(ZoneOffset.UTC));
    Map<Long, byte[]> stored = new HashMap<>();
    try (Stream<Path> files = Files.list(partition)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        assertThat(name).as("only final objects, no temp files").matches("\\d+\\.json");
        stored.put(Long.parseLong(name.substring(0, name.length() - 5)), Files.readAllBytes(f));
      }
    }
    assertThat(stored.keySet())
        .as("exactly one object per distinct update_id")
        .isEqualTo(sent.keySet());
    sent.forEach(
        (id, body) -> assertThat(stored.get(id)).as("bytes of update %d", id).isEqualTo(body));
  }

  @Test
  void theSameHoldsWithAnS3CompatibleRawTarget() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start("raw");
        S3Client s3Client = TestS3.clientFor(s3.endpointUri(), Duration.ofSeconds(10))) {
      RawUpdateStore store =
          new S3RawUpdateStore(
              TestS3.clientFor(s3.endpointUri(), Duration.ofSeconds(10)), "raw", "telegram");
      Map<Long, byte[]> sent = deliverThroughLocalServer(store, 500, false);
      String prefix = "telegram/context_date=" + LocalDate.now(ZoneOffset.UTC) + "/";
      List<String> keys =
          s3Client.listObjectsV2Paginator(r -> r.bucket("raw").prefix(prefix)).contents().stream()
              .map(o -> o.key())
              .toList();
      assertThat(keys).hasSize(sent.size());
      for (Map.Entry<Long, byte[]> e : sent.entrySet()) {
        assertThat(
                s3Client
                    .getObjectAsBytes(r -> r.bucket("raw").key(prefix + e.getKey() + ".json"))
                    .asByteArray())
            .as("bytes of update %d", e.getKey())
            .isEqualTo(e.getValue());
      }
    }
  }

  /**
   * Posts {@code deliveries} requests (10% redeliveries) and returns the distinct updates sent.
   *
   * @param exactOutcomes whether every first delivery must log "stored"; over S3 an SDK retry of a
   *     write whose answer was lost legitimately logs "duplicate" (412) for a first delivery
   */
  private Map<Long, byte[]> deliverThroughLocalServer(
      RawUpdateStore store, int deliveries, boolean exactOutcomes) throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    WebhookService service =
        new WebhookService(
            new WebhookSettings(TOKEN, Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES), store,
            new JsonLog(JSON, log::add), JSON);
    Random random = new Random(20261122);
    int distinct = deliveries * 9 / 10;
    List<byte[]> originals = new ArrayList<>();
    Map<Long, byte[]> sent = new ConcurrentHashMap<>();
    for (int i = 0; i < distinct; i++) {
      long id = 700_000_000L + i;
      byte[] body = update(id, random).getBytes(StandardCharsets.UTF_8);
      originals.add(body);
      sent.put(id, body);
    }
    // Each redelivery repeats an update that comes earlier in the sequence (possibly still in
    // flight).
    List<byte[]> sequence = new ArrayList<>(originals);
    for (int i = 0; i < deliveries - distinct; i++) {
      int at = 1 + random.nextInt(sequence.size());
      sequence.add(at, originals.get(random.nextInt(Math.min(at, originals.size()))));
    }
    assertThat(sequence).hasSize(deliveries);

    try (LocalServer server =
        new LocalServer(
            "127.0.0.1", 0, service, WebhookSettings.DEFAULT_MAX_BODY_BYTES, Clock.systemUTC())) {
      URI url = URI.create(server.url());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
      AtomicInteger next = new AtomicInteger();
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      List<Future<?>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < CONCURRENCY; w++) {
        workers.add(
            senders.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < sequence.size()) {
                    HttpRequest request =
                        HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/json")
                            .header("X-Telegram-Bot-Api-Secret-Token", TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(sequence.get(i)))
                            .build();
                    int status =
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    statuses.merge(status, 1, Integer::sum);
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      senders.shutdown();
      System.out.printf(
          "%s: %d deliveries in %d ms (%.0f/s) with %d concurrent connections%n",
          store.getClass().getSimpleName(),
          deliveries,
          ms,
          deliveries * 1000.0 / Math.max(1, ms),
          CONCURRENCY);
      assertThat(statuses).as("every delivery answered 200").containsOnlyKeys(200);
    }
    Map<String, Long> outcomes =
        log.stream()
            .map(l -> l.replaceAll(".*\"outcome\":\"([a-z_]+)\".*", "$1"))
            .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
    assertThat(log).as("one log line per delivery").hasSize(deliveries);
    if (exactOutcomes) {
      assertThat(outcomes)
          .containsOnly(
              Map.entry("stored", (long) distinct),
              Map.entry("duplicate", (long) (deliveries - distinct)));
    } else {
      assertThat(outcomes).containsOnlyKeys("stored", "duplicate");
    }
    return sent;
  }

  /**
   * A realistic update body: varied kinds and chats, non-ASCII text, sometimes pretty-printed like
   * any JSON.
   */
  private static String update(long id, Random random) {
    long chat = random.nextInt(4) == 0 ? -1001987654321L : 7391200000L + random.nextInt(500);
    String text =
        List.of(
                "Olá, meu pedido não chegou",
                "Preciso trocar o tamanho 👟",
                "Obrigado!",
                "Qual o prazo de entrega para São Paulo?",
                "\\u00bfHablas espa\\u00f1ol?")
            .get(random.nextInt(5));
    String chatJson =
        chat < 0
            ? "{\"id\":" + chat + ",\"title\":\"Suporte Loja\",\"type\":\"supergroup\"}"
            : "{\"id\":" + chat + ",\"first_name\":\"Cliente\",\"type\":\"private\"}";
    String message =
        "{\"message_id\":"
            + (id % 100000)
            + ",\"from\":{\"id\":"
            + Math.abs(chat) % 1000000
            + ",\"is_bot\":false,\"first_name\":\"Cliente\",\"language_code\":\"pt-br\"},\"chat\":"
            + chatJson
            + ",\"date\":"
            + (1795400000L + id % 86400)
            + ",\"text\":\""
            + text
            + "\"}";
    return switch (random.nextInt(6)) {
      case 0 ->
          "{\"update_id\":"
              + id
              + ",\"edited_message\":"
              + message.replace(",\"text\"", ",\"edit_date\":1795409999,\"text\"")
              + "}";
      case 1 -> "{\n  \"update_id\": " + id + ",\n  \"message\": " + message + "\n}\n";
      case 2 ->
          "{\"update_id\":"
              + id
              + ",\"callback_query\":{\"id\":\""
              + (4382910385736190711L + id)
              + "\",\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Cliente\"},\"message\":"
              + message
              + ",\"chat_instance\":\"-5128362728193847\",\"data\":\"track:"
              + id
              + "\"}}";
      default -> "{\"update_id\":" + id + ",\"message\":" + message + "}";
    };
  }
}
