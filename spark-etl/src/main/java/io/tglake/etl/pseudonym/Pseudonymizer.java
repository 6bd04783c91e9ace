package io.tglake.etl.pseudonym;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tglake.etl.pseudonym.ColumnPrivacy.Privacy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pseudonymized analytics ({@code --pseudonymize}) as pure transforms, in two steps around {@code
 * Tables}:
 *
 * <ol>
 *   <li>{@link #updatesFrame} rewrites the parsed updates before any table is derived, so that
 *       every table (and every future column read from the same structs) sees the same pseudonyms:
 *       in every Telegram {@code User} (message sender, new/left members, callback presser,
 *       chat-member actor and subject, reaction/poll/business user, ...) {@code id} becomes {@link
 *       PseudonymKey#pseudonym} and {@code first_name}, {@code last_name}, {@code username} become
 *       null; in every {@code Chat} of type {@code private} (its id is the user's id) {@code id}
 *       gets the same pseudonym and {@code username}, {@code title} become null; group/channel
 *       chats stay; {@code text_mention} users, {@code forward_from} and {@code
 *       business_connection.user_chat_id} are pseudonymized too. {@code raw_json} becomes null: it
 *       is the whole update and would undo all of the above (the raw layer keeps the exact object).
 *       The text and caption of every message-like struct are masked there too, together with their
 *       entities ({@link TextMasker#maskWithEntities}): personal entities (text mentions, mentions,
 *       phones, e-mails, links that carry one) become placeholders, and each entity's {@code
 *       offset}/{@code length} is recomputed on the masked text, so {@code
 *       message_entities.entity_text} is exactly the slice of the masked {@code text} that {@code
 *       offset}/{@code length} denote (UTF-16 code units).
 *   <li>{@link #table} treats each column of a derived table by its {@link ColumnPrivacy} class:
 *       other free text ({@code callback_queries.data}, {@code bot_messages.text}/{@code
 *       description}) is masked, links ({@code message_entities.url}) are masked by what they
 *       carry, names are nulled, file ids a bot can download with, exact locations and {@code
 *       raw_json} dropped, and in {@code bot_messages} (what the bot said) the {@code chat_id} of a
 *       private chat becomes the user's pseudonym, so that bot and user rows of a conversation
 *       still join. A column without a class fails the day.
 * </ol>
 *
 * Column names, order and types never change. Hashing and masking are UDFs on purpose: the key must
 * not appear as a literal in query plans, and the card rule needs the Luhn check.
 */
public final class Pseudonymizer {

  private static final Column NULL_STRING = lit(null).cast(DataTypes.StringType);
  private static final StructType MASKED =
      new StructType()
          .add("text", DataTypes.StringType)
          .add("offsets", DataTypes.createArrayType(DataTypes.LongType))
          .add("lengths", DataTypes.createArrayType(DataTypes.LongType));

  private final UserDefinedFunction hash;
  private final UserDefinedFunction mask;
  private final UserDefinedFunction maskUrl;
  private final UserDefinedFunction maskWithEntities;

  public Pseudonymizer(PseudonymKey key) {
    TextMasker masker = new TextMasker();
    this.hash =
        udf((UDF1<Long, Long>) id -> id == null ? null : key.pseudonym(id), DataTypes.LongType)
            .withName("pseudonym");
    this.mask =
        udf((UDF1<String, String>) masker::mask, DataTypes.StringType).withName("mask_identifiers");
    this.maskUrl =
        udf((UDF1<String, String>) masker::maskUrl, DataTypes.StringType).withName("mask_url");
    this.maskWithEntities =
        udf(
                (UDF4<String, Seq<String>, Seq<Long>, Seq<Long>, Row>)
                    (text, types, offsets, lengths) -> {
                      TextMasker.Masked m =
                          masker.maskWithEntities(text, list(types), list(offsets), list(lengths));
                      return RowFactory.create(m.text(), m.offsets(), m.lengths());
                    },
                MASKED)
            .withName("mask_with_entities");
  }

  private static <T> List<T> list(Seq<T> seq) {
    return seq == null ? null : CollectionConverters.asJava(seq);
  }

  /**
   * Step 1 (see class doc). Input and output: the updates frame (update_id, update_type,
   * received_at, source_file, raw_json, context_date and one struct column per update kind), same
   * columns and types.
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

  /**
   * Step 2 (see class doc): the table's columns, same names and types, each treated by its {@link
   * ColumnPrivacy} class. A column without a class is refused: the day fails rather than write it
   * as is.
   *
   * @throws IllegalStateException naming the unclassified columns
   */
  public Dataset<Row> table(String name, Dataset<Row> df) {
    List<String> unclassified = new ArrayList<>();
    List<Column> out = new ArrayList<>();
    for (String c : df.columns()) {
      Column v = col(c);
      Optional<Privacy> privacy = ColumnPrivacy.of(name, c);
      if (privacy.isEmpty()) {
        unclassified.add(name + "." + c);
        continue;
      }
      Column replaced =
          switch (privacy.get()) {
            // step 1 already rewrote these: hashing twice would break joins, re-masking would move
            // entity offsets
            case SAFE, USER_ID, CHAT_ID, MESSAGE_TEXT -> null;
            // A private chat's id is the user's id (positive ids are always users; groups and
            // channels are negative).
            case BOT_CHAT_ID ->
                when(col("chat_type").equalTo("private").or(v.gt(0)), hash.apply(v)).otherwise(v);
            case NAME -> NULL_STRING;
            case CHAT_NAME -> when(col("chat_type").equalTo("private"), NULL_STRING).otherwise(v);
            case TEXT -> mask.apply(v);
            case URL -> maskUrl.apply(v);
            case DROP -> lit(null).cast(df.schema().apply(c).dataType());
          };
      out.add(replaced == null ? v : replaced.as(c));
    }
    if (!unclassified.isEmpty()) {
      throw new IllegalStateException(
          "no privacy class for "
              + unclassified
              + ": declare each in "
              + ColumnPrivacy.class.getName()
              + " before it can be written pseudonymized");
    }
    return df.select(out.toArray(Column[]::new));
  }

  /**
   * A message's text (or caption) and its entities, masked together ({@link
   * TextMasker#maskWithEntities}): the entities get the offsets and lengths of the masked text and
   * their links masked. Composes with the entities' own rewrite (text_mention users hashed) already
   * in {@code fields}.
   */
  private void maskText(
      Column c, StructType st, String textField, String entitiesField, Map<String, Column> fields) {
    if (!st.getFieldIndex(textField).isDefined()) {
      return;
    }
    if (!st.getFieldIndex(entitiesField).isDefined()) {
      fields.put(textField, mask.apply(c.getField(textField)));
      return;
    }
    Column entities = fields.getOrDefault(entitiesField, c.getField(entitiesField));
    Column masked =
        maskWithEntities.apply(
            c.getField(textField),
            transform(entities, e -> e.getField("type")),
            transform(entities, e -> e.getField("offset")),
            transform(entities, e -> e.getField("length")));
    fields.put(textField, masked.getField("text"));
    fields.put(
        entitiesField,
        transform(
            entities,
            (e, i) ->
                when(
                    e.isNotNull(),
                    e.withField("offset", get(masked.getField("offsets"), i))
                        .withField("length", get(masked.getField("lengths"), i))
                        .withField("url", maskUrl.apply(e.getField("url"))))));
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
    return st.fieldNames().length == 1
        && st.fieldNames()[0].equals("id")
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
      if (isUser(st)
          || isChat(st)
          || isUserRef(st, name)
          || st.getFieldIndex("text").isDefined()
          || st.getFieldIndex("caption").isDefined()) {
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
      return hash.apply(
          c); // a business connection's private chat with the user: id = the user's id
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
      Map<String, Column> fields = new LinkedHashMap<>();
      for (StructField f : st.fields()) {
        if (needs(f.dataType(), f.name())) {
          fields.put(f.name(), walk(c.getField(f.name()), f.dataType(), f.name()));
        }
      }
      maskText(c, st, "text", "entities", fields);
      maskText(c, st, "caption", "caption_entities", fields);
      out = c;
      for (var f : fields.entrySet()) {
        out = out.withField(f.getKey(), f.getValue());
      }
    }
    // Presence of a struct carries meaning (is_forwarded, message_type): a null struct must stay
    // null.
    return when(c.isNotNull(), out);
  }
}
