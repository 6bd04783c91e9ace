package io.tglake.etl.erasure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link rule of {@link ReferenceRedactor}: {@code tg://user?id=<their id>} inside any string
 * becomes {@code tg://user?id=0}; in a bot's HTML ({@code <a href="tg://user?id=…">name</a>}) or
 * Markdown ({@code [name](tg://user?id=…)}) text the link's words, a name, become {@link
 * ReferenceRedactor#TEXT_MASK} too. Links to anyone else stay exactly as they are.
 */
final class UserLinks {

  private static final Pattern HTML_LINK =
      Pattern.compile(
          "<a\\s+href\\s*=\\s*([\"'])tg://user\\?id=(\\d{1,19})\\1\\s*>.*?</a>", Pattern.DOTALL);
  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("\\[[^\\]]*]\\(tg://user\\?id=(\\d{1,19})\\)");
  private static final Pattern USER_LINK = Pattern.compile("tg://user\\?id=(\\d{1,19})");

  private final PersonIdentity who;

  UserLinks(PersonIdentity who) {
    this.who = who;
  }

  /** {@code text} without links to them, or null when it has none (nothing to rewrite). */
  String clean(String text) {
    if (!text.contains("tg://user?id=")) {
      return null;
    }
    String cleaned =
        replaceLinks(
            text,
            HTML_LINK,
            2,
            "<a href=\"tg://user?id=0\">" + ReferenceRedactor.TEXT_MASK + "</a>");
    cleaned =
        replaceLinks(
            cleaned, MARKDOWN_LINK, 1, "[" + ReferenceRedactor.TEXT_MASK + "](tg://user?id=0)");
    cleaned = replaceLinks(cleaned, USER_LINK, 1, "tg://user?id=0");
    return cleaned.equals(text) ? null : cleaned;
  }

  /** Replaces every match of {@code p} whose group {@code idGroup} is one of their ids. */
  private String replaceLinks(String text, Pattern p, int idGroup, String replacement) {
    Matcher m = p.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String id = m.group(idGroup);
      boolean theirs = id.length() < 19 && who.ids().contains(Long.parseLong(id));
      m.appendReplacement(sb, Matcher.quoteReplacement(theirs ? replacement : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
