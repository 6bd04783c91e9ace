package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The drift parse reads only the drift paths: one string leaf per path, the structs and arrays on
 * the way.
 */
class ContractDriftTest {

  @Test
  void skeletonHoldsExactlyThePathsSharingTheirParents() {
    StructType s =
        ContractDrift.skeleton(
            List.of(
                "message.chat.first_name",
                "message.quote",
                "message.entities[].new_field",
                "message.chat.last_name",
                "callback_query.message.reply_markup"));

    assertThat(s.toDDL())
        .isEqualTo(
            "message STRUCT<chat: STRUCT<first_name: STRING, last_name: STRING>, "
                + "quote: STRING, entities: ARRAY<STRUCT<new_field: STRING>>>,"
                + "callback_query STRUCT<message: STRUCT<reply_markup: STRING>>");
  }

  @Test
  void noPathsNoFields() {
    assertThat(ContractDrift.skeleton(List.of()).fields()).isEmpty();
  }
}
