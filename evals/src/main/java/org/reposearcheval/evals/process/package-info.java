/**
 * How an agent process starts, is waited for, bounded and killed with its whole tree: {@code
 * AgentProcess} (one run of a command: stdin, transcript, stderr, limits), {@code Spawn} (which way
 * it starts: glibc's {@code posix_spawnp} through the Foreign Function API, or {@link
 * java.lang.ProcessBuilder}), {@code Reaper} (one thread waiting for every spawned process through
 * its pidfd), {@code AgentWatch} (timeout, output limit, cancel), {@code OutputBounds}, {@code
 * ProcessTree} (the tree and the run marker), {@code MarkedProcesses} (processes started by others
 * for the harness, found and stopped by their marker), {@code Ending} (how it ended). Knows no
 * agent CLI.
 *
 * <p>The only package that touches {@code java.lang.foreign}. May use {@code util}; nothing else of
 * ours.
 */
package org.reposearcheval.evals.process;
