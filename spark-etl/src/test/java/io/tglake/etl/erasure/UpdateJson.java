package io.tglake.etl.erasure;

/** Update bodies shared by the erasure tests, formatted like Telegram's (spaces after colons). */
final class UpdateJson {

  private UpdateJson() {}

  /**
   * A text message of {@code user} in their private chat (chat id = user id), {@code message_id} =
   * {@code updateId}.
   */
  static String privateText(long updateId, long user, String firstName, String text) {
    return "{\"update_id\": "
        + updateId
        + ", \"message\": {\"message_id\": "
        + updateId
        + ", \"date\": 1795341600, "
        + "\"from\": {\"id\": "
        + user
        + ", \"is_bot\": false, \"first_name\": \""
        + firstName
        + "\"}, "
        + "\"chat\": {\"id\": "
        + user
        + ", \"type\": \"private\"}, \"text\": \""
        + text
        + "\"}}";
  }
}
