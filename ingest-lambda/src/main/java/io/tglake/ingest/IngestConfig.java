package io.tglake.ingest;

import io.tglake.contract.LakeLayout;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Lambda configuration, read once from the environment at init. Exactly one of {@code secretToken}
 * / {@code secretTokenSecretId} is set.
 *
 * @param rawBucket {@code RAW_BUCKET} (required)
 * @param rawPrefix {@code RAW_PREFIX}, default {@code telegram}, without surrounding slashes
 * @param secretToken {@code TELEGRAM_SECRET_TOKEN}, or null
 * @param secretTokenSecretId {@code TELEGRAM_SECRET_TOKEN_SECRET_ID}: Secrets Manager secret (name
 *     or ARN) whose SecretString is the token, fetched once at init; or null
 * @param allowedChatIds {@code ALLOWED_CHAT_IDS}, comma-separated; empty = all chats
 * @param region {@code AWS_REGION} (set by Lambda), else {@code AWS_DEFAULT_REGION}, else null
 * @param endpointOverride {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}, else null
 *     (real S3)
 * @param allowedSources {@code ALLOWED_SOURCE_CIDRS}, comma-separated IPv4/IPv6 CIDRs; unset/empty
 *     = off
 */
public record IngestConfig(
    String rawBucket,
    String rawPrefix,
    String secretToken,
    String secretTokenSecretId,
    Set<Long> allowedChatIds,
    String region,
    URI endpointOverride,
    SourceCidrs allowedSources) {

  public static final String RAW_BUCKET = "RAW_BUCKET";
  public static final String RAW_PREFIX = "RAW_PREFIX";
  public static final String TELEGRAM_SECRET_TOKEN = "TELEGRAM_SECRET_TOKEN";
  public static final String TELEGRAM_SECRET_TOKEN_SECRET_ID = "TELEGRAM_SECRET_TOKEN_SECRET_ID";
  public static final String ALLOWED_CHAT_IDS = "ALLOWED_CHAT_IDS";
  public static final String ALLOWED_SOURCE_CIDRS = "ALLOWED_SOURCE_CIDRS";
  public static final String DEFAULT_PREFIX = LakeLayout.DEFAULT_RAW_PREFIX;

  public IngestConfig {
    allowedChatIds = Set.copyOf(allowedChatIds);
    allowedSources = allowedSources == null ? SourceCidrs.OFF : allowedSources;
  }

  /**
   * Reads and validates the environment.
   *
   * @throws IllegalStateException naming the variable that is missing or malformed (fails the cold
   *     start)
   */
  public static IngestConfig fromEnvironment(Map<String, String> env) {
    String bucket = trimToNull(env.get(RAW_BUCKET));
    if (bucket == null) {
      throw new IllegalStateException(
          RAW_BUCKET + " is required: the S3 bucket that receives raw updates");
    }
    String prefix =
        env.get(RAW_PREFIX) == null ? DEFAULT_PREFIX : normalizePrefix(env.get(RAW_PREFIX));
    String token = trimToNull(env.get(TELEGRAM_SECRET_TOKEN));
    String secretId = trimToNull(env.get(TELEGRAM_SECRET_TOKEN_SECRET_ID));
    if (token == null && secretId == null) {
      throw new IllegalStateException(
          TELEGRAM_SECRET_TOKEN
              + " or "
              + TELEGRAM_SECRET_TOKEN_SECRET_ID
              + " is required: the secret_token given to setWebhook (or the Secrets Manager secret holding it)");
    }
    if (token != null && secretId != null) {
      throw new IllegalStateException(
          "set only one of " + TELEGRAM_SECRET_TOKEN + " and " + TELEGRAM_SECRET_TOKEN_SECRET_ID);
    }
    String region = trimToNull(env.get("AWS_REGION"));
    if (region == null) {
      region = trimToNull(env.get("AWS_DEFAULT_REGION"));
    }
    String endpoint = trimToNull(env.get("AWS_ENDPOINT_URL_S3"));
    String endpointVar = "AWS_ENDPOINT_URL_S3";
    if (endpoint == null) {
      endpoint = trimToNull(env.get("AWS_ENDPOINT_URL"));
      endpointVar = "AWS_ENDPOINT_URL";
    }
    return new IngestConfig(
        bucket,
        prefix,
        token,
        secretId,
        parseChatIds(ALLOWED_CHAT_IDS, env.get(ALLOWED_CHAT_IDS)),
        region,
        endpoint == null ? null : parseEndpoint(endpointVar, endpoint),
        SourceCidrs.parse(ALLOWED_SOURCE_CIDRS, env.get(ALLOWED_SOURCE_CIDRS)));
  }

  /** Parses a comma-separated list of chat ids ("-1001234567890, 42"); blank = empty set. */
  public static Set<Long> parseChatIds(String variable, String value) {
    Set<Long> ids = new LinkedHashSet<>();
    if (value == null) {
      return ids;
    }
    for (String part : value.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      try {
        ids.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            variable + " must be comma-separated integer chat ids, got '" + s + "'");
      }
    }
    return ids;
  }

  /** Strips surrounding slashes: "/telegram/" → "telegram". */
  public static String normalizePrefix(String prefix) {
    return LakeLayout.trimSlashes(prefix);
  }

  private static URI parseEndpoint(String variable, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(variable + " must be an http(s) URL, got '" + value + "'");
    }
  }

  private static String trimToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "IngestConfig[rawBucket="
        + rawBucket
        + ", rawPrefix="
        + rawPrefix
        + ", secretToken="
        + (secretToken == null ? "unset" : "***")
        + ", secretTokenSecretId="
        + secretTokenSecretId
        + ", allowedChatIds="
        + allowedChatIds
        + ", region="
        + region
        + ", endpointOverride="
        + endpointOverride
        + ", allowedSources="
        + allowedSources
        + "]";
  }
}
