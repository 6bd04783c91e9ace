package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelegramUpdateTest {

  private static TelegramUpdate parse(String body) throws Exception {
    return TelegramUpdate.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsUpdateIdAndChatOfAPrivateMessageAsTelegramWritesIt() throws Exception {
    TelegramUpdate u = TelegramUpdate.parse(Fixtures.update("private-text-message.json"));
    assertThat(u.updateId()).isEqualTo(500012345L);
    assertThat(u.chatId()).as("message.chat.id").isEqualTo(7391200458L);
    assertThat(u.migrateToChatId()).isNull();
  }

  @Test
  void readsPrettyPrintedBodies() throws Exception {
    TelegramUpdate u = TelegramUpdate.parse(Fixtures.update("pretty-printed-edited-message.json"));
    assertThat(u.updateId()).isEqualTo(500012347L);
    assertThat(u.chatId()).as("edited_message.chat.id").isEqualTo(7391200458L);
  }

  @Test
  void takesTheChatOfACallbackQueryFromItsMessage() throws Exception {
    TelegramUpdate u = TelegramUpdate.parse(Fixtures.update("callback-query.json"));
    assertThat(u.chatId()).isEqualTo(7391200458L);
  }

  @Test
  void callbackQueryFromAnInlineMessageHasNoChat() throws Exception {
    assertThat(
            parse(
                    "{\"update_id\":9,\"callback_query\":{\"id\":\"1\",\"from\":{\"id\":5},"
                        + "\"inline_message_id\":\"AAA\",\"chat_instance\":\"1\",\"data\":\"x\"}}")
                .chatId())
        .isNull();
  }

  @Test
  void readsSupergroupMigrationPointers() throws Exception {
    TelegramUpdate to = TelegramUpdate.parse(Fixtures.update("group-migrate-to.json"));
    assertThat(to.chatId()).isEqualTo(-4012345678L);
    assertThat(to.migrateToChatId()).isEqualTo(-1002233445566L);
    TelegramUpdate from = TelegramUpdate.parse(Fixtures.update("supergroup-migrate-from.json"));
    assertThat(from.chatId()).isEqualTo(-1002233445566L);
    assertThat(from.migrateFromChatId()).isEqualTo(-4012345678L);
  }

  static Stream<String> kindsWithChat() {
    return TelegramUpdate.KINDS_WITH_CHAT.stream();
  }

  @ParameterizedTest
  @MethodSource("kindsWithChat")
  void everyUpdateKindWithAChatExposesIt(String kind) throws Exception {
    TelegramUpdate u =
        parse(
            "{\"update_id\":77,\""
                + kind
                + "\":{\"chat\":{\"id\":-100123,\"type\":\"supergroup\"},"
                + "\"date\":1}}");
    assertThat(u.chatId()).as(kind + ".chat.id").isEqualTo(-100123L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"update_id\":1,\"inline_query\":{\"id\":\"1\",\"from\":{\"id\":2},\"query\":\"\",\"offset\":\"\"}}",
        "{\"update_id\":1,\"poll\":{\"id\":\"1\",\"question\":\"q\",\"options\":[],\"total_voter_count\":0}}",
        "{\"update_id\":1,\"pre_checkout_query\":{\"id\":\"1\",\"from\":{\"id\":2},\"currency\":\"BRL\"}}",
        "{\"update_id\":1,\"poll_answer\":{\"poll_id\":\"1\",\"user\":{\"id\":2},\"option_ids\":[0]}}",
        "{\"update_id\":1}"
      })
  void updatesWithoutAChatHaveNone(String body) throws Exception {
    assertThat(parse(body).chatId()).isNull();
  }

  /**
   * chat.id values Telegram never sends; none may be coerced into a chat id or read as "no chat".
   */
  static Stream<String> badChatIds() {
    return Stream.of(
        "\"999\"",
        "999.0",
        "9.99e2",
        "12345678901234567890",
        "-9223372036854775809",
        "null",
        "true",
        "{\"id\":999}",
        "[999]");
  }

  @ParameterizedTest
  @MethodSource("badChatIds")
  void aChatIdThatIsNotA64BitIntegerIsReportedForEveryKindWithAChat(String badId) throws Exception {
    for (String kind : TelegramUpdate.KINDS_WITH_CHAT) {
      TelegramUpdate u =
          parse(
              "{\"update_id\":77,\""
                  + kind
                  + "\":{\"chat\":{\"id\":"
                  + badId
                  + ",\"type\":\"group\"}}}");
      assertThat(u.chatId()).as("%s with chat.id %s", kind, badId).isNull();
      assertThat(u.chatProblem())
          .as("%s with chat.id %s", kind, badId)
          .isEqualTo(
              kind + ".chat.id is " + ("null".equals(badId) ? "missing" : "not a 64-bit integer"));
    }
    TelegramUpdate callback =
        parse(
            "{\"update_id\":78,\"callback_query\":{\"id\":\"1\",\"message\":{\"chat\":{\"id\":"
                + badId
                + "}}}}");
    assertThat(callback.chatId()).isNull();
    assertThat(callback.chatProblem()).startsWith("callback_query.message.chat.id is ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1}}|message.chat is missing",
        "{\"update_id\":1,\"message\":{\"chat\":-100123}}|message.chat is not an object",
        "{\"update_id\":1,\"chat_member\":{\"chat\":{\"type\":\"group\"}}}|chat_member.chat.id is missing",
        "{\"update_id\":1,\"message\":\"hi\"}|message is not an object",
        "{\"update_id\":1,\"message\":null}|message is not an object",
        "{\"update_id\":1,\"callback_query\":[]}|callback_query is not an object",
        "{\"update_id\":1,\"callback_query\":{\"id\":\"1\",\"message\":{}}}|callback_query.message.chat is missing",
        "{\"update_id\":1,\"message\":{\"chat\":{\"id\":1}},\"edited_message\":{\"chat\":{\"id\":2}}}"
            + "|update carries several kinds with different chats"
      })
  void aKindThatAlwaysHasAChatButCarriesNoReadableOneIsReported(String bodyAndProblem)
      throws Exception {
    String[] parts = bodyAndProblem.split("\\|");
    TelegramUpdate u = parse(parts[0]);
    assertThat(u.chatId()).as(parts[0]).isNull();
    assertThat(u.chatProblem()).as(parts[0]).isEqualTo(parts[1]);
  }

  @Test
  void chatIdsAtTheEdgesOfTheSigned64BitRangeAreIntegers() throws Exception {
    assertThat(
            parse("{\"update_id\":1,\"message\":{\"chat\":{\"id\":-9223372036854775808}}}")
                .chatId())
        .isEqualTo(Long.MIN_VALUE);
    assertThat(
            parse("{\"update_id\":1,\"message\":{\"chat\":{\"id\":9223372036854775807}}}")
                .chatProblem())
        .isNull();
    assertThat(
            parse(
                    "{\"update_id\":1,\"message\":{\"chat\":{\"id\":5}},\"edited_message\":{\"chat\":{\"id\":5}}}")
                .chatId())
        .as("two kinds, same chat")
        .isEqualTo(5L);
  }

  @Test
  void acceptsTheLargestSigned64BitUpdateId() throws Exception {
    assertThat(parse("{\"update_id\":9223372036854775807}").updateId()).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "null",
        "[]",
        "[{\"update_id\":1}]",
        "\"text\"",
        "42",
        "{}",
        "{\"message\":{}}",
        "{\"update_id\":\"1\"}",
        "{\"update_id\":1.5}",
        "{\"update_id\":1e3}",
        "{\"update_id\":null}",
        "{\"update_id\":9223372036854775808}",
        "{\"update_id\":1",
        "{\"update_id\":1}}",
        "{\"update_id\":1} {\"update_id\":2}",
        "{update_id:1}"
      })
  void rejectsBodiesThatAreNotAJsonObjectWithAnIntegerUpdateId(String body) {
    assertThatThrownBy(() -> parse(body))
        .as("body %s", body)
        .isInstanceOf(TelegramUpdate.InvalidUpdateException.class);
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] body = {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThatThrownBy(() -> TelegramUpdate.parse(body))
        .isInstanceOf(TelegramUpdate.InvalidUpdateException.class);
  }
}
