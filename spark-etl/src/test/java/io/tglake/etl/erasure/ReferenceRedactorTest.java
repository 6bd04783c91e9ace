package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One test per place the Bot API puts a person inside someone else's update (person 42, username
 * xiomara_s, phone +55 11 98765-4321). Expected outputs are the exact rewritten JSON: what changes
 * and, as much, what does not.
 */
class ReferenceRedactorTest {

  private static final String X =
      "{\"id\":42,\"is_bot\":false,\"first_name\":\"Xiomara\",\"last_name\":\"Souza\","
          + "\"username\":\"xiomara_s\",\"language_code\":\"pt-br\"}";
  private static final String BIA = "{\"id\":43,\"is_bot\":false,\"first_name\":\"Bia\"}";
  private static final String T = "{\"id\":0,\"is_bot\":false,\"first_name\":\"erased\"}";
  private static final String GROUP = "{\"id\":-100123,\"title\":\"Loja\",\"type\":\"supergroup\"}";

  private final ReferenceRedactor redactor =
      new ReferenceRedactor(
          new PersonIdentity(
              Set.of(42L),
              Set.of(PersonIdentity.sha256("xiomara_s")),
              Set.of(PersonIdentity.sha256("5511987654321"))));

  private String redact(String json) {
    return redactor
        .redact(json.getBytes(StandardCharsets.UTF_8))
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse("UNCHANGED");
  }

  private static String msg(String body) {
    return "{\"update_id\":7,\"message\":{\"message_id\":70,\"from\":"
        + BIA
        + ",\"chat\":"
        + GROUP
        + ",\"date\":1795341600,"
        + body
        + "}}";
  }

  @Test
  void replyQuoteKeepsOnlyTheQuotedMessagesIdsAndTheReplyLosesItsQuote() {
    String in =
        msg(
            "\"reply_to_message\":{\"message_id\":69,\"from\":"
                + X
                + ",\"chat\":"
                + GROUP
                + ",\"date\":1795341500,\"text\":\"meu cpf 529.982.247-25\",\"entities\":[{\"type\":\"bold\",\"offset\":0,"
                + "\"length\":3}],\"photo\":[{\"file_id\":\"AgAD\",\"file_unique_id\":\"u1\",\"width\":90,\"height\":90}]},"
                + "\"quote\":{\"text\":\"529.982.247-25\",\"position\":8},\"text\":\"recebido\"");
    assertThat(redact(in))
        .as("quoted message reduced to ids, tombstone sender; quote gone; reply text kept")
        .isEqualTo(
            msg(
                "\"reply_to_message\":{\"message_id\":69,\"date\":1795341500,\"chat\":"
                    + GROUP
                    + ",\"from\":"
                    + T
                    + "},\"text\":\"recebido\""));
  }

  @Test
  void replyToSomeoneElseIsUntouched() {
    assertThat(
            redact(
                msg(
                    "\"reply_to_message\":{\"message_id\":69,\"from\":"
                        + BIA
                        + ",\"chat\":"
                        + GROUP
                        + ",\"date\":1,\"text\":\"oi\"},\"quote\":{\"text\":\"oi\",\"position\":0},\"text\":\"ok\"")))
        .as("nothing names 42")
        .isEqualTo("UNCHANGED");
  }

  @Test
  void forwardKeepsTheForwardersTextAndDateButNotWhoWroteIt() {
    String in =
        msg(
            "\"forward_origin\":{\"type\":\"user\",\"date\":1795340000,\"sender_user\":"
                + X
                + "},"
                + "\"forward_from\":"
                + X
                + ",\"forward_date\":1795340000,\"text\":\"promo de hoje\"");
    assertThat(redact(in))
        .as("both forward fields tombstoned")
        .isEqualTo(
            msg(
                "\"forward_origin\":{\"type\":\"user\","
                    + "\"date\":1795340000,\"sender_user\":"
                    + T
                    + "},\"forward_from\":"
                    + T
                    + ",\"forward_date\":1795340000,"
                    + "\"text\":\"promo de hoje\""));
  }

  @Test
  void textMentionIsMaskedAndOtherEntitiesFollowInUtf16() {
    // "🙂 fala com a Xiomara já" — the emoji is two UTF-16 units, so the mention starts at 14.
    String in =
        msg(
            "\"text\":\"\\uD83D\\uDE42 fala com a Xiomara já\",\"entities\":[{\"type\":\"italic\","
                + "\"offset\":3,\"length\":21},{\"type\":\"text_mention\",\"offset\":14,\"length\":7,\"user\":"
                + X
                + "},"
                + "{\"type\":\"bold\",\"offset\":22,\"length\":2}]");
    assertThat(redact(in))
        .as("span masked, covering entity shrinks/grows, later entity shifts by +1")
        .isEqualTo(
            msg(
                "\"text\":\"\uD83D\uDE42 fala com a [erased] já\",\"entities\":[{\"type\":\"italic\","
                    + "\"offset\":3,\"length\":22},{\"type\":\"text_mention\",\"offset\":14,\"length\":8,\"user\":"
                    + T
                    + "},{\"type\":\"bold\",\"offset\":23,\"length\":2}]"));
  }

  @Test
  void mentionOfTheirUsernameIsMaskedWhateverItsCaseOthersStay() {
    String in =
        msg(
            "\"caption\":\"@Xiomara_S e @bia\",\"caption_entities\":[{\"type\":\"mention\",\"offset\":0,"
                + "\"length\":10},{\"type\":\"mention\",\"offset\":13,\"length\":4}],\"photo\":[]");
    assertThat(redact(in))
        .as("caption mention masked, @bia shifted by -2")
        .isEqualTo(
            msg(
                "\"caption\":\"[erased] e @bia\",\"caption_entities\":[{\"type\":\"mention\",\"offset\":0,"
                    + "\"length\":8},{\"type\":\"mention\",\"offset\":11,\"length\":4}],\"photo\":[]"));
  }

  @Test
  void pollQuestionEntitiesIndexTheQuestion() {
    String in =
        "{\"update_id\":8,\"poll\":{\"id\":\"p1\",\"question\":\"Quem? @xiomara_s\",\"question_entities\":"
            + "[{\"type\":\"mention\",\"offset\":6,\"length\":10}],\"options\":[]}}";
    assertThat(redact(in))
        .as("question masked")
        .isEqualTo(
            "{\"update_id\":8,\"poll\":{\"id\":\"p1\",\"question\":"
                + "\"Quem? [erased]\",\"question_entities\":[{\"type\":\"mention\",\"offset\":6,\"length\":8}],\"options\":[]}}");
  }

  @Test
  void theyLeaveAJoinThatNamesOthersAndTheLegacySingleMemberFieldsAreTombstoned() {
    String in =
        msg(
            "\"new_chat_participant\":"
                + X
                + ",\"new_chat_member\":"
                + X
                + ",\"new_chat_members\":["
                + X
                + ","
                + BIA
                + "]");
    assertThat(redact(in))
        .as("Bia's join stays")
        .isEqualTo(
            msg(
                "\"new_chat_participant\":"
                    + T
                    + ",\"new_chat_member\":"
                    + T
                    + ",\"new_chat_members\":["
                    + BIA
                    + "]"));
  }

  @Test
  void sharedContactLosesPhoneAndNameByUserIdOrByNumber() {
    String byId =
        msg(
            "\"contact\":{\"phone_number\":\"5511987654321\",\"first_name\":\"Xiomara\",\"last_name\":"
                + "\"Souza\",\"user_id\":42,\"vcard\":\"BEGIN:VCARD\"}");
    String card = "{\"phone_number\":\"\",\"first_name\":\"erased\"}";
    assertThat(redact(byId)).as("card with their user_id").isEqualTo(msg("\"contact\":" + card));
    assertThat(
            redact(
                msg(
                    "\"contact\":{\"phone_number\":\"+55 (11) 98765-4321\",\"first_name\":\"Xi\"}")))
        .as("card without user_id, their number in another format")
        .isEqualTo(msg("\"contact\":" + card));
    assertThat(
            redact(
                msg(
                    "\"contact\":{\"phone_number\":\"+5511900000000\",\"first_name\":\"Bia\","
                        + "\"user_id\":43}")))
        .as("someone else's card")
        .isEqualTo("UNCHANGED");
  }

  @Test
  void sharedUserKeepsNoIdentity() {
    String in =
        msg(
            "\"users_shared\":{\"request_id\":1,\"users\":[{\"user_id\":42,\"first_name\":\"Xiomara\","
                + "\"username\":\"xiomara_s\"},{\"user_id\":43,\"first_name\":\"Bia\"}]}");
    assertThat(redact(in))
        .as("their entry anonymous, Bia's kept")
        .isEqualTo(
            msg(
                "\"users_shared\":{\"request_id\":1,"
                    + "\"users\":[{\"user_id\":0,\"first_name\":\"erased\"},{\"user_id\":43,\"first_name\":\"Bia\"}]}"));
  }

  @Test
  void externalReplyKeepsOnlyItsOriginChatAndMessageId() {
    String in =
        msg(
            "\"external_reply\":{\"origin\":{\"type\":\"user\",\"date\":5,\"sender_user\":"
                + X
                + "},"
                + "\"chat\":"
                + GROUP
                + ",\"message_id\":3,\"text\":\"segredo\"},\"quote\":{\"text\":\"segredo\","
                + "\"position\":0},\"text\":\"?\"");
    assertThat(redact(in))
        .as("external reply reduced, quote gone")
        .isEqualTo(
            msg(
                "\"external_reply\":{\"origin\":"
                    + "{\"type\":\"user\",\"date\":5,\"sender_user\":"
                    + T
                    + "},\"chat\":"
                    + GROUP
                    + ",\"message_id\":3},"
                    + "\"text\":\"?\""));
  }

  @Test
  void userLinksInStringsAndNestedMessagesAndBoostSources() {
    String in =
        "{\"update_id\":9,\"callback_query\":{\"id\":\"c9\",\"from\":"
            + BIA
            + ",\"message\":{"
            + "\"message_id\":5,\"chat\":"
            + GROUP
            + ",\"date\":1,\"text\":\"<a href=\\\"tg://user?id=42\\\">x</a> "
            + "tg://user?id=420\",\"pinned_message\":{\"message_id\":4,\"from\":"
            + X
            + ",\"chat\":"
            + GROUP
            + ",\"date\":1,\"text\":\"fixado\"}},\"data\":\"ok\"}}";
    assertThat(redact(in))
        .as("link to them masked (420 kept), pinned message of theirs reduced")
        .isEqualTo(
            "{\"update_id\":9,\"callback_query\":{\"id\":\"c9\",\"from\":"
                + BIA
                + ",\"message\":{"
                + "\"message_id\":5,\"chat\":"
                + GROUP
                + ",\"date\":1,\"text\":\"<a href=\\\"tg://user?id=0\\\">[erased]</a> "
                + "tg://user?id=420\",\"pinned_message\":{\"message_id\":4,\"date\":1,\"chat\":"
                + GROUP
                + ",\"from\":"
                + T
                + "}},\"data\":\"ok\"}}");
    String html =
        "{\"request\":{\"text\":\"<a href=\\\"tg://user?id=42\\\">Xiomara</a> e "
            + "[Xiomara](tg://user?id=42), [Bia](tg://user?id=43)\",\"parse_mode\":\"HTML\"}}";
    assertThat(redact(html))
        .as("a bot's HTML/Markdown links to them lose the name too; Bia's stays")
        .isEqualTo(
            "{\"request\":{\"text\":\"<a href=\\\"tg://user?id=0\\\">[erased]</a> e "
                + "[[erased]](tg://user?id=0), [Bia](tg://user?id=43)\",\"parse_mode\":\"HTML\"}}");
    String boost =
        "{\"update_id\":10,\"chat_boost\":{\"chat\":"
            + GROUP
            + ",\"boost\":{\"boost_id\":\"b\","
            + "\"add_date\":1,\"source\":{\"source\":\"premium\",\"user\":"
            + X
            + "}}}}";
    assertThat(redact(boost)).as("boost source user").isEqualTo(boost.replace(X, T));
  }

  @Test
  void otherValuesKeepTheirExactTextAndTheResultNoLongerIdentifiesThem() {
    String in =
        msg(
            "\"location\":{\"latitude\":-23.550520,\"longitude\":-46.6333000},\"forward_from\":"
                + X);
    String out = redact(in);
    assertThat(out)
        .as("decimals exactly as sent")
        .isEqualTo(
            msg(
                "\"location\":{\"latitude\":-23.550520,"
                    + "\"longitude\":-46.6333000},\"forward_from\":"
                    + T));
    assertThat(redactor.identifies(ReferenceRedactor.parse(in.getBytes(StandardCharsets.UTF_8))))
        .as("before")
        .isTrue();
    assertThat(redactor.identifies(ReferenceRedactor.parse(out.getBytes(StandardCharsets.UTF_8))))
        .as("after")
        .isFalse();
    assertThat(redact("{\"update_id\":1,\"message\":{\"from\":{\"id\": 42"))
        .as("broken objects are not rewritten")
        .isEqualTo("UNCHANGED");
  }
}
