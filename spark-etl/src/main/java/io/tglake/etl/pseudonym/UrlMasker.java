package io.tglake.etl.pseudonym;

import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks a link by what it carries, for {@code message_entities.url} and for links inside text
 * (through {@link TextMasker}):
 *
 * <ul>
 *   <li>{@code tel:…} → {@code tel:<phone>}, {@code mailto:…} → {@code mailto:<email>} (query kept,
 *       masked);
 *   <li>{@code wa.me/<digits>} → {@code wa.me/<phone>}; {@code t.me/<username>} (also {@code
 *       telegram.me}, {@code telegram.dog}) → {@code t.me/<mention>}, {@code t.me/+<digits>} →
 *       {@code t.me/<phone>}; Telegram's own paths ({@code t.me/c/…}, {@code joinchat}, {@code
 *       share}, invite links) and the path below the first segment (chat and message ids) stay;
 *   <li>{@code tg://user?id=N}, {@code tg://openmessage?user_id=N}, {@code tg://resolve?domain=X} →
 *       {@code <mention>} as the value;
 *   <li>any other link: each path segment, query value and fragment part is percent-decoded and
 *       masked with the text rules ({@link TextMasker#mask}); a part that changes is replaced by
 *       its masked text, every other part stays byte for byte. A query value whose key names a
 *       phone, e-mail or CPF is replaced whole.
 * </ul>
 *
 * So {@code https://loja.com/pedido/PED-2026-0042?data=2026-11-22} stays, and {@code
 * https://api.whatsapp.com/send?phone=5511987654321} becomes {@code …?phone=<phone>}.
 */
final class UrlMasker implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final Set<String> TELEGRAM_HOSTS = Set.of("t.me", "telegram.me", "telegram.dog");

  /** First path segments of t.me links that are Telegram features, not usernames. */
  private static final Set<String> TELEGRAM_PATHS =
      Set.of(
          "c",
          "s",
          "joinchat",
          "addstickers",
          "addemoji",
          "addtheme",
          "addlist",
          "share",
          "proxy",
          "socks",
          "setlanguage",
          "login",
          "invoice",
          "boost",
          "bg",
          "iv",
          "m",
          "contact",
          "giftcode",
          "nft");

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
  private static final Pattern PHONE_DIGITS = Pattern.compile("\\+?[\\d\\s().\\-]{6,}");
  private static final Set<String> PHONE_KEYS =
      Set.of("phone", "tel", "telefone", "celular", "whatsapp", "mobile", "phone_number");
  private static final Set<String> EMAIL_KEYS = Set.of("email", "e-mail", "mail");
  private static final Set<String> USER_KEYS = Set.of("domain", "user_id", "userid", "username");

  private final TextMasker text;

  UrlMasker(TextMasker text) {
    this.text = text;
  }

  /** The masked link (null stays null; a link without identifiers comes back unchanged). */
  String mask(String url) {
    if (url == null || url.isEmpty()) {
      return url;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tel:")) {
      return url.substring(0, 4) + "<phone>";
    }
    if (lower.startsWith("mailto:")) {
      int q = url.indexOf('?');
      return url.substring(0, 7)
          + "<email>"
          + (q < 0 ? "" : "?" + maskQuery(url.substring(q + 1), false));
    }
    if (lower.startsWith("tg:")) {
      int q = url.indexOf('?');
      return q < 0 ? url : url.substring(0, q + 1) + maskQuery(url.substring(q + 1), true);
    }
    int schemeEnd = lower.indexOf("://");
    int hostStart =
        schemeEnd >= 0 && lower.substring(0, schemeEnd).matches("[a-z][a-z0-9+.\\-]*")
            ? schemeEnd + 3
            : 0;
    int pathStart = firstOf(url, hostStart, "/?#");
    String host = lower.substring(hostStart, pathStart);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    int queryStart = firstOf(url, pathStart, "?#");
    int fragmentStart = firstOf(url, pathStart, "#");
    String path = url.substring(pathStart, queryStart);
    StringBuilder out = new StringBuilder(url.length()).append(url, 0, pathStart);
    out.append(maskPath(host, path));
    if (queryStart < fragmentStart) {
      out.append('?').append(maskQuery(url.substring(queryStart + 1, fragmentStart), false));
    }
    if (fragmentStart < url.length()) {
      out.append('#').append(maskQuery(url.substring(fragmentStart + 1), false));
    }
    return out.toString();
  }

  private String maskPath(String host, String path) {
    String[] segments = path.split("/", -1);
    // segments[0] is the empty text before the path's leading '/'
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      if (i == 1 && host.equals("wa.me") && PHONE_DIGITS.matcher(decode(s, false)).matches()) {
        segments[i] = "<phone>";
      } else if (i == 1
          && TELEGRAM_HOSTS.contains(host)
          && s.startsWith("+")
          && PHONE_DIGITS.matcher(decode(s, false)).matches()) {
        segments[i] = "<phone>";
      } else if (i == 1
          && TELEGRAM_HOSTS.contains(host)
          && USERNAME.matcher(s).matches()
          && !TELEGRAM_PATHS.contains(s.toLowerCase(Locale.ROOT))) {
        segments[i] = "<mention>";
      } else if (!TELEGRAM_HOSTS.contains(host)) {
        segments[i] = maskPart(s, false);
      } // below a Telegram feature path: chat and message ids, invite hashes
    }
    return String.join("/", segments);
  }

  /**
   * {@code k=v&k2=v2}: each value masked (by its key's meaning, else by the text rules); keys stay.
   */
  private String maskQuery(String query, boolean telegramScheme) {
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (eq < 0) {
        pairs[i] = maskPart(pair, true);
        continue;
      }
      String key = decode(pair.substring(0, eq), true).toLowerCase(Locale.ROOT);
      String value = pair.substring(eq + 1);
      String masked;
      if (value.isEmpty() || value.startsWith("<") && value.endsWith(">")) {
        masked = value;
      } else if (PHONE_KEYS.contains(key)) {
        masked = "<phone>";
      } else if (EMAIL_KEYS.contains(key)) {
        masked = "<email>";
      } else if (key.equals("cpf")) {
        masked = "<cpf>";
      } else if (telegramScheme && (USER_KEYS.contains(key) || key.equals("id"))) {
        masked = "<mention>";
      } else {
        masked = maskPart(value, true);
      }
      pairs[i] = pair.substring(0, eq + 1) + masked;
    }
    return String.join("&", pairs);
  }

  /** One URL part: unchanged unless its decoded text holds an identifier, then that text masked. */
  private String maskPart(String part, boolean query) {
    if (part.isEmpty()) {
      return part;
    }
    String decoded = decode(part, query);
    String masked = text.maskPlain(decoded);
    return masked.equals(decoded) ? part : masked;
  }

  private static String decode(String s, boolean query) {
    try {
      // URLDecoder turns '+' into a space, which is right for query strings only
      return URLDecoder.decode(query ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a stray '%' — mask the text as written
    }
  }

  private static int firstOf(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }
}
