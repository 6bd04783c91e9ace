package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts Lambda HTTP events to {@link WebhookRequest}s and outcomes to proxy-integration
 * responses. One parser for API Gateway REST (payload 1.0: {@code httpMethod}, {@code headers} +
 * {@code multiValueHeaders}), HTTP API (payload 2.0: {@code requestContext.http.method}, lower-case
 * {@code headers}) and Function URLs (same as 2.0). Streaming jackson-core: no databind, no
 * reflection, nothing but the fields we need is materialized.
 */
public final class ApiGatewayEvents {
  private final JsonFactory json;

  public ApiGatewayEvents(JsonFactory json) {
    this.json = json;
  }

  /**
   * Reads one event.
   *
   * @throws IOException when the event itself is not JSON (never happens behind API Gateway or a
   *     Function URL)
   */
  public WebhookRequest toRequest(InputStream event, Instant receivedAt) throws IOException {
    return readEvent(event, receivedAt).request();
  }

  /**
   * One event with its path and query (the Bot API pass-through is routed by path).
   *
   * @param request the delivery
   * @param path {@code rawPath} (2.0) or {@code path} (1.0), or null
   * @param rawQuery {@code rawQueryString} (2.0) or the query rebuilt from {@code
   *     queryStringParameters} (1.0), or null
   */
  public record Event(WebhookRequest request, String path, String rawQuery) {}

  /**
   * Reads one event with its path and query.
   *
   * @throws IOException when the event itself is not JSON
   */
  public Event readEvent(InputStream event, Instant receivedAt) throws IOException {
    String path = null;
    String rawQuery = null;
    String method = null;
    Context context = new Context(null, null);
    String body = null;
    boolean base64 = false;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    try (JsonParser p = json.createParser(event)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("Lambda event is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "httpMethod" -> method = value == JsonToken.VALUE_STRING ? p.getText() : method;
          case "requestContext" -> context = readContext(p);
          case "headers" -> readHeaders(p, headers, false);
          case "multiValueHeaders" -> readHeaders(p, headers, true);
          case "body" -> body = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
          case "rawPath", "path", "rawQueryString" -> {
            if (value != JsonToken.VALUE_STRING) {
              p.skipChildren();
            } else if (field.equals("rawQueryString")) {
              rawQuery = p.getText();
            } else if (field.equals("rawPath") || path == null) {
              path = p.getText(); // 2.0's rawPath wins over anything else
            }
          }
          case "queryStringParameters" -> {
            String q = readQueryParameters(p);
            rawQuery = rawQuery == null ? q : rawQuery;
          }
          default -> p.skipChildren();
        }
      }
    }
    return new Event(
        new WebhookRequest(
            method != null ? method : context.method(),
            headers,
            decodeBody(body, base64),
            receivedAt,
            context.sourceIp()),
        path,
        rawQuery);
  }

  /**
   * 1.0 gives decoded parameters only: re-encoded here (2.0 events also carry them, but
   * rawQueryString wins).
   */
  private static String readQueryParameters(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    StringBuilder q = new StringBuilder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() == JsonToken.VALUE_STRING) {
        q.append(q.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(p.getText(), StandardCharsets.UTF_8));
      } else {
        p.skipChildren();
      }
    }
    return q.length() == 0 ? null : q.toString();
  }

  /**
   * Writes a proxy-integration response for an answer produced elsewhere (the bot's, Telegram's):
   * UTF-8 text bodies as text, anything else base64 ({@code isBase64Encoded}), so the bytes reach
   * the caller unchanged.
   */
  public void writeResponse(WebhookResponse response, OutputStream out) throws IOException {
    String text = utf8OrNull(response.body());
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("statusCode", response.status());
      g.writeObjectFieldStart("headers");
      if (response.contentType() != null) {
        g.writeStringField("Content-Type", response.contentType());
      }
      if (response.allow() != null) {
        g.writeStringField("Allow", response.allow());
      }
      g.writeEndObject();
      g.writeStringField(
          "body", text != null ? text : Base64.getEncoder().encodeToString(response.body()));
      g.writeBooleanField("isBase64Encoded", text == null);
      g.writeEndObject();
    }
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Writes the proxy-integration response ({@code statusCode}, {@code headers}, {@code body}). */
  public void writeResponse(WebhookOutcome outcome, OutputStream out) throws IOException {
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("statusCode", outcome.status());
      g.writeObjectFieldStart("headers");
      g.writeStringField("Content-Type", "text/plain; charset=utf-8");
      if (outcome.kind() == WebhookOutcome.Kind.METHOD_NOT_ALLOWED) {
        g.writeStringField("Allow", "POST");
      }
      g.writeEndObject();
      g.writeStringField("body", outcome.responseText());
      g.writeBooleanField("isBase64Encoded", false);
      g.writeEndObject();
    }
  }

  private static byte[] decodeBody(String body, boolean base64) {
    if (body == null) {
      return new byte[0];
    }
    if (base64) {
      try {
        return Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        // Not base64 after all: keep the text; it cannot be a JSON object, so an authenticated call
        // gets a 400.
        return body.getBytes(StandardCharsets.UTF_8);
      }
    }
    // API Gateway hands JSON bodies over as text; UTF-8 re-encoding restores Telegram's bytes
    // exactly.
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** What we read from {@code requestContext}. */
  private record Context(String method, String sourceIp) {}

  /**
   * REST (1.0): {@code requestContext.httpMethod}, {@code requestContext.identity.sourceIp}; HTTP
   * API (2.0) and Function URLs: {@code requestContext.http.method}, {@code
   * requestContext.http.sourceIp}. The source IP is the TCP peer API Gateway / the Function URL
   * saw, not a header the caller controls.
   */
  private static Context readContext(JsonParser p) throws IOException {
    String method = null;
    String sourceIp = null;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return new Context(null, null);
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("httpMethod".equals(field) && value == JsonToken.VALUE_STRING) {
        method = p.getText();
      } else if (("http".equals(field) || "identity".equals(field))
          && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String inner = p.currentName();
          JsonToken innerValue = p.nextToken();
          if ("method".equals(inner)
              && "http".equals(field)
              && innerValue == JsonToken.VALUE_STRING) {
            method = p.getText();
          } else if ("sourceIp".equals(inner) && innerValue == JsonToken.VALUE_STRING) {
            sourceIp = p.getText();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return new Context(method, sourceIp);
  }

  private static void readHeaders(JsonParser p, Map<String, List<String>> headers, boolean multi)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren(); // null when the request had no headers
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName().toLowerCase(Locale.ROOT);
      JsonToken value = p.nextToken();
      List<String> values = new ArrayList<>();
      if (multi && value == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() == JsonToken.VALUE_STRING) {
            values.add(p.getText());
          } else {
            p.skipChildren();
          }
        }
      } else if (value == JsonToken.VALUE_STRING) {
        values.add(p.getText());
      } else {
        p.skipChildren();
      }
      if (values.isEmpty()) {
        continue;
      }
      // multiValueHeaders carries every value, so it wins over the single-value map whatever the
      // field order.
      if (multi) {
        headers.put(name, values);
      } else {
        headers.putIfAbsent(name, values);
      }
    }
  }
}
