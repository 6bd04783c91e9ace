package io.tglake.ingest.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 standing in for the bot's webhook or for api.telegram.org:
 * records every request (method, path and query, headers, exact body) and answers with whatever the
 * test's {@link Answer} says.
 */
public final class StandIn implements AutoCloseable {
  /** One request as received. */
  public record Received(
      String method, String pathAndQuery, com.sun.net.httpserver.Headers headers, byte[] body) {}

  /** How to answer. */
  @FunctionalInterface
  public interface Answer {
    void answer(HttpExchange exchange, Received request) throws IOException;
  }

  private final HttpServer server;
  public final List<Received> received = new CopyOnWriteArrayList<>();
  public volatile Answer answer;

  public StandIn(Answer answer) throws IOException {
    this.answer = answer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String q = ex.getRequestURI().getRawQuery();
          Received r =
              new Received(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q),
                  ex.getRequestHeaders(),
                  body);
          received.add(r);
          try {
            this.answer.answer(ex, r);
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  /** Answers {@code status} with {@code type} and {@code body}. */
  public static Answer with(int status, String type, byte[] body) {
    return (ex, r) -> {
      if (type != null) {
        ex.getResponseHeaders().set("Content-Type", type);
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    };
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
