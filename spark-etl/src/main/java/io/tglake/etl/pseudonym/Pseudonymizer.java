package io.tglake.etl.pseudonym;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Pseudonymized analytics ({@code --pseudonymize}) as pure transforms, in two steps around {@code Tables}:
 *
 * <ol>
 *   <li>{@link #updatesFrame} rewrites the parsed updates before any table is derived, so that every table (and
 *       every future column read from the same structs) sees the same pseudonyms: in every Telegram
 *       {@code User} (message sender, new/left members, callback presser, chat-member actor and subject,
 *       reaction/poll/business user, ...) {@code id} becomes {@link PseudonymKey#pseudonym} and
 *       {@code first_name}, {@code last_name}, {@code username} become null; in every {@code Chat} of type
 *       {@code private} (its id is the user's id) {@code id} gets the same pseudonym and {@code username},
 *       {@code title} become null; group/channel chats stay; {@code text_mention} users, {@code forward_from}
 *       and {@code business_connection.user_chat_id} are pseudonymized too. {@code raw_json} becomes null: it
 *       is the whole update and would undo all of the above (the raw layer keeps the exact object).
 *   <li>{@link #table} masks free text after the tables are derived (entity offsets are computed on the original
 *       text): {@code messages.text}/{@code caption} and {@code message_entities.entity_text}/{@code url} through
 *       {@link TextMasker}; {@code messages.media_file_id} (a bot can download the file with it) and the exact
 *       location become null. {@code offset}/{@code length} keep referring to the original text, so they do
 *       not index into the masked {@code text}; {@code entity_text} is the masked original slice. In
 *       {@code bot_messages} (what the bot said) {@code text} is masked the same way and the {@code chat_id} of a
 *       private chat becomes the user's pseudonym, so that bot and user rows of a conversation still join.
 * </ol>
 * Column names, order and types never change. Hashing and masking are UDFs on purpose: the key must not appear
 * as a literal in query plans, and the card rule needs the Luhn check.
 */
public final class Pseudonymizer {

  private static final Column NULL_STRING = lit(null).cast(DataTypes.StringType);
  private static final Column NULL_DOUBLE = lit(null).cast(DataTypes.DoubleType);

  private final UserDefinedFunction hash;
  private final UserDefinedFunction mask;
  private final UserDefinedFunction maskEntity;

  public Pseudonymizer(PseudonymKey key) {
    TextMasker masker = new TextMasker();
    this.hash = udf((UDF1<Long, Long>) id -> id == null ? null : key.pseudonym(id), DataTypes.LongType)
        .withName("pseudonym");
    this.mask = udf((UDF1<String, String>) masker::mask, DataTypes.StringType).withName("mask_identifiers");
    this.maskEntity = udf((UDF2<String, String, String>) masker::maskEntity, DataTypes.StringType)
        .withName("mask_entity");
  }

  /**
   * Step 1 (see class doc). Input and output: the updates frame (update_id, update_type, received_at,
   * source_file, raw_json, context_date and one struct column per update kind), same columns and types.
   */
  public Dataset<Row> updatesFrame(Dataset<Row> updates) {
    List<Column> out = new ArrayList<>();
    for (StructField f : updates.schema().fields()) {
      Column c = col(f.name());
      if (f.name().equals("raw_json")) {
        out.add(NULL_STRING.as(f.name()));
      } else if (needs(f.dataType(), f.name())) {
        out.add(walk(c, f.dataType(), f.name()).as(f.name()));
      } else {
        out.add(c);
      }
    }
    return updates.select(out.toArray(Column[]::new));
  }

  /** Step 2 (see class doc): the table's columns, same names and types, text masked. */
  public Dataset<Row> table(String name, Dataset<Row> df) {
    List<Column> out = new ArrayList<>();
    for (String c : df.columns()) {
      Column v = col(c);
      Column replaced = switch (name + "." + c) {
        case "messages.text", "messages.caption", "message_entities.url", "bot_messages.text" -> mask.apply(v);
        // A private chat's id is the user's id (positive ids are always users; groups and channels are negative).
        case "bot_messages.chat_id" -> when(col("chat_type").equalTo("private").or(v.gt(0)), hash.apply(v))
            .otherwise(v);
        case "message_entities.entity_text" -> maskEntity.apply(col("type"), v);
        case "messages.media_file_id" -> NULL_STRING;
        case "messages.location_latitude", "messages.location_longitude" -> NULL_DOUBLE;
        default -> null;
      };
      out.add(replaced == null ? v : replaced.as(c));
    }
    return df.select(out.toArray(Column[]::new));
  }

  /** A Telegram User struct (id + is_bot + first_name), as in {@code TelegramSchema.USER}. */
  private static boolean isUser(StructType st) {
    Set<String> n = Set.of(st.fieldNames());
    return n.contains("id") && n.contains("is_bot") && n.contains("first_name");
  }

  /** A Telegram Chat struct (id + type). */
  private static boolean isChat(StructType st) {
    Set<String> n = Set.of(st.fieldNames());
    return n.contains("id") && n.contains("type");
  }

  /** A reference to a user by id only: text_mention's {@code user}, {@code forward_from}. */
  private static boolean isUserRef(StructType st, String name) {
    return st.fieldNames().length == 1 && st.fieldNames()[0].equals("id")
        && (name.equals("user") || name.equals("forward_from"));
  }

  /** Whether anything below this field holds a user id, a private chat or a name. */
  private static boolean needs(DataType t, String name) {
    if (name.equals("user_chat_id")) {
      return true;
    }
    if (t instanceof ArrayType at) {
      return needs(at.elementType(), name);
    }
    if (t instanceof StructType st) {
      if (isUser(st) || isChat(st) || isUserRef(st, name)) {
        return true;
      }
      for (StructField f : st.fields()) {
        if (needs(f.dataType(), f.name())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The rewritten value of a field for which {@link #needs} is true; null structs stay null. */
  private Column walk(Column c, DataType t, String name) {
    if (name.equals("user_chat_id")) {
      return hash.apply(c); // a business connection's private chat with the user: id = the user's id
    }
    if (t instanceof ArrayType at) {
      return transform(c, e -> walk(e, at.elementType(), name));
    }
    StructType st = (StructType) t;
    Column out;
    if (isUser(st)) {
      out = c.withField("id", hash.apply(c.getField("id")));
      for (String f : List.of("first_name", "last_name", "username")) {
        if (st.getFieldIndex(f).isDefined()) {
          out = out.withField(f, NULL_STRING);
        }
      }
    } else if (isChat(st)) {
      Column priv = c.getField("type").equalTo("private");
      out = c.withField("id", when(priv, hash.apply(c.getField("id"))).otherwise(c.getField("id")));
      for (String f : List.of("title", "username")) {
        if (st.getFieldIndex(f).isDefined()) {
          out = out.withField(f, when(priv, NULL_STRING).otherwise(c.getField(f)));
        }
      }
    } else if (isUserRef(st, name)) {
      out = c.withField("id", hash.apply(c.getField("id")));
    } else {
      out = c;
      for (StructField f : st.fields()) {
        if (needs(f.dataType(), f.name())) {
          out = out.withField(f.name(), walk(c.getField(f.name()), f.dataType(), f.name()));
        }
      }
    }
    // Presence of a struct carries meaning (is_forwarded, message_type): a null struct must stay null.
    return when(c.isNotNull(), out);
  }
}
