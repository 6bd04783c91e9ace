package io.tglake.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** State of one conversation across its events (they run in time order). */
final class Convo {
  final ObjectNode chat;
  final long chatId;
  ObjectNode lastUserMessage;
  ObjectNode lastBotMessage;

  Convo(ObjectNode chat) {
    this.chat = chat;
    this.chatId = chat.get("id").asLong();
  }
}
