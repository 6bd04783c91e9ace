package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/tglake serve} (Jetty) answers like the Lambda for what the update rules and the secret
 * check decide: the probe's four foreign encodings are a 400, two secret-token headers a 403
 * whatever their order. Raw HTTP/1.1 on a socket, so the duplicate header lines reach the server
 * exactly as written.
 */
class ServeUpdateContractIT {
  private static final String TOKEN = "serve-it-token";
  private static final String UPDATE =
      "{\"update_id\":3009,\"message\":{\"message_id\":77,\"chat\":{\"id\":5,"
          + "\"type\":\"private\"},\"text\":\"olá\"}}";

  @TempDir Path raw;

  private LocalServer server;

  @BeforeEach
  void start() throws IOException {
    JsonFactory json = new JsonFactory();
    WebhookService service =
        new WebhookService(
            new WebhookSettings(TOKEN, Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
            new LocalDirRawUpdateStore(raw),
            JsonLog.discard(json),
            json);
    server =
        new LocalServer(
            "127.0.0.1", 0, service, WebhookSettings.DEFAULT_MAX_BODY_BYTES, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"UTF-8 with BOM", "UTF-16 with BOM", "UTF-16LE without BOM", "UTF-32 without BOM"})
  void refusesForeignEncodingsWith400AndStoresNothing(String encoding) throws IOException {
    assertThat(post(encode(UPDATE, encoding), List.of(TOKEN)))
        .as(encoding)
        .startsWith("HTTP/1.1 400");
    assertThat(storedFiles()).isEmpty();
  }

  @Test
  void storesPlainUtf8() throws IOException {
    assertThat(post(UPDATE.getBytes(StandardCharsets.UTF_8), List.of(TOKEN)))
        .startsWith("HTTP/1.1 200");
    assertThat(storedFiles()).containsExactly("3009.json");
  }

  @Test
  void refusesTwoSecretTokenHeadersWith403WhateverTheirOrder() throws IOException {
    byte[] body = UPDATE.getBytes(StandardCharsets.UTF_8);
    assertThat(post(body, List.of(TOKEN, "wrong")))
        .as("right then wrong")
        .startsWith("HTTP/1.1 403");
    assertThat(post(body, List.of("wrong", TOKEN)))
        .as("wrong then right")
        .startsWith("HTTP/1.1 403");
    assertThat(post(body, List.of(TOKEN, TOKEN))).as("right twice").startsWith("HTTP/1.1 403");
    assertThat(storedFiles()).isEmpty();
  }

  private String post(byte[] body, List<String> tokens) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      StringBuilder head =
          new StringBuilder(
              "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Connection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n");
      tokens.forEach(
          t -> head.append("X-Telegram-Bot-Api-Secret-Token: ").append(t).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  private List<String> storedFiles() throws IOException {
    if (!Files.isDirectory(raw)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(raw)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().contains("context_date="))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private static byte[] encode(String json, String encoding) {
    return switch (encoding) {
      case "UTF-8 with BOM" -> ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
      case "UTF-16 with BOM" -> json.getBytes(StandardCharsets.UTF_16);
      case "UTF-16LE without BOM" -> json.getBytes(StandardCharsets.UTF_16LE);
      case "UTF-32 without BOM" -> json.getBytes(Charset.forName("UTF-32"));
      default -> throw new IllegalArgumentException(encoding);
    };
  }
}
