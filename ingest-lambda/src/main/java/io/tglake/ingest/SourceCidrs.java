package io.tglake.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Optional source-IP allow-list ({@code ALLOWED_SOURCE_CIDRS}): IPv4 and IPv6 networks in CIDR
 * notation. Empty = off (every source allowed). Only IP literals are ever parsed: a host name in
 * the setting or a non-IP "sourceIp" (the API Gateway console's test invoke sends {@code
 * test-invoke-source-ip}) never triggers a DNS lookup.
 *
 * <p>IPv4-mapped IPv6 sources ({@code ::ffff:149.154.167.220}) match IPv4 networks, because the JDK
 * turns them into IPv4 addresses.
 */
public final class SourceCidrs {
  /** Off: every source is allowed. */
  public static final SourceCidrs OFF = new SourceCidrs(List.of());

  private final List<Cidr> networks;

  private SourceCidrs(List<Cidr> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * Parses a comma-separated list such as {@code "149.154.160.0/20, 91.108.4.0/22,
   * 2001:67c:4e8::/48"}. A bare address means that single host. Unset or blank = {@link #OFF}.
   *
   * @param variable name used in the error message (the env variable or CLI option)
   * @throws IllegalStateException naming {@code variable} and the bad entry: not an IP literal, a
   *     prefix length out of range, or host bits set (usually a typo in the network address)
   */
  public static SourceCidrs parse(String variable, String value) {
    if (value == null || value.isBlank()) {
      return OFF;
    }
    List<Cidr> networks = new ArrayList<>();
    for (String part : value.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        networks.add(Cidr.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            variable
                + " must be comma-separated CIDRs like 149.154.160.0/20 or "
                + "2001:67c:4e8::/48; '"
                + entry
                + "': "
                + e.getMessage());
      }
    }
    return networks.isEmpty() ? OFF : new SourceCidrs(networks);
  }

  /** Whether the list is on. */
  public boolean enabled() {
    return !networks.isEmpty();
  }

  /**
   * Whether {@code sourceIp} may call. Always true when the list is off; when it is on, a missing
   * or unparseable source is refused (fail closed: the filter exists to keep unknown callers out).
   */
  public boolean allows(String sourceIp) {
    if (networks.isEmpty()) {
      return true;
    }
    byte[] address = literal(sourceIp);
    if (address == null) {
      return false;
    }
    for (Cidr network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return networks.isEmpty()
        ? "off"
        : networks.stream().map(Cidr::toString).collect(Collectors.joining(","));
  }

  /**
   * Bytes of an IPv4 or IPv6 literal (4 or 16; IPv4-mapped IPv6 gives 4), or null for anything
   * else.
   */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    boolean v6 = text.indexOf(':') >= 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || c == '.'
              || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return null;
      }
    }
    if (!v6) {
      return ipv4(text);
    }
    try {
      // A string with ':' is only ever parsed as an IPv6 literal by the JDK (no resolver call);
      // invalid ones throw.
      InetAddress address = InetAddress.getByName(text);
      return address.getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null; // leading zeros are octal to some parsers: refuse the ambiguity
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** One network: address bytes (4 or 16) and prefix length. */
  private record Cidr(byte[] network, int prefix, String text) {

    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      String addressText = slash < 0 ? entry : entry.substring(0, slash);
      byte[] address = literal(addressText);
      if (address == null) {
        throw new IllegalArgumentException("not an IPv4 or IPv6 address");
      }
      int max = address.length * 8;
      int prefix = max;
      if (slash >= 0) {
        String len = entry.substring(slash + 1);
        if (!len.matches("\\d{1,3}")) {
          throw new IllegalArgumentException("prefix length must be a number");
        }
        prefix = Integer.parseInt(len);
        if (address.length == 4 && addressText.indexOf(':') >= 0) {
          // ::ffff:a.b.c.d/n became an IPv4 address: its prefix counted the 96 mapped bits
          prefix -= 96;
        }
        if (prefix < 0 || prefix > max) {
          throw new IllegalArgumentException("prefix length must be 0.." + max);
        }
      }
      for (int bit = prefix; bit < max; bit++) {
        if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
          throw new IllegalArgumentException(
              "host bits set after /" + prefix + " (use the network address)");
        }
      }
      return new Cidr(address, prefix, entry);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
