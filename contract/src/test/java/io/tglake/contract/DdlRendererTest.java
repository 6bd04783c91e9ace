package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdlRendererTest {

  private static final Map<String, String> VARS =
      DdlRenderer.variables("tglake", "s3://lake/enriched", "Europe/Lisbon");

  @Test
  void fillsOurPlaceholdersAndLeavesAthenasContextDate() {
    String out = DdlRenderer.render(
        "LOCATION '${LAKE_LOCATION}/t/' 'storage.location.template' = '${LAKE_LOCATION}/t/context_date=${context_date}/'"
            + " ${DATABASE} '${LOCAL_TZ}'", VARS);

    assertThat(out).isEqualTo("LOCATION 's3://lake/enriched/t/' 'storage.location.template' = "
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
    String view = DdlRenderer.bundled().stream()
        .filter(f -> f.name().equals("60_messages_local.sql")).findFirst().orElseThrow().text();

    assertThat(DdlRenderer.render(view, VARS))
        .contains("CREATE OR REPLACE VIEW tglake.messages_local")
        .contains("'Europe/Lisbon'")
        .doesNotContain("America/Sao_Paulo'");
  }

  @Test
  void refusesUnknownPlaceholdersAndBadValues() {
    assertThatThrownBy(() -> DdlRenderer.render("${BUCKET}", VARS)).hasMessageContaining("${BUCKET}");
    assertThatThrownBy(() -> DdlRenderer.variables("Tg-Lake", "s3://x", "UTC"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DdlRenderer.variables("tglake", "s3://x", "Mars/Base"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bundledFilesAreTheResourcesInFileOrder() {
    assertThat(DdlRenderer.bundled()).extracting(DdlRenderer.DdlFile::name)
        .as("numeric prefixes give the creation order: database, tables, then the view over messages")
        .containsExactly("00_database.sql", "10_messages.sql", "20_message_entities.sql", "30_callback_queries.sql",
            "40_chat_member_updates.sql", "50_updates.sql", "60_messages_local.sql");
    assertThat(DdlRenderer.readDirectory(Path.of("src/main/resources/tglake/ddl")))
        .as("the packaged copies are the source files").isEqualTo(DdlRenderer.bundled());
  }

  @Test
  void commandLineWritesOneRenderedFilePerStatementFileIntoOutWithTheLocalZone(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = DdlRenderer.run(new String[] {"--database", "tglake", "--lake-location", "s3://b/enriched",
        "--ddl-dir", "ddl", "--local-tz", "Asia/Tokyo", "--out", tmp.resolve("rendered").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).as("--out: nothing on stdout").isEmpty();
    java.util.List<String> names;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(tmp.resolve("rendered"))) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(names).as("one file per statement file").containsExactlyElementsOf(
        DdlRenderer.readDirectory(Path.of("ddl")).stream().map(DdlRenderer.DdlFile::name).sorted().toList());
    assertThat(java.nio.file.Files.readString(tmp.resolve("rendered/60_messages_local.sql")))
        .as("--local-tz in the view").contains("'Asia/Tokyo'").doesNotContain("'America/Sao_Paulo'");
    assertThat(java.nio.file.Files.readString(tmp.resolve("rendered/10_messages.sql")))
        .contains("LOCATION 's3://b/enriched/messages/'");
  }
}
