package org.reposearcheval.evals;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests' own waits: each has a bound, so a regression fails a test instead of hanging CI. */
class TestWaitsTest {
  private static final ClassDesc PROCESS = ClassDesc.of("java.lang.Process");
  private static final ClassDesc TIME_UNIT = ClassDesc.of("java.util.concurrent.TimeUnit");
  private static final ClassDesc SCHEDULED_FUTURE =
      ClassDesc.of("java.util.concurrent.ScheduledFuture");
  private static final ClassDesc THREAD = ClassDesc.of("java.lang.Thread");
  private static final ClassDesc INPUT_STREAM = ClassDesc.of("java.io.InputStream");

  @TempDir Path dir;

  @Test
  void noTestWaitsOnAProcessOrAThreadWithoutABound() throws Exception {
    assertEquals(List.of(), UnboundedWaits.in(UnboundedWaits.classesOf(TestWaitsTest.class)));
  }

  /**
   * A class written here, byte by byte, so that no test source holds an unbounded wait. Each {@code
   * unbounded…} method waits with no limit in one of the ways the scan must see — on a process,
   * through a subtype of a listed type, with a zero limit that means forever, by reading a
   * process's pipe to its end — and each {@code bounded…} one waits the same way with a limit. The
   * scan must name every first kind and none of the second.
   */
  @Test
  void theScanFindsEachKindOfUnboundedWaitAndPassesTheBoundedOnes() throws Exception {
    byte[] sample =
        sample(
            method(
                PROCESS,
                "unbounded",
                code -> code.invokevirtual(PROCESS, "waitFor", of(CD_int)).pop()),
            method(
                PROCESS,
                "bounded",
                code ->
                    oneSecond(code).invokevirtual(PROCESS, "waitFor", of(CD_boolean, LIMIT)).pop()),
            method(
                SCHEDULED_FUTURE,
                "unboundedThroughASubtype",
                code -> code.invokeinterface(SCHEDULED_FUTURE, "get", of(CD_Object)).pop()),
            method(
                SCHEDULED_FUTURE,
                "boundedThroughASubtype",
                code ->
                    oneSecond(code)
                        .invokeinterface(SCHEDULED_FUTURE, "get", of(CD_Object, LIMIT))
                        .pop()),
            method(
                THREAD,
                "unboundedJoinZero",
                code -> code.lconst_0().invokevirtual(THREAD, "join", of(CD_void, CD_long))),
            method(
                THREAD,
                "boundedJoin",
                code -> code.ldc(1000L).invokevirtual(THREAD, "join", of(CD_void, CD_long))),
            method(
                PROCESS,
                "unboundedPipeToItsEnd",
                code ->
                    code.invokevirtual(PROCESS, "getInputStream", of(INPUT_STREAM))
                        .invokevirtual(INPUT_STREAM, "readAllBytes", of(CD_byte.arrayType()))
                        .pop()),
            method(
                PROCESS,
                "boundedPipeRead",
                code ->
                    code.invokevirtual(PROCESS, "getInputStream", of(INPUT_STREAM))
                        .invokevirtual(INPUT_STREAM, "available", of(CD_int))
                        .pop()));
    Files.write(dir.resolve("Sample.class"), sample);

    assertEquals(
        List.of(
            "Sample.unbounded: java/lang/Process." + "waitFor()I",
            "Sample.unboundedThroughASubtype: java/util/concurrent/ScheduledFuture."
                + "get()Ljava/lang/Object;",
            "Sample.unboundedJoinZero: java/lang/Thread." + "join(J)V",
            "Sample.unboundedPipeToItsEnd: java/io/InputStream." + "readAllBytes()[B"),
        UnboundedWaits.in(dir));
  }

  /** A static method {@code name(param)} that loads its argument, runs {@code call} and returns. */
  private record Method(ClassDesc param, String name, Consumer<CodeBuilder> call) {}

  private static Method method(ClassDesc param, String name, Consumer<CodeBuilder> call) {
    return new Method(param, name, call);
  }

  private static MethodTypeDesc of(ClassDesc result, ClassDesc... params) {
    return MethodTypeDesc.of(result, params);
  }

  /** The parameters of a wait with a limit: {@code (long, TimeUnit)}. */
  private static final ClassDesc[] LIMIT = {CD_long, TIME_UNIT};

  /** Pushes the limit {@code 1, TimeUnit.SECONDS}. */
  private static CodeBuilder oneSecond(CodeBuilder code) {
    return code.lconst_1().getstatic(TIME_UNIT, "SECONDS", TIME_UNIT);
  }

  /** The bytes of a class {@code Sample} holding {@code methods}. */
  private static byte[] sample(Method... methods) {
    return ClassFile.of()
        .build(
            ClassDesc.of("Sample"),
            type -> {
              for (Method m : methods) {
                type.withMethodBody(
                    m.name(),
                    MethodTypeDesc.of(CD_void, m.param()),
                    ClassFile.ACC_STATIC,
                    code -> {
                      code.aload(0);
                      m.call().accept(code);
                      code.return_();
                    });
              }
            });
  }
}
