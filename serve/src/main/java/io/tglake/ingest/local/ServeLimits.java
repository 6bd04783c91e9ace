package io.tglake.ingest.local;

import java.time.Duration;

/**
 * Resource bounds of {@code bin/tglake serve}, so that slow or idle clients cannot starve a real
 * delivery.
 *
 * @param maxConnections open TCP connections at most; beyond it the server stops accepting until
 *     one closes (the kernel backlog holds the rest). Telegram opens up to {@code max_connections}
 *     (default 40, at most 100).
 * @param idleTimeout a connection that sends nothing for this long (mid-headers, mid-body or
 *     between requests) is closed
 * @param requestTimeout an authenticated body must arrive completely within this time after the
 *     headers, else 408 and the connection is closed (stops trickling bodies that reset the idle
 *     timer)
 * @param maxThreads worker threads (header parsing and body reads hold none: they are
 *     non-blocking); bounds the concurrent storage calls
 */
public record ServeLimits(
    int maxConnections, Duration idleTimeout, Duration requestTimeout, int maxThreads) {

  /** 512 connections, 10 s idle, 10 s per body, 64 threads. */
  public static final ServeLimits DEFAULTS =
      new ServeLimits(512, Duration.ofSeconds(10), Duration.ofSeconds(10), 64);

  public ServeLimits {
    if (maxConnections < 1 || maxThreads < 8) {
      throw new IllegalArgumentException("maxConnections >= 1 and maxThreads >= 8 required");
    }
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }
}
