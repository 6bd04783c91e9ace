package io.tglake.etl.pseudonym;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal identifiers in free text with typed placeholders: {@code <email>}, {@code <cpf>},
 * {@code <phone>}, {@code <card>}, {@code <mention>}. Plain Java (no Spark) so that every rule is unit-tested
 * with exact strings; {@link Pseudonymizer} wraps it in a UDF.
 *
 * <p>Rules (one left-to-right scan, the first alternative that matches at a position wins):
 * <ul>
 *   <li>e-mail addresses;
 *   <li>CPF written with punctuation ({@code 123.456.789-09}) — always, even with wrong check digits;
 *   <li>cards written in groups ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}) — always;
 *   <li>Brazilian phones with country code or area code: {@code +55 (11) 91234-5678}, {@code (11) 3456-7890},
 *       {@code 11 91234-5678}; mobiles without area code only in the 9-digit form ({@code 91234-5678});
 *   <li>a bare run of digits is classified by its length: 11 digits with valid CPF check digits = CPF, else
 *       an area code + number shape = phone; 13–19 digits passing the Luhn check = card; 12–13 digits
 *       starting with 55 + a phone shape = phone; anything else stays (order numbers, protocols, amounts);
 *   <li>{@code @username} mentions (5–32 characters, as Telegram allows).
 * </ul>
 * Numbers glued to letters, {@code -}, {@code /} or a digit group separator ({@code PED-2026-0042},
 * {@code 22/11/2026}, {@code R$ 1.234,56}) are not candidates: near-misses stay readable.
 */
public final class TextMasker implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Not preceded by a letter/digit/underscore, a '-', '/', or a digit followed by '.' or ','. */
  private static final String START = "(?<![\\p{L}\\p{N}_/\\-])(?<!\\p{N}[.,])";
  /** Not followed by a letter/digit, nor by a separator that continues the number. */
  private static final String END = "(?![\\p{L}\\p{N}_])(?![.,/\\-]\\p{N})";

  private static final Pattern SCAN = Pattern.compile(
      "(?<email>[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)*\\.\\p{L}{2,})"
      + "|" + START + "(?:"
      + "(?<cpf>\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2})"
      + "|(?<card>\\d{4}(?:[ \\-]\\d{4}){2}[ \\-]\\d{1,7}|\\d{4}[ \\-]\\d{6}[ \\-]\\d{4,5})"
      + "|(?<phone>(?:\\+\\s?55[\\s.\\-]?|55[\\s.\\-])?"
      + "(?:\\(\\s?[1-9]{2}\\s?\\)|[1-9]{2}(?=[\\s.\\-]))[\\s.\\-]?(?:9\\s?\\d{4}|[2-5]\\d{3})[\\s.\\-]?\\d{4}"
      + "|\\+\\s?55\\s?[1-9]{2}(?:9\\d{8}|[2-5]\\d{7})"
      + "|9\\d{4}[\\s.\\-]\\d{4})"
      + "|(?<digits>\\d{9,19})"
      + ")" + END
      + "|(?<![\\p{L}\\p{N}_@.])(?<mention>@[A-Za-z][A-Za-z0-9_]{4,31})(?![A-Za-z0-9_@.])");

  /** {@code text} with every identifier replaced (null stays null). */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = SCAN.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String placeholder = placeholder(m);
      if (placeholder == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(placeholder);
      last = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /**
   * An entity's text: entities Telegram itself recognised as personal are replaced whole ({@code phone_number},
   * {@code email}, {@code mention}, {@code text_mention} = a person's display name), others are masked like text.
   */
  public String maskEntity(String type, String entityText) {
    if (entityText == null || type == null) {
      return mask(entityText);
    }
    return switch (type) {
      case "phone_number" -> "<phone>";
      case "email" -> "<email>";
      case "mention" -> "<mention>";
      case "text_mention" -> "<name>";
      default -> mask(entityText);
    };
  }

  private static String placeholder(Matcher m) {
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
    if (isLocalPhone(d) || n >= 12 && n <= 13 && d.startsWith("55") && isAreaPhone(d.substring(2))) {
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
