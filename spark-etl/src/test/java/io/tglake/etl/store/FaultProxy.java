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
 * counts requests by method, keeps a log of every request (method, path, whether it is a server-side copy), can
 * answer chosen GETs or PUTs with an error instead of forwarding them, and can add a fixed latency to every request.
 * Clients talk to {@link #endpoint()} as if it were the server.
 */
public final class FaultProxy implements AutoCloseable {

  /**
   * One request as it reached the proxy: method, decoded path ({@code /bucket/key} with path-style addressing),
   * whether it was a server-side copy (CopyObject or UploadPartCopy: a PUT with {@code x-amz-copy-source}), the
   * decoded query parameters (a valueless one such as {@code ?delete} maps to "") and the headers IAM conditions or
   * the operation depend on ({@link #RECORDED_HEADERS}, lower-case names). {@code deleteKeys} are the keys of a
   * multi-object delete ({@code POST ?delete}), read from its body; empty otherwise.
   */
  public record Request(String method, String path, boolean copy, Map<String, String> query,
      Map<String, String> headers, java.util.List<String> deleteKeys) {

    public Request(String method, String path, boolean copy) {
      this(method, path, copy, Map.of(), Map.of(), java.util.List.of());
    }
  }

  /** Headers kept in the log: conditional writes, the copy source, and the signature's date/region scope. */
  public static final java.util.List<String> RECORDED_HEADERS = java.util.List.of("if-none-match", "if-match",
      "x-amz-copy-source", "x-amz-copy-source-if-match", "x-amz-server-side-encryption", "x-amz-acl");

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
  private final java.util.Queue<Request> log = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile long latencyMillis;
  private final java.util.Set<String> versionedBuckets = ConcurrentHashMap.newKeySet();

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
    fail("GET", pathSuffix, times, status);
  }

  /** The next {@code times} PUTs whose path ends with {@code pathSuffix} are answered {@code status}, not stored. */
  public void failPuts(String pathSuffix, int times, int status) {
    fail("PUT", pathSuffix, times, status);
  }

  private void fail(String method, String pathSuffix, int times, int status) {
    faultsLeft.put(method + " " + pathSuffix, new AtomicInteger(times));
    faultStatus.put(method + " " + pathSuffix, status);
  }

  /**
   * Makes {@code bucket} look versioned to version-aware callers, for the S3 server behind has no versioning:
   * ListObjectVersions for a key is answered here with what a versioned bucket holds after that key was deleted (one
   * noncurrent version and the delete marker now latest), and DeleteObject with a version id is answered 204 here. The
   * requests are logged like any other, so the caller's real client sends exactly what it would send to S3.
   */
  public void versioned(String bucket) {
    versionedBuckets.add(bucket);
  }

  /** Delay added before every forwarded request, like a store's first-byte latency (S3: ~10–30 ms). */
  public void latencyMillis(long millis) {
    this.latencyMillis = millis;
  }

  /** Requests seen (forwarded or answered with a fault) for an HTTP method. */
  public int requests(String method) {
    return requests.getOrDefault(method, new AtomicInteger()).get();
  }

  /** Every request seen since the last {@link #reset}, in arrival order. */
  public java.util.List<Request> log() {
    return java.util.List.copyOf(log);
  }

  /** Server-side copies seen since the last {@link #reset}: what a rename costs on S3. */
  public long copies() {
    return log.stream().filter(Request::copy).count();
  }

  /** Faults answered so far. */
  public int injected() {
    return injected.get();
  }

  public void reset() {
    requests.clear();
    log.clear();
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
    try (client; Upstream upstream = new Upstream(upstreamPort)) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
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
        // The SDK sends PUT bodies only after a "100 Continue" (or a timeout): answer it here, so the body follows at
        // once; the server's own interim answer is dropped below.
        boolean expectContinue = "100-continue".equalsIgnoreCase(header(head, "Expect"));
        Integer fault = takeFault(method, path);
        byte[] versioned = fault == null ? versionedAnswer(method, path, requestLine[1]) : null;
        if (versioned != null) {
          if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          log.add(logEntry(method, path, java.net.URI.create(requestLine[1]).getRawQuery(), head, readBody(in, head)));
          out.write(versioned);
          out.flush();
          continue;
        }
        if (expectContinue && fault == null) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        byte[] body = expectContinue && fault != null ? new byte[0] : readBody(in, head);
        log.add(logEntry(method, path, java.net.URI.create(requestLine[1]).getRawQuery(), head, body));
        if (fault != null) {
          injected.incrementAndGet();
          String code = fault == 503 ? "SlowDown" : "InternalError";
          byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
              + "</Code><Message>injected by FaultProxy</Message></Error>").getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 " + fault + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
              + xml.length + (expectContinue ? "\r\nConnection: close" : "") + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(xml);
          out.flush();
          if (expectContinue) {
            return; // the body was never asked for: this connection cannot carry another request
          }
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
        String responseHead = upstream.send(head, body);
        if (responseHead == null) {
          return;
        }
        out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
        if (!"HEAD".equals(method)) {
          relayBody(upstream.in, out, responseHead);
        }
        out.flush();
      }
    } catch (IOException e) {
      // client or server went away: nothing to clean up beyond the sockets
    }
  }

  /**
   * The connection to the server behind one client connection. The server closes idle connections; a request that
   * finds its connection closed (no answer at all) is sent once more on a new one, as the client would have done —
   * so that the log holds what the client sent, not retries caused by the proxy.
   */
  private static final class Upstream implements AutoCloseable {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Upstream(int port) throws IOException {
      this.port = port;
      connect();
    }

    private void connect() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    /** Forwards a request; the head of the final answer (interim 1xx skipped), or null if the server is gone. */
    String send(String head, byte[] body) throws IOException {
      String answer;
      try {
        answer = forward(head, body);
      } catch (IOException closed) {
        answer = null;
      }
      if (answer == null) {
        socket.close();
        connect();
        answer = forward(head, body);
      }
      return answer;
    }

    private String forward(String head, byte[] body) throws IOException {
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String answer = readHead(in);
      while (answer != null && answer.startsWith("HTTP/1.1 1")) {
        answer = readHead(in); // interim 1xx: the client already had its 100 Continue from the proxy
      }
      return answer;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** The answer a versioned bucket gives (see {@link #versioned}), or null to forward the request. */
  private byte[] versionedAnswer(String method, String path, String target) {
    String[] split = path.substring(1).split("/", 2);
    String[] parts = split.length == 2 && split[1].isEmpty() ? new String[] {split[0]} : split;
    Map<String, String> query = logEntry(method, path, java.net.URI.create(target).getRawQuery(), "\r\n",
        new byte[0]).query();
    if (!versionedBuckets.contains(parts[0])) {
      return null;
    }
    if ("DELETE".equals(method) && parts.length == 2 && query.containsKey("versionId")) {
      return "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }
    String prefix = query.get("prefix");
    if (!"GET".equals(method) || parts.length != 1 || !query.containsKey("versions") || prefix == null
        || prefix.isEmpty() || prefix.endsWith("/")) {
      return null;
    }
    String key = prefix.replace("&", "&amp;").replace("<", "&lt;");
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListVersionsResult "
        + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + parts[0] + "</Name><Prefix>" + key
        + "</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys>"
        + "<IsTruncated>false</IsTruncated><Version><Key>" + key + "</Key><VersionId>noncurrent-1</VersionId>"
        + "<IsLatest>false</IsLatest><LastModified>2026-11-22T10:00:00.000Z</LastModified><ETag>\"e\"</ETag>"
        + "<Size>1</Size><StorageClass>STANDARD</StorageClass></Version><DeleteMarker><Key>" + key + "</Key>"
        + "<VersionId>marker-1</VersionId><IsLatest>true</IsLatest><LastModified>2026-12-06T10:00:00.000Z"
        + "</LastModified></DeleteMarker></ListVersionsResult>").getBytes(StandardCharsets.UTF_8);
    byte[] headBytes = ("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: " + xml.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + xml.length);
    System.arraycopy(xml, 0, all, headBytes.length, xml.length);
    return all;
  }

  private static Request logEntry(String method, String path, String rawQuery, String head, byte[] body) {
    Map<String, String> query = new java.util.LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(name, value);
      }
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (String name : RECORDED_HEADERS) {
      String value = header(head, name);
      if (value != null) {
        headers.put(name, name.equals("x-amz-copy-source")
            ? java.net.URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
      }
    }
    java.util.List<String> deleteKeys = new java.util.ArrayList<>();
    if ("POST".equals(method) && query.containsKey("delete")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Key>([^<]*)</Key>")
          .matcher(new String(body, StandardCharsets.UTF_8));
      while (m.find()) {
        deleteKeys.add(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", "\"").replace("&apos;", "'"));
      }
    }
    return new Request(method, path, headers.containsKey("x-amz-copy-source"), Map.copyOf(query),
        Map.copyOf(headers), java.util.List.copyOf(deleteKeys));
  }

  private Integer takeFault(String method, String path) {
    String rule = method + " ";
    for (var e : faultsLeft.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(rule) && path.endsWith(key.substring(rule.length()))
          && e.getValue().getAndDecrement() > 0) {
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

  /** The request body as sent (a chunked one with its chunk framing, so it can be forwarded unchanged). */
  private static byte[] readBody(InputStream in, String head) throws IOException {
    String length = header(head, "Content-Length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    String encoding = header(head, "Transfer-Encoding");
    if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new byte[0];
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    relayChunks(in, raw);
    return raw.toByteArray();
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
      relayChunks(in, out);
      return;
    }
    // neither: body until the server closes
    in.transferTo(out);
  }

  /** Copies a chunked body, framing and trailers included, up to and including its final empty line. */
  private static void relayChunks(InputStream in, OutputStream out) throws IOException {
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
