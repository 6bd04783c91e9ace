package io.tglake.etl;

import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One task of {@link RawDayReader#fetch}: fetch its slice of keys with a bounded window of requests
 * in flight, judge each body ({@link UpdateGate}), yield rows ({@code RawDayReader}'s fetched
 * columns) in key order. Unreadable objects yield no row and go to {@code failures} as {@code
 * key<TAB>reason}.
 */
record RawFetch(
    String rawRoot,
    String base,
    S3Settings s3,
    int concurrency,
    int tasks,
    Broadcast<Slices> slices,
    CollectionAccumulator<String> failures)
    implements Serializable {

  /** The listed objects, shared by the tasks as one broadcast. */
  record Slices(String[] keys, long[] modifiedMicros) implements Serializable {}

  Iterator<Row> apply(Iterator<Integer> sliceIds) {
    int slice = sliceIds.next();
    Slices all = slices.value();
    int n = all.keys().length;
    int from = (int) ((long) n * slice / tasks);
    int to = (int) ((long) n * (slice + 1) / tasks);
    ObjectStore store = ObjectStores.open(rawRoot, s3);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(concurrency, to - from)),
            r -> {
              Thread t = new Thread(r, "tglake-raw-get");
              t.setDaemon(true);
              return t;
            });
    TaskContext ctx = TaskContext.get();
    Runnable cleanup =
        () -> {
          pool.shutdownNow();
          store.close();
        };
    if (ctx != null) {
      ctx.addTaskCompletionListener((TaskCompletionListener) c -> cleanup.run());
    }
    return new Iterator<>() {
      private final Deque<Future<Optional<byte[]>>> window = new ArrayDeque<>();
      private int submitted = from;
      private int consumed = from;
      private Row next;

      private void fill() {
        while (submitted < to && window.size() < concurrency) {
          String key = all.keys()[submitted++];
          window.add(pool.submit(() -> store.get(key)));
        }
      }

      @Override
      public boolean hasNext() {
        while (next == null && consumed < to) {
          fill();
          Future<Optional<byte[]>> f = window.poll();
          int i = consumed++;
          String key = all.keys()[i];
          try {
            Optional<byte[]> body = f.get();
            if (body.isPresent()) {
              // Judged here, before Spark parses anything: an object nested too deep would
              // overflow the
              // stack of schema inference and end the executor.
              UpdateGate.Verdict v = UpdateGate.judge(body.get());
              next =
                  RowFactory.create(
                      body.get(),
                      base + "/" + key,
                      micros(all.modifiedMicros()[i]),
                      v.error(),
                      v.rescuedPaths().toArray(String[]::new));
            } else {
              failures.add(key + "\tvanished between list and get (404)");
            }
          } catch (ExecutionException e) {
            failures.add(key + "\t" + e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + key, e);
          }
        }
        if (next == null && ctx == null) {
          cleanup.run();
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  private static Timestamp micros(long micros) {
    Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
    t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
    return t;
  }
}
