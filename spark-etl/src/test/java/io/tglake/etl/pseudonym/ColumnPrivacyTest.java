package io.tglake.etl.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.pseudonym.ColumnPrivacy.Privacy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Every column of every table's golden schema (the written contract) has a privacy class that fits
 * its type, so a column added to a table cannot reach a pseudonymized lake without someone deciding
 * how it is masked.
 */
class ColumnPrivacyTest {

  private static final Set<Privacy> BIGINT_ONLY =
      Set.of(Privacy.USER_ID, Privacy.CHAT_ID, Privacy.BOT_CHAT_ID);
  private static final Set<Privacy> STRING_ONLY =
      Set.of(Privacy.NAME, Privacy.CHAT_NAME, Privacy.MESSAGE_TEXT, Privacy.TEXT, Privacy.URL);

  static Map<String, StructType> goldenSchemas() throws IOException {
    Map<String, StructType> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".ddl")).sorted().toList()) {
        String table = f.getFileName().toString().replace(".ddl", "");
        out.put(table, StructType.fromDDL(Files.readString(f).strip()));
      }
    }
    return out;
  }

  @Test
  void everyColumnOfEveryGoldenSchemaHasAPrivacyClassThatFitsItsType() throws IOException {
    Map<String, StructType> golden = goldenSchemas();
    assertThat(golden).as("golden schemas found").hasSizeGreaterThanOrEqualTo(6);
    List<String> unclassified = new ArrayList<>();
    List<String> misfit = new ArrayList<>();
    for (var t : golden.entrySet()) {
      for (StructField f : t.getValue().fields()) {
        String q = t.getKey() + "." + f.name();
        var privacy = ColumnPrivacy.of(t.getKey(), f.name());
        if (privacy.isEmpty()) {
          unclassified.add(q + " " + f.dataType().simpleString());
        } else if (!fits(privacy.get(), f.dataType())) {
          misfit.add(q + " " + f.dataType().simpleString() + " as " + privacy.get());
        }
      }
    }
    assertThat(unclassified)
        .as(
            "columns without a privacy class: declare each in ColumnPrivacy "
                + "(free text TEXT, a link URL, a person's id USER_ID, a name NAME, or SAFE)")
        .isEmpty();
    assertThat(misfit).as("privacy classes that do not fit the column's type").isEmpty();
  }

  @Test
  void everyDeclaredColumnExistsSoTheDeclarationsCannotDriftFromTheTables() throws IOException {
    Map<String, StructType> golden = goldenSchemas();
    Set<String> stale = new TreeSet<>();
    for (var t : ColumnPrivacy.all().entrySet()) {
      StructType schema = golden.get(t.getKey());
      for (String c : t.getValue().keySet()) {
        if (schema == null || !List.of(schema.fieldNames()).contains(c)) {
          stale.add(t.getKey() + "." + c);
        }
      }
    }
    assertThat(stale).as("declared columns that no table has").isEmpty();
  }

  @Test
  void freeTextAndLinksAreNeverDeclaredSafeByName() {
    // a guard against the easy way out: these names are text in every table
    List<String> safeText = new ArrayList<>();
    ColumnPrivacy.all()
        .forEach(
            (table, cols) ->
                cols.forEach(
                    (c, p) -> {
                      if (p == Privacy.SAFE
                          && Set.of(
                                  "text",
                                  "caption",
                                  "data",
                                  "url",
                                  "entity_text",
                                  "description",
                                  "raw_json")
                              .contains(c)) {
                        safeText.add(table + "." + c);
                      }
                    }));
    assertThat(safeText).as("free-text columns declared SAFE").isEmpty();
  }

  private static boolean fits(Privacy p, DataType t) {
    if (BIGINT_ONLY.contains(p)) {
      return t.equals(DataTypes.LongType);
    }
    if (STRING_ONLY.contains(p)) {
      return t.equals(DataTypes.StringType);
    }
    return true;
  }
}
