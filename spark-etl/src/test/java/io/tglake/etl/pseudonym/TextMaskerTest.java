package io.tglake.etl.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact masking results for identifiers, and near-misses that must stay readable. */
class TextMaskerTest {

  private final TextMasker masker = new TextMasker();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Meu CPF é 529.982.247-25, obrigado            | Meu CPF é <cpf>, obrigado
      cpf 52998224725                                | cpf <cpf>
      CPF:111.444.777-35.                            | CPF:<cpf>.
      formatted with wrong check digits 123.456.789-00 | formatted with wrong check digits <cpf>
      liga +55 (11) 91234-5678 por favor             | liga <phone> por favor
      +55 11 91234-5678                              | <phone>
      +5511912345678                                 | <phone>
      5511912345678                                  | <phone>
      55 11 91234 5678                               | <phone>
      (11) 91234-5678                                | <phone>
      (21) 3456-7890 fixo                            | <phone> fixo
      11 91234-5678                                  | <phone>
      11 912345678                                   | <phone>
      11912345678                                    | <phone>
      (11) 9 1234-5678                               | <phone>
      91234-5678                                     | <phone>
      meu zap é 912345678                            | meu zap é <phone>
      1134567890                                     | <phone>
      escreva para ana.silva+loja@gmail.com.br hoje  | escreva para <email> hoje
      JOAO_123@Example.ORG                           | <email>
      cartão 4111 1111 1111 1111 venc 12/29          | cartão <card> venc 12/29
      4111-1111-1111-1111                            | <card>
      4111111111111111                               | <card>
      amex 378282246310005                           | amex <card>
      3782 822463 10005                              | <card>
      fala com @ana_silva aqui                       | fala com <mention> aqui
      two: 52998224725 and ana@x.io                  | two: <cpf> and <email>
      """)
  void masksIdentifiers(String text, String expected) {
    assertThat(masker.mask(text)).as("masked %s", text).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      pedido #123456 não chegou
      PED-2026-0042
      meu pedido PED-2026-0042 atrasou
      entregue em 22/11/2026 às 10:30
      2026-11-22
      total R$ 1.234,56 pago
      R$ 149,90
      R$ 12.345.678,90
      protocolo 12345678901234
      cartão 4111111111111112 (fails Luhn)
      código 12345678901
      CEP 01310-100
      rastreio BR123456789BR
      nota 35241112345678000190550010000001231000001234
      /ajuda@aurora_suporte_bot
      1234-5678
      v2.1.12345678
      """)
  void keepsNearMisses(String text) {
    assertThat(masker.mask(text)).as("near-miss %s", text).isEqualTo(text);
  }

  @Test
  void anElevenDigitRunThatIsBothAValidCpfAndAPhoneShapeIsMaskedAsCpf() {
    assertThat(masker.mask("11912345684")).as("ambiguous run: still masked").isEqualTo("<cpf>");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      phone_number | +55 11 9123-4567  | <phone>
      email        | a@b.co            | <email>
      mention      | @ana_silva        | <mention>
      text_mention | Ana Souza         | <mention>
      url          | wa.me/5511987654321 | wa.me/<phone>
      bold         | CPF 52998224725   | CPF <cpf>
      code         | PED-2026-0042     | PED-2026-0042
      """)
  void entitiesTelegramRecognisedBecomePlaceholdersOthersAreMasked(
      String type, String text, String expected) {
    assertThat(masker.maskEntity(type, text)).as("%s entity", type).isEqualTo(expected);
  }

  @Test
  void nullAndEmptyStay() {
    assertThat(masker.mask(null)).isNull();
    assertThat(masker.mask("")).isEmpty();
    assertThat(masker.maskEntity("bold", null)).isNull();
  }

  @Test
  void checksums() {
    assertThat(TextMasker.validCpf("52998224725")).as("valid cpf").isTrue();
    assertThat(TextMasker.validCpf("52998224724")).as("wrong check digit").isFalse();
    assertThat(TextMasker.validCpf("11111111111")).as("repeated digits").isFalse();
    assertThat(TextMasker.luhn("4111111111111111")).as("luhn ok").isTrue();
    assertThat(TextMasker.luhn("4111111111111112")).as("luhn bad").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://wa.me/5511987654321                          | https://wa.me/<phone>
      wa.me/5511987654321?text=oi                          | wa.me/<phone>?text=oi
      https://wa.me/+55%2011%2098765-4321                  | https://wa.me/<phone>
      https://wa.me/14155552671                            | https://wa.me/<phone>
      tg://openmessage?user_id=8214567303                  | tg://openmessage?user_id=<mention>
      https://t.me/xiomara_s                               | https://t.me/<mention>
      https://telegram.me/Xiomara_S?start=1                | https://telegram.me/<mention>?start=1
      https://t.me/+5511987654321                          | https://t.me/<phone>
      tg://user?id=8214567303                              | tg://user?id=<mention>
      tg://resolve?domain=xiomara_s&start=abc              | tg://resolve?domain=<mention>&start=abc
      tel:+5511987654321                                   | tel:<phone>
      TEL:3456-7890                                        | TEL:<phone>
      mailto:ana.souza@gmail.com                           | mailto:<email>
      mailto:ana.souza@gmail.com?subject=Pedido%20123      | mailto:<email>?subject=Pedido%20123
      https://loja.com/cliente/529.982.247-25/pedidos      | https://loja.com/cliente/<cpf>/pedidos
      https://loja.com/c/52998224725                       | https://loja.com/c/<cpf>
      https://loja.com/u/ana.souza%40gmail.com             | https://loja.com/u/<email>
      https://loja.com/login?email=ana%40gmail.com&x=1     | https://loja.com/login?email=<email>&x=1
      https://api.whatsapp.com/send?phone=5511987654321    | https://api.whatsapp.com/send?phone=<phone>
      https://loja.com/busca?q=11+98765-4321               | https://loja.com/busca?q=<phone>
      https://loja.com/r#cpf=52998224725                   | https://loja.com/r#cpf=<cpf>
      https://loja.com/pay?card=4111111111111111            | https://loja.com/pay?card=<card>
      """)
  void masksLinksByWhatTheyCarry(String url, String expected) {
    assertThat(masker.maskUrl(url)).as("masked link %s", url).isEqualTo(expected);
    assertThat(masker.maskUrl(expected)).as("masking twice changes nothing").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://loja.com.br/pedido/PED-2026-0042?data=2026-11-22&total=149.90
      https://loja.com.br/pedidos/123456?de=22/11/2026
      https://rastreio.correios.com.br/app/index.php?objeto=BR123456789BR
      https://t.me/c/1234567890/42
      https://t.me/joinchat/AAAAAEkk2WdoDrB4-Q8-gg
      https://t.me/+AbCdEfGh12345
      https://t.me/share/url?url=https%3A%2F%2Floja.com
      https://loja.com/nf/35241112345678000190550010000001231000001234
      """)
  void keepsOrdinaryLinks(String url) {
    assertThat(masker.maskUrl(url)).as("ordinary link %s", url).isEqualTo(url);
    assertThat(masker.mask("veja " + url + " ok"))
        .as("the same link in text")
        .isEqualTo("veja " + url + " ok");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      me chama no wa.me/5511987654321!                     | me chama no wa.me/<phone>!
      fala com t.me/xiomara_s.                             | fala com t.me/<mention>.
      HTTPS://WA.ME/5511987654321                          | HTTPS://WA.ME/<phone>
      (https://loja.com/c/52998224725)                     | (https://loja.com/c/<cpf>)
      ver loja.com.br/cliente/529.982.247-25 hoje          | ver loja.com.br/cliente/<cpf> hoje
      """)
  void masksLinksInText(String text, String expected) {
    assertThat(masker.mask(text)).as("text %s", text).isEqualTo(expected);
  }

  @Test
  void aTextMentionBecomesAMentionPlaceholderAndEveryEntityPointsIntoTheMaskedText() {
    // UTF-16: the emoji counts 2 units, as in the Bot API's offsets
    String text =
        "😀 fala com a Xiomara Lima, CPF 529.982.247-25, zap wa.me/5511987654321 e @ana_souza ok";
    List<String> types = List.of("bold", "text_mention", "italic", "url", "mention", "bold");
    int xio = text.indexOf("Xiomara");
    int cpf = text.indexOf("529");
    int url = text.indexOf("wa.me");
    int ana = text.indexOf("@ana");
    List<Long> offsets = longs(0, xio, cpf + 4, url, ana, text.indexOf(" ok") + 1);
    List<Long> lengths = longs(xio + 12, 12, 3, 19, 10, 2);
    TextMasker.Masked m = masker.maskWithEntities(text, types, offsets, lengths);
    assertThat(m.text())
        .as("masked text")
        .isEqualTo("😀 fala com a <mention>, CPF <cpf>, zap wa.me/<phone> e <mention> ok");
    List<String> slices = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      int o = m.offsets().get(i).intValue();
      slices.add(m.text().substring(o, o + m.lengths().get(i).intValue()));
    }
    assertThat(slices)
        .as("each entity's offset/length (UTF-16) now denotes its placeholder or masked text")
        .containsExactly(
            "😀 fala com a <mention>", "<mention>", "<cpf>", "wa.me/<phone>", "<mention>", "ok");
    assertThat(m.offsets().get(0)).as("an entity before every mask keeps its offset").isZero();
  }

  @Test
  void entitiesThatDenotedNoTextStillDenoteNoneAndTextWithoutEntitiesIsMaskedPlainly() {
    String text = "CPF 52998224725";
    TextMasker.Masked m =
        masker.maskWithEntities(
            text,
            Arrays.asList("bold", "text_mention", null),
            Arrays.asList(40L, null, 0L),
            Arrays.asList(2L, 3L, 3L));
    assertThat(m.text()).isEqualTo("CPF <cpf>");
    assertThat(m.offsets())
        .as("offsets; past the end stays past the end (15 -> 9 units)")
        .containsExactly(34L, null, 0L);
    assertThat(m.lengths()).as("lengths").containsExactly(2L, 3L, 3L);
    assertThat(masker.maskWithEntities(text, null, null, null).text())
        .as("no entities")
        .isEqualTo("CPF <cpf>");
  }

  @Test
  void overlappingPersonalEntitiesBecomeOnePlaceholder() {
    String text = "oi Ana Maria Souza";
    TextMasker.Masked m =
        masker.maskWithEntities(
            text, List.of("text_mention", "text_mention"), longs(3, 7), longs(9, 11));
    assertThat(m.text()).isEqualTo("oi <mention>");
    assertThat(m.offsets()).containsExactly(3L, 3L);
    assertThat(m.lengths()).containsExactly(9L, 9L);
  }

  private static List<Long> longs(long... v) {
    return Arrays.stream(v).boxed().toList();
  }
}
