package org.reposearcheval.evals.agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Waits for every process {@link Spawn} started, on one thread: each one's pidfd (Linux 5.3 and
 * later) in one epoll set, the process reaped with {@code waitpid} once its pidfd is readable. A
 * thread per process blocked in {@code waitpid}, as the JDK's reaper has, touches about 100 KB of
 * stack each: with a thousand agents in flight, 70 MB of the harness's memory. Where a pidfd cannot
 * be had, or epoll's event layout is not known (other than x86-64 and AArch64), that process gets a
 * thread of {@link Spawn#REAPERS} instead.
 */
final class Reaper {
  private static final int EPOLL_CLOEXEC = 02000000;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLLIN = 0x001;
  private static final int SYS_PIDFD_OPEN = 434; // the same number on every architecture
  private static final int EINTR = 4;
  private static final int BATCH = 64;

  /** The one reaper, made with the first process; null when epoll cannot be used here. */
  private static Reaper reaper;

  private static boolean made;

  private final PosixCalls libc;
  private final int epoll;

  /** struct epoll_event: packed on x86-64 (12 bytes, data at 4), aligned elsewhere (16, at 8). */
  private final long eventBytes;

  private final long dataOffset;

  /** The processes waited for, by pidfd. */
  private final Map<Integer, SpawnedProcess> waiting = new ConcurrentHashMap<>();

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

  private static synchronized Reaper reaper(PosixCalls libc) {
    if (!made) {
      made = true;
      String arch = System.getProperty("os.arch", "");
      boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
      if (x86 || arch.equals("aarch64")) {
        int epoll = libc.call(libc.epollCreate(), EPOLL_CLOEXEC);
        if (epoll >= 0) {
          reaper = new Reaper(libc, epoll, x86 ? 12 : 16, x86 ? 4 : 8);
        }
      }
    }
    return reaper;
  }

  /** Reaps {@code process} when it ends, on the reaper's thread or one of its own. */
  static void watch(PosixCalls libc, SpawnedProcess process) {
    Reaper one = reaper(libc);
    if (one == null || !one.add(process)) {
      Spawn.REAPERS.execute(() -> process.exited(libc.await((int) process.pid())));
    }
  }

  private boolean add(SpawnedProcess process) {
    try (Arena arena = Arena.ofConfined()) {
      int pidfd =
          (int) (long) libc.syscall().invokeExact((long) SYS_PIDFD_OPEN, (int) process.pid(), 0);
      if (pidfd < 0) {
        return false;
      }
      waiting.put(pidfd, process);
      MemorySegment event = arena.allocate(16);
      event.set(ValueLayout.JAVA_INT, 0, EPOLLIN);
      event.set(ValueLayout.JAVA_INT, dataOffset, pidfd);
      if ((int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_ADD, pidfd, event) != 0) {
        waiting.remove(pidfd);
        libc.close(pidfd);
        return false;
      }
      synchronized (idle) {
        idle.notifyAll();
      }
      return true; // an end before the add is reported at once: epoll is level-triggered
    } catch (Throwable e) {
      return false;
    }
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
        for (int k = 0; k < ready; k++) {
          int pidfd = events.get(ValueLayout.JAVA_INT, k * eventBytes + dataOffset);
          SpawnedProcess process = waiting.get(pidfd);
          if (process == null) { // not expected: not ours any more, so not to be reported again
            int removed =
                (int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_DEL, pidfd, MemorySegment.NULL);
            continue;
          }
          int code = libc.reap((int) process.pid());
          if (code != Spawn.RUNNING) {
            waiting.remove(pidfd);
            // Out of the set before the number can be reused: closing alone would leave it in
            // while a process being started still holds a copy of the descriptor.
            int removed =
                (int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_DEL, pidfd, MemorySegment.NULL);
            libc.close(pidfd);
            process.exited(code);
          }
        }
      }
    } catch (Throwable e) {
      // Not expected; the processes still waited for get threads of their own.
      waiting
          .values()
          .forEach(p -> Spawn.REAPERS.execute(() -> p.exited(libc.await((int) p.pid()))));
      throw new IllegalStateException(e);
    }
  }
}
