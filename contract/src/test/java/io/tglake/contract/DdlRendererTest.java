package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DdlRendererTest {

  private static final Map<String, String> VARS =
      DdlRenderer.variables("tglake", "s3://lake/enriched", "Europe/Lisbon");

  @Test
  void fillsOurPlaceholdersAndLeavesAthenasContextDate() {
    String out =
        DdlRenderer.render(
            "LOCATION '${LAKE_LOCATION}/t/' 'storage.location.template' = '${LAKE_LOCATION}/t/context_date=${context_date}/'"
                + " ${DATABASE} '${LOCAL_TZ}'",
            VARS);

    assertThat(out)
        .isEqualTo(
            "LOCATION 's3://lake/enriched/t/' 'storage.location.template' = "
                + "'s3://lake/enriched/t/context_date=${context_date}/' tglake 'Europe/Lisbon'");
  }

  @Test
  void rendersEveryShippedFileWithoutLeftoverPlaceholders() {
    for (DdlRenderer.DdlFile f : DdlRenderer.bundled()) {
      String rendered = DdlRenderer.render(f.text(), VARS);
      assertThat(rendered.replace("${context_date}", "")).as(f.name()).doesNotContain("${");
    }
  }

  @Test
  void theLocalTimeViewUsesTheConfiguredZone() {
    String view =
        DdlRenderer.bundled().stream()
            .filter(f -> f.name().equals("60_messages_local.sql"))
            .findFirst()
            .orElseThrow()
            .text();

    assertThat(DdlRenderer.render(view, VARS))
        .contains("CREATE OR REPLACE VIEW tglake.messages_local")
        .contains("'Europe/Lisbon'")
        .doesNotContain("America/Sao_Paulo'");
  }

  @Test
  void refusesUnknownPlaceholdersAndBadValues() {
    assertThatThrownBy(() -> DdlRenderer.render("${BUCKET}", VARS))
        .hasMessageContaining("${BUCKET}");
    assertThatThrownBy(() -> DdlRenderer.variables("Tg-Lake", "s3://x", "UTC"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DdlRenderer.variables("tglake", "s3://x", "Mars/Base"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bundledFilesAreTheResourcesInFileOrder() {
    assertThat(DdlRenderer.bundled())
        .extracting(DdlRenderer.DdlFile::name)
        .as(
            "numeric prefixes give the creation order: database, tables, the view over messages, bot_messages")
        .containsExactly(
            "00_database.sql",
            "10_messages.sql",
            "20_message_entities.sql",
            "30_callback_queries.sql",
            "40_chat_member_updates.sql",
            "50_updates.sql",
            "60_messages_local.sql",
            "70_bot_messages.sql");
    assertThat(DdlRenderer.readDirectory(Path.of("src/main/resources/tglake/ddl")))
        .as("the packaged copies are the source files")
        .isEqualTo(DdlRenderer.bundled());
  }
}
