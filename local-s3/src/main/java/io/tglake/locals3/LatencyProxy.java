package io.tglake.locals3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that holds every burst of bytes a client sends for a fixed time before passing it
 * upstream; the answers flow back untouched. An S3 GET or LIST request is one such burst (the request head fits
 * one read), so each request pays the latency once, like a store's time to first byte, without the proxy parsing
 * HTTP. Bytes are forwarded as they are (the Host header too), so SigV4 signatures made for the proxy's address
 * verify upstream.
 */
final class LatencyProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int upstreamPort;
  private final long latencyMillis;
  private final AtomicLong bursts = new AtomicLong();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "latency-proxy");
    t.setDaemon(true);
    return t;
  });

  LatencyProxy(int upstreamPort, long latencyMillis) throws IOException {
    this.upstreamPort = upstreamPort;
    this.latencyMillis = latencyMillis;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Client bursts forwarded so far: about one per request. */
  long bursts() {
    return bursts.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        pool.submit(() -> pump(client, upstream, true));
        pool.submit(() -> pump(upstream, client, false));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    byte[] buf = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (delayed) {
          bursts.incrementAndGet();
          if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
          }
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side went away; closing both below ends the partner pump too
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
