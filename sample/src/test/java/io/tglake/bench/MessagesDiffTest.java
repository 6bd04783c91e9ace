package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value-by-value comparison catches what an equal row count hides. */
class MessagesDiffTest {

  @TempDir Path tmp;

  /**
   * DuckDB's file with an extra column and context_date, the ETL's partition without them (as the
   * two write).
   */
  private void write(String duckRows, String etlRows) throws Exception {
    Files.createDirectories(tmp.resolve("etl"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT update_id::BIGINT AS update_id, text, 'x' AS only_duckdb, DATE '2026-03-02' AS "
              + "context_date FROM (VALUES "
              + duckRows
              + ") t(update_id, text)) TO '"
              + tmp.resolve("duck.parquet")
              + "' (FORMAT parquet)");
      s.execute(
          "COPY (SELECT update_id::BIGINT AS update_id, text, 7 AS only_etl FROM (VALUES "
              + etlRows
              + ") t(update_id, text)) TO '"
              + tmp.resolve("etl/part-0.parquet")
              + "' (FORMAT parquet)");
    }
  }

  @Test
  void sameRowsOnTheSharedColumnsAreEqualWhateverTheOrderAndTheExtraColumns() throws Exception {
    write("(1, 'a'), (2, 'b'), (2, 'b')", "(2, 'b'), (1, 'a'), (2, 'b')");

    MessagesDiff d = MessagesDiff.compare(tmp.resolve("duck.parquet"), tmp.resolve("etl"));

    assertThat(d.columns())
        .as("only the shared columns, in the ETL's order")
        .containsExactly("update_id", "text");
    assertThat(d.equal()).as(d.describe()).isTrue();
  }

  @Test
  void oneChangedValueAndOneDuplicateAreFoundBothWaysWithASample() throws Exception {
    write("(1, 'a'), (2, 'b'), (3, 'c')", "(1, 'a'), (2, 'B'), (3, 'c')");
    MessagesDiff changed = MessagesDiff.compare(tmp.resolve("duck.parquet"), tmp.resolve("etl"));
    assertThat(changed.equal()).as("same count, one value differs").isFalse();
    assertThat(java.util.List.of(changed.onlyInDuckDb(), changed.onlyInEtl()))
        .containsExactly(1L, 1L);
    assertThat(changed.duckDbSample()).containsExactly("update_id=2, text=b");
    assertThat(changed.etlSample()).containsExactly("update_id=2, text=B");
    assertThat(changed.describe())
        .contains("1 row(s) only in DuckDB's", "update_id=2, text=b", "update_id=2, text=B");

    write("(1, 'a'), (1, 'a'), (2, 'b')", "(1, 'a'), (2, 'b'), (2, 'b')");
    MessagesDiff duplicated = MessagesDiff.compare(tmp.resolve("duck.parquet"), tmp.resolve("etl"));
    assertThat(java.util.List.of(duplicated.onlyInDuckDb(), duplicated.onlyInEtl()))
        .as("EXCEPT ALL keeps multiplicity: a row twice on one side is a difference")
        .containsExactly(1L, 1L);
  }
}
