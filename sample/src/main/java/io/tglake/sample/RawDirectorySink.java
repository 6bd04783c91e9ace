package io.tglake.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes deliveries straight into a raw layout ({@code <root>/}{@link Delivery#rawKey()}), the way
 * the ingest would have stored them had they arrived over HTTP at {@link Delivery#arrival()}:
 * create-only (a redelivery on the same UTC day finds the object and writes nothing), body
 * byte-for-byte, and the file's last-modified time set to the arrival instant because the ETL takes
 * {@code received_at} from it.
 *
 * <p>Writes run on a few threads: a benchmark day has up to 10^6 tiny files and the file system,
 * not the CPU, is the limit. Call {@link #close()} to wait for them.
 */
public final class RawDirectorySink implements Consumer<Delivery>, AutoCloseable {
  private static final int BATCH = 512;

  private final Path root;

  /**
   * One single-threaded lane per writer: an update_id always goes to the same lane, so its copies
   * stay in order.
   */
  private final ExecutorService[] lanes;

  private final List<List<Delivery>> batches = new ArrayList<>();
  private final List<Future<?>> inFlight = new ArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong alreadyStored = new AtomicLong();

  /**
   * @param root the folder that contains (or will contain) the day partitions
   * @param threads writer threads (1 keeps everything on the caller's thread order)
   */
  public RawDirectorySink(Path root, int threads) {
    this.root = root;
    this.lanes = new ExecutorService[Math.max(1, threads)];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "raw-writer");
                t.setDaemon(true);
                return t;
              });
      batches.add(new ArrayList<>(BATCH));
    }
  }

  @Override
  public void accept(Delivery d) {
    int lane = (int) Math.floorMod(d.updateId(), (long) lanes.length);
    List<Delivery> batch = batches.get(lane);
    batch.add(d);
    if (batch.size() >= BATCH) {
      submit(lane);
    }
  }

  private void submit(int lane) {
    List<Delivery> mine = batches.set(lane, new ArrayList<>(BATCH));
    // The first copy of an update wins (create-only), as with the real ingest: its arrival is the
    // mtime.
    inFlight.add(lanes[lane].submit(() -> mine.forEach(this::write)));
    if (inFlight.size() > 16L * lanes.length) {
      awaitAll();
    }
  }

  private void write(Delivery d) {
    Path file = root.resolve(d.rawKey());
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, d.body(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setLastModifiedTime(file, FileTime.from(d.arrival()));
      written.incrementAndGet();
    } catch (FileAlreadyExistsException e) {
      alreadyStored.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void awaitAll() {
    for (Future<?> f : inFlight) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing raw files", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re
            ? re
            : new IllegalStateException(e.getCause());
      }
    }
    inFlight.clear();
  }

  /** Objects created. */
  public long written() {
    return written.get();
  }

  /**
   * Deliveries whose object already existed (same-day redeliveries, or a rerun into the same
   * folder).
   */
  public long alreadyStored() {
    return alreadyStored.get();
  }

  /** Flushes the last batch and waits for every write. */
  @Override
  public void close() {
    for (int lane = 0; lane < lanes.length; lane++) {
      if (!batches.get(lane).isEmpty()) {
        submit(lane);
      }
    }
    try {
      awaitAll();
    } finally {
      for (ExecutorService lane : lanes) {
        lane.shutdown();
      }
    }
  }
}
