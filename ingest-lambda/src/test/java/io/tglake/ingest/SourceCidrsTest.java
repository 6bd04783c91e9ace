package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceCidrsTest {
  /** Telegram's published webhook ranges plus one of its IPv6 networks. */
  private static final SourceCidrs TELEGRAM =
      SourceCidrs.parse(
          "ALLOWED_SOURCE_CIDRS", " 149.154.160.0/20, 91.108.4.0/22 ,2001:67c:4e8::/48,");

  @ParameterizedTest
  @CsvSource({
    "149.154.160.0, true",
    "149.154.167.220, true",
    "149.154.175.255, true",
    "149.154.176.0, false",
    "149.154.159.255, false",
    "91.108.4.0, true",
    "91.108.7.255, true",
    "91.108.8.0, false",
    "::ffff:149.154.167.220, true",
    "2001:67c:4e8:f004::9, true",
    "2001:67c:4e9::1, false",
    "203.0.113.50, false",
    "2001:db8::1, false",
    "127.0.0.1, false"
  })
  void matchesAddressesAgainstTheNetworks(String ip, boolean allowed) {
    assertThat(TELEGRAM.allows(ip)).as(ip).isEqualTo(allowed);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "test-invoke-source-ip",
        "localhost",
        "149.154.167",
        "149.154.167.220.1",
        "149.154.167.256",
        "149.154.0167.1",
        "2001:67c:4e8::zz",
        "149.154.167.220 "
      })
  void aMissingOrNonLiteralSourceIsRefusedWhenTheListIsOn(String ip) {
    assertThat(TELEGRAM.allows(ip)).as("'%s'", ip).isFalse();
    assertThat(TELEGRAM.allows(null)).isFalse();
  }

  @Test
  void unsetOrBlankIsOffAndAllowsEverything() {
    for (String value : new String[] {null, "", " ", " , "}) {
      SourceCidrs off = SourceCidrs.parse("ALLOWED_SOURCE_CIDRS", value);
      assertThat(off.enabled()).as("'%s'", value).isFalse();
      assertThat(off.allows(null)).isTrue();
      assertThat(off.allows("203.0.113.50")).isTrue();
    }
  }

  @Test
  void aBareAddressIsOneHostAndSlashZeroIsEverythingOfItsFamily() {
    SourceCidrs host = SourceCidrs.parse("X", "91.108.6.71");
    assertThat(host.allows("91.108.6.71")).isTrue();
    assertThat(host.allows("91.108.6.72")).isFalse();
    SourceCidrs any4 = SourceCidrs.parse("X", "0.0.0.0/0");
    assertThat(any4.allows("203.0.113.50")).isTrue();
    assertThat(any4.allows("2001:db8::1")).as("IPv4 networks never match IPv6 sources").isFalse();
    assertThat(SourceCidrs.parse("X", "::ffff:149.154.160.0/116").allows("149.154.167.220"))
        .as("an IPv4-mapped network is an IPv4 network")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "149.154.160.0/33",
        "149.154.160.0/-1",
        "149.154.160.0/",
        "149.154.167.0/20",
        "telegram.org/24",
        "localhost",
        "149.154.160/20",
        "2001:67c:4e8::/129",
        "2001:67c:4e8::1/48",
        "a/b"
      })
  void anInvalidEntryFailsNamingTheVariableAndTheEntry(String entry) {
    assertThatThrownBy(() -> SourceCidrs.parse("ALLOWED_SOURCE_CIDRS", "91.108.4.0/22," + entry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ALLOWED_SOURCE_CIDRS")
        .hasMessageContaining("'" + entry + "'");
  }

  @Test
  void hostBitsSetIsExplainedAsATypo() {
    assertThatThrownBy(() -> SourceCidrs.parse("ALLOWED_SOURCE_CIDRS", "149.154.167.0/20"))
        .hasMessageContaining("host bits set");
  }
}
