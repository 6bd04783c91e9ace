package io.tglake.sample;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What the simulated people say: the question pool (Zipf-skewed, so "top questions" has a top), the
 * surface variations real users give one question, questions with entities, and the short lines of
 * a conversation (greetings, thanks, asking for a human, group replies).
 */
final class Phrases {

  private final Dice rng;

  Phrases(Dice rng) {
    this.rng = rng;
  }

  /** Zipf-like: the first questions of the pool are asked far more often. */
  Question pickQuestion(boolean pt) {
    Question[] pool = pt ? QUESTIONS_PT : QUESTIONS_EN;
    double x = rng.nextDouble();
    double total = 0;
    for (int i = 0; i < pool.length; i++) {
      total += 1.0 / (i + 1);
    }
    double acc = 0;
    for (int i = 0; i < pool.length; i++) {
      acc += 1.0 / (i + 1) / total;
      if (x <= acc) {
        return pool[i];
      }
    }
    return pool[pool.length - 1];
  }

  /**
   * Surface variations real users produce for the same question (case, accents, punctuation,
   * emoji).
   */
  String vary(String q) {
    String s = q;
    int r = rng.nextInt(100);
    if (r < 20) {
      s = s.toLowerCase(Locale.ROOT);
    } else if (r < 30) {
      s = stripAccents(s);
    }
    int p = rng.nextInt(100);
    if (p < 15 && s.endsWith("?")) {
      s = s.substring(0, s.length() - 1);
    } else if (p < 25) {
      s = s + (s.endsWith("?") ? "??" : "!");
    }
    if (rng.nextInt(100) < 20) {
      s = s + " " + rng.pick(EMOJI);
    }
    if (rng.nextInt(100) < 5) {
      s = s + "  ";
    }
    return s;
  }

  static String stripAccents(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  /** Questions carrying entities after astral characters, so that UTF-16 offsets matter. */
  EntityText richQuestion(boolean pt) {
    int r = rng.nextInt(5);
    String code = "BR" + (100_000_000 + rng.nextInt(900_000_000)) + "XX";
    return switch (r) {
      case 0 ->
          new EntityText()
              .plain(
                  pt
                      ? "Meu pedido 😢 não chegou, rastreio: "
                      : "My order 😢 never came, tracking: ")
              .entity("url", "https://rastreio.exemplo.com.br/" + code);
      case 1 ->
          new EntityText()
              .plain(pt ? "Meu e-mail 📧 é " : "My e-mail 📧 is ")
              .entity("email", "cliente" + rng.nextInt(10_000) + "@example.com")
              .plain(pt ? ", não recebo a confirmação" : ", no confirmation arrives");
      case 2 ->
          new EntityText()
              .plain("🔥🔥 ")
              .entity("hashtag", "#blackfriday")
              .plain(pt ? " ainda vale? Vi em " : " still on? Saw it at ")
              .entity("url", "https://loja.exemplo.com.br/promo");
      case 3 ->
          new EntityText()
              .plain(pt ? "Podem ligar 📞 no " : "Please call 📞 ")
              .entity(
                  "phone_number",
                  "+55 11 9" + (1000 + rng.nextInt(9000)) + "-" + (1000 + rng.nextInt(9000)));
      default ->
          new EntityText()
              .plain(pt ? "O cupom 🎟️ " : "Coupon 🎟️ ")
              .entity("code", "AURORA" + (10 + rng.nextInt(90)))
              .plain(pt ? " não funciona 🤷‍♀️ no " : " does not work 🤷‍♀️ at ")
              .link(pt ? "checkout" : "checkout", "https://loja.exemplo.com.br/checkout");
    };
  }

  /** A common question and the bot's answer, in one language (the other is null). */
  record Question(String pt, String en, String answerPt, String answerEn) {
    String text(boolean portuguese) {
      return portuguese ? pt : en;
    }

    String answer(boolean portuguese) {
      return portuguese ? answerPt : answerEn;
    }
  }

  private static final Question[] QUESTIONS_PT = {
    new Question("Onde está meu pedido?", null, "Acompanhe em Meus pedidos › Rastrear.", null),
    new Question(
        "Qual o prazo de entrega?", null, "O prazo aparece no checkout: 2 a 7 dias úteis.", null),
    new Question(
        "Como faço para trocar um produto?",
        null,
        "Trocas em até 30 dias em Meus pedidos › Trocar.",
        null),
    new Question(
        "O pagamento por Pix não foi confirmado", null, "Pix confirma em até 30 minutos.", null),
    new Question(
        "Quero cancelar minha compra",
        null,
        "Cancele em Meus pedidos › Cancelar antes do envio.",
        null),
    new Question(
        "Como emitir a segunda via do boleto?",
        null,
        "A segunda via está em Meus pedidos › Pagamento.",
        null),
    new Question("Esqueci minha senha", null, "Use Entrar › Esqueci a senha.", null),
    new Question("Posso parcelar no cartão?", null, "Sim, em até 10x sem juros.", null),
    new Question(
        "Como altero o endereço de entrega?",
        null,
        "Antes do envio, em Meus pedidos › Endereço.",
        null),
    new Question(
        "Qual o horário de atendimento?",
        null,
        "Atendimento humano das 8h às 20h, seg a sáb.",
        null),
    new Question(
        "O produto chegou com defeito", null, "Sinto muito! Abra uma troca em Meus pedidos.", null),
    new Question("Vocês entregam no sábado?", null, "Entregamos de segunda a sábado.", null),
  };

  private static final Question[] QUESTIONS_EN = {
    new Question(null, "Where is my order?", null, "Track it under My orders › Track."),
    new Question(null, "How do I reset my password?", null, "Use Sign in › Forgot password."),
    new Question(
        null,
        "How can I return an item?",
        null,
        "Returns within 30 days under My orders › Return."),
    new Question(null, "My payment failed", null, "Please try again or use another card."),
    new Question(
        null, "Do you ship internationally?", null, "We currently ship within Brazil only."),
    new Question(
        null, "Can I change my delivery address?", null, "Yes, before shipping, under My orders."),
  };

  static final String[] GREETINGS_PT = {
    "Oi", "Olá 👋", "Boa tarde!", "Bom dia", "tudo bem?", "Boa noite"
  };
  static final String[] GREETINGS_EN = {"Hi", "Hello 👋", "Hey there", "Good morning"};
  static final String[] THANKS_PT = {"Obrigado!", "Valeu 🙏", "obrigada 😊", "Resolvido, obrigado"};
  static final String[] THANKS_EN = {"Thanks!", "Thank you 🙏", "Great, thanks 👍"};
  static final String[] HUMAN_PT = {
    "Quero falar com um atendente",
    "quero falar com uma pessoa",
    "Atendente por favor 🙏",
    "preciso de um humano"
  };
  static final String[] HUMAN_EN = {
    "I want to talk to a human", "Can I speak to an agent?", "human please"
  };
  static final String[] GROUP_REPLIES_PT = {
    "Comigo também aconteceu 😅", "Tenta pelo app, funcionou pra mim", "Aqui chegou em 3 dias", "+1"
  };
  static final String[] GROUP_REPLIES_EN = {"Same here 😅", "Try the app, it worked for me", "+1"};
  static final String[] DEEP_LINKS = {"promo_natal", "site_rodape", "pedido_12345", "instagram"};
  private static final String[] EMOJI = {"😟", "🙏", "😡", "🙏🏽", "🤔", "😭", "❤️"};
  static final String[] REACTIONS = {"👍", "❤", "🙏", "🔥", "😢"};
  static final String[] INLINE_PT = {"rastreio", "trocas e devoluções", "cupom"};
  static final String[] INLINE_EN = {"tracking", "returns", "coupon"};
  static final String[] CHANNEL_POSTS = {
    "📣 Frete grátis neste fim de semana! Confira: ",
    "🛍️ Novidades da semana: ",
    "⚡ Oferta relâmpago até 23h: "
  };
}
