package org.reposearcheval.evals;

import static java.lang.constant.ConstantDescs.CD_boolean;
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

  @TempDir Path dir;

  @Test
  void noTestWaitsOnAProcessOrAThreadWithoutABound() throws Exception {
    assertEquals(List.of(), UnboundedWaits.in(UnboundedWaits.classesOf(TestWaitsTest.class)));
  }

  /**
   * A class written here, byte by byte, so that no test source holds an unbounded wait: {@code
   * unbounded} waits on a process with no limit, {@code bounded} with one second. The scan must
   * name the first and pass the second.
   */
  @Test
  void theScanFindsAnUnboundedWaitAndPassesABoundedOne() throws Exception {
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
                                    .return_()));
    Files.write(dir.resolve("Sample.class"), sample);

    String unbounded =
        "java/lang/Process." + "waitFor" + MethodTypeDesc.of(CD_int).descriptorString();
    assertEquals(List.of("Sample.unbounded: " + unbounded), UnboundedWaits.in(dir));
  }
}
