package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which raw objects are the person's (id 42), which only mention them, which are unrelated. */
class PersonMatcherTest {

  private final PersonMatcher matcher = new PersonMatcher(Set.of(42L, 4242L));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      sender                 | THEIRS     | {"update_id":1,"message":{"from":{"id":42,"is_bot":false},"chat":{"id":-1,"type":"group"}}}
      edited sender          | THEIRS     | {"update_id":1,"edited_message":{"from":{"id":42},"chat":{"id":-1}}}
      channel post author    | THEIRS     | {"update_id":1,"channel_post":{"from":{"id":42},"chat":{"id":-100,"type":"channel"}}}
      private chat, bot text | THEIRS     | {"update_id":1,"message":{"from":{"id":7,"is_bot":true},"chat":{"id":42,"type":"private"}}}
      joined member          | THEIRS     | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"new_chat_members":[{"id":42}]}}
      joined with others     | REFERENCES | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"new_chat_members":[{"id":5},{"id":42}]}}
      joined, both erased    | THEIRS     | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"new_chat_members":[{"id":4242},{"id":42}]}}
      left member            | THEIRS     | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"left_chat_member":{"id":42}}}
      member status          | THEIRS     | {"update_id":1,"chat_member":{"from":{"id":77},"chat":{"id":-1},"new_chat_member":{"user":{"id":42}}}}
      old member             | THEIRS     | {"update_id":1,"chat_member":{"from":{"id":77},"chat":{"id":-1},"old_chat_member":{"user":{"id":42}}}}
      callback presser       | THEIRS     | {"update_id":1,"callback_query":{"id":"9","from":{"id":42},"message":{"chat":{"id":-1}}}}
      callback private chat  | THEIRS     | {"update_id":1,"callback_query":{"id":"9","from":{"id":7},"message":{"chat":{"id":42}}}}
      reaction               | THEIRS     | {"update_id":1,"message_reaction":{"chat":{"id":-1},"user":{"id":42}}}
      business connection    | THEIRS     | {"update_id":1,"business_connection":{"user":{"id":9},"user_chat_id":42}}
      second id              | THEIRS     | {"update_id":1,"message":{"from":{"id":4242},"chat":{"id":-1}}}
      reply quoting them     | REFERENCES | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"reply_to_message":{"from":{"id":42}}}}
      text mention           | REFERENCES | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":-1},"entities":[{"type":"text_mention","user":{"id":42}}]}}
      other person           | OTHER      | {"update_id":1,"message":{"from":{"id":77},"chat":{"id":77,"type":"private"},"text":"42"}}
      prefix of an id        | OTHER      | {"update_id":1,"message":{"from":{"id":420},"chat":{"id":4200}}}
      update id 42           | OTHER      | {"update_id":42,"message":{"from":{"id":77},"chat":{"id":-1}}}
      broken with their id   | THEIRS     | {"update_id":1,"message":{"from":{"id": 42,
      broken other id        | OTHER      | {"update_id":1,"message":{"from":{"id": 420,
      """)
  void classifies(String what, PersonMatcher.Verdict expected, String json) {
    assertThat(matcher.classify(json.getBytes(StandardCharsets.UTF_8)))
        .as(what)
        .isEqualTo(expected);
  }
}
