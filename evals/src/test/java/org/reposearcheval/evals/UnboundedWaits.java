package org.reposearcheval.evals;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds calls that wait on a process or a thread without a bound (a process's wait for its exit
 * with no time limit, a thread's join with none, …) in compiled test classes: a regression behind
 * one of them hangs the build instead of failing a test. Read from the class files, so a call is
 * matched by its exact owner and descriptor: the wait with no arguments is found, the one taking a
 * timeout and a unit is not.
 */
public final class UnboundedWaits {
  /**
   * Each call that blocks with no time limit, as {@code owner.name descriptor}: the owner's
   * internal name, the method's name and its type descriptor, kept apart so no source line here
   * reads like such a call.
   */
  private static final Set<String> UNBOUNDED =
      Set.of(
          call("java/lang/Process", "waitFor", "()I"),
          call("java/lang/Thread", "join", "()V"),
          call("java/lang/Object", "wait", "()V"),
          call("java/util/concurrent/Future", "get", "()Ljava/lang/Object;"),
          call("java/util/concurrent/FutureTask", "get", "()Ljava/lang/Object;"),
          call("java/util/concurrent/CompletableFuture", "get", "()Ljava/lang/Object;"),
          call("java/util/concurrent/CompletableFuture", "join", "()Ljava/lang/Object;"),
          call("java/util/concurrent/CountDownLatch", "await", "()V"),
          call("java/util/concurrent/CyclicBarrier", "await", "()I"),
          call("java/util/concurrent/Semaphore", "acquire", "()V"),
          call("java/util/concurrent/Semaphore", "acquire", "(I)V"),
          call("java/util/concurrent/BlockingQueue", "take", "()Ljava/lang/Object;"),
          call("java/util/concurrent/LinkedBlockingQueue", "take", "()Ljava/lang/Object;"),
          call("java/util/concurrent/ArrayBlockingQueue", "take", "()Ljava/lang/Object;"),
          call("java/util/concurrent/SynchronousQueue", "take", "()Ljava/lang/Object;"),
          call("java/util/concurrent/ExecutorService", "close", "()V"),
          call("java/util/concurrent/locks/Condition", "await", "()V"));

  private UnboundedWaits() {}

  /** The class-path root {@code type} was loaded from, e.g. {@code target/test-classes}. */
  public static Path classesOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each unbounded wait in the classes under {@code classes}, as {@code Caller.method: call}. */
  public static List<String> in(Path classes) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        ClassModel model = ClassFile.of().parse(file);
        for (MethodModel method : model.methods()) {
          method
              .code()
              .ifPresent(
                  code ->
                      code.forEach(
                          element -> {
                            if (element instanceof InvokeInstruction call
                                && UNBOUNDED.contains(signature(call))) {
                              found.add(
                                  model.thisClass().asInternalName()
                                      + "."
                                      + method.methodName().stringValue()
                                      + ": "
                                      + signature(call));
                            }
                          }));
        }
      }
    }
    return found;
  }

  private static String signature(InvokeInstruction call) {
    return call(
        call.owner().asInternalName(), call.name().stringValue(), call.type().stringValue());
  }

  private static String call(String owner, String name, String descriptor) {
    return owner + "." + name + descriptor;
  }
}
