package io.tglake.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on 127.0.0.1 in front of the real S3-compatible server that can misbehave on demand: refuse
 * connections (server down), answer 500 or 409 ConditionalRequestConflict itself, or deliver the server's answers
 * late (the write lands, the client times out). Switching modes drops open connections so that pooled keep-alive
 * connections cannot bypass the new behaviour.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  /** Behaviours. */
  public enum Mode {
    /** Forward bytes both ways. */
    PASS,
    /** Server down: every connection is reset as soon as it is accepted. */
    DOWN,
    /** Answer every request with 500 InternalError. */
    FAIL_500,
    /** Answer every request with 409 ConditionalRequestConflict (S3's answer to racing conditional writes). */
    CONFLICT_409,
    /** Forward the request at once, hold the response back for {@link #SLOW_DELAY}. */
    SLOW
  }

  static final Duration SLOW_DELAY = Duration.ofSeconds(4);

  private final int upstreamPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private volatile Mode mode = Mode.PASS;
  private final ServerSocket server;

  public FaultInjectingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
  }

  /** Endpoint clients should use. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Switches behaviour and drops every open connection. */
  public synchronized void mode(Mode newMode) {
    mode = newMode;
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  private ServerSocket listen(int onPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
    pool.execute(() -> acceptLoop(s));
    return s;
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        sockets.add(client);
        pool.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    Mode m = mode;
    try {
      switch (m) {
        case DOWN -> {
          // RST instead of FIN: what a client sees from a crashed or restarting server. (Closing the listening
          // socket instead would not let us re-bind the port while the client still holds half-closed sockets.)
          client.setSoLinger(true, 0);
          client.close();
        }
        case FAIL_500 -> answer(client, 500, "Internal Server Error", "InternalError",
            "We encountered an internal error. Please try again.");
        case CONFLICT_409 -> answer(client, 409, "Conflict", "ConditionalRequestConflict",
            "A conflicting conditional operation is currently in progress against this resource.");
        default -> pipe(client, m == Mode.SLOW);
      }
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pipe(Socket client, boolean slow) throws IOException {
    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
    sockets.add(upstream);
    pool.execute(() -> copy(client, upstream, false));
    pool.execute(() -> copy(upstream, client, slow));
  }

  private void copy(Socket from, Socket to, boolean delayFirstByte) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      boolean first = true;
      while ((n = in.read(buf)) >= 0) {
        if (first && delayFirstByte) {
          Thread.sleep(SLOW_DELAY.toMillis());
        }
        first = false;
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // connection closed by either side or by a mode switch
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Reads the request head (and the body unless the client waits for 100-continue) and answers an S3 error. */
  private void answer(Socket client, int status, String reason, String code, String message) throws IOException {
    InputStream in = client.getInputStream();
    String head = readHead(in);
    String lower = head.toLowerCase(Locale.ROOT);
    if (!lower.contains("expect: 100-continue")) {
      long length = contentLength(lower);
      in.skipNBytes(length);
    }
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>FAULTPROXY</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    OutputStream out = client.getOutputStream();
    out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    client.shutdownOutput();
    closeQuietly(client);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1
          : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static long contentLength(String lowerHead) {
    for (String line : lowerHead.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    pool.shutdownNow();
  }
}
