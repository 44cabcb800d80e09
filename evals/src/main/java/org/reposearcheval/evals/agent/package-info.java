/**
 * Everything that knows an agent CLI exists: Claude Code's flags and stream-json, the process and
 * its whole tree, private config directories and the login carried back, the read-only workspace,
 * and the verdict of one run. {@code ClaudeCodeSolver} is the {@code Solver} the scheduler calls.
 * Other agents go beside it.
 *
 * <p>May use {@code run}, {@code suite}, {@code score} (the scorer) and {@code util}; never {@code
 * report}.
 */
package org.reposearcheval.evals.agent;
