package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookHygieneTest {

  private static final Path NOTEBOOK = Path.of("..", "notebooks", "support_bot_insights.ipynb");

  @Test
  void committedNotebookHasNoOutputs() throws Exception {
    JsonNode nb = new ObjectMapper().readTree(NOTEBOOK.toFile());
    for (JsonNode cell : nb.get("cells")) {
      if ("code".equals(cell.get("cell_type").asText())) {
        assertThat(cell.get("outputs").size()).as("outputs are stripped in git").isZero();
        assertThat(cell.get("execution_count").isNull())
            .as("execution counts are stripped")
            .isTrue();
      }
    }
  }

  @Test
  void exactlyOneCellChoosesTheSourceAndEveryQueryItUsesExists() throws Exception {
    JsonNode nb = new ObjectMapper().readTree(NOTEBOOK.toFile());
    int configCells = 0;
    List<String> used = new ArrayList<>();
    java.util.regex.Matcher m;
    for (JsonNode cell : nb.get("cells")) {
      String source =
          cell.get("source").isArray() ? join(cell.get("source")) : cell.get("source").asText();
      if ("code".equals(cell.get("cell_type").asText())
          && source.contains("os.environ.get(\"TGLAKE_SOURCE\"")) {
        configCells++;
      }
      m = java.util.regex.Pattern.compile("run_query\\(\"([a-z_]+)\"\\)").matcher(source);
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    assertThat(configCells).as("one configuration cell").isEqualTo(1);
    assertThat(new QueryLibrary(java.util.Optional.of(Path.of("queries"))).names())
        .as("queries the notebook runs")
        .containsAll(used);
    assertThat(used)
        .contains("activity_hour_weekday_local", "top_questions", "resolution_signals_per_day");
  }

  private static String join(JsonNode lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.asText()));
    return sb.toString();
  }
}
