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
 * Finds calls that wait on a process or a thread without a bound, such as {@code
 * Process.waitFor()}, in compiled test classes: a regression behind one of them hangs the build
 * instead of failing a test. Read from the class files, so a call is matched by its exact owner and
 * signature: {@code waitFor()} is found, {@code waitFor(long, TimeUnit)} is not.
 */
public final class UnboundedWaits {
  /** Owner, name and descriptor of each call that blocks with no time limit. */
  private static final Set<String> UNBOUNDED =
      Set.of(
          "java/lang/Process.waitFor()I",
          "java/lang/Thread.join()V",
          "java/lang/Object.wait()V",
          "java/util/concurrent/Future.get()Ljava/lang/Object;",
          "java/util/concurrent/FutureTask.get()Ljava/lang/Object;",
          "java/util/concurrent/CompletableFuture.get()Ljava/lang/Object;",
          "java/util/concurrent/CompletableFuture.join()Ljava/lang/Object;",
          "java/util/concurrent/CountDownLatch.await()V",
          "java/util/concurrent/CyclicBarrier.await()I",
          "java/util/concurrent/Semaphore.acquire()V",
          "java/util/concurrent/Semaphore.acquire(I)V",
          "java/util/concurrent/BlockingQueue.take()Ljava/lang/Object;",
          "java/util/concurrent/LinkedBlockingQueue.take()Ljava/lang/Object;",
          "java/util/concurrent/ArrayBlockingQueue.take()Ljava/lang/Object;",
          "java/util/concurrent/SynchronousQueue.take()Ljava/lang/Object;",
          "java/util/concurrent/ExecutorService.close()V",
          "java/util/concurrent/locks/Condition.await()V");

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
    return call.owner().asInternalName() + "." + call.name() + call.type();
  }
}
