package io.tglake.sql;

import io.tglake.contract.DdlRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query library of {@code sql/queries/}: one query per file, named by the file stem (e.g.
 * {@code messages_per_day}), with the question it answers in a leading comment.
 *
 * <p>Queries are looked up in the source folder {@code sql/queries} when it can be found next to
 * the module's classes (so an edited file is used at once), else in the copies packaged in the jar.
 */
public final class QueryLibrary {

  /**
   * One query file: name, the question (first comment line, without "Question:"), and the SQL text.
   */
  public record Query(String name, String question, String sql) {}

  private final Optional<Path> directory;

  /** A library over a directory, or over the packaged copies when empty. */
  public QueryLibrary(Optional<Path> directory) {
    this.directory = directory;
  }

  /** The library next to the running classes ({@code <module>/queries}) or the packaged copies. */
  public static QueryLibrary located() {
    try {
      Path classes =
          Path.of(QueryLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate =
          classes.getParent() == null || classes.getParent().getParent() == null
              ? null
              : classes.getParent().getParent().resolve("queries");
      if (candidate != null && Files.isDirectory(candidate)) {
        return new QueryLibrary(Optional.of(candidate));
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall back to the packaged copies
    }
    return new QueryLibrary(Optional.empty());
  }

  /**
   * Loads a query by library name ({@code messages_per_day}) or by path to any {@code .sql} file.
   *
   * @throws IllegalArgumentException when neither exists (the message lists the known names)
   */
  public Query load(String nameOrFile) {
    Path file = Path.of(nameOrFile);
    if (nameOrFile.endsWith(".sql") && Files.isRegularFile(file)) {
      return parse(stem(file.getFileName().toString()), DdlRenderer.read(file));
    }
    String name = nameOrFile.endsWith(".sql") ? stem(nameOrFile) : nameOrFile;
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("no such query file or name: " + nameOrFile);
    }
    Optional<String> text =
        directory.isPresent()
            ? Optional.of(directory.get().resolve(name + ".sql"))
                .filter(Files::isRegularFile)
                .map(DdlRenderer::read)
            : bundled(name);
    return text.map(t -> parse(name, t))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no such query: "
                        + nameOrFile
                        + " (known: "
                        + String.join(", ", names())
                        + ")"));
  }

  /** Library names in alphabetical order. */
  public List<String> names() {
    if (directory.isPresent()) {
      try (Stream<Path> files = Files.list(directory.get())) {
        return files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".sql"))
            .map(QueryLibrary::stem)
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + directory.get(), e);
      }
    }
    try (InputStream index = QueryLibrary.class.getResourceAsStream("/tglake/queries/")) {
      if (index != null) { // directory listing works for target/classes only
        return new String(index.readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(n -> n.endsWith(".sql"))
            .map(QueryLibrary::stem)
            .sorted()
            .toList();
      }
    } catch (IOException e) {
      // no listing available
    }
    return List.of();
  }

  /** All queries of the library. */
  public List<Query> all() {
    List<Query> queries = new ArrayList<>();
    for (String name : names()) {
      queries.add(load(name));
    }
    return queries;
  }

  static Query parse(String name, String sql) {
    String question =
        sql.lines()
            .map(String::strip)
            .filter(l -> l.startsWith("--"))
            .map(l -> l.substring(2).strip())
            .findFirst()
            .orElse("")
            .replaceFirst("^Question:\\s*", "");
    return new Query(name, question, sql);
  }

  private static Optional<String> bundled(String name) {
    try (InputStream in =
        QueryLibrary.class.getResourceAsStream("/tglake/queries/" + name + ".sql")) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read packaged query " + name, e);
    }
  }

  private static String stem(String fileName) {
    return fileName.substring(0, fileName.length() - ".sql".length());
  }

  /** Names and questions, one per line, for {@code --list}. */
  public String describe() {
    return all().stream()
        .map(q -> String.format("  %-30s %s", q.name(), q.question()))
        .collect(Collectors.joining("\n"));
  }
}
