package org.reposearcheval.evals;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds calls that wait on a process or a thread without a bound in compiled test classes: a
 * regression behind one of them hangs the build instead of failing a test. Read from the class
 * files, so a call is matched by its method and descriptor, whatever type the call names:
 *
 * <ul>
 *   <li>a wait with no time limit on a listed type or any subtype of it (a process's wait for its
 *       exit, a thread's join, a future's get, a queue's take, …);
 *   <li>a wait whose limit is the constant zero where zero means forever ({@code Thread.join(0)},
 *       {@code Object.wait(0)});
 *   <li>reading a process's output or error pipe to its end (all its bytes, a transfer, its lines):
 *       that ends only when every process holding the pipe has closed it, grandchildren included.
 * </ul>
 */
public final class UnboundedWaits {
  /**
   * Each call that blocks with no time limit: method name and type descriptor, to the types that
   * declare it blocking. Kept as strings so no source line here reads like such a call.
   */
  private static final Map<String, Set<String>> UNBOUNDED =
      Map.ofEntries(
          Map.entry("waitFor()I", Set.of("java.lang.Process")),
          Map.entry("join()V", Set.of("java.lang.Thread")),
          Map.entry("wait()V", Set.of("java.lang.Object")),
          Map.entry(
              "get()Ljava/lang/Object;",
              Set.of("java.util.concurrent.Future", "java.util.concurrent.CompletableFuture")),
          Map.entry(
              "join()Ljava/lang/Object;",
              Set.of(
                  "java.util.concurrent.CompletableFuture", "java.util.concurrent.ForkJoinTask")),
          Map.entry(
              "await()V",
              Set.of(
                  "java.util.concurrent.CountDownLatch", "java.util.concurrent.locks.Condition")),
          Map.entry("await()I", Set.of("java.util.concurrent.CyclicBarrier")),
          Map.entry("acquire()V", Set.of("java.util.concurrent.Semaphore")),
          Map.entry("acquire(I)V", Set.of("java.util.concurrent.Semaphore")),
          Map.entry("take()Ljava/lang/Object;", Set.of("java.util.concurrent.BlockingQueue")),
          Map.entry("close()V", Set.of("java.util.concurrent.ExecutorService")));

  /** Calls whose zero limit means "forever": the wait is unbounded when the limit is {@code 0L}. */
  private static final Map<String, Set<String>> ZERO_IS_FOREVER =
      Map.of(
          "join(J)V", Set.of("java.lang.Thread"),
          "wait(J)V", Set.of("java.lang.Object"));

  /** The calls that hand out a process's pipes. */
  private static final Set<String> PIPES =
      Set.of(
          "getInputStream()Ljava/io/InputStream;",
          "getErrorStream()Ljava/io/InputStream;",
          "inputReader()Ljava/io/BufferedReader;",
          "errorReader()Ljava/io/BufferedReader;");

  /** The calls that read what they are given to its end. */
  private static final Map<String, Set<String>> TO_THE_END =
      Map.of(
          "readAllBytes()[B", Set.of("java.io.InputStream"),
          "transferTo(Ljava/io/OutputStream;)J", Set.of("java.io.InputStream"),
          "transferTo(Ljava/io/Writer;)J", Set.of("java.io.Reader"),
          "lines()Ljava/util/stream/Stream;", Set.of("java.io.BufferedReader"),
          "readAllLines()Ljava/util/List;", Set.of("java.io.Reader"));

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
          String where =
              model.thisClass().asInternalName() + "." + method.methodName().stringValue() + ": ";
          method.code().ifPresent(code -> found.addAll(scan(where, code.elementList())));
        }
      }
    }
    return found;
  }

  private static List<String> scan(String where, List<CodeElement> code) {
    List<String> found = new ArrayList<>();
    Instruction previous = null;
    boolean pipeOpen = false;
    for (CodeElement element : code) {
      if (!(element instanceof Instruction instruction)) {
        continue;
      }
      if (instruction instanceof InvokeInstruction call) {
        String method = call.name().stringValue() + call.type().stringValue();
        String owner = call.owner().asInternalName().replace('/', '.');
        if (declaredBy(UNBOUNDED, method, owner)
            || (declaredBy(ZERO_IS_FOREVER, method, owner) && isZero(previous))
            || (pipeOpen && declaredBy(TO_THE_END, method, owner))) {
          found.add(where + call.owner().asInternalName() + "." + method);
        }
        if (PIPES.contains(method) && isA(owner, "java.lang.Process")) {
          pipeOpen = true;
        } else if (!isPlumbing(owner)) {
          pipeOpen = false;
        }
      }
      previous = instruction;
    }
    return found;
  }

  /** Wrapping a pipe in a reader or a buffer keeps it the pipe, read to its end just the same. */
  private static boolean isPlumbing(String owner) {
    return owner.startsWith("java.io.") && (owner.endsWith("Reader") || owner.endsWith("Stream"));
  }

  private static boolean declaredBy(Map<String, Set<String>> calls, String method, String owner) {
    Set<String> types = calls.get(method);
    return types != null && types.stream().anyMatch(type -> isA(owner, type));
  }

  private static boolean isZero(Instruction instruction) {
    return instruction != null
        && (instruction.opcode() == Opcode.LCONST_0
            || (instruction instanceof ConstantInstruction constant
                && constant.constantValue() instanceof Long value
                && value == 0L));
  }

  /**
   * Whether {@code owner} is {@code type} or a subtype of it; a type that cannot be loaded here
   * counts only when named exactly.
   */
  private static boolean isA(String owner, String type) {
    if (owner.equals(type)) {
      return true;
    }
    try {
      ClassLoader loader = UnboundedWaits.class.getClassLoader();
      return Class.forName(type, false, loader)
          .isAssignableFrom(Class.forName(owner, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
