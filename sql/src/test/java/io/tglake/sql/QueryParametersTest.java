package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.contract.TableDefinitions;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

  private final QueryParameters window =
      new QueryParameters(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));

  @Test
  void bindsDatesAsLiteralsSoEnginesPruneAtPlanningTime() {
    assertThat(window.bind("SELECT 1 FROM t WHERE context_date BETWEEN :from_date AND :to_date;\n"))
        .isEqualTo(
            "SELECT 1 FROM t WHERE context_date BETWEEN DATE '2026-11-20' AND DATE '2026-11-21'");
  }

  @Test
  void leavesStringLiteralsAndCommentsAlone() {
    String sql =
        "-- uses :from_date\nSELECT regexp_like(x, '(^|[:_=-])(yes)$'), 'it''s :to_date' WHERE d = :to_date";
    assertThat(window.bind(sql))
        .isEqualTo(
            "-- uses :from_date\nSELECT regexp_like(x, '(^|[:_=-])(yes)$'), 'it''s :to_date' WHERE d = DATE '2026-11-21'");
  }

  @Test
  void rejectsUnknownParametersAndReversedWindows() {
    assertThatThrownBy(() -> window.bind("SELECT :limit")).hasMessageContaining(":limit");
    assertThatThrownBy(
            () -> new QueryParameters(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-20")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyLibraryQueryBindsAndFiltersOnContextDate() {
    QueryLibrary library =
        new QueryLibrary(java.util.Optional.of(java.nio.file.Path.of("queries")));
    assertThat(library.names()).hasSizeGreaterThanOrEqualTo(12);
    for (QueryLibrary.Query q : library.all()) {
      assertThat(q.question()).as("%s states its question first", q.name()).isNotBlank();
      assertThat(q.sql())
          .as("%s is windowed on the partition column", q.name())
          .contains("context_date")
          .contains(":to_date");
      assertThat(TableDefinitions.stripComments(window.bind(q.sql())))
          .as(q.name())
          .doesNotContain(":from_date")
          .doesNotContain(":to_date")
          .contains("DATE '2026-11-21'");
    }
  }
}
