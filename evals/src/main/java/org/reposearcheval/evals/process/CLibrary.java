package org.reposearcheval.evals.process;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The C library's calls bound through the Foreign Function API, for the two places that need them
 * on Linux ({@link FileWriters}, {@link Spawn}); each binds what it calls on a thread of its own,
 * and works without them elsewhere.
 */
final class CLibrary {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup C = LINKER.defaultLookup();

  /** Keeps the call's {@code errno} in a segment passed first: see {@link #errno}. */
  static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

  private CLibrary() {}

  static boolean linux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  /** {@code name} bound as {@code descriptor} says; throws when the library has no such call. */
  static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    return LINKER.downcallHandle(C.find(name).orElseThrow(), descriptor, options);
  }

  /** Reads {@code errno} from the segment a call bound with {@link #ERRNO} filled. */
  static VarHandle errno() {
    return Linker.Option.captureStateLayout()
        .varHandle(MemoryLayout.PathElement.groupElement("errno"));
  }

  /** The size of that segment. */
  static long errnoSize() {
    return Linker.Option.captureStateLayout().byteSize();
  }
}
