package org.reposearcheval.evals.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Waits for every process {@link Spawn} started, on one thread: each one's pidfd (Linux 5.3 and
 * later) in one epoll set, the process reaped with {@code waitpid} once its pidfd is readable. A
 * thread per process blocked in {@code waitpid}, as the JDK's reaper has, touches about 100 KB of
 * stack each: with a thousand agents in flight, 70 MB of the harness's memory. Where a pidfd cannot
 * be had, or epoll's event layout is not known (other than x86-64 and AArch64), that process gets a
 * thread of its own instead. A reaper whose loop fails hands every process it held to such threads
 * and is replaced by a new one for the next process: nothing waits on a set nobody waits for.
 */
final class Reaper {
  private static final int EPOLL_CLOEXEC = 02000000;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLLIN = 0x001;
  private static final int EINTR = 4;
  private static final int BATCH = 64;

  /**
   * Where the one thread cannot wait (no pidfd, or its loop failed), a thread waits for each
   * process, as the JDK's own process reaper does.
   */
  private static final ExecutorService ALONE =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("agent-reaper-", 0).daemon().stackSize(128 << 10).factory());

  /** The reaper processes are given to; null until the first, and again after one died. */
  private static Reaper current;

  /** Whether epoll cannot be used here at all (not x86-64 or AArch64, or no epoll). */
  private static boolean unusable;

  private final PosixCalls libc;
  private final int epoll;

  /** struct epoll_event: packed on x86-64 (12 bytes, data at 4), aligned elsewhere (16, at 8). */
  private final long eventBytes;

  private final long dataOffset;

  /** The processes waited for, by pidfd. */
  private final Map<Integer, SpawnedProcess> waiting = new ConcurrentHashMap<>();

  /** Set, under this, when the loop failed: nothing more is added. */
  private boolean dead;

  /** Set by a test: the loop fails the next time it wakes, as an unexpected error would. */
  private volatile boolean failForTest;

  /**
   * With none to wait for, the thread waits here rather than in {@code epoll_wait}: the JVM's exit
   * waits up to 300 ms for threads still in a native call, and with the last agent reaped the
   * harness is about to exit.
   */
  private final Object idle = new Object();

  private Reaper(PosixCalls libc, int epoll, long eventBytes, long dataOffset) {
    this.libc = libc;
    this.epoll = epoll;
    this.eventBytes = eventBytes;
    this.dataOffset = dataOffset;
    Thread.ofPlatform().name("agent-reaper").daemon().start(this::loop);
  }

  private static synchronized Reaper current(PosixCalls libc) {
    if (current == null && !unusable) {
      String arch = System.getProperty("os.arch", "");
      boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
      int epoll = x86 || arch.equals("aarch64") ? libc.call(libc.epollCreate(), EPOLL_CLOEXEC) : -1;
      if (epoll < 0) {
        unusable = true;
      } else {
        current = new Reaper(libc, epoll, x86 ? 12 : 16, x86 ? 4 : 8);
      }
    }
    return current;
  }

  private static synchronized void replace(Reaper dead) {
    if (current == dead) {
      current = null;
    }
  }

  /** Reaps {@code process} when it ends, on the reaper's thread or one of its own. */
  static void watch(PosixCalls libc, SpawnedProcess process) {
    Reaper one = current(libc);
    if (one == null || !one.add(process)) {
      waitAlone(libc, process);
    }
  }

  /**
   * A thread of its own for {@code process}: it waits for the end without reaping ({@code waitid}
   * with {@code WNOWAIT}), marks it ending, and only then reaps it, so no signal by number can
   * reach a process that was given its number after.
   */
  private static void waitAlone(PosixCalls libc, SpawnedProcess process) {
    ALONE.execute(
        () -> {
          try {
            libc.awaitEnd((int) process.pid());
            process.ending();
            process.exited(libc.await((int) process.pid()));
          } catch (IOException | RuntimeException e) {
            process.lost(e);
          }
        });
  }

  private boolean add(SpawnedProcess process) {
    int pidfd = process.pidfd();
    if (pidfd < 0) {
      return false;
    }
    synchronized (this) {
      if (dead) {
        return false;
      }
      waiting.put(pidfd, process);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment event = arena.allocate(16);
        event.set(ValueLayout.JAVA_INT, 0, EPOLLIN);
        event.set(ValueLayout.JAVA_INT, dataOffset, pidfd);
        if ((int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_ADD, pidfd, event) != 0) {
          waiting.remove(pidfd);
          return false;
        }
      } catch (Throwable e) {
        waiting.remove(pidfd);
        return false;
      }
    }
    synchronized (idle) {
      idle.notifyAll();
    }
    return true; // an end before the add is reported at once: epoll is level-triggered
  }

  private void loop() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment events = arena.allocate(eventBytes * BATCH);
      MemorySegment state = arena.allocate(libc.errnoSize());
      while (true) {
        synchronized (idle) {
          while (waiting.isEmpty()) {
            idle.wait();
          }
        }
        int ready = (int) libc.epollWait().invokeExact(state, epoll, events, BATCH, -1);
        if (ready < 0 && (int) libc.errno().get(state, 0L) != EINTR) {
          throw new IllegalStateException("epoll_wait: errno " + libc.errno().get(state, 0L));
        }
        if (failForTest) {
          throw new IllegalStateException("failed for a test");
        }
        for (int k = 0; k < ready; k++) {
          int pidfd = events.get(ValueLayout.JAVA_INT, k * eventBytes + dataOffset);
          SpawnedProcess process = waiting.get(pidfd);
          if (process == null) { // not expected: not ours any more, so not to be reported again
            forget(pidfd);
            continue;
          }
          int code;
          try {
            code = libc.reap((int) process.pid());
          } catch (IOException e) {
            waiting.remove(pidfd);
            forget(pidfd);
            process.lost(e);
            continue;
          }
          if (code != PosixCalls.RUNNING) {
            waiting.remove(pidfd);
            // Out of the set before the pidfd is closed (by the process): closing alone would
            // leave it in while a process being started still holds a copy of the descriptor.
            forget(pidfd);
            process.exited(code);
          }
        }
      }
    } catch (Throwable e) {
      die();
    }
  }

  /** Takes {@code pidfd} out of the epoll set. */
  private void forget(int pidfd) throws Throwable {
    int removed =
        (int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_DEL, pidfd, MemorySegment.NULL);
  }

  /** The loop failed: nothing more is added here, and what it held gets threads of its own. */
  private void die() {
    List<SpawnedProcess> held;
    synchronized (this) {
      dead = true;
      held = new ArrayList<>(waiting.values());
      waiting.clear();
    }
    replace(this);
    libc.close(epoll);
    held.forEach(p -> waitAlone(libc, p));
  }

  /** Makes the current reaper's loop fail when it next wakes, as an unexpected error would. */
  static synchronized void failCurrentForTest() {
    if (current != null) {
      current.failForTest = true;
    }
  }

  /** Whether the reaper processes are given to now is alive: for tests. */
  static synchronized boolean currentAlive() {
    return current != null && !current.dead;
  }
}
