package io.tglake.etl.pseudonym;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal identifiers in free text with typed placeholders: {@code <email>}, {@code
 * <cpf>}, {@code <phone>}, {@code <card>}, {@code <mention>}. Plain Java (no Spark) so that every
 * rule is unit-tested with exact strings; {@link Pseudonymizer} wraps it in a UDF.
 *
 * <p>Rules (one left-to-right scan, the first alternative that matches at a position wins):
 *
 * <ul>
 *   <li>links ({@code https://…}, {@code tg://…}, a bare {@code host.tld/path} such as {@code
 *       wa.me/5511…}): masked by what they carry ({@link #maskUrl}), otherwise kept whole;
 *   <li>e-mail addresses;
 *   <li>CPF written with punctuation ({@code 123.456.789-09}) — always, even with wrong check
 *       digits;
 *   <li>cards written in groups ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}) — always;
 *   <li>Brazilian phones with country code or area code: {@code +55 (11) 91234-5678}, {@code (11)
 *       3456-7890}, {@code 11 91234-5678}; mobiles without area code only in the 9-digit form
 *       ({@code 91234-5678});
 *   <li>a bare run of digits is classified by its length: 11 digits with valid CPF check digits =
 *       CPF, else an area code + number shape = phone; 13–19 digits passing the Luhn check = card;
 *       12–13 digits starting with 55 + a phone shape = phone; anything else stays (order numbers,
 *       protocols, amounts);
 *   <li>{@code @username} mentions (5–32 characters, as Telegram allows).
 * </ul>
 *
 * Numbers glued to letters, {@code -}, {@code /} or a digit group separator ({@code PED-2026-0042},
 * {@code 22/11/2026}, {@code R$ 1.234,56}) are not candidates: near-misses stay readable. Message
 * text with entities goes through {@link #maskWithEntities}, which also replaces the spans Telegram
 * marked as personal.
 */
public final class TextMasker implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Not preceded by a letter/digit/underscore, a '-', '/', or a digit followed by '.' or ','. */
  private static final String START = "(?<![\\p{L}\\p{N}_/\\-])(?<!\\p{N}[.,])";

  /** Not followed by a letter/digit, nor by a separator that continues the number. */
  private static final String END = "(?![\\p{L}\\p{N}_])(?![.,/\\-]\\p{N})";

  private static final String IDENTIFIERS =
      "(?<email>[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)*\\.\\p{L}{2,})"
          + "|"
          + START
          + "(?:"
          + "(?<cpf>\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2})"
          + "|(?<card>\\d{4}(?:[ \\-]\\d{4}){2}[ \\-]\\d{1,7}|\\d{4}[ \\-]\\d{6}[ \\-]\\d{4,5})"
          + "|(?<phone>(?:\\+\\s?55[\\s.\\-]?|55[\\s.\\-])?"
          + "(?:\\(\\s?[1-9]{2}\\s?\\)|[1-9]{2}(?=[\\s.\\-]))[\\s.\\-]?(?:9\\s?\\d{4}|[2-5]\\d{3})[\\s.\\-]?\\d{4}"
          + "|\\+\\s?55\\s?[1-9]{2}(?:9\\d{8}|[2-5]\\d{7})"
          + "|9\\d{4}[\\s.\\-]\\d{4})"
          + "|(?<digits>\\d{9,19})"
          + ")"
          + END
          + "|(?<![\\p{L}\\p{N}_@.])(?<mention>@[A-Za-z][A-Za-z0-9_]{4,31})(?![A-Za-z0-9_@.])";

  /**
   * A link in text: with a scheme ({@code https://}, {@code tg://}) or a bare host with a path
   * ({@code wa.me/5511…}, {@code loja.com.br/pedido/…}); trailing punctuation is not part of it.
   */
  private static final String LINK =
      "(?<url>(?:(?i:https?|tg)://|(?<![\\p{L}\\p{N}_@.\\-/])"
          + "(?:[A-Za-z0-9\\-]+\\.)+[A-Za-z]{2,}/)[^\\s<>\"]*[^\\s<>\".,;:!?)\\]}'])";

  private static final Pattern SCAN = Pattern.compile(LINK + "|" + IDENTIFIERS);

  /** Without links: for the parts of a link, which {@link UrlMasker} has already split. */
  private static final Pattern PLAIN = Pattern.compile(IDENTIFIERS);

  private final UrlMasker urls = new UrlMasker(this);

  /**
   * {@code text} with every identifier replaced, links masked by {@link #maskUrl} (null stays
   * null).
   */
  public String mask(String text) {
    return mask(text, SCAN);
  }

  /**
   * A link (e.g. {@code message_entities.url}) masked by what it carries; see {@link UrlMasker}.
   */
  public String maskUrl(String url) {
    return urls.mask(url);
  }

  /** The text rules without link detection (a part of a link). */
  String maskPlain(String text) {
    return mask(text, PLAIN);
  }

  private String mask(String text, Pattern pattern) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<Span> spans = new ArrayList<>();
    scan(text, 0, text.length(), pattern, spans);
    return apply(text, spans);
  }

  /**
   * A replacement of {@code [start, end)} of the original text (UTF-16 code units, as Java strings
   * count).
   */
  record Span(int start, int end, String placeholder) {}

  /**
   * Adds the identifiers found in {@code [from, to)} (transparent bounds: look-arounds see the
   * neighbours).
   */
  private void scan(String text, int from, int to, Pattern pattern, List<Span> out) {
    Matcher m =
        pattern.matcher(text).region(from, to).useTransparentBounds(true).useAnchoringBounds(false);
    while (m.find()) {
      String placeholder = placeholder(m);
      if (placeholder != null) {
        out.add(new Span(m.start(), m.end(), placeholder));
      }
    }
  }

  private static String apply(String text, List<Span> spans) {
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    for (Span s : spans) {
      out.append(text, last, s.start()).append(s.placeholder());
      last = s.end();
    }
    return out.append(text, last, text.length()).toString();
  }

  /**
   * A message's text or caption masked together with its entities, so that the entities still point
   * into the masked text. Entities Telegram recognised as personal become placeholders whole —
   * {@code text_mention} (a person without a username, shown by name) and {@code mention} → {@code
   * <mention>}, {@code phone_number} → {@code <phone>}, {@code email} → {@code <email>}, {@code
   * url} → the link masked — and the rest of the text is masked by {@link #mask}. Each entity's
   * offset and length are then recomputed in UTF-16 code units on the masked text: an entity that
   * covered a masked span covers its placeholder, one that started or ended inside it is widened to
   * the placeholder's bounds. An entity that denoted no text before denotes none after: a missing
   * or negative offset or length is kept, one that ends past the text is shifted by the change in
   * the text's length so that it still ends past it.
   *
   * @param types, offsets, lengths the entities' fields, in their order (elements may be null)
   */
  public Masked maskWithEntities(
      String text, List<String> types, List<Long> offsets, List<Long> lengths) {
    if (text == null || text.isEmpty()) {
      return new Masked(text, offsets, lengths);
    }
    int n = types == null ? 0 : types.size();
    List<Span> personal = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!inRange(text, offsets.get(i), lengths.get(i)) || lengths.get(i) == 0) {
        continue;
      }
      int start = offsets.get(i).intValue();
      int end = start + lengths.get(i).intValue();
      String placeholder = entityPlaceholder(types.get(i), text.substring(start, end));
      if (placeholder != null) {
        personal.add(new Span(start, end, placeholder));
      }
    }
    personal.sort(
        Comparator.comparingInt(Span::start)
            .thenComparing(Comparator.comparingInt(Span::end).reversed()));
    List<Span> spans = new ArrayList<>();
    int covered = 0;
    for (Span s : personal) {
      if (s.start() < covered) {
        if (s.end() > covered) { // overlapping personal entities: one placeholder for their union
          Span last = spans.remove(spans.size() - 1);
          spans.add(new Span(last.start(), s.end(), last.placeholder()));
          covered = s.end();
        }
        continue;
      }
      scan(text, covered, s.start(), SCAN, spans);
      spans.add(s);
      covered = s.end();
    }
    scan(text, covered, text.length(), SCAN, spans);
    String masked = apply(text, spans);
    List<Long> newOffsets = new ArrayList<>(n);
    List<Long> newLengths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Long offset = offsets.get(i);
      Long length = lengths.get(i);
      if (!inRange(text, offset, length)) {
        // past the end: shifted by the change in length, so that it stays past the end of the
        // masked text
        boolean pastEnd = offset != null && length != null && offset >= 0 && length >= 0;
        newOffsets.add(pastEnd ? Long.valueOf(offset + masked.length() - text.length()) : offset);
        newLengths.add(length);
        continue;
      }
      int start = offsets.get(i).intValue();
      long newStart = moved(spans, start, true);
      long newEnd = Math.max(newStart, moved(spans, start + lengths.get(i).intValue(), false));
      newOffsets.add(newStart);
      newLengths.add(newEnd - newStart);
    }
    return new Masked(masked, newOffsets, newLengths);
  }

  /** Masked text and its entities' offsets and lengths (UTF-16 code units), in the order given. */
  public record Masked(String text, List<Long> offsets, List<Long> lengths) {}

  private static boolean inRange(String text, Long offset, Long length) {
    return offset != null
        && length != null
        && offset >= 0
        && length >= 0
        && offset + length <= text.length();
  }

  /**
   * Where an original position lands in the masked text; a position strictly inside a replaced span
   * goes to the placeholder's start (an entity's start) or end (an entity's end).
   */
  private static long moved(List<Span> spans, int pos, boolean isStart) {
    long shift = 0;
    for (Span s : spans) {
      if (s.end() <= pos) {
        shift += s.placeholder().length() - (s.end() - s.start());
      } else if (s.start() < pos) {
        return s.start() + shift + (isStart ? 0 : s.placeholder().length());
      } else {
        break;
      }
    }
    return pos + shift;
  }

  private String entityPlaceholder(String type, String slice) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "phone_number" -> "<phone>";
      case "email" -> "<email>";
      case "mention", "text_mention" -> "<mention>";
      case "url" -> {
        String m = maskUrl(slice);
        yield m.equals(slice) ? null : m;
      }
      default -> null;
    };
  }

  /**
   * An entity's text: entities Telegram itself recognised as personal are replaced whole ({@code
   * phone_number}, {@code email}, {@code mention}, {@code text_mention} = a person's display name),
   * others are masked like text. (The ETL takes entity texts from {@link #maskWithEntities}; this
   * is the same rule for a lone slice.)
   */
  public String maskEntity(String type, String entityText) {
    if (entityText == null || type == null) {
      return mask(entityText);
    }
    return switch (type) {
      case "phone_number" -> "<phone>";
      case "email" -> "<email>";
      case "mention", "text_mention" -> "<mention>";
      case "url" -> maskUrl(entityText);
      default -> mask(entityText);
    };
  }

  private String placeholder(Matcher m) {
    if (m.pattern() == SCAN && m.group("url") != null) {
      String masked = maskUrl(m.group("url"));
      return masked.equals(m.group("url")) ? null : masked;
    }
    if (m.group("email") != null) {
      return "<email>";
    }
    if (m.group("cpf") != null) {
      return "<cpf>";
    }
    if (m.group("card") != null) {
      return "<card>";
    }
    if (m.group("phone") != null) {
      return "<phone>";
    }
    if (m.group("mention") != null) {
      return "<mention>";
    }
    return classifyDigits(m.group("digits"));
  }

  /** A bare digit run: see the class doc. Null = not an identifier, keep it. */
  static String classifyDigits(String d) {
    int n = d.length();
    if (n == 11 && validCpf(d)) {
      return "<cpf>";
    }
    if (isLocalPhone(d)
        || n >= 12 && n <= 13 && d.startsWith("55") && isAreaPhone(d.substring(2))) {
      return "<phone>";
    }
    if (n >= 13 && luhn(d)) {
      return "<card>";
    }
    return null;
  }

  /** 9-digit mobile (9xxxxxxxx) or area code + mobile/landline. */
  private static boolean isLocalPhone(String d) {
    return d.length() == 9 && d.charAt(0) == '9' || isAreaPhone(d);
  }

  /** Two-digit area code (no zero) + 9xxxxxxxx mobile or [2-5]xxxxxxx landline. */
  private static boolean isAreaPhone(String d) {
    if (d.length() != 10 && d.length() != 11 || d.charAt(0) == '0' || d.charAt(1) == '0') {
      return false;
    }
    char first = d.charAt(2);
    return d.length() == 11 ? first == '9' : first >= '2' && first <= '5';
  }

  /** CPF check digits (mod 11); repeated digits (000.000.000-00 ...) are not valid CPFs. */
  static boolean validCpf(String d) {
    if (d.chars().distinct().count() == 1) {
      return false;
    }
    for (int check = 9; check <= 10; check++) {
      int sum = 0;
      for (int i = 0; i < check; i++) {
        sum += (d.charAt(i) - '0') * (check + 1 - i);
      }
      int digit = (sum * 10) % 11 % 10;
      if (digit != d.charAt(check) - '0') {
        return false;
      }
    }
    return true;
  }

  /** The Luhn checksum every payment card number satisfies. */
  static boolean luhn(String d) {
    int sum = 0;
    for (int i = 0; i < d.length(); i++) {
      int v = d.charAt(d.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
    }
    return sum % 10 == 0;
  }
}
