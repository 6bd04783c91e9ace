package io.tglake.ingest;

import java.util.Set;

/**
 * Policy of the webhook core.
 *
 * @param secretToken the secret_token given to setWebhook; compared with the request header
 * @param allowedChatIds chats whose updates are stored; empty = every chat
 * @param maxBodyBytes larger bodies are answered 413
 * @param allowedSources source-IP allow-list; {@link SourceCidrs#OFF} = every source
 */
public record WebhookSettings(
    String secretToken, Set<Long> allowedChatIds, int maxBodyBytes, SourceCidrs allowedSources) {

  /**
   * 1 MiB. Telegram updates are a few KB (a message text is at most 4096 characters; media are sent
   * as file ids), so anything near this size is not a Telegram update. Below API Gateway's 10 MB
   * and Lambda's 6 MB payload caps.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public WebhookSettings {
    if (secretToken == null || secretToken.isEmpty()) {
      throw new IllegalArgumentException("secret token must not be empty");
    }
    allowedChatIds = Set.copyOf(allowedChatIds);
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    allowedSources = allowedSources == null ? SourceCidrs.OFF : allowedSources;
  }

  /** Settings without a source-IP allow-list. */
  public WebhookSettings(String secretToken, Set<Long> allowedChatIds, int maxBodyBytes) {
    this(secretToken, allowedChatIds, maxBodyBytes, SourceCidrs.OFF);
  }

  @Override
  public String toString() {
    // Never print the token.
    return "WebhookSettings[secretToken=***, allowedChatIds="
        + allowedChatIds
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", allowedSources="
        + allowedSources
        + "]";
  }
}
