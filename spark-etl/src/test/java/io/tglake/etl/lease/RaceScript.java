package io.tglake.etl.lease;

import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store wrapper that plays the worst interleaving of {@code racers} runs competing for one lease
 * key, every time, instead of hoping the thread scheduler finds it:
 *
 * <ul>
 *   <li><b>Start lines.</b> Each racer's first and second call on the lease key (get, create or
 *       put) waits until every other racer has made its own (or finished), so the calls really are
 *       simultaneous and nobody acts on what it read before everyone has read — a check-then-create
 *       instead of an atomic create loses here.
 *   <li><b>Pause between check and delete.</b> A racer's delete of the lease key is parked until
 *       every other racer has gone as far as it can (finished, or parked in its own delete); then
 *       the parked deletes are let through one at a time, each only after the previous deleter has
 *       finished or parked again. So every racer that decides "the lease is stale, delete it"
 *       decides it before anyone deletes, and each delete lands after the previous deleter created
 *       its fresh lease — the interleaving in which a take-over without a guard lets a late deleter
 *       remove the winner's lease.
 * </ul>
 *
 * <p>The coordination lives only here, in the script; each store call itself goes to the wrapped
 * store outside any script lock, with the wrapped store's own atomicity (see {@link MemoryStore}).
 */
final class RaceScript implements ObjectStore {

  private static final long STUCK_SECONDS = 30;

  private final ObjectStore inner;
  private final String leaseKey;
  private final int racers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ThreadLocal<Boolean> racer = ThreadLocal.withInitial(() -> false);
  private static final int LINES = 2;
  private final ThreadLocal<int[]> leaseCalls = ThreadLocal.withInitial(() -> new int[1]);
  private final int[] atLine = new int[LINES];
  private final int[] finishedBefore = new int[LINES];
  private final Deque<Thread> parked = new ArrayDeque<>();
  private int finished;
  private int deletesPaused;

  RaceScript(ObjectStore inner, String leaseKey, int racers) {
    this.inner = inner;
    this.leaseKey = leaseKey;
    this.racers = racers;
  }

  /** Wraps one racer's work; exactly {@code racers} of these must run, each on its own thread. */
  <T> Callable<T> racer(Callable<T> work) {
    return () -> {
      racer.set(true);
      try {
        return work.call();
      } finally {
        lock.lock();
        try {
          finished++;
          for (int line = leaseCalls.get()[0]; line < LINES; line++) {
            finishedBefore[line]++; // never reached that line: it no longer holds the others back
          }
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    };
  }

  /**
   * How many deletes of the lease key were held at the pause (so a test can show the script was
   * exercised).
   */
  int deletesPaused() {
    lock.lock();
    try {
      return deletesPaused;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] body) throws IOException {
    lineUp(key);
    return inner.putIfAbsent(key, body);
  }

  /**
   * Holds a racer's first {@link #LINES} calls on the lease key until every racer has made that
   * call or ended.
   */
  private void lineUp(String key) throws IOException {
    if (!key.equals(leaseKey) || !racer.get() || leaseCalls.get()[0] >= LINES) {
      return;
    }
    int line = leaseCalls.get()[0]++;
    lock.lock();
    try {
      atLine[line]++;
      changed.signalAll();
      await(
          () -> atLine[line] + finishedBefore[line] >= racers,
          "all racers at start line " + (line + 1));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    if (key.equals(leaseKey) && racer.get()) {
      lock.lock();
      try {
        deletesPaused++;
        parked.addLast(Thread.currentThread());
        changed.signalAll();
        // Released when nobody else is running and this racer is next in line; it then runs alone
        // until it
        // finishes or parks again.
        await(
            () -> running() == 0 && parked.peekFirst() == Thread.currentThread(),
            "a paused delete's turn");
        parked.removeFirst();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
    inner.delete(key);
  }

  /**
   * Racers neither finished nor parked; a released racer counts as running again. Call with the
   * lock held.
   */
  private int running() {
    return racers - finished - parked.size();
  }

  private void await(java.util.function.BooleanSupplier ready, String what) throws IOException {
    long left = TimeUnit.SECONDS.toNanos(STUCK_SECONDS);
    try {
      while (!ready.getAsBoolean()) {
        if (left <= 0) {
          throw new IllegalStateException(
              "race script stuck waiting for "
                  + what
                  + " (finished "
                  + finished
                  + ", parked "
                  + parked.size()
                  + " of "
                  + racers
                  + ")");
        }
        left = changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("race script interrupted");
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    return inner.list(prefix);
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    lineUp(key);
    return inner.get(key);
  }

  @Override
  public void put(String key, byte[] body) throws IOException {
    lineUp(key);
    inner.put(key, body);
  }

  @Override
  public Optional<Tagged> getTagged(String key) throws IOException {
    lineUp(key);
    return inner.getTagged(key);
  }

  @Override
  public Optional<String> replaceIfMatch(String key, byte[] body, String etag) throws IOException {
    lineUp(key);
    return inner.replaceIfMatch(key, body, etag);
  }

  @Override
  public List<ObjectVersion> listVersions(String prefix) throws IOException {
    return inner.listVersions(prefix);
  }

  @Override
  public void deleteVersion(String key, String versionId) throws IOException {
    inner.deleteVersion(key, versionId);
  }

  @Override
  public void close() {
    inner.close();
  }
}
