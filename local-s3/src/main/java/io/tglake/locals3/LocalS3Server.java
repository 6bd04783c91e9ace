package io.tglake.locals3;

import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A local S3-compatible endpoint with a fixed latency per request, for {@code bin/tglake bench etl
 * --s3-latency-ms}: gaul s3proxy over its in-memory blob store on 127.0.0.1 ({@link
 * S3ProxyServer}), and a {@link FaultProxy} adding {@code --latency-ms} before each request in
 * front of it (the test kit's own, so that the benchmark and the tests measure through the same
 * proxy). Started by the benchmark as a child JVM on this module's own classpath, and driven over
 * stdin/stdout:
 *
 * <ul>
 *   <li>once both listen it prints {@code ready s3proxy=http://127.0.0.1:P
 *       proxy=http://127.0.0.1:Q};
 *   <li>a line {@code stats} on stdin is answered with {@code stats bursts=N}: N requests through
 *       the proxy (the word is kept from when the proxy counted bursts of bytes, about one per
 *       request, so the bench's reader is unchanged);
 *   <li>end of stdin stops it (so it never outlives the benchmark).
 * </ul>
 *
 * Credentials come from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, the variables the
 * ETL reads too. Logs (slf4j-simple, WARN unless {@code -Dorg.slf4j.simpleLogger.defaultLogLevel}
 * says otherwise) go to stderr.
 */
@Command(
    name = "tglake-local-s3",
    mixinStandardHelpOptions = true,
    description =
        "s3proxy (in-memory) behind a latency-adding proxy on 127.0.0.1; stops at end of stdin.")
public final class LocalS3Server implements Callable<Integer> {

  @Option(
      names = "--latency-ms",
      paramLabel = "N",
      description = "added before each request (default 0)")
  long latencyMs;

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.exit(new CommandLine(new LocalS3Server()).execute(argv));
  }

  @Override
  public Integer call() throws Exception {
    if (latencyMs < 0) {
      System.err.println("tglake-local-s3: --latency-ms must be >= 0");
      return 2;
    }
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    if (key == null || secret == null) {
      System.err.println("tglake-local-s3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      return 2;
    }
    // In-memory rather than the filesystem store: no disk writes competing with the benchmark's own
    // files; listings
    // paged from one scan (SnapshotListing), as S3 pages from its index.
    S3ProxyServer s3proxy;
    try {
      s3proxy =
          S3ProxyServer.builder()
              .blobStore(new SnapshotListing(new TransientNio2BlobStore()))
              .credentials(key, secret)
              .start();
    } catch (IllegalStateException e) {
      System.err.println("tglake-local-s3: " + e.getMessage());
      return 1;
    }
    PrintStream out = System.out;
    try (s3proxy;
        FaultProxy proxy = new FaultProxy(s3proxy.port())) {
      proxy.latencyMillis(latencyMs);
      proxy.logRequests(
          false); // a long benchmark run must not grow the heap; the counts are all it reports
      out.println("ready s3proxy=" + s3proxy.endpoint() + " proxy=" + proxy.endpoint());
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("stats")) {
          out.println("stats bursts=" + proxy.requests());
          out.flush();
        }
      }
    }
    return 0;
  }
}
