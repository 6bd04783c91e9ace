package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.contract.LakeLayout;
import io.tglake.ingest.WebhookOutcome.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookServiceTest {
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");
  private static final JsonFactory JSON = new JsonFactory();

  private final InMemoryRawUpdateStore store = new InMemoryRawUpdateStore();
  private final List<String> logLines = new CopyOnWriteArrayList<>();

  private WebhookService service(Set<Long> allowed) {
    return service(allowed, store);
  }

  private WebhookService service(Set<Long> allowed, RawUpdateStore s) {
    return new WebhookService(
        new WebhookSettings(TOKEN, allowed, 1024 * 1024),
        s,
        new JsonLog(JSON, logLines::add),
        JSON);
  }

  private static WebhookRequest post(byte[] body, String token, Instant at) {
    return new WebhookRequest(
        "POST",
        token == null ? Map.of() : Map.of("x-telegram-bot-api-secret-token", List.of(token)),
        body,
        at);
  }

  private static WebhookRequest post(byte[] body) {
    return post(body, TOKEN, NOON);
  }

  @Test
  void storesTheBodyByteForByteUnderTheUtcArrivalDateAndUpdateId() {
    byte[] body = Fixtures.update("private-text-message.json");
    WebhookOutcome o = service(Set.of()).handle(post(body));
    assertThat(o.kind()).isEqualTo(Kind.STORED);
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.key()).isEqualTo("context_date=2026-11-22/500012345.json");
    assertThat(store.objects.get(o.key())).as("exact bytes, not re-serialized").isEqualTo(body);
  }

  @Test
  void partitionIsTheUtcDateEvenJustBeforeAndAfterMidnight() {
    assertThat(LakeLayout.rawKey(Instant.parse("2026-11-22T23:59:59.999Z"), 7))
        .isEqualTo("context_date=2026-11-22/7.json");
    assertThat(LakeLayout.rawKey(Instant.parse("2026-11-23T00:00:00Z"), 7))
        .isEqualTo("context_date=2026-11-23/7.json");
  }

  @Test
  void aRedeliveryOfTheSameUpdateIsAnsweredOkAndNotStoredTwice() {
    WebhookService s = service(Set.of());
    byte[] body = Fixtures.update("callback-query.json");
    assertThat(s.handle(post(body)).kind()).isEqualTo(Kind.STORED);
    WebhookOutcome again = s.handle(post(body, TOKEN, NOON.plusSeconds(60)));
    assertThat(again.kind()).as("create-only write refused").isEqualTo(Kind.DUPLICATE);
    assertThat(again.status()).isEqualTo(200);
    assertThat(store.objects).hasSize(1);
  }

  @Test
  void rejectsAMissingSecretTokenWith401WithoutStoring() {
    WebhookOutcome o =
        service(Set.of()).handle(post(Fixtures.update("private-text-message.json"), null, NOON));
    assertThat(o.status()).isEqualTo(401);
    assertThat(store.objects).isEmpty();
  }

  @Test
  void rejectsWrongSecretTokenWithoutStoring() {
    for (String wrong :
        List.of("s3cr3t-T0ken_for-test", "s3cr3t-T0ken_for-testsX", "", "S3CR3T-T0KEN_FOR-TESTS")) {
      WebhookOutcome o =
          service(Set.of()).handle(post(Fixtures.update("private-text-message.json"), wrong, NOON));
      assertThat(o.status()).as("token '%s'", wrong).isEqualTo(403);
    }
    assertThat(store.objects).isEmpty();
  }

  @Test
  void authenticationIsCheckedBeforeTheBodyIsLookedAt() {
    assertThat(
            service(Set.of())
                .handle(post("not json".getBytes(StandardCharsets.UTF_8), "wrong", NOON))
                .status())
        .as("an unauthenticated caller learns nothing about body validation")
        .isEqualTo(403);
  }

  @Test
  void refusesBeforeTheBodyOnlyWhatNeedsNoBodyAndLogsOnce() {
    WebhookService s = service(Set.of());
    Map<String, List<String>> ok = Map.of("x-telegram-bot-api-secret-token", List.of(TOKEN));
    assertThat(s.refuseBeforeBody(new WebhookRequest("POST", ok, null, NOON, "127.0.0.1")))
        .as("go on, read it")
        .isEmpty();
    assertThat(logLines).as("nothing logged until handle()").isEmpty();
    assertThat(
            s.refuseBeforeBody(new WebhookRequest("POST", Map.of(), null, NOON, "127.0.0.1"))
                .orElseThrow()
                .kind())
        .isEqualTo(Kind.MISSING_SECRET);
    Map<String, List<String>> big =
        Map.of(
            "x-telegram-bot-api-secret-token",
            List.of(TOKEN),
            "content-length",
            List.of(String.valueOf(1024 * 1024 + 1)));
    assertThat(
            s.refuseBeforeBody(new WebhookRequest("POST", big, null, NOON, "127.0.0.1"))
                .orElseThrow()
                .kind())
        .as("declared length over the limit")
        .isEqualTo(Kind.TOO_LARGE);
    assertThat(logLines).hasSize(2);
    assertThat(store.objects).isEmpty();
  }

  @Test
  void answersNonPostWith405() {
    for (String method : List.of("GET", "PUT", "HEAD", "DELETE", "OPTIONS")) {
      WebhookRequest r =
          new WebhookRequest(
              method,
              Map.of("x-telegram-bot-api-secret-token", List.of(TOKEN)),
              Fixtures.update("private-text-message.json"),
              NOON);
      assertThat(service(Set.of()).handle(r).status()).as(method).isEqualTo(405);
    }
    assertThat(store.objects).isEmpty();
  }

  @Test
  void answersAuthenticatedNonUpdatesWith400() {
    for (String body :
        List.of("", "[]", "{\"update_id\":\"5\"}", "{\"message\":{}}", "{\"update_id\":1.0}")) {
      assertThat(service(Set.of()).handle(post(body.getBytes(StandardCharsets.UTF_8))).status())
          .as("body %s", body)
          .isEqualTo(400);
    }
    assertThat(store.objects).isEmpty();
  }

  @Test
  void answersBodiesOverOneMebibyteWith413() {
    byte[] big = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] head = "{\"update_id\":1}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, big, 0, head.length);
    assertThat(service(Set.of()).handle(post(big)).status()).isEqualTo(413);
    byte[] atLimit = java.util.Arrays.copyOf(big, 1024 * 1024);
    assertThat(service(Set.of()).handle(post(atLimit)).status())
        .as("exactly 1 MiB is accepted")
        .isEqualTo(200);
  }

  @Test
  void storageFailureIsA503SoThatTelegramRetries() {
    store.failing.set(true);
    WebhookOutcome o = service(Set.of()).handle(post(Fixtures.update("private-text-message.json")));
    assertThat(o.kind()).isEqualTo(Kind.STORAGE_FAILED);
    assertThat(o.status()).isEqualTo(503);
    store.failing.set(false);
    assertThat(service(Set.of()).handle(post(Fixtures.update("private-text-message.json"))).kind())
        .as("the retried delivery succeeds")
        .isEqualTo(Kind.STORED);
    assertThat(store.objects).hasSize(1);
  }

  @Test
  void updatesFromChatsOutsideTheAllowListAreAnsweredOkNotStoredAndCounted() {
    WebhookService s = service(Set.of(7391200458L));
    WebhookOutcome o = s.handle(post(Fixtures.update("my-chat-member-other-chat.json")));
    assertThat(o.kind()).isEqualTo(Kind.OTHER_CHAT);
    assertThat(o.status()).as("a retry would not help").isEqualTo(200);
    s.handle(post(Fixtures.update("supergroup-text-message.json")));
    assertThat(store.objects).isEmpty();
    assertThat(logLines.get(1))
        .contains("\"outcome\":\"other_chat\"")
        .contains("\"chat_id\":-1001987654321")
        .contains("\"other_chat_total\":2");
    assertThat(s.handle(post(Fixtures.update("private-text-message.json"))).kind())
        .isEqualTo(Kind.STORED);
  }

  @Test
  void allowListAppliesToEveryUpdateKindWithAChat() {
    WebhookService s = service(Set.of(1L));
    for (String kind : TelegramUpdate.KINDS_WITH_CHAT) {
      String body = "{\"update_id\":5,\"" + kind + "\":{\"chat\":{\"id\":2,\"type\":\"group\"}}}";
      assertThat(s.handle(post(body.getBytes(StandardCharsets.UTF_8))).kind())
          .as(kind)
          .isEqualTo(Kind.OTHER_CHAT);
    }
    String callback =
        "{\"update_id\":6,\"callback_query\":{\"id\":\"1\",\"message\":{\"chat\":{\"id\":2}}}}";
    assertThat(s.handle(post(callback.getBytes(StandardCharsets.UTF_8))).kind())
        .isEqualTo(Kind.OTHER_CHAT);
    assertThat(store.objects).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("io.tglake.ingest.TelegramUpdateTest#badChatIds")
  void withAnAllowListAChatIdThatIsNotA64BitIntegerIsA400NeverStoredAsNoChat(String badId) {
    // 999 is allowed: "999" or 999.0 must not sneak in as 999 either.
    WebhookService s = service(Set.of(999L));
    List<String> bodies = new java.util.ArrayList<>();
    for (String kind : TelegramUpdate.KINDS_WITH_CHAT) {
      bodies.add(
          "{\"update_id\":5,\""
              + kind
              + "\":{\"chat\":{\"id\":"
              + badId
              + ",\"type\":\"group\"}}}");
    }
    bodies.add(
        "{\"update_id\":6,\"callback_query\":{\"id\":\"1\",\"message\":{\"chat\":{\"id\":"
            + badId
            + "}}}}");
    for (String body : bodies) {
      WebhookOutcome o = s.handle(post(body.getBytes(StandardCharsets.UTF_8)));
      assertThat(o.status()).as(body).isEqualTo(400);
      assertThat(o.kind()).isEqualTo(Kind.BAD_REQUEST);
    }
    assertThat(store.objects).as("nothing stored").isEmpty();
    assertThat(logLines)
        .hasSize(bodies.size())
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("\"outcome\":\"bad_request\"")
                    .containsPattern(
                        "\"reason\":\"[a-z_.]+\\.chat\\.id is (not a 64-bit integer|missing)\""));
  }

  @Test
  void withAnAllowListAKindWithoutItsChatIsA400() {
    WebhookService s = service(Set.of(1L));
    for (String body :
        List.of(
            "{\"update_id\":7,\"message\":{\"message_id\":1,\"date\":1,\"text\":\"x\"}}",
            "{\"update_id\":7,\"my_chat_member\":{\"chat\":\"1\"}}",
            "{\"update_id\":7,\"message\":null}",
            "{\"update_id\":7,\"message\":{\"chat\":{\"id\":1}},\"edited_message\":{\"chat\":{\"id\":2}}}")) {
      assertThat(s.handle(post(body.getBytes(StandardCharsets.UTF_8))).status())
          .as(body)
          .isEqualTo(400);
    }
    assertThat(store.objects).isEmpty();
  }

  @Test
  void withoutAnAllowListTheChatIdIsNotJudgedAndTheBodyIsKeptForTheEtl() {
    // No list = nothing to bypass: the raw layer keeps what an authenticated caller sent; the ETL
    // quarantines it.
    String body = "{\"update_id\":8,\"message\":{\"chat\":{\"id\":\"999\"},\"date\":1}}";
    assertThat(service(Set.of()).handle(post(body.getBytes(StandardCharsets.UTF_8))).kind())
        .isEqualTo(Kind.STORED);
  }

  @Test
  void updatesWithoutAChatAreStoredEvenWithAnAllowList() {
    assertThat(service(Set.of(1L)).handle(post(Fixtures.update("inline-query.json"))).kind())
        .isEqualTo(Kind.STORED);
  }

  @Test
  void aGroupUpgradedToASupergroupKeepsFlowingOnEveryInstance() {
    WebhookService first = service(Set.of(-4012345678L));
    // The old group's service message carries migrate_to_chat_id.
    assertThat(first.handle(post(Fixtures.update("group-migrate-to.json"))).kind())
        .isEqualTo(Kind.STORED);
    assertThat(store.migrations).containsExactly(-1002233445566L);
    assertThat(logLines)
        .anyMatch(
            l ->
                l.contains("\"level\":\"WARN\"")
                    && l.contains("chat_migrated")
                    && l.contains("ALLOWED_CHAT_IDS")
                    && l.contains("-1002233445566"));
    String inNewChat =
        "{\"update_id\":500012400,\"message\":{\"message_id\":2,\"date\":1795401100,"
            + "\"chat\":{\"id\":-1002233445566,\"type\":\"supergroup\"},\"text\":\"oi\"}}";
    assertThat(first.handle(post(inNewChat.getBytes(StandardCharsets.UTF_8))).kind())
        .isEqualTo(Kind.STORED);
    int lookups = store.migrationLookups.get();
    assertThat(lookups).as("this instance learned it in-process").isZero();

    // Another Lambda instance that never saw the service message reads the persisted marker once.
    WebhookService second = service(Set.of(-4012345678L));
    String later = inNewChat.replace("500012400", "500012401");
    assertThat(second.handle(post(later.getBytes(StandardCharsets.UTF_8))).kind())
        .isEqualTo(Kind.STORED);
    second.handle(post(later.replace("500012401", "500012402").getBytes(StandardCharsets.UTF_8)));
    assertThat(store.migrationLookups.get()).as("marker read once, then cached").isEqualTo(1);
  }

  @Test
  void aNewSupergroupAnnouncingItsAllowedPredecessorIsAccepted() {
    WebhookService s = service(Set.of(-4012345678L));
    assertThat(s.handle(post(Fixtures.update("supergroup-migrate-from.json"))).kind())
        .isEqualTo(Kind.STORED);
    assertThat(store.migrations).containsExactly(-1002233445566L);
  }

  @Test
  void aFailedMigrationLookupIsA503NotASilentDrop() {
    WebhookService s = service(Set.of(1L));
    store.failing.set(true);
    assertThat(s.handle(post(Fixtures.update("supergroup-text-message.json"))).status())
        .isEqualTo(503);
  }

  @Test
  void logsOneJsonLinePerRequestWithoutTextOrToken() {
    WebhookService s = service(Set.of());
    s.handle(post(Fixtures.update("private-text-message.json")));
    s.handle(post(Fixtures.update("private-text-message.json"), "wrong-token", NOON));
    store.failing.set(true);
    s.handle(post(Fixtures.update("supergroup-text-message.json")));
    assertThat(logLines).hasSize(3);
    assertThat(logLines.get(0))
        .startsWith(
            "{\"level\":\"INFO\",\"event\":\"webhook\",\"update_id\":500012345,"
                + "\"outcome\":\"stored\",\"status\":200,\"key\":\"mem://raw/context_date=2026-11-22/500012345.json\","
                + "\"latency_ms\":");
    assertThat(logLines.get(1)).contains("\"outcome\":\"wrong_secret\"").contains("\"status\":403");
    assertThat(logLines.get(2))
        .contains("\"level\":\"ERROR\"")
        .contains("\"status\":503")
        .contains("simulated outage");
    assertThat(logLines)
        .noneMatch(
            l ->
                l.contains(TOKEN)
                    || l.contains("wrong-token")
                    || l.contains("pedido")
                    || l.contains("Alguém"));
  }
}
