package io.tglake.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an S3-compatible server. It forwards every request
 * byte for byte (the Host header included, so SigV4 signatures made for the proxy's address still
 * verify upstream), and on demand:
 *
 * <ul>
 *   <li>adds a fixed latency before every forwarded request, like a store's time to first byte
 *       ({@link #latencyMillis}; the benchmark's local S3 server runs this at run time);
 *   <li>answers chosen requests with an S3 error instead of forwarding them ({@link #fail}, {@link
 *       #failGets}, {@link #failPuts}), or behaves as a whole as a server that is down, failing or
 *       slow ({@link #mode});
 *   <li>makes a bucket look versioned ({@link #versioned});
 *   <li>counts and logs every request (method, decoded path, query, chosen headers, multi-delete
 *       keys).
 * </ul>
 *
 * Clients talk to {@link #endpoint()} as if it were the server.
 */
public final class FaultProxy implements AutoCloseable {

  /**
   * Whole-server behaviours; switching drops every open connection, so pooled ones cannot bypass
   * the new one.
   */
  public enum Mode {
    /** Forward (with any latency, rules and versioned buckets set). */
    PASS,
    /** Server down: every connection is reset as soon as it is accepted. */
    DOWN,
    /** Answer every request with 500 InternalError. */
    FAIL_500,
    /**
     * Answer every request with 409 ConditionalRequestConflict (S3's answer to racing conditional
     * writes).
     */
    CONFLICT_409,
    /**
     * Forward the request at once, hold the answer back for {@link #SLOW_DELAY}: the write lands,
     * the client times out.
     */
    SLOW
  }

  /** How long {@link Mode#SLOW} holds every answer back. */
  public static final Duration SLOW_DELAY = Duration.ofSeconds(4);

  /**
   * One request as it reached the proxy: method, decoded path ({@code /bucket/key} with path-style
   * addressing), whether it was a server-side copy (CopyObject or UploadPartCopy: a PUT with {@code
   * x-amz-copy-source}), the decoded query parameters (a valueless one such as {@code ?delete} maps
   * to "") and the headers IAM conditions or the operation depend on ({@link #RECORDED_HEADERS},
   * lower-case names). {@code deleteKeys} are the keys of a multi-object delete ({@code POST
   * ?delete}), read from its body; empty otherwise.
   */
  public record Request(
      String method,
      String path,
      boolean copy,
      Map<String, String> query,
      Map<String, String> headers,
      List<String> deleteKeys) {

    public Request(String method, String path, boolean copy) {
      this(method, path, copy, Map.of(), Map.of(), List.of());
    }
  }

  /** Headers kept in the log: conditional writes, the copy source, encryption and ACL. */
  public static final List<String> RECORDED_HEADERS =
      List.of(
          "if-none-match",
          "if-match",
          "x-amz-copy-source",
          "x-amz-copy-source-if-match",
          "x-amz-server-side-encryption",
          "x-amz-acl");

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final Queue<Request> log = new ConcurrentLinkedQueue<>();
  private final Set<String> versionedBuckets = ConcurrentHashMap.newKeySet();
  private volatile long latencyMillis;
  private volatile boolean logRequests = true;
  private volatile Mode mode = Mode.PASS;

  private record Rule(String method, String pathSuffix, AtomicInteger left, int status) {}

  /** Starts listening on a free port of 127.0.0.1, forwarding to {@code upstreamPort} there. */
  public FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Switches the whole-server behaviour and drops every open connection. */
  public synchronized void mode(Mode newMode) {
    mode = newMode;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /**
   * The next {@code times} GETs whose path ends with {@code pathSuffix} are answered {@code status}
   * (503 = SlowDown).
   */
  public void failGets(String pathSuffix, int times, int status) {
    fail("GET", pathSuffix, times, status);
  }

  /**
   * The next {@code times} PUTs whose path ends with {@code pathSuffix} are answered {@code
   * status}, not stored.
   */
  public void failPuts(String pathSuffix, int times, int status) {
    fail("PUT", pathSuffix, times, status);
  }

  /**
   * The next {@code times} requests of {@code method} whose decoded path ends with {@code
   * pathSuffix} get {@code status}.
   */
  public void fail(String method, String pathSuffix, int times, int status) {
    rules.put(
        method + " " + pathSuffix, new Rule(method, pathSuffix, new AtomicInteger(times), status));
  }

  /**
   * Makes {@code bucket} look versioned to version-aware callers, for the S3 server behind has no
   * versioning (see {@link S3Requests#versionedAnswer}). The requests are logged like any other, so
   * the caller's real client sends exactly what it would send to S3.
   */
  public void versioned(String bucket) {
    versionedBuckets.add(bucket);
  }

  /**
   * Delay added before every forwarded request, like a store's first-byte latency (S3: ~10–30 ms).
   */
  public void latencyMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("latency must be >= 0 ms, was " + millis);
    }
    this.latencyMillis = millis;
  }

  /** Whether {@link #log} keeps every request (default); counts are kept either way. */
  public void logRequests(boolean keep) {
    this.logRequests = keep;
  }

  /** Requests seen (forwarded or answered by the proxy) for an HTTP method. */
  public int requests(String method) {
    AtomicInteger n = requests.get(method);
    return n == null ? 0 : n.get();
  }

  /** Requests seen for every method together. */
  public long requests() {
    return requests.values().stream().mapToLong(AtomicInteger::get).sum();
  }

  /** Every request seen since the last {@link #reset}, in arrival order. */
  public List<Request> log() {
    return List.copyOf(log);
  }

  /** Server-side copies seen since the last {@link #reset}: what a rename costs on S3. */
  public long copies() {
    return log.stream().filter(Request::copy).count();
  }

  /** Faults answered so far (rules and modes). */
  public int injected() {
    return injected.get();
  }

  /** Forgets counts, log and fault rules (not the mode, latency or versioned buckets). */
  public void reset() {
    requests.clear();
    log.clear();
    rules.clear();
    injected.set(0);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.DOWN) {
          // RST instead of FIN: what a client sees from a crashed or restarting server.
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        open.add(client);
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        Upstream upstream = new Upstream()) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
      while (true) {
        String head = HttpWire.readHead(in);
        if (head == null || !exchange(head, in, out, upstream)) {
          return;
        }
      }
    } catch (IOException e) {
      // client or server went away, or a mode switch closed the sockets: nothing left to release
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  /** Answers one request; false when the connection cannot carry another. */
  private boolean exchange(String head, InputStream in, OutputStream out, Upstream upstream)
      throws IOException, InterruptedException {
    String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
    String method = requestLine[0];
    URI target = URI.create(requestLine[1]);
    String path =
        target.getPath(); // decoded, so rules name keys as written (the SDK sends "=" as %3D)
    Map<String, String> query = S3Requests.query(target.getRawQuery());
    requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    // The SDK sends PUT bodies only after a "100 Continue" (or a timeout): answer it here so that
    // the body follows
    // at once, unless the request is refused anyway; the server's own interim answer is dropped in
    // Upstream.
    boolean expectContinue = "100-continue".equalsIgnoreCase(HttpWire.header(head, "Expect"));
    Integer fault = fault(method, path);
    if (expectContinue && fault == null) {
      out.write(CONTINUE);
      out.flush();
    }
    byte[] body = expectContinue && fault != null ? new byte[0] : HttpWire.readBody(in, head);
    if (logRequests) {
      log.add(S3Requests.entry(method, path, target.getRawQuery(), head, body));
    }
    if (fault != null) {
      injected.incrementAndGet();
      out.write(S3Requests.error(fault, expectContinue));
      out.flush();
      return !expectContinue; // the body was never asked for: the connection cannot carry another
      // request
    }
    String bucket = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    byte[] versioned =
        versionedBuckets.contains(bucket) ? S3Requests.versionedAnswer(method, path, query) : null;
    if (versioned != null) {
      out.write(versioned);
      out.flush();
      return true;
    }
    if (latencyMillis > 0) {
      Thread.sleep(latencyMillis);
    }
    String responseHead = upstream.send(head, body);
    if (responseHead == null) {
      return false;
    }
    if (mode == Mode.SLOW) {
      Thread.sleep(SLOW_DELAY.toMillis());
    }
    out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
    if (!"HEAD".equals(method)) {
      HttpWire.relayBody(upstream.in, out, responseHead);
    }
    out.flush();
    return true;
  }

  /**
   * The status to answer instead of forwarding, or null; a matching rule uses up one of its times.
   */
  private Integer fault(String method, String path) {
    Mode m = mode;
    if (m == Mode.FAIL_500) {
      return 500;
    }
    if (m == Mode.CONFLICT_409) {
      return 409;
    }
    for (Rule rule : rules.values()) {
      if (rule.method().equals(method)
          && path.endsWith(rule.pathSuffix())
          && rule.left().getAndDecrement() > 0) {
        return rule.status();
      }
    }
    return null;
  }

  /**
   * The connection to the server behind one client connection. The server closes idle connections;
   * a request that finds its connection closed (no answer at all) is sent once more on a new one,
   * as the client would have done, so that the log holds what the client sent, not retries caused
   * by the proxy.
   */
  private final class Upstream implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * Forwards a request; the head of the final answer (interim 1xx skipped), or null if the server
     * is gone.
     */
    String send(String head, byte[] body) throws IOException {
      String answer = null;
      if (socket != null) {
        try {
          answer = forward(head, body);
        } catch (IOException closed) {
          answer = null;
        }
      }
      if (answer == null) {
        connect();
        answer = forward(head, body);
      }
      return answer;
    }

    private void connect() throws IOException {
      close();
      socket = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      socket.setTcpNoDelay(true);
      open.add(socket);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    private String forward(String head, byte[] body) throws IOException {
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String answer = HttpWire.readHead(in);
      while (answer != null && answer.startsWith("HTTP/1.1 1")) {
        answer =
            HttpWire.readHead(
                in); // interim 1xx: the client already had its 100 Continue from the proxy
      }
      return answer;
    }

    @Override
    public void close() {
      if (socket != null) {
        open.remove(socket);
        closeQuietly(socket);
      }
    }
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
    for (Socket s : open) {
      closeQuietly(s);
    }
    pool.shutdownNow();
  }
}
