package io.tglake.etl.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an S3-compatible server, for tests: it forwards every request byte
 * for byte (the Host header included, so SigV4 signatures made for the proxy's address still verify upstream),
 * counts requests by method, can answer chosen GETs with an error instead of forwarding them, and can add a
 * fixed latency to every request. Clients talk
 * to {@link #endpoint()} as if it were the server.
 */
public final class FaultProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> faultsLeft = new ConcurrentHashMap<>();
  private final Map<String, Integer> faultStatus = new ConcurrentHashMap<>();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile long latencyMillis;

  public FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The next {@code times} GETs whose path ends with {@code pathSuffix} are answered {@code status} (503 = SlowDown). */
  public void failGets(String pathSuffix, int times, int status) {
    faultsLeft.put(pathSuffix, new AtomicInteger(times));
    faultStatus.put(pathSuffix, status);
  }

  /** Delay added before every forwarded request, like a store's first-byte latency (S3: ~10–30 ms). */
  public void latencyMillis(long millis) {
    this.latencyMillis = millis;
  }

  /** Requests seen (forwarded or answered with a fault) for an HTTP method. */
  public int requests(String method) {
    return requests.getOrDefault(method, new AtomicInteger()).get();
  }

  /** Faults answered so far. */
  public int injected() {
    return injected.get();
  }

  public void reset() {
    requests.clear();
    faultsLeft.clear();
    faultStatus.clear();
    injected.set(0);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      InputStream upIn = upstream.getInputStream();
      OutputStream upOut = upstream.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        String method = requestLine[0];
        // Decoded, so rules can name keys as written (the SDK sends "=" in keys as %3D).
        String path = java.net.URI.create(requestLine[1]).getPath();
        requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        byte[] body = readBody(in, head);
        Integer fault = "GET".equals(method) ? takeFault(path) : null;
        if (fault != null) {
          injected.incrementAndGet();
          String code = fault == 503 ? "SlowDown" : "InternalError";
          byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
              + "</Code><Message>injected by FaultProxy</Message></Error>").getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 " + fault + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
              + xml.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(xml);
          out.flush();
          continue;
        }
        if (latencyMillis > 0) {
          try {
            Thread.sleep(latencyMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        upOut.write(head.getBytes(StandardCharsets.ISO_8859_1));
        upOut.write(body);
        upOut.flush();
        String responseHead = readHead(upIn);
        if (responseHead == null) {
          return;
        }
        out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
        if (!"HEAD".equals(method)) {
          relayBody(upIn, out, responseHead);
        }
        out.flush();
      }
    } catch (IOException e) {
      // client or server went away: nothing to clean up beyond the sockets
    }
  }

  private Integer takeFault(String path) {
    for (var e : faultsLeft.entrySet()) {
      if (path.endsWith(e.getKey()) && e.getValue().getAndDecrement() > 0) {
        return faultStatus.get(e.getKey());
      }
    }
    return null;
  }

  /** Request/response head up to and including the blank line, or null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return buf.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static byte[] readBody(InputStream in, String head) throws IOException {
    String length = header(head, "Content-Length");
    return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
  }

  private static void relayBody(InputStream in, OutputStream out, String head) throws IOException {
    String status = head.substring(9, 12);
    if (status.equals("204") || status.equals("304")) {
      return;
    }
    String length = header(head, "Content-Length");
    if (length != null) {
      out.write(in.readNBytes(Integer.parseInt(length)));
      return;
    }
    String encoding = header(head, "Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      while (true) {
        String sizeLine = readLine(in);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          String trailer;
          do {
            trailer = readLine(in);
            out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          } while (!trailer.isEmpty());
          return;
        }
        out.write(in.readNBytes(size + 2));
      }
    }
    // neither: body until the server closes
    in.transferTo(out);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        buf.write(b);
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
