// A small support bot on grammY, run by GrammyBotIT behind tglake (relay mode + Bot API pass-through).
// Env: BOT_TOKEN, API_ROOT (tglake's base URL), BOT_SECRET (its own webhook secret), PORT.
const http = require("http");
const { Bot, webhookCallback } = require("grammy");

const bot = new Bot(process.env.BOT_TOKEN, {
  client: {
    apiRoot: process.env.API_ROOT,
    // The first sendMessage of an update goes back as the webhook response; everything else is an API call.
    canUseWebhookReply: (method) => method === "sendMessage",
  },
});

bot.on("message:text", async (ctx) => {
  await ctx.reply("Recebido: " + ctx.message.text);
  await ctx.api.sendMessage(ctx.chat.id, "Um atendente responde em breve.", {
    reply_markup: { inline_keyboard: [[{ text: "Ajudou", callback_data: "help:yes" }]] },
  });
});

bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery({ text: "Obrigado!" });
});

const server = http.createServer(webhookCallback(bot, "http", { secretToken: process.env.BOT_SECRET }));
server.listen(Number(process.env.PORT), "127.0.0.1", () => {
  console.log("bot listening on " + server.address().port);
});
