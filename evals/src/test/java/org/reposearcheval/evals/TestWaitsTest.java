package org.reposearcheval.evals;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        ClassFile.of()
            .build(
                ClassDesc.of("Sample"),
                type ->
                    type.withMethodBody(
                            "unbounded",
                            MethodTypeDesc.of(CD_void, PROCESS),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .invokevirtual(PROCESS, "waitFor", MethodTypeDesc.of(CD_int))
                                    .pop()
                                    .return_())
                        .withMethodBody(
                            "bounded",
                            MethodTypeDesc.of(CD_void, PROCESS),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .lconst_1()
                                    .getstatic(TIME_UNIT, "SECONDS", TIME_UNIT)
                                    .invokevirtual(
                                        PROCESS,
                                        "waitFor",
                                        MethodTypeDesc.of(CD_boolean, CD_long, TIME_UNIT))
                                    .pop()
                                    .return_())
                        .withMethodBody(
                            "unboundedThroughASubtype",
                            MethodTypeDesc.of(CD_void, SCHEDULED_FUTURE),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .invokeinterface(
                                        SCHEDULED_FUTURE, "get", MethodTypeDesc.of(CD_Object))
                                    .pop()
                                    .return_())
                        .withMethodBody(
                            "boundedThroughASubtype",
                            MethodTypeDesc.of(CD_void, SCHEDULED_FUTURE),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .lconst_1()
                                    .getstatic(TIME_UNIT, "SECONDS", TIME_UNIT)
                                    .invokeinterface(
                                        SCHEDULED_FUTURE,
                                        "get",
                                        MethodTypeDesc.of(CD_Object, CD_long, TIME_UNIT))
                                    .pop()
                                    .return_())
                        .withMethodBody(
                            "unboundedJoinZero",
                            MethodTypeDesc.of(CD_void, THREAD),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .lconst_0()
                                    .invokevirtual(
                                        THREAD, "join", MethodTypeDesc.of(CD_void, CD_long))
                                    .return_())
                        .withMethodBody(
                            "boundedJoin",
                            MethodTypeDesc.of(CD_void, THREAD),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .ldc(1000L)
                                    .invokevirtual(
                                        THREAD, "join", MethodTypeDesc.of(CD_void, CD_long))
                                    .return_())
                        .withMethodBody(
                            "unboundedPipeToItsEnd",
                            MethodTypeDesc.of(CD_void, PROCESS),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .invokevirtual(
                                        PROCESS, "getInputStream", MethodTypeDesc.of(INPUT_STREAM))
                                    .invokevirtual(
                                        INPUT_STREAM,
                                        "readAllBytes",
                                        MethodTypeDesc.of(CD_byte.arrayType()))
                                    .pop()
                                    .return_())
                        .withMethodBody(
                            "boundedPipeRead",
                            MethodTypeDesc.of(CD_void, PROCESS),
                            ClassFile.ACC_STATIC,
                            code ->
                                code.aload(0)
                                    .invokevirtual(
                                        PROCESS, "getInputStream", MethodTypeDesc.of(INPUT_STREAM))
                                    .invokevirtual(
                                        INPUT_STREAM, "available", MethodTypeDesc.of(CD_int))
                                    .pop()
                                    .return_()));
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
}
