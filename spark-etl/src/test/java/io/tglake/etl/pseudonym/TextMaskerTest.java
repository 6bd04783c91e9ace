package io.tglake.etl.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact masking results for identifiers, and near-misses that must stay readable. */
class TextMaskerTest {

  private final TextMasker masker = new TextMasker();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
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
  @CsvSource(delimiter = '|', textBlock = """
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
  @CsvSource(delimiter = '|', textBlock = """
      phone_number | +55 11 9123-4567  | <phone>
      email        | a@b.co            | <email>
      mention      | @ana_silva        | <mention>
      text_mention | Ana Souza         | <name>
      bold         | CPF 52998224725   | CPF <cpf>
      code         | PED-2026-0042     | PED-2026-0042
      """)
  void entitiesTelegramRecognisedBecomePlaceholdersOthersAreMasked(String type, String text, String expected) {
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
}
