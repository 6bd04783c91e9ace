package io.tglake.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fills the placeholders of the Athena DDL files: {@code ${DATABASE}}, {@code ${LAKE_LOCATION}} and
 * {@code ${LOCAL_TZ}}. Athena's own {@code ${context_date}} (inside {@code
 * storage.location.template}) is left untouched: partition projection substitutes it at query time.
 *
 * <p>The DDL files themselves are this module's resources {@code tglake/ddl/*.sql} ({@link
 * #bundled()}); the sql module's {@code DdlRenderCommand} prints them rendered. Knows nothing of
 * {@code TableDefinitions}, which parses what this class reads.
 */
public final class DdlRenderer {

  /** Default zone of the local-time view. */
  public static final String DEFAULT_LOCAL_TZ = "America/Sao_Paulo";

  /** One DDL file: name (e.g. {@code 10_messages.sql}) and text. */
  public record DdlFile(String name, String text) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final String BUNDLED_DIR = "tglake/ddl/";

  private DdlRenderer() {}

  /**
   * The variables map for {@link #render}, validated: database a lower-case identifier, lake
   * location without trailing slash (the DDL appends {@code /table/}), a valid IANA zone.
   */
  public static Map<String, String> variables(
      String database, String lakeLocation, String localTz) {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database must match [a-z_][a-z0-9_]*: " + database);
    }
    String location = lakeLocation.strip();
    while (location.endsWith("/")) {
      location = location.substring(0, location.length() - 1);
    }
    if (location.isEmpty()) {
      throw new IllegalArgumentException("lake location must not be empty");
    }
    try {
      ZoneId.of(localTz);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not an IANA time zone: " + localTz, e);
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("DATABASE", database);
    vars.put("LAKE_LOCATION", location);
    vars.put("LOCAL_TZ", localTz);
    return vars;
  }

  /**
   * Replaces {@code ${NAME}} placeholders with values from {@code variables}; {@code
   * ${context_date}} stays as it is.
   *
   * @throws IllegalArgumentException on any other placeholder without a value (a typo would
   *     otherwise reach Athena as a literal)
   */
  public static String render(String ddl, Map<String, String> variables) {
    Matcher m = PLACEHOLDER.matcher(ddl);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement;
      if ("context_date".equals(name)) {
        replacement = m.group();
      } else if (variables.containsKey(name)) {
        replacement = variables.get(name);
      } else {
        throw new IllegalArgumentException("no value for placeholder ${" + name + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The {@code *.sql} files of a directory, sorted by name (the numeric prefixes give creation
   * order).
   */
  public static List<DdlFile> readDirectory(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".sql"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(p -> new DdlFile(p.getFileName().toString(), read(p)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /**
   * The DDL files packaged in the tglake-contract jar (or target/classes) under {@code
   * tglake/ddl/}.
   */
  public static List<DdlFile> bundled() {
    Path source;
    try {
      source =
          Path.of(DdlRenderer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the tglake-contract classes", e);
    }
    if (Files.isDirectory(source)) {
      return readDirectory(source.resolve(BUNDLED_DIR));
    }
    List<DdlFile> files = new ArrayList<>();
    try (JarFile jar = new JarFile(source.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().startsWith(BUNDLED_DIR) && e.getName().endsWith(".sql")) {
          String text = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
          files.add(new DdlFile(e.getName().substring(BUNDLED_DIR.length()), text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    files.sort(Comparator.comparing(DdlFile::name));
    return files;
  }

  /** The UTF-8 text of a file (a DDL or query file). */
  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
